// The ledger store: append-only chains of opaque entry bytes, write-once
// index keys, and one replaceable head record per chain.
//
// Storage knows nothing about what an entry means; the layer above hashes,
// signs and parses. Every write is one ATOMIC CONDITIONAL BATCH so that a
// clustered backend (e.g. an etcd transaction comparing revisions and key
// existence) can implement the same call as the embedded RocksDB one. Nothing
// above this interface may assume it is the only writer: a writer that loses
// the race gets ABORTED, re-reads, and retries.
#ifndef GONGXIN_STORAGE_STORE_H_
#define GONGXIN_STORAGE_STORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gongxin::storage {

// One conditional write to one chain. Applied entirely or not at all.
struct AppendBatch {
  // Chain id: [A-Za-z0-9_-]{1,64}.
  std::string chain;
  // Condition: the chain still holds exactly this many entries.
  uint64_t expected_size = 0;
  // Appended at seq expected_size, expected_size+1, ... Exact bytes, never
  // re-encoded.
  std::vector<std::string> entries;
  // Write-once keys in the chain's index namespace (e.g. "voter V voted on
  // form F", "token T is spent"). The batch fails with ALREADY_EXISTS if any
  // key exists, or if the same key appears twice in this batch.
  std::vector<std::pair<std::string, std::string>> create_keys;
  // Replaces the chain's head record (the server's signed head) when set.
  std::optional<std::string> head_record;
  // Conditional appends to OTHER chains that land in the same atomic write,
  // each with its own expected_size and create_keys (e.g. a new meeting's
  // genesis and its leaf in the registry log: neither exists without the
  // other). One level only: a linked batch has no `linked` of its own, and
  // every chain appears once.
  std::vector<AppendBatch> linked;
};

// Store is thread-safe: any method may be called from any thread at any time.
// Reads never wait for an Append's disk sync. There is deliberately no way to
// modify or delete an entry or a created key — with one narrow, named
// exception, PurgeChain, which erases a whole chain at once.
//
// Every method taking a chain id returns INVALID_ARGUMENT for a malformed one.
class Store {
 public:
  virtual ~Store() = default;

  // Applies the whole batch atomically and durably (the write-ahead log is
  // synced before this returns OK), or not at all. Checks, in this order:
  //   INVALID_ARGUMENT    bad chain id, or an empty batch (no entries, no
  //                       keys, no head record, no linked batches), or a
  //                       malformed `linked`. A batch of only linked
  //                       batches is a condition: its chain still holds
  //                       expected_size entries.
  //   ALREADY_EXISTS      a key appears twice in create_keys (names the key).
  //   FAILED_PRECONDITION an earlier write failed (see below).
  //   ABORTED             Size(chain) != expected_size: another writer won;
  //                       re-read and retry.
  //   ALREADY_EXISTS      a create key already exists (names the key, escaped).
  //   RESOURCE_EXHAUSTED  the disk is too full to take the batch: a backend
  //                       with a free-space reserve (the RocksDB store) says
  //                       how much is free and how much is needed. Nothing
  //                       was written and the store stays writable: the same
  //                       batch succeeds once space is freed.
  // Every refusal above is decided before anything is written: the batch is
  // certainly not on disk, and later Appends are unaffected.
  //
  // A failure of the write or sync itself is reported once, as UNAVAILABLE
  // (or DATA_LOSS if the backend found corruption) with the backend's
  // message, e.g. "No space left on device" when the disk filled up under
  // the backend despite the reserve; never as RESOURCE_EXHAUSTED. From then
  // on every Append returns FAILED_PRECONDITION "store is read-only after an
  // earlier write failure: <first error>", because whether that batch reached
  // the disk is unknown (LevelDB's DBImpl::Write does the same). Reads keep
  // working. Reopening the store is the way out.
  // WriteOutcomeUnknown tells the two kinds of failure apart: every refusal
  // listed above changed nothing.
  virtual absl::Status Append(const AppendBatch& batch) = 0;

  // Number of entries in the chain; 0 for an unknown chain.
  virtual absl::StatusOr<uint64_t> Size(absl::string_view chain) = 0;

  // Calls visit(seq, bytes) for every seq in [from, to), in order, from one
  // consistent view. `bytes` is valid only during the call. Stops at the
  // first non-OK status from visit and returns it. INVALID_ARGUMENT if
  // from > to; OUT_OF_RANGE if to > Size(chain); DATA_LOSS if an entry below
  // Size(chain) is missing from the disk. visit may call back into the store.
  virtual absl::Status ReadEntries(
      absl::string_view chain, uint64_t from, uint64_t to,
      const std::function<absl::Status(uint64_t seq, absl::string_view bytes)>&
          visit) = 0;

  // The bytes of entry `seq`. NOT_FOUND if seq >= Size(chain); DATA_LOSS if
  // it should exist but is missing from the disk.
  virtual absl::StatusOr<std::string> ReadEntry(absl::string_view chain,
                                                uint64_t seq) = 0;

  // The value of an index key of the chain, or nullopt if it was never created.
  virtual absl::StatusOr<std::optional<std::string>> GetKey(
      absl::string_view chain, absl::string_view key) = 0;

  // Calls visit(key, value) for every index key of the chain that starts
  // with `prefix` (empty: all), in bytewise key order, from one consistent
  // view. Both views are valid only during the call. Stops at the first
  // non-OK status from visit and returns it.
  virtual absl::Status ScanKeys(
      absl::string_view chain, absl::string_view prefix,
      const std::function<absl::Status(absl::string_view key,
                                       absl::string_view value)>& visit) = 0;

  // The chain's head record, or nullopt if none was ever written.
  virtual absl::StatusOr<std::optional<std::string>> HeadRecord(
      absl::string_view chain) = 0;

  // Ids of the chains holding at least one entry, sorted bytewise.
  virtual absl::StatusOr<std::vector<std::string>> ListChains() = 0;

  // PurgeChain erases the whole chain — every entry, every index key, the
  // head record — so that it reads as never written (Size 0, absent from
  // ListChains) and, for a backend on disk, so that no live file of the
  // store holds any of its bytes once this returns OK: they are neither in
  // a table file nor in a write-ahead log the store would replay (the
  // RocksDB store flushes, compacts the chain's key range to the last level
  // and lets the obsolete files and logs go; see docs/threat-model.md for
  // what a file system may still keep). It exists for three purposes: a
  // trial vote (试投票) that voters practised on — the layer above records
  // the purge in the registry log first, so the ledger's append-only
  // promise is kept at the level an auditor checks; a published meeting
  // moved out into a verified export file (server/registry.h, MoveOut),
  // whose registry leaf stays and whose record is served from the file,
  // recorded by a marker in the store first; and the chains that are never
  // part of the record and must not outlive a meeting's close: its urn and
  // sealed secrets on a store shared by several gongxind
  // (server/meeting_secrets.h). Never use it for anything else.
  //   INVALID_ARGUMENT    bad chain id.
  //   FAILED_PRECONDITION an earlier write failed (as for Append).
  // OK for a chain that holds nothing (a purge repeated after a crash).
  // The caller makes sure no Append to the chain runs concurrently or
  // later; the store serialises it with Appends to the same chain.
  virtual absl::Status PurgeChain(absl::string_view chain) = 0;

  // Whether other processes may append to this store's chains at the same
  // time (several gongxind on one etcd cluster): the layers above then
  // check a chain's size before they act on what they last read of it. An
  // embedded store has one writer, its process.
  virtual bool MayHaveOtherWriters() const { return false; }

  // OK while the store takes writes; after a write or sync failed (see
  // Append), the FAILED_PRECONDITION every later Append returns, until the
  // store is reopened. A store that never turns read-only says OK. For
  // health checks: only a restart clears it.
  virtual absl::Status WriteFailure() const { return absl::OkStatus(); }
};

// WriteOutcomeUnknown returns whether a failed Append may have reached the
// disk: true for a write or sync failure (the store is read-only from then
// on), false for every refusal the store makes before writing (a bad batch,
// a stale size, an existing key, a full disk found by a free-space check, a
// store already read-only), each of which leaves the store as it was. The
// layer above may retry after the latter; after the former it can only stop
// writing until the store is reopened and re-read.
bool WriteOutcomeUnknown(const absl::Status& append_status);

// MarkWriteOutcomeUnknown returns `status` (not OK) marked so that
// WriteOutcomeUnknown is true of it: for Store implementations, at the one
// place where a write or sync failed.
absl::Status MarkWriteOutcomeUnknown(absl::Status status);

}  // namespace gongxin::storage

#endif  // GONGXIN_STORAGE_STORE_H_
