// An in-memory Store with the exact contract of the RocksDB one, minus
// durability. It is the reference implementation of the contract and the
// store for unit tests of the layers above.
#ifndef GONGXIN_STORAGE_MEMORY_STORE_H_
#define GONGXIN_STORAGE_MEMORY_STORE_H_

#include <memory>

#include "storage/store.h"

namespace gongxin::storage {

// Returns an empty, thread-safe store. Nothing survives its destruction.
std::unique_ptr<Store> NewMemoryStore();

}  // namespace gongxin::storage

#endif  // GONGXIN_STORAGE_MEMORY_STORE_H_
