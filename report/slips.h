// The slips for voting by phone as a sheet to print and cut: A4, two
// columns by four rows, each slip with its QR code and its code in text,
// what to do with it, and — for a reprint — that the slip it replaces is
// void. One self-contained HTML file (no script, no fetch), Chinese by
// default. The secrets are on this paper and nowhere else: the ledger holds
// only their hashes (ledger::SlipHash).
#ifndef GONGXIN_REPORT_SLIPS_H_
#define GONGXIN_REPORT_SLIPS_H_

#include <string>
#include <vector>

#include "report/messages.h"

namespace gongxin::report {

struct SlipSheet {
  std::string meeting_title;
  std::string meeting_id;
  std::string group_name;   // as the spec names the group (its id if unnamed)
  std::string page;         // the phone page's address, e.g. https://192.0.2.10:8443
  // SHA-256 of the CA certificate phones trust, "AB:CD:…"; empty: not shown.
  std::string ca_fingerprint;
  bool reprint = false;     // each slip replaces a voided one
  struct Slip {
    std::string code;     // kiosk::SlipCode, "K7QD-2MXA-…-X"
    std::string address;  // what the QR code holds (kiosk::SlipAddress)
    std::string qr_svg;   // the QR code as inline SVG (trusted markup, not escaped)
  };
  std::vector<Slip> slips;
};

// Slips per printed page (2 columns × 4 rows).
inline constexpr int kSlipsPerPage = 8;

// RenderSlipsHtml returns the HTML document in `m`'s language.
std::string RenderSlipsHtml(const SlipSheet& sheet, const Messages& m);

}  // namespace gongxin::report

#endif  // GONGXIN_REPORT_SLIPS_H_
