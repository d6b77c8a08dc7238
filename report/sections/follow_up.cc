// A follow-up evaluation's comparison with the evaluation before
// rectification (rule S-5, seed 004): per subject, each grade's share
// before → after with the change in percentage points, and the S-5 flags
// (不满意 > 1/3: 诫勉谈话; > 1/2: demotion) the two counts raised. Figures
// come from tally::FollowUpChanges; flags are advice only (rule A8).
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"
#include "report/html.h"
#include "report/sections/sections.h"

namespace gongxin::report::sections {
namespace {

std::string FollowUpShare(uint32_t count, uint64_t den) {
  if (den == 0) return "—";
  return ExactRate(count, den);
}

std::string FollowUpChangeText(const Context& c, const tally::FollowUpGradeChange& g) {
  if (g.before_den == 0 || g.after_den == 0) return "—";
  const tally::Rational points = g.ChangePoints();
  const std::string sign = points > tally::Rational(0) ? "+" : "";
  return absl::StrCat(sign, points.ToDecimal(1), c.english ? " " : "", c.m.follow_up_points_unit);
}

std::string FollowUpFlagsText(const Context& c, bool has_rules,
                              const std::vector<std::string>& flags) {
  if (!has_rules) return c.m.follow_up_no_rules;
  if (flags.empty()) return c.m.follow_up_no_flag;
  return absl::StrJoin(flags, c.english ? ", " : "、");
}

}  // namespace

void AppendFollowUp(const Context& c, const v1::Question* question,
                    const tally::FollowUpComparison& cmp, Block* out) {
  Block& section = AddSection(out, "follow-up", c.m.follow_up_heading);
  section.data.push_back({"question", cmp.question_id});
  section.data.push_back({"previous-meeting", cmp.previous_meeting_id});
  std::string intro = absl::Substitute(c.m.follow_up_intro, cmp.previous_meeting_id);
  if (cmp.months != 0) {
    absl::StrAppend(&intro, c.english ? " " : "",
                    absl::Substitute(c.m.follow_up_months, cmp.months));
  }
  AddParagraph(&section, "follow-up-intro", intro);
  for (const tally::FollowUpSubjectChange& s : cmp.subjects) {
    Block& subject = AddSection(&section, "follow-up-subject", s.name);
    subject.data.push_back({"subject", s.subject_id});
    Block& table = AddTable(&subject, "follow-up");
    table.table.header = {{c.m.follow_up_grade},
                          {c.m.follow_up_before, true},
                          {c.m.follow_up_after, true},
                          {c.m.follow_up_change, true}};
    for (const tally::FollowUpGradeChange& g : s.grades) {
      Row row;
      row.data.push_back({"grade", g.grade_id});
      row.cells.push_back({g.label});
      row.cells.push_back({FollowUpShare(g.before_count, g.before_den), true});
      row.cells.push_back({FollowUpShare(g.after_count, g.after_den), true});
      row.cells.push_back({FollowUpChangeText(c, g), true});
      table.table.rows.push_back(std::move(row));
      for (const bool after : {false, true}) {
        Record r = FigureRecord(c, question, v1::QuestionTally(),
                                after ? "follow_up_after" : "follow_up_before", s.subject_id,
                                s.name, after ? g.after_count : g.before_count,
                                after ? g.after_den : g.before_den);
        r.question_id = cmp.question_id;
        r.grade_id = g.grade_id;
        r.grade = g.label;
        table.records.push_back(std::move(r));
      }
    }
    AddFacts(&subject, {{c.m.follow_up_flags_before,
                         FollowUpFlagsText(c, s.s5_before, s.flags_before), false},
                        {c.m.follow_up_flags_after,
                         FollowUpFlagsText(c, s.s5_after, s.flags_after), false}});
  }
}

void AppendFollowUpUnavailable(const Context& c, absl::string_view why, Block* out) {
  Block& section = AddSection(out, "follow-up", c.m.follow_up_heading);
  AddParagraph(&section, "warning", absl::Substitute(c.m.follow_up_unavailable, why));
}

}  // namespace gongxin::report::sections
