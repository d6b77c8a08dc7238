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

std::string RateNumber(const v1::Question* question, absl::string_view id, uint64_t num,
                       uint64_t den) {
  if (den == 0) return "";
  return IsPoints(question, id) ? OneDecimal(num, den) : OneDecimal(num * 100, den);
}

void AppendRates(const Context& c, const v1::Question* question, const v1::QuestionTally& tally,
                 Block* out) {
  // Columns: every rate id in the order the tally gives them.
  std::vector<std::string> ids;
  for (const v1::SubjectTally& s : tally.subjects()) {
    for (const v1::Rate& r : s.rates()) {
      if (std::find(ids.begin(), ids.end(), r.id()) == ids.end()) ids.push_back(r.id());
    }
  }
  if (ids.empty()) return;
  Block& section = AddSection(out, "rates", c.m.rates_heading);
  section.data.push_back({"question", tally.question_id()});
  Block& table = AddTable(&section, "rates");
  table.table.header.push_back({c.m.subject});
  for (const std::string& id : ids) table.table.header.push_back({RateLabel(c, id), true});
  table.table.header.push_back({c.m.denominator});
  for (const v1::SubjectTally& s : tally.subjects()) {
    Row row;
    row.data.push_back({"subject", s.subject_id()});
    const std::string name = PersonName(question, s.subject_id());
    row.cells.push_back({name});
    std::vector<std::string> bases;
    for (const std::string& id : ids) {
      const auto it = std::find_if(s.rates().begin(), s.rates().end(),
                                   [&](const v1::Rate& r) { return r.id() == id; });
      if (it == s.rates().end()) {
        row.cells.push_back({"", true});
        continue;
      }
      row.cells.push_back(
          {RateValue(c, question, id, it->num(), it->den()), true, "", {{"rate", id}}});
      const std::string basis = BasisName(c, it->basis());
      if (std::find(bases.begin(), bases.end(), basis) == bases.end()) bases.push_back(basis);
      Record r =
          FigureRecord(c, question, tally, "rate", s.subject_id(), name, it->num(), it->den());
      r.grade_id = id;
      r.grade = BasisKey(it->basis());
      table.records.push_back(std::move(r));
    }
    std::string basis_text;
    for (const std::string& b : bases) {
      absl::StrAppend(&basis_text, basis_text.empty() ? "" : c.english ? "; " : "；", b);
    }
    row.cells.push_back({basis_text, false, "basis"});
    table.table.rows.push_back(std::move(row));
  }
}

}  // namespace gongxin::report::sections
