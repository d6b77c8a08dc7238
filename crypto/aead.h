// Authenticated encryption (AES-256-GCM) and HMAC-SHA256 for secrets that
// must become unreadable when their key is destroyed — the urn of anonymous
// ballots is sealed this way so that the order it was written in reveals
// nothing once the meeting's urn key is gone.
#ifndef GONGXIN_CRYPTO_AEAD_H_
#define GONGXIN_CRYPTO_AEAD_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gongxin::crypto {

inline constexpr size_t kAeadKeySize = 32;
inline constexpr size_t kAeadNonceSize = 12;
inline constexpr size_t kAeadTagSize = 16;

// AeadSeal encrypts `plaintext` under `key` (32 bytes) with a fresh random
// nonce, binding `associated_data`. Returns nonce || ciphertext || tag.
// INVALID_ARGUMENT for a key of the wrong size.
absl::StatusOr<std::string> AeadSeal(absl::string_view key, absl::string_view plaintext,
                                     absl::string_view associated_data);

// AeadOpen reverses AeadSeal. UNAUTHENTICATED when the sealed bytes, the key
// or the associated data do not match; INVALID_ARGUMENT when too short.
absl::StatusOr<std::string> AeadOpen(absl::string_view key, absl::string_view sealed,
                                     absl::string_view associated_data);

// HmacSha256 returns the 32-byte HMAC of `data` under `key`.
std::string HmacSha256(absl::string_view key, absl::string_view data);

}  // namespace gongxin::crypto

#endif  // GONGXIN_CRYPTO_AEAD_H_
