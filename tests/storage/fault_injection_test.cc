#include "storage/fault_injection.h"

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/memory_store.h"
#include "storage/rocksdb_store.h"
#include "tests/storage/store_testing.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::storage {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

using InjectAt = FaultInjectingStore::InjectAt;

// A batch on chain "c1".
AppendBatch C1Entries(uint64_t expected_size, std::vector<std::string> entries) {
  AppendBatch batch;
  batch.chain = "c1";
  batch.expected_size = expected_size;
  batch.entries = std::move(entries);
  return batch;
}

TEST(FaultInjectingStoreTest, PassesThroughWhenNothingIsArmed) {
  FaultInjectingStore store(NewMemoryStore());
  ASSERT_OK(store.Append(C1Entries(0, {"a", "b"})));
  EXPECT_THAT(store.Size("c1"), IsOkAndHolds(2u));
  EXPECT_THAT(store.ReadEntry("c1", 1), IsOkAndHolds(std::string("b")));
  EXPECT_THAT(store.Append(C1Entries(0, {"x"})),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_OK(store.Append(C1Entries(2, {"c"})));
}

TEST(FaultInjectingStoreTest, FailureBeforeWriteWritesNothingAndIsSticky) {
  FaultInjectingStore store(NewMemoryStore());
  ASSERT_OK(store.Append(C1Entries(0, {"a"})));
  store.FailNextAppends(1, absl::UnavailableError("disk gone"));

  EXPECT_THAT(store.Append(C1Entries(1, {"b"})),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("disk gone")));
  EXPECT_THAT(store.Size("c1"), IsOkAndHolds(1u));
  // Nothing is armed any more, yet the store stays read-only.
  EXPECT_THAT(
      store.Append(C1Entries(1, {"b"})),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               AllOf(HasSubstr("read-only after an earlier write failure"),
                     HasSubstr("disk gone"))));
  EXPECT_THAT(store.Size("c1"), IsOkAndHolds(1u));
  EXPECT_THAT(store.ReadEntry("c1", 0), IsOkAndHolds(std::string("a")));
}

TEST(FaultInjectingStoreTest, FailureAfterWriteLandsButIsReportedAndSticky) {
  FaultInjectingStore store(NewMemoryStore());
  store.FailNextAppends(1, absl::DataLossError("fsync failed"),
                        InjectAt::kAfterWrite);
  EXPECT_THAT(store.Append(C1Entries(0, {"a"})),
              StatusIs(absl::StatusCode::kDataLoss));
  // The caller was told it failed, but the batch is there: the case the
  // layers above must survive by re-reading.
  EXPECT_THAT(store.Size("c1"), IsOkAndHolds(1u));
  EXPECT_THAT(store.Append(C1Entries(1, {"b"})),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(FaultInjectingStoreTest, InjectedConflictsAreNotSticky) {
  FaultInjectingStore store(NewMemoryStore());
  store.FailNextAppends(2, absl::AbortedError("lost the race"));
  EXPECT_THAT(store.Append(C1Entries(0, {"a"})),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_THAT(store.Append(C1Entries(0, {"a"})),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_OK(store.Append(C1Entries(0, {"a"})));
  EXPECT_THAT(store.Size("c1"), IsOkAndHolds(1u));
}

TEST(FaultInjectingStoreTest, InjectedFullDiskRefusalIsNotSticky) {
  FaultInjectingStore store(NewMemoryStore());
  store.FailNextAppends(1, absl::ResourceExhaustedError("disk almost full"));
  EXPECT_THAT(store.Append(C1Entries(0, {"a"})),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("disk almost full")));
  EXPECT_THAT(store.Size("c1"), IsOkAndHolds(0u));
  // Space came back: the same batch is taken, as by the real store.
  EXPECT_OK(store.Append(C1Entries(0, {"a"})));
  EXPECT_THAT(store.Size("c1"), IsOkAndHolds(1u));
}

TEST(FaultInjectingStoreTest, InvalidBatchIsRefusedWithoutUsingTheFault) {
  FaultInjectingStore store(NewMemoryStore());
  store.FailNextAppends(1, absl::InternalError("boom"));
  EXPECT_THAT(store.Append(C1Entries(0, {})),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(store.Append(C1Entries(0, {"a"})),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("boom")));
}

TEST(FaultInjectingStoreTest, OkStatusIsNotAFakeSuccess) {
  FaultInjectingStore store(NewMemoryStore());
  store.FailNextAppends(1, absl::OkStatus());
  EXPECT_THAT(store.Append(C1Entries(0, {"a"})),
              StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT(store.Size("c1"), IsOkAndHolds(0u));
}

TEST(FaultInjectingStoreTest, WrapsTheRocksDbStore) {
  ::gongxin::testing::TempDir tmp;
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> base,
                         OpenRocksDbStore(tmp.File("db")));
    FaultInjectingStore store(std::move(base));
    ASSERT_OK(store.Append(C1Entries(0, {"a"})));
    store.FailNextAppends(1, absl::UnavailableError("disk gone"));
    EXPECT_THAT(store.Append(C1Entries(1, {"b"})),
                StatusIs(absl::StatusCode::kUnavailable));
    EXPECT_THAT(store.Append(C1Entries(1, {"b"})),
                StatusIs(absl::StatusCode::kFailedPrecondition));
  }
  // A reopened store starts writable again.
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> reopened,
                       OpenRocksDbStore(tmp.File("db")));
  EXPECT_THAT(reopened->Size("c1"), IsOkAndHolds(1u));
  EXPECT_OK(reopened->Append(C1Entries(1, {"b"})));
}

}  // namespace
}  // namespace gongxin::storage
