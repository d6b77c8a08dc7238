// Lookups into a meeting spec.
#include "tally/spec_lookup.h"

#include <string>

namespace gongxin::tally {

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

}  // namespace gongxin::tally
