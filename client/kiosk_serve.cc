#include "client/kiosk_serve.h"

#include <pthread.h>
#include <signal.h>

#include <iostream>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/roll_csv.h"
#include "kiosk/kiosk.h"
#include "kioskpage/kiosk_page.h"
#include "util/status_macros.h"

namespace gongxin::client {

absl::Status KioskServe(const kiosk::ConnectionOptions& connection, const KioskServeArgs& args) {
  const size_t colon = args.listen.rfind(':');
  int port = -1;
  if (colon == std::string::npos || !absl::SimpleAtoi(args.listen.substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("--listen: \"", args.listen, "\" is not HOST:PORT, e.g. 127.0.0.1:8080"));
  }
  std::string host = args.listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);

  kioskpage::KioskPageOptions options;
  options.meeting_id = args.meeting_id;
  options.locale = args.locale;
  options.idle_warning = absl::Seconds(args.idle_seconds);
  options.idle_reset = absl::Seconds(args.reset_seconds);
  if (!args.roll_path.empty()) {
    ASSIGN_OR_RETURN(options.roll, LoadRollCsv(args.roll_path));
  }
  ASSIGN_OR_RETURN(kiosk::Connection conn, kiosk::Connection::Connect(connection, "kiosk"));
  ASSIGN_OR_RETURN(v1::MeetingInfo info, kiosk::GetMeeting(conn, args.meeting_id));
  options.spec = info.spec();
  kiosk::Kiosk booth(conn, args.state_dir);
  kioskpage::KioskPage page(&booth, std::move(options));
  RETURN_IF_ERROR(page.Bind(host, port));

  // SIGINT and SIGTERM stop the page from a thread of their own, so the
  // voter's unsent answers die with the process and nothing is written.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::thread waiter([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    page.Stop();
  });
  std::cout << "kiosk page: http://" << (host.find(':') != std::string::npos ? "[" + host + "]" : host)
            << ":" << page.port() << "/" << std::endl;
  const absl::Status served = page.Serve();
  // Wake the waiter if the page stopped on its own.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  return served;
}

}  // namespace gongxin::client
