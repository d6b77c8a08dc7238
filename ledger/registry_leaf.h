// The leaves of the registry log: one small text record per meeting, in the
// order the meetings were created, so that a meeting deleted from the store
// still leaves its leaf in a signed, append-only tree. Shared by gongxind
// (which appends a leaf in the batch that creates the meeting) and auditors
// (`gongxin audit registry|watch`), who recompute it. Byte-exact format in
// docs/export-format.md ("The registry log").
#ifndef GONGXIN_LEDGER_REGISTRY_LEAF_H_
#define GONGXIN_LEDGER_REGISTRY_LEAF_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gongxin::ledger {

// The store chain that holds the registry log's leaves and tree nodes. Not a
// meeting id: meeting ids are hex, and no meeting id starts with '_'.
inline constexpr absl::string_view kRegistryChain = "_registry";

struct RegistryLeaf {
  std::string meeting_id;
  // ledger::EntryHash of the meeting's entry 0 (its genesis), which commits
  // to the spec, the roll digest, the token keys, the creation time and the
  // admin — and which entry 1 carries as prev_hash.
  std::string genesis_hash;
  // The genesis entry's created_at (unix seconds), for people reading the
  // listing; the genesis hash already commits to it.
  int64_t created_at = 0;

  friend bool operator==(const RegistryLeaf&, const RegistryLeaf&) = default;
};

// EncodeRegistryLeaf returns the canonical leaf bytes:
//   "gongxin/v1/registry-leaf\n<meeting_id>\n<64 lowercase hex genesis_hash>\n<created_at decimal>\n"
std::string EncodeRegistryLeaf(const RegistryLeaf& leaf);

// ParseRegistryLeaf accepts exactly the bytes EncodeRegistryLeaf produces
// (so one leaf has one encoding) and returns INVALID_ARGUMENT saying what
// differs otherwise.
absl::StatusOr<RegistryLeaf> ParseRegistryLeaf(absl::string_view bytes);

}  // namespace gongxin::ledger

#endif  // GONGXIN_LEDGER_REGISTRY_LEAF_H_
