// Weighted figures (group weights, e.g. 领导班子 40、中层 30、群众 30): the
// form's weights, and per question each weighted rate as an exact fraction
// beside the unweighted one it weighs, so a reader sees both and the
// weighting cannot hide the plain count. When the form has weights but a
// question has no weighted figures, the tally's reason is shown instead.
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"
#include "report/html.h"
#include "report/sections/sections.h"
#include "report/view.h"

namespace gongxin::report::sections {
namespace {

// The unweighted figure a weighted one stands beside, as num/den: a
// candidate's votes over the question's rate denominator, or a subject's
// rate of the same id; nullopt if the tally lacks it.
struct Fraction {
  uint64_t num = 0;
  uint64_t den = 0;
};
std::optional<Fraction> UnweightedFraction(const v1::QuestionTally& tally,
                                           const v1::WeightedRate& w) {
  if (w.rate_id() == "votes") {
    for (const v1::CandidateTally& t : tally.candidates()) {
      if (t.candidate_id() == w.subject_id()) return Fraction{t.votes(), tally.rate_denominator()};
    }
    return std::nullopt;
  }
  for (const v1::SubjectTally& s : tally.subjects()) {
    if (s.subject_id() != w.subject_id()) continue;
    for (const v1::Rate& r : s.rates()) {
      if (r.id() == w.rate_id()) return Fraction{r.num(), r.den()};
    }
  }
  return std::nullopt;
}

std::string Unweighted(const Context& c, const v1::Question* question,
                       const v1::QuestionTally& tally, const v1::WeightedRate& w) {
  const std::optional<Fraction> f = UnweightedFraction(tally, w);
  if (!f) return "";
  return w.rate_id() == "votes" ? ExactRate(f->num, f->den)
                                : RateValue(c, question, w.rate_id(), f->num, f->den);
}

// The machine record of a weighted figure: the count columns hold the
// unweighted figure it weighs (as a rate row of the same subject would),
// and the weighted one has columns of its own, so a reduced fraction such
// as 1/2 is never read as "1 vote of 2".
Record WeightedRecord(const Context& c, const v1::Question* question,
                      const v1::QuestionTally& tally, const v1::WeightedRate& w,
                      const std::string& name) {
  Record r = QuestionRecord(c, question, tally, "weighted");
  r.candidate_id = w.subject_id();
  r.name = name;
  if (const std::optional<Fraction> f = UnweightedFraction(tally, w)) {
    r.votes = absl::StrCat(f->num);
    r.rate_denominator = absl::StrCat(f->den);
    r.vote_rate = PercentNumber(f->num, f->den);
  }
  r.grade_id = w.rate_id();
  r.weighted = RateNumber(question, w.rate_id(), w.num(), w.den());
  r.weighted_exact = absl::StrCat(w.num(), "/", w.den());
  return r;
}

}  // namespace

void AppendWeighted(const Context& c, const v1::Form* form, const v1::FormTally& form_tally,
                    Block* out) {
  bool any = form != nullptr && !form->group_weights().empty();
  // A question that says why it has no weighted figures is shown too.
  for (const v1::QuestionTally& q : form_tally.questions()) {
    any = any || !q.weighted().empty() || !q.weighted_reason_zh().empty() ||
          !q.weighted_reason_en().empty();
  }
  if (!any) return;
  Block& section = AddSection(out, "weighted", c.m.weighted_heading);
  if (form != nullptr && !form->group_weights().empty()) {
    std::vector<std::string> weights;
    Block line;
    for (const v1::GroupWeight& gw : form->group_weights()) {
      const std::string name = GroupName(c.spec, gw.group());
      weights.push_back(absl::StrCat(name, " ", gw.weight()));
      Record r;
      r.form_id = c.form_key;
      r.kind = "weight";
      r.name = name;
      r.votes = absl::StrCat(gw.weight());
      r.grade_id = gw.group();
      line.records.push_back(std::move(r));
    }
    Block& p = AddParagraph(
        &section, "weights",
        absl::Substitute(c.m.weights_line, absl::StrJoin(weights, c.english ? ", " : "、")));
    p.records = std::move(line.records);
  }
  for (const v1::QuestionTally& q : form_tally.questions()) {
    const v1::Question* question = FindQuestion(form, q.question_id());
    const std::string title =
        question != nullptr && !question->title().empty() ? question->title() : q.question_id();
    if (q.weighted().empty()) {
      // In the reader's language when the tally has it, else the other.
      const std::string& preferred = c.english ? q.weighted_reason_en() : q.weighted_reason_zh();
      const std::string& reason = !preferred.empty() ? preferred
                                  : c.english        ? q.weighted_reason_zh()
                                                     : q.weighted_reason_en();
      if (!reason.empty()) {
        Block& note = AddParagraph(
            &section, "note",
            absl::StrCat(title, c.english ? ": " : "：",
                         absl::Substitute(c.m.weighted_unavailable, reason)));
        note.data.push_back({"question", q.question_id()});
        Record r = QuestionRecord(c, question, q, "weighted_unavailable");
        r.grade = q.weighted_reason_en();
        note.records.push_back(std::move(r));
      }
      continue;
    }
    Block& part = AddSection(&section, "", title);
    Block& table = AddTable(&part, "weighted");
    table.data.push_back({"question", q.question_id()});
    table.table.header = {{c.m.name}, {c.m.figure}, {c.m.weighted, true}, {c.m.unweighted, true}};
    for (const v1::WeightedRate& w : q.weighted()) {
      const std::string name = PersonName(question, w.subject_id());
      table.table.rows.push_back(Row{{{name},
                                      {RateLabel(c, w.rate_id())},
                                      {RateValue(c, question, w.rate_id(), w.num(), w.den()), true},
                                      {Unweighted(c, question, q, w), true}}});
      table.records.push_back(WeightedRecord(c, question, q, w, name));
    }
  }
}

}  // namespace gongxin::report::sections
