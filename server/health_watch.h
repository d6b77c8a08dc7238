// HealthWatch turns a store that stopped taking writes into a NOT_SERVING
// health check.
//
// After a write whose outcome is unknown, a store takes no writes until
// gongxind restarts and replays what is durable (storage/store.h); reads
// go on. A health check that still said SERVING would leave the restart to
// someone reading the log; NOT_SERVING lets an orchestrator's liveness
// probe do it (deploy/kubernetes/). Damage found in a meeting's record is
// not reported here: a restart finds it again, and a probe would restart
// the server in a loop.
#ifndef GONGXIN_SERVER_HEALTH_WATCH_H_
#define GONGXIN_SERVER_HEALTH_WATCH_H_

#include <functional>
#include <thread>

#include "absl/status/status.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

namespace gongxin::server {

class HealthWatch {
 public:
  // Calls `check` now and then every `period` until destroyed, and
  // `set_serving` with whether it says OK, on each change (the first call
  // included). The first not-OK status is logged as an error, once per
  // change; the way back to OK is logged too.
  HealthWatch(absl::Duration period, std::function<absl::Status()> check,
              std::function<void(bool serving)> set_serving);
  ~HealthWatch();  // stops the thread; no call is made after it returns

  HealthWatch(const HealthWatch&) = delete;
  HealthWatch& operator=(const HealthWatch&) = delete;

 private:
  void Run(absl::Duration period, const std::function<absl::Status()>& check,
           const std::function<void(bool)>& set_serving);

  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_HEALTH_WATCH_H_
