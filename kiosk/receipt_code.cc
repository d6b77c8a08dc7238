#include "kiosk/receipt_code.h"

#include "util/typed_code.h"

namespace gongxin::kiosk {

static_assert(kReceiptCodeBytes == util::kTypedCodeBytes);

std::string ReceiptCode(absl::string_view hash) { return util::EncodeTypedCode(hash); }

absl::StatusOr<std::string> ParseReceiptCode(absl::string_view code) {
  return util::ParseTypedCode(code, "receipt code");
}

}  // namespace gongxin::kiosk
