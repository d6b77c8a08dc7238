// Roll validation and indexing.
#include "tally/roll.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tally/ids.h"
#include "tally/spec_lookup.h"
#include "tally/text.h"
#include "util/status_macros.h"

namespace gongxin::tally {
namespace {

// Rule B4: refuses (INVALID_ARGUMENT, naming the field) a recused voter id
// that is not on `roll` or does not receive the form: such an entry could
// never be enforced and would silently shift the denominator.
absl::Status CheckRecusedOnRoll(const v1::MeetingSpec& spec, const Roll& roll) {
  for (int f = 0; f < spec.forms_size(); ++f) {
    const v1::Form& form = spec.forms(f);
    for (int q = 0; q < form.questions_size(); ++q) {
      const v1::Question& question = form.questions(q);
      for (int c = 0; c < question.decision().candidates_size(); ++c) {
        const v1::Candidate& cand = question.decision().candidates(c);
        for (int r = 0; r < cand.recused_voter_ids_size(); ++r) {
          const std::string& id = cand.recused_voter_ids(r);
          const v1::Voter* voter = roll.Find(id);
          if (voter == nullptr || !roll.IsEligible(*voter, form)) {
            return absl::InvalidArgumentError(absl::StrCat(
                "spec.forms[", f, "].questions[", q, "].decision.candidates[", c,
                "].recused_voter_ids[", r, "]: voter ", Quote(id),
                voter == nullptr ? " is not on the roll" : " does not receive the form"));
          }
        }
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Roll> Roll::Create(v1::Roll roll, const v1::MeetingSpec& spec) {
  if (roll.voters().empty() || roll.voters_size() > kMaxVoters) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "roll.voters: must list 1 to %d voters (got %d)", kMaxVoters, roll.voters_size()));
  }
  Roll result(std::move(roll));
  result.index_by_id_.reserve(result.roll_.voters_size());
  DistinctIds ids("voter");
  for (int i = 0; i < result.roll_.voters_size(); ++i) {
    const v1::Voter& voter = result.roll_.voters(i);
    const std::string path = absl::StrCat("roll.voters[", i, "]");
    RETURN_IF_ERROR(ValidateId(path + ".id", voter.id()));
    RETURN_IF_ERROR(ids.Add(path + ".id", voter.id(), path));
    result.index_by_id_.try_emplace(voter.id(), i);
    RETURN_IF_ERROR(ValidateText(path + ".name", voter.name(), {.max_chars = 100}));
    if (!IsGroupDeclared(spec, voter.group())) {
      return absl::InvalidArgumentError(absl::StrCat(path, ".group: ", Quote(voter.group()),
                                                     " is not a group declared in spec.groups"));
    }
    ++result.group_sizes_[voter.group()];
  }
  // Rule B4: a recusal names a voter of this roll who receives the form.
  RETURN_IF_ERROR(CheckRecusedOnRoll(spec, result));
  return result;
}

const v1::Voter* Roll::Find(absl::string_view voter_id) const {
  auto it = index_by_id_.find(voter_id);
  return it == index_by_id_.end() ? nullptr : &roll_.voters(it->second);
}

size_t Roll::EligibleCount(const v1::Form& form) const {
  if (form.eligible_groups().empty()) return size();
  size_t n = 0;
  for (const std::string& group : form.eligible_groups()) {
    auto it = group_sizes_.find(group);
    if (it != group_sizes_.end()) n += it->second;
  }
  return n;
}

bool Roll::IsEligible(const v1::Voter& voter, const v1::Form& form) const {
  return IsFormOpenToGroup(form, voter.group());
}

std::vector<std::string> Roll::EligibleForms(const v1::Voter& voter,
                                             const v1::MeetingSpec& spec) const {
  std::vector<std::string> ids;
  for (const v1::Form& form : spec.forms()) {
    if (IsEligible(voter, form)) ids.push_back(form.id());
  }
  return ids;
}

}  // namespace gongxin::tally
