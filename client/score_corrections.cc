// Approved score corrections and inspectors' scores in effect, read from
// the ledger entries of an export.
#include "client/score_corrections.h"

#include <map>
#include <string>
#include <tuple>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/functional/function_ref.h"
#include "ledger/export.h"
#include "tally/composite.h"
#include "util/status_macros.h"

namespace gongxin::client {

namespace {

// Calls `fn` with each ledger entry of the export, in order.
absl::Status ForEachEntry(std::istream& in,
                          absl::FunctionRef<absl::Status(const v1::Entry&)> fn) {
  ledger::ExportReader reader(&in);
  RETURN_IF_ERROR(reader.ReadMagic());
  v1::ExportRecord record;
  while (true) {
    ASSIGN_OR_RETURN(bool more, reader.Next(&record));
    if (!more) return absl::OkStatus();
    if (!record.has_entry()) continue;
    v1::Entry entry;
    if (!entry.ParseFromString(record.entry())) {
      return absl::DataLossError(
          absl::StrCat("export: record ", reader.records_read(), " is not an entry"));
    }
    RETURN_IF_ERROR(fn(entry));
  }
}

}  // namespace

absl::StatusOr<std::vector<report::InspectorScore>> InspectorScoresFromExport(
    std::istream& in, const v1::MeetingSpec& spec) {
  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  std::map<Key, report::InspectorScore> in_effect;
  std::map<uint64_t, report::InspectorScore> proposals;
  auto by_panel = [&](const std::string& rule_id) {
    const v1::CompositeRule* rule = tally::FindCompositeRule(spec, rule_id);
    return rule != nullptr && rule->by_panel();
  };
  RETURN_IF_ERROR(ForEachEntry(in, [&](const v1::Entry& entry) -> absl::Status {
    if (entry.has_officer_score_entered()) {
      const v1::OfficerScoreEntered& e = entry.officer_score_entered();
      if (!by_panel(e.rule_id())) return absl::OkStatus();
      in_effect[{e.rule_id(), e.candidate_id(), e.indicator_id(), e.officer()}] =
          {e.rule_id(), e.candidate_id(), e.indicator_id(), e.officer(), e.value(), entry.seq()};
    } else if (entry.has_score_correction_proposed()) {
      const v1::ScoreCorrectionProposed& p = entry.score_correction_proposed();
      if (p.inspector().empty()) return absl::OkStatus();
      proposals[entry.seq()] = {p.rule_id(),   p.candidate_id(), p.indicator_id(),
                                p.inspector(), p.value(),        entry.seq()};
    } else if (entry.has_score_correction_approved()) {
      auto it = proposals.find(entry.score_correction_approved().proposal_seq());
      if (it == proposals.end()) return absl::OkStatus();
      const report::InspectorScore& s = it->second;
      in_effect[{s.rule_id, s.candidate_id, s.indicator_id, s.inspector}] = s;
    }
    return absl::OkStatus();
  }));
  std::vector<report::InspectorScore> out;
  for (auto& [key, score] : in_effect) out.push_back(std::move(score));
  return out;
}

absl::StatusOr<std::vector<report::ScoreCorrection>> CorrectionsFromExport(std::istream& in) {
  // Values of the entries a correction may supersede, by seq.
  std::map<uint64_t, std::string> values;
  std::map<uint64_t, report::ScoreCorrection> proposals;
  RETURN_IF_ERROR(ForEachEntry(in, [&](const v1::Entry& entry) -> absl::Status {
    if (entry.has_officer_score_entered()) {
      values[entry.seq()] = entry.officer_score_entered().value();
    } else if (entry.has_score_correction_proposed()) {
      const v1::ScoreCorrectionProposed& p = entry.score_correction_proposed();
      values[entry.seq()] = p.value();
      report::ScoreCorrection& c = proposals[entry.seq()];
      c.rule_id = p.rule_id();
      c.candidate_id = p.candidate_id();
      c.indicator_id = p.indicator_id();
      c.inspector = p.inspector();
      auto old = values.find(p.superseded_seq());
      c.old_value = old == values.end() ? "" : old->second;
      c.new_value = p.value();
      c.reason = p.reason();
      c.proposer = p.officer();
      c.proposal_seq = entry.seq();
    } else if (entry.has_score_correction_approved()) {
      const v1::ScoreCorrectionApproved& a = entry.score_correction_approved();
      auto it = proposals.find(a.proposal_seq());
      if (it == proposals.end()) {
        return absl::DataLossError(absl::StrCat("export: entry ", entry.seq(),
                                                " approves entry ", a.proposal_seq(),
                                                ", which is no correction proposal"));
      }
      it->second.approver = a.officer();
      it->second.approval_seq = entry.seq();
    }
    return absl::OkStatus();
  }));
  std::vector<report::ScoreCorrection> out;
  for (const auto& [seq, c] : proposals) {
    if (!c.approver.empty()) out.push_back(c);
  }
  return out;
}

}  // namespace gongxin::client
