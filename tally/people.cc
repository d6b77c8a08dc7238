// Shared checks for listed people and labelled options.
#include "tally/people.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tally/ids.h"
#include "tally/text.h"
#include "util/status_macros.h"

namespace gongxin::tally {
namespace {

constexpr TextLimits kName{.required = true, .max_chars = 100};
constexpr TextLimits kOptionalLine{.required = false, .max_chars = 200};
constexpr TextLimits kNote{.required = false, .max_chars = 1000};

absl::string_view KindName(const v1::Question& q) {
  switch (q.kind_case()) {
    case v1::Question::kApproval:
      return "an approval";
    case v1::Question::kGraded:
      return "a graded";
    case v1::Question::kDecision:
      return "a decision";
    case v1::Question::kElement:
      return "a best-per-element";
    case v1::Question::kChecklist:
      return "a checklist";
    case v1::Question::KIND_NOT_SET:
      break;
  }
  return "an unknown";
}

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
    RETURN_IF_ERROR(ValidateText(p + ".name", c.name(), kName));
    RETURN_IF_ERROR(ValidateText(p + ".current_post", c.current_post(), kOptionalLine));
    RETURN_IF_ERROR(ValidateText(p + ".proposed_post", c.proposed_post(), kOptionalLine));
    RETURN_IF_ERROR(ValidateText(p + ".note", c.note(), kNote));
    if (!decision && !c.recused_voter_ids().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(p, ".recused_voter_ids: recusal (rule B4) is for decision candidates"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateLabelled(const std::string& path, absl::string_view id,
                              absl::string_view label,
                              DistinctIds& seen) {
  RETURN_IF_ERROR(ValidateId(path + ".id", id));
  RETURN_IF_ERROR(seen.Add(path + ".id", id, path));
  return ValidateText(path + ".label", label, kName);
}

bool HasPerson(const google::protobuf::RepeatedPtrField<v1::Candidate>& people,
               absl::string_view id) {
  for (const v1::Candidate& c : people) {
    if (c.id() == id) return true;
  }
  return false;
}

absl::Status ForeignAnswerFields(const std::string& path, const v1::Question& question,
                                 const v1::Answer& answer) {
  const auto kind = question.kind_case();
  struct Part {
    bool present;
    bool allowed;
    absl::string_view field;
  };
  const Part parts[] = {
      {!answer.choices().empty(), kind == v1::Question::kApproval, "choices"},
      {!answer.write_ins().empty(), kind == v1::Question::kApproval, "write_ins"},
      {!answer.grades().empty(), kind == v1::Question::kGraded, "grades"},
      {!answer.decisions().empty(), kind == v1::Question::kDecision, "decisions"},
      {!answer.elements().empty(), kind == v1::Question::kElement, "elements"},
      {!answer.ticks().empty(), kind == v1::Question::kChecklist, "ticks"},
  };
  for (const Part& part : parts) {
    if (part.present && !part.allowed) {
      return absl::InvalidArgumentError(absl::StrCat(path, ".", part.field, ": question ",
                                                     question.id(), " is ", KindName(question),
                                                     " question; it takes no ", part.field));
    }
  }
  return absl::OkStatus();
}

}  // namespace gongxin::tally
