// Full variant only: who chose what on one named form (实名推荐, rule A5
// "whoever recommends is responsible"), one row per voter. Never called for
// a public report or an anonymous form (result_report.cc refuses both).
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"
#include "report/html.h"
#include "report/sections/sections.h"
#include "report/view.h"

namespace gongxin::report::sections {
namespace {

const v1::Answer* FindAnswer(const v1::Ballot& ballot, absl::string_view question_id) {
  for (const v1::Answer& a : ballot.answers()) {
    if (a.question_id() == question_id) return &a;
  }
  return nullptr;
}

std::string CandidateName(const v1::Question& q, absl::string_view id) {
  for (const v1::Candidate& cand : q.approval().candidates()) {
    if (cand.id() == id) return cand.name();
  }
  for (const v1::Candidate& s : q.graded().subjects()) {
    if (s.id() == id) return s.name();
  }
  return std::string(id);
}

std::string ChoiceGradeLabel(const v1::Question& q, absl::string_view id) {
  for (const v1::Grade& g : q.graded().scale()) {
    if (g.id() == id) return g.label();
  }
  return std::string(id);
}

// The answer as a reader says it: names (and write-ins) for approval,
// "subject：grade" pairs for graded; blank and over-votes spelled out.
std::string AnswerText(const Context& c, const v1::Question& q, const v1::Answer* a) {
  if (a == nullptr || (a->choices().empty() && a->write_ins().empty() && a->grades().empty())) {
    return c.m.named_blank;
  }
  std::vector<std::string> parts;
  for (const std::string& id : a->choices()) parts.push_back(CandidateName(q, id));
  for (const std::string& w : a->write_ins()) parts.push_back(absl::StrCat(w, c.m.write_in_suffix));
  for (const v1::GradeChoice& g : a->grades()) {
    parts.push_back(absl::StrCat(CandidateName(q, g.subject_id()), c.english ? ": " : "：",
                                 ChoiceGradeLabel(q, g.grade_id())));
  }
  std::string text = absl::StrJoin(parts, c.english ? ", " : "、");
  if (q.has_approval() && static_cast<uint32_t>(a->choices_size() + a->write_ins_size()) >
                              q.approval().max_choices()) {
    text = absl::StrCat(c.m.named_invalid, text);
  }
  return text;
}

}  // namespace

void AppendNamedChoices(const Context& c, const v1::Form& form,
                        const std::vector<const NamedBallot*>& ballots, Block* out) {
  std::vector<const NamedBallot*> rows = ballots;
  std::sort(rows.begin(), rows.end(), [](const NamedBallot* a, const NamedBallot* b) {
    return a->voter_id < b->voter_id;
  });
  Block& section = AddSection(out, "named", absl::Substitute(c.m.named_heading, form.title()));
  section.data.push_back({"form", form.id()});
  AddParagraph(&section, "small", c.m.named_note);
  Block& table = AddTable(&section, "named-choices");
  table.table.header = {{c.m.voter}, {c.m.group}};
  for (const v1::Question& q : form.questions()) {
    table.table.header.push_back({q.title().empty() ? q.id() : q.title()});
  }
  for (const NamedBallot* b : rows) {
    Row row;
    row.cells = {{absl::StrCat(b->voter_name, " (", b->voter_id, ")")},
                 {GroupName(c.spec, b->group)}};
    for (const v1::Question& q : form.questions()) {
      row.cells.push_back({AnswerText(c, q, FindAnswer(b->ballot, q.id()))});
    }
    table.table.rows.push_back(std::move(row));
  }
}

}  // namespace gongxin::report::sections
