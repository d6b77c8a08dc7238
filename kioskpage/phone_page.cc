#include "kioskpage/phone_page.h"

#include <httplib.h>

#include <map>
#include <mutex>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/strings/substitute.h"
#include "absl/time/clock.h"
#include "kiosk/slip.h"
#include "kioskpage/ballot_session.h"
#include "kioskpage/pages.h"
#include "kioskpage/voter_routes.h"
#include "util/status_macros.h"

namespace gongxin::kioskpage {

// One phone's voter. Outside the anonymous namespace: PhonePage::State,
// which has external linkage, holds them.
struct PhoneSession {
  BallotSession ballot;
  std::string secret;          // the slip's
  kiosk::SlipBlinding blinding;  // the tokens asked for, once redeemed
  bool redeemed = false;
  absl::Time last_seen;
};

namespace {

constexpr char kCookie[] = "gx";

std::string SessionId(const httplib::Request& req) {
  const std::string header = req.get_header_value("Cookie");
  for (absl::string_view part : absl::StrSplit(header, ';')) {
    part = absl::StripAsciiWhitespace(part);
    if (absl::ConsumePrefix(&part, absl::StrCat(kCookie, "="))) return std::string(part);
  }
  return "";
}

}  // namespace

std::string SlipRefusalWords(const absl::Status& status, const report::Messages& m) {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
      return m.phone_mistyped;
    case absl::StatusCode::kNotFound:
      return m.phone_unknown;
    case absl::StatusCode::kAlreadyExists:
      return m.phone_used;
    case absl::StatusCode::kFailedPrecondition:
      // gongxind's words for these (server/meeting_slips.cc,
      // tally/meeting_state_slips.cc); the test of this page reads them.
      if (absl::StrContains(status.message(), "is void")) return m.phone_void;
      if (absl::StrContains(status.message(), "not open") ||
          absl::StrContains(status.message(), "closing")) {
        return m.phone_closed;
      }
      return m.phone_not_yet;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
      return m.kiosk_unavailable;
    default:
      return absl::Substitute(m.kiosk_not_accepted, status.message());
  }
}

struct PhonePage::State : VoterHost {
  kiosk::Kiosk* kiosk;
  PhonePageOptions options;
  std::unique_ptr<httplib::SSLServer> server;
  int port = 0;
  std::mutex lock;
  std::map<std::string, PhoneSession> sessions;  // by cookie

  std::mutex& mu() override { return lock; }
  const v1::MeetingSpec& spec() const override { return options.spec; }
  int idle_reset_seconds() const override {
    return static_cast<int>(absl::ToInt64Seconds(options.idle_reset));
  }
  int IdleSeconds() const { return static_cast<int>(absl::ToInt64Seconds(options.idle_warning)); }

  Display FirstDisplay() const {
    Display d;
    d.english = report::IsEnglish(options.locale);
    d.phone = true;
    return d;
  }

  // A phone that walked away never asks for /timeout: its answers go here,
  // at the next request of anyone. A redeemed slip keeps its tokens (the
  // voter may come back) but not its answers.
  void Sweep() {
    const absl::Time stale = absl::Now() - options.idle_warning - options.idle_reset;
    for (auto it = sessions.begin(); it != sessions.end();) {
      PhoneSession& p = it->second;
      if (p.last_seen >= stale) {
        ++it;
      } else if (p.redeemed && !p.ballot.done) {
        p.ballot.ClearAnswers(report::IsEnglish(options.locale));
        p.ballot.display.phone = true;
        p.last_seen = absl::Now();
        ++it;
      } else {
        it = sessions.erase(it);
      }
    }
  }

  PhoneSession* FindPhone(const httplib::Request& req) {
    Sweep();
    auto it = sessions.find(SessionId(req));
    if (it == sessions.end()) return nullptr;
    it->second.last_seen = absl::Now();
    return &it->second;
  }
  BallotSession* Find(const httplib::Request& req) override {
    PhoneSession* p = FindPhone(req);
    return p == nullptr ? nullptr : &p->ballot;
  }

  void Cast(BallotSession& ballot) override {
    PhoneSession* phone = nullptr;
    for (auto& [id, p] : sessions) {
      if (&p.ballot == &ballot) phone = &p;
    }
    if (phone == nullptr) return;
    if (!phone->redeemed) {
      absl::StatusOr<kiosk::CheckInResult> issued =
          kiosk->RedeemSlip(options.meeting_id, phone->secret, &phone->blinding);
      if (!issued.ok()) {
        ballot.message = SlipRefusalWords(issued.status(), ballot.Words());
        return;
      }
      ballot.Fill(*issued);
      phone->redeemed = true;
    }
    ballot.Cast(*kiosk);
  }

  // Opens a session for the slip with `code`, or says why not.
  std::string Open(const std::string& code, const httplib::Request& req, httplib::Response& res) {
    const report::Messages& m = report::MessagesFor(options.locale);
    absl::StatusOr<std::string> secret = kiosk::ParseSlipCode(code);
    if (!secret.ok()) return m.phone_mistyped;
    if (PhoneSession* mine = FindPhone(req); mine != nullptr && mine->secret == *secret) {
      return "";  // this phone, scanning its slip again
    }
    for (const auto& [id, p] : sessions) {
      if (p.secret == *secret) return m.phone_busy;
    }
    absl::StatusOr<kiosk::SlipInfo> info = kiosk->CheckSlip(options.meeting_id, *secret);
    if (!info.ok()) return SlipRefusalWords(info.status(), m);
    absl::StatusOr<std::string> id = kiosk::NewSessionId();
    if (!id.ok()) return absl::Substitute(m.kiosk_not_accepted, id.status().message());
    const std::string sid = *id;
    PhoneSession& p = sessions[sid];
    p.secret = *std::move(secret);
    p.ballot.display = FirstDisplay();
    p.ballot.AddSlots(options.spec, info->form_ids);
    p.ballot.started = true;
    p.last_seen = absl::Now();
    res.set_header("Set-Cookie", absl::StrCat(kCookie, "=", sid,
                                              "; Path=/; Secure; HttpOnly; SameSite=Strict"));
    return "";
  }

  void Forget(const httplib::Request& req, httplib::Response& res) {
    sessions.erase(SessionId(req));
    res.set_header("Set-Cookie",
                   absl::StrCat(kCookie, "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict"));
  }
};

PhonePage::PhonePage(kiosk::Kiosk* kiosk, PhonePageOptions options)
    : state_(std::make_unique<State>()) {
  State* s = state_.get();
  s->kiosk = kiosk;
  s->options = std::move(options);
  s->server = std::make_unique<httplib::SSLServer>(s->options.cert_path.c_str(),
                                                   s->options.key_path.c_str());
  httplib::Server& svr = *s->server;
  SetSecurityHeaders(svr);
  AddVoterRoutes(svr, s);

  svr.Get("/", [=](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(s->lock);
    if (BallotSession* b = s->Find(req)) {
      return SendHtml(res, b->Screen(s->options.spec, s->IdleSeconds()));
    }
    SendHtml(res, SlipEntryPage(s->options.spec, "", s->FirstDisplay(),
                                report::MessagesFor(s->options.locale)));
  });
  auto open = [=](const std::string& code, const httplib::Request& req,
                  httplib::Response& res) {
    std::lock_guard<std::mutex> lock(s->lock);
    const std::string refusal = s->Open(code, req, res);
    if (refusal.empty()) return RedirectHome(res);
    res.status = 200;
    SendHtml(res, SlipEntryPage(s->options.spec, refusal, s->FirstDisplay(),
                                report::MessagesFor(s->options.locale)));
  };
  svr.Get(R"(/s/([A-Za-z0-9-]{1,40}))",
          [=](const httplib::Request& req, httplib::Response& res) { open(req.matches[1], req, res); });
  svr.Post("/slip", [=](const httplib::Request& req, httplib::Response& res) {
    open(Field(req, "code"), req, res);
  });
  auto finish = [=](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(s->lock);
    PhoneSession* p = s->FindPhone(req);
    if (p != nullptr && !p->ballot.done) return RedirectHome(res);
    const Display display = p != nullptr ? p->ballot.display : s->FirstDisplay();
    s->Forget(req, res);
    SendHtml(res, PhoneDonePage(s->options.spec, display,
                                report::MessagesFor(display.english ? "en" : "zh-CN")));
  };
  svr.Post("/finish", finish);
  svr.Get("/finished", finish);
  svr.Get("/timeout", [=](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(s->lock);
    PhoneSession* p = s->FindPhone(req);
    if (p != nullptr && p->redeemed && !p->ballot.done) {
      // The slip is spent: its tokens stay for the voter, the answers go.
      p->ballot.ClearAnswers(report::IsEnglish(s->options.locale));
      p->ballot.display.phone = true;
      return RedirectHome(res);
    }
    if (p != nullptr && !p->ballot.done) {
      // Not redeemed: the slip still works; nothing of this visit stays.
      s->Forget(req, res);
      return RedirectHome(res);
    }
    if (p != nullptr) return RedirectHome(res);  // done: the receipts stay until finished
    RedirectHome(res);
  });
}

PhonePage::~PhonePage() { Stop(); }

absl::Status PhonePage::Bind(const std::string& host, int port) {
  if (!state_->server->is_valid()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--tls-cert, --tls-key: cannot load the page's certificate ",
                     state_->options.cert_path, " and key ", state_->options.key_path));
  }
  ASSIGN_OR_RETURN(state_->port, BindServer(*state_->server, host, port));
  return absl::OkStatus();
}

int PhonePage::port() const { return state_->port; }

absl::Status PhonePage::Serve() {
  if (!state_->server->listen_after_bind()) {
    return absl::UnavailableError("the phone page stopped serving");
  }
  return absl::OkStatus();
}

void PhonePage::Stop() { state_->server->stop(); }

}  // namespace gongxin::kioskpage
