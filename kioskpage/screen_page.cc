#include "kioskpage/screen_page.h"

#include <httplib.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "kioskpage/pages.h"
#include "kioskpage/voter_routes.h"
#include "util/status_macros.h"
#include "report/html.h"

namespace gongxin::kioskpage {
namespace {

using report::Escape;

// Read across a room: large type, high contrast, numbers first.
constexpr char kScreenStyle[] = R"css(
* { box-sizing: border-box; }
body { margin: 0; padding: 3vh 4vw; background: #fff; color: #111;
       font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif;
       font-size: 3vh; }
h1 { color: #b0201c; font-size: 5vh; margin: 0 0 1vh; }
.status { font-size: 3.5vh; margin: 0 0 3vh; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 2px solid #999; padding: 1.5vh 1vw; text-align: left; }
th { font-size: 3vh; color: #333; }
th.n { text-align: right; }
td.n { font-size: 7vh; font-weight: bold; text-align: right; font-variant-numeric: tabular-nums; }
td.form { font-size: 4vh; }
.note { margin-top: 4vh; font-size: 3vh; color: #333; }
.message { border: 3px solid #b0201c; padding: 1.5vh; font-weight: bold; }
)css";

}  // namespace

std::string ProgressScreen(const v1::MeetingInfo& info, int refresh_seconds,
                           const std::string& message, const report::Messages& m,
                           const std::string& announcement_code) {
  const std::string meeting_title = report::MeetingTitle(m, info.spec());
  const std::string title = absl::Substitute(m.screen_title, meeting_title);
  std::string body = absl::StrCat(
      "<h1>", Escape(meeting_title), "</h1>\n",
      info.spec().trial() ? absl::StrCat("<p class=\"message\">", Escape(m.trial_note), "</p>\n")
                          : "",
      "<p class=\"status\">",
      Escape(report::StatusName(m, info.status())), "</p>\n",
      message.empty() ? "" : absl::StrCat("<p class=\"message\">", Escape(message), "</p>\n"),
      "<table>\n<tr><th>", Escape(m.screen_form), "</th><th class=\"n\">", Escape(m.screen_due),
      "</th><th class=\"n\">", Escape(m.screen_present), "</th><th class=\"n\">",
      Escape(m.screen_cast), "</th></tr>\n");
  for (const v1::FormProgress& p : info.forms()) {
    std::string form_title = p.form_id();
    for (const v1::Form& f : info.spec().forms()) {
      if (f.id() == p.form_id() && !f.title().empty()) form_title = f.title();
    }
    absl::StrAppend(&body, "<tr><td class=\"form\">", Escape(form_title), "</td><td class=\"n\">",
                    p.due(), "</td><td class=\"n\">", p.issued(), "</td><td class=\"n\">",
                    p.returned(), "</td></tr>\n");
  }
  absl::StrAppend(&body, "</table>\n<p class=\"note\">", Escape(m.screen_no_result), "</p>\n");
  if (!announcement_code.empty()) {
    // The room compares it with the code printed on the announcement.
    absl::StrAppend(&body, "<p class=\"note code\">", Escape(m.announcement_code), " <b>",
                    Escape(announcement_code), "</b></p>\n");
  }
  return absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"", m.html_lang, "\">\n<head>\n<meta charset=\"utf-8\">\n",
      "<meta http-equiv=\"Content-Security-Policy\" content=\"", kContentSecurityPolicy, "\">\n",
      "<meta http-equiv=\"refresh\" content=\"", refresh_seconds, "\">\n<title>", Escape(title),
      "</title>\n<style>", kScreenStyle, "</style>\n</head>\n<body>\n", body, "</body>\n</html>\n");
}

struct ScreenPage::State {
  ScreenPageOptions options;
  std::unique_ptr<httplib::Server> server;
  int port = 0;
};

ScreenPage::ScreenPage(ScreenPageOptions options) : state_(std::make_unique<State>()) {
  State* s = state_.get();
  s->options = std::move(options);
  if (s->options.cert_path.empty()) {
    s->server = std::make_unique<httplib::Server>();
  } else {
    s->server = std::make_unique<httplib::SSLServer>(s->options.cert_path.c_str(),
                                                     s->options.key_path.c_str());
  }
  SetSecurityHeaders(*s->server);
  auto show = [s](const httplib::Request&, httplib::Response& res) {
    SendHtml(res, s->options.render());
  };
  s->server->Get("/", show);
  s->server->Get("/screen", show);
}

ScreenPage::~ScreenPage() { Stop(); }

absl::Status ScreenPage::Bind(const std::string& host, int port) {
  if (state_->options.cert_path.empty() && !IsLoopback(host)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--listen: ", host, " is not a loopback address; on the room's network the screen "
        "needs --tls-cert and --tls-key"));
  }
  if (!state_->server->is_valid()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--tls-cert, --tls-key: cannot load ", state_->options.cert_path, " and ",
        state_->options.key_path));
  }
  ASSIGN_OR_RETURN(state_->port, BindServer(*state_->server, host, port));
  return absl::OkStatus();
}

int ScreenPage::port() const { return state_->port; }

absl::Status ScreenPage::Serve() {
  if (!state_->server->listen_after_bind()) {
    return absl::UnavailableError("the screen stopped serving");
  }
  return absl::OkStatus();
}

void ScreenPage::Stop() { state_->server->stop(); }

}  // namespace gongxin::kioskpage
