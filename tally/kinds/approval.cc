// Approval questions: spec checks (rules A1, A2), ballot classification
// with write-ins and over-votes (A6, A6a) and the count with its ranks (A7).
#include "tally/kinds/approval.h"

#include <algorithm>
#include <functional>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "tally/ids.h"
#include "tally/people.h"
#include "tally/rules_spec.h"
#include "tally/text.h"
#include "tally/wire_size.h"
#include "util/status_macros.h"

namespace gongxin::tally {
namespace {


absl::Status ValidateApproval(const std::string& path, const v1::ApprovalQuestion& q) {
  RETURN_IF_ERROR(ValidateText(path + ".post", q.post(), kTitleText));
  if (q.seats() < 1) {
    return absl::InvalidArgumentError(absl::StrCat(path, ".seats: must be at least 1 (got 0)"));
  }
  if (q.candidates().empty() || q.candidates_size() > kMaxCandidatesPerQuestion) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s.candidates: must list 1 to %d candidates (got %d)", path,
                        kMaxCandidatesPerQuestion, q.candidates_size()));
  }
  DistinctIds ids("candidate");
  for (int i = 0; i < q.candidates_size(); ++i) {
    RETURN_IF_ERROR(
        ValidatePerson(absl::StrCat(path, ".candidates[", i, "]"), q.candidates(i), ids));
  }
  if (q.max_choices() < 1 || q.max_choices() > kMaxChoicesLimit) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s.max_choices: must be between 1 and %d (got %d)", path, kMaxChoicesLimit,
                        q.max_choices()));
  }
  if (!q.allow_write_in() && q.max_choices() > static_cast<uint32_t>(q.candidates_size())) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s.max_choices: must not exceed the number of candidates (%d) unless write-ins "
        "are allowed (got %d)",
        path, q.candidates_size(), q.max_choices()));
  }
  return ValidateApprovalRules(path, q);
}

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

// Competition rank of `votes` among the tallies in `sorted_desc` (sorted
// with most votes first): 1 + how many have more votes.
uint32_t RankAmong(const std::vector<uint32_t>& sorted_desc, uint32_t votes) {
  auto first =
      std::lower_bound(sorted_desc.begin(), sorted_desc.end(), votes, std::greater<uint32_t>());
  return static_cast<uint32_t>(first - sorted_desc.begin()) + 1;
}

class ApprovalCount final : public KindCount {
 public:
  explicit ApprovalCount(const v1::ApprovalQuestion& question) {
    for (const v1::Candidate& candidate : question.candidates()) {
      candidate_index_.try_emplace(candidate.id(), candidate_ids_.size());
      candidate_ids_.push_back(candidate.id());
    }
    votes_.assign(candidate_ids_.size(), 0);
  }

  void Add(const v1::Answer& answer) override {
    for (const std::string& choice : answer.choices()) {
      auto it = candidate_index_.find(choice);
      if (it != candidate_index_.end()) ++votes_[it->second];
    }
    for (const std::string& name : answer.write_ins()) ++write_ins_[NormalizeWriteIn(name)];
  }

  void Fill(const KindContext& context, v1::QuestionTally* qt) const override {
    // One ranking over listed candidates and write-ins together: a
    // write-in (另推他人) that outpolls the list must rank above it.
    std::vector<uint32_t> sorted = votes_;
    for (const auto& [name, votes] : write_ins_) sorted.push_back(votes);
    std::sort(sorted.begin(), sorted.end(), std::greater<uint32_t>());
    for (size_t i = 0; i < candidate_ids_.size(); ++i) {
      v1::CandidateTally* ct = qt->add_candidates();
      ct->set_candidate_id(candidate_ids_[i]);
      ct->set_votes(votes_[i]);
      ct->set_rank(RankAmong(sorted, votes_[i]));
    }

    std::vector<std::pair<std::string, uint32_t>> write_ins(write_ins_.begin(), write_ins_.end());
    std::sort(write_ins.begin(), write_ins.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    for (const auto& [name, votes] : write_ins) {
      v1::WriteInTally* wt = qt->add_write_ins();
      wt->set_name(name);
      wt->set_votes(votes);
      wt->set_rank(RankAmong(sorted, votes));
    }
  }

  std::unique_ptr<KindCount> Clone() const override {
    return std::make_unique<ApprovalCount>(*this);
  }

 private:
  std::vector<std::string> candidate_ids_;                 // spec order
  absl::flat_hash_map<std::string, int> candidate_index_;  // id → position
  std::vector<uint32_t> votes_;                            // by position
  absl::flat_hash_map<std::string, uint32_t> write_ins_;   // normalized name
};

constexpr AnswerField kApprovalAnswerFields[] = {
    {"choices", [](const v1::Answer& a) { return !a.choices().empty(); }},
    {"write_ins", [](const v1::Answer& a) { return !a.write_ins().empty(); }},
};

class Approval final : public QuestionKind {
 public:
  v1::Question::KindCase kind_case() const override { return v1::Question::kApproval; }
  absl::string_view name() const override { return "approval"; }
  absl::string_view phrase() const override { return "an approval"; }
  absl::Span<const AnswerField> answer_fields() const override { return kApprovalAnswerFields; }
  bool foreign_fields_first() const override { return false; }

  absl::Status Validate(const std::string& path, const v1::Form& form,
                        const v1::Question& question) const override {
    return ValidateApproval(path, question.approval());
  }

  absl::StatusOr<AnswerStatus> Classify(const std::string& path, const v1::Form& form,
                                        const v1::Question& question,
                                        const v1::Answer& answer) const override {
    return ClassifyApproval(path, form, question, answer);
  }

  size_t MaxMarkBytes(const v1::Question& question) const override {
    size_t bytes = 0;
    for (const v1::Candidate& c : question.approval().candidates()) {
      bytes += Delimited(c.id().size());
    }
    bytes += MaxWriteIns(question) * Delimited(4 * static_cast<size_t>(kMaxWriteInChars));
    return bytes;
  }

  std::unique_ptr<KindCount> NewCount(const v1::Question& question) const override {
    return std::make_unique<ApprovalCount>(question.approval());
  }
};

}  // namespace

const QuestionKind& ApprovalKind() {
  static const Approval kind;
  return kind;
}

std::string NormalizeWriteIn(absl::string_view name) { return std::string(TrimSpaces(name)); }

int MaxWriteIns(const v1::Question& question) {
  if (!question.has_approval() || !question.approval().allow_write_in()) return 0;
  return static_cast<int>(
      std::min<uint32_t>(question.approval().max_choices(), kMaxWriteInsPerAnswer));
}

}  // namespace gongxin::tally
