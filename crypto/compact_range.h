// CompactRange: the O(log n) state a log server keeps to append leaves to an
// RFC 6962 Merkle tree and compute its root, and the hook through which it
// persists every complete subtree, so merkle.h's NodeSource can serve
// inclusion and consistency proofs from storage.
#ifndef GONGXIN_CRYPTO_COMPACT_RANGE_H_
#define GONGXIN_CRYPTO_COMPACT_RANGE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gongxin::crypto {

// CompactRange holds the roots of the complete subtrees that make up a tree of
// `size()` leaves: one per one bit of size(), so at most 64. A value type:
// copy it before Append to roll back if persisting the reported nodes fails.
// Not thread-safe; guard it with the lock that orders appends.
class CompactRange {
 public:
  // OnCompleteSubtree receives a complete subtree's hash. `level` 0 is a
  // leaf; the subtree at `level`, `index` covers leaves
  // [index * 2^level, (index + 1) * 2^level) — the (level, index) key a
  // NodeSource is asked for.
  using OnCompleteSubtree = std::function<void(
      uint64_t level, uint64_t index, absl::string_view hash)>;

  // Constructs the range of the empty tree.
  CompactRange() = default;

  // FromHashes restores the range of a tree of `size` leaves from `hashes`,
  // as returned by hashes() for that size (e.g. after a restart).
  // Errors: INVALID_ARGUMENT unless there is one hash per one bit of `size`
  // (the message gives expected vs got) and each is kSha256Size bytes.
  static absl::StatusOr<CompactRange> FromHashes(
      uint64_t size, std::vector<std::string> hashes);

  // Append adds the leaf whose RFC 6962 leaf hash is `leaf_hash` at index
  // size(), and calls `on_complete_subtree` for every complete subtree the
  // leaf completes, bottom-up: the leaf itself (level 0), then each new
  // parent. Storing every reported node is exactly what a NodeSource needs.
  // The callback cannot fail: stage the nodes in the batch that also
  // commits the leaf, and if that batch fails, restore the copy taken before
  // Append.
  // Errors: INVALID_ARGUMENT unless `leaf_hash` is kSha256Size bytes;
  // OUT_OF_RANGE if the tree already holds 2^64 - 1 leaves. On error nothing
  // is reported and the range is unchanged.
  absl::Status Append(absl::string_view leaf_hash,
                      const OnCompleteSubtree& on_complete_subtree);

  // size returns the number of leaves appended.
  uint64_t size() const { return size_; }

  // Root returns the RFC 6962 root of the tree of size() leaves
  // (EmptyTreeRoot() when empty).
  std::string Root() const;

  // hashes returns the roots of the complete subtrees covering the tree, left
  // to right: the largest (for the highest one bit of size()) first. Persist
  // it with size() to restore the range with FromHashes.
  const std::vector<std::string>& hashes() const { return hashes_; }

 private:
  CompactRange(uint64_t size, std::vector<std::string> hashes)
      : size_(size), hashes_(std::move(hashes)) {}

  uint64_t size_ = 0;
  std::vector<std::string> hashes_;
};

}  // namespace gongxin::crypto

#endif  // GONGXIN_CRYPTO_COMPACT_RANGE_H_
