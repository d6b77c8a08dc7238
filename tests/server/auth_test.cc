#include "server/auth.h"

#include <chrono>
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "gtest/gtest.h"
#include "server/server.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_certificates.h"
#include "tests/testing/test_server.h"

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

// Certificates the CA signed, so TLS accepts them, but which must not make
// their holder an admin.
class ClientCertificateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::TestServer>(dir_.path());
    ASSERT_OK(server_->Start());
  }

  void Issue(const std::string& name, const std::string& subject, const std::string& extensions) {
    ASSERT_EQ(testing::IssueTestCertificate(server_->pki_dir(), name, subject, extensions), "");
  }

  // ListMeetings (every role may call it) as pki/<identity>.pem.
  grpc::Status ListMeetingsAs(const std::string& identity) {
    auto stub = v1::MeetingService::NewStub(server_->Channel(identity));
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    v1::ListMeetingsRequest req;
    v1::ListMeetingsResponse resp;
    return stub->ListMeetings(&ctx, req, &resp);
  }

  // Issues the certificate and expects it to be PERMISSION_DENIED, `why`.
  void ExpectDenied(const std::string& name, const std::string& subject,
                    const std::string& extensions, const std::string& why) {
    Issue(name, subject, extensions);
    const grpc::Status s = ListMeetingsAs(name);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
    EXPECT_THAT(s.error_message(), HasSubstr(why));
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::TestServer> server_;
};

TEST_F(ClientCertificateTest, CertificateIssuedToAClientIsAccepted) {
  Issue("proper", "/O=gongxin/OU=admin/CN=proper",
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
        "extendedKeyUsage=clientAuth");
  EXPECT_TRUE(ListMeetingsAs("proper").ok()) << ListMeetingsAs("proper").error_message();
  EXPECT_TRUE(ListMeetingsAs("admin").ok());
}

TEST_F(ClientCertificateTest, CaCertificateIsNotAClient) {
  ExpectDenied("sub-ca", "/O=gongxin/OU=admin/CN=sub-ca",
               "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,digitalSignature\n"
               "extendedKeyUsage=clientAuth",
               "\"sub-ca\" is a CA certificate");
}

TEST_F(ClientCertificateTest, CertificateWithoutClientAuthIsRefused) {
  ExpectDenied("no-eku", "/O=gongxin/OU=admin/CN=no-eku",
               "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature",
               "no extendedKeyUsage clientAuth");
}

TEST_F(ClientCertificateTest, CertificateWithoutBasicConstraintsIsRefused) {
  ExpectDenied("no-bc", "/O=gongxin/OU=admin/CN=no-bc",
               "keyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth", "CA:FALSE");
}

TEST_F(ClientCertificateTest, DuplicatedOuIsPermissionDenied) {
  ExpectDenied("two-ou", "/O=gongxin/OU=kiosk/OU=admin/CN=two-ou",
               "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
               "extendedKeyUsage=clientAuth",
               "more than one OU");
}

}  // namespace
}  // namespace gongxin::server
