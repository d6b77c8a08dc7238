#include "server/health_watch.h"

#include <optional>
#include <utility>

#include "server/log.h"

namespace gongxin::server {

HealthWatch::HealthWatch(absl::Duration period, std::function<absl::Status()> check,
                         std::function<void(bool serving)> set_serving)
    : thread_([this, period, check = std::move(check), set_serving = std::move(set_serving)] {
        Run(period, check, set_serving);
      }) {}

HealthWatch::~HealthWatch() {
  stop_.Notify();
  thread_.join();
}

void HealthWatch::Run(absl::Duration period, const std::function<absl::Status()>& check,
                      const std::function<void(bool)>& set_serving) {
  std::optional<bool> serving;
  do {
    const absl::Status status = check();
    if (serving != status.ok()) {
      if (!status.ok()) {
        LogError("health: NOT_SERVING: ", status.message(),
                 ". Reads go on; writes resume after gongxind restarts");
      } else if (serving.has_value()) {
        LogInfo("health: SERVING again");
      }
      serving = status.ok();
      set_serving(*serving);
    }
  } while (!stop_.WaitForNotificationWithTimeout(period));
}

}  // namespace gongxin::server
