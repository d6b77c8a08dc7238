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
#include "kiosk/slip.h"
#include "kioskpage/ballot_session.h"
#include "kioskpage/pages.h"
#include "kioskpage/voter_routes.h"
#include "util/status_macros.h"
#include "report/messages.h"

namespace gongxin::kioskpage {

struct KioskPage::State : VoterHost {
  kiosk::Kiosk* kiosk;
  KioskPageOptions options;
  httplib::Server server;
  int port = 0;
  std::mutex lock;
  std::optional<BallotSession> voter;             // at the booth
  std::map<std::string, BallotSession> suspended;  // cleared after a pause, by voter id
  std::string staff_message;

  std::mutex& mu() override { return lock; }
  BallotSession* Find(const httplib::Request&) override {
    return voter && voter->started ? &*voter : nullptr;
  }
  const v1::MeetingSpec& spec() const override { return options.spec; }
  int idle_reset_seconds() const override {
    return static_cast<int>(absl::ToInt64Seconds(options.idle_reset));
  }
  void Cast(BallotSession& session) override { session.Cast(*kiosk); }

  const report::Messages& StaffWords() const { return report::MessagesFor(options.locale); }
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

  // The screen the booth shows now.
  std::string Current() {
    if (!voter) return Staff("");
    if (!voter->started) {
      return HandOverPage(options.spec, voter->who.name(), GroupName(voter->who.group()),
                          StaffWords());
    }
    return voter->Screen(options.spec, IdleSeconds());
  }

  absl::Status CheckIn(const std::string& voter_id) {
    if (voter) return absl::FailedPreconditionError(StaffWords().kiosk_busy);
    absl::StatusOr<kiosk::CheckInResult> in = kiosk->CheckIn(options.meeting_id, voter_id);
    if (!in.ok()) return in.status();
    BallotSession v;
    v.who.set_id(voter_id);
    v.who.set_name(in->voter_name);
    v.who.set_group(in->group);
    v.display.english = report::IsEnglish(options.locale);
    std::vector<std::string> forms;
    for (const v1::Credential& c : in->credentials) forms.push_back(c.form_id());
    for (const v1::AnonymousToken& t : in->tokens) forms.push_back(t.form_id());
    v.AddSlots(options.spec, forms);
    v.Fill(*in);
    voter = std::move(v);
    return absl::OkStatus();
  }

  // The sign-in desk: a voter who votes by phone. Nothing is handed out
  // here; the staff hand over a slip (scanned and bound for a voter of
  // named forms, drawn at random for anyone else).
  std::string CheckInBySlip(const std::string& voter_id, const std::string& code) {
    const report::Messages& m = StaffWords();
    std::string secret;
    if (!code.empty()) {
      absl::StatusOr<std::string> parsed = kiosk::ParseSlipCode(code);
      if (!parsed.ok()) return absl::Substitute(m.phone_mistyped, parsed.status().message());
      secret = *std::move(parsed);
    }
    absl::StatusOr<kiosk::CheckInResult> in =
        kiosk->CheckInBySlip(options.meeting_id, voter_id, secret);
    if (!in.ok()) return std::string(in.status().message());
    const std::string who = in->voter_name.empty() ? voter_id : in->voter_name;
    return secret.empty()
               ? absl::Substitute(m.desk_checked_in_random, who, GroupName(in->group))
               : absl::Substitute(m.desk_checked_in_bound, who, GroupName(in->group));
  }
};

KioskPage::KioskPage(kiosk::Kiosk* kiosk, KioskPageOptions options)
    : state_(std::make_unique<State>()) {
  State* s = state_.get();
  s->kiosk = kiosk;
  s->options = std::move(options);
  httplib::Server& svr = s->server;
  SetSecurityHeaders(svr);
  AddVoterRoutes(svr, s);

  svr.Get("/", [=](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(s->lock);
    SendHtml(res, s->voter ? s->Current() : s->Staff(Field(req, "q")));
  });
  svr.Post("/checkin", [=](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(s->lock);
    if (absl::Status st = s->CheckIn(Field(req, "voter")); !st.ok()) {
      s->staff_message = std::string(st.message());
    }
    RedirectHome(res);
  });
  svr.Post("/checkin-slip", [=](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(s->lock);
    s->staff_message = s->CheckInBySlip(Field(req, "voter"), Field(req, "slip"));
    RedirectHome(res);
  });
  svr.Post("/resume-voter", [=](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(s->lock);
    auto it = s->suspended.find(Field(req, "voter"));
    if (!s->voter && it != s->suspended.end()) {
      s->voter = std::move(it->second);
      s->suspended.erase(it);
      s->voter->started = false;
    }
    RedirectHome(res);
  });
  svr.Post("/start", [=](const httplib::Request&, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(s->lock);
    if (s->voter) s->voter->started = true;
    RedirectHome(res);
  });
  auto finish = [=](const httplib::Request&, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(s->lock);
    if (s->voter && s->voter->done) s->voter.reset();
    RedirectHome(res);
  };
  svr.Post("/finish", finish);
  svr.Get("/finished", finish);
  svr.Get("/timeout", [=](const httplib::Request&, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(s->lock);
    if (s->voter && s->voter->started && !s->voter->done) {
      // Clear every answer; keep the credentials and tokens so the staff
      // can let the voter start again. Forms already cast stay cast.
      BallotSession v = std::move(*s->voter);
      v.ClearAnswers(report::IsEnglish(s->options.locale));
      s->suspended[v.who.id()] = std::move(v);
      s->voter.reset();
    } else if (s->voter && s->voter->done) {
      s->voter.reset();
    }
    RedirectHome(res);
  });
}

KioskPage::~KioskPage() { Stop(); }

absl::Status KioskPage::Bind(const std::string& host, int port) {
  if (!IsLoopback(host)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--listen: ", host, " is not a loopback address; the kiosk page has no login, so only "
        "the kiosk's own browser may reach it (use 127.0.0.1)"));
  }
  ASSIGN_OR_RETURN(state_->port, BindServer(state_->server, host, port));
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
