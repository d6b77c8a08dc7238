// The meeting state machine's paper ballots: voters checked in to vote on
// paper, their slips keyed in by one officer and confirmed by another after
// the close, the box's returns, and the count of the paper part, the
// electronic part and both (docs/operations.md, "Paper ballots beside
// electronic ones").
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "tally/meeting_state.h"
#include "tally/meeting_state_checks.h"
#include "tally/roll.h"
#include "tally/spec_lookup.h"
#include "tally/text.h"
#include "util/status_macros.h"

namespace gongxin::tally {
namespace {

constexpr int kMaxBatchChars = 64;
constexpr int kMaxRejectReasonChars = 200;

// A part's figures only: what decides (validity, flags, shortlists) and the
// per-group breakdown belong to the combined count, so a part never shows a
// verdict of its own that a reader could take for the result.
v1::FormTally Part(const v1::FormTally& counted) {
  v1::FormTally part = counted;
  part.clear_validity();
  part.clear_groups();
  part.clear_groups_reason_zh();
  part.clear_groups_reason_en();
  for (v1::QuestionTally& q : *part.mutable_questions()) {
    q.clear_flags();
    q.clear_shortlist();
    q.clear_weighted();
    q.clear_weighted_reason_zh();
    q.clear_weighted_reason_en();
    for (v1::CandidateTally& c : *q.mutable_candidates()) {
      c.clear_shortlisted();
      c.clear_tie_at_cut();
    }
    for (v1::WriteInTally& w : *q.mutable_write_ins()) {
      w.clear_shortlisted();
      w.clear_tie_at_cut();
    }
  }
  return part;
}

}  // namespace

bool MeetingState::CheckedInByPaper(absl::string_view voter_commitment) const {
  const VoterForms* voter = FindVoter(voter_commitment);
  return voter != nullptr && voter->by_paper;
}

const MeetingState::PaperEntry* MeetingState::FindPaperEntry(uint64_t seq) const {
  auto it = paper_entries_.find(seq);
  return it == paper_entries_.end() ? nullptr : &it->second;
}

uint32_t MeetingState::ElectronicIssued(int form) const {
  return issued_[form] - paper_forms_[form].issued;
}

absl::Status MeetingState::CheckCheckInPaper(const v1::CheckedIn& body) const {
  if (body.by_paper() && body.by_slip()) {
    return absl::InvalidArgumentError(
        "checked_in.by_paper: a voter votes on paper or by slip, not both");
  }
  return absl::OkStatus();
}

absl::Status MeetingState::RequireInputWindow(absl::string_view body_name) const {
  RETURN_IF_ERROR(RequireStatus(body_name, v1::MEETING_STATUS_CLOSED));
  if (!approvals_.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        body_name, ": the count has already been approved by ", approvals_.front(),
        "; approvals freeze officer inputs"));
  }
  return absl::OkStatus();
}

absl::StatusOr<MeetingState::Effect> MeetingState::CheckPaperEntered(
    const v1::PaperBallotEntered& body) const {
  RETURN_IF_ERROR(RequireInputWindow("paper_ballot_entered"));
  if (body.officer().empty()) {
    return absl::InvalidArgumentError("paper_ballot_entered.officer: required");
  }
  RETURN_IF_ERROR(ValidateText("paper_ballot_entered.batch", body.batch(),
                               {.required = false, .max_chars = kMaxBatchChars}));
  const std::string& form_id = body.ballot().form_id();
  const std::optional<int> position = FormIndex(spec_, form_id);
  if (!position) {
    return absl::NotFoundError(
        absl::StrCat("paper_ballot_entered.ballot.form_id: unknown form ", Quote(form_id)));
  }
  const v1::Form& form = spec_.forms(*position);
  const PaperForm& paper = paper_forms_[*position];
  if (paper.issued == 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "paper_ballot_entered.ballot.form_id: no voter received form ", form_id, " on paper"));
  }
  if (form.mode() == v1::FORM_MODE_NAMED) {
    const std::string path = "paper_ballot_entered.voter_commitment";
    RETURN_IF_ERROR(RequireSize(path, body.voter_commitment(), kVoterCommitmentSize));
    const VoterForms* voter = FindVoter(body.voter_commitment());
    if (voter == nullptr || !voter->by_paper) {
      return absl::FailedPreconditionError(
          absl::StrCat(path, ": the voter did not check in to vote on paper"));
    }
    if (!(voter->issued & FormBit(*position))) {
      return absl::FailedPreconditionError(
          absl::StrCat(path, ": the voter did not receive form ", form_id));
    }
    if (voter->paper_live & FormBit(*position)) {
      return absl::AlreadyExistsError(absl::StrCat(
          path, ": the voter's slip of form ", form_id,
          " is already entered (reject that entry first to enter it again)"));
    }
  } else if (!body.voter_commitment().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "paper_ballot_entered.voter_commitment: form ", form_id,
        " is anonymous; its paper slips name nobody"));
  }
  if (paper.live >= paper.issued) {
    return absl::FailedPreconditionError(absl::StrCat(
        "paper_ballot_entered: form ", form_id, " would hold more paper ballots than the ",
        paper.issued, " slips issued"));
  }
  Effect effect;
  effect.cast_form = *position;
  ASSIGN_OR_RETURN(effect.statuses, ClassifyBallot(form, body.ballot()));
  return effect;
}

absl::Status MeetingState::CheckPaperConfirmed(const v1::PaperBallotConfirmed& body) const {
  RETURN_IF_ERROR(RequireInputWindow("paper_ballot_confirmed"));
  if (body.officer().empty()) {
    return absl::InvalidArgumentError("paper_ballot_confirmed.officer: required");
  }
  const PaperEntry* entry = FindPaperEntry(body.entered_seq());
  if (entry == nullptr) {
    return absl::NotFoundError(absl::StrCat("paper_ballot_confirmed.entered_seq: entry ",
                                            body.entered_seq(), " is not a paper ballot"));
  }
  switch (entry->stage) {
    case PaperEntry::Stage::kConfirmed:
      return absl::AlreadyExistsError(absl::StrCat("paper_ballot_confirmed.entered_seq: entry ",
                                                   body.entered_seq(), " is already confirmed"));
    case PaperEntry::Stage::kRejected:
      return absl::FailedPreconditionError(absl::StrCat(
          "paper_ballot_confirmed.entered_seq: entry ", body.entered_seq(), " was rejected"));
    case PaperEntry::Stage::kPending:
      break;
  }
  if (body.officer() == entry->officer) {
    return absl::PermissionDeniedError(absl::StrCat(
        "paper_ballot_confirmed.officer: ", Quote(body.officer()),
        " entered this ballot; a second, different officer must confirm it"));
  }
  return absl::OkStatus();
}

absl::Status MeetingState::CheckPaperRejected(const v1::PaperBallotRejected& body) const {
  RETURN_IF_ERROR(RequireInputWindow("paper_ballot_rejected"));
  if (body.officer().empty()) {
    return absl::InvalidArgumentError("paper_ballot_rejected.officer: required");
  }
  RETURN_IF_ERROR(ValidateText("paper_ballot_rejected.reason", body.reason(),
                               {.required = true, .max_chars = kMaxRejectReasonChars}));
  const PaperEntry* entry = FindPaperEntry(body.entered_seq());
  if (entry == nullptr) {
    return absl::NotFoundError(absl::StrCat("paper_ballot_rejected.entered_seq: entry ",
                                            body.entered_seq(), " is not a paper ballot"));
  }
  if (entry->stage != PaperEntry::Stage::kPending) {
    return absl::FailedPreconditionError(absl::StrCat(
        "paper_ballot_rejected.entered_seq: entry ", body.entered_seq(), " is already ",
        entry->stage == PaperEntry::Stage::kConfirmed ? "confirmed" : "rejected"));
  }
  return absl::OkStatus();
}

absl::Status MeetingState::CheckPaperReturns(const v1::PaperReturnsRecorded& body) const {
  RETURN_IF_ERROR(RequireInputWindow("paper_returns_recorded"));
  if (body.officer().empty()) {
    return absl::InvalidArgumentError("paper_returns_recorded.officer: required");
  }
  const std::optional<int> position = FormIndex(spec_, body.form_id());
  if (!position) {
    return absl::NotFoundError(
        absl::StrCat("paper_returns_recorded.form_id: unknown form ", Quote(body.form_id())));
  }
  const PaperForm& paper = paper_forms_[*position];
  if (paper.issued == 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "paper_returns_recorded.form_id: no voter received form ", body.form_id(), " on paper"));
  }
  if (body.issued() != paper.issued) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "paper_returns_recorded.issued: %d, but %d voters checked in by paper with form %s",
        body.issued(), paper.issued, body.form_id()));
  }
  if (body.returned() > static_cast<uint32_t>(kMaxVoters)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "paper_returns_recorded.returned: at most %d (got %d)", kMaxVoters, body.returned()));
  }
  if (paper.returns_recorded) {
    return absl::AlreadyExistsError(absl::StrCat(
        "paper_returns_recorded.form_id: the returns of form ", body.form_id(),
        " are already recorded (", paper.returned, " slips)"));
  }
  return absl::OkStatus();
}

std::string MeetingState::PaperGroup(const PaperEntry& entry) const {
  if (!entry.voter.empty()) {
    const VoterForms* voter = FindVoter(entry.voter);
    return voter != nullptr ? voter->group : "";
  }
  return implied_group_[entry.form];
}

absl::Status MeetingState::ApplyPaperEntry(const v1::Entry& entry, Effect effect) {
  switch (entry.body_case()) {
    case v1::Entry::kPaperBallotEntered: {
      const v1::PaperBallotEntered& body = entry.paper_ballot_entered();
      PaperEntry& paper = paper_entries_[entry.seq()];
      paper.form = effect.cast_form;
      paper.voter = body.voter_commitment();
      paper.officer = body.officer();
      paper.ballot = body.ballot();
      paper.statuses = std::move(effect.statuses);
      ++paper_forms_[paper.form].live;
      if (!paper.voter.empty()) voters_[paper.voter].paper_live |= FormBit(paper.form);
      break;
    }
    case v1::Entry::kPaperBallotConfirmed: {
      PaperEntry& paper = paper_entries_[entry.paper_ballot_confirmed().entered_seq()];
      // Cannot fail: the ballot was classified against its form when entered.
      const std::string group = PaperGroup(paper);
      RETURN_IF_ERROR(counter_->AddBallot(paper.ballot, paper.statuses, group));
      RETURN_IF_ERROR(paper_->AddBallot(paper.ballot, paper.statuses, group));
      ++paper_forms_[paper.form].confirmed;
      paper_forms_[paper.form].ungrouped += group.empty();
      paper.stage = PaperEntry::Stage::kConfirmed;
      break;
    }
    case v1::Entry::kPaperBallotRejected: {
      PaperEntry& paper = paper_entries_[entry.paper_ballot_rejected().entered_seq()];
      --paper_forms_[paper.form].live;
      ++paper_forms_[paper.form].rejected;
      if (!paper.voter.empty()) voters_[paper.voter].paper_live &= ~FormBit(paper.form);
      paper.stage = PaperEntry::Stage::kRejected;
      break;
    }
    case v1::Entry::kPaperReturnsRecorded: {
      const v1::PaperReturnsRecorded& body = entry.paper_returns_recorded();
      PaperForm& paper = paper_forms_[*FormIndex(spec_, body.form_id())];
      paper.returns_recorded = true;
      paper.returned = body.returned();
      break;
    }
    default:
      break;
  }
  return absl::OkStatus();
}

absl::Status MeetingState::AddPaperParts(const TurnoutFigures& turnout,
                                         v1::TallyResult* result) const {
  if (present_by_paper_ == 0) return absl::OkStatus();
  result->set_present_by_paper(present_by_paper_);
  TurnoutFigures electronic = turnout;
  TurnoutFigures paper = turnout;
  electronic.present -= present_by_paper_;
  paper.present = present_by_paper_;
  for (int i = 0; i < spec_.forms_size(); ++i) {
    const PaperForm& pf = paper_forms_[i];
    FormTurnout& e = electronic.forms[spec_.forms(i).id()];
    FormTurnout& p = paper.forms[spec_.forms(i).id()];
    e.issued -= pf.issued;
    p.issued = pf.issued;
    e.paper_issued = e.paper_returned = p.paper_issued = p.paper_returned = 0;
    for (auto& [group, g] : p.groups) g.issued = 0;
    for (const auto& [group, issued] : pf.issued_by_group) {
      e.groups[group].issued -= issued;
      p.groups[group].issued = issued;
    }
  }
  const v1::TallyResult e = electronic_->Tally(meeting_id_, result->ledger_size(), electronic);
  const v1::TallyResult p = paper_->Tally(meeting_id_, result->ledger_size(), paper);
  for (int i = 0; i < spec_.forms_size(); ++i) {
    const PaperForm& pf = paper_forms_[i];
    if (pf.issued == 0) continue;
    v1::FormTally* ft = result->mutable_forms(i);
    if (pf.ungrouped > 0 && ft->groups_size() > 0) {
      // An anonymous slip of a form given to several groups names none, so
      // a group's table would silently leave the paper ballots out: none is
      // shown, and the weighted figures built on them go too.
      ft->clear_groups();
      ft->set_groups_reason_zh("本表有无记名纸质票，纸质票不关联分组，不提供分组结果");
      ft->set_groups_reason_en(
          "anonymous paper ballots of this form carry no group: no per-group tally");
      for (v1::QuestionTally& q : *ft->mutable_questions()) {
        if (q.weighted_size() == 0) continue;
        q.clear_weighted();
        q.set_weighted_reason_zh("纸质票不关联分组，不计算加权结果");
        q.set_weighted_reason_en("paper ballots carry no group: no weighted figures");
      }
    }
    *ft->mutable_paper() = Part(p.forms(i));
    *ft->mutable_electronic() = Part(e.forms(i));
    v1::PaperReconciliation& r = *ft->mutable_paper_reconciliation();
    r.set_issued(pf.issued);
    r.set_returns_recorded(pf.returns_recorded);
    r.set_returned(pf.returned);
    r.set_entered(pf.live);
    r.set_confirmed(pf.confirmed);
    r.set_rejected(pf.rejected);
    std::vector<std::string> zh, en;
    if (!pf.returns_recorded) {
      zh.push_back("收回张数未登记");
      en.push_back("returns not recorded");
    } else {
      if (pf.returned > pf.issued) {
        zh.push_back(absl::StrFormat("收回 %d 张多于发出 %d 张", pf.returned, pf.issued));
        en.push_back(absl::StrFormat("%d returned, only %d issued", pf.returned, pf.issued));
      }
      if (pf.live != pf.returned) {
        zh.push_back(absl::StrFormat("录入 %d 张，收回 %d 张", pf.live, pf.returned));
        en.push_back(absl::StrFormat("%d entered, %d returned", pf.live, pf.returned));
      }
    }
    if (pf.live > pf.confirmed) {
      zh.push_back(absl::StrFormat("%d 张录入未经第二人确认，未计入", pf.live - pf.confirmed));
      en.push_back(absl::StrFormat("%d entered but not confirmed by a second officer, not counted",
                                   pf.live - pf.confirmed));
    }
    r.set_consistent(zh.empty());
    r.set_reason_zh(absl::StrJoin(zh, "；"));
    r.set_reason_en(absl::StrJoin(en, "; "));
  }
  return absl::OkStatus();
}

}  // namespace gongxin::tally
