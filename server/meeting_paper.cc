// Meeting's paper ballots: after the close, officers key in the slips of
// voters who voted on paper; a second officer keys each slip again, and only
// a match is confirmed and counted (docs/operations.md, "Paper ballots beside
// electronic ones"). The state machine decides everything it can see in the
// ledger; this file adds what only the server knows (which voter a printed
// name is) and what is not a ledger entry (the second keying).
#include "absl/strings/str_cat.h"
#include "server/meeting.h"
#include "server/meeting_txn.h"
#include "tally/diff.h"
#include "tally/spec_lookup.h"
#include "util/status_macros.h"

namespace gongxin::server {

absl::StatusOr<std::string> Meeting::PaperVoter(const tally::MeetingState& state,
                                                const std::string& form_id,
                                                const std::string& voter_id) const {
  const v1::Form* form = tally::FindForm(state.spec(), form_id);
  if (form == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("ballot.form_id: meeting ", id_, " has no form \"", form_id, "\""));
  }
  if (form->mode() != v1::FORM_MODE_NAMED) {
    if (!voter_id.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "voter_id: form ", form_id, " is anonymous; its paper slips name nobody, so leave "
          "voter_id empty"));
    }
    return std::string();
  }
  if (voter_id.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "voter_id: required: form ", form_id, " is named; give the voter printed on the slip"));
  }
  if (roll_ == nullptr || roll_->Find(voter_id) == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("voter_id: \"", voter_id, "\" is not on the roll of meeting ", id_));
  }
  auto it = openings_.find(voter_id);
  if (it == openings_.end()) {
    return absl::FailedPreconditionError(
        absl::StrCat("voter_id: \"", voter_id, "\" did not check in"));
  }
  return it->second.commitment;
}

absl::StatusOr<v1::OfficerInputResponse> Meeting::EnterPaperBallot(
    const v1::EnterPaperBallotRequest& request, const std::string& officer) {
  if (!request.has_ballot()) {
    return absl::InvalidArgumentError("ballot: required: the slip as keyed in");
  }
  return AppendOfficerEntry(
      [&](const tally::MeetingState& state)
          ABSL_NO_THREAD_SAFETY_ANALYSIS -> absl::StatusOr<v1::Entry> {
        ASSIGN_OR_RETURN(std::string commitment,
                         PaperVoter(state, request.ballot().form_id(), request.voter_id()));
        v1::Entry entry;
        v1::PaperBallotEntered* paper = entry.mutable_paper_ballot_entered();
        *paper->mutable_ballot() = request.ballot();
        paper->set_voter_commitment(std::move(commitment));
        paper->set_batch(request.batch());
        paper->set_officer(officer);
        // Checked here as well as by the append, to name the fields the
        // caller sent rather than the ledger's.
        v1::Entry probe = entry;
        probe.set_meeting_id(id_);
        probe.set_seq(state.size());
        absl::Status checked = RenameField(state.Check(probe),
                                           "paper_ballot_entered.voter_commitment", "voter_id");
        RETURN_IF_ERROR(RenameField(checked, "paper_ballot_entered.", ""));
        return entry;
      });
}

absl::StatusOr<v1::OfficerInputResponse> Meeting::ConfirmPaperBallot(
    const v1::ConfirmPaperBallotRequest& request, const std::string& officer) {
  if (!request.has_ballot()) {
    return absl::InvalidArgumentError(
        "ballot: required: key the slip again; it is confirmed only if it matches");
  }
  return AppendOfficerEntry(
      [&](const tally::MeetingState& state)
          ABSL_NO_THREAD_SAFETY_ANALYSIS -> absl::StatusOr<v1::Entry> {
        const tally::MeetingState::PaperEntry* entered = state.FindPaperEntry(request.seq());
        if (entered == nullptr) {
          return absl::NotFoundError(
              absl::StrCat("seq: entry ", request.seq(), " is not a paper ballot"));
        }
        // Only a slip still pending is compared; the state refuses the rest
        // with its own words below.
        if (entered->stage == tally::MeetingState::PaperEntry::Stage::kPending) {
          if (std::optional<std::string> diff =
                  tally::FirstDifference(request.ballot(), entered->ballot)) {
            return absl::FailedPreconditionError(absl::StrCat(
                "ballot: differs from entry ", request.seq(), " as entered (", *diff,
                ", yours first): check the slip, then confirm again or reject the entry"));
          }
          ASSIGN_OR_RETURN(std::string commitment,
                           PaperVoter(state, entered->ballot.form_id(), request.voter_id()));
          if (commitment != entered->voter) {
            return absl::FailedPreconditionError(absl::StrCat(
                "voter_id: \"", request.voter_id(), "\" is not the voter entry ", request.seq(),
                " was entered for"));
          }
        }
        v1::Entry entry;
        v1::PaperBallotConfirmed* confirmed = entry.mutable_paper_ballot_confirmed();
        confirmed->set_entered_seq(request.seq());
        confirmed->set_officer(officer);
        return entry;
      });
}

absl::StatusOr<v1::OfficerInputResponse> Meeting::RejectPaperBallot(
    const v1::RejectPaperBallotRequest& request, const std::string& officer) {
  return AppendOfficerEntry([&](const tally::MeetingState&) -> absl::StatusOr<v1::Entry> {
    v1::Entry entry;
    v1::PaperBallotRejected* rejected = entry.mutable_paper_ballot_rejected();
    rejected->set_entered_seq(request.seq());
    rejected->set_officer(officer);
    rejected->set_reason(request.reason());
    return entry;
  });
}

absl::StatusOr<v1::OfficerInputResponse> Meeting::RecordPaperReturns(
    const v1::RecordPaperReturnsRequest& request, const std::string& officer) {
  return AppendOfficerEntry([&](const tally::MeetingState&) -> absl::StatusOr<v1::Entry> {
    v1::Entry entry;
    v1::PaperReturnsRecorded* returns = entry.mutable_paper_returns_recorded();
    returns->set_form_id(request.form_id());
    returns->set_issued(request.issued());
    returns->set_returned(request.returned());
    returns->set_officer(officer);
    return entry;
  });
}

}  // namespace gongxin::server
