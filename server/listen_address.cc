#include "server/listen_address.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace gongxin::server {
namespace {

struct AddrInfoFree {
  void operator()(addrinfo* info) const { freeaddrinfo(info); }
};

bool IsLoopback(const std::string& address) {
  in_addr v4;
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6;
  if (inet_pton(AF_INET6, address.c_str(), &v6) != 1) return false;
  if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
  return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ResolveHost(const std::string& host) {
  addrinfo hints;
  std::memset(&hints, 0, sizeof(hints));
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* raw = nullptr;
  const int error = getaddrinfo(host.c_str(), nullptr, &hints, &raw);
  if (error != 0) {
    return absl::NotFoundError(
        absl::StrCat("host \"", host, "\" does not resolve: ", gai_strerror(error)));
  }
  std::unique_ptr<addrinfo, AddrInfoFree> list(raw);
  std::vector<std::string> addresses;
  for (const addrinfo* a = list.get(); a != nullptr; a = a->ai_next) {
    char text[INET6_ADDRSTRLEN] = {};
    const void* bytes = nullptr;
    if (a->ai_family == AF_INET) {
      bytes = &reinterpret_cast<const sockaddr_in*>(a->ai_addr)->sin_addr;
    } else if (a->ai_family == AF_INET6) {
      bytes = &reinterpret_cast<const sockaddr_in6*>(a->ai_addr)->sin6_addr;
    } else {
      continue;
    }
    if (inet_ntop(a->ai_family, bytes, text, sizeof(text)) != nullptr) addresses.push_back(text);
  }
  return addresses;
}

absl::StatusOr<std::string> LoopbackListenAddress(absl::string_view listen,
                                                  const HostResolver& resolve) {
  const auto refuse = [listen](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--insecure is accepted only with a loopback listen address (127.0.0.1, ::1 or "
        "localhost): \"",
        listen, "\" ", why));
  };
  const size_t colon = listen.rfind(':');
  if (colon == absl::string_view::npos) return refuse("is not HOST:PORT");
  absl::string_view host = listen.substr(0, colon);
  const absl::string_view port = listen.substr(colon + 1);
  const bool bracketed = host.size() >= 2 && host.front() == '[' && host.back() == ']';
  if (bracketed) host = host.substr(1, host.size() - 2);
  if (host.empty()) return refuse("listens on every interface");
  absl::StatusOr<std::vector<std::string>> addresses = resolve(std::string(host));
  if (!addresses.ok()) return refuse(absl::StrCat("cannot be checked: ", addresses.status().message()));
  if (addresses->empty()) return refuse("resolves to no address");
  for (const std::string& address : *addresses) {
    if (!IsLoopback(address)) {
      return refuse(absl::StrCat("resolves to ", absl::StrJoin(*addresses, ", "), ", and ", address,
                                 " is not loopback"));
    }
  }
  const std::string& first = addresses->front();
  const bool v6 = first.find(':') != std::string::npos;
  return absl::StrCat(v6 ? "[" : "", first, v6 ? "]" : "", ":", port);
}

}  // namespace gongxin::server
