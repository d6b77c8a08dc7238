// 正向/反向测评 question (rule S-7): per subject, how many ballots ticked
// each item (positive and negative items marked as such) and their share of
// the question's rate denominator, and how many ticked nothing.
#include <string>

#include "absl/strings/str_cat.h"
#include "report/html.h"
#include "report/sections/sections.h"
#include "report/view.h"

namespace gongxin::report::sections {
namespace {

const v1::ChecklistItem* FindItem(const v1::Question* question, absl::string_view id) {
  if (question == nullptr) return nullptr;
  for (const v1::ChecklistItem& item : question->checklist().items()) {
    if (item.id() == id) return &item;
  }
  return nullptr;
}

}  // namespace

void AppendChecklistQuestion(const Context& c, const v1::Question* question,
                             const v1::QuestionTally& tally, Block* out) {
  Block& section = AddQuestionSection(c, question, tally, "checklist", out);
  const uint32_t whole = tally.rate_denominator();
  for (const v1::ChecklistSubjectTally& s : tally.checklist()) {
    const std::string name = PersonName(question, s.subject_id());
    Block& subject = AddSection(&section, "subject", name);
    Block& table = AddTable(&subject, "checklist");
    table.data.push_back({"subject", s.subject_id()});
    table.table.header = {{c.m.item}, {c.m.polarity}, {c.m.count, true}, {c.m.share, true}};
    auto record = [&](std::string kind, uint32_t count) {
      return FigureRecord(c, question, tally, std::move(kind), s.subject_id(), name, count, whole);
    };
    for (const v1::ItemCount& ic : s.items()) {
      const v1::ChecklistItem* item = FindItem(question, ic.item_id());
      const std::string label =
          item != nullptr && !item->label().empty() ? item->label() : ic.item_id();
      const std::string polarity =
          item == nullptr                                       ? ""
          : item->polarity() == v1::ITEM_POLARITY_NEGATIVE      ? c.m.negative
                                                                : c.m.positive;
      table.table.rows.push_back(Row{{{label},
                                      {polarity},
                                      {absl::StrCat(ic.count()), true},
                                      {ExactRate(ic.count(), whole), true}},
                                     "",
                                     {{"item", ic.item_id()}}});
      Record r = record("item", ic.count());
      r.grade_id = ic.item_id();
      r.grade = label;
      table.records.push_back(std::move(r));
    }
    table.table.rows.push_back(Row{{{c.m.nothing_ticked},
                                    {""},
                                    {absl::StrCat(s.blank()), true},
                                    {ExactRate(s.blank(), whole), true}},
                                   "blank"});
    table.records.push_back(record("blank", s.blank()));
  }
  AppendValidity(c, question, tally, /*graded=*/true, &section);
}

}  // namespace gongxin::report::sections
