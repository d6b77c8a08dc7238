// Weighted figures (group weights, e.g. 领导班子 40、中层 30、群众 30): the
// form's weights, and per question each weighted rate as an exact fraction
// beside the unweighted one it weighs, so a reader sees both and the
// weighting cannot hide the plain count. When the form has weights but a
// question has no weighted figures, the tally's reason is shown instead.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"
#include "report/html.h"
#include "report/sections/sections.h"

namespace gongxin::report::sections {
namespace {

// The unweighted figure a weighted one stands beside, or "" if the tally
// lacks it: a candidate's vote rate, or a subject's rate of the same id.
std::string Unweighted(const Context& c, const v1::Question* question,
                       const v1::QuestionTally& tally, const v1::WeightedRate& w) {
  if (w.rate_id() == "votes") {
    for (const v1::CandidateTally& t : tally.candidates()) {
      if (t.candidate_id() == w.subject_id()) {
        return ExactRate(t.votes(), tally.rate_denominator());
      }
    }
    return "";
  }
  for (const v1::SubjectTally& s : tally.subjects()) {
    if (s.subject_id() != w.subject_id()) continue;
    for (const v1::Rate& r : s.rates()) {
      if (r.id() == w.rate_id()) return RateValue(c, question, r.id(), r.num(), r.den());
    }
  }
  return "";
}

}  // namespace

void AppendWeighted(const Context& c, const v1::Form* form, const v1::FormTally& form_tally,
                    std::string* out) {
  bool any = form != nullptr && !form->group_weights().empty();
  for (const v1::QuestionTally& q : form_tally.questions()) any = any || !q.weighted().empty();
  if (!any) return;
  absl::StrAppend(out, "<div class=\"weighted\">\n<h3>", Escape(c.m.weighted_heading), "</h3>\n");
  if (form != nullptr && !form->group_weights().empty()) {
    std::vector<std::string> weights;
    for (const v1::GroupWeight& gw : form->group_weights()) {
      weights.push_back(absl::StrCat(GroupName(c.spec, gw.group()), " ", gw.weight()));
    }
    absl::StrAppend(out, "<p class=\"weights\">",
                    Escape(absl::Substitute(c.m.weights_line,
                                            absl::StrJoin(weights, c.english ? ", " : "、"))),
                    "</p>\n");
  }
  for (const v1::QuestionTally& q : form_tally.questions()) {
    const v1::Question* question = FindQuestion(form, q.question_id());
    const std::string title =
        question != nullptr && !question->title().empty() ? question->title() : q.question_id();
    if (q.weighted().empty()) {
      const std::string& reason = c.english ? q.weighted_reason_en() : q.weighted_reason_zh();
      if (!reason.empty()) {
        absl::StrAppend(out, "<p class=\"note\" data-question=\"", Escape(q.question_id()),
                        "\">", Escape(title), c.english ? ": " : "：",
                        Escape(absl::Substitute(c.m.weighted_unavailable, reason)), "</p>\n");
      }
      continue;
    }
    absl::StrAppend(out, "<h4>", Escape(title), "</h4>\n<table class=\"weighted\" data-question=\"",
                    Escape(q.question_id()), "\"><tr><th>", Escape(c.m.name), "</th><th>",
                    Escape(c.m.figure), "</th><th class=\"num\">", Escape(c.m.weighted),
                    "</th><th class=\"num\">", Escape(c.m.unweighted), "</th></tr>\n");
    for (const v1::WeightedRate& w : q.weighted()) {
      absl::StrAppend(out, "<tr><td>", Escape(PersonName(question, w.subject_id())), "</td><td>",
                      Escape(RateLabel(c, w.rate_id())), "</td><td class=\"num\">",
                      Escape(RateValue(c, question, w.rate_id(), w.num(), w.den())),
                      "</td><td class=\"num\">", Escape(Unweighted(c, question, q, w)),
                      "</td></tr>\n");
    }
    absl::StrAppend(out, "</table>\n");
  }
  absl::StrAppend(out, "</div>\n");
}

}  // namespace gongxin::report::sections
