// Lookups into a meeting spec.
#include "tally/spec_lookup.h"

#include <string>

namespace gongxin::tally {

namespace {

// The candidates (approval) or subjects (graded) of `q`.
const google::protobuf::RepeatedPtrField<v1::Candidate>& RulePeople(const v1::Question& q) {
  return q.has_approval() ? q.approval().candidates() : q.graded().subjects();
}

}  // namespace

const v1::Form* FindForm(const v1::MeetingSpec& spec, absl::string_view id) {
  const std::optional<int> index = FormIndex(spec, id);
  return index ? &spec.forms(*index) : nullptr;
}

std::optional<int> FormIndex(const v1::MeetingSpec& spec, absl::string_view id) {
  for (int i = 0; i < spec.forms_size(); ++i) {
    if (spec.forms(i).id() == id) return i;
  }
  return std::nullopt;
}

const v1::Question* FindQuestion(const v1::Form& form, absl::string_view id) {
  for (const v1::Question& q : form.questions()) {
    if (q.id() == id) return &q;
  }
  return nullptr;
}

std::string GroupName(const v1::MeetingSpec& spec, absl::string_view id) {
  for (const v1::VoterGroup& g : spec.groups()) {
    if (g.id() == id) return g.name().empty() ? g.id() : g.name();
  }
  return std::string(id);
}

bool IsGroupDeclared(const v1::MeetingSpec& spec, absl::string_view group_id) {
  for (const v1::VoterGroup& g : spec.groups()) {
    if (g.id() == group_id) return true;
  }
  return false;
}

bool IsFormOpenToGroup(const v1::Form& form, absl::string_view group_id) {
  if (form.eligible_groups().empty()) return true;
  for (const std::string& g : form.eligible_groups()) {
    if (g == group_id) return true;
  }
  return false;
}

std::vector<const v1::Candidate*> RuleCandidates(const v1::MeetingSpec& spec,
                                                 const v1::CompositeRule& rule) {
  std::vector<const v1::Candidate*> out;
  const v1::Form* form = FindForm(spec, rule.form_id());
  const v1::Question* q = form == nullptr ? nullptr : FindQuestion(*form, rule.question_id());
  if (q == nullptr) return out;
  for (const v1::Candidate& c : RulePeople(*q)) out.push_back(&c);
  return out;
}

std::string RuleCandidateName(const v1::MeetingSpec& spec, const v1::CompositeRule* rule,
                              absl::string_view id) {
  if (rule != nullptr) {
    for (const v1::Candidate* c : RuleCandidates(spec, *rule)) {
      if (c->id() == id && !c->name().empty()) return c->name();
    }
  }
  return std::string(id);
}

}  // namespace gongxin::tally
