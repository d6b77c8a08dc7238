// chainlog: one append-only log on a storage::Store chain, as gongxind keeps
// it for every meeting and for the registry of meetings. It owns what the
// two share and nothing of what an entry means:
//   - the write queue and group commit (LevelDB's leader/follower scheme:
//     the first writer in the queue commits everyone waiting, one batch per
//     store, one WAL sync), each request staged on its own so that a refused
//     one is dropped from the group and the rest retried;
//   - the RFC 6962 Merkle tree over the entry bytes, every complete subtree
//     stored once as a write-once key in the batch that completes it, and
//     recomputed from the entries (never trusted from the store) on replay;
//   - re-reading and retrying when the store answers ABORTED or refuses a
//     write-once key, and stopping for good only when it is unknown whether
//     a write reached the disk (storage::WriteOutcomeUnknown);
//   - groups packed to fit one etcd transaction's defaults (Limits), so a
//     clustered store needs no change above storage/.
// The owner (server::Meeting, server::RegistryLog) keeps its own rules and
// state: it prepares each request under its own state lock, which the log
// releases while the group's batch is written and synced, and rebuilds its
// state from the store when the log asks it to.
#ifndef GONGXIN_CHAINLOG_CHAIN_LOG_H_
#define GONGXIN_CHAINLOG_CHAIN_LOG_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "crypto/compact_range.h"
#include "crypto/merkle.h"
#include "storage/store.h"

namespace gongxin::chainlog {

// Whether a failed replay failed because the store did not answer (a leader
// change, a deadline, a write racing the reads) rather than because what it
// holds is damaged: such a replay is owed, not a reason to stop the log.
bool ReplayMayBeRetried(const absl::Status& s);

// A tree head: the number of entries and the RFC 6962 root over them.
struct TreeHead {
  uint64_t size = 0;
  std::string root_hash;  // crypto::kSha256Size bytes
};

// "tree/<level, 2 digits>/<index, 20 digits>": zero-padded decimal, so the
// keys sort by level, then index.
std::string TreeNodeKey(uint64_t level, uint64_t index);

// How big one group's batch may grow. The defaults are etcd's for one
// transaction (--max-txn-ops 128, --max-request-bytes 1.5 MiB), so every
// group fits one etcd Txn. A single request larger than this (the close of
// a meeting moving a large urn onto the chain) still goes alone, in one
// batch.
struct Limits {
  size_t max_operations = 128;
  size_t max_bytes = 1536 * 1024;
  // Requests per group, whatever their size.
  size_t max_requests = 256;
};

// Operations and bytes a batch puts to the store, as an etcd transaction
// counts them: one put per entry, per created key, for the head record and
// the chain's size, and the same again for each linked batch.
size_t BatchOperations(const storage::AppendBatch& batch);
size_t BatchBytes(const storage::AppendBatch& batch);

class ChainLog {
 public:
  class Txn;

  // One queued write. `prepare` runs in queue order under the owner's state
  // lock and must be safe to run again (a group the store refused cleanly
  // is prepared anew after the owner replayed its state): it starts from
  // its inputs, checks everything, and only then stages. It may append
  // entries only as its last fallible steps: a request refused after it
  // appended makes the log ask the owner to replay.
  struct Op {
    std::function<absl::Status(Txn&)> prepare;
    // What the request will stage, roughly, for packing groups to Limits.
    size_t operations_hint = 4;
    size_t bytes_hint = 512;
    // Outcome: OK once durable, or why not.
    absl::Status status;
    // The tree right after the group that wrote this op.
    TreeHead tree;

   private:
    friend class ChainLog;
    friend class Txn;
    bool done = false;
    bool deferred = false;  // did not fit its group: first in the next
    std::function<void()> on_done;  // set by SubmitAsync
    // [begin, end) of what the op staged, per batch (main first, then each
    // side batch in the order the group first touched it).
    std::vector<std::pair<size_t, size_t>> key_ranges;
    size_t entries_begin = 0, entries_end = 0;
  };

  // What the owner provides.
  struct Hooks {
    // The owner's state lock: held while ops prepare, while `head_record`
    // and `replay` run and when a group is published; not while its batch
    // is written and synced.
    absl::Mutex* state_mu = nullptr;
    // After a clean refusal by the store (nothing written) the owner's
    // memory is ahead of the disk: rebuild it, and the log's tree, from the
    // store (the owner calls ChainLog::Replay). A failure damages the log:
    // every later write gets the status returned, as worded by the owner.
    std::function<absl::Status()> replay;
    // Once a group that appends entries is prepared: the head record to
    // store with it (nullopt: none), e.g. the signed chain head.
    std::function<absl::StatusOr<std::optional<std::string>>(const Txn&)> head_record;
    // Once a group is durable, with the state lock held: e.g. adopt the
    // head record prepared for it.
    std::function<void()> published;
    // Names the log in messages, e.g. "meeting m1".
    std::string name;
    // Where the log reports a write failure or a replay (stderr if unset).
    std::function<void(absl::string_view)> log_error;
  };

  ChainLog(storage::Store* store, std::string chain, Hooks hooks, Limits limits = {});
  // Ends the committer and completion threads, if SubmitAsync started
  // them; no op may be queued any more.
  ~ChainLog();
  ChainLog(const ChainLog&) = delete;
  ChainLog& operator=(const ChainLog&) = delete;

  const std::string& chain() const { return chain_; }
  storage::Store* store() const { return store_; }
  const Limits& limits() const { return limits_; }

  // Replay reads every stored entry, calls visit(seq, bytes) on each in
  // order, and recomputes the tree from the bytes: every stored node must
  // equal the recomputed one (DATA_LOSS naming it if not); nodes missing
  // altogether (a chain written before the tree existed) are stored. The
  // log's tree is then the stored one (a stop stays: see stopped()). Call it
  // with the owner's state lock held (or before the log is shared).
  absl::Status Replay(const std::function<absl::Status(uint64_t seq, absl::string_view bytes)>&
                          visit);

  // Submit queues `op` and returns once it is durable or refused (its
  // status). Blocks while earlier groups are written. On a store with other
  // writers (storage::Store::MayHaveOtherWriters) each group first checks
  // the chain's size and has the owner replay the store if another writer
  // moved it on; an op that stages nothing is then a way to bring the
  // owner's state up to date.
  absl::Status Submit(Op* op);

  // SubmitAsync queues `op` and returns at once: no thread waits for it.
  // `done` runs once the op is durable or refused (op->status): on the
  // log's completion thread while the next group is written, or on the
  // committer thread when no group waits; it may free `op`, and must not
  // wait for another op of this log. A group that starts with such an op is led by the log's committer
  // thread (started on the first call); one that starts with a Submit is
  // led by that caller, as before. For gRPC's callback API, where the
  // thread-per-waiting-request of the sync API cost more than the cast.
  void SubmitAsync(Op* op, std::function<void()> done);

  // Write writes a group of its own, outside the queue, for an owner that
  // is not yet shared (a meeting's genesis). `prepare` stages; nothing is
  // retried. On success the log adopts the tree.
  absl::Status Write(const std::function<absl::Status(Txn&)>& prepare);

  // A linked append: entries of this log written in another log's batch
  // (AppendBatch::linked), e.g. a registry leaf landing with its meeting's
  // genesis. Stage builds it at the current size; the caller serialises
  // StageLinked..CommitLinked itself and commits only once the batch that
  // carries it is durable.
  struct Linked {
    storage::AppendBatch batch;
    crypto::CompactRange range;
  };
  absl::StatusOr<Linked> StageLinked(const std::vector<std::string>& entries) const;
  void CommitLinked(Linked linked);

  // The tree over every durable entry.
  TreeHead Head() const;
  // The stored complete-subtree hashes, for crypto::InclusionProof and
  // ConsistencyProof; DATA_LOSS if one is missing from the store. Nodes
  // written or read recently are served from memory: every receipt's proof
  // reads the same few dozen nodes.
  crypto::NodeSource TreeNodes() const;
  // Entry bytes [start, end) exactly as stored.
  absl::StatusOr<std::vector<std::string>> Entries(uint64_t start, uint64_t end) const;

  // OK, or why the log takes no more writes: a write whose outcome is
  // unknown (until the owner is reopened), or damage found by a replay.
  absl::Status stopped() const;
  // Marks the log damaged (read-only) with `why`.
  void Damage(absl::Status why);
  // Notes that the owner's replay failed with `why` (ReplayMayBeRetried):
  // the owner's memory is not the store's, so the next group replays
  // before it prepares anything, and fails with UNAVAILABLE while it
  // cannot.
  void OweReplay(absl::Status why);

 private:
  // Commits one group from the front of the queue: everything queued that
  // fits one batch. Releases queue_mu_ while the group is written. Returns
  // the `done`s of its async ops, to run.
  std::vector<std::function<void()>> LeadGroup() ABSL_EXCLUSIVE_LOCKS_REQUIRED(queue_mu_);
  // Queues `finished` for the completion thread.
  void HandOver(std::vector<std::function<void()>> finished);
  // The threads SubmitAsync starts: one leads groups that begin with an
  // async op, one runs their `done`s.
  void CommitterLoop();
  void CompletionLoop();
  // Prepares and writes `group`, retrying after clean refusals.
  void CommitGroup(const std::vector<Op*>& group);
  // One try: returns the ops to prepare again (after a replay).
  std::vector<Op*> CommitAttempt(const std::vector<Op*>& ops);
  // Writes the prepared txn's batches: sides first, then the chain with
  // the linked sides in it.
  struct Written {
    std::vector<absl::Status> sides;
    absl::Status chain;
  };
  Written WriteBatches(Txn& txn);
  void ReplayOrDamage() ABSL_EXCLUSIVE_LOCKS_REQUIRED(*hooks_.state_mu);
  void LogError(absl::string_view line) const;

  storage::Store* const store_;
  const std::string chain_;
  const Hooks hooks_;
  const Limits limits_;

  absl::Mutex queue_mu_;
  std::deque<Op*> queue_ ABSL_GUARDED_BY(queue_mu_);
  bool stopping_ ABSL_GUARDED_BY(queue_mu_) = false;
  bool threads_started_ ABSL_GUARDED_BY(queue_mu_) = false;
  std::thread committer_, completer_;
  // `done`s of async ops whose group is written, in queue order.
  absl::Mutex completions_mu_;
  std::deque<std::function<void()>> completions_ ABSL_GUARDED_BY(completions_mu_);
  bool completions_stopping_ ABSL_GUARDED_BY(completions_mu_) = false;

  // Durable tree nodes recently written or read, by (level, index): two
  // generations of at most kNodeCacheSize each (write-once values, so never
  // stale).
  static constexpr size_t kNodeCacheSize = 1 << 15;
  void CacheNodes(const std::vector<std::pair<std::pair<uint64_t, uint64_t>, std::string>>& nodes)
      const;
  mutable absl::Mutex nodes_mu_;
  using NodeMap = absl::flat_hash_map<std::pair<uint64_t, uint64_t>, std::string>;
  mutable NodeMap nodes_ ABSL_GUARDED_BY(nodes_mu_);
  mutable NodeMap older_nodes_ ABSL_GUARDED_BY(nodes_mu_);

  // The durable tree and why the log stopped, if it did.
  mutable absl::Mutex tree_mu_;
  crypto::CompactRange range_ ABSL_GUARDED_BY(tree_mu_);
  absl::Status stopped_ ABSL_GUARDED_BY(tree_mu_);
  // Why the last replay failed without damage (OK: none owed).
  absl::Status replay_owed_ ABSL_GUARDED_BY(tree_mu_);
};

// Txn collects one group's writes: entries and keys for the log's chain,
// keys for side stores written before it (a meeting's urn), and batches of
// other chains linked into its atomic write.
class ChainLog::Txn {
 public:
  // The seq the next Append gets.
  uint64_t next_seq() const { return range_.size(); }
  // Reserve says whether an op may stage `operations` more puts of its own
  // (entries, keys; the tree nodes its next entry completes are added here)
  // of about `bytes` more bytes and keep the group within Limits. If not, the op
  // must return the status at once, before changing anything: the log then
  // drops what it staged and puts it first in the next group. The first op
  // of a group always fits (a single request larger than Limits goes alone).
  absl::Status Reserve(size_t operations, size_t bytes);
  // Fits says whether the group stays within Limits with that much more
  // staged, counted as Reserve counts it, even for the first op of a group:
  // for an op that writes a long run of entries over several groups (a
  // meeting's close), stopping where the group is full and going on in
  // the next.
  bool Fits(size_t operations, size_t bytes) const;
  // Appends `bytes` as the next entry and leaf; stages the subtree nodes
  // it completes. Returns its seq.
  uint64_t Append(std::string bytes);
  void CreateKey(std::string key, std::string value);
  // A write-once key on `chain` of another store, written (and synced)
  // before this log's batch; if it fails, this log's batch is not written.
  void CreateSideKey(storage::Store* store, absl::string_view chain, std::string key,
                     std::string value);
  // A write-once key on `chain` of this log's own store (`store`), landing
  // in this log's atomic write as a linked batch, on condition that `chain`
  // still holds `expected_size` entries and this log's chain has not moved;
  // a group that stages such keys also appends `marker` to `chain`, so
  // that every write moves its size (a meeting's urn on a store shared by
  // several gongxind: a close that read the urn fails if a cast landed
  // since, and a cast fails once the close landed). Every call in one
  // group names the same expected_size and marker for a chain.
  void CreateLinkedSideKey(storage::Store* store, absl::string_view chain,
                           uint64_t expected_size, std::string marker, std::string key,
                           std::string value);
  // The side keys staged so far in this group for `store`.
  std::vector<std::pair<std::string, std::string>> SideKeys(const storage::Store* store) const;
  // A batch of another chain landing atomically with this one.
  void Link(storage::AppendBatch linked);
  // The tree with this group's entries appended.
  const crypto::CompactRange& range() const { return range_; }
  const storage::AppendBatch& batch() const { return batch_; }

 private:
  friend class ChainLog;
  Txn(const ChainLog& log, crypto::CompactRange range);
  void Begin(Op* op);
  // Ends op's staging; false if it was refused after appending an entry.
  bool End(Op* op);

  struct Side {
    storage::Store* store;
    storage::AppendBatch batch;
    // Written inside this log's batch (AppendBatch::linked), not before it.
    bool linked = false;
  };
  Side& FindSide(storage::Store* store, absl::string_view chain);
  crypto::CompactRange range_;
  storage::AppendBatch batch_;
  std::vector<Side> sides_;
  // The tree nodes this group's entries complete, for the node cache.
  std::vector<std::pair<std::pair<uint64_t, uint64_t>, std::string>> nodes_;
  Limits limits_;
  bool first_op_ = true;
  // Puts and bytes staged so far in all batches, kept as they are staged.
  size_t staged_operations_ = 0;
  size_t staged_bytes_ = 0;
};

}  // namespace gongxin::chainlog

#endif  // GONGXIN_CHAINLOG_CHAIN_LOG_H_
