// Best-per-element recommendation (rule S-6).
#include "tally/element.h"

#include <algorithm>
#include <functional>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tally/people.h"
#include "tally/text.h"
#include "util/status_macros.h"

namespace gongxin::tally {
namespace {

constexpr int kMaxPool = 1000;

int IndexOf(const std::vector<std::string>& ids, const std::string& id) {
  auto it = std::find(ids.begin(), ids.end(), id);
  return it == ids.end() ? -1 : static_cast<int>(it - ids.begin());
}

}  // namespace

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

absl::StatusOr<AnswerStatus> ClassifyElement(const std::string& path, const v1::Form& form,
                                             const v1::Question& question,
                                             const v1::Answer& answer) {
  RETURN_IF_ERROR(ForeignAnswerFields(path, question, answer));
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

ElementCount::ElementCount(const v1::ElementQuestion& q) {
  for (const v1::Element& e : q.elements()) element_ids_.push_back(e.id());
  for (const v1::Candidate& c : q.candidates()) candidate_ids_.push_back(c.id());
  votes_.assign(element_ids_.size() * candidate_ids_.size(), 0);
  named_.assign(element_ids_.size(), 0);
}

void ElementCount::Add(const v1::Answer& answer) {
  std::vector<bool> seen(element_ids_.size(), false);
  for (const v1::ElementChoice& choice : answer.elements()) {
    const int e = IndexOf(element_ids_, choice.element_id());
    const int c = IndexOf(candidate_ids_, choice.candidate_id());
    // A repeated element (which ClassifyBallot refuses or spoils) counts once.
    if (e < 0 || c < 0 || seen[e]) continue;
    seen[e] = true;
    ++votes_[e * candidate_ids_.size() + c];
    ++named_[e];
  }
}

void ElementCount::Fill(uint32_t valid, v1::QuestionTally* out) const {
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

}  // namespace gongxin::tally
