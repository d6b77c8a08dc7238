// The composite-ranking part of the printed result (rules S-2, S-3, S-9,
// A8): per rule a table of candidates with each component's points, the
// composite, the rank and the flags, then who approved the count. Flags are
// advice; the report says so.
#ifndef GONGXIN_CLIENT_COMPOSITE_FORMAT_H_
#define GONGXIN_CLIENT_COMPOSITE_FORMAT_H_

#include <string>

#include "gongxin/v1/meeting.pb.h"

namespace gongxin::client {

// AppendCompositeReport appends the report of result.composites and
// result.approved_by to `out` (nothing when both are empty), in English
// when `english`, else in Chinese. Exact values are shown rounded to two
// decimals; the JSON output keeps them exact.
void AppendCompositeReport(const v1::TallyResult& result, const v1::MeetingSpec& spec,
                           bool english, std::string* out);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_COMPOSITE_FORMAT_H_
