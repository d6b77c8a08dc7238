// Progressive recommendation rounds (rules S-8, A9).
#include "tally/round.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tally/ids.h"
#include "tally/spec_lookup.h"
#include "tally/text.h"
#include "util/status_macros.h"

namespace gongxin::tally {
namespace {

const v1::QuestionTally* FindQuestionTally(const v1::TallyResult& result,
                                           absl::string_view form_id,
                                           absl::string_view question_id) {
  for (const v1::FormTally& f : result.forms()) {
    if (f.form_id() != form_id) continue;
    for (const v1::QuestionTally& q : f.questions()) {
      if (q.question_id() == question_id) return &q;
    }
  }
  return nullptr;
}

}  // namespace

absl::Status ValidateRoundLink(const std::string& path, const v1::Form& form) {
  const v1::RoundLink& link = form.previous_round();
  RETURN_IF_ERROR(ValidateId(path + ".previous_meeting_id", link.previous_meeting_id()));
  RETURN_IF_ERROR(ValidateId(path + ".previous_form_id", link.previous_form_id()));
  RETURN_IF_ERROR(ValidateId(path + ".previous_question_id", link.previous_question_id()));
  const v1::Question* q = FindQuestion(form, link.question_id());
  if (q == nullptr || !q->has_approval()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ".question_id: ", Quote(link.question_id()),
                     " is not an approval question of this form"));
  }
  if (link.round() < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ".round: a linked round is round 2 or later (got ", link.round(), ")"));
  }
  if (link.top() < 1) {
    return absl::InvalidArgumentError(absl::StrCat(path, ".top: must be at least 1"));
  }
  if (link.count_entry_hash().size() != kCountEntryHashSize) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s.count_entry_hash: must be %d bytes (got %d)", path,
                        kCountEntryHashSize, link.count_entry_hash().size()));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::Candidate>> TopOfRound(const v1::MeetingSpec& spec,
                                                      const v1::TallyResult& result,
                                                      absl::string_view form_id,
                                                      absl::string_view question_id,
                                                      uint32_t top) {
  if (top == 0) return absl::InvalidArgumentError("top: must be at least 1");
  const v1::Form* form = FindForm(spec, form_id);
  if (form == nullptr) {
    return absl::NotFoundError(absl::StrCat("form ", Quote(form_id), " is not in the spec"));
  }
  const v1::Question* question = FindQuestion(*form, question_id);
  if (question == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("question ", Quote(question_id), " is not in form ", form_id));
  }
  if (!question->has_approval()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "question ", question_id, " is not an approval question; only recommendation rounds "
                                  "lead to a next round"));
  }
  const v1::QuestionTally* tally = FindQuestionTally(result, form_id, question_id);
  if (tally == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("question ", form_id, ":", question_id, " is not in the result"));
  }
  std::vector<v1::Candidate> next;
  for (const v1::CandidateTally& ct : tally->candidates()) {
    if (ct.rank() > top || ct.votes() == 0) continue;
    for (const v1::Candidate& c : question->approval().candidates()) {
      if (c.id() != ct.candidate_id()) continue;
      v1::Candidate copy;
      copy.set_id(c.id());
      copy.set_name(c.name());
      copy.set_current_post(c.current_post());
      copy.set_note(c.note());
      next.push_back(std::move(copy));
    }
  }
  int w = 0;
  auto listed = [&](const std::string& id) {
    return std::any_of(question->approval().candidates().begin(),
                       question->approval().candidates().end(),
                       [&](const v1::Candidate& c) { return c.id() == id; });
  };
  for (const v1::WriteInTally& wt : tally->write_ins()) {
    if (wt.rank() > top || wt.votes() == 0) continue;
    v1::Candidate c;
    do {
      c.set_id(absl::StrCat("w", ++w));
    } while (listed(c.id()));
    c.set_name(wt.name());
    next.push_back(std::move(c));
  }
  return next;
}

absl::Status CheckLinkedCount(const std::string& path, absl::string_view what,
                              absl::string_view previous_meeting_id, uint64_t count_seq,
                              absl::string_view count_entry_hash,
                              const PreviousRound& previous) {
  if (previous.status != v1::MEETING_STATUS_COUNTED &&
      previous.status != v1::MEETING_STATUS_PUBLISHED) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, ".previous_meeting_id: meeting ", previous_meeting_id,
                     " has not been counted; ", what, " starts from a recorded result"));
  }
  if (count_seq != previous.count_seq || count_entry_hash != previous.count_entry_hash) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ".count_entry_hash: does not name the count of meeting ", previous_meeting_id,
        " (its count is entry ", previous.count_seq, "; the link says entry ", count_seq, ")"));
  }
  return absl::OkStatus();
}

absl::Status CheckRoundLink(const std::string& path, const v1::Form& form,
                            const PreviousRound& previous) {
  const v1::RoundLink& link = form.previous_round();
  RETURN_IF_ERROR(CheckLinkedCount(path, "a next round", link.previous_meeting_id(),
                                   link.count_seq(), link.count_entry_hash(), previous));
  const v1::Form* prev_form = FindForm(previous.spec, link.previous_form_id());
  if (prev_form == nullptr) {
    return absl::NotFoundError(absl::StrCat(path, ".previous_form_id: meeting ",
                                            link.previous_meeting_id(), " has no form ",
                                            Quote(link.previous_form_id())));
  }
  const uint32_t expected_round =
      prev_form->has_previous_round() ? prev_form->previous_round().round() + 1 : 2;
  if (link.round() != expected_round) {
    return absl::InvalidArgumentError(absl::StrCat(path, ".round: must be ", expected_round,
                                                   ", one after the previous round (got ",
                                                   link.round(), ")"));
  }
  absl::StatusOr<std::vector<v1::Candidate>> top =
      TopOfRound(previous.spec, previous.result, link.previous_form_id(),
                 link.previous_question_id(), link.top());
  if (!top.ok()) {
    return absl::Status(top.status().code(),
                        absl::StrCat(path, ".previous_question_id: ", top.status().message()));
  }
  const v1::ApprovalQuestion& q = FindQuestion(form, link.question_id())->approval();
  const v1::Question* prev_question = FindQuestion(*prev_form, link.previous_question_id());
  const std::string cpath = absl::StrCat(path, " (question ", link.question_id(), ")");
  auto same = [&](const v1::Candidate& want, const v1::Candidate& have) {
    // A listed candidate keeps its id; a write-in is known only by name.
    const bool listed = std::any_of(
        prev_question->approval().candidates().begin(),
        prev_question->approval().candidates().end(),
        [&](const v1::Candidate& c) { return c.id() == want.id() && c.name() == want.name(); });
    return have.name() == want.name() && (!listed || have.id() == want.id());
  };
  for (const v1::Candidate& want : *top) {
    if (std::none_of(q.candidates().begin(), q.candidates().end(),
                     [&](const v1::Candidate& have) { return same(want, have); })) {
      return absl::InvalidArgumentError(absl::StrCat(
          cpath, ": candidate ", want.id(), " ", Quote(want.name()), " is in the top ",
          link.top(), " of the previous round but not on this round's list"));
    }
  }
  for (const v1::Candidate& have : q.candidates()) {
    if (std::none_of(top->begin(), top->end(),
                     [&](const v1::Candidate& want) { return same(want, have); })) {
      return absl::InvalidArgumentError(absl::StrCat(
          cpath, ": candidate ", have.id(), " ", Quote(have.name()), " is not in the top ",
          link.top(), " of the previous round (ties at the cut included)"));
    }
  }
  return absl::OkStatus();
}

}  // namespace gongxin::tally
