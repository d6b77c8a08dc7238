// An archived meeting: a meeting room's record, imported into the
// organisation's central gongxind after the meeting (ArchiveService,
// docs/operations.md "After the meeting"). The room's laptop is wiped once
// the archive is confirmed, so the central copy is then the only one: it is
// kept as the exact bytes of the room's export, verified with the offline
// auditor's own verifier against the room server's key, and served
// read-only — its entries and signed head stay the room's, so an auditor
// checks an export fetched from here with the ROOM's key, as before.
//
// Storage: the export file's bytes in chunks of kArchiveChunkBytes, the
// entries of the store chain ArchiveChain(id) ("archive-<id>": the store's
// chain names allow no "/", and a meeting id is hex, so no meeting chain
// can take the name), and the v1::ArchiveInfo as the chain's head record,
// written by the last batch. A chain without its head record is an import
// that stopped half-way: it is not served, and the next import appends its
// chunks after the stray ones (ArchiveInfo.first_chunk). server/meeting.cc is untouched: an archive has no
// write path, so it needs none of a meeting's machinery.
//
// A meeting MOVED OUT (Registry::MoveOut: one of this server's own
// published meetings, taken out of etcd so that it holds live meetings only)
// is the same thing kept elsewhere: its export is a file under gongxind's
// --archive-dir, and the archive chain holds one marker entry and the
// ArchiveInfo (moved_file, export_sha256, export_bytes) as its head record.
// The file is read, hashed and verified when the archive is loaded, and
// read again (and hashed again) for each export.
#ifndef GONGXIN_SERVER_ARCHIVE_H_
#define GONGXIN_SERVER_ARCHIVE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "crypto/ed25519.h"
#include "gongxin/v1/ledger.pb.h"
#include "gongxin/v1/service.pb.h"
#include "storage/store.h"

namespace gongxin::server {

// One chunk of the export per store entry: small enough for a store batch
// and a gRPC message, large enough that a county's roll is a few entries.
inline constexpr size_t kArchiveChunkBytes = size_t{1} << 20;
// The import holds the export in memory while it verifies it.
inline constexpr uint64_t kMaxArchiveBytes = uint64_t{1} << 30;
// Chunks per store batch: one, so that a batch stays within one etcd
// transaction (1.5 MiB by default; storage/etcd_store.h) — eight, as before,
// made an archive over 1.5 MiB impossible to import on etcd.
inline constexpr size_t kArchiveChunksPerBatch = 1;

// The store chain of meeting `meeting_id`'s archive.
std::string ArchiveChain(absl::string_view meeting_id);
// The meeting id of an archive chain; nullopt for any other chain.
std::optional<std::string> ArchivedMeetingId(absl::string_view chain);

// ArchivedMeeting is immutable once made, so it is thread-safe.
class ArchivedMeeting {
 public:
  // Verify checks an uploaded export with verifier::VerifyExport against
  // `room_key` and returns the meeting it holds (nothing is stored).
  // INVALID_ARGUMENT "export: ..." naming the first failure, or refusing a
  // public export (the archive must keep the openings: after the wipe it
  // is the only copy of who chose what on a named form);
  // FAILED_PRECONDITION for a meeting that is not PUBLISHED.
  // `info` gives who imports it and when; the key and digests are set here.
  static absl::StatusOr<std::unique_ptr<ArchivedMeeting>> Verify(
      absl::string_view export_bytes, const crypto::Ed25519PublicKey& room_key,
      v1::ArchiveInfo info);

  // Load reads the archive of `meeting_id` back from `store` and verifies it
  // again, as at import: the bytes must hash to the recorded export_sha256.
  // NOT_FOUND if the chain has no head record (an import that stopped).
  // A moved meeting's bytes are read from `archive_dir`/moved_file:
  // FAILED_PRECONDITION without an archive_dir, DATA_LOSS naming the file
  // when it is missing, unreadable, or does not hash to the marker.
  static absl::StatusOr<std::unique_ptr<ArchivedMeeting>> Load(
      storage::Store* store, absl::string_view meeting_id, const std::string& archive_dir = "");

  // VerifyMoved is Verify for this server's own meeting, whose export is
  // the file `path` (already written and synced), holding `export_bytes`:
  // checked against the server's own key, served from the file.
  static absl::StatusOr<std::unique_ptr<ArchivedMeeting>> VerifyMoved(
      absl::string_view export_bytes, const crypto::Ed25519PublicKey& own_key,
      v1::ArchiveInfo info, std::string path);
  // The marker batch of a moved meeting: one entry on the archive chain at
  // `stored` (so that the chain is listed) and the ArchiveInfo as its head
  // record. Call once, before the archive is shared.
  storage::AppendBatch MarkerAt(uint64_t stored);

  // PlaceAt records that the export's chunks start at entry `stored` of the
  // archive's chain (after any left by an import that stopped) and returns
  // the batches that store `export_bytes` (those Verify checked), in order;
  // the last one writes the head record and is the one to link the
  // registry leaf to. Call once, before the archive is shared.
  std::vector<storage::AppendBatch> PlaceAt(uint64_t stored, absl::string_view export_bytes);

  const std::string& id() const { return id_; }
  // Whether this is a meeting of this server moved out into a file, and
  // that file's path (empty otherwise).
  bool moved() const { return !file_path_.empty(); }
  const std::string& file_path() const { return file_path_; }
  const v1::ArchiveInfo& archive() const { return archive_; }
  // ledger::EntryHash of entry 0 and its created_at: the registry leaf.
  const std::string& genesis_hash() const { return genesis_hash_; }
  int64_t created_at() const { return created_at_; }
  // The room's signed head, as exported.
  const v1::SignedHead& head() const { return head_; }
  // Whether `other` holds the same record: same room key, same signed head.
  bool SameRecord(const ArchivedMeeting& other) const;
  // ExtendedBy checks that `later` (verified, with export bytes
  // `later_bytes`) is a later record of this meeting from the same room:
  // the same room key, more entries, and this record's last entry at the
  // same place in it — so it only appends what the room recorded since
  // (documents, the 任前公示 and its outcomes, opinions). ALREADY_EXISTS
  // saying how it differs otherwise ("another record": another room key,
  // no more entries, or a history that forks from this one).
  absl::Status ExtendedBy(const ArchivedMeeting& later, absl::string_view later_bytes) const;

  // As Meeting::Info, from the verified record; `archive` is set.
  v1::MeetingInfo Info(bool with_spec) const;
  // As Meeting::Result: the recorded count, its entry, the room's head.
  absl::StatusOr<v1::CountResponse> Result() const;
  // Emits the stored export's records; a public export leaves out the
  // openings and says so in its header (which nothing signs).
  absl::Status Export(storage::Store* store,
                      const std::function<absl::Status(const v1::ExportRecord&)>& emit,
                      bool with_openings) const;
  // Entry bytes [start, end) exactly as the room signed them, read by
  // scanning the stored export (LogEntryService.GetEntries, so `audit
  // registry` and `audit watch` find an archive's genesis). Requires
  // start <= end <= head().size().
  absl::StatusOr<std::vector<std::string>> Entries(storage::Store* store, uint64_t start,
                                                   uint64_t end) const;
  // FAILED_PRECONDITION for a write to an archived meeting.
  absl::Status ReadOnly() const;

 private:
  ArchivedMeeting() = default;

  std::string id_;
  v1::ArchiveInfo archive_;
  std::string genesis_hash_;
  int64_t created_at_ = 0;
  v1::SignedHead head_;
  v1::MeetingInfo info_;  // with spec
  std::optional<v1::CountResponse> result_;
  std::string file_path_;  // a moved meeting's export file
};

// The file name under --archive-dir of moved meeting `meeting_id`.
std::string MovedExportFileName(absl::string_view meeting_id);

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_ARCHIVE_H_
