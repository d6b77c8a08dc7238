#include "storage/free_space.h"

#include <atomic>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/store_testing.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace gongxin::storage {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::AllOf;
using ::testing::Gt;
using ::testing::HasSubstr;

constexpr uint64_t kMiB = uint64_t{1} << 20;

FreeSpaceSource Fixed(uint64_t bytes) {
  return [bytes](const std::string&) -> absl::StatusOr<uint64_t> { return bytes; };
}

TEST(FreeSpaceGuardTest, RefusesBelowTheReserveSayingWhatIsFreeAndNeeded) {
  FreeSpaceGuard guard("/srv/ledger", 64 * kMiB, Fixed(3 * kMiB + kMiB / 10));
  EXPECT_THAT(guard.Check(1536),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       AllOf(HasSubstr("3.1 MiB free on the file system of /srv/ledger"),
                             HasSubstr("64.0 MiB needed"),
                             HasSubstr("a reserve of 64.0 MiB plus 1.5 KiB for this write"),
                             HasSubstr("nothing was written"))));
}

TEST(FreeSpaceGuardTest, TheWriteItselfCountsAgainstTheFreeSpace) {
  FreeSpaceGuard guard("/d", 64 * kMiB, Fixed(64 * kMiB + 100));
  EXPECT_OK(guard.Check(0));
  EXPECT_OK(guard.Check(100));
  EXPECT_THAT(guard.Check(101), StatusIs(absl::StatusCode::kResourceExhausted));
}

TEST(FreeSpaceGuardTest, ZeroReserveNeverMeasures) {
  std::atomic<int> calls{0};
  FreeSpaceGuard guard("/d", 0, [&](const std::string&) -> absl::StatusOr<uint64_t> {
    ++calls;
    return 0;
  });
  EXPECT_OK(guard.Check(uint64_t{1} << 40));
  EXPECT_EQ(calls.load(), 0);
}

TEST(FreeSpaceGuardTest, UnmeasurableFreeSpaceIsUnavailableNotFull) {
  FreeSpaceGuard guard("/d", kMiB, [](const std::string& dir) -> absl::StatusOr<uint64_t> {
    return absl::PermissionDeniedError("measure free space of " + dir + ": denied");
  });
  EXPECT_THAT(guard.Check(1),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("measure free space of /d"),
                             HasSubstr("nothing was written"))));
}

TEST(FreeSpaceTest, StatvfsMeasuresARealDirectoryAndNamesAMissingOne) {
  ::gongxin::testing::TempDir tmp;
  EXPECT_THAT(FileSystemFreeBytes(tmp.path()), IsOkAndHolds(Gt(0u)));
  EXPECT_THAT(FileSystemFreeBytes(tmp.File("missing")),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr(tmp.File("missing"))));
}

TEST(FreeSpaceTest, FormatBytesPicksTheUnit) {
  EXPECT_EQ(FormatBytes(0), "0 B");
  EXPECT_EQ(FormatBytes(1023), "1023 B");
  EXPECT_EQ(FormatBytes(1024), "1.0 KiB");
  EXPECT_EQ(FormatBytes(kMiB - 1), "1.0 MiB");
  EXPECT_EQ(FormatBytes(kMiB - 60 * 1024), "964.0 KiB");
  EXPECT_EQ(FormatBytes(256 * kMiB), "256.0 MiB");
  EXPECT_EQ(FormatBytes(uint64_t{5} << 30), "5.0 GiB");
}

}  // namespace
}  // namespace gongxin::storage
