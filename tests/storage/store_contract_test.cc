// The Store contract, written once and run against every backend.
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/etcd_store.h"
#include "storage/memory_store.h"
#include "storage/rocksdb_store.h"
#include "storage/store.h"
#include "tests/storage/store_testing.h"
#include "tests/testing/etcd_server.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::storage {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::Pair;

struct Backend {
  std::string name;
  // Opens a fresh store; `dir` is an empty scratch directory it may use.
  std::unique_ptr<Store> (*open)(const std::string& dir);

  friend void PrintTo(const Backend& backend, std::ostream* os) {
    *os << backend.name;
  }
};

std::unique_ptr<Store> OpenMemory(const std::string&) {
  return NewMemoryStore();
}

std::unique_ptr<Store> OpenRocksDb(const std::string& dir) {
  absl::StatusOr<std::unique_ptr<Store>> store = OpenRocksDbStore(dir + "/db");
  EXPECT_OK(store);
  return store.ok() ? *std::move(store) : nullptr;
}

// One etcd for the whole run (started at the first etcd test); each store
// gets a prefix of its own, so each test starts from an empty store.
std::unique_ptr<Store> OpenEtcd(const std::string&) {
  struct Shared {
    testing::TempDir dir;
    testing::EtcdServer server{dir.path()};
    absl::Status started = server.Start();
  };
  // Destroyed at exit: etcd is killed and its directory removed.
  static Shared shared;
  static int stores = 0;
  EXPECT_OK(shared.started);
  if (!shared.started.ok()) return nullptr;
  absl::StatusOr<std::unique_ptr<Store>> store =
      OpenEtcdStore(shared.server.StoreOptions(absl::StrCat("contract-", ++stores, "/")));
  EXPECT_OK(store);
  return store.ok() ? *std::move(store) : nullptr;
}

class StoreContractTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    store_ = GetParam().open(dir_.path());
    ASSERT_NE(store_, nullptr);
  }

  // All entries of the chain, read with ReadEntries.
  std::vector<std::string> ReadAll(absl::string_view chain) {
    std::vector<std::string> out;
    absl::StatusOr<uint64_t> size = store_->Size(chain);
    EXPECT_OK(size);
    EXPECT_OK(store_->ReadEntries(chain, 0, size.value_or(0),
                                  [&](uint64_t seq, absl::string_view bytes) {
                                    EXPECT_EQ(seq, out.size());
                                    out.emplace_back(bytes);
                                    return absl::OkStatus();
                                  }));
    return out;
  }

  std::vector<std::pair<std::string, std::string>> Scan(
      absl::string_view chain, absl::string_view prefix) {
    std::vector<std::pair<std::string, std::string>> out;
    EXPECT_OK(store_->ScanKeys(
        chain, prefix, [&](absl::string_view key, absl::string_view value) {
          out.emplace_back(key, value);
          return absl::OkStatus();
        }));
    return out;
  }

  // Declared first so the store closes before its directory is removed.
  ::gongxin::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreContractTest, AppendsAndReadsBackExactBytes) {
  const std::string binary("\0\xff\x01z", 4);
  const std::string large(100 * 1024, '\x7f');
  ASSERT_OK(store_->Append(Entries("c1", 0, {"first", binary, ""})));
  ASSERT_OK(store_->Append(Entries("c1", 3, {large})));

  EXPECT_THAT(store_->Size("c1"), IsOkAndHolds(4u));
  EXPECT_THAT(ReadAll("c1"), ElementsAre("first", binary, "", large));
  EXPECT_THAT(store_->ReadEntry("c1", 1), IsOkAndHolds(binary));
  EXPECT_THAT(store_->ReadEntry("c1", 2), IsOkAndHolds(std::string()));
}

TEST_P(StoreContractTest, StaleExpectedSizeIsAbortedAndWritesNothing) {
  ASSERT_OK(store_->Append(Entries("c1", 0, {"a", "b"})));
  for (uint64_t stale : {1u, 3u}) {
    AppendBatch batch = Entries("c1", stale, {"x"});
    batch.create_keys = {{"k", "v"}};
    batch.head_record = "head";
    EXPECT_THAT(store_->Append(batch), StatusIs(absl::StatusCode::kAborted));
  }
  EXPECT_THAT(ReadAll("c1"), ElementsAre("a", "b"));
  EXPECT_THAT(store_->GetKey("c1", "k"), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(store_->HeadRecord("c1"), IsOkAndHolds(std::nullopt));
}

TEST_P(StoreContractTest, ExistingKeyIsAlreadyExistsAndWritesNothing) {
  AppendBatch first = Entries("c1", 0, {"a"});
  first.create_keys = {{"voted/alice", "1"}};
  first.head_record = "h1";
  ASSERT_OK(store_->Append(first));

  AppendBatch second = Entries("c1", 1, {"b"});
  second.create_keys = {{"voted/bob", "2"}, {"voted/alice", "3"}};
  second.head_record = "h2";
  EXPECT_THAT(store_->Append(second), StatusIs(absl::StatusCode::kAlreadyExists,
                                               HasSubstr("voted/alice")));

  EXPECT_THAT(ReadAll("c1"), ElementsAre("a"));
  EXPECT_THAT(store_->GetKey("c1", "voted/alice"),
              IsOkAndHolds(Optional(std::string("1"))));
  EXPECT_THAT(store_->GetKey("c1", "voted/bob"), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(store_->HeadRecord("c1"),
              IsOkAndHolds(Optional(std::string("h1"))));
}

TEST_P(StoreContractTest, DuplicateKeyInBatchIsAlreadyExistsAndWritesNothing) {
  AppendBatch batch = Entries("c1", 0, {"a"});
  batch.create_keys = {{"t/1", "x"}, {"t/2", "y"}, {"t/1", "z"}};
  batch.head_record = "h";
  EXPECT_THAT(store_->Append(batch),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("t/1")));

  EXPECT_THAT(store_->Size("c1"), IsOkAndHolds(0u));
  EXPECT_THAT(Scan("c1", ""), IsEmpty());
  EXPECT_THAT(store_->HeadRecord("c1"), IsOkAndHolds(std::nullopt));
}

TEST_P(StoreContractTest, KeyInErrorIsEscaped) {
  const std::string key("\x01tok\n\0", 6);
  AppendBatch batch;
  batch.chain = "c1";
  batch.create_keys = {{key, ""}};
  ASSERT_OK(store_->Append(batch));
  EXPECT_THAT(store_->Append(batch),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       HasSubstr(R"(key "\x01tok\n\x00")")));
}

TEST_P(StoreContractTest, KeysArePerChain) {
  AppendBatch a;
  a.chain = "a";
  a.create_keys = {{"k", "in a"}};
  ASSERT_OK(store_->Append(a));
  AppendBatch b = a;
  b.chain = "b";
  b.create_keys = {{"k", "in b"}};
  ASSERT_OK(store_->Append(b));
  EXPECT_THAT(store_->GetKey("a", "k"),
              IsOkAndHolds(Optional(std::string("in a"))));
  EXPECT_THAT(store_->GetKey("b", "k"),
              IsOkAndHolds(Optional(std::string("in b"))));
}

TEST_P(StoreContractTest, ReadRanges) {
  ASSERT_OK(store_->Append(Entries("c1", 0, {"e0", "e1", "e2"})));
  std::vector<uint64_t> seqs;
  auto record = [&](uint64_t seq, absl::string_view) {
    seqs.push_back(seq);
    return absl::OkStatus();
  };

  ASSERT_OK(store_->ReadEntries("c1", 1, 3, record));
  EXPECT_THAT(seqs, ElementsAre(1, 2));
  seqs.clear();
  ASSERT_OK(store_->ReadEntries("c1", 2, 2, record));
  EXPECT_THAT(store_->ReadEntries("c1", 1, 4, record),
              StatusIs(absl::StatusCode::kOutOfRange));
  EXPECT_THAT(store_->ReadEntries("c1", 2, 1, record),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(seqs, IsEmpty());

  EXPECT_THAT(store_->ReadEntry("c1", 3),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(store_->Size("unknown"), IsOkAndHolds(0u));
  EXPECT_OK(store_->ReadEntries("unknown", 0, 0, record));
  EXPECT_THAT(store_->ReadEntries("unknown", 0, 1, record),
              StatusIs(absl::StatusCode::kOutOfRange));
  EXPECT_THAT(store_->ReadEntry("unknown", 0),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(StoreContractTest, ReadEntriesStopsAtVisitorError) {
  ASSERT_OK(store_->Append(Entries("c1", 0, {"e0", "e1", "e2"})));
  std::vector<uint64_t> seqs;
  EXPECT_THAT(store_->ReadEntries("c1", 0, 3,
                                  [&](uint64_t seq, absl::string_view) {
                                    seqs.push_back(seq);
                                    return seq == 1
                                               ? absl::CancelledError("enough")
                                               : absl::OkStatus();
                                  }),
              StatusIs(absl::StatusCode::kCancelled, HasSubstr("enough")));
  EXPECT_THAT(seqs, ElementsAre(0, 1));
}

TEST_P(StoreContractTest, ScanKeysVisitsPrefixInKeyOrder) {
  AppendBatch batch;
  batch.chain = "c";
  batch.create_keys = {{"vote/b", "2"}, {"vote/a", "1"}, {"token/x", "t"}};
  ASSERT_OK(store_->Append(batch));
  batch.create_keys = {{"vote", "0"}, {"vote/a/1", "3"}, {"vot", "-"}};
  ASSERT_OK(store_->Append(batch));
  // A chain whose id extends "c" must not leak into c's scans.
  batch.chain = "c0";
  batch.create_keys = {{"vote/z", "other chain"}};
  ASSERT_OK(store_->Append(batch));

  EXPECT_THAT(Scan("c", "vote/"),
              ElementsAre(Pair("vote/a", "1"), Pair("vote/a/1", "3"),
                          Pair("vote/b", "2")));
  EXPECT_THAT(Scan("c", ""),
              ElementsAre(Pair("token/x", "t"), Pair("vot", "-"),
                          Pair("vote", "0"), Pair("vote/a", "1"),
                          Pair("vote/a/1", "3"), Pair("vote/b", "2")));
  EXPECT_THAT(Scan("c", "nothing"), IsEmpty());
  EXPECT_THAT(Scan("unknown", ""), IsEmpty());

  int visits = 0;
  EXPECT_THAT(store_->ScanKeys("c", "vote/",
                               [&](absl::string_view, absl::string_view) {
                                 ++visits;
                                 return absl::CancelledError("stop");
                               }),
              StatusIs(absl::StatusCode::kCancelled));
  EXPECT_EQ(visits, 1);
}

TEST_P(StoreContractTest, ListChainsHoldsChainsWithEntriesSorted) {
  EXPECT_THAT(store_->ListChains(), IsOkAndHolds(IsEmpty()));
  ASSERT_OK(store_->Append(Entries("zeta", 0, {"z"})));
  ASSERT_OK(store_->Append(Entries("Alpha", 0, {"a"})));
  ASSERT_OK(store_->Append(Entries("m-1", 0, {"m"})));
  AppendBatch keys_only;
  keys_only.chain = "keys_only";
  keys_only.create_keys = {{"k", "v"}};
  keys_only.head_record = "h";
  ASSERT_OK(store_->Append(keys_only));
  // A refused batch does not bring a chain into being either.
  EXPECT_THAT(store_->Append(Entries("refused", 5, {"x"})),
              StatusIs(absl::StatusCode::kAborted));

  EXPECT_THAT(store_->ListChains(),
              IsOkAndHolds(ElementsAre("Alpha", "m-1", "zeta")));
}

TEST_P(StoreContractTest, HeadRecordIsReplaced) {
  EXPECT_THAT(store_->HeadRecord("c1"), IsOkAndHolds(std::nullopt));
  AppendBatch batch = Entries("c1", 0, {"a"});
  batch.head_record = "head@1";
  ASSERT_OK(store_->Append(batch));

  AppendBatch head_only;
  head_only.chain = "c1";
  head_only.expected_size = 1;
  head_only.head_record = "head@1, re-signed";
  ASSERT_OK(store_->Append(head_only));
  EXPECT_THAT(store_->HeadRecord("c1"),
              IsOkAndHolds(Optional(std::string("head@1, re-signed"))));
  EXPECT_THAT(store_->Size("c1"), IsOkAndHolds(1u));

  // The size condition holds for head-only batches too.
  head_only.expected_size = 0;
  head_only.head_record = "stale";
  EXPECT_THAT(store_->Append(head_only), StatusIs(absl::StatusCode::kAborted));
  EXPECT_THAT(store_->HeadRecord("c1"),
              IsOkAndHolds(Optional(std::string("head@1, re-signed"))));
}

TEST_P(StoreContractTest, ConcurrentWritersToOneChainRetryIntoOneSequence) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < kPerThread; ++i) {
        for (;;) {  // read the head, try, re-read on losing the race
          absl::StatusOr<uint64_t> size = store_->Size("shared");
          ASSERT_OK(size);
          AppendBatch batch =
              Entries("shared", *size, {absl::StrCat(t, "/", i)});
          batch.create_keys = {{absl::StrCat("by/", t, "/", i), ""}};
          absl::Status s = store_->Append(batch);
          if (absl::IsAborted(s)) continue;
          ASSERT_OK(s);
          break;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  // Every entry exactly once, contiguous, each writer's entries in its order.
  const std::vector<std::string> all = ReadAll("shared");
  ASSERT_EQ(all.size(), kThreads * kPerThread);
  std::vector<int> next(kThreads, 0);
  for (const std::string& entry : all) {
    const int t = entry[0] - '0';
    ASSERT_GE(t, 0);
    ASSERT_LT(t, kThreads);
    EXPECT_EQ(entry, absl::StrCat(t, "/", next[t]));
    ++next[t];
  }
  EXPECT_EQ(Scan("shared", "by/").size(), kThreads * kPerThread);
}

TEST_P(StoreContractTest, AppendDuringReadIsNotBlockedNorSeen) {
  ASSERT_OK(store_->Append(Entries("c1", 0, {"a", "b"})));
  std::vector<std::string> seen;
  ASSERT_OK(store_->ReadEntries(
      "c1", 0, 2, [&](uint64_t seq, absl::string_view bytes) {
        seen.emplace_back(bytes);
        // Deadlocks if a read holds a lock the writer needs.
        return store_->Append(Entries("c1", 2 + seq, {"late"}));
      }));
  EXPECT_THAT(seen, ElementsAre("a", "b"));
  EXPECT_THAT(store_->Size("c1"), IsOkAndHolds(4u));
}

TEST_P(StoreContractTest, BadChainIdIsRefusedEverywhere) {
  const std::string too_long(65, 'a');
  for (const std::string& bad :
       {std::string(), too_long, std::string("a/b"), std::string("a\0b", 3),
        std::string("a b"), std::string("\xc3\xa9")}) {
    SCOPED_TRACE(bad);
    constexpr auto kInvalid = absl::StatusCode::kInvalidArgument;
    EXPECT_THAT(store_->Append(Entries(bad, 0, {"x"})), StatusIs(kInvalid));
    EXPECT_THAT(store_->Size(bad), StatusIs(kInvalid));
    EXPECT_THAT(store_->ReadEntry(bad, 0), StatusIs(kInvalid));
    EXPECT_THAT(store_->ReadEntries(bad, 0, 0,
                                    [](uint64_t, absl::string_view) {
                                      return absl::OkStatus();
                                    }),
                StatusIs(kInvalid));
    EXPECT_THAT(store_->GetKey(bad, "k"), StatusIs(kInvalid));
    EXPECT_THAT(store_->ScanKeys(bad, "",
                                 [](absl::string_view, absl::string_view) {
                                   return absl::OkStatus();
                                 }),
                StatusIs(kInvalid));
    EXPECT_THAT(store_->HeadRecord(bad), StatusIs(kInvalid));
  }
  EXPECT_THAT(store_->ListChains(), IsOkAndHolds(IsEmpty()));
  EXPECT_OK(store_->Append(Entries(std::string(64, 'a'), 0, {"x"})));
  EXPECT_OK(store_->Append(Entries("AZaz09_-", 0, {"x"})));
}

TEST_P(StoreContractTest, LinkedBatchesLandTogether) {
  ASSERT_OK(store_->Append(Entries("reg", 0, {"leaf0"})));
  AppendBatch batch = Entries("m1", 0, {"genesis"});
  batch.head_record = "h1";
  AppendBatch leaf = Entries("reg", 1, {"leaf1"});
  leaf.create_keys = {{"tree/00/1", "n"}};
  batch.linked.push_back(leaf);
  ASSERT_OK(store_->Append(batch));
  EXPECT_THAT(ReadAll("m1"), ElementsAre("genesis"));
  EXPECT_THAT(ReadAll("reg"), ElementsAre("leaf0", "leaf1"));
  EXPECT_THAT(store_->GetKey("reg", "tree/00/1"), IsOkAndHolds(Optional(std::string("n"))));
}

TEST_P(StoreContractTest, LinkedBatchThatFailsItsConditionWritesNothingAnywhere) {
  ASSERT_OK(store_->Append(Entries("reg", 0, {"leaf0"})));
  // The linked part expects a stale size: neither chain may change.
  AppendBatch batch = Entries("m1", 0, {"genesis"});
  batch.linked.push_back(Entries("reg", 0, {"leaf-again"}));
  EXPECT_THAT(store_->Append(batch), StatusIs(absl::StatusCode::kAborted, HasSubstr("reg")));
  EXPECT_THAT(store_->Size("m1"), IsOkAndHolds(0u));
  EXPECT_THAT(ReadAll("reg"), ElementsAre("leaf0"));
  // Same for an existing key in the linked part.
  AppendBatch keyed = Entries("m1", 0, {"genesis"});
  AppendBatch leaf = Entries("reg", 1, {"leaf1"});
  leaf.create_keys = {{"k", "v"}};
  ASSERT_OK(store_->Append([] {
    AppendBatch k = Entries("reg", 1, {});
    k.create_keys = {{"k", "old"}};
    return k;
  }()));
  keyed.linked.push_back(leaf);
  EXPECT_THAT(store_->Append(keyed), StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(store_->Size("m1"), IsOkAndHolds(0u));
  EXPECT_THAT(ReadAll("reg"), ElementsAre("leaf0"));
}

TEST_P(StoreContractTest, MalformedLinkedBatchIsRefused) {
  AppendBatch same = Entries("m1", 0, {"a"});
  same.linked.push_back(Entries("m1", 0, {"b"}));
  EXPECT_THAT(store_->Append(same),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("appears twice")));
  AppendBatch nested = Entries("m1", 0, {"a"});
  AppendBatch inner = Entries("m2", 0, {"b"});
  inner.linked.push_back(Entries("m3", 0, {"c"}));
  nested.linked.push_back(inner);
  EXPECT_THAT(store_->Append(nested),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("linked batches of its own")));
  EXPECT_THAT(store_->Size("m1"), IsOkAndHolds(0u));
}

// Chain names longer than std::string's inline buffer, and enough linked
// batches to make the set of names seen grow: the check once kept a view of
// a freed copy of the first name (caught by deploy/sanitize.sh).
TEST_P(StoreContractTest, MainChainRepeatedAmongManyLinkedBatchesIsRefused) {
  const std::string main_chain = "meeting-0123456789abcdef";
  AppendBatch batch = Entries(main_chain, 0, {"a"});
  for (int i = 0; i < 16; ++i) {
    batch.linked.push_back(Entries(absl::StrCat("linked-chain-number-", i), 0, {"b"}));
  }
  batch.linked.push_back(Entries(main_chain, 0, {"c"}));
  EXPECT_THAT(store_->Append(batch),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("appears twice")));
  EXPECT_THAT(store_->Size(main_chain), IsOkAndHolds(0u));
}

// A meeting's urn on a shared store: a group of casts writes only the urn's
// chain, on condition that the meeting's chain has not moved (a close that
// another gongxind wrote meanwhile).
TEST_P(StoreContractTest, BatchOfOnlyLinkedBatchesIsAConditionOnItsChain) {
  ASSERT_OK(store_->Append(Entries("m1", 0, {"genesis"})));
  AppendBatch condition = Entries("m1", 1, {});
  AppendBatch urn = Entries("urn-m1", 0, {"marker"});
  urn.create_keys = {{"urn/a", "sealed"}};
  condition.linked.push_back(urn);
  ASSERT_OK(store_->Append(condition));
  EXPECT_THAT(ReadAll("m1"), ElementsAre("genesis"));
  EXPECT_THAT(store_->GetKey("urn-m1", "urn/a"), IsOkAndHolds(Optional(std::string("sealed"))));
  // The meeting's chain moved: the condition fails and nothing is written.
  ASSERT_OK(store_->Append(Entries("m1", 1, {"closed"})));
  AppendBatch stale = Entries("m1", 1, {});
  AppendBatch late = Entries("urn-m1", 1, {"marker2"});
  late.create_keys = {{"urn/b", "sealed"}};
  stale.linked.push_back(late);
  EXPECT_THAT(store_->Append(stale), StatusIs(absl::StatusCode::kAborted, HasSubstr("m1")));
  EXPECT_THAT(ReadAll("urn-m1"), ElementsAre("marker"));
  EXPECT_THAT(store_->GetKey("urn-m1", "urn/b"), IsOkAndHolds(std::nullopt));
}

TEST_P(StoreContractTest, EmptyBatchIsRefused) {
  EXPECT_THAT(store_->Append(Entries("c1", 0, {})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("empty")));
}

TEST_P(StoreContractTest, PurgeChainErasesTheChainAndNothingElse) {
  AppendBatch batch = Entries("c1", 0, {"a", "b"});
  batch.create_keys = {{"k1", "v1"}, {"k2", "v2"}};
  batch.head_record = "head";
  ASSERT_OK(store_->Append(batch));
  // Neighbours whose ids start with the purged one's, and one before it.
  for (const char* other : {"c1x", "c10", "c0"}) {
    AppendBatch o = Entries(other, 0, {absl::StrCat(other, "-entry")});
    o.create_keys = {{"k1", other}};
    o.head_record = absl::StrCat(other, "-head");
    ASSERT_OK(store_->Append(o));
  }

  ASSERT_OK(store_->PurgeChain("c1"));

  EXPECT_THAT(store_->Size("c1"), IsOkAndHolds(0u));
  EXPECT_THAT(ReadAll("c1"), IsEmpty());
  EXPECT_THAT(store_->ReadEntry("c1", 0), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(Scan("c1", ""), IsEmpty());
  EXPECT_THAT(store_->GetKey("c1", "k1"), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(store_->HeadRecord("c1"), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(store_->ListChains(), IsOkAndHolds(ElementsAre("c0", "c10", "c1x")));
  for (const char* other : {"c1x", "c10", "c0"}) {
    SCOPED_TRACE(other);
    EXPECT_THAT(ReadAll(other), ElementsAre(absl::StrCat(other, "-entry")));
    EXPECT_THAT(Scan(other, ""), ElementsAre(Pair("k1", other)));
    EXPECT_THAT(store_->HeadRecord(other), IsOkAndHolds(Optional(absl::StrCat(other, "-head"))));
  }
  // A purge repeated (after a crash) is harmless, and an unknown chain too.
  EXPECT_OK(store_->PurgeChain("c1"));
  EXPECT_OK(store_->PurgeChain("never"));
  EXPECT_THAT(store_->PurgeChain("a/b"), StatusIs(absl::StatusCode::kInvalidArgument));
  // The id can be written again from scratch; old keys do not come back.
  ASSERT_OK(store_->Append(Entries("c1", 0, {"new"})));
  EXPECT_THAT(ReadAll("c1"), ElementsAre("new"));
  EXPECT_THAT(Scan("c1", ""), IsEmpty());
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContractTest,
                         ::testing::Values(Backend{"Memory", &OpenMemory},
                                           Backend{"RocksDb", &OpenRocksDb},
                                           Backend{"Etcd", &OpenEtcd}),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace gongxin::storage
