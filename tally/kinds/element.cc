// Best-per-element recommendation (rule S-6).
#include "tally/kinds/element.h"

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tally/people.h"
#include "tally/text.h"
#include "tally/wire_size.h"
#include "util/status_macros.h"

namespace gongxin::tally {
namespace {

constexpr int kMaxPool = 1000;

int ElementIndexOf(const std::vector<std::string>& ids, const std::string& id) {
  auto it = std::find(ids.begin(), ids.end(), id);
  return it == ids.end() ? -1 : static_cast<int>(it - ids.begin());
}

// ValidateElement checks an element question at `path`: 1 to 100 elements
// with valid, unique ids and labels of 1 to 100 characters; a pool of 1 to
// 1000 valid people. INVALID_ARGUMENT naming the field.
absl::Status ValidateElement(const std::string& path, const v1::ElementQuestion& q) {
  if (q.elements().empty() || q.elements_size() > kMaxElements) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s.elements: must list 1 to %d elements (got %d)", path, kMaxElements,
        q.elements_size()));
  }
  DistinctIds seen("");
  for (int i = 0; i < q.elements_size(); ++i) {
    RETURN_IF_ERROR(ValidateLabelled(absl::StrCat(path, ".elements[", i, "]"), q.elements(i).id(),
                                     q.elements(i).label(), seen));
  }
  return ValidatePeople(path + ".candidates", q.candidates(), kMaxPool);
}

// ClassifyElement classifies `answer` to element `question`. Blank when it
// names nobody. NOT_FOUND for an unknown element or candidate;
// INVALID_ARGUMENT — unless the form's overvote policy is SPOIL, which
// makes the answer kInvalid — for a second person named for one element
// (rule S-6: one person per element; A6a). Fields of another kind are
// refused before, by ClassifyBallot.
absl::StatusOr<AnswerStatus> ClassifyElement(const std::string& path, const v1::Form& form,
                                             const v1::Question& question,
                                             const v1::Answer& answer) {
  const v1::ElementQuestion& q = question.element();
  absl::flat_hash_map<absl::string_view, int> first;
  bool overvote = false;
  for (int j = 0; j < answer.elements_size(); ++j) {
    const v1::ElementChoice& choice = answer.elements(j);
    const std::string cpath = absl::StrCat(path, ".elements[", j, "]");
    const bool known_element =
        std::any_of(q.elements().begin(), q.elements().end(),
                    [&](const v1::Element& e) { return e.id() == choice.element_id(); });
    if (!known_element) {
      return absl::NotFoundError(absl::StrCat(cpath, ".element_id: unknown element ",
                                              Quote(choice.element_id()), " for question ",
                                              question.id()));
    }
    if (!HasPerson(q.candidates(), choice.candidate_id())) {
      return absl::NotFoundError(absl::StrCat(cpath, ".candidate_id: unknown candidate ",
                                              Quote(choice.candidate_id()), " for question ",
                                              question.id()));
    }
    auto [it, inserted] = first.try_emplace(choice.element_id(), j);
    if (inserted) continue;
    if (form.overvote_policy() != v1::OVERVOTE_POLICY_SPOIL) {
      return absl::InvalidArgumentError(absl::StrCat(
          cpath, ".element_id: element ", choice.element_id(),
          " already has a person (elements[", it->second,
          "]); one person per element (rule S-6)"));
    }
    overvote = true;
  }
  if (answer.elements().empty()) return AnswerStatus::kBlank;
  return overvote ? AnswerStatus::kInvalid : AnswerStatus::kValid;
}

// ElementCount accumulates the valid answers to one element question.
class ElementCount final : public KindCount {
 public:
  explicit ElementCount(const v1::ElementQuestion& q);
  // Add counts one kValid answer; unknown elements or candidates are ignored.
  void Add(const v1::Answer& answer) override;
  // Fill appends one ElementTally per element (spec order): votes and
  // competition rank per pool candidate (pool order), and blank = `valid`
  // ballots that named nobody for the element.
  void Fill(const KindContext& context, v1::QuestionTally* out) const override;

  std::unique_ptr<KindCount> Clone() const override {
    return std::make_unique<ElementCount>(*this);
  }

 private:
  std::vector<std::string> element_ids_;
  std::vector<std::string> candidate_ids_;
  // votes_[e * candidates + c]
  std::vector<uint32_t> votes_;
  std::vector<uint32_t> named_;  // by element: ballots naming someone
};

ElementCount::ElementCount(const v1::ElementQuestion& q) {
  for (const v1::Element& e : q.elements()) element_ids_.push_back(e.id());
  for (const v1::Candidate& c : q.candidates()) candidate_ids_.push_back(c.id());
  votes_.assign(element_ids_.size() * candidate_ids_.size(), 0);
  named_.assign(element_ids_.size(), 0);
}

void ElementCount::Add(const v1::Answer& answer) {
  std::vector<bool> seen(element_ids_.size(), false);
  for (const v1::ElementChoice& choice : answer.elements()) {
    const int e = ElementIndexOf(element_ids_, choice.element_id());
    const int c = ElementIndexOf(candidate_ids_, choice.candidate_id());
    // A repeated element (which ClassifyBallot refuses or spoils) counts once.
    if (e < 0 || c < 0 || seen[e]) continue;
    seen[e] = true;
    ++votes_[e * candidate_ids_.size() + c];
    ++named_[e];
  }
}

void ElementCount::Fill(const KindContext& context, v1::QuestionTally* out) const {
  const uint32_t valid = context.valid;
  const size_t n = candidate_ids_.size();
  for (size_t e = 0; e < element_ids_.size(); ++e) {
    v1::ElementTally* et = out->add_elements();
    et->set_element_id(element_ids_[e]);
    std::vector<uint32_t> sorted(votes_.begin() + e * n, votes_.begin() + (e + 1) * n);
    std::sort(sorted.begin(), sorted.end(), std::greater<uint32_t>());
    for (size_t c = 0; c < n; ++c) {
      const uint32_t v = votes_[e * n + c];
      v1::CandidateTally* ct = et->add_candidates();
      ct->set_candidate_id(candidate_ids_[c]);
      ct->set_votes(v);
      // Competition rank: 1 + how many have more votes (rule S-6).
      ct->set_rank(static_cast<uint32_t>(std::lower_bound(sorted.begin(), sorted.end(), v,
                                                          std::greater<uint32_t>()) -
                                         sorted.begin()) +
                   1);
    }
    et->set_blank(valid - std::min(valid, named_[e]));
  }
}

constexpr AnswerField kElementAnswerFields[] = {
    {"elements", [](const v1::Answer& a) { return !a.elements().empty(); }},
};

class Element final : public QuestionKind {
 public:
  v1::Question::KindCase kind_case() const override { return v1::Question::kElement; }
  absl::string_view name() const override { return "element"; }
  absl::string_view phrase() const override { return "a best-per-element"; }
  absl::Span<const AnswerField> answer_fields() const override { return kElementAnswerFields; }
  bool foreign_fields_first() const override { return true; }

  absl::Status Validate(const std::string& path, const v1::Form& form,
                        const v1::Question& question) const override {
    return ValidateElement(path, question.element());
  }

  absl::StatusOr<AnswerStatus> Classify(const std::string& path, const v1::Form& form,
                                        const v1::Question& question,
                                        const v1::Answer& answer) const override {
    return ClassifyElement(path, form, question, answer);
  }

  size_t MaxMarkBytes(const v1::Question& question) const override {
    size_t bytes = 0;
    const size_t candidate = LongestId(question.element().candidates());
    for (const v1::Element& e : question.element().elements()) {
      bytes += Delimited(Delimited(e.id().size()) + Delimited(candidate));
    }
    return bytes;
  }

  std::unique_ptr<KindCount> NewCount(const v1::Question& question) const override {
    return std::make_unique<ElementCount>(question.element());
  }
};

}  // namespace

const QuestionKind& ElementKind() {
  static const Element kind;
  return kind;
}

}  // namespace gongxin::tally
