// Turning command-line answers into ballots: `--choose QUESTION=C1,C2`,
// `--write-in QUESTION=NAME`, `--grade QUESTION=SUBJECT:GRADE[,...]`,
// `--decide QUESTION=CANDIDATE:VOTE[,...]`, `--element
// QUESTION=ELEMENT:CANDIDATE[,...]`, `--tick QUESTION=SUBJECT:ITEM[,ITEM...]`. A
// question may be written FORM:QUESTION when several forms are cast at once.
// The server validates the ballots again; this only parses and routes.
#ifndef GONGXIN_CLIENT_BALLOT_INPUT_H_
#define GONGXIN_CLIENT_BALLOT_INPUT_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gongxin/v1/meeting.pb.h"

namespace gongxin::client {

struct BallotFlags {
  std::vector<std::string> choose;
  std::vector<std::string> write_ins;
  std::vector<std::string> grades;
  // Decision: QUESTION=CANDIDATE:VOTE[,CANDIDATE:VOTE...], VOTE one of
  // agree, disagree, abstain, defer (or 同意, 不同意, 弃权, 缓议).
  std::vector<std::string> decide;
  // Best-per-element: QUESTION=ELEMENT:CANDIDATE[,ELEMENT:CANDIDATE...].
  std::vector<std::string> elements;
  // Checklist: QUESTION=SUBJECT:ITEM[,ITEM...], one subject per value.
  std::vector<std::string> ticks;
};

// BuildBallots builds one ballot per form in `form_ids` (all cast together)
// from the flags. INVALID_ARGUMENT names the flag value that is malformed,
// names a question none of these forms has, or a question several of them
// have without a FORM: prefix. Questions not mentioned are left blank (弃权).
absl::StatusOr<std::map<std::string, v1::Ballot>> BuildBallots(
    const v1::MeetingSpec& spec, const std::vector<std::string>& form_ids,
    const BallotFlags& flags);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_BALLOT_INPUT_H_
