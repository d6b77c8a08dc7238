// Codes a person copies by hand — a voter's receipt code, a printed
// document's verification code: 80 bits as 16 characters of RFC 4648
// base32 and a Luhn mod 32 check character, in groups of four
// ("K7QD-2MXA-9…-X"). Reading ignores case, spaces and dashes, takes 0, 1
// and 8 for O, I and B (the alphabet has none of them, and they are what a
// reader mistypes), and the check character catches any one mistyped
// character and any swap of two neighbours but A with 7.
#ifndef GONGXIN_UTIL_TYPED_CODE_H_
#define GONGXIN_UTIL_TYPED_CODE_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gongxin::util {

// The bytes a code carries.
inline constexpr size_t kTypedCodeBytes = 10;

// EncodeTypedCode: the code of the first kTypedCodeBytes of `bytes`
// (shorter input is encoded as far as it goes).
std::string EncodeTypedCode(absl::string_view bytes);

// ParseTypedCode returns the kTypedCodeBytes `code` carries.
// INVALID_ARGUMENT, starting with `what` (e.g. "receipt code") and saying
// what is wrong: a wrong length, a character outside the alphabet, or a
// check character that does not match.
absl::StatusOr<std::string> ParseTypedCode(absl::string_view code, absl::string_view what);

}  // namespace gongxin::util

#endif  // GONGXIN_UTIL_TYPED_CODE_H_
