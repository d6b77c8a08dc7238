// The kiosk page: an HTTP server on the kiosk machine (loopback, for the
// kiosk's own browser in kiosk mode) through which staff check a voter in
// and the voter fills and casts their ballots, talking to gongxind through
// the kiosk library. One voter at a time; what the voter fills is held in
// this process's memory only, never written to its files or logs, and is
// gone when the voter finishes, pauses too long or the process ends.
#ifndef GONGXIN_KIOSKPAGE_KIOSK_PAGE_H_
#define GONGXIN_KIOSKPAGE_KIOSK_PAGE_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gongxin/v1/meeting.pb.h"
#include "kiosk/kiosk.h"

namespace gongxin::kioskpage {

struct KioskPageOptions {
  std::string meeting_id;
  v1::MeetingSpec spec;
  // The roll, for the staff's search; empty: staff type the voter's id.
  v1::Roll roll;
  std::string locale = "zh-CN";  // the staff's language and each voter's first
  absl::Duration idle_warning = absl::Minutes(2);
  absl::Duration idle_reset = absl::Seconds(30);
};

class KioskPage {
 public:
  // `kiosk` must outlive the page.
  KioskPage(kiosk::Kiosk* kiosk, KioskPageOptions options);
  ~KioskPage();
  KioskPage(const KioskPage&) = delete;
  KioskPage& operator=(const KioskPage&) = delete;

  // Binds `host`:`port` (0: any free port, see port()). INVALID_ARGUMENT
  // for a host that is not a loopback address (the page has no login: only
  // the kiosk's own browser may reach it); UNAVAILABLE if it cannot bind.
  absl::Status Bind(const std::string& host, int port);
  int port() const;
  // Serves until Stop() (from another thread or a signal handler's thread).
  absl::Status Serve();
  void Stop();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace gongxin::kioskpage

#endif  // GONGXIN_KIOSKPAGE_KIOSK_PAGE_H_
