#include "server/registry.h"

#include <algorithm>
#include <optional>
#include <tuple>
#include <variant>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "crypto/encoding.h"
#include "crypto/random.h"
#include "ledger/format.h"
#include "ledger/registry_leaf.h"
#include "server/log.h"
#include "server/meeting_secrets.h"
#include "server/urn.h"
#include "tally/follow_up.h"
#include "tally/round.h"
#include "tally/spec.h"
#include "util/status_macros.h"

namespace gongxin::server {

absl::StatusOr<std::unique_ptr<Registry>> Registry::Open(
    std::unique_ptr<storage::Store> store, crypto::Ed25519PrivateKey key, std::string data_dir,
    storage::RocksDbStoreOptions urn_options, std::string archive_dir,
    absl::Duration sweep_every) {
  std::unique_ptr<Registry> registry(new Registry(std::move(store), std::move(key),
                                                  std::move(data_dir), std::move(urn_options),
                                                  std::move(archive_dir)));
  if (registry->store_->MayHaveOtherWriters()) {
    const std::string path = ReplicaKeys::PathIn(registry->data_dir_);
    bool created = false;
    ASSIGN_OR_RETURN(registry->replica_keys_, ReplicaKeys::OpenOrCreate(path, &created));
    if (created) {
      LogInfo("made the replicas' key pool ", path, " (", registry->replica_keys_->pool_id(),
              "): copy it, with signing-key.pem, to every other gongxind on this store "
              "before it starts");
    }
  }
  ASSIGN_OR_RETURN(std::vector<std::string> chains, registry->store_->ListChains());
  // The registry log first: a trial whose purge it records but whose chain
  // is still here (the server stopped mid-purge) is erased, never loaded.
  registry->log_ = RegistryLog::Open(registry->store_.get());
  size_t loaded = 0;
  size_t archived = 0;
  {
    absl::MutexLock lock(&registry->mu_);
    for (const std::string& id : chains) {
      if (id == ledger::kRegistryChain) continue;
      // A shared store's urns and sealed secrets belong to their meetings.
      if (IsUrnOrSecretsChain(id)) continue;
      if (std::optional<uint64_t> leaf = registry->log_->PurgeIndexOf(id); leaf.has_value()) {
        RETURN_IF_ERROR(registry->Erase(id));
        LogInfo("meeting ", id, ": its purge (registry leaf ", *leaf,
                ") was interrupted; finished it");
        continue;
      }
      if (std::optional<std::string> archive_id = ArchivedMeetingId(id)) {
        absl::StatusOr<std::unique_ptr<ArchivedMeeting>> a =
            ArchivedMeeting::Load(registry->store_.get(), *archive_id, registry->archive_dir_);
        if (a.ok()) {
          registry->archives_[*archive_id] = *std::move(a);
          ++archived;
        } else {
          // Not served: an archive is served only as it verified at import.
          registry->problems_.push_back(std::string(a.status().message()));
          LogError(registry->problems_.back());
        }
      }
    }
    for (const std::string& id : chains) {
      if (id == ledger::kRegistryChain || ArchivedMeetingId(id).has_value()) continue;
      if (IsUrnOrSecretsChain(id)) continue;
      if (registry->log_->PurgeIndexOf(id).has_value()) continue;
      // A move out whose marker is durable and whose file verified, but
      // whose chain was not erased yet (the server stopped in between):
      // the move stands, and the erasure is finished now.
      if (auto a = registry->archives_.find(id);
          a != registry->archives_.end() && a->second->moved()) {
        RETURN_IF_ERROR(registry->Erase(id));
        LogInfo("meeting ", id, ": its move out into ", a->second->file_path(),
                " was interrupted; erased its chain");
        continue;
      }
      registry->meetings_[id] =
          Meeting::Load(registry->store_.get(), &registry->key_, id,
                        MeetingSecretsPath(registry->data_dir_, id), registry->urn_options_,
                        registry->replica_keys_.get());
      ++loaded;
    }
  }
  LogInfo("loaded ", loaded, " meeting(s) and ", archived, " archive(s)");
  if (registry->log_->damage().ok()) RETURN_IF_ERROR(registry->CheckLog());
  if (registry->replica_keys_ != nullptr) {
    Registry* r = registry.get();
    registry->sweeper_ = std::thread([r, sweep_every] {
      do {
        absl::Status swept = r->SweepReplicaKeys();
        if (!swept.ok()) LogError("sweeping the replicas' key pool: ", swept.message());
      } while (!r->stop_sweeping_.WaitForNotificationWithTimeout(sweep_every));
    });
  }
  return registry;
}

Registry::~Registry() {
  stop_sweeping_.Notify();
  if (sweeper_.joinable()) sweeper_.join();
}

absl::Status Registry::SweepReplicaKeys() {
  if (replica_keys_ == nullptr) return absl::OkStatus();
  std::vector<std::pair<uint32_t, std::string>> live;
  RETURN_IF_ERROR(store_->ScanKeys(
      kReplicaKeySlotsChain, absl::StrCat(replica_keys_->pool_id(), "/"),
      [&](absl::string_view name, absl::string_view meeting_id) -> absl::Status {
        ASSIGN_OR_RETURN(auto slot, ParseReplicaKeySlotName(name));
        if (replica_keys_->Key(slot.second).ok()) live.emplace_back(slot.second, meeting_id);
        return absl::OkStatus();
      }));
  for (const auto& [slot, meeting_id] : live) {
    // Brought up to the store: a closed meeting's secrets are erased here.
    absl::StatusOr<Meeting*> m = Find(meeting_id);
    if (absl::IsNotFound(m.status())) {
      // The claim lands with the genesis, so a claimed meeting that is not
      // found was purged (a trial): nothing of its secrets may stay.
      RETURN_IF_ERROR(EraseSharedSecrets(*store_, replica_keys_.get(), meeting_id,
                                         ReplicaKeySlotName(replica_keys_->pool_id(), slot)));
      LogInfo("meeting ", meeting_id, " is gone: destroyed this replica's key slot ", slot);
    }
  }
  return absl::OkStatus();
}

absl::Status Registry::RefreshLog() {
  std::unique_ptr<RegistryLog> fresh = RegistryLog::Open(store_.get());
  RETURN_IF_ERROR(fresh->damage());
  absl::MutexLock lock(&mu_);
  retired_logs_.push_back(std::move(log_));
  log_ = std::move(fresh);
  return absl::OkStatus();
}

absl::Status Registry::Erase(const std::string& id) {
  if (store_->MayHaveOtherWriters()) {
    // The slot's name is in the meeting's chain: read before the purge.
    ASSIGN_OR_RETURN(std::optional<std::string> slot, store_->GetKey(id, kReplicaKeySlotKey));
    RETURN_IF_ERROR(EraseSharedSecrets(*store_, replica_keys_.get(), id, slot));
  }
  RETURN_IF_ERROR(store_->PurgeChain(id));
  const std::string secrets = MeetingSecretsPath(data_dir_, id);
  RETURN_IF_ERROR(Urn::Destroy(UrnDirFor(secrets)));
  return DestroyMeetingSecrets(secrets);
}

absl::StatusOr<v1::PurgeTrialResponse> Registry::PurgeTrial(absl::string_view meeting_id,
                                                            const std::string& actor) {
  ASSIGN_OR_RETURN(Meeting * m, Find(meeting_id));
  const std::string id = m->id();
  const v1::MeetingInfo info = m->Info(/*with_spec=*/true);
  if (!info.spec().trial()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "meeting_id: meeting ", id, " is a formal meeting, not a trial vote (its spec has no "
        "trial: true); only a trial is ever purged — a formal record is kept for good"));
  }
  // After OPEN a meeting only moves on (CLOSED, COUNTED, PUBLISHED), so
  // what is checked here still holds when the purge runs.
  const v1::MeetingStatus status = info.status();
  if (status != v1::MEETING_STATUS_CLOSED && status != v1::MEETING_STATUS_COUNTED &&
      status != v1::MEETING_STATUS_PUBLISHED) {
    return absl::FailedPreconditionError(absl::StrCat(
        "meeting_id: trial meeting ", id, " is ", v1::MeetingStatus_Name(status),
        info.closing() ? " (closing)" : "",
        "; close it first: a trial is purged only once its voting is over"));
  }
  if (!m->damage().ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("meeting_id: trial meeting ", id, " did not replay (",
                     m->damage().message(), "); its record is kept as evidence, not purged"));
  }
  absl::StatusOr<std::string> genesis = store_->ReadEntry(id, 0);
  if (!genesis.ok()) return genesis.status();
  // One registry-log append at a time (as Create).
  absl::MutexLock one_append(&create_mu_);
  ASSIGN_OR_RETURN(Meeting::FinalHead last, m->Retire());
  ledger::RegistryPurge purge;
  purge.meeting_id = id;
  purge.genesis_hash = ledger::EntryHash(*genesis);
  purge.genesis_entry = *genesis;
  purge.final_size = last.head.size();
  purge.final_head_hash = last.head.head_hash();
  purge.final_tree_root = last.tree.root_hash;
  purge.purged_at = absl::ToUnixSeconds(absl::Now());
  ASSIGN_OR_RETURN(RegistryLog::Pending pending, log_->StagePurge(purge));
  // The leaf is durable before anything is erased: there is never a moment
  // when the trial is gone and the log does not say so.
  RETURN_IF_ERROR(store_->Append(pending.batch));
  log_->Commit(std::move(pending));
  const uint64_t leaf_index = log_->PurgeIndexOf(id).value_or(0);
  {
    absl::MutexLock lock(&mu_);
    auto it = meetings_.find(id);
    if (it != meetings_.end()) {
      purged_.push_back(std::move(it->second));
      meetings_.erase(it);
    }
  }
  // Should this fail, the leaf stands and the next start finishes the erasure.
  absl::Status erased = Erase(id);
  if (!erased.ok()) {
    LogError("trial meeting ", id, ": purge recorded (registry leaf ", leaf_index,
             ") but erasing it failed: ", erased.message(), "; a restart finishes it");
    return erased;
  }
  LogInfo("trial meeting ", id, " purged by ", actor, " (registry leaf ", leaf_index, ")");
  v1::PurgeTrialResponse response;
  *response.mutable_final_head() = last.head;
  response.set_final_tree_root(last.tree.root_hash);
  response.set_registry_leaf_index(leaf_index);
  response.set_purged_at(purge.purged_at);
  return response;
}

absl::Status Registry::CheckLog() {
  const std::vector<std::string> ids = log_->MeetingIds();
  ASSIGN_OR_RETURN(std::vector<std::string> leaves, log_->Leaves(0, ids.size()));
  absl::MutexLock lock(&mu_);
  for (size_t i = 0; i < leaves.size(); ++i) {
    ASSIGN_OR_RETURN(ledger::RegistryEntry entry, ledger::ParseRegistryEntry(leaves[i]));
    // A purged trial is meant to be missing; its purge leaf says so.
    if (!std::holds_alternative<ledger::RegistryLeaf>(entry)) continue;
    const auto& leaf = std::get<ledger::RegistryLeaf>(entry);
    if (log_->PurgeIndexOf(leaf.meeting_id).has_value()) continue;
    if (auto a = archives_.find(leaf.meeting_id); a != archives_.end()) {
      if (a->second->genesis_hash() != leaf.genesis_hash) {
        problems_.push_back(absl::StrCat("archived meeting ", leaf.meeting_id,
                                         ": its genesis entry does not match leaf ", i,
                                         " of the registry log"));
        LogError(problems_.back());
      }
      continue;
    }
    auto it = meetings_.find(leaf.meeting_id);
    if (it == meetings_.end()) {
      problems_.push_back(absl::StrCat("meeting ", leaf.meeting_id, " is leaf ", i,
                                       " of the registry log but its chain is missing from "
                                       "the store (deleted?)"));
      LogError(problems_.back());
      continue;
    }
    absl::StatusOr<std::string> genesis = store_->ReadEntry(leaf.meeting_id, 0);
    if (!genesis.ok() || ledger::EntryHash(*genesis) != leaf.genesis_hash) {
      problems_.push_back(absl::StrCat("meeting ", leaf.meeting_id, ": its genesis entry does "
                                       "not match leaf ", i, " of the registry log"));
      LogError(problems_.back());
    }
  }
  // Meetings created before the registry log existed join it now, oldest
  // first, each in its own conditional batch.
  struct Unlisted {
    int64_t created_at;
    std::string id;
    std::string genesis_hash;
  };
  std::vector<Unlisted> unlisted;
  for (const auto& [id, m] : meetings_) {
    if (log_->IndexOf(id).has_value()) continue;
    absl::StatusOr<std::string> genesis = store_->ReadEntry(id, 0);
    v1::Entry entry;
    if (!genesis.ok() || !entry.ParseFromString(*genesis) || !entry.has_meeting_created()) {
      LogError("meeting ", id, ": no readable genesis entry, so it cannot join the registry log");
      continue;
    }
    unlisted.push_back({entry.meeting_created().created_at(), id, ledger::EntryHash(*genesis)});
  }
  std::sort(unlisted.begin(), unlisted.end(), [](const Unlisted& a, const Unlisted& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });
  for (const Unlisted& u : unlisted) {
    ASSIGN_OR_RETURN(RegistryLog::Pending pending,
                     log_->Stage({u.id, u.genesis_hash, u.created_at}));
    RETURN_IF_ERROR(store_->Append(pending.batch));
    log_->Commit(std::move(pending));
    LogInfo("meeting ", u.id, " added to the registry log");
  }
  return absl::OkStatus();
}

absl::StatusOr<tally::PreviousRound> Registry::LinkedMeeting(const std::string& path,
                                                              const std::string& id) const {
  tally::PreviousRound linked;
  auto read = [&](const auto& meeting) {
    const v1::MeetingInfo info = meeting.Info(/*with_spec=*/true);
    linked.status = info.status();
    linked.spec = info.spec();
    if (absl::StatusOr<v1::CountResponse> count = meeting.Result(); count.ok()) {
      linked.result = count->result();
      linked.count_seq = count->seq();
      linked.count_entry_hash = count->entry_hash();
    }
  };
  // The pointers stay valid after the lock (meetings and archives are never
  // freed while the registry lives); the meeting's own lock is taken after
  // the registry's is released, as everywhere else.
  const Meeting* live = nullptr;
  const ArchivedMeeting* archived = nullptr;
  {
    absl::MutexLock lock(&mu_);
    if (auto it = meetings_.find(id); it != meetings_.end()) live = it->second.get();
    if (auto it = archives_.find(id); it != archives_.end()) archived = it->second.get();
  }
  if (live != nullptr) {
    read(*live);
    return linked;
  }
  // An archive imported from a room is read-only, but its count stands: a
  // later round or evaluation held centrally may build on it.
  if (archived != nullptr) {
    read(*archived);
    return linked;
  }
  return absl::NotFoundError(
      absl::StrCat(path, ".previous_meeting_id: no meeting \"", id, "\" on this server"));
}

absl::Status Registry::WriteFailure() const {
  if (absl::Status ledger = store_->WriteFailure(); !ledger.ok()) {
    return absl::Status(ledger.code(), absl::StrCat("the ledger: ", ledger.message()));
  }
  std::vector<std::pair<std::string, const Meeting*>> live;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [id, meeting] : meetings_) live.emplace_back(id, meeting.get());
  }
  // Outside mu_: a Meeting is never freed while the registry lives
  // (purged_), and its own lock is not taken under mu_.
  for (const auto& [id, meeting] : live) {
    if (absl::Status urn = meeting->UrnWriteFailure(); !urn.ok()) {
      return absl::Status(urn.code(),
                          absl::StrCat("the urn of meeting ", id, ": ", urn.message()));
    }
  }
  return absl::OkStatus();
}

absl::Status Registry::CheckRoundLinks(const v1::MeetingSpec& spec) const {
  for (int i = 0; i < spec.forms_size(); ++i) {
    const v1::Form& form = spec.forms(i);
    if (!form.has_previous_round()) continue;
    // CheckRoundLink relies on the link's own shape, which ValidateSpec checks.
    RETURN_IF_ERROR(tally::ValidateSpec(spec));
    const std::string path = absl::StrCat("spec.forms[", i, "].previous_round");
    ASSIGN_OR_RETURN(const tally::PreviousRound round,
                     LinkedMeeting(path, form.previous_round().previous_meeting_id()));
    RETURN_IF_ERROR(tally::CheckRoundLink(path, form, round));
  }
  return absl::OkStatus();
}

absl::Status Registry::CheckFollowUpLinks(const v1::MeetingSpec& spec) const {
  for (int i = 0; i < spec.forms_size(); ++i) {
    const v1::Form& form = spec.forms(i);
    if (!form.has_follow_up()) continue;
    // CheckFollowUpLink relies on the link's own shape, which ValidateSpec checks.
    RETURN_IF_ERROR(tally::ValidateSpec(spec));
    const std::string path = absl::StrCat("spec.forms[", i, "].follow_up");
    ASSIGN_OR_RETURN(tally::PreviousRound previous,
                     LinkedMeeting(path, form.follow_up().previous_meeting_id()));
    RETURN_IF_ERROR(tally::CheckFollowUpLink(path, form, previous));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::CreateMeetingResponse> Registry::Create(
    const v1::CreateMeetingRequest& request, const std::string& actor) {
  // Rules S-8, A9: a next round must start from the previous round's
  // recorded top; checked before anything is written.
  RETURN_IF_ERROR(CheckRoundLinks(request.spec()));
  // Rule S-5: a follow-up evaluation (整改后复评) links to the counted
  // evaluation of the same cadres; also checked before anything is written.
  RETURN_IF_ERROR(CheckFollowUpLinks(request.spec()));
  // 64 random bits: unguessable enough that ids do not leak how many
  // meetings a server holds, short enough to read out in a meeting room.
  ASSIGN_OR_RETURN(std::string raw, crypto::RandomBytes(8));
  std::string id = crypto::HexEncode(raw);
  // The RSA keys of the anonymous forms (about 0.3 s each) are made before
  // the lock, so creating one meeting does not hold up another.
  ASSIGN_OR_RETURN(Meeting::TokenKeySet token_keys,
                   Meeting::GenerateTokenKeys(request.spec(), request.roll()));
  absl::MutexLock one_creation(&create_mu_);
  // The registry leaf is linked into the genesis batch: the meeting and its
  // leaf are durable together or not at all.
  std::optional<RegistryLog::Pending> pending;
  auto link = [&](const ledger::SealedEntry& genesis, int64_t created_at,
                  storage::AppendBatch& batch) -> absl::Status {
    ASSIGN_OR_RETURN(pending, log_->Stage({id, genesis.hash, created_at}));
    batch.linked.push_back(pending->batch);
    return absl::OkStatus();
  };
  absl::StatusOr<std::unique_ptr<Meeting>> created;
  for (int attempt = 1;; ++attempt) {
    pending.reset();
    created = Meeting::Create(store_.get(), &key_, id, request.spec(), request.roll(), actor,
                              MeetingSecretsPath(data_dir_, id), link, urn_options_,
                              &token_keys, replica_keys_.get());
    // On a shared store another gongxind may have appended to the registry
    // log since this one read it: read it again and retry (nothing of this
    // meeting was written: its genesis and leaf are one batch).
    if (created.ok() || !absl::IsAborted(created.status()) ||
        !store_->MayHaveOtherWriters() || attempt >= 4) {
      break;
    }
    RETURN_IF_ERROR(RefreshLog());
  }
  RETURN_IF_ERROR(created.status());
  std::unique_ptr<Meeting> meeting = *std::move(created);
  if (pending.has_value()) log_->Commit(*std::move(pending));
  v1::CreateMeetingResponse response;
  response.set_meeting_id(id);
  *response.mutable_head() = meeting->Info(false).head();
  absl::MutexLock lock(&mu_);
  meetings_[id] = std::move(meeting);
  LogInfo("meeting ", id, " created by ", actor);
  return response;
}

absl::StatusOr<Meeting*> Registry::Find(absl::string_view meeting_id) const {
  return Find(meeting_id, /*refresh=*/true);
}

absl::StatusOr<Meeting*> Registry::FindForWrite(absl::string_view meeting_id) const {
  return Find(meeting_id, /*refresh=*/false);
}

absl::StatusOr<Meeting*> Registry::Find(absl::string_view meeting_id, bool refresh) const {
  if (meeting_id.empty()) return absl::InvalidArgumentError("meeting_id: required");
  Meeting* m = nullptr;
  {
    absl::MutexLock lock(&mu_);
    auto it = meetings_.find(meeting_id);
    if (it != meetings_.end()) {
      m = it->second.get();
    } else if (auto a = archives_.find(meeting_id); a != archives_.end()) {
      return a->second->ReadOnly();
    }
  }
  // Several gongxind on one cluster: another may have created the meeting,
  // or written to it since this one last read it.
  const bool shared = store_->MayHaveOtherWriters();
  // Moved out by another gongxind (MoveOut)? One read of its archive chain.
  if (shared && refresh) {
    if (const ArchivedMeeting* a = TakeUpArchive(meeting_id)) return a->ReadOnly();
  }
  if (m == nullptr && shared) m = Adopt(meeting_id);
  if (m != nullptr) {
    if (shared && refresh) RETURN_IF_ERROR(m->Refresh());
    return m;
  }
  absl::MutexLock lock(&mu_);
  if (log_ != nullptr) {
    if (std::optional<uint64_t> leaf = log_->PurgeIndexOf(meeting_id); leaf.has_value()) {
      return absl::NotFoundError(absl::StrCat("meeting_id: meeting \"", meeting_id,
                                              "\" was a trial vote, purged (registry log leaf ",
                                              *leaf, ")"));
    }
  }
  return absl::NotFoundError(absl::StrCat("meeting_id: no meeting \"", meeting_id, "\""));
}

Meeting* Registry::Adopt(absl::string_view meeting_id) const {
  const std::string id(meeting_id);
  // Only a meeting's chain: hex ids, never "_registry" nor "archive-…".
  if (id.size() != 16 || id.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return nullptr;
  }
  absl::StatusOr<uint64_t> size = store_->Size(id);
  if (!size.ok() || *size == 0) return nullptr;
  std::unique_ptr<Meeting> loaded =
      Meeting::Load(store_.get(), &key_, id, MeetingSecretsPath(data_dir_, id), urn_options_,
                    replica_keys_.get());
  absl::MutexLock lock(&mu_);
  auto [it, inserted] = meetings_.emplace(id, std::move(loaded));
  if (inserted) LogInfo("meeting ", id, " taken up from the shared store");
  return it->second.get();
}

std::vector<const Meeting*> Registry::List() const {
  if (store_->MayHaveOtherWriters()) {
    // Meetings another gongxind created on the shared store are listed too.
    absl::StatusOr<std::vector<std::string>> chains = store_->ListChains();
    if (chains.ok()) {
      // Archives first: a meeting another gongxind moved out is listed once,
      // as moved.
      TakeUpArchives(*chains);
      for (const std::string& id : *chains) {
        bool known = false;
        {
          absl::MutexLock lock(&mu_);
          known = meetings_.contains(id) || archives_.contains(id);
        }
        if (!known) Adopt(id);
      }
    }
  }
  absl::MutexLock lock(&mu_);
  std::vector<const Meeting*> list;
  for (const auto& [id, m] : meetings_) list.push_back(m.get());
  std::sort(list.begin(), list.end(),
            [](const Meeting* a, const Meeting* b) { return a->id() < b->id(); });
  return list;
}

}  // namespace gongxin::server

namespace gongxin::server {

absl::StatusOr<v1::ImportArchiveResponse> Registry::ImportArchive(
    absl::string_view export_bytes, const crypto::Ed25519PublicKey& room_key,
    const std::string& actor) {
  v1::ArchiveInfo info;
  info.set_imported_at(absl::ToUnixSeconds(absl::Now()));
  info.set_imported_by(actor);
  // Verified before any lock: a large export takes a while.
  ASSIGN_OR_RETURN(std::unique_ptr<ArchivedMeeting> archive,
                   ArchivedMeeting::Verify(export_bytes, room_key, std::move(info)));
  const std::string id = archive->id();
  // One registry leaf at a time, as for a creation.
  absl::MutexLock one_creation(&create_mu_);
  // The record archived before, when this export is a later one of it.
  const ArchivedMeeting* earlier = nullptr;
  {
    absl::MutexLock lock(&mu_);
    if (meetings_.contains(id)) {
      return absl::AlreadyExistsError(absl::StrCat(
          "export: meeting ", id, " is a meeting of this server, not a room's to import"));
    }
    if (auto it = archives_.find(id); it != archives_.end()) {
      if (it->second->moved()) {
        return absl::AlreadyExistsError(absl::StrCat(
            "export: meeting ", id, " is a meeting of this server, moved out into ",
            it->second->file_path(), ", not a room's to import"));
      }
      if (it->second->SameRecord(*archive)) {
        v1::ImportArchiveResponse response;
        response.set_meeting_id(id);
        response.set_already_archived(true);
        *response.mutable_meeting() = it->second->Info(/*with_spec=*/false);
        return response;
      }
      earlier = it->second.get();
    }
  }
  const std::string chain = ArchiveChain(id);
  if (earlier != nullptr) {
    // The room recorded more since (the 任前公示, documents): the longer
    // record replaces the archived one if it only appends to it. Checked
    // outside mu_ (it reads the export); create_mu_ keeps `earlier` current.
    RETURN_IF_ERROR(earlier->ExtendedBy(*archive, export_bytes));
    // The meeting keeps its registry leaf (its genesis is the same); the new
    // chunks follow the old ones and the last batch's head record points at
    // them, so a crash before it leaves the earlier record served.
    ASSIGN_OR_RETURN(uint64_t stored, store_->Size(chain));
    for (const storage::AppendBatch& batch : archive->PlaceAt(stored, export_bytes)) {
      RETURN_IF_ERROR(store_->Append(batch));
    }
    v1::ImportArchiveResponse response;
    response.set_meeting_id(id);
    response.set_extended_from(earlier->head().size());
    *response.mutable_meeting() = archive->Info(/*with_spec=*/false);
    LogInfo("meeting ", id, " archive extended by ", actor, " from ", earlier->head().size(),
            " to ", archive->head().size(), " entries");
    absl::MutexLock lock(&mu_);
    auto it = archives_.find(id);
    retired_archives_.push_back(std::move(it->second));
    it->second = std::move(archive);
    return response;
  }
  if (log_->IndexOf(id).has_value()) {
    return absl::AlreadyExistsError(absl::StrCat(
        "export: meeting ", id, " is already in this server's registry log (its chain is "
        "missing: see gongxind's start-up problems)"));
  }
  ASSIGN_OR_RETURN(uint64_t stored, store_->Size(chain));
  std::vector<storage::AppendBatch> batches = archive->PlaceAt(stored, export_bytes);
  for (size_t i = 0; i + 1 < batches.size(); ++i) RETURN_IF_ERROR(store_->Append(batches[i]));
  // The last batch completes the archive and carries its registry leaf:
  // both are durable together or not at all.
  ASSIGN_OR_RETURN(RegistryLog::Pending pending,
                   log_->Stage({id, archive->genesis_hash(), archive->created_at()}));
  batches.back().linked.push_back(pending.batch);
  RETURN_IF_ERROR(store_->Append(batches.back()));
  log_->Commit(std::move(pending));
  v1::ImportArchiveResponse response;
  response.set_meeting_id(id);
  *response.mutable_meeting() = archive->Info(/*with_spec=*/false);
  LogInfo("meeting ", id, " archived by ", actor, " from the room key with SHA-256 ",
          archive->archive().room_key_sha256());
  absl::MutexLock lock(&mu_);
  archives_[id] = std::move(archive);
  return response;
}

const ArchivedMeeting* Registry::FindArchive(absl::string_view meeting_id) const {
  {
    absl::MutexLock lock(&mu_);
    auto it = archives_.find(meeting_id);
    if (it != archives_.end()) return it->second.get();
  }
  return store_->MayHaveOtherWriters() ? TakeUpArchive(meeting_id) : nullptr;
}

std::vector<const ArchivedMeeting*> Registry::ListArchives() const {
  absl::MutexLock lock(&mu_);
  std::vector<const ArchivedMeeting*> list;
  for (const auto& [id, a] : archives_) list.push_back(a.get());
  std::sort(list.begin(), list.end(), [](const ArchivedMeeting* a, const ArchivedMeeting* b) {
    return a->id() < b->id();
  });
  return list;
}

}  // namespace gongxin::server
