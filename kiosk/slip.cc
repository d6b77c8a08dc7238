#include "kiosk/slip.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "crypto/encoding.h"
#include "crypto/random.h"
#include "kiosk/receipt_code.h"
#include "ledger/format.h"

namespace gongxin::kiosk {

absl::StatusOr<std::string> NewSlipSecret() {
  return crypto::RandomBytes(ledger::kSlipSecretSize);
}

absl::StatusOr<std::string> NewSessionId() {
  absl::StatusOr<std::string> bytes = crypto::RandomBytes(16);
  if (!bytes.ok()) return bytes.status();
  return crypto::HexEncode(*bytes);
}

std::string SlipCode(absl::string_view secret) { return ReceiptCode(secret); }

absl::StatusOr<std::string> ParseSlipCode(absl::string_view code) {
  absl::StatusOr<std::string> secret = ParseReceiptCode(code);
  if (secret.ok()) return secret;
  // The same rules; but whoever typed a slip's code must not be told about
  // a receipt.
  return absl::Status(secret.status().code(),
                      absl::StrReplaceAll(secret.status().message(),
                                          {{"receipt code", "slip code"}}));
}

std::string SlipAddress(absl::string_view page, absl::string_view secret) {
  return absl::StrCat(absl::StripSuffix(page, "/"), "/s/",
                      absl::StrReplaceAll(SlipCode(secret), {{"-", ""}}));
}

}  // namespace gongxin::kiosk
