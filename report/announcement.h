// The pre-vote announcement (两公开, before voting): posts and seats,
// candidates, forms and modes, marking instructions, counting rules, voter
// groups with the numbers due, and the genesis entry's hash so the printed
// notice ties to the ledger entry that fixed its content. One self-contained
// printable HTML file, Chinese by default.
#ifndef GONGXIN_REPORT_ANNOUNCEMENT_H_
#define GONGXIN_REPORT_ANNOUNCEMENT_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/strings/string_view.h"
#include "gongxin/v1/meeting.pb.h"
#include "report/result_report.h"

namespace gongxin::report {

struct AnnouncementInput {
  std::string meeting_id;
  v1::MeetingSpec spec;
  v1::MeetingStatus status = v1::MEETING_STATUS_UNSPECIFIED;
  // 应到 per voter group id, from the roll; groups absent count 0.
  std::map<std::string, uint32_t> due_by_group;
  int64_t created_at = 0;       // genesis time, unix seconds (0: not shown)
  std::string genesis_hash;     // ledger::EntryHash of entry 0, raw bytes
  std::string roll_digest;      // from the genesis entry, raw bytes
  LedgerTie tie;                // the signed head when the paper was made
  // 核验码 of this announcement, as printed (ledger::VerificationCode of
  // entry 0, kind "announcement"); empty: none shown.
  std::string verification_code;
  std::string locale = "zh-CN";
  // A sampled survey's groups and draw (MeetingInfo.sample); due_by_group
  // then holds who takes part.
  v1::SampleInfo sample;
};

// RenderAnnouncementHtml returns the HTML document. Dates are shown in
// China Standard Time (UTC+8), the meeting's own calendar day.
std::string RenderAnnouncementHtml(const AnnouncementInput& input);

}  // namespace gongxin::report

#endif  // GONGXIN_REPORT_ANNOUNCEMENT_H_
