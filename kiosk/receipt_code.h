// The receipt as a voter can copy it by hand: the first 80 bits of the
// ballot's hash (a named ballot's ledger entry hash, an anonymous ballot's
// ballot hash) in RFC 4648 base32, with a check character, in groups of
// four: "K7QD-2MXA-9…". `gongxin receipt check CODE --export F` finds the
// ballot it names in an export. 80 bits make an accidental match between
// two ballots of a meeting unlikely beyond any meeting's size (2^-40 for a
// million ballots); the signed receipt stays the proof, the code is what a
// voter can keep on paper or in a photo of the screen.
#ifndef GONGXIN_KIOSK_RECEIPT_CODE_H_
#define GONGXIN_KIOSK_RECEIPT_CODE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gongxin::kiosk {

// The bytes of the hash a code carries.
inline constexpr size_t kReceiptCodeBytes = 10;

// ReceiptCode: the code of `hash` (at least kReceiptCodeBytes long):
// 16 base32 characters and a Luhn mod 32 check character, in groups of
// four separated by '-'.
std::string ReceiptCode(absl::string_view hash);

// ParseReceiptCode returns the kReceiptCodeBytes the code carries. It
// ignores case, spaces and dashes and reads 0 as O, 1 as I and 8 as B (the
// alphabet has none of them, and they are what a reader mistypes).
// INVALID_ARGUMENT, saying what is wrong, for a wrong length, a character
// outside the alphabet, or a check character that does not match (any one
// mistyped character; two neighbours swapped, but for A and 7).
absl::StatusOr<std::string> ParseReceiptCode(absl::string_view code);

}  // namespace gongxin::kiosk

#endif  // GONGXIN_KIOSK_RECEIPT_CODE_H_
