// Paper ballots (纸质票) of one form, one A4 page each, to print for a
// meeting held on paper or beside the kiosks: the form's questions and
// candidates as the kiosk shows them, with boxes to mark. A named form's
// ballot carries its voter's printed name (将参与推荐人员的姓名印制在民主推荐票
// 上); an anonymous form's ballots are identical and carry no name — the
// renderer refuses names for them. One self-contained HTML file, no script.
#ifndef GONGXIN_REPORT_PAPER_BALLOTS_H_
#define GONGXIN_REPORT_PAPER_BALLOTS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gongxin/v1/meeting.pb.h"
#include "report/messages.h"

namespace gongxin::report {

struct PaperBallots {
  std::string meeting_title;
  std::string meeting_id;
  v1::Form form;
  // Named form: one ballot per name, in this order. Anonymous form: empty.
  std::vector<std::string> voter_names;
  // Anonymous form: how many identical ballots. Named form: 0.
  int count = 0;
  // 核验码 of the meeting's paper ballots, printed on each (the same on all;
  // ledger/verification_code.h); empty: none.
  std::string verification_code;
};

inline constexpr int kMaxPaperBallots = 5000;

// RenderPaperBallotsHtml returns the HTML document in `m`'s language.
// INVALID_ARGUMENT for names on an anonymous form's ballots (a printed name
// would tie a ballot to its voter), a count on a named form, no ballots, or
// more than kMaxPaperBallots.
absl::StatusOr<std::string> RenderPaperBallotsHtml(const PaperBallots& ballots,
                                                   const Messages& m);

}  // namespace gongxin::report

#endif  // GONGXIN_REPORT_PAPER_BALLOTS_H_
