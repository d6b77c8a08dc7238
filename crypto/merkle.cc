#include "crypto/merkle.h"

#include <bit>
#include <cstddef>
#include <utility>

#include "absl/strings/str_cat.h"
#include "crypto/encoding.h"
#include "crypto/sha256.h"
#include "util/status_macros.h"

namespace gongxin::crypto {
namespace {

// RFC 6962 §2.1 domain separation: leaves and interior nodes are hashed under
// different prefixes, so no leaf can pose as an interior node.
constexpr char kLeafPrefix[] = {0x00};
constexpr char kNodePrefix[] = {0x01};

// SplitPoint returns k, the largest power of two smaller than n, at which
// RFC 9162 §2.1.1 splits a tree of n leaves. Requires n >= 2.
uint64_t SplitPoint(uint64_t n) {
  return uint64_t{1} << (std::bit_width(n - 1) - 1);
}

std::string RootOfRange(const std::vector<std::string>& leaf_hashes,
                        size_t begin, size_t end) {
  if (end - begin == 1) return leaf_hashes[begin];
  const size_t mid = begin + SplitPoint(end - begin);
  return NodeHash(RootOfRange(leaf_hashes, begin, mid),
                  RootOfRange(leaf_hashes, mid, end));
}

absl::StatusOr<std::string> FetchNode(const NodeSource& source,
                                      uint64_t level, uint64_t index) {
  ASSIGN_OR_RETURN(std::string hash, source(level, index));
  if (hash.size() != kSha256Size) {
    return absl::DataLossError(absl::StrCat(
        "node source returned ", hash.size(),
        " bytes for the subtree at level ", level, " index ", index,
        ", expected ", kSha256Size));
  }
  return hash;
}

// RangeHash returns MTH(D[begin:end]) from complete-subtree hashes.
//
// Requires begin < end, and begin a multiple of the smallest power of two
// >= end - begin. Every range the RFC 9162 recursions visit has this shape:
// the whole tree starts at 0, a left child is a complete subtree, and a right
// child starts at its parent's split point k >= its own size. Then the binary
// digits of end - begin, most significant first, are the sizes of complete,
// aligned subtrees covering the range from left to right, and the range's
// hash folds them from the right (at most 64 lookups).
absl::StatusOr<std::string> RangeHash(uint64_t begin, uint64_t end,
                                      const NodeSource& source) {
  const uint64_t count = end - begin;
  std::vector<std::string> parts;
  uint64_t position = begin;
  for (int level = std::bit_width(count) - 1; level >= 0; --level) {
    const uint64_t width = uint64_t{1} << level;
    if ((count & width) == 0) continue;
    ASSIGN_OR_RETURN(std::string hash,
                     FetchNode(source, level, position >> level));
    parts.push_back(std::move(hash));
    position += width;
  }
  std::string hash = std::move(parts.back());
  for (size_t i = parts.size() - 1; i-- > 0;) hash = NodeHash(parts[i], hash);
  return hash;
}

// AppendPath appends PATH(index - begin, D[begin:end]) (RFC 9162 §2.1.3.1)
// to `proof`, deepest sibling first.
absl::Status AppendPath(uint64_t index, uint64_t begin, uint64_t end,
                        const NodeSource& source,
                        std::vector<std::string>& proof) {
  if (end - begin <= 1) return absl::OkStatus();
  const uint64_t mid = begin + SplitPoint(end - begin);
  if (index < mid) {
    RETURN_IF_ERROR(AppendPath(index, begin, mid, source, proof));
    ASSIGN_OR_RETURN(std::string sibling, RangeHash(mid, end, source));
    proof.push_back(std::move(sibling));
  } else {
    RETURN_IF_ERROR(AppendPath(index, mid, end, source, proof));
    ASSIGN_OR_RETURN(std::string sibling, RangeHash(begin, mid, source));
    proof.push_back(std::move(sibling));
  }
  return absl::OkStatus();
}

// AppendSubproof appends SUBPROOF(old_end - begin, D[begin:end], whole)
// (RFC 9162 §2.1.4.1) to `proof`. Requires begin < old_end <= end.
absl::Status AppendSubproof(uint64_t old_end, uint64_t begin, uint64_t end,
                            bool whole, const NodeSource& source,
                            std::vector<std::string>& proof) {
  if (old_end == end) {
    // The old tree's root is known to the verifier only when this subtree is
    // the whole old tree.
    if (!whole) {
      ASSIGN_OR_RETURN(std::string hash, RangeHash(begin, end, source));
      proof.push_back(std::move(hash));
    }
    return absl::OkStatus();
  }
  const uint64_t mid = begin + SplitPoint(end - begin);
  if (old_end <= mid) {
    RETURN_IF_ERROR(AppendSubproof(old_end, begin, mid, whole, source, proof));
    ASSIGN_OR_RETURN(std::string right, RangeHash(mid, end, source));
    proof.push_back(std::move(right));
  } else {
    RETURN_IF_ERROR(AppendSubproof(old_end, mid, end, false, source, proof));
    ASSIGN_OR_RETURN(std::string left, RangeHash(begin, mid, source));
    proof.push_back(std::move(left));
  }
  return absl::OkStatus();
}

absl::Status CheckHashSize(absl::string_view what, absl::string_view hash) {
  if (hash.size() == kSha256Size) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      what, " must be ", kSha256Size, " bytes, got ", hash.size()));
}

absl::Status CheckProofHashSizes(const std::vector<std::string>& proof) {
  for (size_t i = 0; i < proof.size(); ++i) {
    RETURN_IF_ERROR(CheckHashSize(absl::StrCat("proof hash ", i), proof[i]));
  }
  return absl::OkStatus();
}

absl::Status RootMismatch(absl::string_view what, absl::string_view calculated,
                          absl::string_view expected) {
  return absl::UnauthenticatedError(absl::StrCat(
      "calculated ", what, " ", HexEncode(calculated),
      " does not match the expected ", what, " ", HexEncode(expected)));
}

// ShiftWhileEven right-shifts `fn` and `sn` equally until fn is odd or 0:
// it climbs from a node that is a left child (or the last node of its level)
// to the first ancestor level where the path again has a left sibling.
void ShiftWhileEven(uint64_t& fn, uint64_t& sn) {
  while (fn != 0 && (fn & 1) == 0) {
    fn >>= 1;
    sn >>= 1;
  }
}

}  // namespace

std::string LeafHash(absl::string_view leaf) {
  return Sha256Concat({absl::string_view(kLeafPrefix, sizeof(kLeafPrefix)), leaf});
}

std::string NodeHash(absl::string_view left, absl::string_view right) {
  return Sha256Concat({absl::string_view(kNodePrefix, sizeof(kNodePrefix)), left, right});
}

std::string EmptyTreeRoot() { return Sha256(""); }

std::string RootFromLeafHashes(const std::vector<std::string>& leaf_hashes) {
  if (leaf_hashes.empty()) return EmptyTreeRoot();
  return RootOfRange(leaf_hashes, 0, leaf_hashes.size());
}

absl::StatusOr<std::string> RootHash(uint64_t size, const NodeSource& source) {
  if (size == 0) return EmptyTreeRoot();
  return RangeHash(0, size, source);
}

absl::StatusOr<std::vector<std::string>> InclusionProof(
    uint64_t index, uint64_t size, const NodeSource& source) {
  if (index >= size) {
    return absl::InvalidArgumentError(absl::StrCat(
        "leaf index ", index, " is outside the tree of size ", size));
  }
  std::vector<std::string> proof;
  proof.reserve(InclusionProofSize(index, size));
  RETURN_IF_ERROR(AppendPath(index, 0, size, source, proof));
  return proof;
}

absl::StatusOr<std::vector<std::string>> ConsistencyProof(
    uint64_t size1, uint64_t size2, const NodeSource& source) {
  if (size1 > size2) {
    return absl::InvalidArgumentError(absl::StrCat(
        "size1 ", size1, " is larger than size2 ", size2));
  }
  std::vector<std::string> proof;
  if (size1 == 0 || size1 == size2) return proof;
  proof.reserve(ConsistencyProofSize(size1, size2));
  RETURN_IF_ERROR(AppendSubproof(size1, 0, size2, /*whole=*/true, source,
                                 proof));
  return proof;
}

uint64_t InclusionProofSize(uint64_t index, uint64_t size) {
  // Below the level where the paths to `index` and to the last leaf meet,
  // every level contributes a sibling ("inner" levels). Above it the path
  // runs along the tree's right border, which has a left sibling exactly
  // where `index` has a one bit.
  const int inner = std::bit_width(index ^ (size - 1));
  // Shifting a uint64_t by 64 is undefined; no bits remain above level 64.
  const uint64_t above = inner < 64 ? index >> inner : 0;
  return inner + std::popcount(above);
}

uint64_t ConsistencyProofSize(uint64_t size1, uint64_t size2) {
  if (size1 == 0 || size1 == size2) return 0;
  // The proof is the inclusion path of the old tree's last leaf, starting
  // from the largest complete subtree that ends at size1 (its trailing zero
  // bits are levels the verifier need not be told), plus that subtree's own
  // hash unless it is the whole old tree, whose root the verifier has.
  const uint64_t path = InclusionProofSize(size1 - 1, size2);
  const int skipped = std::countr_zero(size1);
  return path - skipped + (std::has_single_bit(size1) ? 0 : 1);
}

absl::Status VerifyInclusion(uint64_t index, uint64_t size,
                             absl::string_view leaf_hash,
                             const std::vector<std::string>& proof,
                             absl::string_view root) {
  RETURN_IF_ERROR(CheckHashSize("leaf hash", leaf_hash));
  RETURN_IF_ERROR(CheckHashSize("root", root));
  RETURN_IF_ERROR(CheckProofHashSizes(proof));
  if (index >= size) {
    return absl::InvalidArgumentError(absl::StrCat(
        "leaf index ", index, " is outside the tree of size ", size));
  }
  const uint64_t expected_size = InclusionProofSize(index, size);
  if (proof.size() != expected_size) {
    return absl::InvalidArgumentError(absl::StrCat(
        "inclusion proof for leaf ", index, " in a tree of size ", size,
        " must have ", expected_size, " hashes, got ", proof.size()));
  }

  // RFC 9162 §2.1.3.2. fn walks up from the leaf, sn from the last leaf.
  uint64_t fn = index;
  uint64_t sn = size - 1;
  std::string r(leaf_hash);
  for (const std::string& p : proof) {
    if (sn == 0) {
      return absl::InvalidArgumentError(
          "inclusion proof is longer than the path to the root");
    }
    if ((fn & 1) == 1 || fn == sn) {
      r = NodeHash(p, r);
      ShiftWhileEven(fn, sn);
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) {
    return absl::InvalidArgumentError(
        "inclusion proof is shorter than the path to the root");
  }
  if (r != root) return RootMismatch("root", r, root);
  return absl::OkStatus();
}

absl::Status VerifyConsistency(uint64_t size1, uint64_t size2,
                               absl::string_view root1,
                               absl::string_view root2,
                               const std::vector<std::string>& proof) {
  RETURN_IF_ERROR(CheckHashSize("root1", root1));
  RETURN_IF_ERROR(CheckHashSize("root2", root2));
  RETURN_IF_ERROR(CheckProofHashSizes(proof));
  if (size1 > size2) {
    return absl::InvalidArgumentError(absl::StrCat(
        "size1 ", size1, " is larger than size2 ", size2));
  }
  const uint64_t expected_size = ConsistencyProofSize(size1, size2);
  if (proof.size() != expected_size) {
    return absl::InvalidArgumentError(absl::StrCat(
        "consistency proof from size ", size1, " to size ", size2,
        " must have ", expected_size, " hashes, got ", proof.size()));
  }
  if (size1 == size2) {
    if (root1 != root2) {
      return absl::UnauthenticatedError(absl::StrCat(
          "trees of the same size ", size1, " have different roots: root1 ",
          HexEncode(root1), ", root2 ", HexEncode(root2)));
    }
    return absl::OkStatus();
  }
  if (size1 == 0) {
    const std::string empty = EmptyTreeRoot();
    if (root1 != empty) {
      return absl::UnauthenticatedError(absl::StrCat(
          "root1 ", HexEncode(root1), " of the tree of size 0 is not the "
          "empty-tree root ", HexEncode(empty)));
    }
    return absl::OkStatus();
  }

  // RFC 9162 §2.1.4.2. When size1 is a power of two, the old tree is a
  // complete subtree of the new one and its root stands first in the path.
  size_t next = 0;
  std::string fr;
  if (std::has_single_bit(size1)) {
    fr = std::string(root1);
  } else {
    fr = proof[0];
    next = 1;
  }
  std::string sr = fr;
  uint64_t fn = size1 - 1;
  uint64_t sn = size2 - 1;
  while ((fn & 1) == 1) {
    fn >>= 1;
    sn >>= 1;
  }
  for (; next < proof.size(); ++next) {
    const std::string& c = proof[next];
    if (sn == 0) {
      return absl::InvalidArgumentError(
          "consistency proof is longer than the path to the root");
    }
    if ((fn & 1) == 1 || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      ShiftWhileEven(fn, sn);
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) {
    return absl::InvalidArgumentError(
        "consistency proof is shorter than the path to the root");
  }
  if (fr != root1) return RootMismatch("root1", fr, root1);
  if (sr != root2) return RootMismatch("root2", sr, root2);
  return absl::OkStatus();
}

}  // namespace gongxin::crypto
