// The kiosk page's screens as HTML: self-contained (inline CSS, inline SVG,
// no script — the Content-Security-Policy forbids scripts and every fetch),
// all words from report/messages.h. What a screen shows comes in; nothing
// here keeps state.
#ifndef GONGXIN_KIOSKPAGE_PAGES_H_
#define GONGXIN_KIOSKPAGE_PAGES_H_

#include <string>
#include <vector>

#include "gongxin/v1/meeting.pb.h"
#include "report/messages.h"

namespace gongxin::kioskpage {

// How the voter has set the screen (reset for each voter).
struct Display {
  int text_size = 1;  // 0..3
  bool contrast = false;
  bool english = false;
  bool phone = false;  // the phone page: its own title, no kiosk words
};

// The Content-Security-Policy every response carries.
inline constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'";

// The staff's screen: the roll (or the matches of `query`) with a check-in
// button per voter not yet served here, or a voter-id box without a roll;
// `suspended` voters whose ballot was cleared after a pause, to resume;
// `message` (a refusal) on top.
std::string StaffPage(const v1::MeetingSpec& spec, const v1::Roll& roll, const std::string& query,
                      const std::vector<v1::Voter>& suspended, const std::string& message,
                      const report::Messages& m);

// After check-in: who was checked in, and the voter's start button.
std::string HandOverPage(const v1::MeetingSpec& spec, const std::string& name,
                         const std::string& group, const report::Messages& m);

// One question of one form, its current answer marked, `message` (why the
// last answer was refused) on top; `idle_seconds` until the inactivity
// warning.
struct QuestionScreen {
  const v1::Form* form = nullptr;
  int form_index = 0;
  int form_count = 0;
  int question_index = 0;
  v1::Answer answer;
  std::string message;
  bool first = false;  // no "back"
};
std::string QuestionPage(const v1::MeetingSpec& spec, const QuestionScreen& screen,
                         const Display& display, int idle_seconds, const report::Messages& m);

// Every question of every form with its answer in words, blank ones
// flagged, a change button per question and the cast button.
struct ReviewLine {
  int form_index;
  int question_index;
  std::string form_title;
  std::string question_title;
  std::string summary;  // "" when blank
};
std::string ReviewPage(const v1::MeetingSpec& spec, const std::vector<ReviewLine>& lines,
                       const std::string& message, const Display& display, int idle_seconds,
                       const report::Messages& m);

// The receipt codes (one per form) with a QR code each, and the finish
// button; refreshes to the staff screen after `idle_seconds`.
struct ReceiptLine {
  std::string form_title;
  std::string code;
  std::string qr_svg;
};
std::string DonePage(const v1::MeetingSpec& spec, const std::vector<ReceiptLine>& receipts,
                     const Display& display, int idle_seconds, const report::Messages& m);

// The phone page's first screen: the slip code to type (when the QR code
// could not be read, or a refusal of the slip), `message` on top.
std::string SlipEntryPage(const v1::MeetingSpec& spec, const std::string& message,
                          const Display& display, const report::Messages& m);
// The phone page once the voter finished: the slip is used up.
std::string PhoneDonePage(const v1::MeetingSpec& spec, const Display& display,
                          const report::Messages& m);

// The inactivity warning: continue, or after `reset_seconds` the ballot is
// cleared.
std::string IdlePage(const v1::MeetingSpec& spec, const Display& display, int reset_seconds,
                     const report::Messages& m);

}  // namespace gongxin::kioskpage

#endif  // GONGXIN_KIOSKPAGE_PAGES_H_
