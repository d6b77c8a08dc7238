// A graded question's rates per subject (rules C2, C5, A7): excellent,
// pass, score and the headline satisfaction rate, each as the exact
// fraction the tally carries ("12/27 = 44.4 %") so a reader can check it by
// hand, with the basis the denominator counts. With the ASSESSED basis each
// subject has its own denominator, so the basis is shown per row.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "report/html.h"
#include "report/sections/sections.h"

namespace gongxin::report::sections {
namespace {

bool IsPoints(const v1::Question* question, absl::string_view id) {
  // A score is points per ballot, and so is a satisfaction rate taken from
  // it (formula C5c); the others are shares.
  return id == "score" ||
         (id == "satisfaction" && question != nullptr &&
          question->graded().satisfaction_formula() == v1::SATISFACTION_FORMULA_SCORE);
}

}  // namespace

std::string RateLabel(const Context& c, absl::string_view id) {
  if (id == "excellent") return c.m.rate_excellent;
  if (id == "pass") return c.m.rate_pass;
  if (id == "score") return c.m.rate_score;
  if (id == "satisfaction") return c.m.rate_satisfaction;
  if (id == "votes") return c.m.rate_votes;
  return std::string(id);
}

std::string RateValue(const Context& c, const v1::Question* question, absl::string_view id,
                      uint64_t num, uint64_t den) {
  return IsPoints(question, id) ? absl::StrCat(ExactPoints(num, den), " ", c.m.points_unit)
                                : ExactRate(num, den);
}

void AppendRates(const Context& c, const v1::Question* question, const v1::QuestionTally& tally,
                 std::string* out) {
  // Columns: every rate id in the order the tally gives them.
  std::vector<std::string> ids;
  for (const v1::SubjectTally& s : tally.subjects()) {
    for (const v1::Rate& r : s.rates()) {
      if (std::find(ids.begin(), ids.end(), r.id()) == ids.end()) ids.push_back(r.id());
    }
  }
  if (ids.empty()) return;
  absl::StrAppend(out, "<div class=\"rates\" data-question=\"", Escape(tally.question_id()),
                  "\">\n<h4>", Escape(c.m.rates_heading), "</h4>\n<table class=\"rates\"><tr><th>",
                  Escape(c.m.subject), "</th>");
  for (const std::string& id : ids) {
    absl::StrAppend(out, "<th class=\"num\">", Escape(RateLabel(c, id)), "</th>");
  }
  absl::StrAppend(out, "<th>", Escape(c.m.denominator), "</th></tr>\n");
  for (const v1::SubjectTally& s : tally.subjects()) {
    absl::StrAppend(out, "<tr data-subject=\"", Escape(s.subject_id()), "\"><td>",
                    Escape(PersonName(question, s.subject_id())), "</td>");
    std::vector<std::string> bases;
    for (const std::string& id : ids) {
      const auto it = std::find_if(s.rates().begin(), s.rates().end(),
                                   [&](const v1::Rate& r) { return r.id() == id; });
      if (it == s.rates().end()) {
        absl::StrAppend(out, "<td class=\"num\"></td>");
        continue;
      }
      absl::StrAppend(out, "<td class=\"num\" data-rate=\"", Escape(id), "\">",
                      Escape(RateValue(c, question, id, it->num(), it->den())), "</td>");
      const std::string basis = BasisName(c, it->basis());
      if (std::find(bases.begin(), bases.end(), basis) == bases.end()) bases.push_back(basis);
    }
    std::string basis_text;
    for (const std::string& b : bases) {
      absl::StrAppend(&basis_text, basis_text.empty() ? "" : c.english ? "; " : "；", b);
    }
    absl::StrAppend(out, "<td class=\"basis\">", Escape(basis_text), "</td></tr>\n");
  }
  absl::StrAppend(out, "</table>\n</div>\n");
}

}  // namespace gongxin::report::sections
