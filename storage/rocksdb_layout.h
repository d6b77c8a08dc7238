// The on-disk layout of the RocksDB ledger store. Shared by the store, the
// tamper tool and tests that play an attacker with raw RocksDB writes.
//
// Column families (all keys start with a valid chain id, whose alphabet has
// no '\0', so "chain + '\0'" is an unambiguous per-chain prefix):
//   entries  chain '\0' seq(8 bytes big-endian)  -> the exact entry bytes
//   index    chain '\0' key                      -> value (write-once)
//   heads    chain                               -> head record
//   meta     chain                               -> size (8 bytes big-endian)
// Big-endian seq makes RocksDB's bytewise order the seq order. meta is
// written in the same WriteBatch as the entries so the size is known at open
// without scanning, and is cross-checked against the last entry key.
#ifndef GONGXIN_STORAGE_ROCKSDB_LAYOUT_H_
#define GONGXIN_STORAGE_ROCKSDB_LAYOUT_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gongxin::storage::layout {

inline constexpr char kEntriesCf[] = "entries";
inline constexpr char kIndexCf[] = "index";
inline constexpr char kHeadsCf[] = "heads";
inline constexpr char kMetaCf[] = "meta";

// chain + '\0': every entries/index key of the chain starts with this.
std::string ChainPrefix(absl::string_view chain);
std::string EntryKey(absl::string_view chain, uint64_t seq);
std::string IndexKey(absl::string_view chain, absl::string_view key);

std::string EncodeUint64(uint64_t v);
// DATA_LOSS unless `bytes` is exactly 8 bytes.
absl::StatusOr<uint64_t> DecodeUint64(absl::string_view bytes);

struct EntryKeyParts {
  absl::string_view chain;  // points into the parsed key
  uint64_t seq = 0;
};
// DATA_LOSS unless `key` is a well-formed entries key with a valid chain id.
absl::StatusOr<EntryKeyParts> ParseEntryKey(absl::string_view key);

}  // namespace gongxin::storage::layout

#endif  // GONGXIN_STORAGE_ROCKSDB_LAYOUT_H_
