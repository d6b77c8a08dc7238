// The meeting state machine's score corrections (issue 14): a mistyped
// officer score is never rewritten; a correction names the entry it
// supersedes by seq and hash, and takes effect only when a second officer
// approves it, so one officer alone can no more change a score than enter
// a count.
#include <utility>

#include "absl/strings/str_cat.h"
#include "tally/inspection.h"
#include "tally/meeting_state.h"
#include "tally/text.h"
#include "util/status_macros.h"

namespace gongxin::tally {

std::string MeetingState::ScoreKey(absl::string_view rule_id, absl::string_view candidate_id,
                                   absl::string_view indicator_id, absl::string_view inspector) {
  const absl::string_view nul("\0", 1);
  return absl::StrCat(rule_id, nul, candidate_id, nul, indicator_id, nul, inspector);
}

const MeetingState::ScoreInEffect* MeetingState::FindScoreInEffect(
    absl::string_view rule_id, absl::string_view candidate_id, absl::string_view indicator_id,
    absl::string_view inspector) const {
  auto it = scores_in_effect_.find(ScoreKey(rule_id, candidate_id, indicator_id, inspector));
  return it == scores_in_effect_.end() ? nullptr : &it->second;
}

std::string MeetingState::ScoreInspector(absl::string_view rule_id,
                                         absl::string_view officer) const {
  const v1::CompositeRule* rule = FindCompositeRule(spec_, rule_id);
  return rule != nullptr && rule->by_panel() ? std::string(officer) : "";
}

absl::Status MeetingState::CheckInspector(absl::string_view field_path,
                                          const v1::CompositeRule& rule,
                                          absl::string_view candidate_id,
                                          absl::string_view inspector, bool permission) const {
  if (!IsInspector(spec_, inspector)) {
    const std::string message =
        absl::StrCat(field_path, ": ", Quote(inspector), " is not an inspector of the panel (",
                     "spec.inspection) that scores composite rule ", rule.id());
    return permission ? absl::PermissionDeniedError(message)
                      : absl::InvalidArgumentError(message);
  }
  if (const v1::InspectorRecusal* r = FindRecusal(spec_, inspector, candidate_id)) {
    return absl::FailedPreconditionError(absl::StrCat(
        field_path, ": inspector ", Quote(inspector), " is recused from candidate ",
        candidate_id, " (考察回避, spec.inspection.recusals, reason ", RecusalReasonKey(r->reason()),
        r->note().empty() ? "" : absl::StrCat(": ", r->note()), ")"));
  }
  return absl::OkStatus();
}

const MeetingState::Correction* MeetingState::FindCorrection(uint64_t seq) const {
  auto it = correction_index_.find(seq);
  return it == correction_index_.end() ? nullptr : &corrections_[it->second];
}

std::string MeetingState::OfficerEntryHash(uint64_t seq) const {
  auto it = officer_entry_hashes_.find(seq);
  return it == officer_entry_hashes_.end() ? "" : it->second;
}

std::string MeetingState::HashBefore(const v1::Entry& entry, uint64_t seq) const {
  if (seq + 1 == entry.seq()) return entry.prev_hash();
  return OfficerEntryHash(seq);
}

absl::StatusOr<MeetingState::Effect> MeetingState::CheckCorrectionProposed(
    const v1::Entry& entry) const {
  const v1::ScoreCorrectionProposed& body = entry.score_correction_proposed();
  constexpr absl::string_view kBody = "score_correction_proposed";
  ASSIGN_OR_RETURN(const v1::CompositeRule* rule,
                   CheckOfficerInput(kBody, body.rule_id(), body.candidate_id(), body.officer()));
  const v1::CompositeComponent* component = FindComponent(*rule, body.indicator_id());
  if (component == nullptr || !component->has_officer()) {
    return absl::InvalidArgumentError(absl::StrCat(
        kBody, ".indicator_id: ", Quote(body.indicator_id()),
        component == nullptr ? " is not an indicator of composite rule "
                             : " is taken from the ballots, not scored by officers, in rule ",
        rule->id()));
  }
  // In a by_panel rule every inspector's score is its own: the proposal
  // names whose it corrects.
  if (rule->by_panel()) {
    if (body.inspector().empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          kBody, ".inspector: required: rule ", rule->id(),
          " is scored by the inspectors' panel; name whose score is corrected"));
    }
    RETURN_IF_ERROR(CheckInspector(absl::StrCat(kBody, ".inspector"), *rule, body.candidate_id(),
                                   body.inspector(), /*permission=*/false));
  } else if (!body.inspector().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        kBody, ".inspector: only for a rule scored by the inspectors' panel; rule ", rule->id(),
        " has one score per indicator"));
  }
  Effect effect;
  ASSIGN_OR_RETURN(effect.score,
                   tally::CheckOfficerScore(*component, absl::StrCat(kBody, ".value"), body.value()));
  RETURN_IF_ERROR(ValidateText(absl::StrCat(kBody, ".reason"), body.reason(),
                               {.required = true, .max_chars = kMaxVetoReasonChars}));
  const ScoreInEffect* current =
      FindScoreInEffect(rule->id(), body.candidate_id(), body.indicator_id(), body.inspector());
  if (current == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        kBody, ": candidate ", body.candidate_id(), " has no score for ", body.indicator_id(),
        body.inspector().empty() ? "" : absl::StrCat(" by ", body.inspector()), " in rule ",
        rule->id(), " to correct; enter the score instead"));
  }
  const uint64_t seq = body.superseded_seq();
  if (seq != current->seq) {
    if (seq >= entry.seq()) {
      return absl::NotFoundError(absl::StrCat(kBody, ".superseded_seq: there is no entry ", seq,
                                              " before this one"));
    }
    auto kind = officer_entries_.find(seq);
    if (kind == officer_entries_.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          kBody, ".superseded_seq: entry ", seq, " is not an officer score (the score of ",
          body.candidate_id(), " for ", body.indicator_id(), " in effect is entry ",
          current->seq, ")"));
    }
    return absl::FailedPreconditionError(absl::StrCat(
        kBody, ".superseded_seq: entry ", seq, " is not the score in effect for candidate ",
        body.candidate_id(), "'s ", body.indicator_id(), " in rule ", rule->id(), " (entry ",
        current->seq, " is)"));
  }
  if (body.superseded_entry_hash() != HashBefore(entry, seq)) {
    return absl::InvalidArgumentError(absl::StrCat(
        kBody, ".superseded_entry_hash: is not the hash of entry ", seq));
  }
  ASSIGN_OR_RETURN(Rational old_value, tally::CheckOfficerScore(*component, "score in effect",
                                                                current->value));
  if (old_value == effect.score) {
    return absl::InvalidArgumentError(absl::StrCat(kBody, ".value: ", Quote(body.value()),
                                                   " is the score in effect already"));
  }
  for (const Correction& c : corrections_) {
    if (c.approver.empty() && c.proposal.superseded_seq() == seq) {
      return absl::AlreadyExistsError(absl::StrCat(
          kBody, ": entry ", c.seq, " already proposes a correction of this score (by ",
          c.proposal.officer(), "), awaiting a second officer's approval"));
    }
  }
  return effect;
}

absl::Status MeetingState::CheckCorrectionApproved(const v1::Entry& entry) const {
  const v1::ScoreCorrectionApproved& body = entry.score_correction_approved();
  constexpr absl::string_view kBody = "score_correction_approved";
  RETURN_IF_ERROR(RequireStatus(kBody, v1::MEETING_STATUS_CLOSED));
  if (!approvals_.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        kBody, ": the count has already been approved by ", approvals_.front(),
        "; approvals freeze officer inputs"));
  }
  if (body.officer().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(kBody, ".officer: required"));
  }
  const uint64_t seq = body.proposal_seq();
  const Correction* c = FindCorrection(seq);
  if (c == nullptr) {
    if (seq >= entry.seq()) {
      return absl::NotFoundError(
          absl::StrCat(kBody, ".proposal_seq: there is no entry ", seq, " before this one"));
    }
    return absl::InvalidArgumentError(absl::StrCat(
        kBody, ".proposal_seq: entry ", seq, " is not a score_correction_proposed"));
  }
  if (body.proposal_entry_hash() != HashBefore(entry, seq)) {
    return absl::InvalidArgumentError(
        absl::StrCat(kBody, ".proposal_entry_hash: is not the hash of entry ", seq));
  }
  if (!c->approver.empty()) {
    return absl::AlreadyExistsError(absl::StrCat(kBody, ": the correction at entry ", seq,
                                                 " was already approved by ", c->approver,
                                                 " (entry ", c->approval_seq, ")"));
  }
  if (body.officer() == c->proposal.officer()) {
    return absl::PermissionDeniedError(absl::StrCat(
        kBody, ".officer: ", Quote(body.officer()), " proposed the correction at entry ", seq,
        "; a second officer must approve it"));
  }
  const ScoreInEffect* current =
      FindScoreInEffect(c->proposal.rule_id(), c->proposal.candidate_id(),
                        c->proposal.indicator_id(), c->proposal.inspector());
  if (current == nullptr || current->seq != c->proposal.superseded_seq()) {
    return absl::FailedPreconditionError(absl::StrCat(
        kBody, ": the score the correction at entry ", seq, " supersedes (entry ",
        c->proposal.superseded_seq(), ") is no longer in effect"));
  }
  return absl::OkStatus();
}

void MeetingState::ApplyCorrectionEntry(const v1::Entry& entry) {
  if (entry.has_score_correction_proposed()) {
    const v1::ScoreCorrectionProposed& body = entry.score_correction_proposed();
    Correction c;
    c.seq = entry.seq();
    c.proposal = body;
    const ScoreInEffect* current = FindScoreInEffect(body.rule_id(), body.candidate_id(),
                                                     body.indicator_id(), body.inspector());
    if (current != nullptr) c.old_value = current->value;
    correction_index_[c.seq] = corrections_.size();
    corrections_.push_back(std::move(c));
    officer_entries_[entry.seq()] = true;
    return;
  }
  const v1::ScoreCorrectionApproved& body = entry.score_correction_approved();
  Correction& c = corrections_[correction_index_.at(body.proposal_seq())];
  c.approver = body.officer();
  c.approval_seq = entry.seq();
  const v1::ScoreCorrectionProposed& p = c.proposal;
  scores_in_effect_[ScoreKey(p.rule_id(), p.candidate_id(), p.indicator_id(), p.inspector())] =
      ScoreInEffect{c.seq, p.value()};
  // The value was checked against the indicator's scale when proposed.
  const v1::CompositeRule* rule = FindCompositeRule(spec_, p.rule_id());
  const v1::CompositeComponent* component = FindComponent(*rule, p.indicator_id());
  officer_inputs_.AddScore(p.rule_id(), p.candidate_id(), p.indicator_id(), p.inspector(),
                           *tally::CheckOfficerScore(*component, "value", p.value()));
}

}  // namespace gongxin::tally
