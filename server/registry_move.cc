// Registry::MoveOut and the take-up of archives written by another gongxind
// on a shared store (registry.h). Kept apart from registry.cc: a move is an
// archive's business, not a meeting's.
#include <sstream>
#include <utility>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "crypto/encoding.h"
#include "crypto/key_file.h"
#include "ledger/export.h"
#include "server/log.h"
#include "server/meeting_secrets.h"
#include "server/registry.h"
#include "util/status_macros.h"

namespace gongxin::server {
namespace {

// The write-once key the marker batch creates on the meeting's own chain,
// followed by the marker's place on the archive chain (a later attempt,
// after a marker whose file was lost, makes another): it makes the batch
// conditional on that chain's size (a key-only linked batch appends
// nothing), and says, while the chain still exists, where the meeting went.
// The meeting's own keys all have other prefixes.
constexpr absl::string_view kMovedOutKeyPrefix = "moved-out/";

// An export holds the openings of named forms: readable by its owner only.
constexpr mode_t kMovedExportMode = 0600;

}  // namespace

absl::StatusOr<v1::MoveOutResponse> Registry::MoveOut(absl::string_view meeting_id,
                                                      const std::string& actor) {
  if (archive_dir_.empty()) {
    return absl::FailedPreconditionError(
        "gongxind was started without --archive-dir: there is no directory to move a meeting "
        "out to (on etcd, one every replica reads: docs/operations.md \"Moving a meeting "
        "out\"); nothing was changed");
  }
  if (const ArchivedMeeting* a = FindArchive(meeting_id)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "meeting_id: meeting ", a->id(),
        a->moved() ? absl::StrCat(" was moved out already, into ", a->file_path())
                   : std::string(" is an archive imported from a room, not a live meeting"),
        "; nothing was changed"));
  }
  ASSIGN_OR_RETURN(Meeting * m, Find(meeting_id));
  const std::string id = m->id();
  auto precondition = [&](const v1::MeetingInfo& info) -> absl::Status {
    if (info.status() != v1::MEETING_STATUS_PUBLISHED) {
      return absl::FailedPreconditionError(absl::StrCat(
          "meeting_id: meeting ", id, " is ", v1::MeetingStatus_Name(info.status()),
          "; only a PUBLISHED meeting is moved out of the store (its count is final); nothing "
          "was changed"));
    }
    if (!m->damage().ok()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "meeting_id: meeting ", id, " did not replay (", m->damage().message(),
          "); its record stays in the store as evidence; nothing was changed"));
    }
    return absl::OkStatus();
  };
  RETURN_IF_ERROR(precondition(m->Info(/*with_spec=*/false)));
  // One registry-level change at a time (creations, imports, purges, moves).
  absl::MutexLock one_change(&create_mu_);
  if (const ArchivedMeeting* a = FindArchive(id); a != nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("meeting_id: meeting ", id, " was moved out already, into ",
                     a->file_path(), "; nothing was changed"));
  }
  // No write of this process runs from here on, so the export is final
  // here; the marker's condition below covers the other replicas.
  ASSIGN_OR_RETURN(Meeting::FinalHead last, m->Retire());
  // Anything that fails before the marker is durable puts the meeting back
  // as it was (writable again); the file, if written, is only a stray copy.
  absl::Cleanup reinstate = [this, &id] { Reinstate(id); };
  RETURN_IF_ERROR(precondition(m->Info(/*with_spec=*/false)));

  // The same bytes `gongxin audit export ID --out F` writes.
  std::ostringstream out;
  {
    ledger::ExportWriter writer(&out);
    RETURN_IF_ERROR(m->Export([&](const v1::ExportRecord& r) { return writer.Write(r); },
                              /*with_openings=*/true));
  }
  const std::string exported = std::move(out).str();
  const std::string name = MovedExportFileName(id);
  const std::string path = absl::StrCat(archive_dir_, "/", name);
  // Synced, then renamed into place, then the directory synced.
  if (absl::Status s = crypto::WriteFileAtomically(path, exported, kMovedExportMode); !s.ok()) {
    return absl::Status(s.code(), absl::StrCat("meeting ", id, ": writing its export to ", path,
                                               " failed: ", s.message(),
                                               "; the meeting stays in the store"));
  }
  // What is verified is what the disk gives back, not what was meant.
  absl::StatusOr<std::string> on_disk = crypto::ReadFile(path);
  if (!on_disk.ok()) {
    return absl::Status(on_disk.status().code(),
                        absl::StrCat("meeting ", id, ": reading back ", path, ": ",
                                     on_disk.status().message(), "; the meeting stays in the store"));
  }
  v1::ArchiveInfo info;
  info.set_imported_at(absl::ToUnixSeconds(absl::Now()));
  info.set_imported_by(actor);
  info.set_moved_file(name);
  absl::StatusOr<std::unique_ptr<ArchivedMeeting>> verified =
      ArchivedMeeting::VerifyMoved(*on_disk, key_.public_key(), std::move(info), path);
  if (!verified.ok()) {
    return absl::DataLossError(absl::StrCat("meeting ", id, ": the export written to ", path,
                                            " does not verify with this server's key: ",
                                            verified.status().message(),
                                            "; the meeting stays in the store"));
  }
  std::unique_ptr<ArchivedMeeting> archive = *std::move(verified);
  if (*on_disk != exported || archive->head().size() != last.head.size() ||
      archive->head().head_hash() != last.head.head_hash()) {
    return absl::DataLossError(absl::StrCat("meeting ", id, ": ", path,
                                            " does not hold the export just written (its head "
                                            "differs); the meeting stays in the store"));
  }

  // The marker, conditional on the meeting's chain holding exactly the
  // exported entries: another replica's write since makes it ABORTED.
  ASSIGN_OR_RETURN(uint64_t stored, store_->Size(ArchiveChain(id)));
  storage::AppendBatch marker = archive->MarkerAt(stored);
  storage::AppendBatch on_meeting;
  on_meeting.chain = id;
  on_meeting.expected_size = last.head.size();
  on_meeting.create_keys.emplace_back(absl::StrCat(kMovedOutKeyPrefix, stored), name);
  marker.linked.push_back(std::move(on_meeting));
  if (absl::Status s = store_->Append(marker); !s.ok()) {
    if (absl::IsAborted(s)) {
      return absl::AbortedError(absl::StrCat(
          "meeting ", id, " was written to during the move (another replica?): nothing was "
          "changed; run the move again"));
    }
    // After a write failure whose outcome is unknown the store is read-only
    // until restart, and Open finishes the move if the marker landed.
    return absl::Status(s.code(), absl::StrCat("meeting ", id, ": recording the move failed: ",
                                               s.message(), "; the meeting stays in the store"));
  }
  // The move stands from here: the meeting is served from the file.
  std::move(reinstate).Cancel();
  const ArchivedMeeting* served = archive.get();
  {
    absl::MutexLock lock(&mu_);
    if (auto it = meetings_.find(id); it != meetings_.end()) {
      purged_.push_back(std::move(it->second));
      meetings_.erase(it);
    }
    // A lookup may have taken the move up already (TakeUpArchive): the
    // object it handed out is kept alive.
    auto [it, inserted] = archives_.emplace(id, nullptr);
    if (!inserted) retired_archives_.push_back(std::move(it->second));
    it->second = std::move(archive);
  }
  v1::MoveOutResponse response;
  response.set_meeting_id(id);
  response.set_file(name);
  response.set_export_sha256(served->archive().export_sha256());
  response.set_export_bytes(served->archive().export_bytes());
  *response.mutable_meeting() = served->Info(/*with_spec=*/false);
  // Should this fail, the marker stands and the next start finishes it.
  if (absl::Status erased = Erase(id); !erased.ok()) {
    LogError("meeting ", id, ": moved out into ", path,
             " but erasing its chain failed: ", erased.message(), "; a restart finishes it");
    return erased;
  }
  LogInfo("meeting ", id, " moved out by ", actor, " into ", path, " (", exported.size(),
          " bytes, SHA-256 ", crypto::HexEncode(served->archive().export_sha256()), ")");
  return response;
}

void Registry::Reinstate(const std::string& id) {
  std::unique_ptr<Meeting> fresh =
      Meeting::Load(store_.get(), &key_, id, MeetingSecretsPath(data_dir_, id), urn_options_);
  absl::MutexLock lock(&mu_);
  auto it = meetings_.find(id);
  if (it == meetings_.end()) return;
  purged_.push_back(std::move(it->second));
  it->second = std::move(fresh);
}

const ArchivedMeeting* Registry::TakeUpArchive(absl::string_view meeting_id) const {
  const std::string chain = ArchiveChain(meeting_id);
  // The head record is written last (import) or with the only entry (a
  // move): without it there is nothing to serve yet.
  absl::StatusOr<std::optional<std::string>> head = store_->HeadRecord(chain);
  if (!head.ok() || !head->has_value()) return nullptr;
  {
    absl::MutexLock lock(&mu_);
    if (auto it = archives_.find(meeting_id); it != archives_.end()) return it->second.get();
  }
  absl::StatusOr<std::unique_ptr<ArchivedMeeting>> loaded =
      ArchivedMeeting::Load(store_.get(), meeting_id, archive_dir_);
  if (!loaded.ok()) {
    // Not served (a live meeting, if its chain is still there, is).
    LogError(loaded.status().message());
    return nullptr;
  }
  const std::string id(meeting_id);
  absl::MutexLock lock(&mu_);
  auto [it, inserted] = archives_.emplace(id, *std::move(loaded));
  if (inserted && it->second->moved()) {
    // Pointers handed out stay valid: the object is kept, not freed.
    if (auto live = meetings_.find(id); live != meetings_.end()) {
      purged_.push_back(std::move(live->second));
      meetings_.erase(live);
    }
    LogInfo("meeting ", id, " was moved out by another gongxind into ",
            it->second->file_path(), "; served from there");
  } else if (inserted) {
    LogInfo("archived meeting ", id, " taken up from the shared store");
  }
  return it->second.get();
}

void Registry::TakeUpArchives(const std::vector<std::string>& chains) const {
  for (const std::string& chain : chains) {
    std::optional<std::string> id = ArchivedMeetingId(chain);
    if (!id.has_value()) continue;
    {
      absl::MutexLock lock(&mu_);
      if (archives_.contains(*id)) continue;
    }
    TakeUpArchive(*id);
  }
}

}  // namespace gongxin::server
