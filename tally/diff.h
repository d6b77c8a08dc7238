// Describes the first difference between two protobuf messages of the same
// type, for error messages such as a recorded count that disagrees with the
// recount.
#ifndef GONGXIN_TALLY_DIFF_H_
#define GONGXIN_TALLY_DIFF_H_

#include <optional>
#include <string>

#include "google/protobuf/message.h"

namespace gongxin::tally {

// FirstDifference compares `a` and `b` (same type) as
// MessageDifferencer::Equals does. It returns nullopt when they are equal,
// otherwise the first differing field as "<path> <value in a> != <value in b>",
// e.g. "forms[0].questions[0].candidates[2].votes 7 != 8". A side where the
// field or element is absent shows "(absent)".
std::optional<std::string> FirstDifference(const google::protobuf::Message& a,
                                           const google::protobuf::Message& b);

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_DIFF_H_
