// The next round's spec, as YAML the spec loader reads back.
#include "client/next_round.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/linked_question.h"
#include "client/yaml_text.h"
#include "tally/annotate.h"
#include "tally/round.h"
#include "tally/spec.h"
#include "util/status_macros.h"

namespace gongxin::client {
namespace {

// "（第N轮）" / " (round N)" appended to a title, replacing the one an
// earlier round appended, so round 3 of "X" is "X（第3轮）", not
// "X（第2轮）（第3轮）".
std::string RoundTitle(absl::string_view title, uint32_t round, bool en) {
  for (const auto& [open, close] : {std::pair<absl::string_view, absl::string_view>{"（第", "轮）"},
                                    {" (round ", ")"}}) {
    if (!absl::EndsWith(title, close)) continue;
    const size_t at = title.rfind(open);
    if (at == absl::string_view::npos) continue;
    absl::string_view n = title.substr(at + open.size());
    n.remove_suffix(close.size());
    if (!n.empty() && std::all_of(n.begin(), n.end(), absl::ascii_isdigit)) {
      title = title.substr(0, at);
      break;
    }
  }
  return en ? absl::StrCat(title, " (round ", round, ")")
            : absl::StrCat(title, "（第", round, "轮）");
}

}  // namespace

absl::StatusOr<std::string> NextRoundSpecYaml(const NextRoundRequest& r) {
  ASSIGN_OR_RETURN(const LinkedQuestion linked,
                   FindLinkedQuestion(r.previous_spec, r.previous_meeting_id, r.form_id,
                                      r.question_id,
                                      [](const v1::Question& q) { return q.has_approval(); },
                                      "approval"));
  const v1::Form* form = linked.form;
  const v1::Question* question = linked.question;
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
  absl::StrAppend(&y, "title: ", YamlQuoted(RoundTitle(r.previous_spec.title(), round, en)), "\n");
  absl::StrAppend(&y, "unit: ", YamlQuoted(r.previous_spec.unit()), "\n");
  if (!r.previous_spec.locale().empty()) {
    absl::StrAppend(&y, "locale: ", r.previous_spec.locale(), "\n");
  }
  if (!r.roll.empty()) absl::StrAppend(&y, "roll: ", YamlQuoted(r.roll), "\n");
  // The post being filled, with its qualifications, so the next round's
  // announcement publishes them again (and the loader checks the title).
  for (const v1::Post& p : r.previous_spec.posts()) {
    if (p.title() != a.post()) continue;
    absl::StrAppend(&y, "posts:\n  - id: ", YamlQuoted(p.id()), "\n    title: ", YamlQuoted(p.title()), "\n");
    if (p.seats() != 0) absl::StrAppend(&y, "    seats: ", p.seats(), "\n");
    if (!p.qualifications().empty()) {
      absl::StrAppend(&y, "    qualifications:\n");
      for (const std::string& q : p.qualifications()) absl::StrAppend(&y, "      - ", YamlQuoted(q), "\n");
    }
  }
  absl::StrAppend(&y, "groups:\n");
  for (const v1::VoterGroup& g : r.previous_spec.groups()) {
    absl::StrAppend(&y, "  - {id: ", YamlQuoted(g.id()), ", name: ", YamlQuoted(g.name()), "}\n");
  }
  absl::StrAppend(&y, "forms:\n");
  absl::StrAppend(&y, "  - id: ", YamlQuoted(form->id()), "\n");
  absl::StrAppend(&y, "    title: ", YamlQuoted(RoundTitle(form->title(), round, en)), "\n");
  absl::StrAppend(&y, "    mode: ",
                  form->mode() == v1::FORM_MODE_ANONYMOUS ? "anonymous" : "named", "\n");
  if (!form->eligible_groups().empty()) {
    absl::StrAppend(&y, "    eligible_groups: [");
    for (int i = 0; i < form->eligible_groups_size(); ++i) {
      absl::StrAppend(&y, i == 0 ? "" : ", ", YamlQuoted(form->eligible_groups(i)));
    }
    absl::StrAppend(&y, "]\n");
  }
  absl::StrAppend(&y, "    questions:\n");
  absl::StrAppend(&y, "      - id: ", YamlQuoted(question->id()), "\n");
  absl::StrAppend(&y, "        title: ",
                  YamlQuoted(question->title().empty() ? a.post() : question->title()), "\n");
  absl::StrAppend(&y, "        kind: approval\n");
  absl::StrAppend(&y, "        post: ", YamlQuoted(a.post()), "\n");
  absl::StrAppend(&y, "        seats: ", a.seats(), "\n");
  const uint32_t max_choices =
      std::min<uint32_t>(a.max_choices(), static_cast<uint32_t>(top.size()));
  absl::StrAppend(&y, "        max_choices: ", max_choices, "\n");
  // The same 差额 ratio and approval settings in every round (S-8: 1:3 in
  // each), so the next round marks its shortlist as the first did.
  if (a.shortlist_ratio() != 0) {
    absl::StrAppend(&y, "        shortlist: \"1:", a.shortlist_ratio(), "\"\n");
  }
  if (a.has_min_vote_rate() && a.min_vote_rate().den() != 0) {
    absl::StrAppend(&y, "        min_vote_rate: ", a.min_vote_rate().num(), "/",
                    a.min_vote_rate().den(), "\n");
  }
  // tally::BasisName spells a basis as the spec file does; unspecified
  // is left out, for the loader's default to read back the same.
  if (a.min_vote_rate_basis() != v1::RATE_BASIS_UNSPECIFIED) {
    absl::StrAppend(&y, "        min_vote_rate_basis: ", tally::BasisName(a.min_vote_rate_basis()),
                    "\n");
  }
  if (a.rate_basis() != v1::RATE_BASIS_UNSPECIFIED) {
    absl::StrAppend(&y, "        rate_basis: ", tally::BasisName(a.rate_basis()), "\n");
  }
  absl::StrAppend(&y, "        candidates:\n");
  for (const v1::Candidate& c : top) {
    absl::StrAppend(&y, "          - {id: ", YamlQuoted(c.id()), ", name: ", YamlQuoted(c.name()));
    if (!c.current_post().empty()) absl::StrAppend(&y, ", current_post: ", YamlQuoted(c.current_post()));
    if (!c.note().empty()) absl::StrAppend(&y, ", note: ", YamlQuoted(c.note()));
    absl::StrAppend(&y, "}\n");
  }
  absl::StrAppend(&y, "    previous_round:\n");
  absl::StrAppend(&y, "      previous_meeting_id: ", YamlQuoted(r.previous_meeting_id), "\n");
  absl::StrAppend(&y, "      previous_form_id: ", YamlQuoted(form->id()), "\n");
  absl::StrAppend(&y, "      previous_question_id: ", YamlQuoted(question->id()), "\n");
  absl::StrAppend(&y, "      question_id: ", YamlQuoted(question->id()), "\n");
  absl::StrAppend(&y, "      round: ", round, "\n");
  absl::StrAppend(&y, "      top: ", r.top, "\n");
  absl::StrAppend(&y, "      count_seq: ", r.count_seq, "\n");
  absl::StrAppend(&y, "      count_entry_hash: ", absl::BytesToHexString(r.count_entry_hash),
                  "\n");
  return y;
}

}  // namespace gongxin::client
