#include "storage/rocksdb_store.h"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/options.h"
#include "rocksdb/write_batch.h"
#include "storage/rocksdb_chain_sizes.h"
#include "storage/rocksdb_db.h"
#include "storage/rocksdb_layout.h"
#include "storage/rocksdb_status.h"
#include "storage/store_checks.h"
#include "storage/write_failure_latch.h"
#include "util/status_macros.h"

namespace gongxin::storage {
namespace {

absl::Status MissingEntryError(absl::string_view chain, uint64_t seq) {
  return absl::DataLossError(
      absl::StrCat("chain ", chain, ": entry ", seq,
                   " is below the chain size but missing"));
}

class RocksDbStore final : public Store {
 public:
  RocksDbStore(std::unique_ptr<LedgerDb> ledger,
               const RocksDbStoreOptions& options, FreeSpaceGuard free_space,
               const absl::flat_hash_map<std::string, uint64_t>& sizes)
      : ledger_(std::move(ledger)), free_space_(std::move(free_space)) {
    write_options_.sync = options.sync;
    absl::MutexLock lock(&mu_);
    for (const auto& [chain, size] : sizes) chains_[chain].size = size;
  }

  absl::Status Append(const AppendBatch& batch) override {
    RETURN_IF_ERROR(ValidateBatch(batch));
    std::vector<const AppendBatch*> parts = {&batch};
    for (const AppendBatch& linked : batch.linked) parts.push_back(&linked);
    // Writer locks in chain-id order, so two multi-chain writers never wait
    // on each other in a cycle.
    std::vector<const AppendBatch*> lock_order = parts;
    std::sort(lock_order.begin(), lock_order.end(),
              [](const AppendBatch* a, const AppendBatch* b) { return a->chain < b->chain; });
    std::vector<std::unique_ptr<absl::MutexLock>> writers;
    for (const AppendBatch* part : lock_order) {
      writers.push_back(std::make_unique<absl::MutexLock>(WriterFor(part->chain)));
    }
    // Checked under the writer lock, so a writer that waited behind a failed
    // one sees the failure.
    RETURN_IF_ERROR(write_failure_.Check());
    rocksdb::WriteBatch write;
    std::vector<uint64_t> sizes;
    for (const AppendBatch* part : parts) {
      const std::string& chain = part->chain;
      const uint64_t size = CachedSize(chain);
      if (size != part->expected_size) {
        return StaleSizeError(chain, part->expected_size, size);
      }
      // No other writer can create this chain's keys while we hold its lock,
      // so absent now means absent when the batch lands.
      for (const auto& [key, value] : part->create_keys) {
        ASSIGN_OR_RETURN(std::optional<std::string> existing,
                         Get(ledger_->index(), layout::IndexKey(chain, key)));
        if (existing.has_value()) return KeyExistsError(chain, key);
      }
      RETURN_IF_ERROR(BuildBatch(*part, &write));
      sizes.push_back(size + part->entries.size());
    }
    // Refused before RocksDB sees the batch: nothing is written, so the
    // store stays writable and takes the next write once space is freed.
    RETURN_IF_ERROR(free_space_.Check(write.GetDataSize()));
    const rocksdb::Status written =
        ledger_->db()->Write(write_options_, &write);
    if (!written.ok()) {
      absl::Status error =
          FromRocksDb(written, absl::StrCat("append to chain ", batch.chain));
      // RESOURCE_EXHAUSTED promises that nothing was written; a disk that
      // filled up under RocksDB leaves the outcome unknown.
      if (absl::IsResourceExhausted(error)) {
        error = absl::UnavailableError(error.message());
      }
      return write_failure_.Trip(error);
    }
    for (size_t i = 0; i < parts.size(); ++i) SetCachedSize(parts[i]->chain, sizes[i]);
    return absl::OkStatus();
  }

  absl::StatusOr<uint64_t> Size(absl::string_view chain) override {
    RETURN_IF_ERROR(ValidateChainId(chain));
    return CachedSize(chain);
  }

  absl::Status ReadEntries(
      absl::string_view chain, uint64_t from, uint64_t to,
      const std::function<absl::Status(uint64_t, absl::string_view)>& visit)
      override {
    RETURN_IF_ERROR(ValidateChainId(chain));
    // Size first, iterator second: the iterator's implicit snapshot is then
    // newer than every entry below `size`.
    RETURN_IF_ERROR(CheckReadRange(chain, from, to, CachedSize(chain)));
    if (from == to) return absl::OkStatus();
    const std::string end_key = layout::EntryKey(chain, to);
    const rocksdb::Slice upper_bound(end_key);
    rocksdb::ReadOptions read_options;
    read_options.iterate_upper_bound = &upper_bound;
    std::unique_ptr<rocksdb::Iterator> it(
        ledger_->db()->NewIterator(read_options, ledger_->entries()));
    uint64_t seq = from;
    for (it->Seek(layout::EntryKey(chain, from)); it->Valid() && seq < to;
         it->Next(), ++seq) {
      if (ToView(it->key()) != layout::EntryKey(chain, seq)) break;  // a gap
      RETURN_IF_ERROR(visit(seq, ToView(it->value())));
    }
    RETURN_IF_ERROR(
        FromRocksDb(it->status(), absl::StrCat("read chain ", chain)));
    if (seq < to) return MissingEntryError(chain, seq);
    return absl::OkStatus();
  }

  absl::StatusOr<std::string> ReadEntry(absl::string_view chain,
                                        uint64_t seq) override {
    RETURN_IF_ERROR(ValidateChainId(chain));
    if (seq >= CachedSize(chain)) {
      return absl::NotFoundError(
          absl::StrCat("chain ", chain, " has no entry ", seq));
    }
    ASSIGN_OR_RETURN(std::optional<std::string> bytes,
                     Get(ledger_->entries(), layout::EntryKey(chain, seq)));
    if (!bytes.has_value()) return MissingEntryError(chain, seq);
    return *std::move(bytes);
  }

  absl::StatusOr<std::optional<std::string>> GetKey(
      absl::string_view chain, absl::string_view key) override {
    RETURN_IF_ERROR(ValidateChainId(chain));
    return Get(ledger_->index(), layout::IndexKey(chain, key));
  }

  absl::Status ScanKeys(
      absl::string_view chain, absl::string_view prefix,
      const std::function<absl::Status(absl::string_view, absl::string_view)>&
          visit) override {
    RETURN_IF_ERROR(ValidateChainId(chain));
    const size_t chain_prefix_size = layout::ChainPrefix(chain).size();
    const std::string start = layout::IndexKey(chain, prefix);
    std::unique_ptr<rocksdb::Iterator> it(
        ledger_->db()->NewIterator(rocksdb::ReadOptions(), ledger_->index()));
    for (it->Seek(start);
         it->Valid() && absl::StartsWith(ToView(it->key()), start);
         it->Next()) {
      RETURN_IF_ERROR(visit(ToView(it->key()).substr(chain_prefix_size),
                            ToView(it->value())));
    }
    return FromRocksDb(it->status(),
                       absl::StrCat("scan keys of chain ", chain));
  }

  absl::StatusOr<std::optional<std::string>> HeadRecord(
      absl::string_view chain) override {
    RETURN_IF_ERROR(ValidateChainId(chain));
    return Get(ledger_->heads(), chain);
  }

  absl::Status WriteFailure() const override { return write_failure_.Check(); }

  absl::Status PurgeChain(absl::string_view chain_view) override {
    RETURN_IF_ERROR(ValidateChainId(chain_view));
    const std::string chain(chain_view);
    absl::MutexLock writer(WriterFor(chain));
    RETURN_IF_ERROR(write_failure_.Check());
    // Every key of the chain in entries and index starts with chain + '\0';
    // chain + '\1' is the first key past them all.
    const std::string begin = layout::ChainPrefix(chain);
    std::string end = begin;
    end.back() = '\1';
    rocksdb::WriteBatch erase;
    for (rocksdb::ColumnFamilyHandle* family : {ledger_->entries(), ledger_->index()}) {
      RETURN_IF_ERROR(FromRocksDb(erase.DeleteRange(family, begin, end), "build purge"));
    }
    RETURN_IF_ERROR(FromRocksDb(erase.Delete(ledger_->heads(), chain), "build purge"));
    RETURN_IF_ERROR(FromRocksDb(erase.Delete(ledger_->meta(), chain), "build purge"));
    const rocksdb::Status written = ledger_->db()->Write(write_options_, &erase);
    if (!written.ok()) {
      return write_failure_.Trip(FromRocksDb(written, absl::StrCat("purge chain ", chain)));
    }
    SetCachedSize(chain, 0);
    // The chain now reads as empty, but its bytes are still in the memtables'
    // write-ahead log and in table files. Flushing every column family makes
    // the logs written so far obsolete (RocksDB deletes a log once no
    // family's memtable needs it, and keeps no archive: WAL_ttl_seconds and
    // WAL_size_limit_MB are 0); compacting the chain's range down to the
    // last level, forced, rewrites every table file that held its keys
    // without them, and the old files are deleted as obsolete.
    rocksdb::FlushOptions flush;
    flush.wait = true;
    flush.allow_write_stall = true;
    const std::vector<rocksdb::ColumnFamilyHandle*> families = {
        ledger_->db()->DefaultColumnFamily(), ledger_->entries(), ledger_->index(),
        ledger_->heads(), ledger_->meta()};
    RETURN_IF_ERROR(FromRocksDb(ledger_->db()->Flush(flush, families),
                                absl::StrCat("purge chain ", chain, ": flush")));
    rocksdb::CompactRangeOptions compact;
    compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
    const rocksdb::Slice from(begin), to(end), head_key(chain);
    for (rocksdb::ColumnFamilyHandle* family : {ledger_->entries(), ledger_->index()}) {
      RETURN_IF_ERROR(FromRocksDb(ledger_->db()->CompactRange(compact, family, &from, &to),
                                  absl::StrCat("purge chain ", chain, ": compact")));
    }
    // heads and meta are keyed by the bare chain id: compact them whole
    // (one small record per chain).
    for (rocksdb::ColumnFamilyHandle* family : {ledger_->heads(), ledger_->meta()}) {
      RETURN_IF_ERROR(FromRocksDb(ledger_->db()->CompactRange(compact, family, nullptr, nullptr),
                                  absl::StrCat("purge chain ", chain, ": compact")));
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::vector<std::string>> ListChains() override {
    std::vector<std::string> ids;
    {
      absl::MutexLock lock(&mu_);
      for (const auto& [id, state] : chains_) {
        if (state.size > 0) ids.push_back(id);
      }
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }

 private:
  struct ChainState {
    // Held for a whole Append to this chain, across the synced write: one
    // writer per chain keeps seq order and makes the condition checks hold
    // until the batch lands. On the heap so its address survives rehashing.
    std::unique_ptr<absl::Mutex> writer = std::make_unique<absl::Mutex>();
    // Entries durably written; changed only by the holder of `writer`.
    uint64_t size = 0;
  };

  // The chain's writer lock, adding the chain if new. The pointer stays valid
  // for the store's lifetime: chains are never removed. (A refused Append to
  // a new chain leaves a size-0 entry behind; ListChains skips those.)
  absl::Mutex* WriterFor(const std::string& chain) ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    return chains_[chain].writer.get();
  }

  uint64_t CachedSize(absl::string_view chain) ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    auto it = chains_.find(chain);
    return it == chains_.end() ? 0 : it->second.size;
  }

  void SetCachedSize(const std::string& chain, uint64_t size)
      ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    chains_[chain].size = size;
  }

  // Every row of the batch, plus the new size in meta, in one WriteBatch:
  // RocksDB applies a WriteBatch atomically, WAL record included.
  absl::Status BuildBatch(const AppendBatch& batch,
                          rocksdb::WriteBatch* write) const {
    const std::string& chain = batch.chain;
    uint64_t seq = batch.expected_size;
    for (const std::string& entry : batch.entries) {
      RETURN_IF_ERROR(FromRocksDb(
          write->Put(ledger_->entries(), layout::EntryKey(chain, seq++), entry),
          "build batch"));
    }
    for (const auto& [key, value] : batch.create_keys) {
      RETURN_IF_ERROR(FromRocksDb(
          write->Put(ledger_->index(), layout::IndexKey(chain, key), value),
          "build batch"));
    }
    if (batch.head_record.has_value()) {
      RETURN_IF_ERROR(
          FromRocksDb(write->Put(ledger_->heads(), chain, *batch.head_record),
                      "build batch"));
    }
    if (!batch.entries.empty()) {
      RETURN_IF_ERROR(FromRocksDb(
          write->Put(ledger_->meta(), chain, layout::EncodeUint64(seq)),
          "build batch"));
    }
    return absl::OkStatus();
  }

  // The value at `key`, or nullopt if RocksDB has none.
  absl::StatusOr<std::optional<std::string>> Get(
      rocksdb::ColumnFamilyHandle* family, absl::string_view key) const {
    std::string value;
    const rocksdb::Status s = ledger_->db()->Get(rocksdb::ReadOptions(), family,
                                                 ToSlice(key), &value);
    if (s.IsNotFound()) return std::nullopt;
    RETURN_IF_ERROR(FromRocksDb(s, absl::StrCat("read ", family->GetName())));
    return value;
  }

  const std::unique_ptr<LedgerDb> ledger_;
  const FreeSpaceGuard free_space_;
  rocksdb::WriteOptions write_options_;
  WriteFailureLatch write_failure_;
  // Guards chains_: which chains exist and their sizes. Held only for map
  // lookups, never across I/O, so readers never wait for a writer's sync.
  // Lock order: a chain's writer lock, then mu_.
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, ChainState> chains_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

absl::StatusOr<std::unique_ptr<Store>> OpenRocksDbStore(
    const std::string& dir, const RocksDbStoreOptions& options) {
  LedgerDb::OpenOptions open_options;
  open_options.env = options.env;
  open_options.log = options.log;
  ASSIGN_OR_RETURN(std::unique_ptr<LedgerDb> ledger,
                   LedgerDb::Open(dir, open_options));
  ASSIGN_OR_RETURN(auto sizes, LoadChainSizes(*ledger));
  FreeSpaceGuard free_space(dir, options.min_free_bytes, options.free_space);
  // A file system whose free space cannot be measured would refuse every
  // write: say so at start, not at the first ballot.
  if (free_space.reserve() > 0) {
    absl::StatusOr<uint64_t> free = free_space.FreeBytes();
    if (!free.ok()) {
      return absl::UnavailableError(absl::StrCat(
          "open ledger store at ", dir, ": ", free.status().message(),
          " (a free-space reserve of 0 turns the check off)"));
    }
  }
  return std::unique_ptr<Store>(std::make_unique<RocksDbStore>(
      std::move(ledger), options, std::move(free_space), sizes));
}

}  // namespace gongxin::storage
