// Registry holds every meeting gongxind serves, on one store, signed with
// one server key. At start it replays each stored chain and the registry log
// of meetings (registry_log.h), and reports meetings the log names but the
// store has lost.
#ifndef GONGXIN_SERVER_REGISTRY_H_
#define GONGXIN_SERVER_REGISTRY_H_

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "crypto/ed25519.h"
#include "gongxin/v1/service.pb.h"
#include "server/archive.h"
#include "server/meeting.h"
#include "server/registry_log.h"
#include "storage/store.h"
#include "tally/round.h"

namespace gongxin::server {

// Registry is thread-safe. The pointers it hands out stay valid for its
// lifetime: a purged trial is no longer found, but its object is kept.
class Registry {
 public:
  // Open replays every chain in `store`. Damaged meetings are kept, read-only.
  // Per-meeting secrets (anonymous forms) live in files under `data_dir`,
  // and each open meeting's urn in a RocksDB opened with `urn_options`.
  // On a store with other writers (etcd) they live in the store instead,
  // sealed under the replicas' key pool, `data_dir`/replica-keys, made
  // here if missing (server/replica_keys.h); a sweep then runs every
  // `sweep_every` (SweepReplicaKeys).
  // Meetings moved out of the store (MoveOut) are read from files under
  // `archive_dir` (gongxind --archive-dir; empty: none is configured).
  static absl::StatusOr<std::unique_ptr<Registry>> Open(
      std::unique_ptr<storage::Store> store, crypto::Ed25519PrivateKey key,
      std::string data_dir, storage::RocksDbStoreOptions urn_options = {},
      std::string archive_dir = "", absl::Duration sweep_every = absl::Seconds(2));
  ~Registry();

  // SweepReplicaKeys destroys this replica's copy of every key slot whose
  // meeting another replica closed (or purged) since: for each slot of
  // this replica's pool claimed in the store and not yet destroyed here,
  // it finds the meeting — bringing it up to the store, which erases the
  // secrets of a closed one — and destroys the slot of a meeting that is
  // gone. So a meeting's secrets are unreadable on every running replica
  // within a sweep of its close, whether or not that replica served it.
  absl::Status SweepReplicaKeys();
  // The replicas' key pool, or null (a store with no other writers).
  ReplicaKeys* replica_keys() const { return replica_keys_.get(); }

  absl::StatusOr<v1::CreateMeetingResponse> Create(
      const v1::CreateMeetingRequest& request, const std::string& actor);
  // Find returns NOT_FOUND naming the id when there is no such meeting, or
  // saying so when it was a trial vote since purged, and
  // FAILED_PRECONDITION for an archived one (it takes no writes).
  // On a store with other writers (several gongxind on etcd) Find first
  // brings the meeting up to the store (Meeting::Refresh), or takes up one
  // another gongxind created. FindForWrite skips the refresh: for the hot
  // write RPCs (check-in, cast), whose group commit checks the chain's size
  // before it prepares anything (chainlog), so a stale read cannot decide
  // them; it saves one etcd read per call.
  absl::StatusOr<Meeting*> Find(absl::string_view meeting_id) const;
  absl::StatusOr<Meeting*> FindForWrite(absl::string_view meeting_id) const;
  // PurgeTrial erases a trial vote (试投票) once its voting is over: it
  // records the purge in the registry log — the meeting, its genesis, its
  // last signed head — then erases its chain from the store
  // (Store::PurgeChain) and its secrets file and urn, and forgets it. Only
  // a trial (spec.trial) after OPEN (CLOSED, COUNTED or PUBLISHED, states
  // never left backwards) whose record replayed undamaged:
  //   NOT_FOUND           no such meeting, or purged already (naming the leaf)
  //   FAILED_PRECONDITION a formal meeting, one not closed yet, or damaged
  // If the server stops after the leaf is durable and before the erasure
  // ends, Open finishes the erasure: a recorded purge is never undone.
  absl::StatusOr<v1::PurgeTrialResponse> PurgeTrial(absl::string_view meeting_id,
                                                   const std::string& actor);
  std::vector<const Meeting*> List() const;

  // ImportArchive verifies a room's export against `room_key`
  // (ArchivedMeeting::Verify), stores it and appends its registry leaf, so
  // the meeting is served read-only from then on. Importing the same
  // record again (same room key and signed head) writes nothing and says
  // already_archived; a later record of it from the same room that only
  // appends (ArchivedMeeting::ExtendedBy) replaces it and says
  // extended_from; ALREADY_EXISTS for another record of an archived
  // meeting, or the id of a meeting of this server.
  absl::StatusOr<v1::ImportArchiveResponse> ImportArchive(
      absl::string_view export_bytes, const crypto::Ed25519PublicKey& room_key,
      const std::string& actor);
  // MoveOut takes one of this server's PUBLISHED meetings out of the store
  // (registry_move.cc; docs/operations.md "Moving a meeting out"): its full
  // export is written to a file under the archive directory (synced, file
  // then directory), read back and verified with the server's own key, a
  // marker recorded on ArchiveChain(id) (the file's name, size and SHA-256,
  // in one batch conditional on the meeting's chain not having grown since
  // the export), and only then the meeting's chain erased. From then on it
  // is served from the file as an archive (FindArchive, moved()). A crash
  // after the marker is finished by Open (or by another replica that takes
  // the move up); a crash before it leaves the live meeting, untouched.
  //   FAILED_PRECONDITION no archive directory configured; a meeting that is
  //                       not PUBLISHED (naming its status), damaged,
  //                       archived or moved already
  //   NOT_FOUND           no such meeting
  //   ABORTED             the meeting grew during the move (nothing changed)
  absl::StatusOr<v1::MoveOutResponse> MoveOut(absl::string_view meeting_id,
                                              const std::string& actor);
  const std::string& archive_dir() const { return archive_dir_; }
  // The archived meeting `meeting_id`, or null. On a store with other
  // writers it also takes up an archive another gongxind imported or a
  // meeting another gongxind moved out (one read of the store).
  const ArchivedMeeting* FindArchive(absl::string_view meeting_id) const;
  std::vector<const ArchivedMeeting*> ListArchives() const;
  const crypto::Ed25519PrivateKey& key() const { return key_; }
  const RegistryLog& log() const { return *log_; }
  // Meetings whose registry leaf is there but whose chain is not, or whose
  // genesis no longer matches the leaf: what Open found, one line each.
  const std::vector<std::string>& problems() const { return problems_; }
  // The store the meetings live on, for index keys kept beside their chains
  // (witness cosignatures).
  storage::Store* store() const { return store_.get(); }
  // OK while every store this server writes takes writes; otherwise why
  // one does not until gongxind restarts (storage::Store::WriteFailure),
  // naming the ledger or the meeting whose urn it is. What the health
  // check reports (Server): a restart is what clears it.
  absl::Status WriteFailure() const;
  // CheckRoundLinks checks every form of `spec` that is the next round of
  // an earlier meeting's question (tally::CheckRoundLink), naming
  // spec.forms[i].previous_round; NOT_FOUND if that meeting is not here.
  absl::Status CheckRoundLinks(const v1::MeetingSpec& spec) const;
  // CheckFollowUpLinks checks every form of `spec` that re-evaluates an
  // earlier meeting's graded question after rectification (rule S-5,
  // tally::CheckFollowUpLink), naming spec.forms[i].follow_up; NOT_FOUND if
  // that meeting is not here.
  absl::Status CheckFollowUpLinks(const v1::MeetingSpec& spec) const;

 private:
  // What this server knows of meeting `id` named by a link at `path`
  // (status, spec, count), live or archived from a room; NOT_FOUND naming
  // path.previous_meeting_id if it holds neither.
  absl::StatusOr<tally::PreviousRound> LinkedMeeting(const std::string& path,
                                                     const std::string& id) const;

  Registry(std::unique_ptr<storage::Store> store, crypto::Ed25519PrivateKey key,
           std::string data_dir, storage::RocksDbStoreOptions urn_options,
           std::string archive_dir)
      : store_(std::move(store)),
        key_(std::move(key)),
        data_dir_(std::move(data_dir)),
        urn_options_(std::move(urn_options)),
        archive_dir_(std::move(archive_dir)) {}

  // registry_move.cc. On a store with other writers: the archive of
  // `meeting_id` if its chain has a head record (imported, or moved out, by
  // another gongxind) and this one does not serve it yet; a moved meeting's
  // live object is retired from meetings_. Null if there is none, or it does
  // not load (logged).
  const ArchivedMeeting* TakeUpArchive(absl::string_view meeting_id) const;
  // TakeUpArchive for every archive chain among `chains` not served yet.
  void TakeUpArchives(const std::vector<std::string>& chains) const;
  // Puts a freshly loaded copy of meeting `id` in place of one retired for a
  // move that did not happen, so that it takes writes again.
  void Reinstate(const std::string& id);
  absl::StatusOr<Meeting*> Find(absl::string_view meeting_id, bool refresh) const;
  // On a store with other writers: loads meeting `meeting_id` if another
  // gongxind created it (its chain is in the store), or nullptr.
  Meeting* Adopt(absl::string_view meeting_id) const;
  // Cross-checks the registry log against the meetings loaded, and appends
  // a leaf for each meeting created before the log existed.
  absl::Status CheckLog();
  // Reads the registry log again from the store (another gongxind on a
  // shared store appended to it). Holds create_mu_.
  absl::Status RefreshLog();
  // Erases a purged trial's chain, urn and secrets file; OK if already gone.
  absl::Status Erase(const std::string& id);

  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<ReplicaKeys> replica_keys_;
  // SweepReplicaKeys, in the background, until the registry goes.
  std::thread sweeper_;
  absl::Notification stop_sweeping_;
  const crypto::Ed25519PrivateKey key_;
  std::unique_ptr<RegistryLog> log_;
  std::vector<std::string> problems_;
  // Held from staging a registry leaf to committing it: one creation at a
  // time, so leaves are appended in order.
  absl::Mutex create_mu_;
  const std::string data_dir_;
  const storage::RocksDbStoreOptions urn_options_;
  const std::string archive_dir_;
  mutable absl::Mutex mu_;
  // Mutable: Find takes up a meeting another gongxind created on a shared
  // store (Adopt).
  mutable absl::flat_hash_map<std::string, std::unique_ptr<Meeting>> meetings_
      ABSL_GUARDED_BY(mu_);
  // Registry logs replaced by RefreshLog, kept so that a reference log()
  // handed out stays valid.
  std::vector<std::unique_ptr<RegistryLog>> retired_logs_ ABSL_GUARDED_BY(mu_);
  // Records replaced by a later import of the same meeting, kept so that
  // the pointers FindArchive handed out stay valid.
  std::vector<std::unique_ptr<ArchivedMeeting>> retired_archives_ ABSL_GUARDED_BY(mu_);
  // Never removed either: the pointers FindArchive hands out stay valid.
  // Mutable: FindArchive takes up archives another gongxind wrote.
  mutable absl::flat_hash_map<std::string, std::unique_ptr<ArchivedMeeting>> archives_
      ABSL_GUARDED_BY(mu_);
  // Purged trials, out of meetings_ but alive: a request that found one
  // just before its purge may still hold its pointer (it gets NOT_FOUND
  // from any write, Meeting::Retire).
  // Meetings moved out (MoveOut) join them, for the same reason. Mutable:
  // a move another gongxind made is taken up by a lookup.
  mutable std::vector<std::unique_ptr<Meeting>> purged_ ABSL_GUARDED_BY(mu_);
};

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_REGISTRY_H_
