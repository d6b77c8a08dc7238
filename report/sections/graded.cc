// 民主测评 / 满意度评议 (graded) question: per subject, how many ballots gave
// each grade and how many left it blank, as a matrix with shares and as
// stacked bars (rules C2, D2, D3).
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "report/html.h"
#include "report/sections/sections.h"
#include "report/svg_chart.h"

namespace gongxin::report::sections {
namespace {

// Grade columns: the spec's scale order, then any grade only the tally has.
std::vector<std::string> GradeIds(const v1::Question* question, const v1::QuestionTally& tally) {
  std::vector<std::string> ids;
  if (question != nullptr) {
    for (const v1::Grade& g : question->graded().scale()) ids.push_back(g.id());
  }
  for (const v1::SubjectTally& s : tally.subjects()) {
    for (const v1::GradeCount& g : s.grades()) {
      if (std::find(ids.begin(), ids.end(), g.grade_id()) == ids.end()) ids.push_back(g.grade_id());
    }
  }
  return ids;
}

bool IsDontKnow(const v1::Question* question, absl::string_view id) {
  if (question == nullptr) return false;
  for (const v1::Grade& g : question->graded().scale()) {
    if (g.id() == id) return g.dont_know();
  }
  return false;
}

std::string GradeLabel(const v1::Question* question, absl::string_view id) {
  if (question != nullptr) {
    for (const v1::Grade& g : question->graded().scale()) {
      if (g.id() == id) return g.label().empty() ? g.id() : g.label();
    }
  }
  return std::string(id);
}

std::string SubjectName(const v1::Question* question, absl::string_view id) {
  if (question != nullptr) {
    for (const v1::Candidate& s : question->graded().subjects()) {
      if (s.id() == id) return s.name();
    }
  }
  return std::string(id);
}

uint32_t CountOf(const v1::SubjectTally& s, absl::string_view grade_id) {
  for (const v1::GradeCount& g : s.grades()) {
    if (g.grade_id() == grade_id) return g.count();
  }
  return 0;
}

}  // namespace

void AppendGradedQuestion(const Context& c, const v1::Question* question,
                          const v1::QuestionTally& tally, std::string* out) {
  AppendQuestionHeading(c, question, tally, "graded", out);
  if (tally.subjects().empty()) {
    absl::StrAppend(out, "<p>", Escape(c.m.no_subjects), "</p>\n");
    AppendValidity(c, tally, /*graded=*/true, out);
    absl::StrAppend(out, "</section>\n");
    return;
  }
  const std::vector<std::string> grade_ids = GradeIds(question, tally);
  const uint32_t whole = tally.rate_denominator();
  // Judged grades run blue to red; "don't know" and blank stand apart.
  size_t judged = 0;
  for (const std::string& id : grade_ids) judged += IsDontKnow(question, id) ? 0 : 1;
  std::vector<Segment> segments;
  size_t judged_index = 0;
  for (const std::string& id : grade_ids) {
    segments.push_back(Segment{GradeLabel(question, id),
                               IsDontKnow(question, id) ? std::string(kDontKnowColour)
                                                        : GradeColour(judged_index++, judged)});
  }
  segments.push_back(Segment{c.m.blank, std::string(kBlankColour)});

  std::vector<StackedBar> bars;
  for (const v1::SubjectTally& s : tally.subjects()) {
    StackedBar bar{SubjectName(question, s.subject_id()), {}};
    for (const std::string& id : grade_ids) bar.values.push_back(CountOf(s, id));
    bar.values.push_back(s.blank());
    bars.push_back(std::move(bar));
  }
  const std::string title = question != nullptr ? question->title() : tally.question_id();
  if (!c.compact) {
    absl::StrAppend(out, "<figure class=\"chart grades\">\n",
                    StackedBarChart(absl::Substitute(c.m.chart_grades, title), segments, bars,
                                    whole),
                    "</figure>\n");
  }

  absl::StrAppend(out, "<table class=\"grades\">\n<tr><th>", Escape(c.m.subject), "</th>");
  for (const Segment& segment : segments) {
    absl::StrAppend(out, "<th class=\"num\">", Escape(segment.label), "</th>");
  }
  absl::StrAppend(out, "</tr>\n");
  for (size_t i = 0; i < bars.size(); ++i) {
    absl::StrAppend(out, "<tr><td>", Escape(bars[i].label), "</td>");
    for (uint64_t v : bars[i].values) {
      absl::StrAppend(out, "<td class=\"num\">", v, " (", Percent(v, whole), ")</td>");
    }
    absl::StrAppend(out, "</tr>\n");
  }
  absl::StrAppend(out, "</table>\n");
  AppendValidity(c, tally, /*graded=*/true, out);
  absl::StrAppend(out, "</section>\n");
}

}  // namespace gongxin::report::sections
