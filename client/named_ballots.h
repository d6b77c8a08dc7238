// Who chose what on named forms, read from a full export: each BallotCast
// names its voter only by commitment; the export's openings (voter id and
// salt) open it, and the roll gives the voter's name and group. Only the
// full variant of the result report uses this (admin role); a public export
// has no openings and is refused.
#ifndef GONGXIN_CLIENT_NAMED_BALLOTS_H_
#define GONGXIN_CLIENT_NAMED_BALLOTS_H_

#include <istream>
#include <vector>

#include "absl/status/statusor.h"
#include "report/result_report.h"

namespace gongxin::client {

// NamedBallotsFromExport returns one NamedBallot per BallotCast entry, in
// ledger order. FAILED_PRECONDITION for a public export (no openings);
// DATA_LOSS when a ballot's commitment opens to nobody on the roll or the
// framing is bad. It does not verify signatures: run VerifyExport first.
absl::StatusOr<std::vector<report::NamedBallot>> NamedBallotsFromExport(std::istream& in);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_NAMED_BALLOTS_H_
