#include "server/health_watch.h"

#include <atomic>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace gongxin::server {
namespace {

// What the watch told the health service, in order.
class Reports {
 public:
  void Add(bool serving) {
    absl::MutexLock lock(&mu_);
    calls_.push_back(serving);
  }
  std::vector<bool> Get() const {
    absl::MutexLock lock(&mu_);
    return calls_;
  }
  // Waits up to 10 s for `n` reports; the reports then.
  std::vector<bool> AwaitCount(size_t n) const {
    absl::MutexLock lock(&mu_);
    auto enough = [this, n] { return calls_.size() >= n; };
    mu_.AwaitWithTimeout(absl::Condition(&enough), absl::Seconds(10));
    return calls_;
  }

 private:
  mutable absl::Mutex mu_;
  std::vector<bool> calls_;
};

constexpr absl::Duration kPeriod = absl::Milliseconds(5);

TEST(HealthWatchTest, SaysNotServingOnceAStoreStopsTakingWritesAndOnlyOnChanges) {
  std::atomic<bool> failed{false};
  std::atomic<int> checks{0};
  Reports reports;
  HealthWatch watch(
      kPeriod,
      [&] {
        ++checks;
        return failed ? absl::FailedPreconditionError("store is read-only") : absl::OkStatus();
      },
      [&](bool serving) { reports.Add(serving); });
  EXPECT_EQ(reports.AwaitCount(1), std::vector<bool>{true}) << "the first check sets SERVING";

  failed = true;
  EXPECT_EQ(reports.AwaitCount(2), (std::vector<bool>{true, false}))
      << "a store that stopped taking writes must turn the health check NOT_SERVING";
  const int seen = checks;
  while (checks < seen + 5) absl::SleepFor(kPeriod);
  EXPECT_EQ(reports.Get(), (std::vector<bool>{true, false}))
      << "the watch re-set an unchanged status";

  failed = false;
  EXPECT_EQ(reports.AwaitCount(3), (std::vector<bool>{true, false, true}));
}

TEST(HealthWatchTest, NoCheckOrReportAfterItIsDestroyed) {
  std::atomic<int> checks{0};
  Reports reports;
  {
    HealthWatch watch(
        kPeriod, [&] { ++checks; return absl::OkStatus(); },
        [&](bool serving) { reports.Add(serving); });
    while (checks < 3) absl::SleepFor(kPeriod);
  }
  const int at_end = checks;
  absl::SleepFor(kPeriod * 10);
  EXPECT_EQ(checks, at_end) << "the watch still checked after its destructor returned";
  EXPECT_EQ(reports.Get(), std::vector<bool>{true});
}

TEST(HealthWatchTest, ALongPeriodDoesNotDelayShutdown) {
  const absl::Time start = absl::Now();
  {
    HealthWatch watch(
        absl::Hours(1), [] { return absl::OkStatus(); }, [](bool) {});
  }
  EXPECT_LT(absl::Now() - start, absl::Seconds(5))
      << "destroying the watch waited for its period";
}

}  // namespace
}  // namespace gongxin::server
