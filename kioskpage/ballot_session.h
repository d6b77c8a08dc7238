// One voter's ballots while they fill them in: the forms they hold (each
// with its credential or token), the answers so far, the screen they are
// on and how they set it. Memory only — never a file, never a log line —
// and gone when the voter finishes or pauses too long. Shared by the kiosk
// page (one voter at the booth) and the phone page (one per phone).
#ifndef GONGXIN_KIOSKPAGE_BALLOT_SESSION_H_
#define GONGXIN_KIOSKPAGE_BALLOT_SESSION_H_

#include <optional>
#include <string>
#include <vector>

#include "gongxin/v1/ledger.pb.h"
#include "gongxin/v1/meeting.pb.h"
#include "kiosk/kiosk.h"
#include "kioskpage/ballot_fields.h"
#include "kioskpage/pages.h"
#include "report/messages.h"

namespace gongxin::kioskpage {

// One form the voter holds.
struct Slot {
  const v1::Form* form = nullptr;
  std::optional<v1::Credential> credential;
  std::optional<v1::AnonymousToken> token;
  v1::Ballot ballot;
  std::string receipt_code;  // set once cast
};

struct BallotSession {
  v1::Voter who;  // at a kiosk; a phone's voter has no name here
  std::vector<Slot> slots;
  int form = 0;
  int question = 0;
  bool started = false;
  bool done = false;
  std::string message;  // why the last step was refused, shown once
  Display display;

  const report::Messages& Words() const {
    return report::MessagesFor(display.english ? "en" : "zh-CN");
  }

  // The slots of `spec`'s forms among `form_ids`, in spec order.
  void AddSlots(const v1::MeetingSpec& spec, const std::vector<std::string>& form_ids);
  // Puts each credential and token in its form's slot.
  void Fill(const kiosk::CheckInResult& issued);

  // The screen the voter is on: a question, the review, or the receipts.
  std::string Screen(const v1::MeetingSpec& spec, int idle_seconds);
  // The answer to the current question from posted fields; a refused one
  // is kept (for the voter to correct) with its reason; otherwise moves as
  // `go` says (back, review, or on).
  void Answer(const Fields& fields, const std::string& go);
  void Goto(int form, int question);
  // Whether every answer may be cast; if not, moves to the first refused
  // one with its reason.
  bool ReadyToCast();
  // Casts every form not yet cast, stopping at the first refusal (which
  // the review screen shows; the forms cast so far stay cast).
  void Cast(kiosk::Kiosk& kiosk);
  // The voter's display controls, from posted fields.
  void SetDisplay(const Fields& fields);
  // Clears every answer and the display (forms already cast stay cast).
  void ClearAnswers(bool english);

 private:
  void Advance(int step);
  std::string Review(const v1::MeetingSpec& spec, int idle_seconds);
};

// The voter's words for a refused cast: the server out of reach (answers
// kept, press again), already cast, voting closed; otherwise the rules'
// reason as the server gave it.
std::string CastRefusalWords(const absl::Status& status, const report::Messages& m);

}  // namespace gongxin::kioskpage

#endif  // GONGXIN_KIOSKPAGE_BALLOT_SESSION_H_
