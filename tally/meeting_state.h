// The meeting state machine: the one place that decides whether a ledger
// entry may follow the entries before it. The server applies every entry it
// is about to write; the offline verifier replays every exported entry; both
// reach the same state and the same count.
#ifndef GONGXIN_TALLY_MEETING_STATE_H_
#define GONGXIN_TALLY_MEETING_STATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gongxin/v1/ledger.pb.h"
#include "gongxin/v1/meeting.pb.h"
#include "tally/ballot.h"
#include "tally/composite.h"
#include "tally/count.h"
#include "tally/rational.h"
#include "tally/roll.h"
#include "tally/selection_records.h"

namespace gongxin::tally {

inline constexpr size_t kVoterCommitmentSize = 32;
inline constexpr size_t kRollDigestSize = 32;
inline constexpr size_t kCredentialSignatureSize = 64;

// MeetingState folds a meeting's ledger entries, in order, into the meeting's
// status, its check-ins and casts, and the running count. It keeps per-voter
// flags (by commitment) and the count's aggregates, never the ballots.
//
// It does not check hashes, signatures or prev_hash linkage (the ledger layer
// and the caller's crypto do), but it does check that every entry carries the
// meeting id set by entry 0 and that entry.seq equals size().
//
// Not thread-safe: the caller serialises all calls (a const method may run
// concurrently only with other const methods).
class MeetingState {
 public:
  MeetingState() = default;

  // Check returns OK if `entry` may be applied now, without changing anything.
  // Failures, each naming the field path:
  // - any entry: FAILED_PRECONDITION if entry.seq is not size(), if entry 0 is
  //   not meeting_created, or if meeting_created comes later; INVALID_ARGUMENT
  //   if entry.meeting_id is not the meeting's (or, on entry 0, not a valid
  //   id) or the body is unset.
  // - meeting_created: ValidateSpec's error; INVALID_ARGUMENT if roll_size is
  //   not 1..200000 or roll_digest is not 32 bytes.
  // - state_changed: FAILED_PRECONDITION, naming both states, unless `from`
  //   is the current status and `to` the next one of DRAFT → ANNOUNCED →
  //   OPEN → CLOSED, or COUNTED → PUBLISHED (CLOSED → COUNTED happens only
  //   through count_recorded).
  //   token_keys must hold, for each anonymous form in spec order, the keys
  //   of that form: either one with an empty group, or distinct groups the
  //   form is given to, in spec order, optionally followed by one with an
  //   empty group (the shared key) — and nothing else (INVALID_ARGUMENT).
  //   Which groups get a key is checked against the roll by SetRoll; the
  //   keys themselves are the caller's to check.
  // - checked_in: FAILED_PRECONDITION unless OPEN, or when every voter on the
  //   roll is already checked in; INVALID_ARGUMENT if voter_commitment is not
  //   32 bytes, group is not declared, form_ids is empty, repeats a form or
  //   names one not given to the group; NOT_FOUND for an unknown form;
  //   ALREADY_EXISTS if the commitment is already checked in. Forms of both
  //   modes may be issued.
  // - ballot_cast: FAILED_PRECONDITION unless OPEN, or if the commitment is
  //   not checked in or did not receive the form; INVALID_ARGUMENT if
  //   voter_commitment is not 32 bytes, credential_signature not 64 bytes, or
  //   the form is anonymous; NOT_FOUND for an unknown form; ALREADY_EXISTS
  //   ("voter has already cast form X"); otherwise ClassifyBallot's error.
  // - anonymous_ballot: INVALID_ARGUMENT if the bytes do not parse as an
  //   AnonymousBallot, the form is named, the token is empty, or the group
  //   names no token key of the form; FAILED_PRECONDITION unless OPEN, or if
  //   the form, or the form under the ballot's token key, already holds as
  //   many anonymous ballots as check-ins issued it (ballots ≤ check-ins);
  //   NOT_FOUND for an unknown form; ALREADY_EXISTS if the token was spent
  //   by an earlier ballot; otherwise ClassifyBallot's error. The token's
  //   signature and the block's order are the caller's to check (crypto).
  // - count_recorded: FAILED_PRECONDITION unless CLOSED or if no roll is set;
  //   INVALID_ARGUMENT if result.ledger_size is not this entry's seq or the
  //   result differs from Count(seq) ("count_recorded.result differs from the
  //   recount: forms[0].questions[0].candidates[2].votes 7 != 8");
  //   FAILED_PRECONDITION if fewer distinct officers approved the count than
  //   spec.count_approvals_required (CheckApprovals).
  // - officer_score_entered, veto_entered (rules S-2, S-3): FAILED_PRECONDITION
  //   unless CLOSED, if the spec has no composite rule, or once any
  //   count_approved entry stands (approvals freeze the inputs);
  //   INVALID_ARGUMENT for an unknown rule_id, a candidate_id the rule does
  //   not rank, an indicator_id that is not an officer indicator of the rule,
  //   a value that is not exact or lies outside the indicator's scale, an
  //   empty or over-long reason, or an empty officer; ALREADY_EXISTS for a
  //   second score of the same (rule, candidate, indicator) or a second veto
  //   of the same (rule, candidate), whoever enters it.
  // - score_correction_proposed (issue 14): as officer_score_entered for the
  //   window, rule, candidate, indicator and value, plus INVALID_ARGUMENT for
  //   an empty or over-long reason or a value equal to the score in effect;
  //   FAILED_PRECONDITION if the candidate has no score for the indicator
  //   yet, or if superseded_seq is an officer score or proposal that is not
  //   the score in effect for (rule, candidate, indicator); NOT_FOUND if
  //   superseded_seq is no entry before this one; INVALID_ARGUMENT if it is
  //   another kind of entry, or if superseded_entry_hash is not that entry's
  //   hash; ALREADY_EXISTS while another proposal for the same score awaits
  //   approval.
  // - score_correction_approved: FAILED_PRECONDITION unless CLOSED or once a
  //   count_approved stands; INVALID_ARGUMENT for an empty officer, a
  //   proposal_seq that is not a score_correction_proposed, or a hash that is
  //   not its hash; NOT_FOUND for no such entry; PERMISSION_DENIED when the
  //   proposer approves (a second officer must); ALREADY_EXISTS when already
  //   approved. The approved value replaces the score in the composite.
  //   Entry hashes are taken from the entries' prev_hash (the hash of entry
  //   k is entry k+1's prev_hash, or this entry's own prev_hash for k =
  //   seq − 1): the caller checks the linkage, as for every entry.
  // - count_approved: FAILED_PRECONDITION unless CLOSED; INVALID_ARGUMENT for
  //   an empty officer; ALREADY_EXISTS if that officer already approved.
  // - slips_issued (voting by phone): FAILED_PRECONDITION once CLOSED (or
  //   closing); INVALID_ARGUMENT if the group is not declared or receives no
  //   form, if there are not 1..kMaxSlipsPerBatch hashes, a hash is not 32
  //   bytes, or they are not in strictly ascending order; ALREADY_EXISTS for
  //   a hash issued before.
  // - slip_voided: FAILED_PRECONDITION once CLOSED, or if the slip is void
  //   already, used, or bound to a voter; NOT_FOUND for a slip never issued.
  // - checked_in with by_slip: INVALID_ARGUMENT if a named form is issued and
  //   no slip_hash binds the voter's slip, or a slip_hash is given without
  //   by_slip; for slip_hash, NOT_FOUND if never issued, INVALID_ARGUMENT if
  //   issued to another group, FAILED_PRECONDITION if void, used or bound.
  // - slip_redeemed: FAILED_PRECONDITION unless OPEN, if the slip is void,
  //   or — for a slip nobody is bound to — once the group's unbound slips
  //   redeemed reach its voters checked in by slip without one (slips used ≤
  //   check-ins); ALREADY_EXISTS if used before; NOT_FOUND if never issued;
  //   INVALID_ARGUMENT unless form_ids are the bound voter's forms (a bound
  //   slip) or, for an unbound one, one or more anonymous forms given to the
  //   slip's group, in spec order.
  // - checked_in with by_paper: INVALID_ARGUMENT together with by_slip. A
  //   by-paper voter's ballot_cast is refused (FAILED_PRECONDITION), and
  //   anonymous_ballot entries are bounded by the check-ins not by paper.
  // - paper_ballot_entered, paper_ballot_confirmed, paper_ballot_rejected,
  //   paper_returns_recorded (meeting_state_paper.cc): FAILED_PRECONDITION
  //   unless CLOSED or once any count_approved entry stands; INVALID_ARGUMENT
  //   for an empty officer. Entered: NOT_FOUND for an unknown form;
  //   FAILED_PRECONDITION if nobody received the form on paper or its live
  //   (pending or confirmed) entries would outnumber the slips issued; for a
  //   named form voter_commitment must be a voter checked in by paper with
  //   the form (INVALID_ARGUMENT / FAILED_PRECONDITION) with no live entry
  //   for it (ALREADY_EXISTS), for an anonymous one it must be empty
  //   (INVALID_ARGUMENT); otherwise ClassifyBallot's error. Confirmed and
  //   rejected: NOT_FOUND unless entered_seq is a paper_ballot_entered entry;
  //   ALREADY_EXISTS if already confirmed, FAILED_PRECONDITION if rejected
  //   (or, to reject, confirmed); confirming: PERMISSION_DENIED for the
  //   officer who entered it; rejecting: INVALID_ARGUMENT without a reason.
  //   Returns: NOT_FOUND for an unknown form; FAILED_PRECONDITION if nobody
  //   received it on paper; INVALID_ARGUMENT if issued is not the by-paper
  //   check-ins with the form; ALREADY_EXISTS for a second one of a form.
  // - document_recorded, notice_published, notice_outcome_recorded,
  //   observer_opinion_recorded (issue 16): SelectionRecords::Check.
  // - sample_drawn (a sampled survey, tally/sample.h): FAILED_PRECONDITION
  //   if the spec draws no sample, before SetRoll, or once the meeting has
  //   opened; ALREADY_EXISTS for a second draw; INVALID_ARGUMENT for an
  //   empty or over-long beacon, a seed that is not 32 bytes, an empty
  //   actor, a voter_id that is not on the roll, is repeated or is of a
  //   group the sample does not draw from, and a group drawn with another
  //   number of voters than ParticipantsByGroup gives it. Whether the seed
  //   and the ids are the draw is the caller's to check (ledger::
  //   CheckSampleDrawn), as for signatures. A sampled meeting cannot open
  //   (state_changed to OPEN: FAILED_PRECONDITION) before its draw.
  absl::Status Check(const v1::Entry& entry) const;

  // Apply checks `entry` as Check does and, only if it may be applied,
  // applies it. On error nothing changes.
  absl::Status Apply(const v1::Entry& entry);

  // SetRoll gives the state the roll committed to by entry 0, from which it
  // takes each form's due (应到) for Count(). The caller checks the roll's
  // digest. Fails with FAILED_PRECONDITION before entry 0 or if a roll is
  // already set; INVALID_ARGUMENT if the roll's size is not roll_size(), a
  // voter's group is not declared in spec(), or an anonymous form's token
  // keys are not for the groups TokenKeyGroups gives for this roll (a group
  // too small to be counted alone must not have a key of its own).
  absl::Status SetRoll(const Roll& roll);

  // Count returns the tally over entries [0, ledger_size) with the turnout
  // from the roll and the check-ins; the state can only count what it has
  // applied, so `ledger_size` must be size(). Fails with FAILED_PRECONDITION
  // before entry 0, before SetRoll, or when ledger_size is not size().
  absl::StatusOr<v1::TallyResult> Count(uint64_t ledger_size) const;

  // MEETING_STATUS_UNSPECIFIED before entry 0.
  v1::MeetingStatus status() const { return status_; }
  // Closing: the urn's anonymous ballots have begun to join the chain (they
  // do so at the close, in one run, possibly over several store batches).
  // Only more of them and the transition to CLOSED may follow.
  bool closing() const { return closing_; }
  // Empty before entry 0.
  const std::string& meeting_id() const { return meeting_id_; }
  // Empty before entry 0.
  const v1::MeetingSpec& spec() const { return spec_; }
  // Number of entries applied, i.e. the seq the next entry must carry.
  uint64_t size() const { return size_; }
  uint32_t roll_size() const { return roll_size_; }
  bool has_roll() const { return has_roll_; }
  // 应到: the voters who may take part — the roll, or in a sampled survey
  // the sample (drawn or not yet), once SetRoll has run; roll_size() before.
  uint32_t due_size() const { return due_size_; }
  // A sampled survey (spec.sample): whether its draw is on the chain, at
  // which entry, and whether `voter_id` of `group` may take part (true for
  // everyone when the spec draws no sample, and for a group taken whole).
  bool sample_drawn() const { return sample_seq_.has_value(); }
  std::optional<uint64_t> sample_seq() const { return sample_seq_; }
  bool InSample(absl::string_view voter_id, absl::string_view group) const;
  // The draw for documents: per group of the spec with voters on the roll,
  // how many and how many take part; the draw's entry, beacon and seed.
  v1::SampleInfo SampleSummary() const;
  // 实到: voters checked in.
  uint32_t checked_in_count() const { return static_cast<uint32_t>(voters_.size()); }
  // Ballots cast, all forms together.
  uint32_t cast_count() const { return cast_count_; }
  // 发出: check-ins that included `form_id` (0 for an unknown form).
  uint32_t issued(absl::string_view form_id) const;
  // 应到 of `form_id` (0 for an unknown form, or before SetRoll).
  uint32_t form_due(absl::string_view form_id) const;
  // 收回: ballots cast on `form_id` (0 for an unknown form).
  uint32_t returned(absl::string_view form_id) const;

  // The TokenKey.group of the key that signs tokens of anonymous form
  // `form_id` for a voter of `voter_group`: the group if it has a key of its
  // own, else "" (the shared key).
  std::string TokenKeyGroup(absl::string_view form_id, absl::string_view voter_group) const;

  bool IsCheckedIn(absl::string_view voter_commitment) const;
  bool HasCast(absl::string_view voter_commitment, absl::string_view form_id) const;
  // The forms the voter received at check-in, in spec order (empty if not
  // checked in).
  std::vector<std::string> CheckedInForms(absl::string_view voter_commitment) const;
  // Whether the voter checked in to vote by slip.
  bool CheckedInBySlip(absl::string_view voter_commitment) const;
  // Whether the voter checked in to vote on paper.
  bool CheckedInByPaper(absl::string_view voter_commitment) const;
  // A paper ballot entry, by its seq; nullptr if `seq` is none.
  struct PaperEntry {
    int form = -1;             // spec position
    std::string voter;         // commitment; named forms only
    std::string officer;       // who entered it
    v1::Ballot ballot;         // as entered
    std::vector<AnswerStatus> statuses;
    enum class Stage { kPending, kConfirmed, kRejected } stage = Stage::kPending;
  };
  const PaperEntry* FindPaperEntry(uint64_t seq) const;

  // A slip as the ledger knows it (by ledger::SlipHash).
  struct Slip {
    std::string group;
    bool voided = false;
    bool redeemed = false;
    std::string bound_to;  // voter commitment, for a slip bound at check-in
  };
  const Slip* FindSlip(absl::string_view slip_hash) const;
  // Per group: slips issued, void, used; check-ins by slip.
  struct SlipTally {
    uint32_t issued = 0;
    uint32_t voided = 0;
    uint32_t redeemed = 0;
    uint32_t checked_in = 0;
    // Of redeemed and checked_in: those without a bound slip.
    uint32_t redeemed_unbound = 0;
    uint32_t checked_in_unbound = 0;
  };
  const absl::flat_hash_map<std::string, SlipTally>& slip_tallies() const {
    return slip_tallies_;
  }
  // The forms an unbound slip of `group` carries: the anonymous forms given
  // to the group, in spec order.
  std::vector<std::string> UnboundSlipForms(absl::string_view group) const;

  // CheckApprovals returns FAILED_PRECONDITION, saying how many distinct
  // officers approved and how many the spec requires, unless enough have.
  absl::Status CheckApprovals() const;
  // Officers who approved the count, in ledger order.
  const std::vector<std::string>& approvals() const { return approvals_; }
  // The officer score in effect for (rule, candidate, indicator) — in a
  // by_panel rule, inspector `inspector`'s; elsewhere `inspector` is "": the
  // entry that set it (an officer_score_entered, or the proposal of an
  // approved correction) and its value as written; nullptr if none.
  struct ScoreInEffect {
    uint64_t seq = 0;
    std::string value;
  };
  const ScoreInEffect* FindScoreInEffect(absl::string_view rule_id, absl::string_view candidate_id,
                                         absl::string_view indicator_id,
                                         absl::string_view inspector = "") const;
  // A proposed correction of an officer score, and its approval if any.
  struct Correction {
    uint64_t seq = 0;  // of the score_correction_proposed entry
    v1::ScoreCorrectionProposed proposal;
    std::string old_value;  // the superseded entry's value
    std::string approver;   // empty while it awaits approval
    uint64_t approval_seq = 0;
  };
  // Corrections in ledger order of their proposals.
  const std::vector<Correction>& corrections() const { return corrections_; }
  // The correction proposed at entry `seq`, or nullptr.
  const Correction* FindCorrection(uint64_t seq) const;
  // The hash of entry `seq` if it is an officer score or a correction
  // proposal and a later entry has been applied (its prev_hash); else "".
  std::string OfficerEntryHash(uint64_t seq) const;

  // Documents by hash, the 任前公示 and its outcomes, observers' opinions.
  const SelectionRecords& selection() const { return selection_; }

  // The result of the last count_recorded entry, or nullptr if none.
  const v1::TallyResult* last_count() const { return last_count_ ? &*last_count_ : nullptr; }

 private:
  // Forms of one voter, as bit masks over spec.forms (at most 64 forms).
  struct VoterForms {
    uint64_t issued = 0;
    uint64_t cast = 0;
    std::string group;  // from the check-in, for the per-group tallies
    bool by_slip = false;
    bool by_paper = false;
    uint64_t paper_live = 0;  // forms with a pending or confirmed paper entry
  };
  // What a checked entry changes, computed once by CheckEntry for Apply.
  struct Effect {
    uint64_t issued_forms = 0;           // checked_in
    int cast_form = -1;                  // ballot_cast
    std::vector<AnswerStatus> statuses;  // ballot_cast, anonymous_ballot
    v1::AnonymousBallot anonymous;       // anonymous_ballot
    Rational score;                      // officer_score_entered
  };

  absl::StatusOr<Effect> CheckEntry(const v1::Entry& entry) const;
  absl::Status CheckMeetingCreated(const v1::MeetingCreated& body) const;
  absl::Status CheckStateChanged(const v1::StateChanged& body) const;
  absl::StatusOr<uint64_t> CheckCheckedIn(const v1::CheckedIn& body) const;
  absl::StatusOr<Effect> CheckBallotCast(const v1::BallotCast& body) const;
  absl::StatusOr<Effect> CheckAnonymousBallot(absl::string_view bytes) const;
  absl::Status CheckCountRecorded(uint64_t seq, const v1::CountRecorded& body) const;
  absl::StatusOr<Effect> CheckOfficerScore(const v1::OfficerScoreEntered& body) const;
  absl::Status CheckVeto(const v1::VetoEntered& body) const;
  absl::Status CheckCountApproved(const v1::CountApproved& body) const;
  absl::Status CheckSampleDrawn(const v1::SampleDrawn& body) const;
  // meeting_state_corrections.cc
  absl::StatusOr<Effect> CheckCorrectionProposed(const v1::Entry& entry) const;
  absl::Status CheckCorrectionApproved(const v1::Entry& entry) const;
  // The hash of entry `seq` < size() as `entry` (about to be applied) and the
  // entries before it attest it; "" if unknown.
  std::string HashBefore(const v1::Entry& entry, uint64_t seq) const;
  void ApplyCorrectionEntry(const v1::Entry& entry);
  // meeting_state_slips.cc
  absl::Status CheckSlipsIssued(const v1::SlipsIssued& body) const;
  absl::Status CheckSlipVoided(const v1::SlipVoided& body) const;
  absl::Status CheckCheckInSlip(const v1::CheckedIn& body, uint64_t forms) const;
  absl::Status CheckSlipRedeemed(const v1::SlipRedeemed& body) const;
  // A slip still unused, for `path`: NOT_FOUND, or FAILED_PRECONDITION /
  // ALREADY_EXISTS saying it is void, used or bound.
  absl::StatusOr<const Slip*> UsableSlip(absl::string_view path, absl::string_view hash,
                                         bool allow_bound) const;
  void ApplySlipEntry(const v1::Entry& entry);
  // meeting_state_paper.cc
  absl::Status CheckCheckInPaper(const v1::CheckedIn& body) const;
  absl::StatusOr<Effect> CheckPaperEntered(const v1::PaperBallotEntered& body) const;
  absl::Status CheckPaperConfirmed(const v1::PaperBallotConfirmed& body) const;
  absl::Status CheckPaperRejected(const v1::PaperBallotRejected& body) const;
  absl::Status CheckPaperReturns(const v1::PaperReturnsRecorded& body) const;
  // The window paper inputs share with officer inputs: CLOSED, no approval.
  absl::Status RequireInputWindow(absl::string_view body_name) const;
  // Electronic check-ins with form position f, overall and under key group.
  uint32_t ElectronicIssued(int form) const;
  absl::Status ApplyPaperEntry(const v1::Entry& entry, Effect effect);
  // The group a confirmed paper ballot counts under (as an anonymous
  // ballot's: the voter's for a named form, else the form's one group).
  std::string PaperGroup(const PaperEntry& entry) const;
  // Adds the paper part, the electronic part and the reconciliation to a
  // form that some voter received on paper.
  absl::Status AddPaperParts(const TurnoutFigures& turnout, v1::TallyResult* result) const;
  // Shared by scores and vetoes: status, approvals, rule and candidate.
  absl::StatusOr<const v1::CompositeRule*> CheckOfficerInput(absl::string_view body_name,
                                                             absl::string_view rule_id,
                                                             absl::string_view candidate_id,
                                                             absl::string_view officer) const;
  absl::Status RequireStatus(absl::string_view body_name, v1::MeetingStatus wanted) const;
  // The key of scores_in_effect_.
  static std::string ScoreKey(absl::string_view rule_id, absl::string_view candidate_id,
                              absl::string_view indicator_id, absl::string_view inspector);
  // Whose score an officer_score_entered by `officer` is: the officer in a
  // by_panel rule, else "" (one score per indicator, whoever enters it).
  std::string ScoreInspector(absl::string_view rule_id, absl::string_view officer) const;
  // In a by_panel rule: `officer` must be on the panel (PERMISSION_DENIED)
  // and not recused from the candidate (FAILED_PRECONDITION naming the rule).
  absl::Status CheckInspector(absl::string_view field_path, const v1::CompositeRule& rule,
                              absl::string_view candidate_id, absl::string_view inspector,
                              bool permission) const;
  // TokenKeyGroup by form position.
  std::string KeyGroupAt(int form, absl::string_view voter_group) const;
  const VoterForms* FindVoter(absl::string_view voter_commitment) const;

  uint64_t size_ = 0;
  std::string meeting_id_;
  v1::MeetingStatus status_ = v1::MEETING_STATUS_UNSPECIFIED;
  v1::MeetingSpec spec_;
  uint32_t roll_size_ = 0;
  uint32_t due_size_ = 0;  // SetRoll
  // A sampled survey: each voter's group on the roll (SetRoll), who takes
  // part by group (ParticipantsByGroup), the draw and its entry.
  absl::flat_hash_map<std::string, std::string> population_groups_;
  absl::flat_hash_map<std::string, uint32_t> participants_;
  absl::flat_hash_map<std::string, uint32_t> population_counts_;
  v1::SampleDrawn sample_body_;  // without voter_ids
  absl::flat_hash_set<std::string> drawn_;
  std::optional<uint64_t> sample_seq_;
  std::optional<Counter> counter_;  // from entry 0
  std::vector<uint32_t> issued_;    // by form position
  // issued_by_group_[f][group]: check-ins of `group` that included form f.
  std::vector<absl::flat_hash_map<std::string, uint32_t>> issued_by_group_;
  // form_group_due_[f][group]: voters of `group` on the roll given form f.
  std::vector<absl::flat_hash_map<std::string, uint32_t>> form_group_due_;
  bool has_roll_ = false;
  std::vector<uint32_t> form_due_;                       // by form position; SetRoll
  // By form position: the TokenKey groups of an anonymous form (entry 0),
  // and its anonymous ballots counted per key group.
  std::vector<std::vector<std::string>> key_groups_;
  std::vector<absl::flat_hash_map<std::string, uint32_t>> returned_by_key_;
  // By form position: the one group an anonymous ballot of the form belongs
  // to when the form is given to a single group, else "".
  std::vector<std::string> implied_group_;
  absl::flat_hash_map<std::string, VoterForms> voters_;  // by commitment
  uint32_t cast_count_ = 0;
  bool closing_ = false;
  // Token messages of anonymous ballots applied so far: each may be spent once.
  absl::flat_hash_set<std::string> spent_tokens_;
  std::optional<v1::TallyResult> last_count_;
  // Officer inputs (rules S-2, S-3) and count approvals, in ledger order.
  OfficerInputs officer_inputs_;
  std::vector<std::string> approvals_;
  // Scores in effect by ScoreKey; hashes of officer score and proposal
  // entries by seq (filled from the next entry's prev_hash); the entry kind
  // at seq (true: a proposal) for refusals that name it.
  absl::flat_hash_map<std::string, ScoreInEffect> scores_in_effect_;
  absl::flat_hash_map<uint64_t, std::string> officer_entry_hashes_;
  absl::flat_hash_map<uint64_t, bool> officer_entries_;
  std::vector<Correction> corrections_;
  absl::flat_hash_map<uint64_t, size_t> correction_index_;  // by proposal seq
  // Slips for voting by phone, by hash; and per group.
  absl::flat_hash_map<std::string, Slip> slips_;
  absl::flat_hash_map<std::string, SlipTally> slip_tallies_;
  // Paper ballots. The same ballots are counted three ways: counter_ all of
  // them (the result), electronic_ and paper_ each part alone — one Counter
  // class, so the parts cannot be counted by other rules than the whole.
  std::optional<Counter> electronic_;
  std::optional<Counter> paper_;
  struct PaperForm {
    uint32_t issued = 0;  // by-paper check-ins with the form
    absl::flat_hash_map<std::string, uint32_t> issued_by_group;
    uint32_t live = 0;    // entries pending or confirmed
    uint32_t confirmed = 0;
    uint32_t ungrouped = 0;  // of confirmed, counted under no group
    uint32_t rejected = 0;
    bool returns_recorded = false;
    uint32_t returned = 0;
  };
  std::vector<PaperForm> paper_forms_;  // by form position
  uint32_t present_by_paper_ = 0;
  // Entries pending keep their ballot until confirmed or rejected.
  absl::flat_hash_map<uint64_t, PaperEntry> paper_entries_;
  SelectionRecords selection_;
};

// The most slips one slips_issued entry may carry.
inline constexpr int kMaxSlipsPerBatch = 5000;

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_MEETING_STATE_H_
