// RocksDB-specific behaviour: persistence, the open-time cross-check, disk
// faults. The shared contract is in store_contract_test.cc.
#include "storage/rocksdb_store.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/env.h"
#include "rocksdb/file_system.h"
#include "storage/rocksdb_db.h"
#include "tests/storage/store_testing.h"
#include "tests/testing/raw_files.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::storage {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::AllOf;
using ::testing::AnyOf;
using ::testing::ElementsAre;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Optional;

// The entries-family key, spelled out byte by byte so that this test pins
// the on-disk format instead of trusting the store's own encoder.
std::string RawEntryKey(const std::string& chain, unsigned char seq) {
  return chain + std::string(1, '\0') + std::string(7, '\0') +
         std::string(1, static_cast<char>(seq));
}

class RocksDbStoreTest : public ::testing::Test {
 protected:
  absl::StatusOr<std::unique_ptr<Store>> Open() {
    return OpenRocksDbStore(db_dir_);
  }

  // Writes chain "c1" = {e0, e1, e2} and closes the store.
  void WriteThreeEntries() {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, Open());
    ASSERT_OK(store->Append(Entries("c1", 0, {"e0", "e1", "e2"})));
  }

  // Opens the database raw, as an attacker would, and runs `tamper`.
  template <typename F>
  void Raw(F tamper) {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<LedgerDb> raw,
                         LedgerDb::Open(db_dir_, LedgerDb::OpenOptions()));
    rocksdb::WriteOptions sync;
    sync.sync = true;
    tamper(*raw, sync);
  }

  ::gongxin::testing::TempDir tmp_;
  const std::string db_dir_ = tmp_.File("db");
};

TEST_F(RocksDbStoreTest, EverythingSurvivesReopen) {
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, Open());
    AppendBatch batch = Entries("c1", 0, {"e0", std::string("\0e1", 3)});
    batch.create_keys = {{"voted/alice", "form-1"}};
    batch.head_record = "head@2";
    ASSERT_OK(store->Append(batch));
    ASSERT_OK(store->Append(Entries("c2", 0, {"other"})));
  }
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, Open());
  EXPECT_THAT(store->Size("c1"), IsOkAndHolds(2u));
  EXPECT_THAT(ReadAll(*store, "c1"), ElementsAre("e0", std::string("\0e1", 3)));
  EXPECT_THAT(store->GetKey("c1", "voted/alice"),
              IsOkAndHolds(Optional(std::string("form-1"))));
  EXPECT_THAT(store->HeadRecord("c1"),
              IsOkAndHolds(Optional(std::string("head@2"))));
  EXPECT_THAT(store->ListChains(), IsOkAndHolds(ElementsAre("c1", "c2")));

  // Conditions hold against the recovered state.
  EXPECT_THAT(store->Append(Entries("c1", 1, {"x"})),
              StatusIs(absl::StatusCode::kAborted));
  AppendBatch again = Entries("c1", 2, {"e2"});
  again.create_keys = {{"voted/alice", "form-1"}};
  EXPECT_THAT(store->Append(again), StatusIs(absl::StatusCode::kAlreadyExists));
  again.create_keys.clear();
  EXPECT_OK(store->Append(again));
}

// What a purge promises on disk (storage/store.h, PurgeChain): once it
// returns, no file of the data directory holds the chain's bytes — not the
// table files, not a write-ahead log, not the MANIFEST's key bounds — read
// raw. The marker is in entries, index keys, their values and the head, and
// on disk both in a table file (flushed by the reopen) and in the live log.
TEST_F(RocksDbStoreTest, PurgedChainLeavesNoByteInAnyFile) {
  const std::string kMarker = "TRIAL-MARKER-7f3a";
  const std::string kKeep = "FORMAL-KEEP-51c9";
  auto write = [&](Store& store, uint64_t at) {
    for (uint64_t i = 0; i < 3; ++i) {
      AppendBatch trial = Entries("t1", at + i, {absl::StrCat(kMarker, " entry ", at + i)});
      trial.create_keys = {{absl::StrCat("voter/", kMarker, at + i), absl::StrCat(kMarker, "v")}};
      trial.head_record = absl::StrCat(kMarker, " head");
      ASSERT_OK(store.Append(trial));
      AppendBatch formal = Entries("t0", at + i, {absl::StrCat(kKeep, " entry ", at + i)});
      formal.create_keys = {{absl::StrCat("voter/", kKeep, at + i), kKeep}};
      ASSERT_OK(store.Append(formal));
    }
  };
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, Open());
    write(*store, 0);
  }
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, Open());
  write(*store, 3);
  // The control: the marker is there to be found before the purge.
  ASSERT_THAT(::gongxin::testing::FilesHolding(db_dir_, kMarker), Not(IsEmpty()));

  ASSERT_OK(store->PurgeChain("t1"));

  EXPECT_THAT(::gongxin::testing::FilesHolding(db_dir_, kMarker), IsEmpty());
  EXPECT_THAT(::gongxin::testing::FilesHolding(db_dir_, kKeep), Not(IsEmpty()));
  EXPECT_THAT(store->ListChains(), IsOkAndHolds(ElementsAre("t0")));
  store.reset();
  EXPECT_THAT(::gongxin::testing::FilesHolding(db_dir_, kMarker), IsEmpty());
  ASSERT_OK_AND_ASSIGN(store, Open());
  EXPECT_THAT(store->Size("t1"), IsOkAndHolds(0u));
  EXPECT_EQ(ReadAll(*store, "t0").size(), 6u);
  EXPECT_THAT(::gongxin::testing::FilesHolding(db_dir_, kMarker), IsEmpty());
}

TEST_F(RocksDbStoreTest, EntryAddedBehindTheStoreIsDataLossAtOpen) {
  WriteThreeEntries();
  Raw([](LedgerDb& raw, const rocksdb::WriteOptions& sync) {
    ASSERT_TRUE(raw.db()
                    ->Put(sync, raw.entries(), RawEntryKey("c1", 3), "forged")
                    .ok());
  });
  EXPECT_THAT(Open(), StatusIs(absl::StatusCode::kDataLoss,
                               AllOf(HasSubstr("c1"), HasSubstr("entry 3"))));
}

TEST_F(RocksDbStoreTest, LastEntryRemovedBehindTheStoreIsDataLossAtOpen) {
  WriteThreeEntries();
  Raw([](LedgerDb& raw, const rocksdb::WriteOptions& sync) {
    ASSERT_TRUE(
        raw.db()->Delete(sync, raw.entries(), RawEntryKey("c1", 2)).ok());
  });
  EXPECT_THAT(Open(), StatusIs(absl::StatusCode::kDataLoss,
                               AllOf(HasSubstr("c1"), HasSubstr("entry 2"))));
}

TEST_F(RocksDbStoreTest, AllEntriesRemovedIsDataLossAtOpen) {
  WriteThreeEntries();
  Raw([](LedgerDb& raw, const rocksdb::WriteOptions& sync) {
    for (unsigned char seq = 0; seq < 3; ++seq) {
      ASSERT_TRUE(
          raw.db()->Delete(sync, raw.entries(), RawEntryKey("c1", seq)).ok());
    }
  });
  EXPECT_THAT(Open(),
              StatusIs(absl::StatusCode::kDataLoss,
                       AllOf(HasSubstr("c1"), HasSubstr("no entries"))));
}

TEST_F(RocksDbStoreTest, SizeRemovedBehindTheStoreIsDataLossAtOpen) {
  WriteThreeEntries();
  Raw([](LedgerDb& raw, const rocksdb::WriteOptions& sync) {
    ASSERT_TRUE(raw.db()->Delete(sync, raw.meta(), "c1").ok());
  });
  EXPECT_THAT(Open(), StatusIs(absl::StatusCode::kDataLoss,
                               AllOf(HasSubstr("c1"), HasSubstr("no size"))));
}

TEST_F(RocksDbStoreTest, GapInsideChainIsDataLossWhenRead) {
  WriteThreeEntries();
  Raw([](LedgerDb& raw, const rocksdb::WriteOptions& sync) {
    ASSERT_TRUE(
        raw.db()->Delete(sync, raw.entries(), RawEntryKey("c1", 1)).ok());
  });
  // The open-time check looks at chain ends only; the gap shows on reading.
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, Open());
  std::vector<uint64_t> seen;
  EXPECT_THAT(store->ReadEntries("c1", 0, 3,
                                 [&](uint64_t seq, absl::string_view) {
                                   seen.push_back(seq);
                                   return absl::OkStatus();
                                 }),
              StatusIs(absl::StatusCode::kDataLoss,
                       AllOf(HasSubstr("c1"), HasSubstr("entry 1"))));
  EXPECT_THAT(seen, ElementsAre(0));
  EXPECT_THAT(store->ReadEntry("c1", 1), StatusIs(absl::StatusCode::kDataLoss));
}

TEST_F(RocksDbStoreTest, ConcurrentAppendsToEightChainsAllLand) {
  constexpr int kChains = 8;
  constexpr int kPerChain = 25;
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, Open());
    std::vector<std::thread> threads;
    for (int c = 0; c < kChains; ++c) {
      threads.emplace_back([&store, c] {
        for (int i = 0; i < kPerChain; ++i) {
          // Each chain has one writer, so no append may be refused.
          ASSERT_OK(store->Append(
              Entries(absl::StrCat("chain", c), i, {absl::StrCat(c, "/", i)})));
        }
      });
    }
    for (std::thread& t : threads) t.join();
  }
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, Open());
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> chains, store->ListChains());
  EXPECT_EQ(chains.size(), kChains);
  for (int c = 0; c < kChains; ++c) {
    const std::vector<std::string> entries =
        ReadAll(*store, absl::StrCat("chain", c));
    ASSERT_EQ(entries.size(), kPerChain);
    for (int i = 0; i < kPerChain; ++i) {
      EXPECT_EQ(entries[i], absl::StrCat(c, "/", i));
    }
  }
}

TEST_F(RocksDbStoreTest, RegularFileAsDirectoryFailsCleanly) {
  const std::string file = tmp_.File("not_a_dir");
  std::ofstream(file) << "hello";
  absl::StatusOr<std::unique_ptr<Store>> store = OpenRocksDbStore(file);
  EXPECT_THAT(store, StatusIs(absl::StatusCode::kUnavailable, HasSubstr(file)));
  std::ifstream in(file);
  std::string contents((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(contents, "hello");
}

TEST_F(RocksDbStoreTest, SecondOpenOfSameDirectoryIsRefused) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> first, Open());
  EXPECT_THAT(Open(),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("lock")));
}

// A file system that fails on demand, as a dying or a full disk does.
class FaultyFileSystem : public rocksdb::FileSystemWrapper {
 public:
  enum class Fault {
    kNone,
    // WAL files fail to sync: the write reached the OS, but whether it
    // reached the disk is unknown.
    kWalSync,
    // Every write to every file fails with ENOSPC.
    kDiskFull,
  };

  FaultyFileSystem() : rocksdb::FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "FaultyFileSystem"; }

  void Inject(Fault fault) { fault_ = fault; }

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* file,
                                    rocksdb::IODebugContext* dbg) override {
    if (fault_ == Fault::kDiskFull) return NoSpace();
    rocksdb::IOStatus s = target()->NewWritableFile(name, options, file, dbg);
    if (s.ok()) {
      *file = std::make_unique<File>(std::move(*file), absl::EndsWith(name, ".log"), &fault_);
    }
    return s;
  }

 private:
  static rocksdb::IOStatus NoSpace() {
    return rocksdb::IOStatus::NoSpace("injected: no space left on device");
  }

  class File : public rocksdb::FSWritableFileOwnerWrapper {
   public:
    File(std::unique_ptr<rocksdb::FSWritableFile> file, bool wal, const std::atomic<Fault>* fault)
        : FSWritableFileOwnerWrapper(std::move(file)), wal_(wal), fault_(fault) {}
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* dbg) override {
      if (*fault_ == Fault::kDiskFull) return NoSpace();
      return FSWritableFileOwnerWrapper::Append(data, options, dbg);
    }
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                             const rocksdb::DataVerificationInfo& info,
                             rocksdb::IODebugContext* dbg) override {
      if (*fault_ == Fault::kDiskFull) return NoSpace();
      return FSWritableFileOwnerWrapper::Append(data, options, info, dbg);
    }
    rocksdb::IOStatus Sync(const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* dbg) override {
      if (SyncFails()) return rocksdb::IOStatus::IOError("injected WAL sync failure");
      return FSWritableFileOwnerWrapper::Sync(options, dbg);
    }
    rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options,
                            rocksdb::IODebugContext* dbg) override {
      if (SyncFails()) return rocksdb::IOStatus::IOError("injected WAL sync failure");
      return FSWritableFileOwnerWrapper::Fsync(options, dbg);
    }

   private:
    bool SyncFails() const { return wal_ && *fault_ == Fault::kWalSync; }

    const bool wal_;
    const std::atomic<Fault>* fault_;
  };

  std::atomic<Fault> fault_{Fault::kNone};
};

using Fault = FaultyFileSystem::Fault;

TEST_F(RocksDbStoreTest, FailedWalSyncMakesTheStoreReadOnlyUntilReopened) {
  auto fs = std::make_shared<FaultyFileSystem>();
  std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
  {
    RocksDbStoreOptions options;
    options.env = env.get();
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store,
                         OpenRocksDbStore(db_dir_, options));
    ASSERT_OK(store->Append(Entries("c1", 0, {"durable"})));

    fs->Inject(Fault::kWalSync);
    EXPECT_THAT(store->Append(Entries("c1", 1, {"unknown"})),
                StatusIs(absl::StatusCode::kUnavailable,
                         HasSubstr("injected WAL sync failure")));
    fs->Inject(Fault::kNone);
    // The disk works again, but the store cannot know what it holds.
    for (const char* chain : {"c1", "c2"}) {
      EXPECT_THAT(store->Append(Entries(chain, 1, {"x"})),
                  StatusIs(absl::StatusCode::kFailedPrecondition,
                           AllOf(HasSubstr("read-only after an earlier write "
                                           "failure"),
                                 HasSubstr("injected WAL sync failure"))));
    }
    // Reads keep working and never show the unacknowledged entry.
    EXPECT_THAT(store->Size("c1"), IsOkAndHolds(1u));
    EXPECT_THAT(store->ReadEntry("c1", 0),
                IsOkAndHolds(std::string("durable")));
  }
  // Reopening re-reads the truth: the unacknowledged batch may or may not
  // have reached the disk, but it is all there or not at all.
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, Open());
  ASSERT_OK_AND_ASSIGN(uint64_t size, store->Size("c1"));
  EXPECT_THAT(ReadAll(*store, "c1"),
              AnyOf(ElementsAre("durable"), ElementsAre("durable", "unknown")));
  EXPECT_OK(store->Append(Entries("c1", size, {"after reopen"})));
}

// Free space as the test says it is, changed while the store is open.
class FakeDisk {
 public:
  explicit FakeDisk(uint64_t free) : free_(free) {}
  void SetFree(uint64_t free) { free_ = free; }
  FreeSpaceSource Source() {
    return [this](const std::string&) -> absl::StatusOr<uint64_t> { return free_.load(); };
  }

 private:
  std::atomic<uint64_t> free_;
};

constexpr uint64_t kReserve = uint64_t{64} << 20;

TEST_F(RocksDbStoreTest, DiskBelowTheReserveRefusesWritingNothingThenResumes) {
  FakeDisk disk(kReserve + (uint64_t{1} << 20));
  RocksDbStoreOptions options;
  options.min_free_bytes = kReserve;
  options.free_space = disk.Source();
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenRocksDbStore(db_dir_, options));
  ASSERT_OK(store->Append(Entries("c1", 0, {"before"})));

  disk.SetFree(kReserve - 1);
  AppendBatch refused = Entries("c1", 1, {"refused"});
  refused.create_keys = {{"cast/f/v1", "1"}};
  refused.head_record = "head 2";
  for (int attempt = 0; attempt < 2; ++attempt) {
    EXPECT_THAT(store->Append(refused),
                StatusIs(absl::StatusCode::kResourceExhausted,
                         AllOf(HasSubstr("64.0 MiB free"), HasSubstr("needed"),
                               HasSubstr(db_dir_), HasSubstr("nothing was written"))));
  }
  // Nothing of the batch anywhere, and reads go on.
  EXPECT_THAT(store->Size("c1"), IsOkAndHolds(1u));
  EXPECT_THAT(store->GetKey("c1", "cast/f/v1"), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(store->HeadRecord("c1"), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(ReadAll(*store, "c1"), ElementsAre("before"));

  // Space is freed: the same batch goes through, no reopen needed.
  disk.SetFree(kReserve * 2);
  ASSERT_OK(store->Append(refused));
  store.reset();
  ASSERT_OK_AND_ASSIGN(store, Open());
  EXPECT_THAT(ReadAll(*store, "c1"), ElementsAre("before", "refused"));
  EXPECT_THAT(store->GetKey("c1", "cast/f/v1"), IsOkAndHolds(Optional(std::string("1"))));
}

TEST_F(RocksDbStoreTest, TheReserveCountsTheBatchItself) {
  FakeDisk disk(kReserve + 4096);
  RocksDbStoreOptions options;
  options.min_free_bytes = kReserve;
  options.free_space = disk.Source();
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenRocksDbStore(db_dir_, options));
  EXPECT_THAT(store->Append(Entries("c1", 0, {std::string(8192, 'x')})),
              StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("8.")));
  EXPECT_OK(store->Append(Entries("c1", 0, {std::string(1024, 'x')})));
}

TEST_F(RocksDbStoreTest, ConflictsAreReportedBeforeTheDiskIsFull) {
  FakeDisk disk(kReserve * 2);
  RocksDbStoreOptions options;
  options.min_free_bytes = kReserve;
  options.free_space = disk.Source();
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenRocksDbStore(db_dir_, options));
  AppendBatch first = Entries("c1", 0, {"e0"});
  first.create_keys = {{"k", "v"}};
  ASSERT_OK(store->Append(first));
  disk.SetFree(0);
  // A batch that loses a race or repeats a key would be refused anyway: the
  // writer hears the lasting reason, not the passing one.
  EXPECT_THAT(store->Append(Entries("c1", 0, {"stale"})), StatusIs(absl::StatusCode::kAborted));
  AppendBatch again = Entries("c1", 1, {"e1"});
  again.create_keys = {{"k", "v"}};
  EXPECT_THAT(store->Append(again), StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_F(RocksDbStoreTest, UnmeasurableFreeSpaceIsRefusedAtOpenUnlessTheReserveIsZero) {
  RocksDbStoreOptions options;
  options.free_space = [](const std::string& dir) -> absl::StatusOr<uint64_t> {
    return absl::UnimplementedError("statvfs of " + dir + ": not supported");
  };
  EXPECT_THAT(OpenRocksDbStore(db_dir_, options),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("not supported"), HasSubstr("reserve of 0"))));
  options.min_free_bytes = 0;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenRocksDbStore(db_dir_, options));
  EXPECT_OK(store->Append(Entries("c1", 0, {"e0"})));
}

// The reserve off (or too small): the disk fills up under RocksDB itself.
// Debian's librocksdb used to abort the process here, on the first line
// logged after its LOG file in the data directory had failed a write.
TEST_F(RocksDbStoreTest, DiskFullUnderRocksDbLeavesTheStoreReadOnlyAndTheProcessAlive) {
  auto fs = std::make_shared<FaultyFileSystem>();
  std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
  absl::Mutex log_mu;
  std::vector<std::string> log;
  {
    RocksDbStoreOptions options;
    options.env = env.get();
    options.min_free_bytes = 0;
    options.log = [&](absl::string_view line) {
      absl::MutexLock lock(&log_mu);
      log.emplace_back(line);
    };
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenRocksDbStore(db_dir_, options));
    ASSERT_OK(store->Append(Entries("c1", 0, {"durable"})));

    fs->Inject(Fault::kDiskFull);
    // Not RESOURCE_EXHAUSTED: that promises nothing was written.
    EXPECT_THAT(store->Append(Entries("c1", 1, {"unknown"})),
                StatusIs(absl::StatusCode::kUnavailable, HasSubstr("no space left")));
    for (int i = 0; i < 3; ++i) {
      EXPECT_THAT(store->Append(Entries("c1", 1, {"again"})),
                  StatusIs(absl::StatusCode::kFailedPrecondition,
                           AllOf(HasSubstr("read-only after an earlier write failure"),
                                 HasSubstr("no space left"))));
    }
    EXPECT_THAT(store->ReadEntry("c1", 0), IsOkAndHolds(std::string("durable")));
    EXPECT_THAT(store->Size("c1"), IsOkAndHolds(1u));
    fs->Inject(Fault::kNone);
  }
  {
    absl::MutexLock lock(&log_mu);
    EXPECT_THAT(log, Contains(HasSubstr("no space left"))) << "RocksDB's error reaches the log sink";
  }
  // RocksDB keeps no LOG file of its own in the data directory.
  std::vector<std::string> log_files;
  for (const auto& file : std::filesystem::directory_iterator(db_dir_)) {
    if (absl::StartsWith(file.path().filename().string(), "LOG")) {
      log_files.push_back(file.path().filename().string());
    }
  }
  EXPECT_THAT(log_files, IsEmpty());

  // Space is back: a reopened store has the durable entry and takes writes.
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, Open());
  ASSERT_OK_AND_ASSIGN(uint64_t size, store->Size("c1"));
  EXPECT_THAT(ReadAll(*store, "c1"),
              AnyOf(ElementsAre("durable"), ElementsAre("durable", "unknown")));
  EXPECT_OK(store->Append(Entries("c1", size, {"after reopen"})));
}

}  // namespace
}  // namespace gongxin::storage
