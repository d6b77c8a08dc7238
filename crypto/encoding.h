// Hex encoding and constant-time comparison of byte strings. For base64 use
// absl::Base64Escape / absl::Base64Unescape directly.
#ifndef GONGXIN_CRYPTO_ENCODING_H_
#define GONGXIN_CRYPTO_ENCODING_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gongxin::crypto {

// HexEncode returns `bytes` as lowercase hex, two digits per byte.
std::string HexEncode(absl::string_view bytes);

// HexDecode returns the bytes spelled by `hex` (upper or lower case digits).
// Errors: INVALID_ARGUMENT for an odd length or a non-hex character; the
// message gives the offset, never the input, which may be secret.
absl::StatusOr<std::string> HexDecode(absl::string_view hex);

// ConstantTimeEquals reports whether `a` and `b` hold the same bytes, in time
// that depends only on their lengths (CRYPTO_memcmp). Use it, never ==, for
// MACs, tokens and other secrets. Strings of different lengths are unequal;
// the length itself is not treated as secret.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

}  // namespace gongxin::crypto

#endif  // GONGXIN_CRYPTO_ENCODING_H_
