// The attendance and ballot figures every disclosure carries (in-person.md):
// 应到 / 实到 for the meeting, 应到 / 发出 / 收回 per form.
#include "absl/strings/str_cat.h"
#include "report/html.h"
#include "report/sections/sections.h"
#include "report/view.h"

namespace gongxin::report::sections {

void AppendTurnout(const Context& c, const v1::TallyResult& result, Block* out) {
  Block& section = AddSection(out, "", c.m.turnout_heading);
  section.id = "turnout";
  Block& meeting = AddTable(&section, "turnout");
  meeting.table.header = {{c.m.due}, {c.m.present}, {c.m.turnout_rate}};
  meeting.table.rows.push_back(Row{{{absl::StrCat(result.due()), true},
                                    {absl::StrCat(result.present()), true},
                                    {Percent(result.present(), result.due()), true}}});
  Record r;
  r.kind = "turnout";
  r.votes = absl::StrCat(result.present());
  r.rate_denominator = absl::StrCat(result.due());
  r.vote_rate = PercentNumber(result.present(), result.due());
  meeting.records.push_back(std::move(r));

  Block& forms = AddTable(&section, "forms");
  forms.table.header = {{c.m.form},           {c.m.mode},          {c.m.due, true},
                        {c.m.issued, true},   {c.m.returned, true}, {c.m.return_rate, true}};
  for (const v1::FormTally& f : result.forms()) {
    const v1::Form* form = FindForm(c.spec, f.form_id());
    const std::string title =
        form != nullptr && !form->title().empty() ? form->title() : f.form_id();
    forms.table.rows.push_back(Row{{{title},
                                    {form != nullptr ? ModeName(c, form->mode()) : ""},
                                    {absl::StrCat(f.due()), true},
                                    {absl::StrCat(f.issued()), true},
                                    {absl::StrCat(f.returned()), true},
                                    {Percent(f.returned(), f.issued()), true}}});
    AddTurnoutRecords(f.form_id(), f.due(), f.issued(), f.returned(), &forms);
  }
}

}  // namespace gongxin::report::sections
