// WriteFailureLatch remembers the first failed write of a store.
//
// After a write or sync fails, whether that batch reached the disk is
// unknown, so every later write must be refused until the store is reopened
// and re-reads the truth (LevelDB's DBImpl::Write keeps bg_error_ the same
// way). Thread-safe.
#ifndef GONGXIN_STORAGE_WRITE_FAILURE_LATCH_H_
#define GONGXIN_STORAGE_WRITE_FAILURE_LATCH_H_

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace gongxin::storage {

class WriteFailureLatch {
 public:
  // OK until Trip was called; then FAILED_PRECONDITION "store is read-only
  // after an earlier write failure: <first error>".
  absl::Status Check() const ABSL_LOCKS_EXCLUDED(mu_);

  // Records `error` (not OK) unless an earlier error was recorded, and
  // returns it marked as a write whose outcome is unknown
  // (storage/store.h, WriteOutcomeUnknown).
  absl::Status Trip(const absl::Status& error) ABSL_LOCKS_EXCLUDED(mu_);

 private:
  mutable absl::Mutex mu_;
  absl::Status first_error_ ABSL_GUARDED_BY(mu_);
};

}  // namespace gongxin::storage

#endif  // GONGXIN_STORAGE_WRITE_FAILURE_LATCH_H_
