// Loading chain sizes when a RocksDB ledger store opens.
#ifndef GONGXIN_STORAGE_ROCKSDB_CHAIN_SIZES_H_
#define GONGXIN_STORAGE_ROCKSDB_CHAIN_SIZES_H_

#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "storage/rocksdb_db.h"

namespace gongxin::storage {

// Reads every chain's size from the meta column family and cross-checks it
// against the chain's last entry key: size == last seq + 1. A disagreement
// means entries were added or removed behind the store's back (or a write
// was torn), and appending on top would extend a chain whose length is a
// lie, so it is DATA_LOSS naming the chain. Cost: one seek per chain, not a
// scan of the entries; gaps inside a chain are caught when read.
// Call before any writer starts.
absl::StatusOr<absl::flat_hash_map<std::string, uint64_t>> LoadChainSizes(
    const LedgerDb& ledger);

}  // namespace gongxin::storage

#endif  // GONGXIN_STORAGE_ROCKSDB_CHAIN_SIZES_H_
