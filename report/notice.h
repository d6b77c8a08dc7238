// The 任前公示 (pre-appointment notice) and its 再公示 (the notice's outcome
// published again, 000: "将任前公示结果进行再公示"), as printable HTML like
// the announcement: Chinese by default, English on request, each tied to
// the notice's ledger entry and the signed head.
#ifndef GONGXIN_REPORT_NOTICE_H_
#define GONGXIN_REPORT_NOTICE_H_

#include <string>

#include "absl/status/statusor.h"
#include "gongxin/v1/meeting.pb.h"
#include "report/result_report.h"
#include "tally/selection_records.h"

namespace gongxin::report {

struct NoticeInput {
  std::string meeting_id;
  v1::MeetingSpec spec;
  tally::SelectionRecords records;  // replayed from the meeting's export
  std::string notice_entry_hash;    // ledger::EntryHash of the notice entry, raw
  // The document's 核验码 (ledger/verification_code.h: kNotice for the
  // notice, kNoticeResults for the 再公示); empty prints none.
  std::string verification_code;
  LedgerTie tie;                    // the signed head when the paper was made
  std::string locale = "zh-CN";
  int64_t now = 0;                  // unix seconds: is the period over?
};

// RenderNoticeHtml: the notice — period, where published, and per person
// the current and the proposed post. FAILED_PRECONDITION when the ledger
// holds no notice.
absl::StatusOr<std::string> RenderNoticeHtml(const NoticeInput& input);

// RenderNoticeResultsHtml: the 再公示 — the notice's facts, a summary of
// the outcomes (appointed, deferred, disqualified, not yet decided) and per
// person the outcome and its reason. FAILED_PRECONDITION without a notice;
// while the period runs the page says it is not the outcome.
absl::StatusOr<std::string> RenderNoticeResultsHtml(const NoticeInput& input);

}  // namespace gongxin::report

#endif  // GONGXIN_REPORT_NOTICE_H_
