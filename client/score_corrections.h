// The approved corrections of officer scores (issue 14) and the
// inspectors' scores in effect (issue 16), read from an export for the full
// variant of the result report.
#ifndef GONGXIN_CLIENT_SCORE_CORRECTIONS_H_
#define GONGXIN_CLIENT_SCORE_CORRECTIONS_H_

#include <istream>
#include <vector>

#include "absl/status/statusor.h"
#include "report/result_report.h"

namespace gongxin::client {

// CorrectionsFromExport returns one ScoreCorrection per approved
// score_correction_proposed entry, in ledger order of the proposals, with
// the value of the entry it superseded; proposals never approved are left
// out (they never took effect). DATA_LOSS for bad framing or an entry that
// does not parse. It trusts the export's rules: run VerifyExport first.
absl::StatusOr<std::vector<report::ScoreCorrection>> CorrectionsFromExport(std::istream& in);

// InspectorScoresFromExport returns each inspector's score in effect for
// the indicators of the by_panel rules of `spec` (entered, or corrected by
// an approved correction that names the inspector), ordered by rule,
// candidate, indicator and inspector. Same errors and trust as above.
absl::StatusOr<std::vector<report::InspectorScore>> InspectorScoresFromExport(
    std::istream& in, const v1::MeetingSpec& spec);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_SCORE_CORRECTIONS_H_
