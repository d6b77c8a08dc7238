#include "kioskpage/kiosk_page.h"

#include <httplib.h>

#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "kiosk/receipt_code.h"
#include "kioskpage/ballot_fields.h"
#include "kioskpage/pages.h"
#include "kioskpage/qr_svg.h"
#include "report/messages.h"

namespace gongxin::kioskpage {
namespace {

// One form the voter holds: its credential or token, and the answers so
// far (memory only).
struct Slot {
  const v1::Form* form = nullptr;
  std::optional<v1::Credential> credential;
  std::optional<v1::AnonymousToken> token;
  v1::Ballot ballot;
  std::string receipt_code;  // set once cast
};

struct Voter {
  v1::Voter who;
  std::vector<Slot> slots;
  int form = 0;
  int question = 0;
  bool started = false;
  bool done = false;
  std::string message;
  Display display;
};

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

bool IsLoopback(const std::string& host) {
  return host == "localhost" || host == "::1" || absl::StartsWith(host, "127.");
}

}  // namespace

struct KioskPage::State {
  kiosk::Kiosk* kiosk;
  KioskPageOptions options;
  httplib::Server server;
  int port = 0;
  std::mutex mu;
  std::optional<Voter> voter;             // at the booth
  std::map<std::string, Voter> suspended;  // cleared after a pause, by voter id
  std::string staff_message;

  const report::Messages& StaffWords() const { return report::MessagesFor(options.locale); }
  const report::Messages& VoterWords() const {
    return report::MessagesFor(voter->display.english ? "en" : "zh-CN");
  }
  int IdleSeconds() const {
    return static_cast<int>(absl::ToInt64Seconds(options.idle_warning));
  }

  std::string GroupName(const std::string& id) const {
    for (const v1::VoterGroup& g : options.spec.groups()) {
      if (g.id() == id && !g.name().empty()) return g.name();
    }
    return id;
  }

  std::string Staff(const std::string& query) {
    std::vector<v1::Voter> waiting;
    for (const auto& [id, v] : suspended) waiting.push_back(v.who);
    const std::string message = std::move(staff_message);
    staff_message.clear();
    return StaffPage(options.spec, options.roll, query, waiting, message, StaffWords());
  }

  // The screen the voter is on now.
  std::string Current() {
    if (!voter) return Staff("");
    const report::Messages& m = VoterWords();
    if (!voter->started) {
      return HandOverPage(options.spec, voter->who.name(), GroupName(voter->who.group()),
                          StaffWords());
    }
    if (voter->done) {
      std::vector<ReceiptLine> lines;
      for (const Slot& s : voter->slots) {
        absl::StatusOr<std::string> qr = QrSvg(s.receipt_code, s.receipt_code, 40);
        lines.push_back({s.form->title(), s.receipt_code, qr.ok() ? *qr : ""});
      }
      return DonePage(options.spec, lines, voter->display, IdleSeconds(), m);
    }
    if (voter->form >= static_cast<int>(voter->slots.size())) return Review();
    const Slot& slot = voter->slots[voter->form];
    QuestionScreen screen;
    screen.form = slot.form;
    screen.form_index = voter->form;
    screen.form_count = static_cast<int>(voter->slots.size());
    screen.question_index = voter->question;
    const v1::Answer* a = FindAnswer(slot.ballot, slot.form->questions(voter->question).id());
    if (a != nullptr) screen.answer = *a;
    screen.message = std::move(voter->message);
    voter->message.clear();
    screen.first = voter->form == 0 && voter->question == 0;
    return QuestionPage(options.spec, screen, voter->display, IdleSeconds(), m);
  }

  std::string Review() {
    const report::Messages& m = VoterWords();
    std::vector<ReviewLine> lines;
    for (int f = 0; f < static_cast<int>(voter->slots.size()); ++f) {
      const Slot& slot = voter->slots[f];
      for (int q = 0; q < slot.form->questions_size(); ++q) {
        const v1::Question& question = slot.form->questions(q);
        const v1::Answer* a = FindAnswer(slot.ballot, question.id());
        lines.push_back({f, q, slot.form->title(), question.title().empty() ? question.id() : question.title(),
                         a == nullptr ? "" : AnswerSummary(question, *a, m)});
      }
    }
    std::string message = std::move(voter->message);
    voter->message.clear();
    return ReviewPage(options.spec, lines, message, voter->display, IdleSeconds(), m);
  }

  // Moves to the next question, the next form, or the review screen.
  void Advance(int step) {
    const int forms = static_cast<int>(voter->slots.size());
    if (step > 0) {
      if (voter->form >= forms) return;
      if (++voter->question >= voter->slots[voter->form].form->questions_size()) {
        voter->question = 0;
        ++voter->form;
      }
    } else {
      if (voter->form >= forms) {
        voter->form = forms - 1;
        voter->question = voter->slots[voter->form].form->questions_size() - 1;
      } else if (voter->question > 0) {
        --voter->question;
      } else if (voter->form > 0) {
        --voter->form;
        voter->question = voter->slots[voter->form].form->questions_size() - 1;
      }
    }
  }

  absl::Status CheckIn(const std::string& voter_id) {
    if (voter) return absl::FailedPreconditionError(StaffWords().kiosk_busy);
    absl::StatusOr<kiosk::CheckInResult> in = kiosk->CheckIn(options.meeting_id, voter_id);
    if (!in.ok()) return in.status();
    Voter v;
    v.who.set_id(voter_id);
    v.who.set_name(in->voter_name);
    v.who.set_group(in->group);
    v.display.english = report::IsEnglish(options.locale);
    for (const v1::Form& form : options.spec.forms()) {
      Slot slot;
      slot.form = &form;
      slot.ballot.set_form_id(form.id());
      for (const v1::Credential& c : in->credentials) {
        if (c.form_id() == form.id()) slot.credential = c;
      }
      for (const v1::AnonymousToken& t : in->tokens) {
        if (t.form_id() == form.id()) slot.token = t;
      }
      if (slot.credential || slot.token) v.slots.push_back(std::move(slot));
    }
    voter = std::move(v);
    return absl::OkStatus();
  }

  // Casts every form not yet cast; stops at the first refusal, which the
  // review screen shows (the forms cast so far stay cast).
  void Cast() {
    for (Slot& slot : voter->slots) {
      if (!slot.receipt_code.empty()) continue;
      absl::StatusOr<kiosk::CastResult> r =
          slot.credential ? kiosk->CastNamed(*slot.credential, slot.ballot)
                          : kiosk->CastAnonymous(*slot.token, slot.ballot);
      if (!r.ok()) {
        // A server restarting or out of reach: the answers stay here for
        // the voter to cast again (docs/threat-model.md: a cast whose
        // answer was lost is refused on retry as already cast).
        const bool transient = r.status().code() == absl::StatusCode::kUnavailable ||
                               r.status().code() == absl::StatusCode::kDeadlineExceeded;
        voter->message = transient
                             ? VoterWords().kiosk_unavailable
                             : absl::Substitute(VoterWords().kiosk_not_accepted, r.status().message());
        return;
      }
      slot.receipt_code = kiosk::ReceiptCode(r->receipt ? r->receipt->entry_hash()
                                                        : r->anonymous_receipt->ballot_hash());
    }
    voter->done = true;
  }
};

KioskPage::KioskPage(kiosk::Kiosk* kiosk, KioskPageOptions options)
    : state_(std::make_unique<State>()) {
  State* s = state_.get();
  s->kiosk = kiosk;
  s->options = std::move(options);
  httplib::Server& svr = s->server;
  // Nothing the voter chose may stay behind in the browser: no caching,
  // no referrer, no framing, no script.
  svr.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Security-Policy", kContentSecurityPolicy);
    res.set_header("Cache-Control", "no-store");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
  });
  auto html = [](httplib::Response& res, const std::string& page) {
    res.set_content(page, "text/html; charset=utf-8");
  };
  auto redirect = [](httplib::Response& res) { res.set_redirect("/", 303); };
  auto field = [](const httplib::Request& req, const char* name) {
    return req.has_param(name) ? req.get_param_value(name) : std::string();
  };

  svr.Get("/", [=](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(s->mu);
    html(res, s->voter ? s->Current() : s->Staff(req.has_param("q") ? req.get_param_value("q") : ""));
  });
  svr.Post("/checkin", [=](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(s->mu);
    if (absl::Status st = s->CheckIn(field(req, "voter")); !st.ok()) {
      s->staff_message = std::string(st.message());
    }
    redirect(res);
  });
  svr.Post("/resume-voter", [=](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(s->mu);
    auto it = s->suspended.find(field(req, "voter"));
    if (!s->voter && it != s->suspended.end()) {
      s->voter = std::move(it->second);
      s->suspended.erase(it);
      s->voter->started = false;
    }
    redirect(res);
  });
  svr.Post("/start", [=](const httplib::Request&, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(s->mu);
    if (s->voter) s->voter->started = true;
    redirect(res);
  });
  svr.Post("/answer", [=](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(s->mu);
    Voter* v = s->voter ? &*s->voter : nullptr;
    if (v == nullptr || !v->started || v->done || v->form >= static_cast<int>(v->slots.size())) {
      return redirect(res);
    }
    Slot& slot = v->slots[v->form];
    const v1::Question& q = slot.form->questions(v->question);
    Fields fields;
    for (const auto& [name, value] : req.params) fields[name].push_back(value);
    const v1::Answer answer = AnswerFromFields(q, fields);
    // Keep what was marked even when refused, so the voter corrects it
    // instead of starting over; it is never cast while refused.
    SetAnswer(&slot.ballot, answer);
    const std::string refusal = CheckAnswer(*slot.form, q, answer, s->VoterWords());
    if (!refusal.empty()) {
      v->message = refusal;
      return redirect(res);
    }
    const std::string go = field(req, "go");
    if (go == "back") {
      s->Advance(-1);
    } else if (go == "review") {
      v->form = static_cast<int>(v->slots.size());
    } else {
      s->Advance(+1);
    }
    redirect(res);
  });
  svr.Post("/goto", [=](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(s->mu);
    int form = 0, question = 0;
    if (s->voter && !s->voter->done && absl::SimpleAtoi(field(req, "form"), &form) &&
        absl::SimpleAtoi(field(req, "question"), &question) && form >= 0 &&
        form < static_cast<int>(s->voter->slots.size()) && question >= 0 &&
        question < s->voter->slots[form].form->questions_size()) {
      s->voter->form = form;
      s->voter->question = question;
    }
    redirect(res);
  });
  svr.Post("/cast", [=](const httplib::Request&, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(s->mu);
    if (!s->voter || !s->voter->started || s->voter->done) return redirect(res);
    // A refused answer may still sit in a ballot: nothing is cast until
    // every answer passes.
    for (int f = 0; f < static_cast<int>(s->voter->slots.size()); ++f) {
      const Slot& slot = s->voter->slots[f];
      for (int q = 0; q < slot.form->questions_size(); ++q) {
        const v1::Answer* a = FindAnswer(slot.ballot, slot.form->questions(q).id());
        if (a == nullptr) continue;
        const std::string refusal = CheckAnswer(*slot.form, slot.form->questions(q), *a, s->VoterWords());
        if (!refusal.empty()) {
          s->voter->form = f;
          s->voter->question = q;
          s->voter->message = refusal;
          return redirect(res);
        }
      }
    }
    s->Cast();
    redirect(res);
  });
  auto finish = [=](const httplib::Request&, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(s->mu);
    if (s->voter && s->voter->done) s->voter.reset();
    redirect(res);
  };
  svr.Post("/finish", finish);
  svr.Get("/finished", finish);
  svr.Post("/display", [=](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(s->mu);
    if (s->voter) {
      int size = 0;
      if (absl::SimpleAtoi(field(req, "size"), &size) && size >= 0 && size <= 3) {
        s->voter->display.text_size = size;
      }
      if (req.has_param("contrast")) s->voter->display.contrast = field(req, "contrast") == "1";
      if (req.has_param("lang")) s->voter->display.english = field(req, "lang") == "en";
    }
    redirect(res);
  });
  svr.Get("/idle", [=](const httplib::Request&, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(s->mu);
    if (!s->voter || !s->voter->started) return redirect(res);
    html(res, IdlePage(s->options.spec, s->voter->display,
                       static_cast<int>(absl::ToInt64Seconds(s->options.idle_reset)),
                       s->VoterWords()));
  });
  svr.Post("/resume", [=](const httplib::Request&, httplib::Response& res) { redirect(res); });
  svr.Get("/timeout", [=](const httplib::Request&, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(s->mu);
    if (s->voter && s->voter->started && !s->voter->done) {
      // Clear every answer; keep the credentials and tokens so the staff
      // can let the voter start again. Forms already cast stay cast.
      Voter v = std::move(*s->voter);
      for (Slot& slot : v.slots) {
        slot.ballot.clear_answers();
      }
      v.form = v.question = 0;
      v.message.clear();
      v.display = Display{};
      v.display.english = report::IsEnglish(s->options.locale);
      s->suspended[v.who.id()] = std::move(v);
      s->voter.reset();
    } else if (s->voter && s->voter->done) {
      s->voter.reset();
    }
    redirect(res);
  });
}

KioskPage::~KioskPage() { Stop(); }

absl::Status KioskPage::Bind(const std::string& host, int port) {
  if (!IsLoopback(host)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--listen: ", host, " is not a loopback address; the kiosk page has no login, so only "
        "the kiosk's own browser may reach it (use 127.0.0.1)"));
  }
  const int bound = port == 0 ? state_->server.bind_to_any_port(host)
                              : (state_->server.bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    return absl::UnavailableError(absl::StrCat("--listen: cannot bind ", host, ":", port));
  }
  state_->port = bound;
  return absl::OkStatus();
}

int KioskPage::port() const { return state_->port; }

absl::Status KioskPage::Serve() {
  if (!state_->server.listen_after_bind()) {
    return absl::UnavailableError("the kiosk page stopped serving");
  }
  return absl::OkStatus();
}

void KioskPage::Stop() { state_->server.stop(); }

}  // namespace gongxin::kioskpage
