// One meeting as gongxind serves it: its chain on the store, the replayed
// state, and the group-commit write path. Every write (check-in, cast,
// transition, count) becomes one ledger entry, validated by the same
// tally::MeetingState the offline verifier replays, and is acknowledged only
// after the store has synced it.
#ifndef GONGXIN_SERVER_MEETING_H_
#define GONGXIN_SERVER_MEETING_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "crypto/ed25519.h"
#include "gongxin/v1/ledger.pb.h"
#include "gongxin/v1/service.pb.h"
#include "ledger/chain.h"
#include "storage/store.h"
#include "tally/meeting_state.h"
#include "tally/roll.h"

namespace gongxin::server {

// Meeting is thread-safe. Writes queue up and the first writer in the queue
// commits everyone waiting as one batch: one WriteBatch, one WAL sync (the
// leader/follower scheme of LevelDB's DBImpl::Write). Reads take a shared
// lock on the state.
class Meeting {
 public:
  // Create validates the spec and roll, writes the genesis entry and the
  // roll, and returns the new meeting. Nothing is written on a refusal.
  static absl::StatusOr<std::unique_ptr<Meeting>> Create(
      storage::Store* store, const crypto::Ed25519PrivateKey* key,
      std::string meeting_id, const v1::MeetingSpec& spec, v1::Roll roll,
      const std::string& actor);

  // Load replays a stored chain: every hash link, every entry through the
  // state machine, the roll digest, the voter openings and the signed head.
  // A meeting whose record does not check out is still returned, but
  // damaged: it refuses every write (DATA_LOSS with the reason) and can
  // still be exported, so the evidence reaches an auditor.
  static std::unique_ptr<Meeting> Load(storage::Store* store,
                                       const crypto::Ed25519PrivateKey* key,
                                       const std::string& meeting_id);

  const std::string& id() const { return id_; }
  // OK, or why the stored record failed to replay.
  absl::Status damage() const { return damage_; }

  // CheckIn checks an eligible voter in and returns a credential per form
  // the voter may still cast. Idempotent until the voter has cast every
  // form: a second call returns the same credentials and writes nothing.
  absl::StatusOr<v1::CheckInResponse> CheckIn(const std::string& voter_id,
                                              const std::string& kiosk);
  // Cast records a named ballot and returns the signed receipt.
  absl::StatusOr<v1::Receipt> Cast(const v1::Credential& credential,
                                   const v1::Ballot& ballot);
  absl::StatusOr<v1::TransitionMeetingResponse> Transition(
      v1::MeetingStatus target, const std::string& actor);
  absl::StatusOr<v1::CountResponse> Count(const std::string& actor);
  absl::StatusOr<v1::CountResponse> Result() const;
  v1::MeetingInfo Info(bool with_spec) const;
  // Export emits the full record: header, roll, openings, entries, head.
  absl::Status Export(
      const std::function<absl::Status(const v1::ExportRecord&)>& emit) const;

 private:
  class Txn;
  struct Op;

  Meeting(storage::Store* store, const crypto::Ed25519PrivateKey* key,
          std::string id);

  // Submit queues `op` and returns once it is durable or refused.
  absl::Status Submit(Op* op);
  void CommitGroup(const std::vector<Op*>& group);
  absl::Status Replay();

  storage::Store* const store_;
  const crypto::Ed25519PrivateKey* const key_;
  const std::string id_;
  absl::Status damage_;

  absl::Mutex queue_mu_;
  std::deque<Op*> queue_ ABSL_GUARDED_BY(queue_mu_);

  // Guards everything below: the replayed state, the chain head and the
  // voters' openings. Held exclusively while a group is prepared and synced.
  mutable absl::Mutex state_mu_;
  // Set from the roll at create or load; immutable afterwards.
  std::unique_ptr<tally::Roll> roll_;
  tally::MeetingState state_ ABSL_GUARDED_BY(state_mu_);
  ledger::ChainHead head_ ABSL_GUARDED_BY(state_mu_);
  v1::SignedHead signed_head_ ABSL_GUARDED_BY(state_mu_);
  struct Opening {
    std::string salt;
    std::string commitment;
  };
  absl::flat_hash_map<std::string, Opening> openings_ ABSL_GUARDED_BY(state_mu_);
  uint64_t count_seq_ ABSL_GUARDED_BY(state_mu_) = 0;
  std::string count_hash_ ABSL_GUARDED_BY(state_mu_);
  // A failed store write leaves memory ahead of the disk: from then on every
  // write is refused until a restart replays the store (sticky, like the
  // store itself).
  absl::Status write_failure_ ABSL_GUARDED_BY(state_mu_);
};

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_MEETING_H_
