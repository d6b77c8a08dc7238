// Where gongxind listens, and whether that is this machine only: --insecure
// (plaintext, roles from a header) is refused unless every address the
// listen host resolves to is a loopback address.
#ifndef GONGXIN_SERVER_LISTEN_ADDRESS_H_
#define GONGXIN_SERVER_LISTEN_ADDRESS_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gongxin::server {

// The numeric addresses `host` stands for ("127.0.0.1", "::1", ...): itself
// if numeric, else what getaddrinfo answers (/etc/hosts, DNS). Errors name
// the host.
using HostResolver = std::function<absl::StatusOr<std::vector<std::string>>(const std::string& host)>;
absl::StatusOr<std::vector<std::string>> ResolveHost(const std::string& host);

// LoopbackListenAddress returns `listen` ("HOST:PORT", "[V6]:PORT") with the
// host replaced by the first numeric address it resolves to, provided every
// address it resolves to is loopback (127.0.0.0/8, ::1, ::ffff:127.0.0.0/104),
// so that gRPC binds exactly what was checked. INVALID_ARGUMENT, naming the
// listen address and what it resolved to, otherwise: "0.0.0.0", "[::]", an
// empty host, a name that resolves elsewhere or not at all.
absl::StatusOr<std::string> LoopbackListenAddress(absl::string_view listen,
                                                  const HostResolver& resolve = ResolveHost);

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_LISTEN_ADDRESS_H_
