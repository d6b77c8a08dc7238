// Tests of storage/etcd_store.h beyond the shared contract (which
// store_contract_test.cc runs on a real etcd too): the options it refuses,
// etcd's transaction limits, an answer lost when etcd dies (kill -9) — the
// store goes read-only and nothing acknowledged is lost — and what a purge
// leaves in etcd's data file, read raw.
#include "storage/etcd_store.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/store_testing.h"
#include "tests/testing/etcd_server.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace gongxin::storage {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(EtcdStoreOptionsTest, OptionsThatCannotWorkAreRefused) {
  EtcdStoreOptions none;
  EXPECT_THAT(OpenEtcdStore(none).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("endpoint: required")));
  EtcdStoreOptions no_prefix;
  no_prefix.endpoint = "127.0.0.1:2379";
  no_prefix.prefix = "";
  EXPECT_THAT(OpenEtcdStore(no_prefix).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("prefix")));
  // Plaintext leaves the machine: refused before any connection is tried.
  EtcdStoreOptions remote;
  remote.endpoint = "etcd-1.zzb.example:2379";
  EXPECT_THAT(OpenEtcdStore(remote).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("plaintext only on loopback")));
  EtcdStoreOptions half_tls;
  half_tls.endpoint = "127.0.0.1:2379";
  half_tls.ca_file = "/nonexistent/ca.pem";
  EXPECT_THAT(OpenEtcdStore(half_tls).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("all three")));
  half_tls.cert_file = "/nonexistent/c.pem";
  half_tls.key_file = "/nonexistent/c.key";
  EXPECT_THAT(OpenEtcdStore(half_tls).status(),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("etcd CA: cannot read")));
}

TEST(EtcdStoreOptionsTest, AnEtcdThatDoesNotAnswerIsUnavailable) {
  EtcdStoreOptions nobody;
  nobody.endpoint = absl::StrCat("127.0.0.1:", testing::FreeLoopbackPort());
  nobody.timeout = absl::Milliseconds(500);
  EXPECT_THAT(OpenEtcdStore(nobody).status(),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("does not answer")));
}

// A TCP proxy on 127.0.0.1 in front of etcd that can lose one answer:
// once armed, it passes the client's bytes on (etcd gets the request and
// applies it) but swallows everything etcd sends back for half a second,
// then cuts the connection — the client sees its call fail, though the
// transaction landed. TLS runs end to end through it: it only moves bytes.
class AnswerDroppingProxy {
 public:
  explicit AnswerDroppingProxy(int upstream_port) : upstream_port_(upstream_port) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    ::listen(listen_fd_, 16);
    acceptor_ = std::thread([this] { Accept(); });
  }
  ~AnswerDroppingProxy() {
    stop_ = true;
    ::shutdown(listen_fd_, SHUT_RDWR);
    ::close(listen_fd_);
    acceptor_.join();
    for (std::thread& t : pumps_) t.join();
  }

  int port() const { return port_; }
  void DropNextAnswer() { armed_ = true; }
  int dropped() const { return dropped_; }

 private:
  void Accept() {
    for (;;) {
      const int client = ::accept(listen_fd_, nullptr, nullptr);
      if (client < 0 || stop_) return;
      const int upstream = ::socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      addr.sin_port = htons(static_cast<uint16_t>(upstream_port_));
      if (::connect(upstream, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
        ::close(client);
        ::close(upstream);
        continue;
      }
      pumps_.emplace_back([this, client, upstream] { Pump(client, upstream, false); });
      pumps_.emplace_back([this, client, upstream] { Pump(upstream, client, true); });
    }
  }

  // Moves bytes from `from` to `to`; on the way back from etcd, honours an
  // armed drop. Either side closing ends both.
  void Pump(int from, int to, bool answers) {
    char buf[16384];
    std::optional<std::chrono::steady_clock::time_point> cut_at;
    while (!stop_) {
      if (cut_at.has_value() && std::chrono::steady_clock::now() >= *cut_at) {
        ++dropped_;
        break;
      }
      pollfd p{from, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const ssize_t n = ::read(from, buf, sizeof(buf));
      if (n <= 0) break;
      // The first answer after arming, on whichever connection carries it.
      if (answers && !cut_at.has_value() && armed_.exchange(false)) {
        cut_at = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
      }
      if (cut_at.has_value()) continue;  // swallowed
      if (::write(to, buf, static_cast<size_t>(n)) != n) break;
    }
    ::shutdown(from, SHUT_RDWR);
    ::shutdown(to, SHUT_RDWR);
  }

  const int upstream_port_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<bool> armed_{false};
  std::atomic<int> dropped_{0};
  std::thread acceptor_;
  std::vector<std::thread> pumps_;
};

class EtcdStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_OK(etcd_.Start()); }

  std::unique_ptr<Store> Open() {
    EtcdStoreOptions o = etcd_.StoreOptions("t/");
    o.timeout = absl::Seconds(2);
    absl::StatusOr<std::unique_ptr<Store>> store = OpenEtcdStore(o);
    EXPECT_OK(store);
    return store.ok() ? *std::move(store) : nullptr;
  }

  testing::TempDir dir_;
  testing::EtcdServer etcd_{dir_.path()};
};

TEST_F(EtcdStoreTest, ABatchBeyondOneTransactionIsRefusedAndWritesNothing) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  std::vector<std::string> entries(127, "x");  // + the size key: 128 puts
  AppendBatch too_many = Entries("c", 0, entries);
  too_many.entries.push_back("one more");
  EXPECT_THAT(store->Append(too_many),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("one etcd transaction takes at most 128 operations")));
  EXPECT_THAT(store->Size("c"), IsOkAndHolds(0u));
  EXPECT_FALSE(WriteOutcomeUnknown(store->Append(too_many)));
  // A refusal before writing leaves the store writable.
  ASSERT_OK(store->Append(Entries("c", 0, entries)));
  EXPECT_THAT(store->Size("c"), IsOkAndHolds(127u));
}

// kill -9 of etcd mid-run: the Append whose answer is lost cannot be read
// back either, so its outcome is unknown and the store trips read-only;
// once etcd is back, a reopened store holds every acknowledged entry.
TEST_F(EtcdStoreTest, ALostAnswerTripsTheStoreReadOnlyAndLosesNothingAcknowledged) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  for (uint64_t i = 0; i < 3; ++i) {
    ASSERT_OK(store->Append(Entries("m", i, {absl::StrCat("ballot-", i)})));
  }
  etcd_.Kill();
  absl::Status lost = store->Append(Entries("m", 3, {"ballot-3"}));
  EXPECT_THAT(lost, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_TRUE(WriteOutcomeUnknown(lost)) << lost;
  ASSERT_OK(etcd_.Start());
  EXPECT_THAT(store->Append(Entries("m", 3, {"ballot-3"})),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("read-only")));
  std::unique_ptr<Store> reopened = Open();
  ASSERT_NE(reopened, nullptr);
  EXPECT_THAT(ReadAll(*reopened, "m"), ElementsAre("ballot-0", "ballot-1", "ballot-2"));
}

// A lost answer is not a lost store: the transaction landed, the store
// reads it back, says OK, and goes on taking writes — nothing twice.
TEST_F(EtcdStoreTest, AnAnswerLostAfterTheTransactionLandedIsReadBackNotRepeated) {
  const std::string endpoint = etcd_.endpoint();
  AnswerDroppingProxy proxy(std::stoi(endpoint.substr(endpoint.rfind(':') + 1)));
  EtcdStoreOptions o = etcd_.StoreOptions("t/");
  o.endpoint = absl::StrCat("127.0.0.1:", proxy.port());
  o.timeout = absl::Seconds(2);
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenEtcdStore(o));
  ASSERT_OK(store->Append(Entries("m", 0, {"ballot-0"})));
  proxy.DropNextAnswer();
  AppendBatch batch = Entries("m", 1, {"ballot-1"});
  batch.create_keys = {{"cast/v002", "opening"}};
  EXPECT_OK(store->Append(batch));
  EXPECT_EQ(proxy.dropped(), 1) << "the proxy did not drop the answer: the test proves nothing";
  ASSERT_OK(store->Append(Entries("m", 2, {"ballot-2"})));
  std::unique_ptr<Store> direct = Open();
  ASSERT_NE(direct, nullptr);
  EXPECT_THAT(ReadAll(*direct, "m"), ElementsAre("ballot-0", "ballot-1", "ballot-2"));
  EXPECT_THAT(direct->GetKey("m", "cast/v002"), IsOkAndHolds(std::optional<std::string>("opening")));
}

// A cluster of three loses its leader (kill -9): the others elect a new
// one, the store moves to a live member if it used the dead one, and the
// write in flight is read back or sent again — so writes resume within
// seconds, nothing acknowledged is lost and nothing is written twice.
TEST(EtcdClusterTest, TheStoreGoesOnWhenTheLeaderIsKilled) {
  testing::TempDir dir;
  testing::EtcdCluster cluster(dir.path(), 3);
  ASSERT_OK(cluster.Start());
  EtcdStoreOptions o = cluster.StoreOptions("t/");
  o.timeout = absl::Seconds(5);
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenEtcdStore(o));
  std::vector<std::string> want;
  for (uint64_t i = 0; i < 10; ++i) {
    want.push_back(absl::StrCat("ballot-", i));
    ASSERT_OK(store->Append(Entries("m", i, {want.back()})));
  }
  // The leader goes: the cluster elects another, and the channel, if it
  // used that member, moves on.
  const int leader = cluster.Leader();
  ASSERT_GE(leader, 0) << "no member says it leads";
  cluster.Kill(leader);
  const auto killed = std::chrono::steady_clock::now();
  for (uint64_t i = 10; i < 20; ++i) {
    want.push_back(absl::StrCat("ballot-", i));
    ASSERT_OK(store->Append(Entries("m", i, {want.back()}))) << "entry " << i;
    if (i == 10) {
      const double pause = std::chrono::duration<double>(std::chrono::steady_clock::now() - killed)
                               .count();
      std::printf("first write after the leader (member %d) was killed: %.2f s\n", leader,
                  pause);
      EXPECT_LT(pause, 10.0) << "writes stopped for too long";
    }
  }
  std::vector<std::string> all;
  ASSERT_OK(store->ReadEntries("m", 0, 20, [&](uint64_t, absl::string_view bytes) {
    all.emplace_back(bytes);
    return absl::OkStatus();
  }));
  EXPECT_EQ(all, want);
  EXPECT_THAT(store->Size("m"), IsOkAndHolds(20u)) << "a write landed twice";
}

std::string ReadRaw(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// After PurgeChain, etcd's data file (bbolt, member/snap/db) holds none of
// the chain's bytes — read raw, as an attacker with the member's disk would
// — while the chain kept is still there (so the scan can find a marker).
// Its write-ahead log is another matter: docs/threat-model.md.
TEST_F(EtcdStoreTest, PurgedChainIsGoneFromEtcdsDataFile) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  AppendBatch trial = Entries("trial", 0, {"PURGED-BALLOT-MARKER-1", "PURGED-BALLOT-MARKER-2"});
  trial.create_keys = {{"voted/PURGED-KEY-MARKER", "PURGED-VALUE-MARKER"}};
  ASSERT_OK(store->Append(trial));
  ASSERT_OK(store->Append(Entries("formal", 0, {"KEPT-BALLOT-MARKER"})));
  const std::string db = etcd_.data_dir() + "/member/snap/db";
  ASSERT_TRUE(std::filesystem::exists(db));
  // etcd commits its data file every 100 ms: before the purge the chain is
  // there, or this test could not fail.
  bool written = false;
  for (int i = 0; i < 100 && !written; ++i) {
    written = ReadRaw(db).find("PURGED-BALLOT-MARKER-2") != std::string::npos;
    if (!written) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(written) << "the trial's entries never reached etcd's data file";
  ASSERT_OK(store->PurgeChain("trial"));
  const std::string raw = ReadRaw(db);
  EXPECT_EQ(raw.find("PURGED-BALLOT-MARKER"), std::string::npos);
  EXPECT_EQ(raw.find("PURGED-VALUE-MARKER"), std::string::npos);
  EXPECT_NE(raw.find("KEPT-BALLOT-MARKER"), std::string::npos)
      << "the raw scan does not find a live entry either";
  EXPECT_THAT(ReadAll(*store, "formal"), ElementsAre("KEPT-BALLOT-MARKER"));
  EXPECT_THAT(store->Size("trial"), IsOkAndHolds(0u));
}

// Each member keeps its own data file, and defragmenting one member leaves
// the others' files as they were: after PurgeChain, no member's file holds
// the chain (the store defragments every member the cluster lists).
TEST(EtcdClusterTest, PurgedChainIsGoneFromEveryMembersDataFile) {
  testing::TempDir dir;
  testing::EtcdCluster cluster(dir.path(), 3);
  ASSERT_OK(cluster.Start());
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenEtcdStore(cluster.StoreOptions("t/")));
  ASSERT_OK(store->Append(Entries("trial", 0, {"PURGED-EVERYWHERE-MARKER"})));
  ASSERT_OK(store->Append(Entries("formal", 0, {"KEPT-EVERYWHERE-MARKER"})));
  auto db = [&](int i) { return cluster.data_dir(i) + "/member/snap/db"; };
  for (int i = 0; i < cluster.members(); ++i) {
    bool written = false;
    for (int t = 0; t < 100 && !written; ++t) {
      written = ReadRaw(db(i)).find("PURGED-EVERYWHERE-MARKER") != std::string::npos;
      if (!written) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_TRUE(written) << "the chain never reached member " << i << "'s data file";
  }
  ASSERT_OK(store->PurgeChain("trial"));
  for (int i = 0; i < cluster.members(); ++i) {
    const std::string raw = ReadRaw(db(i));
    EXPECT_EQ(raw.find("PURGED-EVERYWHERE-MARKER"), std::string::npos)
        << "member " << i << "'s data file still holds the purged chain";
    EXPECT_NE(raw.find("KEPT-EVERYWHERE-MARKER"), std::string::npos) << "member " << i;
  }
}

}  // namespace
}  // namespace gongxin::storage
