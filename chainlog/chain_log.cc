#include "chainlog/chain_log.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "chainlog/stored_node_check.h"
#include "crypto/encoding.h"
#include "util/status_macros.h"

namespace gongxin::chainlog {

namespace {

// How often a group is prepared again after the store refused it cleanly
// (another writer won the race, or a write-once key it did not expect
// exists) before the rest of it is refused with ABORTED.
constexpr int kMaxCommitAttempts = 4;

}  // namespace

std::string TreeNodeKey(uint64_t level, uint64_t index) {
  char key[48];
  std::snprintf(key, sizeof key, "tree/%02llu/%020llu", static_cast<unsigned long long>(level),
                static_cast<unsigned long long>(index));
  return key;
}

size_t BatchOperations(const storage::AppendBatch& batch) {
  size_t n = batch.entries.size() + batch.create_keys.size() +
             (batch.head_record.has_value() ? 1 : 0) + (batch.entries.empty() ? 0 : 1);
  for (const storage::AppendBatch& linked : batch.linked) n += BatchOperations(linked);
  return n;
}

size_t BatchBytes(const storage::AppendBatch& batch) {
  size_t n = batch.head_record.has_value() ? batch.head_record->size() : 0;
  for (const std::string& e : batch.entries) n += e.size();
  for (const auto& [k, v] : batch.create_keys) n += k.size() + v.size();
  for (const storage::AppendBatch& linked : batch.linked) n += BatchBytes(linked);
  return n;
}

// ---- Txn ----

namespace {
// Marks the status Reserve returns, so the log can tell it from a refusal.
constexpr char kGroupFullPayload[] = "gongxin.chainlog/group-full";
bool IsGroupFull(const absl::Status& s) {
  return s.GetPayload(kGroupFullPayload).has_value();
}
}  // namespace

ChainLog::Txn::Txn(const ChainLog& log, crypto::CompactRange range)
    : range_(std::move(range)), limits_(log.limits_) {
  batch_.chain = log.chain_;
  batch_.expected_size = range_.size();
}

uint64_t ChainLog::Txn::Append(std::string bytes) {
  const uint64_t seq = range_.size();
  // A leaf hash is 32 bytes and 2^64 leaves are far away: Append cannot fail.
  (void)range_.Append(crypto::LeafHash(bytes),
                      [this](uint64_t level, uint64_t index, absl::string_view hash) {
                        CreateKey(TreeNodeKey(level, index), std::string(hash));
                        nodes_.push_back({{level, index}, std::string(hash)});
                      });
  staged_operations_ += 1;
  staged_bytes_ += bytes.size();
  batch_.entries.push_back(std::move(bytes));
  return seq;
}

void ChainLog::Txn::CreateKey(std::string key, std::string value) {
  staged_operations_ += 1;
  staged_bytes_ += key.size() + value.size();
  batch_.create_keys.emplace_back(std::move(key), std::move(value));
}

ChainLog::Txn::Side& ChainLog::Txn::FindSide(storage::Store* store, absl::string_view chain) {
  auto it = std::find_if(sides_.begin(), sides_.end(),
                         [&](const Side& s) { return s.store == store && s.batch.chain == chain; });
  if (it == sides_.end()) {
    sides_.push_back(Side{store, {}});
    it = sides_.end() - 1;
    it->batch.chain = std::string(chain);
  }
  return *it;
}

void ChainLog::Txn::CreateSideKey(storage::Store* store, absl::string_view chain, std::string key,
                                  std::string value) {
  Side& side = FindSide(store, chain);
  staged_operations_ += 1;
  staged_bytes_ += key.size() + value.size();
  side.batch.create_keys.emplace_back(std::move(key), std::move(value));
}

void ChainLog::Txn::CreateLinkedSideKey(storage::Store* store, absl::string_view chain,
                                        uint64_t expected_size, std::string marker,
                                        std::string key, std::string value) {
  Side& side = FindSide(store, chain);
  if (!side.linked) {
    side.linked = true;
    side.batch.expected_size = expected_size;
    // The marker and the size put, once per group.
    staged_operations_ += 2;
    staged_bytes_ += marker.size() + 32;
    side.batch.entries.push_back(std::move(marker));
  }
  staged_operations_ += 1;
  staged_bytes_ += key.size() + value.size();
  side.batch.create_keys.emplace_back(std::move(key), std::move(value));
}

std::vector<std::pair<std::string, std::string>> ChainLog::Txn::SideKeys(
    const storage::Store* store) const {
  std::vector<std::pair<std::string, std::string>> keys;
  for (const Side& s : sides_) {
    if (s.store == store) keys.insert(keys.end(), s.batch.create_keys.begin(), s.batch.create_keys.end());
  }
  return keys;
}

void ChainLog::Txn::Link(storage::AppendBatch linked) {
  staged_operations_ += BatchOperations(linked);
  staged_bytes_ += BatchBytes(linked);
  batch_.linked.push_back(std::move(linked));
}

absl::Status ChainLog::Txn::Reserve(size_t operations, size_t bytes) {
  if (first_op_ || Fits(operations, bytes)) return absl::OkStatus();
  absl::Status full = absl::ResourceExhaustedError("the group is full: next group");
  full.SetPayload(kGroupFullPayload, absl::Cord("1"));
  return full;
}

bool ChainLog::Txn::Fits(size_t operations, size_t bytes) const {
  // The head record and the size put, once per group.
  const size_t ops_now = staged_operations_ + 2;
  const size_t bytes_now = staged_bytes_ + 256;
  // The tree nodes an entry appended now completes: the leaf and one more
  // for each trailing one bit of its index.
  const uint64_t n = range_.size();
  operations += 1 + static_cast<size_t>(__builtin_ctzll(~n));
  bytes += (1 + static_cast<size_t>(__builtin_ctzll(~n))) * 64;
  return ops_now + operations <= limits_.max_operations && bytes_now + bytes <= limits_.max_bytes;
}

void ChainLog::Txn::Begin(Op* op) {
  op->deferred = false;
  op->status = absl::OkStatus();
  op->entries_begin = batch_.entries.size();
  op->key_ranges.assign(1 + sides_.size(), {0, 0});
  op->key_ranges[0].first = batch_.create_keys.size();
  for (size_t i = 0; i < sides_.size(); ++i) {
    op->key_ranges[1 + i].first = sides_[i].batch.create_keys.size();
  }
}

bool ChainLog::Txn::End(Op* op) {
  // Sides first touched during the op start at 0.
  op->key_ranges.resize(1 + sides_.size(), {0, 0});
  if (op->status.ok()) {
    first_op_ = false;
    op->entries_end = batch_.entries.size();
    op->key_ranges[0].second = batch_.create_keys.size();
    for (size_t i = 0; i < sides_.size(); ++i) {
      op->key_ranges[1 + i].second = sides_[i].batch.create_keys.size();
    }
    return true;
  }
  op->entries_end = op->entries_begin;
  if (batch_.entries.size() > op->entries_begin) return false;
  op->deferred = IsGroupFull(op->status);
  batch_.create_keys.resize(op->key_ranges[0].first);
  for (size_t i = 0; i < sides_.size(); ++i) {
    sides_[i].batch.create_keys.resize(op->key_ranges[1 + i].first);
  }
  for (auto& [begin, end] : op->key_ranges) end = begin;
  // Recounted after a truncation (a refusal: rare).
  staged_operations_ = BatchOperations(batch_);
  staged_bytes_ = BatchBytes(batch_);
  for (const Side& side : sides_) {
    staged_operations_ += BatchOperations(side.batch);
    staged_bytes_ += BatchBytes(side.batch);
  }
  return true;
}

// ---- ChainLog ----

ChainLog::ChainLog(storage::Store* store, std::string chain, Hooks hooks, Limits limits)
    : store_(store), chain_(std::move(chain)), hooks_(std::move(hooks)), limits_(limits) {}

absl::Status ChainLog::Replay(
    const std::function<absl::Status(uint64_t seq, absl::string_view bytes)>& visit) {
  ASSIGN_OR_RETURN(uint64_t size, store_->Size(chain_));
  // Every node of entries [0, size) is stored, written with its entry
  // before the size was read; later ones are ignored.
  StoredNodeCheck stored(store_, chain_);
  crypto::CompactRange range;
  absl::Status node_status;
  RETURN_IF_ERROR(store_->ReadEntries(
      chain_, 0, size, [&](uint64_t seq, absl::string_view bytes) -> absl::Status {
        RETURN_IF_ERROR(visit(seq, bytes));
        // Recomputed from the entry bytes, never trusted from the store.
        RETURN_IF_ERROR(range.Append(crypto::LeafHash(bytes),
                                     [&](uint64_t level, uint64_t index, absl::string_view hash) {
                                       if (node_status.ok()) {
                                         node_status = stored.Add(level, index, hash);
                                       }
                                     }));
        return node_status;
      }));
  RETURN_IF_ERROR(stored.Finish());
  std::vector<std::pair<std::string, std::string>> missing = stored.TakeMissing();
  if (!missing.empty()) {
    // Only keys, conditional on the chain size: the entries stay as they
    // are. In batches an etcd transaction takes.
    for (size_t from = 0; from < missing.size(); from += limits_.max_operations) {
      storage::AppendBatch backfill;
      backfill.chain = chain_;
      backfill.expected_size = size;
      const size_t to = std::min(missing.size(), from + limits_.max_operations);
      backfill.create_keys.assign(missing.begin() + from, missing.begin() + to);
      RETURN_IF_ERROR(store_->Append(backfill));
    }
  }
  absl::MutexLock lock(&tree_mu_);
  range_ = std::move(range);
  return absl::OkStatus();
}

absl::Status ChainLog::Submit(Op* op) {
  op->done = false;
  op->deferred = false;
  op->on_done = nullptr;
  absl::MutexLock lock(&queue_mu_);
  queue_.push_back(op);
  auto my_turn = [this, op]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(queue_mu_) {
    return op->done || queue_.front() == op;
  };
  for (;;) {
    queue_mu_.Await(absl::Condition(&my_turn));
    if (op->done) return op->status;
    HandOver(LeadGroup());
  }
}

void ChainLog::SubmitAsync(Op* op, std::function<void()> done) {
  op->done = false;
  op->deferred = false;
  op->on_done = std::move(done);
  absl::MutexLock lock(&queue_mu_);
  if (!threads_started_) {
    threads_started_ = true;
    committer_ = std::thread([this] { CommitterLoop(); });
    completer_ = std::thread([this] { CompletionLoop(); });
  }
  queue_.push_back(op);
}

ChainLog::~ChainLog() {
  {
    absl::MutexLock lock(&queue_mu_);
    stopping_ = true;
  }
  {
    absl::MutexLock lock(&completions_mu_);
    completions_stopping_ = true;
  }
  if (committer_.joinable()) committer_.join();
  if (completer_.joinable()) completer_.join();
}

void ChainLog::CommitterLoop() {
  absl::MutexLock lock(&queue_mu_);
  auto work = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(queue_mu_) {
    // A group that starts with a Submit is its caller's to lead.
    return stopping_ || (!queue_.empty() && queue_.front()->on_done != nullptr);
  };
  for (;;) {
    queue_mu_.Await(absl::Condition(&work));
    if (stopping_) return;
    std::vector<std::function<void()>> finished = LeadGroup();
    if (!queue_.empty()) {
      // The next group is waiting: it is written while the completion
      // thread runs these.
      HandOver(std::move(finished));
      continue;
    }
    // Nothing waits: running them here saves a thread hand-off (one kiosk).
    queue_mu_.Unlock();
    for (std::function<void()>& done : finished) done();
    queue_mu_.Lock();
  }
}

void ChainLog::HandOver(std::vector<std::function<void()>> finished) {
  if (finished.empty()) return;
  absl::MutexLock lock(&completions_mu_);
  for (std::function<void()>& done : finished) completions_.push_back(std::move(done));
}

void ChainLog::CompletionLoop() {
  absl::MutexLock lock(&completions_mu_);
  auto work = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(completions_mu_) {
    return completions_stopping_ || !completions_.empty();
  };
  for (;;) {
    completions_mu_.Await(absl::Condition(&work));
    if (completions_.empty()) return;  // stopping, and nothing left to run
    std::deque<std::function<void()>> ready;
    ready.swap(completions_);
    completions_mu_.Unlock();
    for (std::function<void()>& done : ready) done();
    completions_mu_.Lock();
  }
}

std::vector<std::function<void()>> ChainLog::LeadGroup() {
  // The front op leads: it commits everything queued behind it that fits
  // one batch, by the ops' own estimates (the first always goes);
  // Txn::Reserve defers an op whose actual size does not fit.
  std::vector<Op*> group;
  size_t operations = 0, bytes = 0;
  for (Op* next : queue_) {
    if (!group.empty() && (group.size() >= limits_.max_requests ||
                           operations + next->operations_hint > limits_.max_operations ||
                           bytes + next->bytes_hint > limits_.max_bytes)) {
      break;
    }
    group.push_back(next);
    operations += next->operations_hint;
    bytes += next->bytes_hint;
  }
  queue_mu_.Unlock();
  CommitGroup(group);
  queue_mu_.Lock();
  // Ops that did not fit stay first in the queue, in order; the first of
  // them leads the next group.
  std::vector<Op*> deferred;
  std::vector<std::function<void()>> finished;
  for (Op* next : group) {
    queue_.pop_front();
    if (next->deferred) {
      deferred.push_back(next);
    } else if (next->on_done != nullptr) {
      // After this, `next` may be freed by its done.
      finished.push_back(std::move(next->on_done));
      next->on_done = nullptr;
    } else {
      next->done = true;
    }
  }
  queue_.insert(queue_.begin(), deferred.begin(), deferred.end());
  return finished;
}

void ChainLog::CommitGroup(const std::vector<Op*>& group) {
  absl::MutexLock lock(hooks_.state_mu);
  if (store_->MayHaveOtherWriters() && stopped().ok()) {
    // Another gongxind may have appended since this one last read the
    // chain: prepare against what the store holds, not a stale state (a
    // refusal decided on stale state would write nothing and so never
    // learn the chain moved).
    absl::StatusOr<uint64_t> size = store_->Size(chain_);
    uint64_t mine = 0;
    {
      absl::MutexLock tree_lock(&tree_mu_);
      mine = range_.size();
    }
    if (!size.ok()) {
      // Unknown whether anyone wrote: preparing on this state could refuse
      // an op on what another gongxind already changed (a cast "not
      // checked in" after its check-in was acknowledged elsewhere), and a
      // refusal writes nothing, so nothing would correct it. Replay first.
      OweReplay(size.status());
    } else if (*size != mine) {
      ReplayOrDamage();
    }
  }
  std::vector<Op*> pending = group;
  for (int attempt = 1; !pending.empty(); ++attempt) {
    absl::Status stop = stopped();
    if (stop.ok()) {
      // A replay the store did not answer: memory is not the store's until
      // one succeeds, and nothing is prepared on it.
      absl::Status owed;
      {
        absl::MutexLock tree_lock(&tree_mu_);
        owed = replay_owed_;
      }
      if (!owed.ok()) {
        ReplayOrDamage();
        absl::MutexLock tree_lock(&tree_mu_);
        if (!replay_owed_.ok()) {
          stop = absl::UnavailableError(absl::StrCat(
              hooks_.name, ": the store did not answer a replay (", replay_owed_.message(),
              "); nothing was written: retry"));
        }
      }
    }
    if (stop.ok() && attempt > kMaxCommitAttempts) {
      stop = absl::AbortedError(absl::StrCat(
          hooks_.name, ": the store refused this write ", kMaxCommitAttempts,
          " times in a row (another writer?); nothing was written: retry"));
    }
    if (!stop.ok()) {
      for (Op* op : pending) op->status = stop;
      return;
    }
    pending = CommitAttempt(pending);
  }
}

ChainLog::Written ChainLog::WriteBatches(Txn& txn) {
  Written w;
  bool sides_ok = true;
  for (Txn::Side& side : txn.sides_) {
    if (side.linked) {
      // Its status is the chain's, set below.
      w.sides.push_back(absl::OkStatus());
      if (!side.batch.create_keys.empty()) txn.batch_.linked.push_back(side.batch);
      continue;
    }
    if (!sides_ok || side.batch.create_keys.empty()) {
      w.sides.push_back(sides_ok ? absl::OkStatus() : absl::AbortedError("not written"));
      continue;
    }
    w.sides.push_back(side.store->Append(side.batch));
    sides_ok = w.sides.back().ok();
  }
  const storage::AppendBatch& b = txn.batch_;
  if (b.entries.empty() && b.create_keys.empty() && b.linked.empty()) {
    w.chain = absl::OkStatus();
  } else if (!sides_ok) {
    w.chain = absl::AbortedError("not written: a write before it failed");
  } else {
    w.chain = store_->Append(b);
  }
  for (size_t i = 0; i < txn.sides_.size(); ++i) {
    if (txn.sides_[i].linked && !txn.sides_[i].batch.create_keys.empty()) w.sides[i] = w.chain;
  }
  return w;
}

std::vector<ChainLog::Op*> ChainLog::CommitAttempt(const std::vector<Op*>& ops) {
  absl::Mutex* const state_mu = hooks_.state_mu;
  Txn txn(*this, [this] {
    absl::MutexLock lock(&tree_mu_);
    return range_;
  }());
  for (size_t i = 0; i < ops.size(); ++i) {
    txn.Begin(ops[i]);
    ops[i]->status = ops[i]->prepare(txn);
    if (!txn.End(ops[i])) {
      // Refused after appending (against the ops' own rules): the owner's
      // state has moved, so it replays the store; this op keeps its
      // refusal and everyone else is prepared again.
      LogError(absl::StrCat(hooks_.name, ": a write was refused after it changed the state (",
                            ops[i]->status.message(), "); replaying the store"));
      ReplayOrDamage();
      std::vector<Op*> again(ops.begin(), ops.begin() + i);
      again.insert(again.end(), ops.begin() + i + 1, ops.end());
      return again;
    }
  }
  if (!txn.batch_.entries.empty() && hooks_.head_record) {
    absl::StatusOr<std::optional<std::string>> head = hooks_.head_record(txn);
    if (!head.ok()) {
      // Cannot sign: nothing is written, every op gets the reason.
      for (Op* op : ops) {
        if (op->status.ok()) op->status = head.status();
      }
      ReplayOrDamage();
      return {};
    }
    txn.batch_.head_record = *std::move(head);
  }

  // The batch is written and synced without the owner's state lock, so
  // readers are not held up by the disk (LevelDB's DBImpl::Write releases
  // its mutex the same way). Only this leader changes the state until the
  // group is settled: the next group waits in the queue.
  state_mu->Unlock();
  Written written = WriteBatches(txn);
  state_mu->Lock();

  bool all_ok = written.chain.ok();
  for (const absl::Status& s : written.sides) all_ok &= s.ok();
  if (all_ok) {
    TreeHead head;
    {
      absl::MutexLock lock(&tree_mu_);
      range_ = txn.range_;
      head = TreeHead{range_.size(), range_.Root()};
    }
    if (hooks_.published) hooks_.published();
    CacheNodes(txn.nodes_);
    for (Op* op : ops) {
      if (op->status.ok()) op->tree = head;
    }
    return {};
  }

  // Something was not written, so the owner's memory is ahead of the disk.
  // Batch b of an op: 0 the chain, 1 + i side i.
  auto status_of = [&](size_t b) -> const absl::Status& {
    return b == 0 ? written.chain : written.sides[b - 1];
  };
  auto touched = [&](const Op* op, size_t b) {
    if (b == 0 && op->entries_end > op->entries_begin) return true;
    return b < op->key_ranges.size() && op->key_ranges[b].second > op->key_ranges[b].first;
  };
  auto batch_of = [&](size_t b) -> const storage::AppendBatch& {
    return b == 0 ? txn.batch_ : txn.sides_[b - 1].batch;
  };
  auto store_of = [&](size_t b) { return b == 0 ? store_ : txn.sides_[b - 1].store; };
  const size_t batches = 1 + txn.sides_.size();
  // Whether every batch the op touched landed, and it touched one at all.
  auto durable = [&](const Op* op) {
    bool any = false, landed = true;
    for (size_t b = 0; b < batches; ++b) {
      if (!touched(op, b)) continue;
      any = true;
      landed &= status_of(b).ok();
    }
    return any && landed;
  };

  bool unknown = false;
  absl::Status why_unknown;
  for (size_t b = 0; b < batches; ++b) {
    const absl::Status& s = status_of(b);
    if (storage::WriteOutcomeUnknown(s) || absl::IsFailedPrecondition(s)) {
      unknown = true;
      why_unknown = s;
    }
  }
  if (unknown) {
    // The batch may or may not be on disk (or the store no longer takes
    // writes): LevelDB's rule, stop writing until the owner is reopened and
    // replays the store. An op is acknowledged only if every batch it
    // touched landed and it touched one at all (an op that staged nothing
    // read the group's state, which may not be on disk).
    absl::Status stop = absl::UnavailableError(
        absl::StrCat("the ledger write failed, so ", hooks_.name,
                     " refuses writes until gongxind restarts: ", why_unknown.message()));
    {
      absl::MutexLock lock(&tree_mu_);
      stopped_ = stop;
    }
    LogError(stop.message());
    for (Op* op : ops) {
      if (op->status.ok() && !durable(op)) op->status = stop;
    }
    return {};
  }

  // Every failure was a clean refusal: nothing of that batch was written.
  std::vector<Op*> again;
  for (Op* op : ops) {
    if (!op->status.ok()) continue;
    if (durable(op)) continue;  // done: its only batch (a side's) landed
    // Which refusal is this op's?
    absl::Status refused;
    for (size_t b = 0; b < batches && refused.ok(); ++b) {
      const absl::Status& s = status_of(b);
      if (s.ok() || !touched(op, b)) continue;
      if (absl::IsAlreadyExists(s)) {
        // A write-once key exists: refuse the op(s) that staged it.
        const storage::AppendBatch& batch = batch_of(b);
        absl::flat_hash_set<absl::string_view> earlier;
        for (Op* other : ops) {
          if (other == op) break;
          if (b >= other->key_ranges.size()) continue;
          for (size_t k = other->key_ranges[b].first; k < other->key_ranges[b].second; ++k) {
            earlier.insert(batch.create_keys[k].first);
          }
        }
        for (size_t k = op->key_ranges[b].first; k < op->key_ranges[b].second; ++k) {
          const std::string& key = batch.create_keys[k].first;
          absl::StatusOr<std::optional<std::string>> existing =
              store_of(b)->GetKey(batch.chain, key);
          if (earlier.contains(key) || !existing.ok() || existing->has_value()) {
            refused = s;
            break;
          }
        }
      } else if (!absl::IsAborted(s)) {
        // Refused before writing for a reason of the store's own (a full
        // disk): the op gets it.
        refused = s;
      }
    }
    if (refused.ok()) {
      again.push_back(op);  // raced, not the culprit, or read-only: again
    } else {
      op->status = refused;
    }
  }
  ReplayOrDamage();
  return again;
}

bool ReplayMayBeRetried(const absl::Status& s) {
  return absl::IsUnavailable(s) || absl::IsDeadlineExceeded(s) || absl::IsAborted(s) ||
         absl::IsCancelled(s) || absl::IsResourceExhausted(s);
}

void ChainLog::ReplayOrDamage() {
  absl::Status replayed = hooks_.replay ? hooks_.replay() : absl::OkStatus();
  if (replayed.ok()) {
    absl::MutexLock lock(&tree_mu_);
    replay_owed_ = absl::OkStatus();
  } else if (ReplayMayBeRetried(replayed)) {
    LogError(absl::StrCat(hooks_.name, ": replaying the store failed (", replayed.message(),
                          "); again before the next write"));
    OweReplay(std::move(replayed));
  } else {
    Damage(std::move(replayed));
  }
}

void ChainLog::LogError(absl::string_view line) const {
  if (hooks_.log_error) {
    hooks_.log_error(line);
  } else {
    std::fprintf(stderr, "%.*s\n", static_cast<int>(line.size()), line.data());
  }
}

absl::Status ChainLog::Write(const std::function<absl::Status(Txn&)>& prepare) {
  if (absl::Status s = stopped(); !s.ok()) return s;
  Txn txn(*this, [this] {
    absl::MutexLock lock(&tree_mu_);
    return range_;
  }());
  RETURN_IF_ERROR(prepare(txn));
  if (!txn.batch_.entries.empty() && hooks_.head_record) {
    ASSIGN_OR_RETURN(txn.batch_.head_record, hooks_.head_record(txn));
  }
  Written written = WriteBatches(txn);
  for (const absl::Status& s : written.sides) RETURN_IF_ERROR(s);
  RETURN_IF_ERROR(written.chain);
  {
    absl::MutexLock lock(&tree_mu_);
    range_ = txn.range_;
  }
  if (hooks_.published) hooks_.published();
  return absl::OkStatus();
}

absl::StatusOr<ChainLog::Linked> ChainLog::StageLinked(
    const std::vector<std::string>& entries) const {
  RETURN_IF_ERROR(stopped());
  Linked linked;
  {
    absl::MutexLock lock(&tree_mu_);
    linked.range = range_;
  }
  linked.batch.chain = chain_;
  linked.batch.expected_size = linked.range.size();
  for (const std::string& bytes : entries) {
    RETURN_IF_ERROR(linked.range.Append(
        crypto::LeafHash(bytes), [&](uint64_t level, uint64_t index, absl::string_view hash) {
          linked.batch.create_keys.emplace_back(TreeNodeKey(level, index), std::string(hash));
        }));
    linked.batch.entries.push_back(bytes);
  }
  return linked;
}

void ChainLog::CommitLinked(Linked linked) {
  absl::MutexLock lock(&tree_mu_);
  range_ = std::move(linked.range);
}

TreeHead ChainLog::Head() const {
  absl::MutexLock lock(&tree_mu_);
  return TreeHead{range_.size(), range_.Root()};
}

void ChainLog::CacheNodes(
    const std::vector<std::pair<std::pair<uint64_t, uint64_t>, std::string>>& nodes) const {
  absl::MutexLock lock(&nodes_mu_);
  for (const auto& [at, hash] : nodes) {
    if (nodes_.size() >= kNodeCacheSize) {
      older_nodes_ = std::move(nodes_);
      nodes_.clear();
    }
    nodes_.emplace(at, hash);
  }
}

crypto::NodeSource ChainLog::TreeNodes() const {
  return [this](uint64_t level, uint64_t index) -> absl::StatusOr<std::string> {
    {
      absl::MutexLock lock(&nodes_mu_);
      auto it = nodes_.find(std::make_pair(level, index));
      if (it != nodes_.end()) return it->second;
      it = older_nodes_.find(std::make_pair(level, index));
      if (it != older_nodes_.end()) return it->second;
    }
    const std::string key = TreeNodeKey(level, index);
    ASSIGN_OR_RETURN(std::optional<std::string> hash, store_->GetKey(chain_, key));
    if (!hash.has_value()) {
      return absl::DataLossError(
          absl::StrCat(hooks_.name, ": merkle tree node ", key, " is missing from the store"));
    }
    CacheNodes({{{level, index}, *hash}});
    return *std::move(hash);
  };
}

absl::StatusOr<std::vector<std::string>> ChainLog::Entries(uint64_t start, uint64_t end) const {
  std::vector<std::string> entries;
  RETURN_IF_ERROR(store_->ReadEntries(chain_, start, end, [&](uint64_t, absl::string_view bytes) {
    entries.emplace_back(bytes);
    return absl::OkStatus();
  }));
  return entries;
}

absl::Status ChainLog::stopped() const {
  absl::MutexLock lock(&tree_mu_);
  return stopped_;
}

void ChainLog::Damage(absl::Status why) {
  absl::MutexLock lock(&tree_mu_);
  if (stopped_.ok()) stopped_ = std::move(why);
}

void ChainLog::OweReplay(absl::Status why) {
  absl::MutexLock lock(&tree_mu_);
  replay_owed_ = std::move(why);
}

}  // namespace gongxin::chainlog
