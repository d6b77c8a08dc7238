// gongxind with its ledger on etcd (issue 15, item 1), end to end: a real
// etcd on 127.0.0.1 over mutual TLS, gongxind started with --etcd-*, a
// meeting run through the CLI, gongxind killed with kill -9 and restarted
// — every acknowledged ballot is there, the export verifies, and the data
// directory holds no ledger of its own.
#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/testing/etcd_server.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::testing {
namespace {

using ::testing::HasSubstr;

class EtcdE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    ASSERT_OK(etcd_.Start());
    const storage::EtcdStoreOptions o = etcd_.StoreOptions("gongxin/");
    extra_server_args_ = {"--etcd-endpoint", o.endpoint, "--etcd-ca", o.ca_file,
                          "--etcd-cert", o.cert_file, "--etcd-key", o.key_file};
    E2eTest::SetUp();
  }

  TempDir etcd_dir_;
  EtcdServer etcd_{etcd_dir_.path()};
};

TEST_F(EtcdE2eTest, AMeetingOnEtcdSurvivesKillDashNineOfGongxind) {
  const std::string id = SixBallotsForHead("");
  EXPECT_THAT(ServerLog(), HasSubstr("ledger on etcd at " + etcd_.endpoint()));
  // kill -9 after six acknowledged ballots, then a restart on the same etcd.
  server_->Kill(SIGKILL);
  StartServer();
  RunResult shown = Cli({"meeting", "show", id});
  ASSERT_EQ(shown.code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("已投票数：6"));
  ASSERT_EQ(Cli({"meeting", "close", id}).code, 0);
  RunResult counted = Cli({"tally", "count", id});
  ASSERT_EQ(counted.code, 0) << counted.err;
  RunResult result = Cli({"tally", "show", id, "--format", "csv"});
  ASSERT_EQ(result.code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("张伟"));
  const std::string exported = dir_.File("m.gxe");
  ASSERT_EQ(Cli({"audit", "export", id, "--out", exported}).code, 0);
  RunResult verified = Cli({"audit", "verify", exported, "--trust", trust_});
  ASSERT_EQ(verified.code, 0) << verified.err;
  EXPECT_THAT(verified.out, HasSubstr("6 ballots"));
  EXPECT_FALSE(std::filesystem::exists(Data() + "/ledger"))
      << "gongxind on etcd made a RocksDB ledger too";
}

TEST_F(EtcdE2eTest, GongxindRefusesToStartWhenEtcdDoesNotAnswer) {
  server_->Kill(SIGTERM);
  etcd_.Kill();
  const RunResult refused =
      RunCommand({GongxindBinary(), "--listen", "127.0.0.1:0", "--data-dir", Data(),
                  "--tls-dir", Pki(), "--etcd-endpoint", etcd_.endpoint(), "--etcd-ca",
                  etcd_dir_.path() + "/ca.pem", "--etcd-cert", etcd_dir_.path() + "/client.pem",
                  "--etcd-key", etcd_dir_.path() + "/client.key"},
                 dir_.path());
  EXPECT_NE(refused.code, 0);
  EXPECT_THAT(refused.err, HasSubstr("does not answer"));
}

}  // namespace
}  // namespace gongxin::testing
