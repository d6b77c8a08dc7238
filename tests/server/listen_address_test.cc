#include "server/listen_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/server.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace gongxin::server {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

// Names as a hostile or careless /etc/hosts or DNS might answer them; the
// test never asks a real resolver about a name.
HostResolver FakeDns() {
  return [](const std::string& host) -> absl::StatusOr<std::vector<std::string>> {
    static const auto* names = new std::map<std::string, std::vector<std::string>>{
        {"localhost", {"127.0.0.1", "::1"}},
        {"127.0.0.1.example.com", {"203.0.113.7"}},
        {"gongxin.example", {"192.0.2.10"}},
        {"half.example", {"127.0.0.1", "192.0.2.11"}},
        {"mapped.example", {"::ffff:127.0.0.2"}},
    };
    auto it = names->find(host);
    if (it != names->end()) return it->second;
    unsigned char bytes[sizeof(in6_addr)];
    if (inet_pton(AF_INET, host.c_str(), bytes) == 1 ||
        inet_pton(AF_INET6, host.c_str(), bytes) == 1) {
      return std::vector<std::string>{host};
    }
    return absl::NotFoundError("host \"" + host + "\" does not resolve: unknown name");
  };
}

// What gongxind binds for `listen`, or the error.
std::string Bound(const std::string& listen) {
  absl::StatusOr<std::string> bound = LoopbackListenAddress(listen, FakeDns());
  return bound.ok() ? *bound : bound.status().ToString();
}

TEST(ListenAddressTest, LoopbackAddressesAreAcceptedAndBoundAsChecked) {
  EXPECT_EQ(Bound("127.0.0.1:0"), "127.0.0.1:0");
  EXPECT_EQ(Bound("127.1.2.3:7443"), "127.1.2.3:7443");
  EXPECT_EQ(Bound("[::1]:7443"), "[::1]:7443");
  // A name is replaced by the address that was checked, so gRPC does not
  // resolve it a second time into something else.
  EXPECT_EQ(Bound("localhost:7443"), "127.0.0.1:7443");
  EXPECT_EQ(Bound("mapped.example:1"), "[::ffff:127.0.0.2]:1");
}

TEST(ListenAddressTest, WhatResolvesOffThisMachineIsRefused) {
  for (const char* listen : {"0.0.0.0:7443", "[::]:7443", ":7443", "gongxin.example:7443",
                             "127.0.0.1.example.com:7443", "half.example:7443",
                             "nosuch.invalid:7443", "7443", "128.0.0.1:1"}) {
    EXPECT_THAT(LoopbackListenAddress(listen, FakeDns()),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         AllOf(HasSubstr("loopback"), HasSubstr(listen))))
        << listen;
  }
  EXPECT_THAT(LoopbackListenAddress("127.0.0.1.example.com:7443", FakeDns()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("resolves to 203.0.113.7, and 203.0.113.7 is not loopback")));
  EXPECT_THAT(LoopbackListenAddress("half.example:7443", FakeDns()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("192.0.2.11 is not loopback")));
}

TEST(ListenAddressTest, TheRealResolverKnowsNumericAddressesAndLocalhost) {
  EXPECT_EQ(ResolveHost("127.0.0.1").value_or(std::vector<std::string>{}),
            std::vector<std::string>{"127.0.0.1"});
  EXPECT_EQ(ResolveHost("::1").value_or(std::vector<std::string>{}), std::vector<std::string>{"::1"});
  EXPECT_OK(LoopbackListenAddress("localhost:0"));
  EXPECT_THAT(LoopbackListenAddress("0.0.0.0:0"), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ListenAddressTest, InsecureServerIsRefusedOnEveryInterface) {
  for (const char* listen : {"0.0.0.0:0", "[::]:0"}) {
    testing::TempDir dir;
    ServerOptions o;
    o.listen = listen;
    o.data_dir = dir.File("data");
    o.insecure = true;
    EXPECT_THAT(Server::Start(o).status(),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("loopback")))
        << listen;
  }
}

}  // namespace
}  // namespace gongxin::server
