#include "crypto/compact_range.h"

#include <bit>
#include <cstddef>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "crypto/merkle.h"
#include "crypto/sha256.h"

namespace gongxin::crypto {

absl::StatusOr<CompactRange> CompactRange::FromHashes(
    uint64_t size, std::vector<std::string> hashes) {
  const size_t expected = std::popcount(size);
  if (hashes.size() != expected) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a compact range of size ", size, " has ", expected,
        " hashes, got ", hashes.size()));
  }
  for (size_t i = 0; i < hashes.size(); ++i) {
    if (hashes[i].size() != kSha256Size) {
      return absl::InvalidArgumentError(
          absl::StrCat("compact range hash ", i, " must be ", kSha256Size,
                       " bytes, got ", hashes[i].size()));
    }
  }
  return CompactRange(size, std::move(hashes));
}

absl::Status CompactRange::Append(absl::string_view leaf_hash,
                                  const OnCompleteSubtree& on_complete_subtree) {
  if (leaf_hash.size() != kSha256Size) {
    return absl::InvalidArgumentError(absl::StrCat(
        "leaf hash must be ", kSha256Size, " bytes, got ", leaf_hash.size()));
  }
  if (size_ == std::numeric_limits<uint64_t>::max()) {
    return absl::OutOfRangeError("the tree already holds 2^64 - 1 leaves");
  }
  // The new leaf is node (0, size_). While the node is a right child (odd
  // index) its left sibling is the last complete subtree held: merge them.
  // This consumes exactly the trailing one bits of size_.
  std::string hash(leaf_hash);
  uint64_t level = 0;
  uint64_t index = size_;
  on_complete_subtree(level, index, hash);
  while ((index & 1) == 1) {
    hash = NodeHash(hashes_.back(), hash);
    hashes_.pop_back();
    ++level;
    index >>= 1;
    on_complete_subtree(level, index, hash);
  }
  hashes_.push_back(std::move(hash));
  ++size_;
  return absl::OkStatus();
}

std::string CompactRange::Root() const {
  if (hashes_.empty()) return EmptyTreeRoot();
  // RFC 6962 splits a tree at the largest power of two below its size, so
  // the root nests the subtrees to the right: h0 . (h1 . (h2 . ...)).
  std::string root = hashes_.back();
  for (size_t i = hashes_.size() - 1; i-- > 0;) root = NodeHash(hashes_[i], root);
  return root;
}

}  // namespace gongxin::crypto
