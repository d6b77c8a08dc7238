#include "storage/write_failure_latch.h"

#include "absl/strings/str_cat.h"
#include "storage/store.h"

namespace gongxin::storage {

absl::Status WriteFailureLatch::Check() const {
  absl::MutexLock lock(&mu_);
  if (first_error_.ok()) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("store is read-only after an earlier write failure: ",
                   first_error_.ToString()));
}

absl::Status WriteFailureLatch::Trip(const absl::Status& error) {
  absl::Status marked = MarkWriteOutcomeUnknown(error);
  absl::MutexLock lock(&mu_);
  if (first_error_.ok()) first_error_ = marked;
  return marked;
}

}  // namespace gongxin::storage
