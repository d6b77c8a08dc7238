// StoredNodeCheck compares the Merkle nodes a replay recomputes with the
// ones in the store, a block of 1,000 indices of one level at a time: one
// ordered key scan per block instead of a point read per node, which was
// over a third of a start-up replay on RocksDB (and the whole-chain scan a
// store over the network needed could outgrow one response).
#ifndef GONGXIN_CHAINLOG_STORED_NODE_CHECK_H_
#define GONGXIN_CHAINLOG_STORED_NODE_CHECK_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "storage/store.h"

namespace gongxin::chainlog {

class StoredNodeCheck {
 public:
  // Indices per block: every key of a block shares its first 17 digits
  // (TreeNodeKey pads the index to 20), so a block is one key prefix.
  static constexpr uint64_t kBlock = 1000;

  StoredNodeCheck(storage::Store* store, std::string chain)
      : store_(store), chain_(std::move(chain)) {}

  // The recomputed node (level, index); nodes of one level must come in
  // index order from 0, as crypto::CompactRange completes them. Checks a
  // block once its last index arrives: DATA_LOSS naming the node and the
  // entry that completed it if a stored node differs.
  absl::Status Add(uint64_t level, uint64_t index, absl::string_view hash);
  // Checks the blocks left partial. Stored nodes past the recomputed ones
  // (another writer's, beyond the size replayed) are ignored.
  absl::Status Finish();

  // Recomputed nodes the store does not hold (a chain written before the
  // tree was stored), as (key, hash), for the caller to store.
  std::vector<std::pair<std::string, std::string>> TakeMissing() { return std::move(missing_); }

 private:
  struct Level {
    uint64_t first = 0;  // index of hashes[0], a multiple of kBlock
    std::vector<std::string> hashes;
  };
  absl::Status CheckBlock(uint64_t level);

  storage::Store* store_;
  std::string chain_;
  std::vector<Level> levels_;
  std::vector<std::pair<std::string, std::string>> missing_;
};

}  // namespace gongxin::chainlog

#endif  // GONGXIN_CHAINLOG_STORED_NODE_CHECK_H_
