#include "kioskpage/ballot_session.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/substitute.h"
#include "kiosk/receipt_code.h"
#include "kioskpage/qr_svg.h"

namespace gongxin::kioskpage {
namespace {

const v1::Answer* FindAnswer(const v1::Ballot& ballot, const std::string& question_id) {
  for (const v1::Answer& a : ballot.answers()) {
    if (a.question_id() == question_id) return &a;
  }
  return nullptr;
}

void SetAnswer(v1::Ballot* ballot, const v1::Answer& answer) {
  for (v1::Answer& a : *ballot->mutable_answers()) {
    if (a.question_id() == answer.question_id()) {
      a = answer;
      return;
    }
  }
  *ballot->add_answers() = answer;
}

std::string FirstValue(const Fields& fields, const std::string& name) {
  auto it = fields.find(name);
  return it == fields.end() || it->second.empty() ? "" : it->second.front();
}

}  // namespace

std::string CastRefusalWords(const absl::Status& status, const report::Messages& m) {
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
      return m.kiosk_unavailable;
    case absl::StatusCode::kAlreadyExists:
      // The credential's form is cast, or the token spent: a press whose
      // answer was lost was recorded (docs/threat-model.md).
      return m.kiosk_already_cast;
    case absl::StatusCode::kFailedPrecondition:
      if (absl::StrContains(status.message(), "not open") ||
          absl::StrContains(status.message(), "closing")) {
        return m.phone_closed;
      }
      [[fallthrough]];
    default:
      return absl::Substitute(m.kiosk_not_accepted, status.message());
  }
}

void BallotSession::AddSlots(const v1::MeetingSpec& spec,
                             const std::vector<std::string>& form_ids) {
  for (const v1::Form& form : spec.forms()) {
    if (std::find(form_ids.begin(), form_ids.end(), form.id()) == form_ids.end()) continue;
    Slot slot;
    slot.form = &form;
    slot.ballot.set_form_id(form.id());
    slots.push_back(std::move(slot));
  }
}

void BallotSession::Fill(const kiosk::CheckInResult& issued) {
  for (Slot& slot : slots) {
    for (const v1::Credential& c : issued.credentials) {
      if (c.form_id() == slot.form->id()) slot.credential = c;
    }
    for (const v1::AnonymousToken& t : issued.tokens) {
      if (t.form_id() == slot.form->id()) slot.token = t;
    }
  }
}

std::string BallotSession::Screen(const v1::MeetingSpec& spec, int idle_seconds) {
  const report::Messages& m = Words();
  if (done) {
    std::vector<ReceiptLine> lines;
    for (const Slot& s : slots) {
      absl::StatusOr<std::string> qr = QrSvg(s.receipt_code, s.receipt_code, 40);
      lines.push_back({s.form->title(), s.receipt_code, qr.ok() ? *qr : ""});
    }
    return DonePage(spec, lines, display, idle_seconds, m);
  }
  if (form >= static_cast<int>(slots.size())) return Review(spec, idle_seconds);
  const Slot& slot = slots[form];
  QuestionScreen screen;
  screen.form = slot.form;
  screen.form_index = form;
  screen.form_count = static_cast<int>(slots.size());
  screen.question_index = question;
  const v1::Answer* a = FindAnswer(slot.ballot, slot.form->questions(question).id());
  if (a != nullptr) screen.answer = *a;
  screen.message = std::move(message);
  message.clear();
  screen.first = form == 0 && question == 0;
  return QuestionPage(spec, screen, display, idle_seconds, m);
}

std::string BallotSession::Review(const v1::MeetingSpec& spec, int idle_seconds) {
  const report::Messages& m = Words();
  std::vector<ReviewLine> lines;
  for (int f = 0; f < static_cast<int>(slots.size()); ++f) {
    const Slot& slot = slots[f];
    for (int q = 0; q < slot.form->questions_size(); ++q) {
      const v1::Question& question = slot.form->questions(q);
      const v1::Answer* a = FindAnswer(slot.ballot, question.id());
      lines.push_back({f, q, slot.form->title(),
                       question.title().empty() ? question.id() : question.title(),
                       a == nullptr ? "" : AnswerSummary(question, *a, m)});
    }
  }
  std::string shown = std::move(message);
  message.clear();
  return ReviewPage(spec, lines, shown, display, idle_seconds, m);
}

void BallotSession::Advance(int step) {
  const int forms = static_cast<int>(slots.size());
  if (step > 0) {
    if (form >= forms) return;
    if (++question >= slots[form].form->questions_size()) {
      question = 0;
      ++form;
    }
  } else {
    if (form >= forms) {
      form = forms - 1;
      question = slots[form].form->questions_size() - 1;
    } else if (question > 0) {
      --question;
    } else if (form > 0) {
      --form;
      question = slots[form].form->questions_size() - 1;
    }
  }
}

void BallotSession::Answer(const Fields& fields, const std::string& go) {
  if (!started || done || form >= static_cast<int>(slots.size())) return;
  Slot& slot = slots[form];
  const v1::Question& q = slot.form->questions(question);
  const v1::Answer answer = AnswerFromFields(q, fields);
  // Keep what was marked even when refused, so the voter corrects it
  // instead of starting over; it is never cast while refused.
  SetAnswer(&slot.ballot, answer);
  const std::string refusal = CheckAnswer(*slot.form, q, answer, Words());
  if (!refusal.empty()) {
    message = refusal;
    return;
  }
  if (go == "back") {
    Advance(-1);
  } else if (go == "review") {
    form = static_cast<int>(slots.size());
  } else {
    Advance(+1);
  }
}

void BallotSession::Goto(int f, int q) {
  if (done || f < 0 || f >= static_cast<int>(slots.size()) || q < 0 ||
      q >= slots[f].form->questions_size()) {
    return;
  }
  form = f;
  question = q;
}

bool BallotSession::ReadyToCast() {
  // A refused answer may still sit in a ballot: nothing is cast until
  // every answer passes.
  for (int f = 0; f < static_cast<int>(slots.size()); ++f) {
    const Slot& slot = slots[f];
    for (int q = 0; q < slot.form->questions_size(); ++q) {
      const v1::Answer* a = FindAnswer(slot.ballot, slot.form->questions(q).id());
      if (a == nullptr) continue;
      const std::string refusal = CheckAnswer(*slot.form, slot.form->questions(q), *a, Words());
      if (!refusal.empty()) {
        form = f;
        question = q;
        message = refusal;
        return false;
      }
    }
  }
  return true;
}

void BallotSession::Cast(kiosk::Kiosk& kiosk) {
  for (Slot& slot : slots) {
    if (!slot.receipt_code.empty()) continue;
    absl::StatusOr<kiosk::CastResult> r =
        slot.credential ? kiosk.CastNamed(*slot.credential, slot.ballot)
        : slot.token    ? kiosk.CastAnonymous(*slot.token, slot.ballot)
                        : absl::StatusOr<kiosk::CastResult>(absl::InternalError(
                              "the form holds no credential or token"));
    if (!r.ok()) {
      // A server restarting or out of reach: the answers stay here for
      // the voter to cast again (docs/threat-model.md: a cast whose
      // answer was lost is refused on retry as already cast).
      message = CastRefusalWords(r.status(), Words());
      return;
    }
    slot.receipt_code = kiosk::ReceiptCode(r->receipt ? r->receipt->entry_hash()
                                                      : r->anonymous_receipt->ballot_hash());
  }
  done = true;
}

void BallotSession::SetDisplay(const Fields& fields) {
  int size = 0;
  if (absl::SimpleAtoi(FirstValue(fields, "size"), &size) && size >= 0 && size <= 3) {
    display.text_size = size;
  }
  if (fields.count("contrast")) display.contrast = FirstValue(fields, "contrast") == "1";
  if (fields.count("lang")) display.english = FirstValue(fields, "lang") == "en";
}

void BallotSession::ClearAnswers(bool english) {
  for (Slot& slot : slots) {
    if (slot.receipt_code.empty()) slot.ballot.clear_answers();
  }
  form = question = 0;
  message.clear();
  display = Display{};
  display.english = english;
}

}  // namespace gongxin::kioskpage
