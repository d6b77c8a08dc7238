// BlockingPool runs work that may wait (a synced write, a lock) off the
// threads of gRPC's callback API, which must never block: it keeps as many
// threads as have been busy at once, up to a bound, as the sync API did.
#ifndef GONGXIN_SERVER_BLOCKING_POOL_H_
#define GONGXIN_SERVER_BLOCKING_POOL_H_

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace gongxin::server {

class BlockingPool {
 public:
  explicit BlockingPool(int max_threads) : max_threads_(max_threads) {}
  // Runs what is queued, then joins the threads.
  ~BlockingPool();
  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  // Queues `work`; starts a thread for it if none is idle and the bound
  // allows. Work beyond the bound waits for a thread.
  void Run(std::function<void()> work);

 private:
  void Loop();

  const int max_threads_;
  absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  std::vector<std::thread> threads_ ABSL_GUARDED_BY(mu_);
  int idle_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_BLOCKING_POOL_H_
