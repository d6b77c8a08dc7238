// Tests of storage/etcd_store.h beyond the shared contract (which
// store_contract_test.cc runs on a real etcd too): the options it refuses,
// etcd's transaction limits, an answer lost when etcd dies (kill -9) — the
// store goes read-only and nothing acknowledged is lost — and what a purge
// leaves in etcd's data file, read raw.
#include "storage/etcd_store.h"

#include <filesystem>
#include <fstream>
#include <memory>
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

  std::vector<std::string> ReadAll(Store& store, absl::string_view chain) {
    std::vector<std::string> out;
    absl::StatusOr<uint64_t> size = store.Size(chain);
    EXPECT_OK(size);
    EXPECT_OK(store.ReadEntries(chain, 0, size.value_or(0),
                                [&](uint64_t, absl::string_view bytes) {
                                  out.emplace_back(bytes);
                                  return absl::OkStatus();
                                }));
    return out;
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

// kill -9 of etcd mid-run: the Append whose answer is lost trips the store
// read-only (its outcome is unknown); once etcd is back, a reopened store
// holds every acknowledged entry.
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

}  // namespace
}  // namespace gongxin::storage
