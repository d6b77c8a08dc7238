#include "crypto/openssl_error.h"

#include <openssl/err.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"

namespace gongxin::crypto {

absl::Status OpenSslError(absl::StatusCode code, absl::string_view what) {
  std::string message(what);
  const char* separator = ": ";
  while (unsigned long err = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(err, buf, sizeof(buf));
    absl::StrAppend(&message, separator, buf);
    separator = "; ";
  }
  return absl::Status(code, message);
}

void DieWithOpenSslError(absl::string_view what) {
  absl::Status status = OpenSslError(absl::StatusCode::kInternal, what);
  std::fprintf(stderr, "gongxin::crypto: fatal: %s\n",
               status.ToString().c_str());
  std::abort();
}

void ClearOpenSslErrors() { ERR_clear_error(); }

}  // namespace gongxin::crypto
