// Shared checks for listed people and labelled options.
#include "tally/people.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tally/ids.h"
#include "tally/text.h"
#include "util/status_macros.h"

namespace gongxin::tally {
namespace {

constexpr TextLimits kNote{.required = false, .max_chars = 1000};

}  // namespace

absl::Status ValidatePeople(const std::string& path,
                            const google::protobuf::RepeatedPtrField<v1::Candidate>& people,
                            int max, bool decision) {
  if (people.empty() || people.size() > max) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: must list 1 to %d (got %d)", path, max, people.size()));
  }
  DistinctIds ids("");
  for (int i = 0; i < people.size(); ++i) {
    const v1::Candidate& c = people[i];
    const std::string p = absl::StrCat(path, "[", i, "]");
    RETURN_IF_ERROR(ValidateId(p + ".id", c.id()));
    RETURN_IF_ERROR(ids.Add(p + ".id", c.id(), p));
    RETURN_IF_ERROR(ValidateText(p + ".name", c.name(), kNameText));
    RETURN_IF_ERROR(ValidateText(p + ".current_post", c.current_post(), kOptionalLineText));
    RETURN_IF_ERROR(ValidateText(p + ".proposed_post", c.proposed_post(), kOptionalLineText));
    RETURN_IF_ERROR(ValidateText(p + ".note", c.note(), kNote));
    if (!decision && !c.recused_voter_ids().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(p, ".recused_voter_ids: recusal (rule B4) is for decision candidates"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidatePerson(const std::string& path, const v1::Candidate& c, DistinctIds& ids) {
  RETURN_IF_ERROR(ValidateId(path + ".id", c.id()));
  RETURN_IF_ERROR(ids.Add(path + ".id", c.id()));
  RETURN_IF_ERROR(ValidateText(path + ".name", c.name(), kNameText));
  RETURN_IF_ERROR(ValidateText(path + ".current_post", c.current_post(), kOptionalLineText));
  RETURN_IF_ERROR(ValidateText(path + ".proposed_post", c.proposed_post(), kOptionalLineText));
  RETURN_IF_ERROR(ValidateText(path + ".note", c.note(), kNote));
  if (!c.recused_voter_ids().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ".recused_voter_ids: recusal (rule B4) is for decision candidates"));
  }
  return absl::OkStatus();
}

absl::Status ValidateLabelled(const std::string& path, absl::string_view id,
                              absl::string_view label,
                              DistinctIds& seen) {
  RETURN_IF_ERROR(ValidateId(path + ".id", id));
  RETURN_IF_ERROR(seen.Add(path + ".id", id, path));
  return ValidateText(path + ".label", label, kNameText);
}

bool HasPerson(const google::protobuf::RepeatedPtrField<v1::Candidate>& people,
               absl::string_view id) {
  for (const v1::Candidate& c : people) {
    if (c.id() == id) return true;
  }
  return false;
}

}  // namespace gongxin::tally
