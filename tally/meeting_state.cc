// The meeting state machine over ledger entries.
#include "tally/meeting_state.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "tally/diff.h"
#include "tally/ids.h"
#include "tally/inspection.h"
#include "tally/meeting_state_checks.h"
#include "tally/rules_spec.h"
#include "tally/sample.h"
#include "tally/spec.h"
#include "tally/text.h"
#include "tally/token_keys.h"
#include "util/status_macros.h"

namespace gongxin::tally {
namespace {

// "OPEN" for MEETING_STATUS_OPEN; "status 9" for a value this version lacks.
std::string StatusName(v1::MeetingStatus status) {
  const std::string& name = v1::MeetingStatus_Name(status);
  if (name.empty()) return absl::StrCat("status ", static_cast<int>(status));
  return std::string(absl::StripPrefix(name, "MEETING_STATUS_"));
}

// The status a state_changed entry may move to from `from`, if any.
std::optional<v1::MeetingStatus> NextStatus(v1::MeetingStatus from) {
  switch (from) {
    case v1::MEETING_STATUS_DRAFT:
      return v1::MEETING_STATUS_ANNOUNCED;
    case v1::MEETING_STATUS_ANNOUNCED:
      return v1::MEETING_STATUS_OPEN;
    case v1::MEETING_STATUS_OPEN:
      return v1::MEETING_STATUS_CLOSED;
    case v1::MEETING_STATUS_COUNTED:
      return v1::MEETING_STATUS_PUBLISHED;
    default:
      return std::nullopt;
  }
}

// "meeting_created", "checked_in", ... for the body set in `entry`.
std::string BodyName(const v1::Entry& entry) {
  const auto* field = entry.GetDescriptor()->FindFieldByNumber(entry.body_case());
  return field == nullptr ? "body" : field->name();
}

}  // namespace

absl::Status MeetingState::Check(const v1::Entry& entry) const {
  return CheckEntry(entry).status();
}

absl::Status MeetingState::Apply(const v1::Entry& entry) {
  ASSIGN_OR_RETURN(Effect effect, CheckEntry(entry));
  // Entry seq-1's hash is this entry's prev_hash: keep it for officer
  // scores and proposals, which later corrections name by hash.
  if (entry.seq() > 0 && officer_entries_.contains(entry.seq() - 1)) {
    officer_entry_hashes_[entry.seq() - 1] = entry.prev_hash();
  }
  switch (entry.body_case()) {
    case v1::Entry::kMeetingCreated: {
      const v1::MeetingCreated& body = entry.meeting_created();
      meeting_id_ = entry.meeting_id();
      spec_ = body.spec();
      roll_size_ = body.roll_size();
      // Until SetRoll knows the groups, all of the roll (a sampled
      // survey's due is set by SetRoll, which follows entry 0 at once).
      due_size_ = body.roll_size();
      counter_.emplace(spec_);
      electronic_.emplace(spec_);
      paper_.emplace(spec_);
      paper_forms_.assign(spec_.forms_size(), {});
      issued_.assign(spec_.forms_size(), 0);
      issued_by_group_.assign(spec_.forms_size(), {});
      key_groups_.assign(spec_.forms_size(), {});
      returned_by_key_.assign(spec_.forms_size(), {});
      implied_group_.assign(spec_.forms_size(), "");
      for (const v1::TokenKey& key : body.token_keys()) {
        key_groups_[*FormIndex(spec_, key.form_id())].push_back(key.group());
      }
      for (int f = 0; f < spec_.forms_size(); ++f) {
        const v1::Form& form = spec_.forms(f);
        if (form.mode() != v1::FORM_MODE_ANONYMOUS) continue;
        std::vector<std::string> pooled = PooledGroups(spec_, form, key_groups_[f]);
        if (key_groups_[f] == std::vector<std::string>{""}) {
          // One key: a form given to one group implies it; for several,
          // every group shares the key and none is counted apart.
          const std::vector<std::string> groups = FormGroups(spec_, form);
          if (groups.size() == 1) implied_group_[f] = groups[0];
        }
        electronic_->SetPooledGroups(form.id(), pooled);
        paper_->SetPooledGroups(form.id(), pooled);
        counter_->SetPooledGroups(form.id(), std::move(pooled));
      }
      status_ = v1::MEETING_STATUS_DRAFT;
      break;
    }
    case v1::Entry::kStateChanged:
      status_ = entry.state_changed().to();
      closing_ = false;
      break;
    case v1::Entry::kCheckedIn: {
      VoterForms& voter = voters_[entry.checked_in().voter_commitment()];
      voter.issued = effect.issued_forms;
      voter.group = entry.checked_in().group();
      voter.by_slip = entry.checked_in().by_slip();
      voter.by_paper = entry.checked_in().by_paper();
      if (voter.by_slip) ApplySlipEntry(entry);
      present_by_paper_ += voter.by_paper;
      for (int i = 0; i < spec_.forms_size(); ++i) {
        if (!(effect.issued_forms & FormBit(i))) continue;
        ++issued_[i];
        ++issued_by_group_[i][voter.group];
        if (voter.by_paper) {
          ++paper_forms_[i].issued;
          ++paper_forms_[i].issued_by_group[voter.group];
        }
      }
      break;
    }
    case v1::Entry::kBallotCast: {
      // Cannot fail after CheckEntry: the ballot was classified against its form.
      // A named ballot counts under its voter's group (rules A3, S-10, S-11).
      VoterForms& voter = voters_[entry.ballot_cast().voter_commitment()];
      RETURN_IF_ERROR(
          counter_->AddBallot(entry.ballot_cast().ballot(), effect.statuses, voter.group));
      RETURN_IF_ERROR(
          electronic_->AddBallot(entry.ballot_cast().ballot(), effect.statuses, voter.group));
      voter.cast |= FormBit(effect.cast_form);
      ++cast_count_;
      break;
    }
    case v1::Entry::kAnonymousBallot: {
      // An anonymous ballot names the group of the token key that signed it,
      // or none for the shared key; a form given to a single group implies
      // it (docs/threat-model.md, "Per-group tallies of anonymous forms").
      const v1::AnonymousBallot& ballot = effect.anonymous;
      const std::string group =
          ballot.group().empty() ? implied_group_[effect.cast_form] : ballot.group();
      RETURN_IF_ERROR(counter_->AddBallot(ballot.ballot(), effect.statuses, group));
      RETURN_IF_ERROR(electronic_->AddBallot(ballot.ballot(), effect.statuses, group));
      ++returned_by_key_[effect.cast_form][ballot.group()];
      spent_tokens_.insert(effect.anonymous.token_message());
      ++cast_count_;
      closing_ = true;
      break;
    }
    case v1::Entry::kCountRecorded:
      last_count_ = entry.count_recorded().result();
      status_ = v1::MEETING_STATUS_COUNTED;
      break;
    case v1::Entry::kOfficerScoreEntered: {
      const v1::OfficerScoreEntered& body = entry.officer_score_entered();
      const std::string inspector = ScoreInspector(body.rule_id(), body.officer());
      officer_inputs_.AddScore(body.rule_id(), body.candidate_id(), body.indicator_id(), inspector,
                               effect.score);
      scores_in_effect_[ScoreKey(body.rule_id(), body.candidate_id(), body.indicator_id(),
                                 inspector)] = ScoreInEffect{entry.seq(), body.value()};
      officer_entries_[entry.seq()] = false;
      break;
    }
    case v1::Entry::kScoreCorrectionProposed:
    case v1::Entry::kScoreCorrectionApproved:
      ApplyCorrectionEntry(entry);
      break;
    case v1::Entry::kVetoEntered: {
      const v1::VetoEntered& body = entry.veto_entered();
      v1::Veto veto;
      veto.set_reason(body.reason());
      veto.set_officer(body.officer());
      officer_inputs_.AddVeto(body.rule_id(), body.candidate_id(), std::move(veto));
      break;
    }
    case v1::Entry::kCountApproved:
      approvals_.push_back(entry.count_approved().officer());
      break;
    case v1::Entry::kSlipsIssued:
    case v1::Entry::kSlipVoided:
    case v1::Entry::kSlipRedeemed:
      ApplySlipEntry(entry);
      break;
    case v1::Entry::kPaperBallotEntered:
    case v1::Entry::kPaperBallotConfirmed:
    case v1::Entry::kPaperBallotRejected:
    case v1::Entry::kPaperReturnsRecorded:
      RETURN_IF_ERROR(ApplyPaperEntry(entry, std::move(effect)));
      break;
    case v1::Entry::kDocumentRecorded:
    case v1::Entry::kNoticePublished:
    case v1::Entry::kNoticeOutcomeRecorded:
    case v1::Entry::kObserverOpinionRecorded:
      selection_.Apply(entry);
      break;
    case v1::Entry::kSampleDrawn:
      sample_seq_ = entry.seq();
      drawn_.insert(entry.sample_drawn().voter_ids().begin(),
                    entry.sample_drawn().voter_ids().end());
      sample_body_ = entry.sample_drawn();
      sample_body_.clear_voter_ids();
      break;
    case v1::Entry::BODY_NOT_SET:
      break;  // refused by CheckEntry
  }
  ++size_;
  return absl::OkStatus();
}

absl::StatusOr<MeetingState::Effect> MeetingState::CheckEntry(const v1::Entry& entry) const {
  if (entry.seq() != size_) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "entry.seq: expected %d (entries applied so far), got %d", size_, entry.seq()));
  }
  if (entry.body_case() == v1::Entry::BODY_NOT_SET) {
    return absl::InvalidArgumentError("entry: no body set");
  }
  const bool genesis = entry.body_case() == v1::Entry::kMeetingCreated;
  if (size_ == 0) {
    if (!genesis) {
      return absl::FailedPreconditionError(
          absl::StrCat("entry 0 must be meeting_created (got ", BodyName(entry), ")"));
    }
    RETURN_IF_ERROR(ValidateId("entry.meeting_id", entry.meeting_id()));
  } else {
    if (entry.meeting_id() != meeting_id_) {
      return absl::InvalidArgumentError(
          absl::StrCat("entry.meeting_id: ", Quote(entry.meeting_id()), " is not this meeting (",
                       meeting_id_, ")"));
    }
    if (genesis) {
      return absl::FailedPreconditionError(
          absl::StrCat("meeting_created: only allowed as entry 0 (this is entry ", size_, ")"));
    }
  }

  if (closing_ && !entry.has_anonymous_ballot() &&
      !(entry.has_state_changed() && entry.state_changed().to() == v1::MEETING_STATUS_CLOSED)) {
    return absl::FailedPreconditionError(absl::StrCat(
        BodyName(entry), ": meeting is closing (its urn is joining the chain); only the urn's "
        "remaining ballots and the transition to CLOSED may follow — repeat the close"));
  }

  Effect effect;
  switch (entry.body_case()) {
    case v1::Entry::kMeetingCreated:
      RETURN_IF_ERROR(CheckMeetingCreated(entry.meeting_created()));
      break;
    case v1::Entry::kStateChanged:
      RETURN_IF_ERROR(CheckStateChanged(entry.state_changed()));
      break;
    case v1::Entry::kCheckedIn: {
      ASSIGN_OR_RETURN(effect.issued_forms, CheckCheckedIn(entry.checked_in()));
      RETURN_IF_ERROR(CheckCheckInPaper(entry.checked_in()));
      RETURN_IF_ERROR(CheckCheckInSlip(entry.checked_in(), effect.issued_forms));
      break;
    }
    case v1::Entry::kBallotCast: {
      ASSIGN_OR_RETURN(effect, CheckBallotCast(entry.ballot_cast()));
      break;
    }
    case v1::Entry::kAnonymousBallot: {
      ASSIGN_OR_RETURN(effect, CheckAnonymousBallot(entry.anonymous_ballot()));
      break;
    }
    case v1::Entry::kCountRecorded:
      RETURN_IF_ERROR(CheckCountRecorded(entry.seq(), entry.count_recorded()));
      break;
    case v1::Entry::kOfficerScoreEntered: {
      ASSIGN_OR_RETURN(effect, CheckOfficerScore(entry.officer_score_entered()));
      break;
    }
    case v1::Entry::kVetoEntered:
      RETURN_IF_ERROR(CheckVeto(entry.veto_entered()));
      break;
    case v1::Entry::kCountApproved:
      RETURN_IF_ERROR(CheckCountApproved(entry.count_approved()));
      break;
    case v1::Entry::kScoreCorrectionProposed: {
      ASSIGN_OR_RETURN(effect, CheckCorrectionProposed(entry));
      break;
    }
    case v1::Entry::kScoreCorrectionApproved:
      RETURN_IF_ERROR(CheckCorrectionApproved(entry));
      break;
    case v1::Entry::kSlipsIssued:
      RETURN_IF_ERROR(CheckSlipsIssued(entry.slips_issued()));
      break;
    case v1::Entry::kSlipVoided:
      RETURN_IF_ERROR(CheckSlipVoided(entry.slip_voided()));
      break;
    case v1::Entry::kSlipRedeemed:
      RETURN_IF_ERROR(CheckSlipRedeemed(entry.slip_redeemed()));
      break;
    case v1::Entry::kPaperBallotEntered: {
      ASSIGN_OR_RETURN(effect, CheckPaperEntered(entry.paper_ballot_entered()));
      break;
    }
    case v1::Entry::kPaperBallotConfirmed:
      RETURN_IF_ERROR(CheckPaperConfirmed(entry.paper_ballot_confirmed()));
      break;
    case v1::Entry::kPaperBallotRejected:
      RETURN_IF_ERROR(CheckPaperRejected(entry.paper_ballot_rejected()));
      break;
    case v1::Entry::kPaperReturnsRecorded:
      RETURN_IF_ERROR(CheckPaperReturns(entry.paper_returns_recorded()));
      break;
    case v1::Entry::kDocumentRecorded:
    case v1::Entry::kNoticePublished:
    case v1::Entry::kNoticeOutcomeRecorded:
    case v1::Entry::kObserverOpinionRecorded:
      RETURN_IF_ERROR(selection_.Check(entry, spec_, status_));
      break;
    case v1::Entry::kSampleDrawn:
      RETURN_IF_ERROR(CheckSampleDrawn(entry.sample_drawn()));
      break;
    case v1::Entry::BODY_NOT_SET:
      break;
  }
  return effect;
}

absl::Status MeetingState::CheckMeetingCreated(const v1::MeetingCreated& body) const {
  RETURN_IF_ERROR(ValidateSpec(body.spec()));
  if (body.roll_size() < 1 || body.roll_size() > static_cast<uint32_t>(kMaxVoters)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "meeting_created.roll_size: must be 1 to %d (got %d)", kMaxVoters, body.roll_size()));
  }
  RETURN_IF_ERROR(
      RequireSize("meeting_created.roll_digest", body.roll_digest(), kRollDigestSize));
  // Each anonymous form's keys, in spec order, and no other: one shared
  // key, or keys for distinct groups of the form in spec order, then
  // optionally the shared key.
  int next_key = 0;
  for (const v1::Form& form : body.spec().forms()) {
    if (form.mode() != v1::FORM_MODE_ANONYMOUS) continue;
    std::string path = absl::StrCat("meeting_created.token_keys[", next_key, "]");
    if (next_key >= body.token_keys_size()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": missing; anonymous form ", form.id(), " has no token key"));
    }
    if (body.token_keys(next_key).form_id() != form.id()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ".form_id: expected ", form.id(),
                                                     ", got ",
                                                     Quote(body.token_keys(next_key).form_id())));
    }
    int last_group = -1;  // spec position of the last keyed group
    bool shared = false;
    for (; next_key < body.token_keys_size() && body.token_keys(next_key).form_id() == form.id();
         ++next_key) {
      const v1::TokenKey& key = body.token_keys(next_key);
      path = absl::StrCat("meeting_created.token_keys[", next_key, "]");
      if (key.public_key_der().empty()) {
        return absl::InvalidArgumentError(absl::StrCat(path, ".public_key_der: empty"));
      }
      if (shared) {
        return absl::InvalidArgumentError(absl::StrCat(
            path, ": form ", form.id(), "'s shared key (empty group) must be its last"));
      }
      if (key.group().empty()) {
        shared = true;
        continue;
      }
      int position = 0;
      while (position < body.spec().groups_size() &&
             body.spec().groups(position).id() != key.group()) {
        ++position;
      }
      if (position == body.spec().groups_size() || !IsFormOpenToGroup(form, key.group())) {
        return absl::InvalidArgumentError(absl::StrCat(
            path, ".group: ", Quote(key.group()), " is not a group form ", form.id(),
            " is given to"));
      }
      if (position <= last_group) {
        return absl::InvalidArgumentError(absl::StrCat(
            path, ".group: ", Quote(key.group()), " repeats or is out of spec order"));
      }
      last_group = position;
    }
  }
  if (next_key != body.token_keys_size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("meeting_created.token_keys[", next_key,
                     "]: names no anonymous form (or is out of spec order)"));
  }
  return absl::OkStatus();
}

absl::Status MeetingState::CheckStateChanged(const v1::StateChanged& body) const {
  if (body.from() != status_) {
    return absl::FailedPreconditionError(absl::StrCat(
        "state_changed.from: meeting is ", StatusName(status_), ", not ", StatusName(body.from())));
  }
  const std::optional<v1::MeetingStatus> next = NextStatus(status_);
  if (next && body.to() == *next) {
    if (body.to() == v1::MEETING_STATUS_OPEN && spec_.has_sample() && !sample_seq_) {
      return absl::FailedPreconditionError(
          "state_changed.to: a sampled survey cannot open before its sample is drawn "
          "(sample_drawn)");
    }
    return absl::OkStatus();
  }
  std::string why;
  if (next) {
    why = absl::StrCat("the next status is ", StatusName(*next));
  } else if (status_ == v1::MEETING_STATUS_CLOSED) {
    why = "only a count_recorded entry moves a CLOSED meeting on";
  } else {
    why = absl::StrCat(StatusName(status_), " is final");
  }
  return absl::FailedPreconditionError(absl::StrCat("state_changed.to: cannot go from ",
                                                    StatusName(status_), " to ",
                                                    StatusName(body.to()), " (", why, ")"));
}

absl::Status MeetingState::RequireStatus(absl::string_view body_name,
                                         v1::MeetingStatus wanted) const {
  if (status_ == wanted) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat(body_name, ": meeting is ", StatusName(status_), ", not ", StatusName(wanted)));
}

absl::StatusOr<uint64_t> MeetingState::CheckCheckedIn(const v1::CheckedIn& body) const {
  RETURN_IF_ERROR(RequireStatus("checked_in", v1::MEETING_STATUS_OPEN));
  RETURN_IF_ERROR(
      RequireSize("checked_in.voter_commitment", body.voter_commitment(), kVoterCommitmentSize));
  if (FindVoter(body.voter_commitment()) != nullptr) {
    return absl::AlreadyExistsError("checked_in.voter_commitment: voter already checked in");
  }
  if (checked_in_count() >= due_size_) {
    return absl::FailedPreconditionError(absl::StrCat(
        "checked_in: all ", due_size_, " voters ", spec_.has_sample() ? "drawn" : "on the roll",
        " are already checked in"));
  }
  if (!IsGroupDeclared(spec_, body.group())) {
    return absl::InvalidArgumentError(absl::StrCat("checked_in.group: ", Quote(body.group()),
                                                   " is not a group declared in the spec"));
  }
  if (body.form_ids().empty()) {
    return absl::InvalidArgumentError("checked_in.form_ids: must name at least one form");
  }
  uint64_t forms = 0;
  for (int i = 0; i < body.form_ids_size(); ++i) {
    const std::string path = absl::StrCat("checked_in.form_ids[", i, "]");
    const std::string& id = body.form_ids(i);
    const std::optional<int> position = FormIndex(spec_, id);
    if (!position) {
      return absl::NotFoundError(absl::StrCat(path, ": unknown form ", Quote(id)));
    }
    const v1::Form& form = spec_.forms(*position);
    if (forms & FormBit(*position)) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": form ", id, " listed twice"));
    }
    if (!IsFormOpenToGroup(form, body.group())) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": form ", id, " is not given to group ", body.group()));
    }
    forms |= FormBit(*position);
  }
  return forms;
}

absl::StatusOr<MeetingState::Effect> MeetingState::CheckBallotCast(
    const v1::BallotCast& body) const {
  RETURN_IF_ERROR(RequireStatus("ballot_cast", v1::MEETING_STATUS_OPEN));
  RETURN_IF_ERROR(
      RequireSize("ballot_cast.voter_commitment", body.voter_commitment(), kVoterCommitmentSize));
  RETURN_IF_ERROR(RequireSize("ballot_cast.credential_signature", body.credential_signature(),
                              kCredentialSignatureSize));
  const std::string& form_id = body.ballot().form_id();
  const std::optional<int> position = FormIndex(spec_, form_id);
  if (!position) {
    return absl::NotFoundError(
        absl::StrCat("ballot_cast.ballot.form_id: unknown form ", Quote(form_id)));
  }
  const v1::Form& form = spec_.forms(*position);
  if (form.mode() != v1::FORM_MODE_NAMED) {
    return absl::InvalidArgumentError(absl::StrCat("ballot_cast.ballot.form_id: form ", form_id,
                                                   " is anonymous; it cannot be cast named"));
  }
  const VoterForms* voter = FindVoter(body.voter_commitment());
  if (voter == nullptr) {
    return absl::FailedPreconditionError("ballot_cast.voter_commitment: voter is not checked in");
  }
  if (!(voter->issued & FormBit(*position))) {
    return absl::FailedPreconditionError(absl::StrCat(
        "ballot_cast.ballot.form_id: voter did not receive form ", form_id, " at check-in"));
  }
  if (voter->cast & FormBit(*position)) {
    return absl::AlreadyExistsError(
        absl::StrCat("ballot_cast.ballot.form_id: voter has already cast form ", form_id));
  }
  if (voter->by_paper) {
    return absl::FailedPreconditionError(
        "ballot_cast.voter_commitment: voter checked in to vote on paper; their slip is "
        "entered by officers after the close");
  }
  Effect effect;
  effect.cast_form = *position;
  ASSIGN_OR_RETURN(effect.statuses, ClassifyBallot(form, body.ballot()));
  return effect;
}

absl::StatusOr<MeetingState::Effect> MeetingState::CheckAnonymousBallot(
    absl::string_view bytes) const {
  Effect effect;
  v1::AnonymousBallot& ballot = effect.anonymous;
  if (!ballot.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::InvalidArgumentError("anonymous_ballot: does not parse as an AnonymousBallot");
  }
  RETURN_IF_ERROR(RequireStatus("anonymous_ballot", v1::MEETING_STATUS_OPEN));
  const std::string& form_id = ballot.form_id();
  const std::optional<int> position = FormIndex(spec_, form_id);
  if (!position) {
    return absl::NotFoundError(
        absl::StrCat("anonymous_ballot.form_id: unknown form ", Quote(form_id)));
  }
  const v1::Form& form = spec_.forms(*position);
  if (form.mode() != v1::FORM_MODE_ANONYMOUS) {
    return absl::InvalidArgumentError(absl::StrCat("anonymous_ballot.form_id: form ", form_id,
                                                   " is named; its ballots carry a credential"));
  }
  if (ballot.ballot().form_id() != form_id) {
    return absl::InvalidArgumentError(absl::StrCat("anonymous_ballot.ballot.form_id: ",
                                                   Quote(ballot.ballot().form_id()),
                                                   " is not the ballot's form ", form_id));
  }
  if (ballot.token_message().empty() || ballot.token_signature().empty()) {
    return absl::InvalidArgumentError("anonymous_ballot: the token is missing");
  }
  if (spent_tokens_.contains(ballot.token_message())) {
    return absl::AlreadyExistsError(
        "anonymous_ballot.token_message: this token was already spent on another ballot");
  }
  const std::vector<std::string>& keys = key_groups_[*position];
  if (std::find(keys.begin(), keys.end(), ballot.group()) == keys.end()) {
    return absl::InvalidArgumentError(absl::StrCat("anonymous_ballot.group: form ", form_id,
                                                   " has no token key for group ",
                                                   Quote(ballot.group())));
  }
  // Voters checked in by paper received no token: only the others count.
  if (electronic_->returned(form_id) >= ElectronicIssued(*position)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "anonymous_ballot: form ", form_id, " would hold more ballots than the ",
        ElectronicIssued(*position), " check-ins that issued it electronically"));
  }
  // The same per key: a group's key signed one token per check-in of the
  // group, so it cannot stand behind more ballots.
  uint32_t issued_under_key = 0;
  for (const auto& [group, issued] : issued_by_group_[*position]) {
    if (KeyGroupAt(*position, group) != ballot.group()) continue;
    issued_under_key += issued;
    const auto& by_paper = paper_forms_[*position].issued_by_group;
    if (auto it = by_paper.find(group); it != by_paper.end()) issued_under_key -= it->second;
  }
  auto found = returned_by_key_[*position].find(ballot.group());
  const uint32_t returned_under_key =
      found == returned_by_key_[*position].end() ? 0 : found->second;
  if (returned_under_key >= issued_under_key) {
    return absl::FailedPreconditionError(absl::StrCat(
        "anonymous_ballot: form ", form_id, " would hold more ballots under the token key of ",
        ballot.group().empty() ? "the shared key" : Quote(ballot.group()), " than the ",
        issued_under_key, " check-ins it signed for"));
  }
  effect.cast_form = *position;
  ASSIGN_OR_RETURN(effect.statuses, ClassifyBallot(form, ballot.ballot()));
  return effect;
}

absl::Status MeetingState::CheckCountRecorded(uint64_t seq, const v1::CountRecorded& body) const {
  RETURN_IF_ERROR(RequireStatus("count_recorded", v1::MEETING_STATUS_CLOSED));
  RETURN_IF_ERROR(CheckApprovals());
  if (body.result().ledger_size() != seq) {
    return absl::InvalidArgumentError(
        absl::StrFormat("count_recorded.result.ledger_size: must be %d, this entry's seq (got %d)",
                        seq, body.result().ledger_size()));
  }
  ASSIGN_OR_RETURN(const v1::TallyResult recount, Count(seq));
  if (std::optional<std::string> diff = FirstDifference(body.result(), recount)) {
    return absl::InvalidArgumentError(
        absl::StrCat("count_recorded.result differs from the recount: ", *diff));
  }
  return absl::OkStatus();
}

absl::Status MeetingState::CheckApprovals() const {
  const uint32_t required = spec_.count_approvals_required();
  if (approvals_.size() >= required) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrFormat(
      "count: %d distinct officer(s) approved the count; the spec requires %d "
      "(count_approvals_required)",
      approvals_.size(), required));
}

absl::StatusOr<const v1::CompositeRule*> MeetingState::CheckOfficerInput(
    absl::string_view body_name, absl::string_view rule_id, absl::string_view candidate_id,
    absl::string_view officer) const {
  RETURN_IF_ERROR(RequireStatus(body_name, v1::MEETING_STATUS_CLOSED));
  if (!approvals_.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        body_name, ": the count has already been approved by ", approvals_.front(),
        "; approvals freeze officer inputs"));
  }
  if (officer.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(body_name, ".officer: required"));
  }
  ASSIGN_OR_RETURN(const v1::CompositeRule* rule,
                   ResolveCompositeRule(spec_, absl::StrCat(body_name, ".rule_id"), rule_id));
  if (rule->id() != rule_id) {
    return absl::InvalidArgumentError(absl::StrCat(body_name, ".rule_id: required"));
  }
  for (const v1::Candidate* c : RuleCandidates(spec_, *rule)) {
    if (c->id() == candidate_id) return rule;
  }
  return absl::InvalidArgumentError(absl::StrCat(body_name, ".candidate_id: ",
                                                 Quote(candidate_id),
                                                 " is not a candidate of composite rule ",
                                                 rule->id()));
}

absl::StatusOr<MeetingState::Effect> MeetingState::CheckOfficerScore(
    const v1::OfficerScoreEntered& body) const {
  ASSIGN_OR_RETURN(const v1::CompositeRule* rule,
                   CheckOfficerInput("officer_score_entered", body.rule_id(), body.candidate_id(),
                                     body.officer()));
  const v1::CompositeComponent* component = FindComponent(*rule, body.indicator_id());
  if (component == nullptr || !component->has_officer()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "officer_score_entered.indicator_id: ", Quote(body.indicator_id()),
        component == nullptr ? " is not an indicator of composite rule "
                             : " is taken from the ballots, not scored by officers, in rule ",
        rule->id()));
  }
  // A by_panel rule takes each inspector's own score (考察组逐项打分): only
  // the panel's inspectors, never one recused from the candidate (考察回避).
  if (rule->by_panel()) {
    RETURN_IF_ERROR(CheckInspector("officer_score_entered.officer", *rule, body.candidate_id(),
                                   body.officer(), /*permission=*/true));
  }
  Effect effect;
  ASSIGN_OR_RETURN(effect.score, tally::CheckOfficerScore(*component, "officer_score_entered.value",
                                                          body.value()));
  const std::string inspector = ScoreInspector(rule->id(), body.officer());
  if (officer_inputs_.FindScore(rule->id(), body.candidate_id(), body.indicator_id(),
                                inspector) != nullptr) {
    return absl::AlreadyExistsError(absl::StrCat(
        "officer_score_entered: candidate ", body.candidate_id(), " already has a score for ",
        body.indicator_id(), inspector.empty() ? "" : absl::StrCat(" by inspector ", inspector),
        " in rule ", rule->id(),
        " (a score is changed by a correction that a second officer approves)"));
  }
  return effect;
}

absl::Status MeetingState::CheckVeto(const v1::VetoEntered& body) const {
  ASSIGN_OR_RETURN(const v1::CompositeRule* rule,
                   CheckOfficerInput("veto_entered", body.rule_id(), body.candidate_id(),
                                     body.officer()));
  RETURN_IF_ERROR(ValidateText("veto_entered.reason", body.reason(),
                               {.required = true, .max_chars = kMaxVetoReasonChars}));
  if (officer_inputs_.FindVeto(rule->id(), body.candidate_id()) != nullptr) {
    return absl::AlreadyExistsError(absl::StrCat("veto_entered: candidate ", body.candidate_id(),
                                                 " is already vetoed in rule ", rule->id()));
  }
  return absl::OkStatus();
}

absl::Status MeetingState::CheckCountApproved(const v1::CountApproved& body) const {
  RETURN_IF_ERROR(RequireStatus("count_approved", v1::MEETING_STATUS_CLOSED));
  if (body.officer().empty()) {
    return absl::InvalidArgumentError("count_approved.officer: required");
  }
  if (std::find(approvals_.begin(), approvals_.end(), body.officer()) != approvals_.end()) {
    return absl::AlreadyExistsError(absl::StrCat("count_approved: officer ", Quote(body.officer()),
                                                 " has already approved this count"));
  }
  return absl::OkStatus();
}

absl::Status MeetingState::SetRoll(const Roll& roll) {
  if (size_ == 0) {
    return absl::FailedPreconditionError("SetRoll: no meeting_created entry applied yet");
  }
  if (has_roll_) return absl::FailedPreconditionError("SetRoll: the roll is already set");
  if (roll.size() != roll_size_) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "roll: %d voters, but meeting_created.roll_size is %d", roll.size(), roll_size_));
  }
  for (int i = 0; i < roll.proto().voters_size(); ++i) {
    const std::string& group = roll.proto().voters(i).group();
    if (!IsGroupDeclared(spec_, group)) {
      return absl::InvalidArgumentError(absl::StrCat("roll.voters[", i, "].group: ", Quote(group),
                                                     " is not a group declared in the spec"));
    }
  }
  // Every due follows who takes part: the roll, or a sampled survey's
  // sample, whose size per group is known before it is drawn.
  absl::flat_hash_map<std::string, uint32_t> counts = GroupCounts(roll.proto());
  absl::flat_hash_map<std::string, uint32_t> participants = ParticipantsByGroup(spec_, counts);
  std::vector<uint32_t> due;
  std::vector<absl::flat_hash_map<std::string, uint32_t>> group_due(spec_.forms_size());
  for (int f = 0; f < spec_.forms_size(); ++f) {
    group_due[f] = FormDueByGroup(spec_.forms(f), participants);
    uint32_t form_due = 0;
    for (const auto& [group, n] : group_due[f]) form_due += n;
    due.push_back(form_due);
  }
  for (int f = 0; f < spec_.forms_size(); ++f) {
    const v1::Form& form = spec_.forms(f);
    if (form.mode() != v1::FORM_MODE_ANONYMOUS) continue;
    const std::vector<std::string> want = TokenKeyGroups(spec_, form, group_due[f]);
    if (want != key_groups_[f]) {
      auto names = [](const std::vector<std::string>& groups) {
        std::vector<std::string> quoted;
        for (const std::string& g : groups) quoted.push_back(g.empty() ? "(shared)" : g);
        return absl::StrJoin(quoted, ", ");
      };
      return absl::InvalidArgumentError(absl::StrCat(
          "meeting_created.token_keys: form ", form.id(), " has keys for [", names(key_groups_[f]),
          "], but for this roll and min_group_size ", EffectiveMinGroupSize(spec_),
          " it must have keys for [", names(want), "]"));
    }
  }
  form_due_ = std::move(due);
  form_group_due_ = std::move(group_due);
  due_size_ = 0;
  for (const auto& [group, n] : participants) due_size_ += n;
  if (spec_.has_sample()) {
    for (const v1::Voter& voter : roll.proto().voters()) {
      population_groups_.emplace(voter.id(), voter.group());
    }
    participants_ = std::move(participants);
    population_counts_ = std::move(counts);
  }
  has_roll_ = true;
  return absl::OkStatus();
}

uint32_t MeetingState::form_due(absl::string_view form_id) const {
  const std::optional<int> f = FormIndex(spec_, form_id);
  if (!f || static_cast<size_t>(*f) >= form_due_.size()) return 0;
  return form_due_[*f];
}

bool MeetingState::InSample(absl::string_view voter_id, absl::string_view group) const {
  if (!spec_.has_sample() || FindStratum(spec_, group) == nullptr) return true;
  return drawn_.contains(voter_id);
}

v1::SampleInfo MeetingState::SampleSummary() const {
  v1::SampleInfo info;
  for (const v1::VoterGroup& g : spec_.groups()) {
    auto population = population_counts_.find(g.id());
    if (population == population_counts_.end()) continue;
    v1::SampleGroupInfo* group = info.add_groups();
    group->set_group(g.id());
    group->set_population(population->second);
    auto participants = participants_.find(g.id());
    group->set_participants(participants == participants_.end() ? 0 : participants->second);
  }
  if (sample_seq_) {
    info.set_drawn(true);
    info.set_seq(*sample_seq_);
    info.set_beacon(sample_body_.beacon());
    info.set_seed(sample_body_.seed());
  }
  return info;
}

absl::Status MeetingState::CheckSampleDrawn(const v1::SampleDrawn& body) const {
  if (!spec_.has_sample()) {
    return absl::FailedPreconditionError(
        "sample_drawn: the meeting draws no sample (spec.sample is unset)");
  }
  if (sample_seq_) {
    return absl::AlreadyExistsError(
        absl::StrCat("sample_drawn: the sample was drawn at entry ", *sample_seq_));
  }
  if (status_ != v1::MEETING_STATUS_DRAFT && status_ != v1::MEETING_STATUS_ANNOUNCED) {
    return absl::FailedPreconditionError(absl::StrCat(
        "sample_drawn: meeting is ", StatusName(status_), "; the sample is drawn before it opens"));
  }
  if (!has_roll_) return absl::FailedPreconditionError("sample_drawn: the roll is not set");
  RETURN_IF_ERROR(ValidateText("sample_drawn.beacon", body.beacon(), kTitleText));
  RETURN_IF_ERROR(RequireSize("sample_drawn.seed", body.seed(), 32));
  if (body.actor().empty()) return absl::InvalidArgumentError("sample_drawn.actor: empty");
  absl::flat_hash_set<std::string> seen;
  absl::flat_hash_map<std::string, uint32_t> drawn_by_group;
  for (int i = 0; i < body.voter_ids_size(); ++i) {
    const std::string& id = body.voter_ids(i);
    const std::string path = absl::StrCat("sample_drawn.voter_ids[", i, "]");
    auto voter = population_groups_.find(id);
    if (voter == population_groups_.end()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": ", Quote(id), " is not on the roll"));
    }
    if (FindStratum(spec_, voter->second) == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": ", Quote(id), " is of group ",
                                                     Quote(voter->second),
                                                     ", which the sample takes whole"));
    }
    if (!seen.insert(id).second) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": ", Quote(id), " is drawn twice"));
    }
    ++drawn_by_group[voter->second];
  }
  for (const v1::SampleStratum& stratum : spec_.sample().strata()) {
    auto want = participants_.find(stratum.group());
    const uint32_t wanted = want == participants_.end() ? 0 : want->second;
    const uint32_t got = drawn_by_group[stratum.group()];
    if (got != wanted) {
      return absl::InvalidArgumentError(
          absl::StrCat("sample_drawn.voter_ids: ", got, " voters of group ", Quote(stratum.group()),
                       " drawn; the sample takes ", wanted));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::TallyResult> MeetingState::Count(uint64_t ledger_size) const {
  if (size_ == 0) {
    return absl::FailedPreconditionError("count: no meeting_created entry applied yet");
  }
  if (!has_roll_) {
    return absl::FailedPreconditionError("count: the roll has not been set (SetRoll)");
  }
  if (ledger_size != size_) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "count: the state covers entries [0, %d), not [0, %d)", size_, ledger_size));
  }
  TurnoutFigures turnout;
  turnout.due = due_size_;
  turnout.present = checked_in_count();
  for (int i = 0; i < spec_.forms_size(); ++i) {
    FormTurnout& ft = turnout.forms[spec_.forms(i).id()];
    ft.due = form_due_[i];
    ft.issued = issued_[i];
    for (const auto& [group, due] : form_group_due_[i]) ft.groups[group].due = due;
    for (const auto& [group, issued] : issued_by_group_[i]) ft.groups[group].issued = issued;
    ft.paper_issued = paper_forms_[i].issued;
    ft.paper_returned = paper_forms_[i].returned;
  }
  v1::TallyResult result = counter_->Tally(meeting_id_, ledger_size, turnout);
  RETURN_IF_ERROR(AddPaperParts(turnout, &result));
  for (const v1::CompositeRule& rule : spec_.composites()) {
    ASSIGN_OR_RETURN(*result.add_composites(),
                     ComputeComposite(spec_, rule, result, officer_inputs_));
  }
  for (const std::string& officer : approvals_) result.add_approved_by(officer);
  return result;
}

std::string MeetingState::TokenKeyGroup(absl::string_view form_id,
                                        absl::string_view voter_group) const {
  const std::optional<int> position = FormIndex(spec_, form_id);
  return position ? KeyGroupAt(*position, voter_group) : "";
}

std::string MeetingState::KeyGroupAt(int form, absl::string_view voter_group) const {
  const std::vector<std::string>& keys = key_groups_[form];
  return !voter_group.empty() && std::find(keys.begin(), keys.end(), voter_group) != keys.end()
             ? std::string(voter_group)
             : "";
}

uint32_t MeetingState::issued(absl::string_view form_id) const {
  const std::optional<int> position = FormIndex(spec_, form_id);
  return position ? issued_[*position] : 0;
}

uint32_t MeetingState::returned(absl::string_view form_id) const {
  return counter_ ? counter_->returned(form_id) : 0;
}

const MeetingState::VoterForms* MeetingState::FindVoter(absl::string_view voter_commitment) const {
  auto it = voters_.find(voter_commitment);
  return it == voters_.end() ? nullptr : &it->second;
}

bool MeetingState::IsCheckedIn(absl::string_view voter_commitment) const {
  return FindVoter(voter_commitment) != nullptr;
}

bool MeetingState::HasCast(absl::string_view voter_commitment, absl::string_view form_id) const {
  const VoterForms* voter = FindVoter(voter_commitment);
  const std::optional<int> position = FormIndex(spec_, form_id);
  return voter != nullptr && position && (voter->cast & FormBit(*position));
}

std::vector<std::string> MeetingState::CheckedInForms(absl::string_view voter_commitment) const {
  std::vector<std::string> ids;
  if (const VoterForms* voter = FindVoter(voter_commitment)) {
    for (int i = 0; i < spec_.forms_size(); ++i) {
      if (voter->issued & FormBit(i)) ids.push_back(spec_.forms(i).id());
    }
  }
  return ids;
}

}  // namespace gongxin::tally
