#include "tests/e2e/failover_history.h"

#include <fstream>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "crypto/encoding.h"
#include "gongxin/v1/ledger.pb.h"
#include "grpcpp/support/status.h"
#include "ledger/export.h"
#include "ledger/format.h"

namespace gongxin::testing {

std::string FormatAttempt(const FailoverAttempt& a) {
  std::string line = absl::StrFormat(
      "%10.3f ms (sent %10.3f) kiosk %2d voter %s %-7s replica %d code %d", a.at_us / 1000.0,
      a.sent_us / 1000.0, a.kiosk, a.voter, a.op == FailoverOp::kCast ? "cast" : "checkin",
      a.replica, a.code);
  if (!a.ballot_key.empty()) absl::StrAppend(&line, " key ", a.ballot_key.substr(0, 16));
  if (!a.entry_hash.empty()) {
    absl::StrAppend(&line, " seq ", a.seq, " entry ", a.entry_hash.substr(0, 16));
  }
  if (!a.message.empty()) absl::StrAppend(&line, " \"", a.message, "\"");
  return line;
}

bool IsIndeterminate(int code) {
  switch (static_cast<grpc::StatusCode>(code)) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::CANCELLED:
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::ABORTED:
    case grpc::StatusCode::INTERNAL:
      return true;
    default:
      return false;
  }
}

absl::StatusOr<ExportBallots> ReadNamedExportBallots(const std::string& export_path,
                                                     const std::string& meeting_id) {
  std::ifstream in(export_path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(export_path, ": cannot be read"));
  ledger::ExportReader reader(&in);
  if (absl::Status s = reader.ReadMagic(); !s.ok()) return s;
  std::map<std::string, std::string> voter_of;  // commitment → voter id
  std::vector<std::pair<std::string, ExportedBallot>> ballots;
  v1::ExportRecord record;
  for (;;) {
    absl::StatusOr<bool> more = reader.Next(&record);
    if (!more.ok()) return more.status();
    if (!*more) break;
    if (record.has_opening()) {
      voter_of[ledger::VoterCommitment(meeting_id, record.opening().voter_id(),
                                       record.opening().salt())] = record.opening().voter_id();
    } else if (record.record_case() == v1::ExportRecord::kEntry) {
      v1::Entry entry;
      if (!entry.ParseFromString(record.entry())) {
        return absl::DataLossError(absl::StrCat("export record ", reader.records_read(),
                                                ": not an entry"));
      }
      if (!entry.has_ballot_cast()) continue;
      ExportedBallot b;
      b.seq = entry.seq();
      b.entry_hash = crypto::HexEncode(ledger::EntryHash(record.entry()));
      ballots.emplace_back(entry.ballot_cast().voter_commitment(), std::move(b));
    }
  }
  ExportBallots out;
  for (auto& [commitment, b] : ballots) {
    auto voter = voter_of.find(commitment);
    if (voter != voter_of.end()) b.voter = voter->second;
    out.by_key[crypto::HexEncode(commitment)].push_back(std::move(b));
    ++out.total;
  }
  return out;
}

namespace {

// The voter's history, one line each, for a problem's report.
std::string VoterLines(const std::vector<const FailoverAttempt*>& attempts) {
  std::string out;
  for (const FailoverAttempt* a : attempts) absl::StrAppend(&out, "\n    ", FormatAttempt(*a));
  return out;
}

bool IsLegitimateCheckInRefusal(const FailoverAttempt& a) {
  // A check-in repeated after the voter's cast landed: nothing left to hand out.
  return a.code == static_cast<int>(grpc::StatusCode::FAILED_PRECONDITION) &&
         a.message.find("has already cast every form") != std::string::npos;
}

}  // namespace

HistoryVerdict CheckFailoverHistory(const std::vector<FailoverAttempt>& history,
                                    const ExportBallots& exported) {
  HistoryVerdict v;
  v.exported = exported.total;
  std::map<std::string, std::vector<const FailoverAttempt*>> by_voter;
  for (const FailoverAttempt& a : history) by_voter[a.voter].push_back(&a);
  std::set<std::string> keys_cast;

  for (const auto& [voter, attempts] : by_voter) {
    auto problem = [&, &voter = voter, &attempts = attempts](const std::string& what) {
      v.problems.push_back(absl::StrCat("voter ", voter, ": ", what, VoterLines(attempts)));
    };
    std::set<std::string> keys;  // every key handed out or cast for this voter
    std::vector<const FailoverAttempt*> acks;
    for (const FailoverAttempt* a : attempts) {
      if (!a->ballot_key.empty()) keys.insert(a->ballot_key);
      if (a->op == FailoverOp::kCast && !a->ballot_key.empty()) keys_cast.insert(a->ballot_key);
      if (a->code == 0 && a->op == FailoverOp::kCast) acks.push_back(a);
      if (IsIndeterminate(a->code)) ++v.indeterminate;
    }
    if (keys.size() > 1) {
      problem(absl::StrCat("holds ", keys.size(),
                           " different ballot keys (checked in twice with different "
                           "commitments)"));
    }
    std::vector<ExportedBallot> in_export;
    for (const std::string& key : keys) {
      auto it = exported.by_key.find(key);
      if (it == exported.by_key.end()) continue;
      for (const ExportedBallot& b : it->second) {
        in_export.push_back(b);
        if (!b.voter.empty() && b.voter != voter) {
          problem(absl::StrCat("the export's ballot at seq ", b.seq, " with this voter's key "
                               "opens to voter ", b.voter));
        }
      }
    }
    if (in_export.size() > 1) {
      std::string seqs;
      for (const ExportedBallot& b : in_export) absl::StrAppend(&seqs, " ", b.seq);
      problem(absl::StrCat("in the export ", in_export.size(), " times (seq", seqs, ")"));
    }
    if (acks.size() > 1) problem(absl::StrCat("acknowledged ", acks.size(), " times"));
    if (!acks.empty()) {
      ++v.acknowledged;
      const FailoverAttempt& ack = *acks.front();
      if (in_export.empty()) {
        problem(absl::StrCat("acknowledged (receipt seq ", ack.seq,
                             ") but not in the export: a lost ballot"));
      } else if (in_export.size() == 1 && (in_export[0].seq != ack.seq ||
                                           in_export[0].entry_hash != ack.entry_hash)) {
        problem(absl::StrCat("the receipt names seq ", ack.seq, " entry ", ack.entry_hash,
                             " but the export has this voter's ballot at seq ",
                             in_export[0].seq, " entry ", in_export[0].entry_hash));
      }
    } else if (!in_export.empty()) {
      ++v.landed_unacknowledged;
    }
    for (const FailoverAttempt* a : attempts) {
      if (a->code == 0 || IsIndeterminate(a->code)) continue;
      if (a->op == FailoverOp::kCast &&
          a->code == static_cast<int>(grpc::StatusCode::ALREADY_EXISTS)) {
        if (in_export.empty()) {
          problem(absl::StrFormat(
              "refused as already voted at %.3f ms, but no ballot of the voter is in the "
              "export",
              a->at_us / 1000.0));
        } else {
          ++v.already_voted;
        }
        continue;
      }
      if (a->op == FailoverOp::kCheckIn && IsLegitimateCheckInRefusal(*a) && !in_export.empty()) {
        continue;
      }
      problem(absl::StrFormat("refused at %.3f ms by replica %d with code %d: %s",
                              a->at_us / 1000.0, a->replica, a->code, a->message));
    }
  }
  // Ballots nobody cast: a key no kiosk sent (or an unknown voter's).
  for (const auto& [key, ballots] : exported.by_key) {
    if (keys_cast.count(key) != 0) continue;
    for (const ExportedBallot& b : ballots) {
      v.problems.push_back(absl::StrCat("voter ", b.voter.empty() ? "(no opening)" : b.voter,
                                        ": a ballot at seq ", b.seq, " with key ",
                                        key.substr(0, 16), " that no kiosk cast"));
    }
  }
  if (v.problems.empty() && v.exported != v.acknowledged + v.landed_unacknowledged) {
    v.problems.push_back(absl::StrCat("the export holds ", v.exported, " ballots, not ",
                                      v.acknowledged, " acknowledged + ",
                                      v.landed_unacknowledged,
                                      " landed without an answer"));
  }
  return v;
}

}  // namespace gongxin::testing
