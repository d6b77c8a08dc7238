// The leaves of the registry log: one small text record per meeting, in the
// order the meetings were created, so that a meeting deleted from the store
// still leaves its leaf in a signed, append-only tree — and one more for each
// trial vote purged, so that the one deletion gongxind makes is on record. Shared by gongxind
// (which appends a leaf in the batch that creates the meeting) and auditors
// (`gongxin audit registry|watch`), who recompute it. Byte-exact format in
// docs/export-format.md ("The registry log").
#ifndef GONGXIN_LEDGER_REGISTRY_LEAF_H_
#define GONGXIN_LEDGER_REGISTRY_LEAF_H_

#include <cstdint>
#include <string>
#include <variant>

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

// The second kind of leaf: a trial vote (试投票, MeetingSpec.trial) purged
// from the store. It follows the meeting's own leaf and records what was
// erased — the meeting, the genesis its leaf commits to, and the last
// signed head of its chain — so that an auditor sees that the trial
// happened, that it was purged, and exactly which record ended then.
struct RegistryPurge {
  std::string meeting_id;
  // The same genesis hash as the meeting's RegistryLeaf, and the genesis
  // entry's exact bytes, kept so that anyone can check that what was
  // purged was a trial (its spec has trial set): a formal meeting cannot be
  // deleted under the name of a purge. The genesis holds the spec, the
  // roll's digest and size, the token keys — no voter.
  std::string genesis_hash;
  std::string genesis_entry;
  // The trial's last signed head: its size, the hash of its last entry
  // (SignedHead.head_hash) and the root of its Merkle tree of that size.
  uint64_t final_size = 0;
  std::string final_head_hash;
  std::string final_tree_root;
  // When the purge was recorded (unix seconds).
  int64_t purged_at = 0;

  friend bool operator==(const RegistryPurge&, const RegistryPurge&) = default;
};

// EncodeRegistryPurge returns the canonical purge leaf bytes:
//   "gongxin/v1/registry-purge\n<meeting_id>\n<genesis_hash hex>\n"
//   "<genesis_entry base64>\n<final_size>\n<final_head_hash hex>\n"
//   "<final_tree_root hex>\n<purged_at>\n"
// (hashes as 64 lowercase hex digits, base64 as RFC 4648 with padding,
// numbers in decimal).
std::string EncodeRegistryPurge(const RegistryPurge& purge);

// ParseRegistryPurge accepts exactly the bytes EncodeRegistryPurge produces,
// whose genesis entry hashes to genesis_hash and is a trial's MeetingCreated
// entry; INVALID_ARGUMENT saying what differs otherwise.
absl::StatusOr<RegistryPurge> ParseRegistryPurge(absl::string_view bytes);

// Any leaf of the registry log: a meeting created, or a trial purged.
using RegistryEntry = std::variant<RegistryLeaf, RegistryPurge>;

// ParseRegistryEntry parses either kind, told apart by the first line;
// INVALID_ARGUMENT for anything else.
absl::StatusOr<RegistryEntry> ParseRegistryEntry(absl::string_view bytes);

}  // namespace gongxin::ledger

#endif  // GONGXIN_LEDGER_REGISTRY_LEAF_H_
