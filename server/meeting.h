// One meeting as gongxind serves it: its chain on the store, the replayed
// state, and the group-commit write path. Every write (check-in, cast,
// transition, count) becomes one ledger entry, validated by the same
// tally::MeetingState the offline verifier replays, and is acknowledged only
// after the store has synced it.
#ifndef GONGXIN_SERVER_MEETING_H_
#define GONGXIN_SERVER_MEETING_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "crypto/blind_rsa.h"
#include "crypto/compact_range.h"
#include "crypto/merkle.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "chainlog/chain_log.h"
#include "crypto/ed25519.h"
#include "gongxin/v1/ledger.pb.h"
#include "gongxin/v1/secrets.pb.h"
#include "gongxin/v1/service.pb.h"
#include "ledger/chain.h"
#include "server/replica_keys.h"
#include "server/urn.h"
#include "storage/rocksdb_store.h"
#include "storage/store.h"
#include "tally/meeting_state.h"
#include "tally/roll.h"

namespace gongxin::server {

// How a voter who votes by phone is checked in at the desk (Meeting::CheckIn).
struct SlipCheckIn {
  bool by_slip = false;
  std::string secret;
  // The voter votes on paper instead: nothing is handed out; the paper
  // slips are entered by officers after the close (meeting_paper.cc).
  bool by_paper = false;
};

// Meeting is thread-safe. Writes go through the meeting's chainlog::ChainLog:
// they queue up and the first writer in the queue commits everyone waiting
// as one batch, one WAL sync (the leader/follower scheme of LevelDB's
// DBImpl::Write), without holding the state lock while the batch syncs.
// Reads take a shared lock on the state.
class Meeting {
 public:
  using LogHead = chainlog::TreeHead;
  // Create validates the spec and roll, writes the genesis entry and the
  // roll, and returns the new meeting. Nothing is written on a refusal.
  // Anonymous forms get their RSA blind-signature keys and the meeting its
  // urn key here, written to `secrets_path` before the genesis entry.
  // `link`, if set, may add linked batches for other chains (the registry
  // log's leaf) to the genesis batch, so they land atomically with it.
  // `urn_options` open the urn's own RocksDB (server/urn.h): the server's
  // free-space reserve and log, as for the ledger.
  // The RSA blind-signature keys of a meeting's anonymous forms, by (form
  // id, TokenKey.group). GenerateTokenKeys makes exactly the set Create
  // needs for `spec` and `roll` (about 0.3 s per RSA-2048 key), so a caller
  // can make them before taking its own locks and pass them to Create.
  using TokenKeyId = std::pair<std::string, std::string>;
  using TokenKeySet =
      absl::flat_hash_map<TokenKeyId, std::shared_ptr<const crypto::BlindRsaPrivateKey>>;
  static absl::StatusOr<TokenKeySet> GenerateTokenKeys(const v1::MeetingSpec& spec,
                                                        const v1::Roll& roll);
  using GenesisLink = std::function<absl::Status(
      const ledger::SealedEntry& genesis, int64_t created_at, storage::AppendBatch& batch)>;
  static absl::StatusOr<std::unique_ptr<Meeting>> Create(
      storage::Store* store, const crypto::Ed25519PrivateKey* key,
      std::string meeting_id, const v1::MeetingSpec& spec, v1::Roll roll,
      const std::string& actor, std::string secrets_path,
      const GenesisLink& link = nullptr, const storage::RocksDbStoreOptions& urn_options = {},
      const TokenKeySet* pregenerated = nullptr, ReplicaKeys* replica_keys = nullptr);

  // Load replays a stored chain: every hash link, every entry through the
  // state machine, the roll digest, the voter openings and the signed head.
  // A meeting whose record does not check out is still returned, but
  // damaged: it refuses every write (DATA_LOSS with the reason) and can
  // still be exported, so the evidence reaches an auditor.
  static std::unique_ptr<Meeting> Load(storage::Store* store,
                                       const crypto::Ed25519PrivateKey* key,
                                       const std::string& meeting_id,
                                       std::string secrets_path,
                                       const storage::RocksDbStoreOptions& urn_options = {},
                                       ReplicaKeys* replica_keys = nullptr);

  const std::string& id() const { return id_; }
  // OK, or why the stored record failed to replay.
  absl::Status damage() const { return damage_; }
  // Refresh brings the meeting up to what its store holds, when another
  // gongxind may have written to it (storage::Store::MayHaveOtherWriters):
  // if the stored chain's size is not what this one holds, it waits its
  // turn behind the writes in flight, as an op that writes nothing, and the
  // chain is replayed. OK at once otherwise.
  absl::Status Refresh();

  // CheckIn checks an eligible voter in and returns a credential per named
  // form the voter may still cast, and a blind signature over the kiosk's
  // blinded token per anonymous form. Idempotent until the voter has cast
  // every named form: a second call returns the same credentials, and the
  // same blind signature for the same blinded token, and writes nothing; a
  // different blinded token for a form already issued is refused, so a
  // voter never holds two tokens for one form.
  //
  // With `slip.by_slip` the voter votes by phone: the check-in records the
  // voter present and hands nothing out (no credential, no token); the
  // slip's redemption does. A voter who receives a named form needs
  // `slip.secret`, the slip the desk handed over, which the check-in binds
  // to the voter; any other voter's slip is drawn at random and never named.
  absl::StatusOr<v1::CheckInResponse> CheckIn(
      const std::string& voter_id, const std::string& kiosk,
      const std::vector<v1::BlindedToken>& blinded_tokens = {},
      const SlipCheckIn& slip = {});
  // CheckInAsync is CheckIn without a thread waiting for the group commit
  // (for gRPC's callback API). Once the check-in is durable, `sign_on` is
  // given the task that signs what the voter is handed (credentials, and the
  // RSA blind signatures: milliseconds) and then calls `done` with the
  // answer; a refusal runs `done` at once, on the calling thread or the
  // log's completion thread. The arguments are copied.
  using RunOn = std::function<void(std::function<void()>)>;
  using CheckInDone = std::function<void(absl::StatusOr<v1::CheckInResponse>)>;
  void CheckInAsync(const std::string& voter_id, const std::string& kiosk,
                    const std::vector<v1::BlindedToken>& blinded_tokens, const SlipCheckIn& slip,
                    const RunOn& sign_on, CheckInDone done);
  // Slips for voting by phone (meeting_slips.cc). IssueSlips records a batch
  // of slips for `group` by their ledger::SlipHash (any order; sorted here);
  // VoidSlip takes one out of use. Each is one entry naming `actor`.
  absl::StatusOr<v1::SlipsResponse> IssueSlips(const std::string& group,
                                               std::vector<std::string> slip_hashes,
                                               const std::string& actor);
  absl::StatusOr<v1::SlipsResponse> VoidSlip(const std::string& slip_hash,
                                             const std::string& actor);
  // DrawSample draws a sampled survey's respondents (spec.sample) with the
  // public `beacon`, as one sample_drawn entry naming `actor`
  // (meeting_records.cc; ledger/sample_draw.h). The state machine's
  // refusals, with the request's field names.
  absl::StatusOr<v1::DrawSampleResponse> DrawSample(const std::string& beacon,
                                                    const std::string& actor);
  // CheckSlip says whether the slip with this secret may vote now, and for
  // which forms; nothing is written. RedeemSlip hands its voter's
  // credentials (a bound slip) and blind signatures over `blinded_tokens`
  // out, once: a repeat with the same blinded tokens returns the same
  // signatures and writes nothing; with others it is refused as used.
  absl::StatusOr<v1::SlipResponse> CheckSlip(const std::string& secret) const;
  absl::StatusOr<v1::SlipResponse> RedeemSlip(const std::string& secret,
                                              const std::vector<v1::BlindedToken>& blinded_tokens);
  // Cast records a named ballot and returns the signed receipt. If
  // `committed` is set it receives the tree right after the group commit
  // that wrote the ballot (for the receipt's checkpoint).
  absl::StatusOr<v1::Receipt> Cast(const v1::Credential& credential,
                                   const v1::Ballot& ballot,
                                   LogHead* committed = nullptr);
  // CastAsync is Cast without a thread waiting for the group commit (for
  // gRPC's callback API): `done` gets the receipt or the refusal, and the
  // tree, once the ballot is durable, on the log's completion thread; a
  // refusal found before queueing runs it at once on the calling thread.
  // `credential` and `ballot` must live until `done` runs.
  using CastDone = std::function<void(absl::StatusOr<v1::Receipt>, const LogHead&)>;
  void CastAsync(const v1::Credential& credential, const v1::Ballot& ballot, CastDone done);
  // CastAnonymous puts an anonymous ballot in the urn — durably, sealed
  // under the urn key, with no voter, kiosk or time — and returns a receipt
  // over its hash. The urn joins the chain at the close, sorted by hash.
  absl::StatusOr<v1::AnonymousReceipt> CastAnonymous(const v1::AnonymousToken& token,
                                                     const v1::Ballot& ballot);
  // PublishCheck returns the checkpoint a PUBLISHED transition records, given
  // the log as it stands just before the publish entry, or the reason the
  // meeting may not be published yet (server/cosignature_book.h).
  using PublishCheck =
      std::function<absl::StatusOr<v1::PublishedCheckpoint>(const LogHead&)>;
  // `publish_check`, if set, runs under the state lock once the transition
  // to PUBLISHED is otherwise valid, so the recorded checkpoint is exactly
  // the log the entry follows.
  absl::StatusOr<v1::TransitionMeetingResponse> Transition(
      v1::MeetingStatus target, const std::string& actor,
      const PublishCheck& publish_check = nullptr);
  // Count runs the tally once the spec's count_approvals_required distinct
  // officers have approved (FAILED_PRECONDITION saying how many have).
  absl::StatusOr<v1::CountResponse> Count(const std::string& actor);
  // CheckpointNote returns the checkpoint note of `tree` as `sign` makes it,
  // signed once per tree: the receipts of one commit group share it (the
  // inclusion proof is per ballot).
  absl::StatusOr<std::string> CheckpointNote(
      const LogHead& tree,
      const std::function<absl::StatusOr<std::string>(const LogHead&)>& sign) const;
  // Officer inputs (rules S-2, S-3): each becomes one entry naming `officer`
  // (the certificate CN), validated by the state machine before anything is
  // written and acknowledged after the synced write. An empty rule_id means
  // the meeting's only composite rule.
  absl::StatusOr<v1::OfficerInputResponse> EnterScore(const v1::EnterScoreRequest& request,
                                                      const std::string& officer);
  absl::StatusOr<v1::OfficerInputResponse> EnterVeto(const v1::EnterVetoRequest& request,
                                                     const std::string& officer);
  absl::StatusOr<v1::OfficerInputResponse> ApproveCount(const std::string& officer);
  // Score corrections (issue 14): `officer` proposes replacing the score in
  // effect (the server names its entry and hash unless the request does);
  // another officer approves it by the proposal's seq. The state machine
  // refuses everything else (tally/meeting_state.h).
  absl::StatusOr<v1::OfficerInputResponse> ProposeCorrection(
      const v1::ProposeCorrectionRequest& request, const std::string& officer);
  absl::StatusOr<v1::OfficerInputResponse> ApproveCorrection(
      const v1::ApproveCorrectionRequest& request, const std::string& officer);
  // Paper ballots (meeting_paper.cc), officer inputs like the above: one
  // officer enters a slip, a second one keys it again to confirm it (refused
  // unless it matches), any officer may reject an unconfirmed entry, and each
  // form's returns are recorded once. For a named form `voter_id` is the
  // voter printed on the slip, resolved here to the voter's commitment.
  absl::StatusOr<v1::OfficerInputResponse> EnterPaperBallot(
      const v1::EnterPaperBallotRequest& request, const std::string& officer);
  absl::StatusOr<v1::OfficerInputResponse> ConfirmPaperBallot(
      const v1::ConfirmPaperBallotRequest& request, const std::string& officer);
  absl::StatusOr<v1::OfficerInputResponse> RejectPaperBallot(
      const v1::RejectPaperBallotRequest& request, const std::string& officer);
  absl::StatusOr<v1::OfficerInputResponse> RecordPaperReturns(
      const v1::RecordPaperReturnsRequest& request, const std::string& officer);
  // The selection around the meeting (meeting_records.cc; issue 16), each
  // one entry that the state machine checks (tally/selection_records.h):
  // a document by hash, recorded by `actor` under certificate role `role`;
  // the 任前公示 and each person's outcome (the admin); an observer's
  // opinion. A notice subject without a post gets the candidate's
  // proposed_post from the spec.
  absl::StatusOr<v1::OfficerInputResponse> RecordDocument(const v1::RecordDocumentRequest& request,
                                                          const std::string& role,
                                                          const std::string& actor);
  absl::StatusOr<v1::OfficerInputResponse> PublishNotice(const v1::PublishNoticeRequest& request,
                                                         const std::string& actor);
  absl::StatusOr<v1::OfficerInputResponse> RecordOutcome(const v1::RecordOutcomeRequest& request,
                                                         const std::string& actor);
  absl::StatusOr<v1::OfficerInputResponse> RecordOpinion(const v1::RecordOpinionRequest& request,
                                                         const std::string& observer);
  absl::StatusOr<v1::CountResponse> Result() const;
  v1::MeetingInfo Info(bool with_spec) const;
  // Export emits the record: header, roll, token keys, openings (only in a
  // full export), entries, head.
  absl::Status Export(const std::function<absl::Status(const v1::ExportRecord&)>& emit,
                      bool with_openings = true) const;

  // Retire stops the meeting's writes for good, ahead of purging its chain
  // (a trial vote, Registry::PurgeTrial): it waits for every write under
  // way, and every later one is refused with NOT_FOUND. It returns the
  // last signed head and the tree of the same size — what the registry's
  // purge leaf records. Reads keep working until the meeting is dropped.
  struct FinalHead {
    v1::SignedHead head;
    LogHead tree;
  };
  absl::StatusOr<FinalHead> Retire();

  // OK, or why the meeting's own urn store (server/urn.h) takes no writes
  // until gongxind restarts (storage::Store::WriteFailure). OK for a
  // meeting without an urn or whose urn is on the shared store.
  absl::Status UrnWriteFailure() const;

  // The meeting's chain is also an RFC 6962 Merkle tree (LogHead): leaf i is
  // the exact bytes of entry i. Every complete subtree is stored as the
  // write-once key TreeNodeKey(level, index) in the batch that appends its
  // last leaf (chainlog/chain_log.h).
  // Entry bytes [start, end) exactly as stored (the evidence, damaged or
  // not). OUT_OF_RANGE past the stored size.
  absl::StatusOr<std::vector<std::string>> Entries(uint64_t start, uint64_t end) const;
  // Entries durably stored.
  absl::StatusOr<uint64_t> StoredSize() const;

  // The tree over every durable entry. DATA_LOSS (the damage) for a meeting
  // whose stored record did not replay: its tree is not vouched for.
  absl::StatusOr<LogHead> TreeHead() const;
  // The stored complete-subtree hashes, for crypto::InclusionProof and
  // ConsistencyProof. Serves any subtree within TreeHead().size; DATA_LOSS
  // if one is missing from the store.
  crypto::NodeSource TreeNodes() const;
  // "tree/<level, 2 digits>/<index, 20 digits>": zero-padded decimal, so
  // the keys sort by level, then index.
  static std::string TreeNodeKey(uint64_t level, uint64_t index);

 private:
  class Txn;
  struct Op;

  Meeting(storage::Store* store, const crypto::Ed25519PrivateKey* key,
          std::string id, std::string secrets_path,
          storage::RocksDbStoreOptions urn_options, ReplicaKeys* replica_keys);

  // Submit queues `op` on the log and returns once it is durable or refused.
  absl::Status Submit(Op* op);
  // SubmitAsync queues `op` and returns at once; `done` gets its status
  // (`op->tree` set) once it is durable or refused, on the log's completion
  // or committer thread, or at once if the meeting is retired. `op` must
  // live until then.
  void SubmitAsync(Op* op, std::function<void(absl::Status)> done);
  // `op` as the log queues it (`op` must outlive it).
  chainlog::ChainLog::Op Queued(Op* op);
  // Checks a cast before it is queued: the form, recusals (rule B4), and
  // that this server issued the credential.
  absl::Status CheckCast(const v1::Credential& credential, const v1::Ballot& ballot);
  // The op that appends a named ballot; `sealed` receives the entry.
  Op CastOp(const v1::Credential& credential, const v1::Ballot& ballot,
            ledger::SealedEntry* sealed);
  // Counts a write under way, unless the meeting is retired (NOT_FOUND).
  absl::Status BeginWrite();
  void EndWrite();
  // Appends one officer entry built by `build` (given the state, under the
  // lock) and reports where it landed.
  absl::StatusOr<v1::OfficerInputResponse> AppendOfficerEntry(
      const std::function<absl::StatusOr<v1::Entry>(const tally::MeetingState&)>& build);
  // The same for an entry that names an earlier one by hash: `head_hash` is
  // the hash of the last entry (the new entry's prev_hash).
  absl::StatusOr<v1::OfficerInputResponse> AppendLinkedOfficerEntry(
      const std::function<absl::StatusOr<v1::Entry>(const tally::MeetingState&,
                                                    absl::string_view head_hash)>& build);
  absl::Status Replay();
  // The commitment of `voter_id` for a paper slip of `form`: empty for an
  // anonymous form (and voter_id must be), else the checked-in voter's.
  absl::StatusOr<std::string> PaperVoter(const tally::MeetingState& state,
                                         const std::string& form_id,
                                         const std::string& voter_id) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(state_mu_);
  // Rebuilds every field below from the store (and the urn), as at start-up.
  absl::Status ReplayLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(state_mu_);
  // Loads the secrets and the urn of an open meeting with anonymous forms,
  // or destroys the secrets of a closed one.
  absl::Status RestoreSecrets() ABSL_EXCLUSIVE_LOCKS_REQUIRED(state_mu_);
  // Takes up the token keys of `secrets` (checked against entry 0's public
  // keys) and opens the urn under its key if it is not open.
  absl::Status OpenSecrets(const v1::MeetingSecrets& secrets)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(state_mu_);
  // One of the urn's ballots as the close writes it.
  struct UrnBallot {
    std::string hash;
    std::string bytes;
    std::string form_id;
  };
  // Appends the urn's ballots not yet on the chain, in hash order, as many
  // as fit the group; `more` says whether some (or `closing`, the entry to
  // follow them) are left for the next group. With `check_all` (the first
  // group of a close) it reads the urn into `run`, sorted, and checks every
  // ballot left and `closing` on a copy of the state, so the run cannot be
  // refused half-way; later groups of the same close reuse `run`.
  absl::Status MoveUrn(Txn& txn, const v1::Entry& closing, bool check_all,
                       std::vector<UrnBallot>* run, bool* more)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(state_mu_);
  absl::StatusOr<v1::AnonymousReceipt> CastIntoUrn(const v1::AnonymousToken& token,
                                                   const v1::Ballot& ballot);
  void DestroySecrets() ABSL_EXCLUSIVE_LOCKS_REQUIRED(state_mu_);
  // Erases the secrets and the urn wherever they are: the local file and
  // urn directory, or on a shared store the urn and secrets chains (purged)
  // and this replica's copy of the meeting's key slot. OK if gone already.
  absl::Status EraseSecrets() ABSL_EXCLUSIVE_LOCKS_REQUIRED(state_mu_);
  // The meeting's secrets on a shared store, opened with the replica keys.
  absl::StatusOr<v1::MeetingSecrets> ReadSharedSecrets() ABSL_EXCLUSIVE_LOCKS_REQUIRED(state_mu_);
  // CheckIn's checks before the log, and the op that stages it
  // (meeting.cc); HandOut signs what a durable check-in hands out.
  struct CheckInPlan;
  absl::StatusOr<std::unique_ptr<CheckInPlan>> PlanCheckIn(
      const std::string& voter_id, const std::string& kiosk,
      const std::vector<v1::BlindedToken>& blinded_tokens, const SlipCheckIn& slip);
  absl::StatusOr<v1::CheckInResponse> HandOut(const CheckInPlan& plan);
  // An anonymous form's blinded token to sign once its issue is durable.
  struct ToSign {
    std::string form_id;
    std::string group;  // of the key
    std::shared_ptr<const crypto::BlindRsaPrivateKey> signer;
    std::string blinded_message;
  };
  // What a durable check-in or slip redemption hands out, outside the state
  // lock: a credential per named form for `commitment` (remembered for the
  // casts) and a blind signature per token (the RSA private operations).
  absl::Status Issue(const std::vector<std::string>& named_forms, const std::string& commitment,
                     const std::vector<ToSign>& to_sign,
                     google::protobuf::RepeatedPtrField<v1::Credential>* credentials,
                     google::protobuf::RepeatedPtrField<v1::BlindSignature>* signatures);
  uint32_t UrnCount(absl::string_view form_id) const ABSL_SHARED_LOCKS_REQUIRED(state_mu_);

  // Writes under way (Submit, CastAsync until its done); Retire sets
  // `retired_`, which turns every later one away, and waits for none.
  absl::Mutex retire_mu_;
  bool retired_ ABSL_GUARDED_BY(retire_mu_) = false;
  int writes_ ABSL_GUARDED_BY(retire_mu_) = 0;

  storage::Store* const store_;
  const crypto::Ed25519PrivateKey* const key_;
  const std::string id_;
  const std::string secrets_path_;
  const storage::RocksDbStoreOptions urn_options_;
  // On a store other gongxind write too (etcd): the secrets and the urn
  // live in the store, sealed under a slot of `replica_keys_`
  // (server/meeting_secrets.h), so that any replica can take over.
  ReplicaKeys* const replica_keys_;
  const bool shared_;
  absl::Status damage_;

  // Guards everything below: the replayed state, the chain head and the
  // voters' openings. Held exclusively while a group is prepared and
  // published, not while it syncs: only the group's leader changes the state
  // meanwhile, so readers may see a group's effects a moment before it is
  // durable (docs/design.md); what a reply acknowledges is always durable.
  mutable absl::Mutex state_mu_;
  // The chain: queue, group commit, Merkle tree. Set in the constructor.
  std::unique_ptr<chainlog::ChainLog> log_;
  // Set from the roll at create or load; immutable afterwards.
  std::unique_ptr<tally::Roll> roll_;
  tally::MeetingState state_ ABSL_GUARDED_BY(state_mu_);
  ledger::ChainHead head_ ABSL_GUARDED_BY(state_mu_);
  v1::SignedHead signed_head_ ABSL_GUARDED_BY(state_mu_);
  // The head signed for the group being written, adopted once it is durable.
  std::optional<v1::SignedHead> pending_head_ ABSL_GUARDED_BY(state_mu_);
  struct Opening {
    std::string salt;
    std::string commitment;
  };
  absl::flat_hash_map<std::string, Opening> openings_ ABSL_GUARDED_BY(state_mu_);
  // Anonymous forms. Public keys from the genesis entry; the private keys
  // and the urn key only while the meeting is open (shared with a CheckIn
  // that signs after its write is durable, outside the lock).
  // Keys are by (form id, TokenKey.group): one per group large enough to
  // be counted alone, "" for the shared key (tally/token_keys.h).
  std::vector<v1::TokenKey> token_keys_ ABSL_GUARDED_BY(state_mu_);
  absl::flat_hash_map<TokenKeyId, crypto::BlindRsaPublicKey> token_public_keys_
      ABSL_GUARDED_BY(state_mu_);
  absl::flat_hash_map<TokenKeyId, std::shared_ptr<const crypto::BlindRsaPrivateKey>>
      token_signers_ ABSL_GUARDED_BY(state_mu_);
  // The urn (server/urn.h): open from creation or start-up to the close.
  std::unique_ptr<Urn> urn_ ABSL_GUARDED_BY(state_mu_);
  // On a shared store: the urn chain's size as this replica last read or
  // wrote it (each write is conditional on it), whether the group being
  // written moves it, and the token keys once opened (a replay after
  // another replica's write need not open them again).
  uint64_t urn_size_ ABSL_GUARDED_BY(state_mu_) = 0;
  bool urn_marker_staged_ ABSL_GUARDED_BY(state_mu_) = false;
  absl::flat_hash_map<TokenKeyId, std::shared_ptr<const crypto::BlindRsaPrivateKey>>
      opened_signers_ ABSL_GUARDED_BY(state_mu_);
  // Credentials this server issued, "meeting\0form\0commitment" → signature:
  // a cast compares its credential with what the server keeps instead of
  // verifying the server's own signature again (an Ed25519 verify, the
  // largest cost of a cast). Filled at check-in and by the first cast of a
  // credential issued before a restart, which is verified in full.
  // Auditors still verify every signature in the export.
  mutable absl::Mutex issued_mu_;
  absl::flat_hash_map<std::string, std::string> issued_ ABSL_GUARDED_BY(issued_mu_);
  // The last checkpoint note signed, for the tree it covers.
  mutable absl::Mutex note_mu_;
  mutable LogHead note_tree_ ABSL_GUARDED_BY(note_mu_);
  mutable std::string note_ ABSL_GUARDED_BY(note_mu_);
  // Anonymous casts refused: logged as a total at the close, never one by one.
  std::atomic<uint64_t> anonymous_refused_{0};
  // What is in the urn: tokens spent, ballots per form. Rebuilt at start-up
  // by opening the urn.
  absl::flat_hash_set<std::string> spent_tokens_ ABSL_GUARDED_BY(state_mu_);
  absl::flat_hash_map<std::string, uint32_t> urn_count_ ABSL_GUARDED_BY(state_mu_);
  // The urn's ballots already on the chain (the close writes them in hash
  // order, over as many groups as they need): how many, and the last hash.
  uint64_t urn_moved_ ABSL_GUARDED_BY(state_mu_) = 0;
  std::string urn_moved_hash_ ABSL_GUARDED_BY(state_mu_);
  // "form/voter" → SHA-256 of the blinded token the voter was issued.
  absl::flat_hash_map<std::string, std::string> blinded_issued_ ABSL_GUARDED_BY(state_mu_);
  uint64_t count_seq_ ABSL_GUARDED_BY(state_mu_) = 0;
  std::string count_hash_ ABSL_GUARDED_BY(state_mu_);
};

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_MEETING_H_
