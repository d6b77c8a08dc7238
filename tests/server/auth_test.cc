#include "server/auth.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/server.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace gongxin::server {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

TEST(AuthTest, RolesParseByName) {
  EXPECT_EQ(*ParseRole("admin"), Role::kAdmin);
  EXPECT_EQ(*ParseRole("kiosk"), Role::kKiosk);
  EXPECT_EQ(*ParseRole("officer"), Role::kOfficer);
  EXPECT_EQ(*ParseRole("auditor"), Role::kAuditor);
  EXPECT_THAT(ParseRole("root"), StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(ParseRole(""), StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(AuthTest, RequireRoleNamesTheRpcAndTheRolesAllowed) {
  Caller kiosk{Role::kKiosk, "kiosk-1"};
  EXPECT_OK(RequireRole(kiosk, {Role::kKiosk}, "Cast"));
  EXPECT_THAT(RequireRole(kiosk, {Role::kAdmin, Role::kOfficer}, "Count"),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("Count is for the admin or officer role")));
}

TEST(AuthTest, LoopbackAddressesAreRecognised) {
  EXPECT_TRUE(IsLoopbackListenAddress("127.0.0.1:0"));
  EXPECT_TRUE(IsLoopbackListenAddress("127.1.2.3:7443"));
  EXPECT_TRUE(IsLoopbackListenAddress("localhost:7443"));
  EXPECT_TRUE(IsLoopbackListenAddress("[::1]:7443"));
  EXPECT_FALSE(IsLoopbackListenAddress("[::]:7443"));
  EXPECT_FALSE(IsLoopbackListenAddress("gongxin.example:7443"));
  EXPECT_FALSE(IsLoopbackListenAddress(":7443"));
}

TEST(AuthTest, InsecureModeIsRefusedOffLoopback) {
  testing::TempDir dir;
  ServerOptions o;
  o.listen = "[::]:0";
  o.data_dir = dir.File("data");
  o.insecure = true;
  EXPECT_THAT(Server::Start(o).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("loopback")));
}

TEST(AuthTest, TlsFilesAreRequiredWithoutInsecure) {
  testing::TempDir dir;
  ServerOptions o;
  o.data_dir = dir.File("data");
  EXPECT_THAT(Server::Start(o).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--cert")));
}

}  // namespace
}  // namespace gongxin::server
