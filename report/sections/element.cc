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
#include "report/view.h"

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
                           const v1::QuestionTally& tally, Block* out) {
  Block& section = AddQuestionSection(c, question, tally, "element", out);
  const uint32_t whole = tally.rate_denominator();
  for (const v1::ElementTally& e : tally.elements()) {
    const std::string label = ElementLabel(question, e.element_id());
    Block& element = AddSection(&section, "element", absl::Substitute(c.m.element_heading, label));
    element.data.push_back({"element", e.element_id()});
    // By rank; equal ranks keep the pool's order, as the ballot lists them.
    std::vector<const v1::CandidateTally*> ranked;
    for (const v1::CandidateTally& t : e.candidates()) ranked.push_back(&t);
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const v1::CandidateTally* a, const v1::CandidateTally* b) {
                       return a->rank() < b->rank();
                     });
    if (!c.compact && !ranked.empty()) {
      Chart chart;
      chart.title = absl::Substitute(c.m.chart_element, section.heading, label);
      for (const v1::CandidateTally* t : ranked) {
        chart.bars.push_back(Bar{PersonName(question, t->candidate_id()), t->votes()});
      }
      chart.whole = whole;
      chart.unit = c.m.votes_unit;
      AddChart(&element, "element", std::move(chart));
    }
    Block& table = AddTable(&element, "element");
    table.table.header = {{c.m.rank, true}, {c.m.name}, {c.m.votes, true}, {c.m.vote_rate, true}};
    auto record = [&](std::string kind, uint32_t votes) {
      Record r = QuestionRecord(c, question, tally, std::move(kind));
      r.votes = absl::StrCat(votes);
      r.rate_denominator = absl::StrCat(whole);
      r.vote_rate = PercentNumber(votes, whole);
      r.grade_id = e.element_id();
      r.grade = label;
      return r;
    };
    for (const v1::CandidateTally* t : ranked) {
      const std::string name = PersonName(question, t->candidate_id());
      table.table.rows.push_back(Row{{{t->rank() == 0 ? "" : absl::StrCat(t->rank()), true},
                                      {name},
                                      {absl::StrCat(t->votes()), true},
                                      {Percent(t->votes(), whole), true}}});
      Record r = record("element", t->votes());
      r.candidate_id = t->candidate_id();
      r.name = name;
      r.rank = absl::StrCat(t->rank());
      table.records.push_back(std::move(r));
    }
    table.table.rows.push_back(Row{{{""},
                                    {c.m.blank},
                                    {absl::StrCat(e.blank()), true},
                                    {Percent(e.blank(), whole), true}},
                                   "blank"});
    table.records.push_back(record("blank", e.blank()));
  }
  AppendValidity(c, question, tally, /*graded=*/false, &section);
}

}  // namespace gongxin::report::sections
