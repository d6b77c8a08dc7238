#include "kioskpage/voter_routes.h"

#include <httplib.h>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "kioskpage/pages.h"

namespace gongxin::kioskpage {

bool IsLoopback(const std::string& host) {
  return host == "localhost" || host == "::1" || absl::StartsWith(host, "127.");
}

absl::StatusOr<int> BindServer(httplib::Server& server, const std::string& host, int port) {
  const int bound = port == 0 ? server.bind_to_any_port(host)
                              : (server.bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    return absl::UnavailableError(absl::StrCat("--listen: cannot bind ", host, ":", port));
  }
  return bound;
}

void SetSecurityHeaders(httplib::Server& server) {
  server.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Security-Policy", kContentSecurityPolicy);
    res.set_header("Cache-Control", "no-store");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
  });
}

Fields PostedFields(const httplib::Request& req) {
  Fields fields;
  for (const auto& [name, value] : req.params) fields[name].push_back(value);
  return fields;
}

std::string Field(const httplib::Request& req, const char* name) {
  return req.has_param(name) ? req.get_param_value(name) : std::string();
}

void SendHtml(httplib::Response& res, const std::string& page) {
  res.set_content(page, "text/html; charset=utf-8");
}

void RedirectHome(httplib::Response& res) { res.set_redirect("/", 303); }

void AddVoterRoutes(httplib::Server& svr, VoterHost* host) {
  svr.Post("/answer", [host](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(host->mu());
    if (BallotSession* s = host->Find(req)) s->Answer(PostedFields(req), Field(req, "go"));
    RedirectHome(res);
  });
  svr.Post("/goto", [host](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(host->mu());
    int form = 0, question = 0;
    BallotSession* s = host->Find(req);
    if (s != nullptr && absl::SimpleAtoi(Field(req, "form"), &form) &&
        absl::SimpleAtoi(Field(req, "question"), &question)) {
      s->Goto(form, question);
    }
    RedirectHome(res);
  });
  svr.Post("/cast", [host](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(host->mu());
    BallotSession* s = host->Find(req);
    if (s != nullptr && s->started && !s->done && s->ReadyToCast()) host->Cast(*s);
    RedirectHome(res);
  });
  svr.Post("/display", [host](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(host->mu());
    if (BallotSession* s = host->Find(req)) s->SetDisplay(PostedFields(req));
    RedirectHome(res);
  });
  svr.Get("/idle", [host](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(host->mu());
    BallotSession* s = host->Find(req);
    if (s == nullptr || !s->started) return RedirectHome(res);
    SendHtml(res, IdlePage(host->spec(), s->display, host->idle_reset_seconds(), s->Words()));
  });
  svr.Post("/resume", [](const httplib::Request&, httplib::Response& res) { RedirectHome(res); });
}

}  // namespace gongxin::kioskpage
