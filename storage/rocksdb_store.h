// The embedded ledger store on RocksDB: one process, one data directory.
#ifndef GONGXIN_STORAGE_ROCKSDB_STORE_H_
#define GONGXIN_STORAGE_ROCKSDB_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/free_space.h"
#include "storage/store.h"

namespace rocksdb {
class Env;
}  // namespace rocksdb

namespace gongxin::storage {

struct RocksDbStoreOptions {
  // Sync the write-ahead log before Append returns. A ballot is acknowledged
  // only once durable, so production code must leave this true; it exists so
  // a benchmark can measure what the sync costs. false breaks the Append
  // contract ("durably") on power loss, though not on a process crash.
  bool sync = true;
  // Not owned; must outlive the store. nullptr: rocksdb::Env::Default().
  // For tests that inject file-system faults (LevelDB's ErrorEnv idea).
  rocksdb::Env* env = nullptr;
  // Every Append is refused with RESOURCE_EXHAUSTED, writing nothing, while
  // the file system holding `dir` has less than this many bytes free beyond
  // the batch's own size (free_space.h). 0 turns the check off.
  uint64_t min_free_bytes = kDefaultMinFreeBytes;
  // How free space is measured; nullptr: statvfs. Tests inject their own.
  FreeSpaceSource free_space;
  // RocksDB's warnings and errors, one line each (LedgerDb::OpenOptions::log);
  // nullptr: stderr.
  std::function<void(absl::string_view line)> log;
};

// Opens the store in `dir`, creating it if missing. On open every chain's
// recorded size is cross-checked against its last entry key: DATA_LOSS naming
// the chain if they disagree (an entry appended or removed behind the store's
// back). UNAVAILABLE if another process has the directory open; an error
// naming the directory if it cannot be used (e.g. it is a regular file), or
// if its free space cannot be measured while min_free_bytes is set.
//
// One writer per chain: Appends to one chain are serialised, Appends to
// different chains run concurrently and RocksDB groups their WAL syncs.
absl::StatusOr<std::unique_ptr<Store>> OpenRocksDbStore(
    const std::string& dir, const RocksDbStoreOptions& options = {});

}  // namespace gongxin::storage

#endif  // GONGXIN_STORAGE_ROCKSDB_STORE_H_
