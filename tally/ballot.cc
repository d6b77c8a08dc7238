// Ballot classification (rules A6, A6a; graded questions C2, D2, D3).
#include "tally/ballot.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "tally/ballot_bound.h"
#include "tally/checklist.h"
#include "tally/decision.h"
#include "tally/element.h"
#include "tally/people.h"
#include "tally/text.h"
#include "util/status_macros.h"

namespace gongxin::tally {
namespace {

constexpr absl::string_view kIdeographicSpace = "\u3000";

// Strips ASCII whitespace and U+3000 from both ends of `name`.
absl::string_view TrimSpaces(absl::string_view name) {
  for (;;) {
    if (!name.empty() && absl::ascii_isspace(name.front())) {
      name.remove_prefix(1);
    } else if (!name.empty() && absl::ascii_isspace(name.back())) {
      name.remove_suffix(1);
    } else if (absl::ConsumePrefix(&name, kIdeographicSpace) ||
               absl::ConsumeSuffix(&name, kIdeographicSpace)) {
      // trimmed one ideographic space
    } else {
      return name;
    }
  }
}

const v1::Candidate* FindCandidate(const v1::ApprovalQuestion& q, absl::string_view id) {
  for (const v1::Candidate& c : q.candidates()) {
    if (c.id() == id) return &c;
  }
  return nullptr;
}

// Refuses an unknown or repeated candidate id. The loop stops at the first
// error, so at most candidates + 1 choices are ever looked up.
absl::Status CheckChoices(const std::string& path, const v1::Question& question,
                          const v1::Answer& answer) {
  absl::flat_hash_map<absl::string_view, int> first;
  for (int j = 0; j < answer.choices_size(); ++j) {
    const std::string& id = answer.choices(j);
    if (FindCandidate(question.approval(), id) == nullptr) {
      return absl::NotFoundError(absl::StrCat(path, ".choices[", j, "]: unknown candidate ",
                                              Quote(id), " for question ", question.id()));
    }
    auto [it, inserted] = first.try_emplace(id, j);
    if (!inserted) {
      return absl::InvalidArgumentError(absl::StrCat(path, ".choices[", j, "]: candidate ", id,
                                                     " chosen twice (first at choices[", it->second,
                                                     "])"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckWriteIns(const std::string& path, const v1::Question& question,
                           const v1::Answer& answer) {
  if (answer.write_ins().empty()) return absl::OkStatus();
  if (!question.approval().allow_write_in()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ".write_ins: question ", question.id(), " does not allow write-ins"));
  }
  if (answer.write_ins_size() > MaxWriteIns(question)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s.write_ins: at most %d for question %s (its max_choices, at most %d; got %d)", path,
        MaxWriteIns(question), question.id(), kMaxWriteInsPerAnswer, answer.write_ins_size()));
  }
  absl::flat_hash_map<std::string, int> first;
  for (int k = 0; k < answer.write_ins_size(); ++k) {
    const std::string wpath = absl::StrCat(path, ".write_ins[", k, "]");
    const std::string& raw = answer.write_ins(k);
    if (!IsValidUtf8(raw)) {
      return absl::InvalidArgumentError(
          absl::StrCat(wpath, ": not well-formed UTF-8 (got ", Quote(raw), ")"));
    }
    std::string name = NormalizeWriteIn(raw);
    if (name.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(wpath, ": empty or only spaces"));
    }
    // The bounds hold for the bytes stored and signed, not only for the
    // trimmed name the count compares: at most kMaxWriteInChars code points,
    // no control character, and one encoding per name (NFC).
    RETURN_IF_ERROR(ValidateText(wpath, raw, {.max_chars = kMaxWriteInChars}));
    RETURN_IF_ERROR(CheckNfc(wpath, raw));
    for (const v1::Candidate& c : question.approval().candidates()) {
      if (TrimSpaces(c.name()) == name) {
        return absl::InvalidArgumentError(
            absl::StrCat(wpath, ": ", Quote(name), " is listed as candidate ", c.id(),
                         "; choose the candidate instead of writing the name in"));
      }
    }
    auto [it, inserted] = first.try_emplace(std::move(name), k);
    if (!inserted) {
      return absl::InvalidArgumentError(absl::StrCat(wpath, ": same name as write_ins[", it->second,
                                                     "] (", Quote(it->first), ")"));
    }
  }
  return absl::OkStatus();
}

// Classifies one approval answer whose contents have been checked.
absl::StatusOr<AnswerStatus> ClassifyMarks(const std::string& path, const v1::Form& form,
                                           const v1::Question& question, const v1::Answer& answer) {
  const size_t choices = answer.choices_size();
  const size_t write_ins = answer.write_ins_size();
  const size_t marks = choices + write_ins;
  // Rule A6 [I]: a question left unmarked is an abstention, not invalid.
  if (marks == 0) return AnswerStatus::kBlank;
  const uint32_t max = question.approval().max_choices();
  if (marks <= max) return AnswerStatus::kValid;
  // Rule A6a: marking more names than allowed voids the section; an
  // electronic kiosk refuses the cast instead unless the form says SPOIL.
  if (form.overvote_policy() == v1::OVERVOTE_POLICY_SPOIL) return AnswerStatus::kInvalid;
  const std::string counted = write_ins == 0 ? absl::StrCat(choices, " choices")
                                             : absl::StrCat(marks, " choices (", choices,
                                                            " listed, ", write_ins, " written in)");
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", counted, " exceed max_choices ", max,
                                                 " for question ", question.id()));
}

absl::StatusOr<AnswerStatus> ClassifyApproval(const std::string& path, const v1::Form& form,
                                              const v1::Question& question,
                                              const v1::Answer& answer) {
  if (!answer.grades().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ".grades: question ", question.id(),
                                                   " is an approval question; it takes choices"));
  }
  RETURN_IF_ERROR(CheckChoices(path, question, answer));
  RETURN_IF_ERROR(CheckWriteIns(path, question, answer));
  return ClassifyMarks(path, form, question, answer);
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

}  // namespace

std::string NormalizeWriteIn(absl::string_view name) { return std::string(TrimSpaces(name)); }

absl::StatusOr<std::vector<AnswerStatus>> ClassifyBallot(const v1::Form& form,
                                                         const v1::Ballot& ballot) {
  if (ballot.form_id() != form.id()) {
    return absl::InvalidArgumentError(absl::StrCat("ballot.form_id: ", Quote(ballot.form_id()),
                                                   " does not match form ", form.id()));
  }
  std::vector<AnswerStatus> statuses(form.questions_size(), AnswerStatus::kBlank);
  std::vector<int> answered_at(form.questions_size(), -1);
  for (int i = 0; i < ballot.answers_size(); ++i) {
    const v1::Answer& answer = ballot.answers(i);
    const std::string path = absl::StrCat("ballot.answers[", i, "]");
    int q = 0;
    while (q < form.questions_size() && form.questions(q).id() != answer.question_id()) ++q;
    if (q == form.questions_size()) {
      return absl::NotFoundError(absl::StrCat(path, ".question_id: unknown question ",
                                              Quote(answer.question_id()), " in form ", form.id()));
    }
    if (answered_at[q] >= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ".question_id: second answer for question ", answer.question_id(),
                       " (first at ballot.answers[", answered_at[q], "])"));
    }
    answered_at[q] = i;
    const v1::Question& question = form.questions(q);
    switch (question.kind_case()) {
      case v1::Question::kApproval: {
        ASSIGN_OR_RETURN(statuses[q], ClassifyApproval(path, form, question, answer));
        RETURN_IF_ERROR(ForeignAnswerFields(path, question, answer));
        break;
      }
      case v1::Question::kGraded: {
        ASSIGN_OR_RETURN(statuses[q], ClassifyGraded(path, question, answer));
        RETURN_IF_ERROR(ForeignAnswerFields(path, question, answer));
        break;
      }
      case v1::Question::kDecision: {
        ASSIGN_OR_RETURN(statuses[q], ClassifyDecision(path, form, question, answer));
        break;
      }
      case v1::Question::kElement: {
        ASSIGN_OR_RETURN(statuses[q], ClassifyElement(path, form, question, answer));
        break;
      }
      case v1::Question::kChecklist: {
        ASSIGN_OR_RETURN(statuses[q], ClassifyChecklist(path, question, answer));
        break;
      }
      case v1::Question::KIND_NOT_SET:
        // ValidateSpec refuses such a form; never count what it cannot mean.
        return absl::InvalidArgumentError(
            absl::StrCat(path, ": question ", question.id(), " has no kind this version counts"));
    }
  }
  // Every part is checked, so only bytes no field accounts for (unknown
  // fields) can make a ballot larger than the form's largest.
  const size_t size = ballot.ByteSizeLong();
  if (const size_t max = MaxBallotBytes(form); size > max) {
    return absl::InvalidArgumentError(absl::StrCat("ballot: ", size,
                                                   " bytes, more than the largest ballot form ",
                                                   form.id(), " can take (", max, " bytes)"));
  }
  return statuses;
}

}  // namespace gongxin::tally
