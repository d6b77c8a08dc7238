// Cryptographically secure random bytes.
#ifndef GONGXIN_CRYPTO_RANDOM_H_
#define GONGXIN_CRYPTO_RANDOM_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"

namespace gongxin::crypto {

// RandomBytes returns `n` bytes from OpenSSL's CSPRNG (RAND_bytes: a DRBG
// seeded and reseeded from the operating system's entropy source). Suitable
// for keys, salts, nonces and tokens. Thread-safe.
// Errors: INVALID_ARGUMENT if n exceeds INT_MAX; INTERNAL if the generator
// cannot be seeded.
absl::StatusOr<std::string> RandomBytes(size_t n);

}  // namespace gongxin::crypto

#endif  // GONGXIN_CRYPTO_RANDOM_H_
