// `gongxin kiosk serve` and `gongxin kiosk phones`: run the kiosk page or
// the phone page (kioskpage/) for one meeting until SIGINT or SIGTERM.
#ifndef GONGXIN_CLIENT_KIOSK_SERVE_H_
#define GONGXIN_CLIENT_KIOSK_SERVE_H_

#include <string>

#include "absl/status/status.h"
#include "kiosk/connection.h"

namespace gongxin::client {

struct KioskServeArgs {
  std::string meeting_id;
  std::string listen = "127.0.0.1:8080";  // loopback host:port; port 0 picks one
  std::string roll_path;                  // optional roll CSV for the staff's search
  std::string state_dir;                  // the kiosk library's blinding state
  std::string locale = "zh-CN";
  int idle_seconds = 120;                 // before the inactivity warning
  int reset_seconds = 30;                 // after it, before the ballot is cleared
};

// KioskServe connects as the kiosk role, fetches the meeting, binds the
// page and prints "kiosk page: http://HOST:PORT/" (and flushes) before
// serving. Refusals: INVALID_ARGUMENT for a malformed or non-loopback
// --listen or a bad roll file, the server's refusal for the meeting,
// UNAVAILABLE if the address cannot be bound.
absl::Status KioskServe(const kiosk::ConnectionOptions& connection, const KioskServeArgs& args);

// `gongxin kiosk phones`: the phone page (kioskpage/phone_page.h) for one
// meeting, on the room's network, over TLS.
struct PhoneServeArgs {
  std::string meeting_id;
  std::string listen = "127.0.0.1:8443";  // host:port phones reach; port 0 picks one
  std::string tls_cert;                   // the page's certificate chain (PEM)
  std::string tls_key;
  std::string locale = "zh-CN";
  int idle_seconds = 180;
  int reset_seconds = 60;
};
// PhoneServe prints "phone page: https://HOST:PORT/" (and flushes) before
// serving. Refusals as KioskServe's, and INVALID_ARGUMENT for a
// certificate or key that does not load.
absl::Status PhoneServe(const kiosk::ConnectionOptions& connection, const PhoneServeArgs& args);

// `gongxin kiosk screen`: the room's big screen (kioskpage/screen_page.h),
// read-only, as the auditor role: progress while voting, the public result
// once published.
struct ScreenServeArgs {
  std::string meeting_id;
  std::string listen = "127.0.0.1:8090";
  std::string tls_cert;  // both empty: plain HTTP on loopback only
  std::string tls_key;
  std::string locale = "zh-CN";
  int refresh_seconds = 5;
};
// ScreenServe prints "screen: http(s)://HOST:PORT/" (and flushes) before
// serving.
absl::Status ScreenServe(const kiosk::ConnectionOptions& connection, const ScreenServeArgs& args);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_KIOSK_SERVE_H_
