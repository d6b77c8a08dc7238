#include "client/named_ballots.h"

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ledger/export.h"
#include "ledger/format.h"
#include "util/status_macros.h"

namespace gongxin::client {

absl::StatusOr<std::vector<report::NamedBallot>> NamedBallotsFromExport(std::istream& in) {
  ledger::ExportReader reader(&in);
  RETURN_IF_ERROR(reader.ReadMagic());
  std::string meeting_id;
  v1::Roll roll;
  std::vector<v1::VoterOpening> openings;
  std::vector<v1::BallotCast> casts;
  absl::flat_hash_map<uint64_t, v1::BallotCast> paper_entered;  // by seq
  v1::ExportRecord record;
  while (true) {
    ASSIGN_OR_RETURN(bool more, reader.Next(&record));
    if (!more) break;
    switch (record.record_case()) {
      case v1::ExportRecord::kHeader:
        if (record.header().openings_omitted()) {
          return absl::FailedPreconditionError(
              "the export is public (no voter openings), so it cannot show who chose what; the "
              "full variant needs a full export (admin role)");
        }
        meeting_id = record.header().meeting_id();
        break;
      case v1::ExportRecord::kRoll:
        if (!roll.ParseFromString(record.roll())) {
          return absl::DataLossError("export: the roll record does not parse");
        }
        break;
      case v1::ExportRecord::kOpening:
        openings.push_back(record.opening());
        break;
      case v1::ExportRecord::kEntry: {
        v1::Entry entry;
        if (!entry.ParseFromString(record.entry())) {
          return absl::DataLossError(
              absl::StrCat("export: record ", reader.records_read(), " is not an entry"));
        }
        if (entry.has_ballot_cast()) casts.push_back(entry.ballot_cast());
        // A named paper slip names its voter too; it counts (and is shown)
        // only once a second officer confirmed it.
        if (entry.has_paper_ballot_entered() &&
            !entry.paper_ballot_entered().voter_commitment().empty()) {
          v1::BallotCast& paper = paper_entered[entry.seq()];
          paper.set_voter_commitment(entry.paper_ballot_entered().voter_commitment());
          *paper.mutable_ballot() = entry.paper_ballot_entered().ballot();
        }
        if (entry.has_paper_ballot_confirmed()) {
          auto it = paper_entered.find(entry.paper_ballot_confirmed().entered_seq());
          if (it != paper_entered.end()) casts.push_back(it->second);
        }
        break;
      }
      default:
        break;
    }
  }
  absl::flat_hash_map<std::string, const v1::Voter*> by_id;
  for (const v1::Voter& v : roll.voters()) by_id[v.id()] = &v;
  absl::flat_hash_map<std::string, const v1::Voter*> by_commitment;
  for (const v1::VoterOpening& o : openings) {
    auto it = by_id.find(o.voter_id());
    if (it == by_id.end()) {
      return absl::DataLossError(
          absl::StrCat("export: an opening names voter \"", o.voter_id(), "\", not on the roll"));
    }
    by_commitment[ledger::VoterCommitment(meeting_id, o.voter_id(), o.salt())] = it->second;
  }
  std::vector<report::NamedBallot> ballots;
  for (const v1::BallotCast& cast : casts) {
    auto it = by_commitment.find(cast.voter_commitment());
    if (it == by_commitment.end()) {
      return absl::DataLossError(
          absl::StrCat("export: a named ballot on form \"", cast.ballot().form_id(),
                       "\" has a voter commitment no opening opens"));
    }
    ballots.push_back(report::NamedBallot{it->second->id(), it->second->name(),
                                          it->second->group(), cast.ballot()});
  }
  return ballots;
}

}  // namespace gongxin::client
