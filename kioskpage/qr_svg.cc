#include "kioskpage/qr_svg.h"

#include <qrencode.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "report/html.h"

namespace gongxin::kioskpage {
namespace {

struct QrFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

absl::StatusOr<std::string> QrSvg(absl::string_view text, absl::string_view title, int size_mm) {
  const std::string input(text);
  std::unique_ptr<QRcode, QrFree> code(
      QRcode_encodeString(input.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, /*casesensitive=*/1));
  if (code == nullptr) {
    return absl::InternalError(absl::StrCat("QR code: cannot encode ", input.size(), " bytes"));
  }
  const int width = code->width;
  const int quiet = 4;
  const int total = width + 2 * quiet;
  // One path of unit squares: small, and crisp at any size.
  std::string path;
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) {
      if (code->data[y * width + x] & 1) {
        absl::StrAppend(&path, "M", x + quiet, " ", y + quiet, "h1v1h-1z");
      }
    }
  }
  return absl::StrCat("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ",
                      total, " ", total, "\" width=\"", size_mm, "mm\" height=\"", size_mm,
                      "mm\" shape-rendering=\"crispEdges\"><title>", report::Escape(title),
                      "</title><rect width=\"", total, "\" height=\"", total,
                      "\" fill=\"#fff\"/><path d=\"", path, "\" fill=\"#000\"/></svg>");
}

}  // namespace gongxin::kioskpage
