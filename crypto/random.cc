#include "crypto/random.h"

#include <openssl/rand.h>

#include <climits>

#include "absl/strings/str_cat.h"
#include "crypto/openssl_error.h"

namespace gongxin::crypto {

absl::StatusOr<std::string> RandomBytes(size_t n) {
  if (n > INT_MAX) {
    return absl::InvalidArgumentError(absl::StrCat(
        "RandomBytes: ", n, " bytes requested; at most ", INT_MAX));
  }
  std::string out(n, '\0');
  if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()),
                          static_cast<int>(n)) != 1) {
    return OpenSslError(absl::StatusCode::kInternal, "RAND_bytes");
  }
  return out;
}

}  // namespace gongxin::crypto
