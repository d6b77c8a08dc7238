// The room's big screen (`gongxin kiosk screen`): a read-only page for the
// projector. While voting it shows, per form, 应到 / 实到 / 已投票 and
// refreshes itself; nothing of any result before the count is published;
// once published, the public result document with its charts. It takes no
// input: every route but GET / and GET /screen answers 404.
#ifndef GONGXIN_KIOSKPAGE_SCREEN_PAGE_H_
#define GONGXIN_KIOSKPAGE_SCREEN_PAGE_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "gongxin/v1/service.pb.h"
#include "report/messages.h"

namespace gongxin::kioskpage {

struct ScreenPageOptions {
  // TLS certificate and key; empty: plain HTTP, on a loopback address only
  // (a projector on the laptop's own display).
  std::string cert_path;
  std::string key_path;
  // The HTML the screen shows now (fetched from gongxind by the caller).
  std::function<std::string()> render;
};

class ScreenPage {
 public:
  explicit ScreenPage(ScreenPageOptions options);
  ~ScreenPage();
  ScreenPage(const ScreenPage&) = delete;
  ScreenPage& operator=(const ScreenPage&) = delete;

  // INVALID_ARGUMENT for a non-loopback host without TLS, or a certificate
  // that does not load; UNAVAILABLE if it cannot bind.
  absl::Status Bind(const std::string& host, int port);
  int port() const;
  absl::Status Serve();
  void Stop();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The progress screen of `info` (its spec included), refreshing every
// `refresh_seconds`: per form due, present and voted, and that no result
// is shown. `message` (e.g. the server out of reach) on top. A non-empty
// `announcement_code` (the announcement's printed 核验码) is shown for the
// room to compare with the paper.
std::string ProgressScreen(const v1::MeetingInfo& info, int refresh_seconds,
                           const std::string& message, const report::Messages& m,
                           const std::string& announcement_code = "");

}  // namespace gongxin::kioskpage

#endif  // GONGXIN_KIOSKPAGE_SCREEN_PAGE_H_
