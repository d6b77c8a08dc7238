// Lookups into a meeting spec by id: forms, questions, voter groups, the
// candidates a composite rule ranks. Apart
// from spec.h so that the parts ValidateSpec calls (composites, rounds,
// rules, question kinds) can look things up without depending on it.
#ifndef GONGXIN_TALLY_SPEC_LOOKUP_H_
#define GONGXIN_TALLY_SPEC_LOOKUP_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "gongxin/v1/meeting.pb.h"

namespace gongxin::tally {

// FindForm returns the form with id `id`, or nullptr if there is none.
const v1::Form* FindForm(const v1::MeetingSpec& spec, absl::string_view id);

// FormIndex returns the position of form `id` in spec.forms, if present.
std::optional<int> FormIndex(const v1::MeetingSpec& spec, absl::string_view id);

// FindQuestion returns the question with id `id` in `form`, or nullptr.
const v1::Question* FindQuestion(const v1::Form& form, absl::string_view id);

// IsGroupDeclared returns whether `group_id` is the id of one of spec.groups.
bool IsGroupDeclared(const v1::MeetingSpec& spec, absl::string_view group_id);

// GroupName returns the name of group `id` for people to read: its name,
// or the id itself when it has none or is not declared.
std::string GroupName(const v1::MeetingSpec& spec, absl::string_view id);

// IsFormOpenToGroup returns whether members of `group_id` receive `form`
// (true when form.eligible_groups is empty).
bool IsFormOpenToGroup(const v1::Form& form, absl::string_view group_id);

// RuleCandidates returns the candidates ranked by `rule` (the candidates or
// subjects of its question, in question order; empty if it names none).
std::vector<const v1::Candidate*> RuleCandidates(const v1::MeetingSpec& spec,
                                                 const v1::CompositeRule& rule);

// RuleCandidateName is the name of candidate `id` of `rule` (nullable), or
// the id when the rule or its question does not list it.
std::string RuleCandidateName(const v1::MeetingSpec& spec, const v1::CompositeRule* rule,
                              absl::string_view id);

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_SPEC_LOOKUP_H_
