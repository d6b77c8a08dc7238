// BlockingPool: every item runs once, never more at once than the bound,
// and an item that waits for another does not hold the pool up.
#include "server/blocking_pool.h"

#include <algorithm>
#include <atomic>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace gongxin::server {
namespace {

TEST(BlockingPoolTest, RunsEveryItemOnce) {
  std::atomic<int> ran{0};
  {
    BlockingPool pool(4);
    for (int i = 0; i < 1000; ++i) pool.Run([&] { ran.fetch_add(1); });
  }  // the destructor runs what is queued
  EXPECT_EQ(ran.load(), 1000);
}

TEST(BlockingPoolTest, NeverRunsMoreAtOnceThanItsBound) {
  BlockingPool pool(3);
  absl::Mutex mu;
  int running = 0, most = 0, finished = 0;
  bool release = false;
  for (int i = 0; i < 12; ++i) {
    pool.Run([&] {
      absl::MutexLock lock(&mu);
      most = std::max(most, ++running);
      mu.Await(absl::Condition(&release));
      --running;
      ++finished;
    });
  }
  {
    absl::MutexLock lock(&mu);
    auto three_busy = [&] { return running == 3; };
    ASSERT_TRUE(mu.AwaitWithTimeout(absl::Condition(&three_busy), absl::Seconds(10)))
        << "only " << running << " items started";
  }
  absl::SleepFor(absl::Milliseconds(50));
  absl::MutexLock lock(&mu);
  EXPECT_EQ(most, 3) << "more items ran at once than the pool's bound";
  release = true;
  auto all = [&] { return finished == 12; };
  ASSERT_TRUE(mu.AwaitWithTimeout(absl::Condition(&all), absl::Seconds(10)))
      << finished << " of 12 items finished";
}

TEST(BlockingPoolTest, AnItemWaitingForALaterOneDoesNotHoldThePoolUp) {
  BlockingPool pool(8);
  absl::Notification later_ran, first_done;
  pool.Run([&] {
    later_ran.WaitForNotification();  // a synced write another item completes
    first_done.Notify();
  });
  pool.Run([&] { later_ran.Notify(); });
  EXPECT_TRUE(first_done.WaitForNotificationWithTimeout(absl::Seconds(10)))
      << "the second item never got a thread";
}

}  // namespace
}  // namespace gongxin::server
