// The next round's spec, as YAML the spec loader reads back.
#include "client/next_round.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "tally/round.h"
#include "tally/spec.h"
#include "util/status_macros.h"

namespace gongxin::client {
namespace {

// A YAML double-quoted scalar: backslash escapes as in JSON, so any text
// (quotes, colons, '#', leading dashes) reads back as written.
std::string Q(absl::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += c;
    }
  }
  return out + "\"";
}

}  // namespace

absl::StatusOr<std::string> NextRoundSpecYaml(const NextRoundRequest& r) {
  const v1::Form* form = tally::FindForm(r.previous_spec, r.form_id);
  if (form == nullptr) {
    return absl::NotFoundError(absl::StrCat("--form: meeting ", r.previous_meeting_id,
                                            " has no form \"", r.form_id, "\""));
  }
  const v1::Question* question = nullptr;
  if (!r.question_id.empty()) {
    question = tally::FindQuestion(*form, r.question_id);
    if (question == nullptr) {
      return absl::NotFoundError(absl::StrCat("--question: form ", r.form_id,
                                              " has no question \"", r.question_id, "\""));
    }
  } else {
    for (const v1::Question& q : form->questions()) {
      if (!q.has_approval()) continue;
      if (question != nullptr) {
        return absl::InvalidArgumentError(absl::StrCat(
            "--question: form ", r.form_id, " has several approval questions; name one"));
      }
      question = &q;
    }
    if (question == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("--form: form ", r.form_id, " has no approval question"));
    }
  }
  ASSIGN_OR_RETURN(std::vector<v1::Candidate> top,
                   tally::TopOfRound(r.previous_spec, r.previous_result, r.form_id,
                                     question->id(), r.top));
  if (top.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "question ", question->id(), " of meeting ", r.previous_meeting_id,
        " gave nobody a vote; there is no list for a next round"));
  }
  const uint32_t round =
      form->has_previous_round() ? form->previous_round().round() + 1 : 2;
  const bool en = r.previous_spec.locale() == "en";
  const v1::ApprovalQuestion& a = question->approval();
  std::string y;
  absl::StrAppend(&y, "# Round ", round, " of meeting ", r.previous_meeting_id, ", form ",
                  r.form_id, ", question ", question->id(), ": its top ", r.top,
                  " (ties at the cut included).\n");
  absl::StrAppend(&y, "title: ",
                  Q(absl::StrCat(r.previous_spec.title(),
                                 en ? absl::StrCat(" (round ", round, ")")
                                    : absl::StrCat("（第", round, "轮）"))),
                  "\n");
  absl::StrAppend(&y, "unit: ", Q(r.previous_spec.unit()), "\n");
  if (!r.previous_spec.locale().empty()) {
    absl::StrAppend(&y, "locale: ", r.previous_spec.locale(), "\n");
  }
  if (!r.roll.empty()) absl::StrAppend(&y, "roll: ", Q(r.roll), "\n");
  absl::StrAppend(&y, "groups:\n");
  for (const v1::VoterGroup& g : r.previous_spec.groups()) {
    absl::StrAppend(&y, "  - {id: ", Q(g.id()), ", name: ", Q(g.name()), "}\n");
  }
  absl::StrAppend(&y, "forms:\n");
  absl::StrAppend(&y, "  - id: ", Q(form->id()), "\n");
  absl::StrAppend(&y, "    title: ",
                  Q(absl::StrCat(form->title(), en ? absl::StrCat(" (round ", round, ")")
                                                   : absl::StrCat("（第", round, "轮）"))),
                  "\n");
  absl::StrAppend(&y, "    mode: ",
                  form->mode() == v1::FORM_MODE_ANONYMOUS ? "anonymous" : "named", "\n");
  if (!form->eligible_groups().empty()) {
    absl::StrAppend(&y, "    eligible_groups: [");
    for (int i = 0; i < form->eligible_groups_size(); ++i) {
      absl::StrAppend(&y, i == 0 ? "" : ", ", Q(form->eligible_groups(i)));
    }
    absl::StrAppend(&y, "]\n");
  }
  absl::StrAppend(&y, "    questions:\n");
  absl::StrAppend(&y, "      - id: ", Q(question->id()), "\n");
  absl::StrAppend(&y, "        title: ",
                  Q(question->title().empty() ? a.post() : question->title()), "\n");
  absl::StrAppend(&y, "        kind: approval\n");
  absl::StrAppend(&y, "        post: ", Q(a.post()), "\n");
  absl::StrAppend(&y, "        seats: ", a.seats(), "\n");
  const uint32_t max_choices =
      std::min<uint32_t>(a.max_choices(), static_cast<uint32_t>(top.size()));
  absl::StrAppend(&y, "        max_choices: ", max_choices, "\n");
  absl::StrAppend(&y, "        candidates:\n");
  for (const v1::Candidate& c : top) {
    absl::StrAppend(&y, "          - {id: ", Q(c.id()), ", name: ", Q(c.name()));
    if (!c.current_post().empty()) absl::StrAppend(&y, ", current_post: ", Q(c.current_post()));
    if (!c.note().empty()) absl::StrAppend(&y, ", note: ", Q(c.note()));
    absl::StrAppend(&y, "}\n");
  }
  absl::StrAppend(&y, "    previous_round:\n");
  absl::StrAppend(&y, "      previous_meeting_id: ", Q(r.previous_meeting_id), "\n");
  absl::StrAppend(&y, "      previous_form_id: ", Q(form->id()), "\n");
  absl::StrAppend(&y, "      previous_question_id: ", Q(question->id()), "\n");
  absl::StrAppend(&y, "      question_id: ", Q(question->id()), "\n");
  absl::StrAppend(&y, "      round: ", round, "\n");
  absl::StrAppend(&y, "      top: ", r.top, "\n");
  absl::StrAppend(&y, "      count_seq: ", r.count_seq, "\n");
  absl::StrAppend(&y, "      count_entry_hash: ", absl::BytesToHexString(r.count_entry_hash),
                  "\n");
  return y;
}

}  // namespace gongxin::client
