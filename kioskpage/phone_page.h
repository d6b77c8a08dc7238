// The phone page: an HTTPS server on the room's own network through which a
// voter votes on their own phone with a printed slip (kiosk/slip.h). The
// slip's QR code opens /s/<code>; a voter who cannot scan types the code.
// The page checks the slip with gongxind, lets the voter fill every form
// the slip carries, and only at "cast" redeems the slip — for the bound
// voter's credentials and blind signatures over tokens blinded here, in
// memory — and casts. What the voter fills lives in this process's memory
// only, in a session named by a random cookie, and is gone when the voter
// finishes or leaves it idle; the slip is never written down here.
#ifndef GONGXIN_KIOSKPAGE_PHONE_PAGE_H_
#define GONGXIN_KIOSKPAGE_PHONE_PAGE_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gongxin/v1/meeting.pb.h"
#include "kiosk/kiosk.h"
#include "report/messages.h"

namespace gongxin::kioskpage {

struct PhonePageOptions {
  std::string meeting_id;
  v1::MeetingSpec spec;
  std::string locale = "zh-CN";  // each voter's first language
  // The page's TLS certificate (PEM, its chain) and key: phones must trust
  // it (docs/operations.md, "Phones and the room's certificate").
  std::string cert_path;
  std::string key_path;
  absl::Duration idle_warning = absl::Minutes(3);
  absl::Duration idle_reset = absl::Seconds(60);
};

class PhonePage {
 public:
  // `kiosk` (the page's connection to gongxind, with a kiosk certificate)
  // must outlive the page.
  PhonePage(kiosk::Kiosk* kiosk, PhonePageOptions options);
  ~PhonePage();
  PhonePage(const PhonePage&) = delete;
  PhonePage& operator=(const PhonePage&) = delete;

  // Binds `host`:`port` (0: any free port). Any address — phones reach it
  // over the room's network — but always TLS: INVALID_ARGUMENT if the
  // certificate or key cannot be loaded; UNAVAILABLE if it cannot bind.
  absl::Status Bind(const std::string& host, int port);
  int port() const;
  absl::Status Serve();
  void Stop();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The voter's words for a refusal of their slip (by gongxind's status).
std::string SlipRefusalWords(const absl::Status& status, const report::Messages& m);

}  // namespace gongxin::kioskpage

#endif  // GONGXIN_KIOSKPAGE_PHONE_PAGE_H_
