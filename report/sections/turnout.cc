// The attendance and ballot figures every disclosure carries (in-person.md):
// 应到 / 实到 for the meeting, 应到 / 发出 / 收回 per form.
#include "absl/strings/str_cat.h"
#include "report/html.h"
#include "report/sections/sections.h"

namespace gongxin::report::sections {

void AppendTurnout(const Context& c, const v1::TallyResult& result, std::string* out) {
  absl::StrAppend(out, "<section id=\"turnout\">\n<h2>", Escape(c.m.turnout_heading), "</h2>\n");
  absl::StrAppend(out, "<table class=\"turnout\">\n<tr><th>", Escape(c.m.due), "</th><th>",
                  Escape(c.m.present), "</th><th>", Escape(c.m.turnout_rate), "</th></tr>\n",
                  "<tr><td class=\"num\">", result.due(), "</td><td class=\"num\">",
                  result.present(), "</td><td class=\"num\">",
                  Percent(result.present(), result.due()), "</td></tr>\n</table>\n");
  absl::StrAppend(out, "<table class=\"forms\">\n<tr><th>", Escape(c.m.form), "</th><th>",
                  Escape(c.m.mode), "</th><th class=\"num\">", Escape(c.m.due),
                  "</th><th class=\"num\">", Escape(c.m.issued), "</th><th class=\"num\">",
                  Escape(c.m.returned), "</th><th class=\"num\">", Escape(c.m.return_rate),
                  "</th></tr>\n");
  for (const v1::FormTally& f : result.forms()) {
    const v1::Form* form = FindForm(c.spec, f.form_id());
    const std::string title =
        form != nullptr && !form->title().empty() ? form->title() : f.form_id();
    absl::StrAppend(out, "<tr><td>", Escape(title), "</td><td>",
                    Escape(form != nullptr ? ModeName(c, form->mode()) : ""),
                    "</td><td class=\"num\">", f.due(), "</td><td class=\"num\">", f.issued(),
                    "</td><td class=\"num\">", f.returned(), "</td><td class=\"num\">",
                    Percent(f.returned(), f.issued()), "</td></tr>\n");
  }
  absl::StrAppend(out, "</table>\n</section>\n");
}

}  // namespace gongxin::report::sections
