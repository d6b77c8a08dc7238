// gongxind with its ledger on etcd (issue 15, item 1), end to end: a real
// etcd on 127.0.0.1 over mutual TLS, gongxind started with --etcd-*, a
// meeting run through the CLI, gongxind killed with kill -9 and restarted
// — every acknowledged ballot is there, the export verifies, and the data
// directory holds no ledger of its own.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "gongxin/v1/secrets.pb.h"
#include "server/meeting_secrets.h"
#include "server/replica_keys.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/testing/raw_files.h"
#include "tests/testing/sample_meeting.h"
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

  // Starts replica B: gongxind on the same etcd with a data directory of
  // its own holding copies of A's signing key and replica key pool
  // (replicas sign as one server and open each other's sealed secrets).
  // Its address goes to *address (empty if it did not start).
  std::unique_ptr<Process> StartReplicaB(std::string* address) {
    const std::string data_b = dir_.File("data-b");
    std::filesystem::create_directories(data_b);
    std::filesystem::permissions(data_b, std::filesystem::perms::owner_all);
    for (const char* file : {"/signing-key.pem", "/replica-keys"}) {
      std::filesystem::copy_file(Data() + file, data_b + file);
    }
    const storage::EtcdStoreOptions o = etcd_.StoreOptions("gongxin/");
    const std::string port_b = dir_.File("port-b");
    auto b = std::make_unique<Process>(
        std::vector<std::string>{GongxindBinary(), "--listen", "127.0.0.1:0", "--data-dir",
                                 data_b, "--tls-dir", Pki(), "--port-file", port_b,
                                 "--etcd-endpoint", o.endpoint, "--etcd-ca", o.ca_file,
                                 "--etcd-cert", o.cert_file, "--etcd-key", o.key_file},
        dir_.File("gongxind-b.out"), dir_.File("gongxind-b.err"));
    const std::string port = WaitForFile(port_b, std::chrono::seconds(30));
    EXPECT_FALSE(port.empty()) << "gongxind B did not start: " << b->Stderr();
    address->clear();
    if (!port.empty()) *address = absl::StrCat("127.0.0.1:", absl::StripAsciiWhitespace(port));
    return b;
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

// Two gongxind on one etcd, sharing the server's signing key (replicas
// sign as one server): a meeting created on A is voted on at A and at B in
// turn — each takes up what the other wrote before it acts — then A is
// killed with kill -9 and B closes, counts and exports the whole record.
TEST_F(EtcdE2eTest, TwoGongxindServeOneMeetingAndOneGoesOnWhenTheOtherIsKilled) {
  std::string at_b;
  std::unique_ptr<Process> b = StartReplicaB(&at_b);
  ASSERT_FALSE(at_b.empty());
  const std::string a = address_;

  WriteSampleMeetingFiles(dir_.path(), 9);
  RunResult created = Cli({"meeting", "create", "--spec", dir_.File("meeting.yaml")});
  ASSERT_EQ(created.code, 0) << created.err;
  const std::string id(absl::StripAsciiWhitespace(created.out));
  ASSERT_EQ(Cli({"meeting", "announce", id}).code, 0);
  // B reads the meeting while it is announced, then A opens it: B must not
  // refuse a check-in on what it read before (a refusal writes nothing, so
  // only reading the store again can tell it the meeting moved on).
  address_ = at_b;
  RunResult listed = Cli({"meeting", "list"});
  EXPECT_THAT(listed.out, HasSubstr(id)) << "B does not list the meeting A created";
  RunResult announced = Cli({"meeting", "show", id});
  ASSERT_EQ(announced.code, 0) << announced.err;
  address_ = a;
  ASSERT_EQ(Cli({"meeting", "open", id}).code, 0);
  auto vote = [&](int voter) {
    RunResult v = Cli({"kiosk", "vote", "--meeting", id, "--voter", VoterId(voter), "--choose",
                       voter % 2 ? "head=c1" : "head=c2"});
    EXPECT_EQ(v.code, 0) << "voter " << voter << " at " << address_ << ": " << v.err;
  };
  for (int v = 1; v <= 3; ++v) vote(v);
  address_ = at_b;
  for (int v = 4; v <= 6; ++v) vote(v);
  address_ = a;
  vote(7);
  // A voter who cast at B cannot cast again at A.
  RunResult again = Cli({"kiosk", "vote", "--meeting", id, "--voter", VoterId(4), "--choose",
                         "head=c1"});
  EXPECT_NE(again.code, 0) << "voter 4 cast twice, once per gongxind";
  server_->Kill(SIGKILL);
  address_ = at_b;
  for (int v = 8; v <= 9; ++v) vote(v);
  RunResult shown = Cli({"meeting", "show", id});
  EXPECT_THAT(shown.out, HasSubstr("已投票数：9")) << shown.err;
  ASSERT_EQ(Cli({"meeting", "close", id}).code, 0);
  ASSERT_EQ(Cli({"tally", "count", id}).code, 0);
  const std::string exported = dir_.File("m.gxe");
  ASSERT_EQ(Cli({"audit", "export", id, "--out", exported}).code, 0);
  RunResult verified = Cli({"audit", "verify", exported, "--trust", trust_});
  ASSERT_EQ(verified.code, 0) << verified.err;
  EXPECT_THAT(verified.out, HasSubstr("9 ballots"));
  EXPECT_THAT(b->Stderr(), HasSubstr("taken up from the shared store"));
}

// Anonymous forms on etcd (issue 15, item 4): their token keys and urn key
// are sealed in etcd under a slot of the replicas' key pool, and the urn is
// a chain of etcd's, so replica B casts into an urn A opened, takes the
// meeting over when A is killed, and closes it. At the close the urn and
// the sealed secrets leave etcd's data file (read raw, as someone with the
// member's disk would), and the slot is destroyed in B's pool and — once
// it starts again — in A's: a copy left in etcd's write-ahead log can no
// longer be opened by anyone.
TEST_F(EtcdE2eTest, AnonymousFormsMoveBetweenReplicasAndTheirSecretsAreDestroyedEverywhere) {
  ASSERT_TRUE(std::filesystem::exists(Data() + "/replica-keys"))
      << "gongxind on etcd made no replica key pool: " << ServerLog();
  std::string at_b;
  std::unique_ptr<Process> b = StartReplicaB(&at_b);
  ASSERT_FALSE(at_b.empty());
  const std::string a = address_;
  const std::string data_b = dir_.File("data-b");

  std::ofstream(dir_.File("anon.yaml")) << R"(title: 测试县选人用人工作满意度评议
unit: 中共测试县委组织部
roll: anon-voters.csv
groups:
  - {id: staff, name: 一般干部}
forms:
  - id: sat
    title: 选人用人工作满意度评议表
    mode: anonymous
    questions:
      - id: work
        title: 对本年度选人用人工作的评价
        kind: graded
        subjects:
          - {id: work, name: 年度选人用人工作}
        scale: satisfaction
)";
  {
    std::ofstream roll(dir_.File("anon-voters.csv"));
    roll << "voter_id,name,group\n";
    for (int i = 1; i <= 8; ++i) roll << "e" << i << ",评议人" << i << "号,staff\n";
  }
  RunResult created = Cli({"meeting", "create", "--spec", dir_.File("anon.yaml")});
  ASSERT_EQ(created.code, 0) << created.err;
  const std::string id(absl::StripAsciiWhitespace(created.out));
  ASSERT_EQ(Cli({"meeting", "announce", id}).code, 0);
  ASSERT_EQ(Cli({"meeting", "open", id}).code, 0);
  const char* const grades[] = {"satisfied", "basic", "dissatisfied"};
  auto vote = [&](int voter) {
    RunResult v = Cli({"kiosk", "vote", "--meeting", id, "--voter", absl::StrCat("e", voter),
                       "--grade", absl::StrCat("work=work:", grades[voter % 3])});
    EXPECT_EQ(v.code, 0) << "voter " << voter << " at " << address_ << ": " << v.err;
  };
  for (int v = 1; v <= 3; ++v) vote(v);
  address_ = at_b;
  for (int v = 4; v <= 6; ++v) vote(v);  // B takes up the meeting and its urn
  address_ = a;
  vote(7);

  // What etcd holds while the meeting is open: the sealed secrets and the
  // sealed urn records, which the scan below must be able to find.
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<storage::Store> store,
                       storage::OpenEtcdStore(etcd_.StoreOptions("gongxin/")));
  ASSERT_OK_AND_ASSIGN(const std::string sealed_bytes,
                       store->ReadEntry(server::SecretsChain(id), 0));
  v1::SealedMeetingSecrets sealed;
  ASSERT_TRUE(sealed.ParseFromString(sealed_bytes));
  std::vector<std::string> urn_records;
  ASSERT_OK(store->ScanKeys(server::UrnChain(id), "urn/",
                            [&](absl::string_view, absl::string_view value) {
                              urn_records.emplace_back(value);
                              return absl::OkStatus();
                            }));
  ASSERT_EQ(urn_records.size(), 7u) << "the urn on etcd does not hold the 7 ballots cast";
  {
    ASSERT_OK_AND_ASSIGN(auto pool, server::ReplicaKeys::OpenOrCreate(data_b + "/replica-keys"));
    ASSERT_OK(server::OpenMeetingSecrets(*pool, id, sealed_bytes).status())
        << "B's copy of the pool cannot open the secrets A sealed";
  }
  const std::string db = etcd_.data_dir() + "/member/snap/db";
  bool written = false;
  for (int i = 0; i < 100 && !written; ++i) {
    written = !FilesHolding(etcd_.data_dir(), sealed.sealed()).empty();
    if (!written) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(written) << "the raw scan does not find the sealed secrets while the meeting is open";

  server_->Kill(SIGKILL);
  address_ = at_b;
  vote(8);
  // A's voter 7 cannot vote again at B: the token A issued is spent.
  RunResult again = Cli({"kiosk", "vote", "--meeting", id, "--voter", "e7", "--grade",
                         "work=work:basic"});
  EXPECT_NE(again.code, 0) << "voter 7 voted twice, once per gongxind";
  ASSERT_EQ(Cli({"meeting", "close", id}).code, 0) << b->Stderr();
  ASSERT_EQ(Cli({"tally", "count", id}).code, 0);
  const std::string exported = dir_.File("anon.gxe");
  ASSERT_EQ(Cli({"audit", "export", id, "--out", exported}).code, 0);
  RunResult verified = Cli({"audit", "verify", exported, "--trust", trust_});
  ASSERT_EQ(verified.code, 0) << verified.err;
  EXPECT_THAT(verified.out, HasSubstr("8 ballots"));

  // After the close: etcd's data file holds neither the secrets nor any urn
  // record; whatever its write-ahead log still holds is sealed under a slot
  // B has destroyed, and A destroys its copy when it starts again.
  std::vector<std::string> holding = FilesHolding(etcd_.data_dir(), sealed.sealed());
  for (const std::string& record : urn_records) {
    for (const std::string& f : FilesHolding(etcd_.data_dir(), record)) holding.push_back(f);
  }
  for (const std::string& f : holding) {
    EXPECT_NE(f.find("/member/wal/"), std::string::npos)
        << f << " still holds the meeting's sealed secrets or urn after the close";
  }
  {
    ASSERT_OK_AND_ASSIGN(auto pool, server::ReplicaKeys::OpenOrCreate(data_b + "/replica-keys"));
    EXPECT_THAT(server::OpenMeetingSecrets(*pool, id, sealed_bytes).status(),
                StatusIs(absl::StatusCode::kNotFound))
        << "B's slot survived the close";
  }
  {
    ASSERT_OK_AND_ASSIGN(auto pool, server::ReplicaKeys::OpenOrCreate(Data() + "/replica-keys"));
    ASSERT_OK(server::OpenMeetingSecrets(*pool, id, sealed_bytes).status())
        << "A was down at the close: its copy is still whole, or this check could not fail";
  }
  address_ = a;
  StartServer();
  {
    ASSERT_OK_AND_ASSIGN(auto pool, server::ReplicaKeys::OpenOrCreate(Data() + "/replica-keys"));
    EXPECT_THAT(server::OpenMeetingSecrets(*pool, id, sealed_bytes).status(),
                StatusIs(absl::StatusCode::kNotFound))
        << "A kept its slot after starting again on a closed meeting";
  }
  EXPECT_FALSE(std::filesystem::exists(Data() + "/secrets"))
      << "gongxind on etcd kept secrets in its data directory";
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
