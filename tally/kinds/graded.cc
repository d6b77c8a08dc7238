// Graded questions: spec checks of subjects and scale (rules C2, D2, D3,
// with C5's rate choices), ballot classification and the count per subject
// and grade.
#include "tally/kinds/graded.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tally/ids.h"
#include "tally/people.h"
#include "tally/rules_spec.h"
#include "tally/text.h"
#include "tally/wire_size.h"
#include "util/status_macros.h"

namespace gongxin::tally {
namespace {


// Rules C2, D2, D3: subjects graded on an ordered scale, best first, with at
// most one "don't know" (不了解) grade, which is never the best.
absl::Status ValidateGraded(const std::string& path, const v1::GradedQuestion& q) {
  if (q.subjects().empty() || q.subjects_size() > kMaxSubjectsPerQuestion) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s.subjects: must list 1 to %d subjects (got %d)", path,
                        kMaxSubjectsPerQuestion, q.subjects_size()));
  }
  DistinctIds subject_ids("subject");
  for (int i = 0; i < q.subjects_size(); ++i) {
    RETURN_IF_ERROR(
        ValidatePerson(absl::StrCat(path, ".subjects[", i, "]"), q.subjects(i), subject_ids));
  }
  if (q.scale_size() < kMinGradesPerScale || q.scale_size() > kMaxGradesPerScale) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s.scale: must list %d to %d grades (got %d)", path, kMinGradesPerScale,
                        kMaxGradesPerScale, q.scale_size()));
  }
  DistinctIds grade_ids("grade");
  int dont_know_at = -1;
  for (int i = 0; i < q.scale_size(); ++i) {
    const v1::Grade& g = q.scale(i);
    const std::string gpath = absl::StrCat(path, ".scale[", i, "]");
    RETURN_IF_ERROR(ValidateId(gpath + ".id", g.id()));
    RETURN_IF_ERROR(grade_ids.Add(gpath + ".id", g.id()));
    RETURN_IF_ERROR(ValidateText(gpath + ".label", g.label(), kNameText));
    if (!g.dont_know()) continue;
    if (i == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          gpath, ".dont_know: the first grade is the best judgement and cannot be don't know"));
    }
    if (dont_know_at >= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(gpath, ".dont_know: only one grade may be don't know (first at ", path,
                       ".scale[", dont_know_at, "])"));
    }
    dont_know_at = i;
  }
  return ValidateGradedRules(path, q);
}

// Rules C2, D2, D3: each grade names a subject and a grade of the scale, and
// a subject is graded at most once; a subject left out is blank for that
// subject. The loop stops at the first error, so at most subjects + 1
// grades are ever looked up.
absl::StatusOr<AnswerStatus> ClassifyGraded(const std::string& path, const v1::Question& question,
                                            const v1::Answer& answer) {
  const v1::GradedQuestion& graded = question.graded();
  if (!answer.choices().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ".choices: question ", question.id(),
                                                   " is a graded question; it takes grades"));
  }
  if (!answer.write_ins().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ".write_ins: question ", question.id(),
                                                   " is a graded question; it takes no write-ins"));
  }
  absl::flat_hash_map<absl::string_view, int> first;
  for (int j = 0; j < answer.grades_size(); ++j) {
    const v1::GradeChoice& choice = answer.grades(j);
    const std::string gpath = absl::StrCat(path, ".grades[", j, "]");
    const bool known_subject =
        std::any_of(graded.subjects().begin(), graded.subjects().end(),
                    [&](const v1::Candidate& s) { return s.id() == choice.subject_id(); });
    if (!known_subject) {
      return absl::NotFoundError(absl::StrCat(gpath, ".subject_id: unknown subject ",
                                              Quote(choice.subject_id()), " for question ",
                                              question.id()));
    }
    const bool known_grade =
        std::any_of(graded.scale().begin(), graded.scale().end(),
                    [&](const v1::Grade& g) { return g.id() == choice.grade_id(); });
    if (!known_grade) {
      return absl::NotFoundError(absl::StrCat(gpath, ".grade_id: unknown grade ",
                                              Quote(choice.grade_id()), " for question ",
                                              question.id()));
    }
    auto [it, inserted] = first.try_emplace(choice.subject_id(), j);
    if (!inserted) {
      return absl::InvalidArgumentError(
          absl::StrCat(gpath, ".subject_id: subject ", choice.subject_id(),
                       " graded twice (first at grades[", it->second, "])"));
    }
  }
  // One grade per subject by construction, so no over-vote is possible.
  return answer.grades().empty() ? AnswerStatus::kBlank : AnswerStatus::kValid;
}

class GradedCount final : public KindCount {
 public:
  explicit GradedCount(const v1::GradedQuestion& question) {
    for (const v1::Candidate& subject : question.subjects()) {
      subject_index_.try_emplace(subject.id(), subject_ids_.size());
      subject_ids_.push_back(subject.id());
    }
    for (const v1::Grade& grade : question.scale()) grade_ids_.push_back(grade.id());
    grade_counts_.assign(subject_ids_.size() * grade_ids_.size(), 0);
    subject_graded_.assign(subject_ids_.size(), 0);
  }

  void Add(const v1::Answer& answer) override {
    // Which subjects this answer has graded: a repeated subject (which
    // ClassifyBallot refuses) must not push grades + blank past `valid`.
    std::vector<bool> seen(subject_ids_.size(), false);
    for (const v1::GradeChoice& choice : answer.grades()) {
      auto subject = subject_index_.find(choice.subject_id());
      if (subject == subject_index_.end() || seen[subject->second]) continue;
      auto grade = std::find(grade_ids_.begin(), grade_ids_.end(), choice.grade_id());
      if (grade == grade_ids_.end()) continue;
      seen[subject->second] = true;
      const size_t s = subject->second;
      ++grade_counts_[s * grade_ids_.size() + (grade - grade_ids_.begin())];
      ++subject_graded_[s];
    }
  }

  void Fill(const KindContext& context, v1::QuestionTally* qt) const override {
    // Rule D3: a subject left ungraded on a valid ballot is blank for
    // that subject, whether or not other subjects were graded.
    const uint32_t valid = context.valid;
    for (size_t s = 0; s < subject_ids_.size(); ++s) {
      v1::SubjectTally* st = qt->add_subjects();
      st->set_subject_id(subject_ids_[s]);
      for (size_t g = 0; g < grade_ids_.size(); ++g) {
        v1::GradeCount* gc = st->add_grades();
        gc->set_grade_id(grade_ids_[g]);
        gc->set_count(grade_counts_[s * grade_ids_.size() + g]);
      }
      // min(): never wraps below zero, even after a caller bug.
      st->set_blank(valid - std::min(valid, subject_graded_[s]));
    }
  }

  std::unique_ptr<KindCount> Clone() const override {
    return std::make_unique<GradedCount>(*this);
  }

 private:
  std::vector<std::string> subject_ids_;                 // spec order
  absl::flat_hash_map<std::string, int> subject_index_;  // id → position
  std::vector<std::string> grade_ids_;                   // scale order
  // grade_counts_[s * grade_ids_.size() + g]: ballots giving subject s grade g.
  std::vector<uint32_t> grade_counts_;
  // subject_graded_[s]: ballots giving subject s any grade (its row's sum).
  std::vector<uint32_t> subject_graded_;
};

constexpr AnswerField kGradedAnswerFields[] = {
    {"grades", [](const v1::Answer& a) { return !a.grades().empty(); }},
};

class Graded final : public QuestionKind {
 public:
  v1::Question::KindCase kind_case() const override { return v1::Question::kGraded; }
  absl::string_view name() const override { return "graded"; }
  absl::string_view phrase() const override { return "a graded"; }
  absl::Span<const AnswerField> answer_fields() const override { return kGradedAnswerFields; }
  bool foreign_fields_first() const override { return false; }

  absl::Status Validate(const std::string& path, const v1::Form& form,
                        const v1::Question& question) const override {
    return ValidateGraded(path, question.graded());
  }

  absl::StatusOr<AnswerStatus> Classify(const std::string& path, const v1::Form& form,
                                        const v1::Question& question,
                                        const v1::Answer& answer) const override {
    return ClassifyGraded(path, question, answer);
  }

  size_t MaxMarkBytes(const v1::Question& question) const override {
    size_t bytes = 0;
    const size_t grade = LongestId(question.graded().scale());
    for (const v1::Candidate& s : question.graded().subjects()) {
      bytes += Delimited(Delimited(s.id().size()) + Delimited(grade));
    }
    return bytes;
  }

  std::unique_ptr<KindCount> NewCount(const v1::Question& question) const override {
    return std::make_unique<GradedCount>(question.graded());
  }
};

}  // namespace

const QuestionKind& GradedKind() {
  static const Graded kind;
  return kind;
}

}  // namespace gongxin::tally
