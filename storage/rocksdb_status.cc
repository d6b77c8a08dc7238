#include "storage/rocksdb_status.h"

#include "absl/strings/str_cat.h"

namespace gongxin::storage {
namespace {

absl::StatusCode CodeFor(const rocksdb::Status& s) {
  if (s.IsCorruption()) return absl::StatusCode::kDataLoss;
  if (s.IsNoSpace()) return absl::StatusCode::kResourceExhausted;
  // An I/O error says nothing wrong about the request: a read may succeed
  // when retried, and a retried write is refused cleanly because the first
  // failed write latches the store read-only.
  if (s.IsIOError() || s.IsBusy() || s.IsTryAgain() || s.IsTimedOut() ||
      s.IsShutdownInProgress()) {
    return absl::StatusCode::kUnavailable;
  }
  if (s.IsNotFound()) return absl::StatusCode::kNotFound;
  if (s.IsInvalidArgument()) return absl::StatusCode::kInvalidArgument;
  if (s.IsNotSupported()) return absl::StatusCode::kUnimplemented;
  if (s.IsAborted()) return absl::StatusCode::kAborted;
  return absl::StatusCode::kInternal;
}

}  // namespace

absl::Status FromRocksDb(const rocksdb::Status& s, absl::string_view context) {
  if (s.ok()) return absl::OkStatus();
  return absl::Status(CodeFor(s),
                      absl::StrCat(context, ": rocksdb: ", s.ToString()));
}

}  // namespace gongxin::storage
