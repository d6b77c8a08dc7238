// The ledger log module on its own, with a toy owner whose state is the
// set of names it has logged: interleavings of accepted and refused
// requests, a second writer racing it, faults at every point of a group,
// groups that fit an etcd transaction, and the state lock free while a
// batch syncs.
#include "chainlog/chain_log.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "crypto/merkle.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/fault_injection.h"
#include "storage/memory_store.h"
#include "tests/testing/forwarding_store.h"
#include "tests/testing/status_matchers.h"
#include "util/status_macros.h"

namespace gongxin::chainlog {
namespace {

using ::testing::IsEmpty;
using ::testing::UnorderedElementsAreArray;

using ::gongxin::testing::ForwardingStore;

constexpr char kChain[] = "c1";
constexpr char kSideChain[] = "urn";

// The toy owner. Add("x") appends entry "x" and creates key "k/x"; names
// beginning "bad" are refused before staging, "late" after staging a key,
// "side" put their key on the side store instead of appending; a name
// already logged is refused, and "needs-x" is refused unless "x" is logged.
class Owner {
 public:
  Owner(storage::Store* store, storage::Store* side = nullptr, Limits limits = {})
      : side_(side) {
    ChainLog::Hooks hooks;
    hooks.state_mu = &mu_;
    hooks.name = "test log";
    hooks.log_error = [](absl::string_view) {};
    hooks.replay = [this]() ABSL_NO_THREAD_SAFETY_ANALYSIS { return ReplayLocked(); };
    hooks.head_record = [](const ChainLog::Txn& t)
        -> absl::StatusOr<std::optional<std::string>> {
      return absl::StrCat("head ", t.range().size());
    };
    log_ = std::make_unique<ChainLog>(store, kChain, std::move(hooks), limits);
    absl::MutexLock lock(&mu_);
    replayed_ = ReplayLocked();
  }

  absl::Status replayed() const { return replayed_; }
  ChainLog& log() { return *log_; }
  absl::Mutex& mu() { return mu_; }
  std::set<std::string> names() {
    absl::MutexLock lock(&mu_);
    return {names_.begin(), names_.end()};
  }

  absl::Status Add(const std::string& name, size_t bytes_hint = 64) {
    ChainLog::Op op = MakeOp(name, bytes_hint);
    return log_->Submit(&op);
  }

  // Through SubmitAsync: `done` gets the outcome, on one of the log's
  // threads.
  void AddAsync(const std::string& name, std::function<void(absl::Status)> done) {
    auto* op = new ChainLog::Op(MakeOp(name, 64));
    log_->SubmitAsync(op, [op, done = std::move(done)] {
      std::unique_ptr<ChainLog::Op> owned(op);
      done(owned->status);
    });
  }
  absl::Status AddAsyncAndWait(const std::string& name) {
    absl::Notification finished;
    absl::Status status;
    AddAsync(name, [&](absl::Status s) {
      status = s;
      finished.Notify();
    });
    finished.WaitForNotification();
    return status;
  }

 private:
  ChainLog::Op MakeOp(const std::string& name, size_t bytes_hint) {
    ChainLog::Op op;
    op.bytes_hint = bytes_hint;
    op.prepare = [this, name](ChainLog::Txn& txn) ABSL_NO_THREAD_SAFETY_ANALYSIS -> absl::Status {
      if (absl::StartsWith(name, "bad")) return absl::InvalidArgumentError("bad name");
      if (names_.contains(name)) return absl::AlreadyExistsError(name + " is logged");
      if (absl::StartsWith(name, "needs-") && !names_.contains(name.substr(6))) {
        return absl::FailedPreconditionError(name.substr(6) + " is not logged");
      }
      // An entry, its key (name and value) and a tree node or two.
      RETURN_IF_ERROR(txn.Reserve(4, 3 * name.size() + 256));
      if (absl::StartsWith(name, "side")) {
        txn.CreateSideKey(side_, kSideChain, "s/" + name, name);
        names_.insert(name);
        return absl::OkStatus();
      }
      txn.CreateKey("k/" + name, name);
      if (absl::StartsWith(name, "late")) return absl::InvalidArgumentError("late refusal");
      txn.Append(name);
      names_.insert(name);
      return absl::OkStatus();
    };
    return op;
  }

  absl::Status ReplayLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    names_.clear();
    if (side_ != nullptr) {
      RETURN_IF_ERROR(side_->ScanKeys(kSideChain, "s/", [&](absl::string_view, absl::string_view v) {
        names_.insert(std::string(v));
        return absl::OkStatus();
      }));
    }
    return log_->Replay([&](uint64_t, absl::string_view bytes) {
      names_.insert(std::string(bytes));
      return absl::OkStatus();
    });
  }

  storage::Store* side_;
  absl::Mutex mu_;
  absl::flat_hash_set<std::string> names_ ABSL_GUARDED_BY(mu_);
  std::unique_ptr<ChainLog> log_;
  absl::Status replayed_;
};

std::vector<std::string> Entries(storage::Store& store) {
  std::vector<std::string> out;
  const uint64_t size = *store.Size(kChain);
  EXPECT_OK(store.ReadEntries(kChain, 0, size, [&](uint64_t, absl::string_view b) {
    out.emplace_back(b);
    return absl::OkStatus();
  }));
  return out;
}

std::vector<std::string> Keys(storage::Store& store, const char* chain, const char* prefix) {
  std::vector<std::string> out;
  EXPECT_OK(store.ScanKeys(chain, prefix, [&](absl::string_view k, absl::string_view) {
    out.emplace_back(k);
    return absl::OkStatus();
  }));
  return out;
}

// The root the entries give, computed afresh, must be the log's head, and
// every proof node the log serves must be stored.
void ExpectTreeMatchesEntries(Owner& owner, storage::Store& store) {
  crypto::CompactRange range;
  for (const std::string& e : Entries(store)) {
    ASSERT_OK(range.Append(crypto::LeafHash(e), [](uint64_t, uint64_t, absl::string_view) {}));
  }
  const TreeHead head = owner.log().Head();
  EXPECT_EQ(head.size, range.size());
  EXPECT_EQ(head.root_hash, range.Root()) << "the log's root is not the entries' root";
  if (head.size > 0) {
    ASSERT_OK_AND_ASSIGN(std::string root, crypto::RootHash(head.size, owner.log().TreeNodes()));
    EXPECT_EQ(root, head.root_hash) << "the stored tree nodes do not give the root";
  }
}

TEST(ChainLogTest, ConcurrentMixOfAcceptedAndRefusedRequestsWritesExactlyTheAccepted) {
  std::unique_ptr<storage::Store> store = storage::NewMemoryStore();
  // A key the owner does not know about: the store refuses it (write-once).
  storage::AppendBatch taken;
  taken.chain = kChain;
  for (int j = 0; j < 5; ++j) taken.create_keys.emplace_back(absl::StrCat("k/taken-", j), "x");
  ASSERT_OK(store->Append(taken));
  Owner owner(store.get());
  ASSERT_OK(owner.replayed());

  constexpr int kThreads = 8, kPerThread = 60;
  std::vector<std::vector<std::pair<std::string, absl::Status>>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(t);
      for (int i = 0; i < kPerThread; ++i) {
        std::string name;
        switch (rng() % 5) {
          case 0: name = absl::StrCat("bad-", t, "-", i); break;
          case 1: name = absl::StrCat("late-", t, "-", i); break;
          case 2: name = absl::StrCat("dup-", rng() % 10); break;   // races itself
          case 3: name = absl::StrCat("taken-", rng() % 5); break;  // the store refuses
          default: name = absl::StrCat("ok-", t, "-", i); break;
        }
        results[t].emplace_back(name, owner.Add(name));
      }
    });
  }
  for (auto& th : threads) th.join();

  std::set<std::string> accepted;
  for (const auto& per_thread : results) {
    for (const auto& [name, status] : per_thread) {
      if (absl::StartsWith(name, "ok-")) {
        EXPECT_OK(status) << name;
      } else if (absl::StartsWith(name, "bad-") || absl::StartsWith(name, "late-")) {
        EXPECT_THAT(status, testing::StatusIs(absl::StatusCode::kInvalidArgument)) << name;
      } else if (absl::StartsWith(name, "taken-")) {
        EXPECT_THAT(status, testing::StatusIs(absl::StatusCode::kAlreadyExists)) << name;
      } else {
        EXPECT_TRUE(status.ok() || absl::IsAlreadyExists(status)) << name << ": " << status;
      }
      if (status.ok()) {
        EXPECT_TRUE(accepted.insert(name).second) << name << " accepted twice";
      }
    }
  }
  for (int k = 0; k < 10; ++k) {
    // Every dup name that was tried was accepted exactly once.
    bool tried = false;
    for (const auto& per_thread : results)
      for (const auto& [name, s] : per_thread) tried |= name == absl::StrCat("dup-", k);
    EXPECT_EQ(accepted.count(absl::StrCat("dup-", k)), tried ? 1u : 0u);
  }
  std::vector<std::string> on_disk = Entries(*store);
  EXPECT_THAT(on_disk, UnorderedElementsAreArray(accepted))
      << "the chain must hold exactly the accepted requests";
  std::vector<std::string> keys;
  for (const std::string& name : accepted) keys.push_back("k/" + name);
  for (int j = 0; j < 5; ++j) keys.push_back(absl::StrCat("k/taken-", j));
  EXPECT_THAT(Keys(*store, kChain, "k/"), UnorderedElementsAreArray(keys))
      << "a refused request's key reached the store";
  EXPECT_EQ(owner.names(), accepted);
  ExpectTreeMatchesEntries(owner, *store);

  Owner restarted(store.get());
  ASSERT_OK(restarted.replayed());
  EXPECT_EQ(restarted.names(), accepted);
  ExpectTreeMatchesEntries(restarted, *store);
}

TEST(ChainLogTest, RequestsNoThreadWaitsForMixedWithWaitingOnesWriteExactlyTheAccepted) {
  std::unique_ptr<storage::Store> store = storage::NewMemoryStore();
  Owner owner(store.get());
  ASSERT_OK(owner.replayed());

  // Four threads fire async requests without waiting for any; four submit
  // and wait, so groups are led by the log's committer and by callers.
  constexpr int kThreads = 8, kPerThread = 80;
  absl::Mutex mu;
  std::vector<std::pair<std::string, absl::Status>> results;
  auto record = [&](std::string name, absl::Status s) {
    absl::MutexLock lock(&mu);
    results.emplace_back(std::move(name), std::move(s));
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(100 + t);
      for (int i = 0; i < kPerThread; ++i) {
        std::string name;
        switch (rng() % 4) {
          case 0: name = absl::StrCat("bad-", t, "-", i); break;
          case 1: name = absl::StrCat("late-", t, "-", i); break;
          case 2: name = absl::StrCat("dup-", rng() % 10); break;
          default: name = absl::StrCat("ok-", t, "-", i); break;
        }
        if (t % 2 == 0) {
          owner.AddAsync(name, [&, name](absl::Status s) { record(name, std::move(s)); });
        } else {
          record(name, owner.Add(name));
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  absl::MutexLock lock(&mu);
  auto all_finished = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    return results.size() >= size_t{kThreads * kPerThread};
  };
  ASSERT_TRUE(mu.AwaitWithTimeout(absl::Condition(&all_finished), absl::Seconds(30)))
      << results.size() << " of " << kThreads * kPerThread << " requests finished";
  mu.Unlock();
  absl::SleepFor(absl::Milliseconds(50));  // a request finishing twice shows now
  mu.Lock();
  ASSERT_EQ(results.size(), size_t{kThreads * kPerThread}) << "a request finished twice";
  std::set<std::string> accepted;
  for (const auto& [name, status] : results) {
    if (absl::StartsWith(name, "ok-")) {
      EXPECT_OK(status) << name;
    } else if (absl::StartsWith(name, "bad-") || absl::StartsWith(name, "late-")) {
      EXPECT_THAT(status, testing::StatusIs(absl::StatusCode::kInvalidArgument)) << name;
    } else {
      EXPECT_TRUE(status.ok() || absl::IsAlreadyExists(status)) << name << ": " << status;
    }
    if (status.ok()) EXPECT_TRUE(accepted.insert(name).second) << name << " accepted twice";
  }
  EXPECT_THAT(Entries(*store), UnorderedElementsAreArray(accepted))
      << "the chain must hold exactly the accepted requests";
  EXPECT_EQ(owner.names(), accepted);
  ExpectTreeMatchesEntries(owner, *store);
}

TEST(ChainLogTest, AbortedFromARacingWriterIsRereadAndRetried) {
  std::unique_ptr<storage::Store> store = storage::NewMemoryStore();
  // Two owners on one chain, each believing it is the only writer.
  Owner a(store.get()), b(store.get());
  for (int i = 0; i < 20; ++i) {
    // Each write makes the other's view of the size stale: ABORTED, re-read,
    // retried.
    ASSERT_OK(a.Add(absl::StrCat("a-", i)));
    ASSERT_OK(b.Add(absl::StrCat("b-", i)));
  }
  EXPECT_EQ(Entries(*store).size(), 40u);
  // b wrote last, after re-reading everything a wrote.
  EXPECT_EQ(b.names().size(), 40u) << "after the race b must have re-read the chain";
  ExpectTreeMatchesEntries(b, *store);

  // Concurrently: what is acknowledged is on disk once; what is not was
  // ABORTED (the retries ran out) and is not.
  std::vector<std::pair<std::string, absl::Status>> results[2];
  std::thread ta([&] {
    for (int i = 0; i < 40; ++i) results[0].emplace_back("ca-" + std::to_string(i), a.Add("ca-" + std::to_string(i)));
  });
  std::thread tb([&] {
    for (int i = 0; i < 40; ++i) results[1].emplace_back("cb-" + std::to_string(i), b.Add("cb-" + std::to_string(i)));
  });
  ta.join();
  tb.join();
  std::vector<std::string> on_disk = Entries(*store);
  std::multiset<std::string> disk(on_disk.begin(), on_disk.end());
  for (const auto& r : results) {
    for (const auto& [name, status] : r) {
      if (status.ok()) {
        EXPECT_EQ(disk.count(name), 1u) << name << " was acknowledged";
      } else {
        EXPECT_THAT(status, testing::StatusIs(absl::StatusCode::kAborted)) << name;
        EXPECT_EQ(disk.count(name), 0u) << name << " was refused but written";
      }
    }
  }
  Owner restarted(store.get());
  ASSERT_OK(restarted.replayed());
}

// A store other writers share (as etcd is), whose next reads can be made
// to go unanswered, as during an etcd leader change.
class SharedFlakyStore : public ForwardingStore {
 public:
  using ForwardingStore::ForwardingStore;
  bool MayHaveOtherWriters() const override { return true; }
  absl::StatusOr<uint64_t> Size(absl::string_view c) override {
    if (fail_sizes > 0) {
      --fail_sizes;
      return absl::UnavailableError("etcdserver: leader changed");
    }
    return ForwardingStore::Size(c);
  }
  absl::Status ReadEntries(absl::string_view c, uint64_t from, uint64_t to,
                           const std::function<absl::Status(uint64_t, absl::string_view)>& v)
      override {
    if (fail_reads > 0) {
      --fail_reads;
      return absl::UnavailableError("etcdserver: leader changed");
    }
    return ForwardingStore::ReadEntries(c, from, to, v);
  }
  std::atomic<int> fail_sizes{0};
  std::atomic<int> fail_reads{0};
};

// Found by the failover soak (tests/e2e/failover_soak_test.cc): a replica
// whose check of the chain's size went unanswered prepared on its old
// state and refused a cast "not checked in" whose check-in another replica
// had acknowledged; a refusal writes nothing, so nothing corrected it.
TEST(ChainLogTest, AnUnansweredSizeCheckRefusesNothingOnTheOldState) {
  std::unique_ptr<storage::Store> memory = storage::NewMemoryStore();
  SharedFlakyStore store_a(memory.get()), store_b(memory.get());
  Owner a(&store_a), b(&store_b);
  ASSERT_OK(a.Add("first"));
  ASSERT_OK(b.Add("x"));  // a does not know yet
  store_a.fail_sizes = 1;
  EXPECT_OK(a.Add("needs-x")) << "refused on a state older than the store";
  EXPECT_EQ(Entries(*memory).size(), 3u);
}

// Also found by the soak: a replay the store did not answer (an etcd
// leader change) marked the log damaged, read-only until a restart. It is
// owed instead: the next group replays first, and writes go on.
TEST(ChainLogTest, AReplayTheStoreDoesNotAnswerIsOwedNotDamage) {
  std::unique_ptr<storage::Store> memory = storage::NewMemoryStore();
  SharedFlakyStore store_a(memory.get()), store_b(memory.get());
  Owner a(&store_a), b(&store_b);
  ASSERT_OK(a.Add("first"));
  ASSERT_OK(b.Add("x"));
  // a's replay after b's write fails, and so does the one it owes next.
  store_a.fail_reads = 2;
  EXPECT_THAT(a.Add("y"), testing::StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_OK(a.log().stopped()) << "an unanswered read stopped the log";
  ASSERT_OK(a.Add("needs-x"));
  EXPECT_OK(a.Add("z"));
  EXPECT_THAT(a.names(), UnorderedElementsAreArray({"first", "x", "needs-x", "z"}));
}

// One fault per case, struck at the side store's write or the chain's, in
// a group of concurrent requests. After a restart on the same data: every
// acknowledged request is there, no cleanly refused one is, and nothing
// that was never asked for.
struct FaultCase {
  const char* name;
  bool on_side;
  absl::StatusCode code;
  storage::FaultInjectingStore::InjectAt at;
  // Requests through SubmitAsync (the log's own threads lead and finish
  // the group) instead of Submit.
  bool async = false;
};

class ChainLogFaultTest : public ::testing::TestWithParam<FaultCase> {};

TEST_P(ChainLogFaultTest, EveryAcknowledgedRequestSurvivesARestartAndNothingElse) {
  const FaultCase& c = GetParam();
  std::unique_ptr<storage::Store> base = storage::NewMemoryStore();
  std::unique_ptr<storage::Store> side_base = storage::NewMemoryStore();
  storage::FaultInjectingStore chain_store(std::make_unique<ForwardingStore>(base.get()));
  storage::FaultInjectingStore side_store(std::make_unique<ForwardingStore>(side_base.get()));
  Owner owner(&chain_store, &side_store);
  ASSERT_OK(owner.replayed());
  ASSERT_OK(owner.Add("before"));
  (c.on_side ? side_store : chain_store)
      .FailNextAppends(1, absl::Status(c.code, "injected"), c.at);

  constexpr int kThreads = 8;
  std::vector<absl::Status> status(kThreads);
  std::vector<std::string> names;
  for (int t = 0; t < kThreads; ++t) names.push_back(absl::StrCat(t % 2 ? "side-" : "n-", t));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      status[t] = c.async ? owner.AddAsyncAndWait(names[t]) : owner.Add(names[t]);
    });
  }
  for (auto& th : threads) th.join();
  absl::Status after = owner.Add("after");

  // Restart: a fresh owner on the very same data.
  ForwardingStore chain_again(base.get()), side_again(side_base.get());
  Owner restarted(&chain_again, &side_again);
  ASSERT_OK(restarted.replayed());
  const std::set<std::string> durable = restarted.names();
  for (int t = 0; t < kThreads; ++t) {
    if (status[t].ok()) {
      EXPECT_TRUE(durable.contains(names[t])) << names[t] << " was acknowledged but is lost";
    } else if (!storage::WriteOutcomeUnknown(status[t]) && !absl::IsUnavailable(status[t])) {
      EXPECT_FALSE(durable.contains(names[t]))
          << names[t] << " was refused (" << status[t] << ") but is on disk";
    }
  }
  if (after.ok()) {
    EXPECT_TRUE(durable.contains("after"));
  }
  std::set<std::string> asked(names.begin(), names.end());
  asked.insert("before");
  asked.insert("after");
  for (const std::string& name : durable) {
    EXPECT_TRUE(asked.contains(name)) << name << " is on disk but was never asked for";
  }
  EXPECT_TRUE(durable.contains("before"));
  if (c.code == absl::StatusCode::kAborted) {
    // A lost race is retried: everyone gets in.
    for (int t = 0; t < kThreads; ++t) EXPECT_OK(status[t]) << names[t];
    EXPECT_OK(after);
  } else if (c.code == absl::StatusCode::kResourceExhausted) {
    // A clean refusal of the store's own is not sticky.
    EXPECT_OK(after) << "a full disk refused once must not stop the log";
  } else {
    // Unknown outcome: stopped until restart.
    EXPECT_THAT(after, testing::StatusIs(absl::StatusCode::kUnavailable));
    EXPECT_OK(restarted.Add("after-restart"));
  }
  ExpectTreeMatchesEntries(restarted, *base);
}

using At = storage::FaultInjectingStore::InjectAt;
INSTANTIATE_TEST_SUITE_P(
    AtEveryPoint, ChainLogFaultTest,
    ::testing::Values(
        FaultCase{"ChainIoFailureBeforeWrite", false, absl::StatusCode::kUnavailable, At::kBeforeWrite},
        FaultCase{"ChainCrashAfterWrite", false, absl::StatusCode::kUnavailable, At::kAfterWrite},
        FaultCase{"ChainFullDisk", false, absl::StatusCode::kResourceExhausted, At::kRefuse},
        FaultCase{"ChainLostRace", false, absl::StatusCode::kAborted, At::kBeforeWrite},
        FaultCase{"SideIoFailureBeforeWrite", true, absl::StatusCode::kUnavailable, At::kBeforeWrite},
        FaultCase{"SideCrashAfterWrite", true, absl::StatusCode::kUnavailable, At::kAfterWrite},
        FaultCase{"SideFullDisk", true, absl::StatusCode::kResourceExhausted, At::kRefuse},
        FaultCase{"AsyncChainIoFailureBeforeWrite", false, absl::StatusCode::kUnavailable,
                  At::kBeforeWrite, true},
        FaultCase{"AsyncChainCrashAfterWrite", false, absl::StatusCode::kUnavailable,
                  At::kAfterWrite, true},
        FaultCase{"AsyncChainFullDisk", false, absl::StatusCode::kResourceExhausted, At::kRefuse,
                  true},
        FaultCase{"AsyncChainLostRace", false, absl::StatusCode::kAborted, At::kBeforeWrite, true},
        FaultCase{"AsyncSideCrashAfterWrite", true, absl::StatusCode::kUnavailable, At::kAfterWrite,
                  true}),
    [](const ::testing::TestParamInfo<FaultCase>& i) { return std::string(i.param.name); });

TEST(ChainLogTest, GroupsFitOneEtcdTransaction) {
  std::unique_ptr<storage::Store> base = storage::NewMemoryStore();
  ForwardingStore store(base.get());
  absl::Mutex mu;
  std::vector<std::pair<size_t, size_t>> batches;  // operations, bytes
  store.on_append = [&](const storage::AppendBatch& b) {
    absl::MutexLock lock(&mu);
    batches.emplace_back(BatchOperations(b), BatchBytes(b));
  };
  Owner owner(&store);
  ASSERT_OK(owner.replayed());
  constexpr int kThreads = 64, kPerThread = 8;
  std::vector<std::thread> threads;
  std::atomic<int> failed{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Every fourth request is 100 KB: a group holds at most 15 of those.
        const bool big = i % 4 == 0;
        std::string name = absl::StrCat("ok-", t, "-", i, "-", std::string(big ? 100000 : 0, 'x'));
        // The hint is low on purpose: Reserve must still keep groups small.
        if (!owner.Add(name, name.size()).ok()) ++failed;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(Entries(*base).size(), static_cast<size_t>(kThreads * kPerThread));
  size_t grouped = 0;
  const Limits limits;
  for (const auto& [ops, bytes] : batches) {
    EXPECT_LE(ops, limits.max_operations) << "a batch etcd would refuse (operations)";
    EXPECT_LE(bytes, limits.max_bytes) << "a batch etcd would refuse (bytes)";
    if (ops > 5) ++grouped;
  }
  EXPECT_GT(grouped, 0u) << "64 concurrent writers were never committed in a group";
  EXPECT_LT(batches.size(), static_cast<size_t>(kThreads * kPerThread))
      << "one batch per request: no group commit";
}

TEST(ChainLogTest, TheOwnersStateLockIsFreeWhileTheBatchSyncs) {
  std::unique_ptr<storage::Store> base = storage::NewMemoryStore();
  ForwardingStore store(base.get());
  absl::Notification in_append, release;
  std::atomic<bool> hold{false};
  store.on_append = [&](const storage::AppendBatch&) {
    if (!hold.load()) return;
    in_append.Notify();
    release.WaitForNotification();
  };
  Owner owner(&store);
  ASSERT_OK(owner.replayed());
  hold = true;
  absl::Status added;
  std::thread writer([&] { added = owner.Add("slow"); });
  in_append.WaitForNotification();
  // While the batch is being written, a reader can take the state lock.
  const bool free = owner.mu().TryLock();
  if (free) owner.mu().Unlock();
  EXPECT_TRUE(free) << "the state lock is held across the store write";
  EXPECT_EQ(owner.log().Head().size, 0u) << "the head moved before the write was durable";
  release.Notify();
  writer.join();
  EXPECT_OK(added);
  EXPECT_EQ(owner.log().Head().size, 1u);
}

// TreeNodes serves recent nodes from memory: every proof it gives must be
// the one the stored nodes give.
TEST(ChainLogTest, ProofsFromTheNodeCacheEqualProofsFromTheStore) {
  std::unique_ptr<storage::Store> store = storage::NewMemoryStore();
  Owner owner(store.get());
  ASSERT_OK(owner.replayed());
  for (int i = 0; i < 300; ++i) ASSERT_OK(owner.Add(absl::StrCat("ok-", i)));
  crypto::NodeSource stored = [&](uint64_t level, uint64_t index) -> absl::StatusOr<std::string> {
    ASSIGN_OR_RETURN(std::optional<std::string> hash,
                     store->GetKey(kChain, TreeNodeKey(level, index)));
    if (!hash.has_value()) return absl::DataLossError("missing");
    return *hash;
  };
  const uint64_t size = owner.log().Head().size;
  for (uint64_t i = 0; i < size; i += 7) {
    for (int pass = 0; pass < 2; ++pass) {  // the second pass hits the cache
      ASSERT_OK_AND_ASSIGN(auto cached, crypto::InclusionProof(i, size, owner.log().TreeNodes()));
      ASSERT_OK_AND_ASSIGN(auto direct, crypto::InclusionProof(i, size, stored));
      EXPECT_EQ(cached, direct) << "inclusion proof of leaf " << i;
    }
  }
  ASSERT_OK_AND_ASSIGN(auto cached, crypto::ConsistencyProof(100, size, owner.log().TreeNodes()));
  ASSERT_OK_AND_ASSIGN(auto direct, crypto::ConsistencyProof(100, size, stored));
  EXPECT_EQ(cached, direct);
}

TEST(ChainLogTest, LinkedEntriesLandOnlyWithTheBatchThatCarriesThem) {
  std::unique_ptr<storage::Store> store = storage::NewMemoryStore();
  Owner registry(store.get());
  ASSERT_OK(registry.replayed());
  ASSERT_OK_AND_ASSIGN(ChainLog::Linked linked, registry.log().StageLinked({"leaf-0"}));
  EXPECT_EQ(registry.log().Head().size, 0u) << "staging alone must change nothing";
  storage::AppendBatch carrier;
  carrier.chain = "other";
  carrier.entries.push_back("genesis");
  carrier.linked.push_back(linked.batch);
  ASSERT_OK(store->Append(carrier));
  registry.log().CommitLinked(std::move(linked));
  EXPECT_EQ(registry.log().Head().size, 1u);
  ExpectTreeMatchesEntries(registry, *store);
}

// A toy meeting whose urn is a chain of the same store (CreateLinkedSideKey,
// as on etcd with several gongxind): Cast("x") writes only urn key "s/x";
// Seal() appends "sealed <n>" for the n urn keys it read and moves the urn's
// size with a marker. Two of them race on one store.
constexpr char kUrnChain[] = "urn-c1";

class UrnOwner {
 public:
  UrnOwner(storage::Store* store, std::string name) : store_(store), name_(std::move(name)) {
    ChainLog::Hooks hooks;
    hooks.state_mu = &mu_;
    hooks.name = name_;
    hooks.log_error = [](absl::string_view) {};
    hooks.replay = [this]() ABSL_NO_THREAD_SAFETY_ANALYSIS { return ReplayLocked(); };
    hooks.published = [this]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
      if (marker_staged_) ++urn_size_;
      marker_staged_ = false;
    };
    log_ = std::make_unique<ChainLog>(store, kChain, std::move(hooks));
    absl::MutexLock lock(&mu_);
    EXPECT_OK(ReplayLocked());
  }

  absl::Status Cast(const std::string& ballot) {
    ChainLog::Op op;
    op.prepare = [&](ChainLog::Txn& txn) ABSL_NO_THREAD_SAFETY_ANALYSIS -> absl::Status {
      if (sealed_) return absl::FailedPreconditionError("sealed");
      RETURN_IF_ERROR(txn.Reserve(3, 256));
      txn.CreateLinkedSideKey(store_, kUrnChain, urn_size_,
                              absl::StrCat("marker ", name_, " ", urn_size_), "s/" + ballot,
                              ballot);
      marker_staged_ = true;
      return absl::OkStatus();
    };
    return log_->Submit(&op);
  }

  absl::Status Seal() {
    ChainLog::Op op;
    op.operations_hint = log_->limits().max_operations;
    op.bytes_hint = log_->limits().max_bytes;
    op.prepare = [&](ChainLog::Txn& txn) ABSL_NO_THREAD_SAFETY_ANALYSIS -> absl::Status {
      if (sealed_) return absl::FailedPreconditionError("sealed");
      size_t n = 0;
      RETURN_IF_ERROR(store_->ScanKeys(kUrnChain, "s/", [&](absl::string_view, absl::string_view) {
        ++n;
        return absl::OkStatus();
      }));
      storage::AppendBatch marker;
      marker.chain = kUrnChain;
      marker.expected_size = urn_size_;
      marker.entries.push_back("sealed");
      txn.Link(std::move(marker));
      txn.Append(absl::StrCat("sealed ", n));
      sealed_ = true;
      marker_staged_ = true;
      return absl::OkStatus();
    };
    return log_->Submit(&op);
  }

 private:
  absl::Status ReplayLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    sealed_ = false;
    marker_staged_ = false;
    ASSIGN_OR_RETURN(urn_size_, store_->Size(kUrnChain));
    return log_->Replay([&](uint64_t, absl::string_view bytes) {
      if (absl::StartsWith(bytes, "sealed")) sealed_ = true;
      return absl::OkStatus();
    });
  }

  storage::Store* const store_;
  const std::string name_;
  absl::Mutex mu_;
  bool sealed_ ABSL_GUARDED_BY(mu_) = false;
  bool marker_staged_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t urn_size_ ABSL_GUARDED_BY(mu_) = 0;
  std::unique_ptr<ChainLog> log_;
};

// The close of a meeting whose urn another writer fills: whatever the
// interleaving, the seal counts exactly the urn keys on disk — no cast
// acknowledged by one writer lands after the other sealed, and none that
// was refused lands at all.
TEST(ChainLogTest, LinkedSideKeysNeverLandAfterAnotherWriterSealedTheirChain) {
  for (int round = 0; round < 5; ++round) {
    std::unique_ptr<storage::Store> store = storage::NewMemoryStore();
    UrnOwner a(store.get(), "a"), b(store.get(), "b");
    std::vector<std::pair<std::string, absl::Status>> casts;
    absl::Mutex casts_mu;
    std::vector<std::thread> kiosks;
    for (int k = 0; k < 4; ++k) {
      kiosks.emplace_back([&, k] {
        for (int i = 0; i < 25; ++i) {
          const std::string ballot = absl::StrCat("r", round, "-k", k, "-", i);
          absl::Status s = a.Cast(ballot);
          absl::MutexLock lock(&casts_mu);
          casts.emplace_back(ballot, s);
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(round));
    ASSERT_OK(b.Seal());
    for (std::thread& t : kiosks) t.join();
    const std::vector<std::string> urn = Keys(*store, kUrnChain, "s/");
    const absl::flat_hash_set<std::string> on_disk(urn.begin(), urn.end());
    const std::vector<std::string> entries = Entries(*store);
    ASSERT_FALSE(entries.empty());
    EXPECT_EQ(entries.back(), absl::StrCat("sealed ", urn.size()))
        << "the seal did not count the urn as it stands: a cast landed after it";
    for (const auto& [ballot, status] : casts) {
      if (status.ok()) {
        EXPECT_TRUE(on_disk.contains("s/" + ballot)) << ballot << " was acknowledged but is lost";
      } else {
        EXPECT_FALSE(on_disk.contains("s/" + ballot)) << ballot << " was refused but landed";
        EXPECT_THAT(status, testing::StatusIs(absl::StatusCode::kFailedPrecondition))
            << ballot;
      }
    }
  }
}

}  // namespace
}  // namespace gongxin::chainlog
