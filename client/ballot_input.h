// Turning command-line choices into a Ballot: `--choose QUESTION=C1,C2`,
// `--write-in QUESTION=NAME`. The server validates again; this only parses.
#ifndef GONGXIN_CLIENT_BALLOT_INPUT_H_
#define GONGXIN_CLIENT_BALLOT_INPUT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gongxin/v1/meeting.pb.h"

namespace gongxin::client {

// BuildBallot returns INVALID_ARGUMENT naming the flag value that is not of
// the form QUESTION=VALUE. Questions not mentioned are left blank (弃权).
absl::StatusOr<v1::Ballot> BuildBallot(const std::string& form_id,
                                       const std::vector<std::string>& choose,
                                       const std::vector<std::string>& write_ins);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_BALLOT_INPUT_H_
