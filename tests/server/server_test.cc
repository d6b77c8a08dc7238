// What gongxind refuses at start: files of secrets open to others.
#include "server/server.h"

#include <sys/stat.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "crypto/x509.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace gongxin::server {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

class ServerStartTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_OK(crypto::CreateLocalPki(Pki())); }

  ServerOptions Options() const {
    ServerOptions o;
    o.data_dir = Data();
    o.cert_file = Pki() + "/server.pem";
    o.key_file = Pki() + "/server.key";
    o.client_ca_file = Pki() + "/ca.pem";
    return o;
  }
  std::string Pki() const { return dir_.File("pki"); }
  std::string Data() const { return dir_.File("data"); }

  testing::TempDir dir_;
};

TEST_F(ServerStartTest, DataDirectoryOpenToOthersIsRefusedSayingWhatToRun) {
  ASSERT_EQ(::mkdir(Data().c_str(), 0700), 0);
  ASSERT_EQ(::chmod(Data().c_str(), 0755), 0);
  EXPECT_THAT(Server::Start(Options()).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr(Data()), HasSubstr("0755"),
                             HasSubstr("chmod 700 " + Data()))));
  ASSERT_EQ(::chmod(Data().c_str(), 0700), 0);
  EXPECT_OK(Server::Start(Options()).status());
}

TEST_F(ServerStartTest, MissingDataDirectoryIsCreatedOwnerOnly) {
  ASSERT_OK(Server::Start(Options()).status());
  struct stat st;
  ASSERT_EQ(::stat(Data().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0700u);
  ASSERT_EQ(::stat(LedgerPath(Data()).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 077, 0u) << "the ledger directory is open to others";
}

TEST_F(ServerStartTest, TlsKeyReadableByOthersIsRefused) {
  const std::string key = Pki() + "/server.key";
  ASSERT_EQ(::chmod(key.c_str(), 0640), 0);
  EXPECT_THAT(Server::Start(Options()).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr(key), HasSubstr("chmod 600"))));
}

TEST_F(ServerStartTest, SigningKeyReadableByOthersIsRefused) {
  ASSERT_OK(Server::Start(Options()).status());
  const std::string key = SigningKeyPath(Data());
  ASSERT_EQ(::chmod(key.c_str(), 0644), 0);
  EXPECT_THAT(Server::Start(Options()).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr(key), HasSubstr("chmod 600"))));
}

}  // namespace
}  // namespace gongxin::server
