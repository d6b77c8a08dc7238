// A QR code as inline SVG (libqrencode draws the modules; no image file,
// so the page's Content-Security-Policy can forbid every fetch).
#ifndef GONGXIN_KIOSKPAGE_QR_SVG_H_
#define GONGXIN_KIOSKPAGE_QR_SVG_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gongxin::kioskpage {

// QrSvg: `text` as a QR code (error correction M, with the 4-module quiet
// zone), `size_mm` wide, titled `title` for screen readers. INTERNAL if
// libqrencode cannot encode it (text too long for any version).
absl::StatusOr<std::string> QrSvg(absl::string_view text, absl::string_view title, int size_mm);

}  // namespace gongxin::kioskpage

#endif  // GONGXIN_KIOSKPAGE_QR_SVG_H_
