// PDF of a printable page (the result report, the announcement), made by
// headless Chromium's print: the same HTML and print stylesheet a browser
// prints, so the PDF and the paper from the HTML are one layout, and
// Chromium embeds the fonts it drew with (for Chinese, the CJK font the
// system has: fonts-wqy-microhei on Debian) as subsets.
//
// Chromium runs with a fresh profile in a private scratch directory, no
// network access is needed (the pages are self-contained) and it is killed,
// with every process it started, if it has not finished in time.
#ifndef GONGXIN_CLIENT_PDF_PRINT_H_
#define GONGXIN_CLIENT_PDF_PRINT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gongxin::client {

// ChromiumPath: $GONGXIN_CHROMIUM if set, else /usr/bin/chromium or
// /usr/bin/chromium-browser if present, else "".
std::string ChromiumPath();

// PrintHtmlToPdf returns the PDF of `html`. FAILED_PRECONDITION when no
// Chromium is installed (saying which package to install); UNAVAILABLE when
// Chromium fails or times out, with the end of what it printed on stderr.
absl::StatusOr<std::string> PrintHtmlToPdf(absl::string_view html, int timeout_seconds = 120);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_PDF_PRINT_H_
