// A published meeting moved out of etcd through the CLI (issue 15, item 8):
// gongxind on a real etcd with --archive-dir, `gongxin meeting move-out`
// refused before the publication (naming the status) and without an
// archive directory, then done: etcd's keys under the prefix and its
// database size (Maintenance Status dbSize, after the defragmentation the
// purge makes) shrink, and the meeting is still shown, listed as moved,
// counted and exported byte for byte as before — an export that `gongxin
// audit verify` accepts — also after a restart of gongxind.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "etcdserverpb/rpc.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "ledger/export.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/testing/etcd_server.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/untimed_export.h"

namespace gongxin::testing {
namespace {

using ::testing::HasSubstr;

std::string MoveOutSlurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class MoveOutE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    ASSERT_OK(etcd_.Start());
    const storage::EtcdStoreOptions o = etcd_.StoreOptions("gongxin/");
    archive_dir_ = dir_.File("archive");
    extra_server_args_ = {"--etcd-endpoint", o.endpoint, "--etcd-ca", o.ca_file,
                          "--etcd-cert", o.cert_file, "--etcd-key", o.key_file,
                          "--archive-dir", archive_dir_};
    E2eTest::SetUp();
  }

  struct EtcdFigures {
    int64_t keys = -1;     // keys under gongxin/
    int64_t db_size = -1;  // bytes of the member's database file
  };

  EtcdFigures Figures() {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = MoveOutSlurp(etcd_dir_.path() + "/ca.pem");
    ssl.pem_cert_chain = MoveOutSlurp(etcd_dir_.path() + "/client.pem");
    ssl.pem_private_key = MoveOutSlurp(etcd_dir_.path() + "/client.key");
    auto channel = grpc::CreateChannel(etcd_.endpoint(), grpc::SslCredentials(ssl));
    EtcdFigures f;
    {
      grpc::ClientContext ctx;
      etcdserverpb::RangeRequest req;
      req.set_key("gongxin/");
      req.set_range_end("gongxin0");  // every key starting with "gongxin/"
      req.set_count_only(true);
      etcdserverpb::RangeResponse resp;
      grpc::Status s = etcdserverpb::KV::NewStub(channel)->Range(&ctx, req, &resp);
      EXPECT_TRUE(s.ok()) << s.error_message();
      f.keys = resp.count();
    }
    {
      grpc::ClientContext ctx;
      etcdserverpb::StatusResponse resp;
      grpc::Status s = etcdserverpb::Maintenance::NewStub(channel)->Status(&ctx, {}, &resp);
      EXPECT_TRUE(s.ok()) << s.error_message();
      f.db_size = resp.dbsize();
    }
    return f;
  }

  TempDir etcd_dir_;
  EtcdServer etcd_{etcd_dir_.path()};
  std::string archive_dir_;
};

TEST_F(MoveOutE2eTest, MoveOutShrinksEtcdAndTheExportStillVerifies) {
  // A roll of 3000: the meeting takes room in etcd worth freeing.
  WriteSampleMeetingFiles(dir_.path(), 3000);
  RunResult created = Cli({"meeting", "create", "--spec", dir_.File("meeting.yaml")});
  ASSERT_EQ(created.code, 0) << created.err;
  const std::string id(absl::StripAsciiWhitespace(created.out));
  ASSERT_EQ(Cli({"meeting", "announce", id}).code, 0);
  ASSERT_EQ(Cli({"meeting", "open", id}).code, 0);
  for (int v = 1; v <= 4; ++v) {
    RunResult voted = Cli({"kiosk", "vote", "--meeting", id, "--voter", VoterId(v), "--choose",
                           v % 2 ? "head=c1" : "head=c2"});
    ASSERT_EQ(voted.code, 0) << voted.err;
  }
  ASSERT_EQ(Cli({"meeting", "close", id}).code, 0);
  ASSERT_EQ(Cli({"tally", "count", id}).code, 0);

  // Not yet published: refused, naming the status.
  RunResult early = Cli({"meeting", "move-out", id});
  EXPECT_EQ(early.code, 1);
  EXPECT_THAT(early.err, HasSubstr("MEETING_STATUS_COUNTED"));
  EXPECT_FALSE(std::filesystem::exists(archive_dir_ + "/meeting-" + id + ".gxexport"));

  ASSERT_EQ(Cli({"meeting", "publish", id}).code, 0);
  const std::string before = dir_.File("before.gxe");
  ASSERT_EQ(Cli({"audit", "export", id, "--out", before}).code, 0);
  RunResult tally_before = Cli({"tally", "show", id, "--format", "csv"});
  ASSERT_EQ(tally_before.code, 0) << tally_before.err;
  const EtcdFigures live = Figures();

  RunResult moved = Cli({"meeting", "move-out", id});
  ASSERT_EQ(moved.code, 0) << moved.err;
  EXPECT_THAT(moved.out, HasSubstr("已移出账本"));
  const EtcdFigures after = Figures();
  std::cout << "etcd under gongxin/: " << live.keys << " keys, dbSize " << live.db_size
            << " bytes with the meeting; " << after.keys << " keys, dbSize " << after.db_size
            << " bytes after the move; export " << std::filesystem::file_size(before)
            << " bytes\n";
  EXPECT_LT(after.keys, live.keys) << "the meeting's keys are still in etcd";
  EXPECT_LT(after.db_size, live.db_size) << "etcd's database did not shrink";
  const std::string file = MoveOutSlurp(archive_dir_ + "/meeting-" + id + ".gxexport");
  EXPECT_EQ(UntimedExport(file), UntimedExport(MoveOutSlurp(before)));

  auto check_served = [&](const std::string& when) {
    RunResult shown = Cli({"--lang", "en", "meeting", "show", id});
    ASSERT_EQ(shown.code, 0) << when << ": " << shown.err;
    EXPECT_THAT(shown.out, HasSubstr("moved out:  into meeting-" + id)) << when;
    RunResult listed = Cli({"--lang", "en", "meeting", "list"});
    EXPECT_THAT(listed.out, HasSubstr("(moved out)")) << when;
    RunResult tally = Cli({"tally", "show", id, "--format", "csv"});
    ASSERT_EQ(tally.code, 0) << when << ": " << tally.err;
    EXPECT_EQ(tally.out, tally_before.out) << when;
    const std::string again = dir_.File("again.gxe");
    std::filesystem::remove(again);
    ASSERT_EQ(Cli({"audit", "export", id, "--out", again}).code, 0) << when;
    // The file, byte for byte; the export made before the move but for
    // the header's time of export.
    EXPECT_EQ(MoveOutSlurp(again), file) << when << ": the export differs from the file";
    EXPECT_EQ(UntimedExport(MoveOutSlurp(again)), UntimedExport(MoveOutSlurp(before)))
        << when << ": the export from the file differs from the one before the move";
    RunResult verified = Cli({"audit", "verify", again, "--trust", trust_});
    EXPECT_EQ(verified.code, 0) << when << ": " << verified.err;
    EXPECT_THAT(verified.out, HasSubstr("4 ballots")) << when;
    // The registry log keeps the meeting's leaf; its genesis is read from
    // the file, so the audit of the registry still finds every meeting.
    RunResult vkey = Cli({"audit", "verifier-key"});
    ASSERT_EQ(vkey.code, 0) << vkey.err;
    RunResult registry = Cli({"audit", "registry", "--trust-note-key",
                              std::string(absl::StripTrailingAsciiWhitespace(vkey.out))});
    EXPECT_EQ(registry.code, 0) << when << ": " << registry.out << registry.err;
    EXPECT_THAT(registry.out, HasSubstr(id)) << when;
    RunResult write = Cli({"meeting", "publish", id});
    EXPECT_NE(write.code, 0) << when << ": a write to a moved meeting went through";
  };
  check_served("after the move");
  server_->Kill(SIGTERM);
  StartServer();
  check_served("after a restart");
  EXPECT_THAT(Cli({"meeting", "move-out", id}).err, HasSubstr("moved out already"));
}

TEST_F(MoveOutE2eTest, MoveOutWithoutAnArchiveDirectoryIsRefused) {
  server_->Kill(SIGTERM);
  extra_server_args_.resize(extra_server_args_.size() - 2);  // no --archive-dir
  StartServer();
  const std::string id = SixBallotsForHead("");
  ASSERT_EQ(Cli({"meeting", "close", id}).code, 0);
  ASSERT_EQ(Cli({"tally", "count", id}).code, 0);
  ASSERT_EQ(Cli({"meeting", "publish", id}).code, 0);
  RunResult refused = Cli({"meeting", "move-out", id});
  EXPECT_EQ(refused.code, 1);
  EXPECT_THAT(refused.err, HasSubstr("--archive-dir"));
  RunResult shown = Cli({"meeting", "show", id});
  EXPECT_EQ(shown.code, 0) << shown.err;
  EXPECT_THAT(shown.out, ::testing::Not(HasSubstr("已移出账本")));
}

}  // namespace
}  // namespace gongxin::testing
