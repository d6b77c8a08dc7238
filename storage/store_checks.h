// Checks and error statuses shared by every Store implementation, so that
// all backends refuse the same batches with the same codes and messages.
#ifndef GONGXIN_STORAGE_STORE_CHECKS_H_
#define GONGXIN_STORAGE_STORE_CHECKS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "storage/store.h"

namespace gongxin::storage {

inline constexpr size_t kMaxChainIdLength = 64;

// OK iff chain matches [A-Za-z0-9_-]{1,64}. The alphabet excludes '\0', which
// the RocksDB key layout uses as the separator after the chain id.
absl::Status ValidateChainId(absl::string_view chain);

// The stateless part of Append's checks: INVALID_ARGUMENT for a bad chain id,
// an empty batch or a seq overflow; ALREADY_EXISTS for a key repeated within
// the batch.
absl::Status ValidateBatch(const AppendBatch& batch);

// INVALID_ARGUMENT if from > to, OUT_OF_RANGE if to > size.
absl::Status CheckReadRange(absl::string_view chain, uint64_t from, uint64_t to,
                            uint64_t size);

// ABORTED: the chain moved on since the writer read its size.
absl::Status StaleSizeError(absl::string_view chain, uint64_t expected,
                            uint64_t actual);

// ALREADY_EXISTS naming the key, escaped so that binary keys print safely.
absl::Status KeyExistsError(absl::string_view chain, absl::string_view key);

}  // namespace gongxin::storage

#endif  // GONGXIN_STORAGE_STORE_CHECKS_H_
