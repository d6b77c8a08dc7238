// What the counting rules add to a form's result (docs/counting-rules.md):
// the form's validity and quorum (rules A4, A6b, B1), the 差额 shortlist
// marks with unbroken ties (A2, S-8), the threshold flags with their rule id
// and text (S-1, S-5, S-9, C3; advice only, A8), and the per-group turnout,
// with a suppressed group showing only the reason (small-group protection).
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "report/html.h"
#include "report/sections/sections.h"
#include "report/view.h"
#include "tally/fraction.h"

namespace gongxin::report::sections {
void AppendFormValidity(const Context& c, const v1::FormTally& form_tally, Block* out) {
  if (!form_tally.has_validity()) return;
  const v1::Validity& v = form_tally.validity();
  Block& section = AddSection(out, "validity");
  section.data.push_back({"valid", v.valid() ? "true" : "false"});
  AddParagraph(&section, "",
               absl::Substitute(c.m.validity_line, v.quorum_required(), v.present(),
                                v.quorum_met() ? c.m.met : c.m.not_met, v.blank(), v.invalid()));
  if (v.valid()) {
    AddParagraph(&section, "", c.m.count_valid);
  } else {
    AddParagraph(&section, "warning",
                 absl::Substitute(c.m.count_invalid, c.english ? v.reason_en() : v.reason_zh()));
  }
  Record r;
  r.form_id = c.form_key;
  r.kind = "validity";
  r.votes = absl::StrCat(v.present());
  r.rate_denominator = absl::StrCat(v.due());
  r.vote_rate = PercentNumber(v.present(), v.due());
  r.rank = absl::StrCat(v.quorum_required());
  r.grade_id = v.valid() ? "valid" : "invalid";
  r.grade = v.reason_en();
  section.records.push_back(std::move(r));
}

void AppendShortlist(const Context& c, const v1::Question* question,
                     const v1::QuestionTally& tally, Block* out) {
  if (!tally.has_shortlist()) return;
  const v1::Shortlist& s = tally.shortlist();
  Block& section = AddSection(out, "shortlist");
  Block& line = AddParagraph(&section, "", absl::Substitute(c.m.shortlist_line, s.marked(), s.size()));
  line.strong = true;
  Record size = QuestionRecord(c, question, tally, "shortlist_size");
  size.votes = absl::StrCat(s.marked());
  size.rate_denominator = absl::StrCat(s.size());
  size.grade_id = s.resolved() ? "resolved" : "unresolved";
  size.grade = s.reason_en();
  line.records.push_back(std::move(size));
  if (!s.resolved()) {
    AddParagraph(&section, "warning", absl::Substitute(c.m.shortlist_unresolved,
                                                       c.english ? s.reason_en() : s.reason_zh()));
  }
  Block list;
  list.kind = Block::Kind::kList;
  // One mark per name on the list: candidates by id, write-ins by name.
  auto mark = [&](const std::string& id, const std::string& name, uint32_t votes, uint32_t rank,
                  bool tie) {
    list.table.rows.push_back(
        Row{{{absl::Substitute(c.m.shortlist_mark, name, tie ? c.m.shortlist_tie : c.m.shortlisted)}},
            "",
            {{"mark", tie ? "tie" : "in"}}});
    Record r =
        FigureRecord(c, question, tally, "shortlist", id, name, votes, tally.rate_denominator());
    r.rank = absl::StrCat(rank);
    r.grade_id = tie ? "tie_at_cut" : "shortlisted";
    list.records.push_back(std::move(r));
  };
  for (const v1::CandidateTally& t : tally.candidates()) {
    if (!t.shortlisted() && !t.tie_at_cut()) continue;
    mark(t.candidate_id(), PersonName(question, t.candidate_id()), t.votes(), t.rank(),
         t.tie_at_cut());
  }
  for (const v1::WriteInTally& t : tally.write_ins()) {
    if (!t.shortlisted() && !t.tie_at_cut()) continue;
    mark("", t.name(), t.votes(), t.rank(), t.tie_at_cut());
  }
  if (!list.table.rows.empty()) section.children.push_back(std::move(list));
}

void AppendFlags(const Context& c, const v1::Question* question, const v1::QuestionTally& tally,
                 Block* out) {
  if (tally.flags().empty()) return;
  Block& section = AddSection(out, "flags", c.m.flags);
  AddParagraph(&section, "note", c.m.flags_advice);
  Block& table = AddTable(&section, "flags");
  table.table.header = {{c.m.rule}, {c.m.flag_subject}, {c.m.observed}, {c.m.threshold}, {""}};
  for (const v1::Flag& f : tally.flags()) {
    const std::string name = PersonName(question, f.subject_id());
    const std::string text = c.english && !f.text_en().empty() ? f.text_en() : f.text_zh();
    table.table.rows.push_back(
        Row{{{f.rule_id()},
             {name},
             {absl::StrCat(Percent(f.observed_num(), f.observed_den()), " (", f.observed_num(),
                           "/", f.observed_den(), ")")},
             {absl::StrCat(tally::ComparatorSymbol(f.comparator()), " ", f.threshold().num(), "/",
                           f.threshold().den())},
             {f.kind() == v1::FLAG_KIND_VETO ? absl::Substitute(c.m.veto_advice, text) : text}},
            "",
            {{"rule", f.rule_id()}}});
    Record r = FigureRecord(c, question, tally, "flag", f.subject_id(), name, f.observed_num(),
                            f.observed_den());
    r.grade_id = f.rule_id();
    r.grade = f.flag();
    table.records.push_back(std::move(r));
  }
}

void AppendGroups(const Context& c, const v1::FormTally& form_tally, Block* out) {
  const std::string& reason =
      c.english ? form_tally.groups_reason_en() : form_tally.groups_reason_zh();
  if (form_tally.groups().empty() && reason.empty()) return;
  Block& section = AddSection(out, "groups", c.m.group_turnout_heading);
  if (!reason.empty()) {
    Block& note = AddParagraph(&section, "note", reason);
    Record r;
    r.form_id = c.form_key;
    r.kind = "groups_unavailable";
    r.grade = form_tally.groups_reason_en();
    note.records.push_back(std::move(r));
  }
  if (!form_tally.groups().empty()) {
    Block& table = AddTable(&section, "groups");
    table.table.header = {{c.m.group}, {c.m.due}, {c.m.issued}, {c.m.returned}};
    for (const v1::GroupTally& g : form_tally.groups()) {
      const std::string key = absl::StrCat(form_tally.form_id(), "/", g.group());
      Row row;
      row.data.push_back({"group", g.group()});
      row.cells.push_back({GroupName(c.spec, g.group())});
      if (g.suppressed()) {
        Cell why{absl::Substitute(c.m.suppressed, c.english ? g.reason_en() : g.reason_zh()), false,
                 "suppressed"};
        why.span = 3;
        row.cells.push_back(std::move(why));
        Record r;
        r.form_id = key;
        r.kind = "suppressed";
        r.votes = absl::StrCat(g.returned());
        r.grade = g.reason_en();
        table.records.push_back(std::move(r));
      } else {
        row.cells.push_back({absl::StrCat(g.due()), true});
        row.cells.push_back({absl::StrCat(g.issued()), true});
        row.cells.push_back({absl::StrCat(g.returned()), true});
        AddTurnoutRecords(key, g.due(), g.issued(), g.returned(), &table);
      }
      table.table.rows.push_back(std::move(row));
    }
  }
  // Each shown group's tables, compact. A suppressed group's questions are
  // never shown, whatever the tally carries: the reason above is all.
  const v1::Form* form = FindForm(c.spec, form_tally.form_id());
  for (const v1::GroupTally& g : form_tally.groups()) {
    if (g.suppressed() || g.questions().empty()) continue;
    Context group = c;
    group.compact = true;
    group.form_key = absl::StrCat(form_tally.form_id(), "/", g.group());
    Block& questions = AddSection(
        &section, "group-questions compact",
        absl::Substitute(c.m.group_questions, GroupName(c.spec, g.group()), g.returned()));
    questions.data.push_back({"group", g.group()});
    for (const v1::QuestionTally& q : g.questions()) AppendQuestion(group, form, q, &questions);
  }
}

}  // namespace gongxin::report::sections
