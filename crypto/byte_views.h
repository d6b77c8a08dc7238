// What the OpenSSL wrappers share: a string's bytes as OpenSSL takes them,
// and the check that a key or signature has its fixed size.
#ifndef GONGXIN_CRYPTO_BYTE_VIEWS_H_
#define GONGXIN_CRYPTO_BYTE_VIEWS_H_

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace gongxin::crypto {

inline const unsigned char* Bytes(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// INVALID_ARGUMENT "<what> must be N bytes, got M" unless `bytes` has `want`.
inline absl::Status CheckSize(absl::string_view what, absl::string_view bytes, size_t want) {
  if (bytes.size() == want) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(what, " must be ", want, " bytes, got ", bytes.size()));
}

}  // namespace gongxin::crypto

#endif  // GONGXIN_CRYPTO_BYTE_VIEWS_H_
