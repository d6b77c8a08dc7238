#include "kiosk/slip.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "crypto/random.h"
#include "kiosk/receipt_code.h"
#include "ledger/format.h"

namespace gongxin::kiosk {

absl::StatusOr<std::string> NewSlipSecret() {
  return crypto::RandomBytes(ledger::kSlipSecretSize);
}

std::string SlipCode(absl::string_view secret) { return ReceiptCode(secret); }

absl::StatusOr<std::string> ParseSlipCode(absl::string_view code) {
  return ParseReceiptCode(code);
}

std::string SlipAddress(absl::string_view page, absl::string_view secret) {
  return absl::StrCat(absl::StripSuffix(page, "/"), "/s/",
                      absl::StrReplaceAll(SlipCode(secret), {{"-", ""}}));
}

}  // namespace gongxin::kiosk
