// Follow-up evaluations after rectification (rule S-5, seed 004).
#include "tally/follow_up.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tally/annotate.h"
#include "tally/ids.h"
#include "tally/spec_lookup.h"
#include "tally/text.h"
#include "util/status_macros.h"

namespace gongxin::tally {
namespace {

const v1::QuestionTally* FollowUpQuestionTally(const v1::TallyResult& result,
                                               absl::string_view form_id,
                                               absl::string_view question_id,
                                               const v1::FormTally** form_tally) {
  for (const v1::FormTally& f : result.forms()) {
    if (f.form_id() != form_id) continue;
    for (const v1::QuestionTally& q : f.questions()) {
      if (q.question_id() == question_id) {
        *form_tally = &f;
        return &q;
      }
    }
  }
  return nullptr;
}

// The previous graded question the link names, or INVALID_ARGUMENT naming
// the field.
absl::StatusOr<const v1::Question*> FollowUpPreviousQuestion(const std::string& path,
                                                             const v1::FollowUpLink& link,
                                                             const v1::MeetingSpec& previous) {
  const v1::Form* prev_form = FindForm(previous, link.previous_form_id());
  if (prev_form == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(path, ".previous_form_id: meeting ",
                                                   link.previous_meeting_id(), " has no form ",
                                                   Quote(link.previous_form_id())));
  }
  const v1::Question* q = FindQuestion(*prev_form, link.previous_question_id());
  if (q == nullptr || !q->has_graded()) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ".previous_question_id: ", Quote(link.previous_question_id()),
        " is not a graded question of form ", link.previous_form_id(), " of meeting ",
        link.previous_meeting_id()));
  }
  return q;
}

// Same grades in the same order, and every subject of `now` is a subject of
// `before` with the same id and name.
absl::Status FollowUpSameQuestion(const std::string& path, const v1::FollowUpLink& link,
                                  const v1::GradedQuestion& before,
                                  const v1::GradedQuestion& now) {
  bool same_grades = before.scale_size() == now.scale_size();
  for (int i = 0; same_grades && i < now.scale_size(); ++i) {
    same_grades = before.scale(i).id() == now.scale(i).id();
  }
  if (!same_grades) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, " (question ", link.question_id(),
        "): the grades must be the previous evaluation's, with the same ids in the same order"));
  }
  for (const v1::Candidate& s : now.subjects()) {
    const bool found =
        std::any_of(before.subjects().begin(), before.subjects().end(),
                    [&](const v1::Candidate& p) { return p.id() == s.id() && p.name() == s.name(); });
    if (!found) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, " (question ", link.question_id(), "): subject ", s.id(), " ", Quote(s.name()),
          " is not a subject of the previous evaluation (same id and name)"));
    }
  }
  return absl::OkStatus();
}

// Whether `form` has S-5 rules (presets.cc) that apply to graded question `q`.
bool FollowUpHasS5(const v1::Form& form, const v1::Question& q) {
  for (const v1::ThresholdRule& rule : form.rules()) {
    if (rule.preset() != "S-5") continue;
    if (!rule.question_id().empty() && rule.question_id() != q.id()) continue;
    const bool all_grades = std::all_of(
        rule.grades().begin(), rule.grades().end(), [&](const std::string& g) {
          return std::any_of(q.graded().scale().begin(), q.graded().scale().end(),
                             [&](const v1::Grade& grade) { return grade.id() == g; });
        });
    if (all_grades) return true;
  }
  return false;
}

std::vector<std::string> FollowUpS5Flags(const v1::QuestionTally& qt,
                                         const std::string& subject_id) {
  std::vector<std::string> ids;
  for (const v1::Flag& f : qt.flags()) {
    if (f.preset() == "S-5" && f.subject_id() == subject_id) ids.push_back(f.rule_id());
  }
  return ids;
}

const v1::SubjectTally* FollowUpSubjectTally(const v1::QuestionTally& qt,
                                             const std::string& subject_id) {
  for (const v1::SubjectTally& st : qt.subjects()) {
    if (st.subject_id() == subject_id) return &st;
  }
  return nullptr;
}

uint32_t FollowUpGradeCount(const v1::SubjectTally* st, const std::string& grade_id) {
  if (st == nullptr) return 0;
  for (const v1::GradeCount& g : st->grades()) {
    if (g.grade_id() == grade_id) return g.count();
  }
  return 0;
}

v1::RateBasis FollowUpBasis(const v1::GradedQuestion& q) {
  return q.rate_basis() == v1::RATE_BASIS_UNSPECIFIED ? v1::RATE_BASIS_VALID : q.rate_basis();
}

}  // namespace

Rational FollowUpGradeChange::ChangePoints() const {
  return (after_share - before_share) * Rational(100);
}

absl::Status ValidateFollowUpLink(const std::string& path, const v1::Form& form) {
  const v1::FollowUpLink& link = form.follow_up();
  RETURN_IF_ERROR(ValidateId(path + ".previous_meeting_id", link.previous_meeting_id()));
  RETURN_IF_ERROR(ValidateId(path + ".previous_form_id", link.previous_form_id()));
  RETURN_IF_ERROR(ValidateId(path + ".previous_question_id", link.previous_question_id()));
  const v1::Question* q = FindQuestion(form, link.question_id());
  if (q == nullptr || !q->has_graded()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ".question_id: ", Quote(link.question_id()),
                     " is not a graded question of this form"));
  }
  if (link.count_entry_hash().size() != kCountEntryHashSize) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s.count_entry_hash: must be %d bytes (got %d)", path,
                        kCountEntryHashSize, link.count_entry_hash().size()));
  }
  if (link.months() > kMaxFollowUpMonths) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s.months: the rectification period is at most %d months (got %d)",
                        path, kMaxFollowUpMonths, link.months()));
  }
  return absl::OkStatus();
}

absl::Status CheckFollowUpLink(const std::string& path, const v1::Form& form,
                               const PreviousRound& previous) {
  const v1::FollowUpLink& link = form.follow_up();
  RETURN_IF_ERROR(CheckLinkedCount(path, "a follow-up evaluation", link.previous_meeting_id(),
                                   link.count_seq(), link.count_entry_hash(), previous));
  ASSIGN_OR_RETURN(const v1::Question* prev_question,
                   FollowUpPreviousQuestion(path, link, previous.spec));
  const v1::Question* q = FindQuestion(form, link.question_id());
  if (q == nullptr || !q->has_graded()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ".question_id: ", Quote(link.question_id()),
                     " is not a graded question of this form"));
  }
  return FollowUpSameQuestion(path, link, prev_question->graded(), q->graded());
}

absl::StatusOr<FollowUpComparison> FollowUpChanges(const v1::MeetingSpec& previous_spec,
                                                   const v1::TallyResult& previous_result,
                                                   const v1::MeetingSpec& spec,
                                                   const v1::TallyResult& result,
                                                   absl::string_view form_id) {
  const v1::Form* form = FindForm(spec, form_id);
  if (form == nullptr) {
    return absl::NotFoundError(absl::StrCat("form ", Quote(form_id), " is not in the spec"));
  }
  if (!form->has_follow_up()) {
    return absl::InvalidArgumentError(
        absl::StrCat("form ", form_id, " is not a follow-up evaluation (no follow_up link)"));
  }
  const v1::FollowUpLink& link = form->follow_up();
  const std::string path = absl::StrCat("form ", form_id, " follow_up");
  const v1::Question* q = FindQuestion(*form, link.question_id());
  if (q == nullptr || !q->has_graded()) {
    return absl::NotFoundError(absl::StrCat(path, ": question ", Quote(link.question_id()),
                                            " is not a graded question of the form"));
  }
  ASSIGN_OR_RETURN(const v1::Question* prev_q,
                   FollowUpPreviousQuestion(path, link, previous_spec));
  RETURN_IF_ERROR(FollowUpSameQuestion(path, link, prev_q->graded(), q->graded()));
  const v1::Form* prev_form = FindForm(previous_spec, link.previous_form_id());

  const v1::FormTally* ft = nullptr;
  const v1::QuestionTally* qt = FollowUpQuestionTally(result, form_id, link.question_id(), &ft);
  const v1::FormTally* prev_ft = nullptr;
  const v1::QuestionTally* prev_qt = FollowUpQuestionTally(
      previous_result, link.previous_form_id(), link.previous_question_id(), &prev_ft);
  if (qt == nullptr || prev_qt == nullptr) {
    return absl::NotFoundError(
        absl::StrCat(path, ": ", qt == nullptr ? "this" : "the previous",
                     " result has no tally of the question"));
  }

  FollowUpComparison out;
  out.previous_meeting_id = link.previous_meeting_id();
  out.form_id = std::string(form_id);
  out.question_id = link.question_id();
  out.months = link.months();
  const bool s5_before = FollowUpHasS5(*prev_form, *prev_q);
  const bool s5_after = FollowUpHasS5(*form, *q);
  for (const v1::Candidate& subject : q->graded().subjects()) {
    FollowUpSubjectChange sc;
    sc.subject_id = subject.id();
    sc.name = subject.name();
    sc.s5_before = s5_before;
    sc.s5_after = s5_after;
    const v1::SubjectTally* before = FollowUpSubjectTally(*prev_qt, subject.id());
    const v1::SubjectTally* after = FollowUpSubjectTally(*qt, subject.id());
    const uint64_t before_den =
        before == nullptr ? 0
                          : BasisCount(FollowUpBasis(prev_q->graded()), *prev_ft, *prev_qt,
                                       &prev_q->graded(), before);
    const uint64_t after_den =
        after == nullptr
            ? 0
            : BasisCount(FollowUpBasis(q->graded()), *ft, *qt, &q->graded(), after);
    for (const v1::Grade& grade : q->graded().scale()) {
      FollowUpGradeChange gc;
      gc.grade_id = grade.id();
      gc.label = grade.label();
      gc.before_count = FollowUpGradeCount(before, grade.id());
      gc.before_den = before_den;
      gc.after_count = FollowUpGradeCount(after, grade.id());
      gc.after_den = after_den;
      if (before_den > 0) {
        gc.before_share = Rational(gc.before_count, static_cast<Rational::Int>(before_den));
      }
      if (after_den > 0) {
        gc.after_share = Rational(gc.after_count, static_cast<Rational::Int>(after_den));
      }
      sc.grades.push_back(std::move(gc));
    }
    sc.flags_before = FollowUpS5Flags(*prev_qt, subject.id());
    sc.flags_after = FollowUpS5Flags(*qt, subject.id());
    out.subjects.push_back(std::move(sc));
  }
  return out;
}

}  // namespace gongxin::tally
