// 民主测评 / 满意度评议 (graded) question: per subject, how many ballots gave
// each grade and how many left it blank, as a matrix with shares and as
// stacked bars (rules C2, D2, D3).
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "report/html.h"
#include "report/sections/sections.h"
#include "report/svg_chart.h"
#include "report/view.h"

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
                          const v1::QuestionTally& tally, Block* out) {
  Block& section = AddQuestionSection(c, question, tally, "graded", out);
  const uint32_t whole = tally.rate_denominator();
  if (tally.subjects().empty()) {
    AddParagraph(&section, "", c.m.no_subjects);
      AppendValidity(c, question, tally, /*graded=*/true, &section);
    return;
  }
  const std::vector<std::string> grade_ids = GradeIds(question, tally);
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
  if (!c.compact) {
    Chart chart;
    chart.kind = Chart::Kind::kStacked;
    chart.title = absl::Substitute(c.m.chart_grades, section.heading);
    chart.segments = segments;
    chart.stacked = bars;
    chart.whole = whole;
    AddChart(&section, "grades", std::move(chart));
  }

  Block& table = AddTable(&section, "grades");
  table.table.header.push_back({c.m.subject});
  for (const Segment& segment : segments) table.table.header.push_back({segment.label, true});
  for (int i = 0; i < tally.subjects_size(); ++i) {
    const v1::SubjectTally& s = tally.subjects(i);
    Row row;
    row.cells.push_back({bars[i].label});
    for (uint64_t v : bars[i].values) {
      row.cells.push_back({absl::StrCat(v, " (", Percent(v, whole), ")"), true});
    }
    table.table.rows.push_back(std::move(row));
    // Per subject one record per grade the tally lists, then its blanks.
    auto record = [&](std::string kind, uint32_t count) {
      return FigureRecord(c, question, tally, std::move(kind), s.subject_id(), bars[i].label,
                          count, whole);
    };
    for (const v1::GradeCount& g : s.grades()) {
      Record r = record("grade", g.count());
      r.grade_id = g.grade_id();
      r.grade = GradeLabel(question, g.grade_id());
      table.records.push_back(std::move(r));
    }
    table.records.push_back(record("blank", s.blank()));
  }
  AppendValidity(c, question, tally, /*graded=*/true, &section);
}

}  // namespace gongxin::report::sections
