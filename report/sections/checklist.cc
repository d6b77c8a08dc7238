// 正向/反向测评 question (rule S-7): per subject, how many ballots ticked
// each item (positive and negative items marked as such) and their share of
// the question's rate denominator, and how many ticked nothing.
#include <string>

#include "absl/strings/str_cat.h"
#include "report/html.h"
#include "report/sections/sections.h"

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
                             const v1::QuestionTally& tally, std::string* out) {
  AppendQuestionHeading(c, question, tally, "checklist", out);
  const uint32_t whole = tally.rate_denominator();
  for (const v1::ChecklistSubjectTally& s : tally.checklist()) {
    absl::StrAppend(out, "<h4>", Escape(PersonName(question, s.subject_id())),
                    "</h4>\n<table class=\"checklist\" data-subject=\"", Escape(s.subject_id()),
                    "\">\n<tr><th>", Escape(c.m.item), "</th><th>", Escape(c.m.polarity),
                    "</th><th class=\"num\">", Escape(c.m.count), "</th><th class=\"num\">",
                    Escape(c.m.share), "</th></tr>\n");
    for (const v1::ItemCount& ic : s.items()) {
      const v1::ChecklistItem* item = FindItem(question, ic.item_id());
      const std::string label =
          item != nullptr && !item->label().empty() ? item->label() : ic.item_id();
      const std::string polarity =
          item == nullptr                                       ? ""
          : item->polarity() == v1::ITEM_POLARITY_NEGATIVE      ? c.m.negative
                                                                : c.m.positive;
      absl::StrAppend(out, "<tr data-item=\"", Escape(ic.item_id()), "\"><td>", Escape(label),
                      "</td><td>", Escape(polarity), "</td><td class=\"num\">", ic.count(),
                      "</td><td class=\"num\">", Escape(ExactRate(ic.count(), whole)),
                      "</td></tr>\n");
    }
    absl::StrAppend(out, "<tr class=\"blank\"><td>", Escape(c.m.nothing_ticked),
                    "</td><td></td><td class=\"num\">", s.blank(), "</td><td class=\"num\">",
                    Escape(ExactRate(s.blank(), whole)), "</td></tr>\n</table>\n");
  }
  AppendValidity(c, tally, /*graded=*/true, out);
  absl::StrAppend(out, "</section>\n");
}

}  // namespace gongxin::report::sections
