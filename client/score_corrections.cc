// Approved score corrections, read from the ledger entries of an export.
#include "client/score_corrections.h"

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ledger/export.h"
#include "util/status_macros.h"

namespace gongxin::client {

absl::StatusOr<std::vector<report::ScoreCorrection>> CorrectionsFromExport(std::istream& in) {
  ledger::ExportReader reader(&in);
  RETURN_IF_ERROR(reader.ReadMagic());
  // Values of the entries a correction may supersede, by seq.
  std::map<uint64_t, std::string> values;
  std::map<uint64_t, report::ScoreCorrection> proposals;
  v1::ExportRecord record;
  while (true) {
    ASSIGN_OR_RETURN(bool more, reader.Next(&record));
    if (!more) break;
    if (!record.has_entry()) continue;
    v1::Entry entry;
    if (!entry.ParseFromString(record.entry())) {
      return absl::DataLossError(
          absl::StrCat("export: record ", reader.records_read(), " is not an entry"));
    }
    if (entry.has_officer_score_entered()) {
      values[entry.seq()] = entry.officer_score_entered().value();
    } else if (entry.has_score_correction_proposed()) {
      const v1::ScoreCorrectionProposed& p = entry.score_correction_proposed();
      values[entry.seq()] = p.value();
      report::ScoreCorrection& c = proposals[entry.seq()];
      c.rule_id = p.rule_id();
      c.candidate_id = p.candidate_id();
      c.indicator_id = p.indicator_id();
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
  }
  std::vector<report::ScoreCorrection> out;
  for (const auto& [seq, c] : proposals) {
    if (!c.approver.empty()) out.push_back(c);
  }
  return out;
}

}  // namespace gongxin::client
