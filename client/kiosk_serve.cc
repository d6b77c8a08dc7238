#include "client/kiosk_serve.h"

#include <pthread.h>
#include <signal.h>

#include <iostream>
#include <mutex>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/export_fetch.h"
#include "client/roll_csv.h"
#include "kiosk/kiosk.h"
#include "ledger/format.h"
#include "ledger/verification_code.h"
#include "kioskpage/kiosk_page.h"
#include "kioskpage/phone_page.h"
#include "kioskpage/screen_page.h"
#include "client/report_commands.h"
#include "report/result_report.h"
#include "util/status_macros.h"

namespace gongxin::client {

namespace {

struct Listen {
  std::string host;
  int port = -1;
};

absl::StatusOr<Listen> ParseListen(const std::string& listen) {
  const size_t colon = listen.rfind(':');
  Listen l;
  if (colon == std::string::npos || !absl::SimpleAtoi(listen.substr(colon + 1), &l.port) ||
      l.port < 0 || l.port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("--listen: \"", listen, "\" is not HOST:PORT, e.g. 127.0.0.1:8080"));
  }
  l.host = listen.substr(0, colon);
  if (l.host.size() > 2 && l.host.front() == '[' && l.host.back() == ']') {
    l.host = l.host.substr(1, l.host.size() - 2);
  }
  return l;
}

std::string Url(const char* scheme, const std::string& host, int port) {
  return absl::StrCat(scheme, "://",
                      host.find(':') != std::string::npos ? absl::StrCat("[", host, "]") : host,
                      ":", port, "/");
}

// Serves `page` until SIGINT or SIGTERM, which stop it from a thread of
// their own, so a voter's unsent answers die with the process and nothing
// is written.
template <class Page>
absl::Status ServeUntilSignal(Page& page) {
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
  const absl::Status served = page.Serve();
  // Wake the waiter if the page stopped on its own.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  return served;
}

}  // namespace

absl::Status KioskServe(const kiosk::ConnectionOptions& connection, const KioskServeArgs& args) {
  ASSIGN_OR_RETURN(const Listen listen, ParseListen(args.listen));
  const std::string& host = listen.host;
  const int port = listen.port;

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

  std::cout << "kiosk page: " << Url("http", host, page.port()) << std::endl;
  return ServeUntilSignal(page);
}

absl::Status PhoneServe(const kiosk::ConnectionOptions& connection, const PhoneServeArgs& args) {
  ASSIGN_OR_RETURN(const Listen listen, ParseListen(args.listen));
  kioskpage::PhonePageOptions options;
  options.meeting_id = args.meeting_id;
  options.locale = args.locale;
  options.cert_path = args.tls_cert;
  options.key_path = args.tls_key;
  options.idle_warning = absl::Seconds(args.idle_seconds);
  options.idle_reset = absl::Seconds(args.reset_seconds);
  ASSIGN_OR_RETURN(kiosk::Connection conn, kiosk::Connection::Connect(connection, "kiosk"));
  ASSIGN_OR_RETURN(v1::MeetingInfo info, kiosk::GetMeeting(conn, args.meeting_id));
  options.spec = info.spec();
  // Blinding state stays in memory on this page (kiosk/kiosk.h,
  // SlipBlinding): the state directory is never used.
  kiosk::Kiosk kiosk(conn, "");
  kioskpage::PhonePage page(&kiosk, std::move(options));
  RETURN_IF_ERROR(page.Bind(listen.host, listen.port));
  std::cout << "phone page: " << Url("https", listen.host, page.port()) << std::endl;
  return ServeUntilSignal(page);
}

absl::Status ScreenServe(const kiosk::ConnectionOptions& connection, const ScreenServeArgs& args) {
  ASSIGN_OR_RETURN(const Listen listen, ParseListen(args.listen));
  if (args.tls_cert.empty() != args.tls_key.empty()) {
    return absl::InvalidArgumentError("--tls-cert, --tls-key: give both or neither");
  }
  // The auditor role reads everything the screen shows and can change
  // nothing.
  ASSIGN_OR_RETURN(kiosk::Connection conn, kiosk::Connection::Connect(connection, "auditor"));
  ASSIGN_OR_RETURN(v1::MeetingInfo first, kiosk::GetMeeting(conn, args.meeting_id));
  const report::Messages& words = report::MessagesFor(args.locale);
  // The announcement's 核验码, shown for the room to compare with the paper.
  ASSIGN_OR_RETURN(const std::string genesis, FetchGenesisEntry(conn, args.meeting_id));
  const std::string code = ledger::VerificationCode(args.meeting_id, ledger::DocumentKind::kAnnouncement, 0, ledger::EntryHash(genesis));
  kioskpage::ScreenPageOptions options;
  options.cert_path = args.tls_cert;
  options.key_path = args.tls_key;
  std::mutex mu;  // the page's threads share `last`
  // A published result never changes: fetched and rendered once.
  std::string published;
  options.render = [&conn, &args, &words, &mu, &published, &code,
                    last = first]() mutable -> std::string {
    std::lock_guard<std::mutex> lock(mu);
    if (!published.empty()) return published;
    absl::StatusOr<v1::MeetingInfo> info = kiosk::GetMeeting(conn, args.meeting_id);
    if (!info.ok()) {
      return kioskpage::ProgressScreen(last, args.refresh_seconds, words.screen_unreachable, words,
                                       code);
    }
    last = *info;
    if (info->status() == v1::MEETING_STATUS_PUBLISHED) {
      absl::StatusOr<report::ResultReportInput> in =
          FetchResultReportInput(conn, args.meeting_id, args.locale);
      absl::StatusOr<std::string> html =
          in.ok() ? report::RenderResultHtml(*in) : absl::StatusOr<std::string>(in.status());
      if (html.ok()) return published = *std::move(html);
    }
    return kioskpage::ProgressScreen(*info, args.refresh_seconds, "", words, code);
  };
  kioskpage::ScreenPage page(std::move(options));
  RETURN_IF_ERROR(page.Bind(listen.host, listen.port));
  std::cout << "screen: " << Url(args.tls_cert.empty() ? "http" : "https", listen.host, page.port())
            << std::endl;
  return ServeUntilSignal(page);
}

}  // namespace gongxin::client
