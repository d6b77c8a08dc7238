// Conversion of rocksdb::Status to absl::Status, with codes chosen by what
// the caller should do next (see absl/status/status.h).
#ifndef GONGXIN_STORAGE_ROCKSDB_STATUS_H_
#define GONGXIN_STORAGE_ROCKSDB_STATUS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rocksdb/status.h"

namespace gongxin::storage {

// Maps `s` to an absl code and prefixes RocksDB's message with `context`
// ("<context>: <rocksdb message>"). OK maps to OK.
//   Corruption                          -> DATA_LOSS
//   IOError (NoSpace)                   -> RESOURCE_EXHAUSTED
//   IOError (other), Busy, TryAgain,
//   TimedOut, ShutdownInProgress        -> UNAVAILABLE
//   NotFound                            -> NOT_FOUND
//   InvalidArgument                     -> INVALID_ARGUMENT
//   NotSupported                        -> UNIMPLEMENTED
//   Aborted                             -> ABORTED
//   anything else                       -> INTERNAL
absl::Status FromRocksDb(const rocksdb::Status& s, absl::string_view context);

}  // namespace gongxin::storage

#endif  // GONGXIN_STORAGE_ROCKSDB_STATUS_H_
