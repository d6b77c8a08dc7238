// The registry log: an RFC 6962 Merkle log of the meetings gongxind holds,
// leaf i committing to the i-th meeting created (ledger/registry_leaf.h).
// A meeting's own log proves its entries were not rewritten; this one proves
// the meeting itself was not deleted. Its leaves and complete-subtree nodes
// live on the store chain ledger::kRegistryChain, kept by a chainlog::ChainLog
// (the same module as a meeting's chain), and each leaf lands in the same
// atomic batch as its meeting's genesis entry (AppendBatch::linked).
#ifndef GONGXIN_SERVER_REGISTRY_LOG_H_
#define GONGXIN_SERVER_REGISTRY_LOG_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "chainlog/chain_log.h"
#include "crypto/compact_range.h"
#include "crypto/merkle.h"
#include "ledger/registry_leaf.h"
#include "storage/store.h"

namespace gongxin::server {

// Thread-safe. Appends must be serialised by the caller (Registry::Create
// holds one lock from Stage to Commit).
class RegistryLog {
 public:
  // Open replays the stored leaves: each must parse, no meeting may appear
  // twice, and the tree is recomputed from the leaf bytes — every stored node
  // must equal the recomputed one. Nodes missing altogether are stored. A log
  // that fails is returned damaged: it serves nothing and refuses appends.
  static std::unique_ptr<RegistryLog> Open(storage::Store* store);

  absl::Status damage() const { return damage_; }

  // A staged append: the linked batch for the store, and the tree after it.
  struct Pending {
    storage::AppendBatch batch;
    chainlog::ChainLog::Linked linked;
    std::string meeting_id;
    std::string genesis_hash;
    bool purge = false;
  };
  // Stage builds the batch that appends `leaf` (and the subtree nodes it
  // completes) at the current size. Nothing changes until Commit.
  absl::StatusOr<Pending> Stage(const ledger::RegistryLeaf& leaf) const;
  // StagePurge does the same for a trial's purge leaf: NOT_FOUND unless the
  // meeting has a leaf, FAILED_PRECONDITION if its purge is already recorded
  // or the genesis hash is not its leaf's.
  absl::StatusOr<Pending> StagePurge(const ledger::RegistryPurge& purge) const;
  // Commit adopts a staged append once the store has accepted its batch.
  void Commit(Pending pending);

  // The tree over every durable leaf; DATA_LOSS if damaged.
  absl::StatusOr<chainlog::TreeHead> TreeHead() const;
  // Stored complete-subtree hashes, for proofs (chainlog::ChainLog::TreeNodes).
  crypto::NodeSource TreeNodes() const;
  // Leaf bytes [start, end), exactly as stored.
  absl::StatusOr<std::vector<std::string>> Leaves(uint64_t start, uint64_t end) const;
  // The leaf index of a meeting, or nullopt.
  std::optional<uint64_t> IndexOf(absl::string_view meeting_id) const;
  // The leaf index of a meeting's purge (a trial vote), or nullopt.
  std::optional<uint64_t> PurgeIndexOf(absl::string_view meeting_id) const;
  // The meeting id each leaf names (a purge leaf names the trial it
  // purged), by leaf index.
  std::vector<std::string> MeetingIds() const;

 private:
  explicit RegistryLog(storage::Store* store);
  absl::Status Replay();

  storage::Store* const store_;
  absl::Status damage_;
  mutable absl::Mutex mu_;
  std::unique_ptr<chainlog::ChainLog> log_;
  std::vector<std::string> ids_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, uint64_t> index_ ABSL_GUARDED_BY(mu_);
  // Meetings purged (trial votes) → the leaf recording the purge.
  absl::flat_hash_map<std::string, uint64_t> purged_ ABSL_GUARDED_BY(mu_);
  // Meetings' genesis hashes by id, to check a purge leaf against.
  absl::flat_hash_map<std::string, std::string> genesis_ ABSL_GUARDED_BY(mu_);
};

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_REGISTRY_LOG_H_
