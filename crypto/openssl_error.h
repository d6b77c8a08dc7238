// Turning OpenSSL's thread-local error queue into absl::Status.
// Internal to crypto/.
#ifndef GONGXIN_CRYPTO_OPENSSL_ERROR_H_
#define GONGXIN_CRYPTO_OPENSSL_ERROR_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace gongxin::crypto {

// OpenSslError returns a status with `code` and the message
// "<what>: <OpenSSL errors>", draining this thread's OpenSSL error queue so no
// stale entry is blamed on a later call. With an empty queue the message is
// just `what`.
absl::Status OpenSslError(absl::StatusCode code, absl::string_view what);

// DieWithOpenSslError prints `what` and the queued OpenSSL errors to stderr
// and aborts. Only for failures that cannot happen short of memory
// exhaustion, in functions whose contract has no error path.
[[noreturn]] void DieWithOpenSslError(absl::string_view what);

// ClearOpenSslErrors drops this thread's queued OpenSSL errors, for failures
// that are reported without them (e.g. a signature that does not verify).
void ClearOpenSslErrors();

}  // namespace gongxin::crypto

#endif  // GONGXIN_CRYPTO_OPENSSL_ERROR_H_
