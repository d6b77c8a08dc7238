// A printed slip for voting by phone: its secret (ledger::kSlipSecretSize
// random bytes, named on the ledger only by ledger::SlipHash) and how a
// voter types it — the same 16 base32 characters and check character as a
// receipt code (kiosk/receipt_code.h), so one mistyped character is caught
// on the phone before anything reaches the server.
#ifndef GONGXIN_KIOSK_SLIP_H_
#define GONGXIN_KIOSK_SLIP_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gongxin::kiosk {

// NewSlipSecret draws a fresh secret from the system's CSPRNG.
absl::StatusOr<std::string> NewSlipSecret();
// NewSessionId names a phone's session on the phone page: 128 random bits
// in hex, so a cookie says nothing about the slip or the voter.
absl::StatusOr<std::string> NewSessionId();
// SlipCode spells `secret`: "K7QD-2MXA-…-X".
std::string SlipCode(absl::string_view secret);
// ParseSlipCode returns the secret a typed or scanned code carries;
// INVALID_ARGUMENT saying what is wrong (ParseReceiptCode's rules).
absl::StatusOr<std::string> ParseSlipCode(absl::string_view code);
// SlipAddress is what a slip's QR code holds: the phone page's address
// (e.g. "https://192.0.2.10:8443") followed by "/s/" and the code without
// dashes.
std::string SlipAddress(absl::string_view page, absl::string_view secret);

}  // namespace gongxin::kiosk

#endif  // GONGXIN_KIOSK_SLIP_H_
