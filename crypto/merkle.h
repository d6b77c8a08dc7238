// RFC 6962 / RFC 9162 Merkle trees over SHA-256: leaf and node hashing, the
// tree head, inclusion and consistency proofs, and their verification. This is
// what makes the ballot ledger append-only and auditable: the server proves a
// receipt is in the tree and that every signed tree head extends the last one.
//
// Proofs are built from a NodeSource, a lookup of stored hashes of complete
// (perfect) subtrees, so a proof in a tree of millions of leaves costs
// O(log n) lookups and never needs all leaves in memory. CompactRange
// (compact_range.h) reports exactly the nodes a NodeSource must serve.
//
// Status codes of the verifiers: INVALID_ARGUMENT means the input is
// malformed (a hash of the wrong length, an index outside the tree, a proof of
// the wrong length, size1 > size2); UNAUTHENTICATED means the input is well
// formed but the calculated root differs from the expected one. Only OK means
// the proof holds.
#ifndef GONGXIN_CRYPTO_MERKLE_H_
#define GONGXIN_CRYPTO_MERKLE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "crypto/sha256.h"

namespace gongxin::crypto {

// LeafHash returns SHA-256(0x00 || leaf), the RFC 6962 hash of a log entry.
std::string LeafHash(absl::string_view leaf);

// NodeHash returns SHA-256(0x01 || left || right), the RFC 6962 hash of an
// interior node whose children hash to `left` and `right`.
std::string NodeHash(absl::string_view left, absl::string_view right);

// EmptyTreeRoot returns SHA-256(""), the RFC 6962 root of the tree with no
// leaves.
std::string EmptyTreeRoot();

// RootFromLeafHashes returns the Merkle Tree Hash MTH of the tree whose leaves
// hash to `leaf_hashes`, by the recursive definition of RFC 9162 §2.1.1. It
// holds every leaf hash in memory: use it for small trees and as the reference
// oracle in tests; servers use CompactRange or RootHash. Elements are combined
// as given, so pass LeafHash outputs.
std::string RootFromLeafHashes(const std::vector<std::string>& leaf_hashes);

// NodeSource returns the stored hash of the complete subtree at `level` and
// `index`: the subtree over leaves [index * 2^level, (index + 1) * 2^level).
// Level 0 holds the leaf hashes. The proof builders below only ask for
// subtrees that lie wholly inside the tree size they are given, i.e. with
// (index + 1) * 2^level <= size, and at most O(log size) of them per call.
// Errors returned by the source are passed through unchanged.
using NodeSource = std::function<absl::StatusOr<std::string>(uint64_t level,
                                                             uint64_t index)>;

// RootHash returns the root of the tree of the first `size` leaves, computed
// from at most 64 complete-subtree hashes of `source`; EmptyTreeRoot() for
// size 0. Errors: those of `source`; DATA_LOSS if it returns a hash that is
// not kSha256Size bytes.
absl::StatusOr<std::string> RootHash(uint64_t size, const NodeSource& source);

// InclusionProof returns the audit path PATH(index, D[size]) of RFC 9162
// §2.1.3.1, deepest sibling first, proving that leaf `index` is in the tree
// of the first `size` leaves.
// Requires 0 <= index < size. Errors: INVALID_ARGUMENT if index >= size;
// those of `source`; DATA_LOSS if it returns a hash of the wrong length.
absl::StatusOr<std::vector<std::string>> InclusionProof(
    uint64_t index, uint64_t size, const NodeSource& source);

// ConsistencyProof returns PROOF(size1, D[size2]) of RFC 9162 §2.1.4.1,
// proving that the tree of the first `size1` leaves is a prefix of the tree
// of the first `size2` leaves. The proof is empty when size1 == size2. RFC
// 9162 defines proofs only for 0 < size1 < size2; for size1 == 0 the proof is
// empty too, since every tree extends the empty tree (see VerifyConsistency).
// Requires size1 <= size2. Errors: INVALID_ARGUMENT if size1 > size2; those
// of `source`; DATA_LOSS if it returns a hash of the wrong length.
absl::StatusOr<std::vector<std::string>> ConsistencyProof(
    uint64_t size1, uint64_t size2, const NodeSource& source);

// InclusionProofSize returns the number of hashes in every inclusion proof
// for leaf `index` in a tree of `size` leaves. Requires index < size.
uint64_t InclusionProofSize(uint64_t index, uint64_t size);

// ConsistencyProofSize returns the number of hashes in every consistency
// proof from `size1` to `size2` leaves. Requires size1 <= size2.
uint64_t ConsistencyProofSize(uint64_t size1, uint64_t size2);

// VerifyInclusion checks, by the algorithm of RFC 9162 §2.1.3.2, that
// `proof` shows the leaf hashing to `leaf_hash` at `index` in the tree of
// `size` leaves whose root is `root`.
// Requires 0 <= index < size.
// Warning: the proof authenticates the leaf against `root` only; `size` just
// fixes the shape of the path, and trees of different sizes can share that
// shape (leaf 5 of 7 and of 8 leaves). Take `size` and `root` from the same
// verified checkpoint. The same holds for VerifyConsistency.
// Returns OK if it does. Errors: INVALID_ARGUMENT if a hash is not
// kSha256Size bytes, index >= size, or the proof does not have
// InclusionProofSize(index, size) hashes (the message says expected vs got);
// UNAUTHENTICATED if the root calculated from the proof differs from `root`
// (the message names both in hex).
absl::Status VerifyInclusion(uint64_t index, uint64_t size,
                             absl::string_view leaf_hash,
                             const std::vector<std::string>& proof,
                             absl::string_view root);

// VerifyConsistency checks, by the algorithm of RFC 9162 §2.1.4.2, that
// `proof` shows the tree of `size1` leaves with root `root1` to be a prefix of
// the tree of `size2` leaves with root `root2`.
// Requires size1 <= size2. When size1 == size2 the proof must be empty and the
// roots equal. When size1 == 0 the proof must be empty and `root1` must be
// EmptyTreeRoot(); any `root2` is then consistent.
// Returns OK if the proof holds. Errors: INVALID_ARGUMENT if a hash is not
// kSha256Size bytes, size1 > size2, or the proof does not have
// ConsistencyProofSize(size1, size2) hashes (expected vs got);
// UNAUTHENTICATED if a calculated root differs from the given one (the message
// names which root and both values in hex).
absl::Status VerifyConsistency(uint64_t size1, uint64_t size2,
                               absl::string_view root1,
                               absl::string_view root2,
                               const std::vector<std::string>& proof);

}  // namespace gongxin::crypto

#endif  // GONGXIN_CRYPTO_MERKLE_H_
