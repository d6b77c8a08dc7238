// 要素推荐 question (rule S-6): for each element (e.g. 道德品行最好) the
// votes and competition rank of every candidate of the shared pool, the
// ballots that named nobody for it, and a bar chart of the votes over the
// question's rate denominator.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "report/html.h"
#include "report/sections/sections.h"
#include "report/svg_chart.h"

namespace gongxin::report::sections {
namespace {

std::string ElementLabel(const v1::Question* question, absl::string_view id) {
  if (question != nullptr) {
    for (const v1::Element& e : question->element().elements()) {
      if (e.id() == id) return e.label().empty() ? e.id() : e.label();
    }
  }
  return std::string(id);
}

}  // namespace

void AppendElementQuestion(const Context& c, const v1::Question* question,
                           const v1::QuestionTally& tally, std::string* out) {
  AppendQuestionHeading(c, question, tally, "element", out);
  const uint32_t whole = tally.rate_denominator();
  const std::string title = question != nullptr ? question->title() : tally.question_id();
  for (const v1::ElementTally& e : tally.elements()) {
    const std::string label = ElementLabel(question, e.element_id());
    absl::StrAppend(out, "<h4>", Escape(absl::Substitute(c.m.element_heading, label)), "</h4>\n");
    // By rank; equal ranks keep the pool's order, as the ballot lists them.
    std::vector<const v1::CandidateTally*> ranked;
    for (const v1::CandidateTally& t : e.candidates()) ranked.push_back(&t);
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const v1::CandidateTally* a, const v1::CandidateTally* b) {
                       return a->rank() < b->rank();
                     });
    if (!c.compact && !ranked.empty()) {
      std::vector<Bar> bars;
      for (const v1::CandidateTally* t : ranked) {
        bars.push_back(Bar{PersonName(question, t->candidate_id()), t->votes()});
      }
      absl::StrAppend(out, "<figure class=\"chart element\">\n",
                      BarChart(absl::Substitute(c.m.chart_element, title, label), bars, whole,
                               c.m.votes_unit),
                      "</figure>\n");
    }
    absl::StrAppend(out, "<table class=\"element\" data-element=\"", Escape(e.element_id()),
                    "\">\n<tr><th class=\"num\">", Escape(c.m.rank), "</th><th>",
                    Escape(c.m.name), "</th><th class=\"num\">", Escape(c.m.votes),
                    "</th><th class=\"num\">", Escape(c.m.vote_rate), "</th></tr>\n");
    for (const v1::CandidateTally* t : ranked) {
      absl::StrAppend(out, "<tr><td class=\"num\">", t->rank() == 0 ? "" : absl::StrCat(t->rank()),
                      "</td><td>", Escape(PersonName(question, t->candidate_id())),
                      "</td><td class=\"num\">", t->votes(), "</td><td class=\"num\">",
                      Percent(t->votes(), whole), "</td></tr>\n");
    }
    absl::StrAppend(out, "<tr class=\"blank\"><td></td><td>", Escape(c.m.blank),
                    "</td><td class=\"num\">", e.blank(), "</td><td class=\"num\">",
                    Percent(e.blank(), whole), "</td></tr>\n</table>\n");
  }
  AppendValidity(c, tally, /*graded=*/false, out);
  absl::StrAppend(out, "</section>\n");
}

}  // namespace gongxin::report::sections
