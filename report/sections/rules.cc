// What the counting rules add to a form's result (docs/counting-rules.md):
// the form's validity and quorum (rules A4, A6b, B1), the 差额 shortlist
// marks with unbroken ties (A2, S-8), the threshold flags with their rule id
// and text (S-1, S-5, S-9, C3; advice only, A8), and the per-group turnout,
// with a suppressed group showing only the reason (small-group protection).
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "report/html.h"
#include "report/sections/sections.h"

namespace gongxin::report::sections {
namespace {

// The words of these sections, one table per language like messages.cc.
struct RuleWords {
  const char* validity;
  const char* quorum;         // $required
  const char* met;
  const char* not_met;
  const char* count_valid;
  const char* count_invalid;  // followed by the reason
  const char* blank_invalid;  // ballots blank / invalid
  const char* shortlist;
  const char* shortlisted;
  const char* tie_at_cut;
  const char* unresolved;
  const char* flags;
  const char* flags_advice;
  const char* rule;
  const char* subject;
  const char* observed;
  const char* threshold;
  const char* veto;
  const char* groups;
  const char* group;
  const char* due;
  const char* issued;
  const char* returned;
  const char* suppressed;
};

constexpr RuleWords kZh = {
    .validity = "有效性",
    .quorum = "法定到会人数",
    .met = "已达到",
    .not_met = "未达到",
    .count_valid = "本表计票有效",
    .count_invalid = "本表计票无效：",
    .blank_invalid = "整张空白票 / 废票",
    .shortlist = "差额入围",
    .shortlisted = "入围",
    .tie_at_cut = "并列待定",
    .unresolved = "入围线上有并列，系统不作取舍，由组织决定：",
    .flags = "提示",
    .flags_advice = "以下提示仅供组织参考，系统不自动作出任何决定（规则 A8）。",
    .rule = "规则",
    .subject = "对象",
    .observed = "实测",
    .threshold = "阈值",
    .veto = "一票否决提示",
    .groups = "分组情况",
    .group = "分组",
    .due = "应到",
    .issued = "发出",
    .returned = "收回",
    .suppressed = "不公布：",
};

constexpr RuleWords kEn = {
    .validity = "Validity",
    .quorum = "Quorum",
    .met = "met",
    .not_met = "not met",
    .count_valid = "The count of this form is valid",
    .count_invalid = "The count of this form is invalid: ",
    .blank_invalid = "Wholly blank / invalid ballots",
    .shortlist = "Shortlist",
    .shortlisted = "shortlisted",
    .tie_at_cut = "tied at the cut",
    .unresolved = "A tie straddles the cut; the system does not break it: ",
    .flags = "Flags",
    .flags_advice =
        "These flags are advice to the organisation department; the system decides nothing "
        "(rule A8).",
    .rule = "Rule",
    .subject = "Subject",
    .observed = "Observed",
    .threshold = "Threshold",
    .veto = "veto advice",
    .groups = "Groups",
    .group = "Group",
    .due = "Due",
    .issued = "Issued",
    .returned = "Returned",
    .suppressed = "Not shown: ",
};

const RuleWords& Words(const Context& c) { return c.english ? kEn : kZh; }

std::string ComparatorText(v1::Comparator comparator) {
  switch (comparator) {
    case v1::COMPARATOR_GE: return "≥";
    case v1::COMPARATOR_GT: return ">";
    case v1::COMPARATOR_LE: return "≤";
    case v1::COMPARATOR_LT: return "<";
    default: return "?";
  }
}

}  // namespace

void AppendFormValidity(const Context& c, const v1::FormTally& form_tally, std::string* out) {
  if (!form_tally.has_validity()) return;
  const RuleWords& w = Words(c);
  const v1::Validity& v = form_tally.validity();
  absl::StrAppend(out, "<div class=\"validity\" data-valid=\"", v.valid() ? "true" : "false",
                  "\">\n<p><strong>", w.validity, "</strong> · ", w.quorum, " ",
                  v.quorum_required(), " / ", v.present(), "（", v.quorum_met() ? w.met : w.not_met,
                  "）· ", w.blank_invalid, " ", v.blank(), " / ", v.invalid(), "</p>\n");
  if (v.valid()) {
    absl::StrAppend(out, "<p>", w.count_valid, "</p>\n");
  } else {
    absl::StrAppend(out, "<p class=\"warning\">", w.count_invalid,
                    Escape(c.english ? v.reason_en() : v.reason_zh()), "</p>\n");
  }
  absl::StrAppend(out, "</div>\n");
}

void AppendShortlist(const Context& c, const v1::Question* question,
                     const v1::QuestionTally& tally, std::string* out) {
  if (!tally.has_shortlist()) return;
  const RuleWords& w = Words(c);
  std::string marks;
  for (const v1::CandidateTally& t : tally.candidates()) {
    if (!t.shortlisted() && !t.tie_at_cut()) continue;
    absl::StrAppend(&marks, "<li data-mark=\"", t.tie_at_cut() ? "tie" : "in", "\">",
                    Escape(PersonName(question, t.candidate_id())), " — ",
                    t.tie_at_cut() ? w.tie_at_cut : w.shortlisted, "</li>\n");
  }
  for (const v1::WriteInTally& t : tally.write_ins()) {
    if (!t.shortlisted() && !t.tie_at_cut()) continue;
    absl::StrAppend(&marks, "<li data-mark=\"", t.tie_at_cut() ? "tie" : "in", "\">",
                    Escape(t.name()), " — ", t.tie_at_cut() ? w.tie_at_cut : w.shortlisted,
                    "</li>\n");
  }
  const v1::Shortlist& s = tally.shortlist();
  absl::StrAppend(out, "<div class=\"shortlist\"><p><strong>", w.shortlist, "</strong> ",
                  s.marked(), " / ", s.size(), "</p>\n");
  if (!s.resolved()) {
    absl::StrAppend(out, "<p class=\"warning\">", w.unresolved,
                    Escape(c.english ? s.reason_en() : s.reason_zh()), "</p>\n");
  }
  if (!marks.empty()) absl::StrAppend(out, "<ul>\n", marks, "</ul>\n");
  absl::StrAppend(out, "</div>\n");
}

void AppendFlags(const Context& c, const v1::Question* question, const v1::QuestionTally& tally,
                 std::string* out) {
  if (tally.flags().empty()) return;
  const RuleWords& w = Words(c);
  absl::StrAppend(out, "<div class=\"flags\">\n<h4>", w.flags, "</h4>\n<p class=\"note\">",
                  w.flags_advice, "</p>\n<table class=\"flags\"><thead><tr><th>", w.rule,
                  "</th><th>", w.subject, "</th><th>", w.observed, "</th><th>", w.threshold,
                  "</th><th></th></tr></thead><tbody>\n");
  for (const v1::Flag& f : tally.flags()) {
    absl::StrAppend(out, "<tr data-rule=\"", Escape(f.rule_id()), "\"><td>", Escape(f.rule_id()),
                    "</td><td>", Escape(PersonName(question, f.subject_id())), "</td><td>",
                    Percent(f.observed_num(), f.observed_den()), " (", f.observed_num(), "/",
                    f.observed_den(), ")</td><td>", ComparatorText(f.comparator()), " ",
                    f.threshold().num(), "/", f.threshold().den(), "</td><td>",
                    f.kind() == v1::FLAG_KIND_VETO ? absl::StrCat(w.veto, "：") : "",
                    Escape(c.english ? f.text_en() : f.text_zh()), "</td></tr>\n");
  }
  absl::StrAppend(out, "</tbody></table>\n</div>\n");
}

void AppendGroups(const Context& c, const v1::FormTally& form_tally, std::string* out) {
  const std::string& reason =
      c.english ? form_tally.groups_reason_en() : form_tally.groups_reason_zh();
  if (form_tally.groups().empty() && reason.empty()) return;
  const RuleWords& w = Words(c);
  absl::StrAppend(out, "<div class=\"groups\">\n<h3>", w.groups, "</h3>\n");
  if (!reason.empty()) absl::StrAppend(out, "<p class=\"note\">", Escape(reason), "</p>\n");
  if (!form_tally.groups().empty()) {
    absl::StrAppend(out, "<table class=\"groups\"><thead><tr><th>", w.group, "</th><th>", w.due,
                    "</th><th>", w.issued, "</th><th>", w.returned,
                    "</th></tr></thead><tbody>\n");
    for (const v1::GroupTally& g : form_tally.groups()) {
      absl::StrAppend(out, "<tr data-group=\"", Escape(g.group()), "\"><td>",
                      Escape(GroupName(c.spec, g.group())), "</td>");
      if (g.suppressed()) {
        absl::StrAppend(out, "<td colspan=\"3\" class=\"suppressed\">", w.suppressed,
                        Escape(c.english ? g.reason_en() : g.reason_zh()), "</td></tr>\n");
      } else {
        absl::StrAppend(out, "<td class=\"num\">", g.due(), "</td><td class=\"num\">", g.issued(),
                        "</td><td class=\"num\">", g.returned(), "</td></tr>\n");
      }
    }
    absl::StrAppend(out, "</tbody></table>\n");
  }
  // Each shown group's tables, compact. A suppressed group's questions are
  // never printed, whatever the tally carries: the reason above is all.
  const v1::Form* form = FindForm(c.spec, form_tally.form_id());
  const Context compact{c.m, c.spec, c.english, /*compact=*/true};
  for (const v1::GroupTally& g : form_tally.groups()) {
    if (g.suppressed() || g.questions().empty()) continue;
    absl::StrAppend(out, "<div class=\"group-questions compact\" data-group=\"",
                    Escape(g.group()), "\">\n<h4>",
                    Escape(absl::Substitute(c.m.group_questions, GroupName(c.spec, g.group()),
                                            g.returned())),
                    "</h4>\n");
    for (const v1::QuestionTally& q : g.questions()) AppendQuestion(compact, form, q, out);
    absl::StrAppend(out, "</div>\n");
  }
  absl::StrAppend(out, "</div>\n");
}

}  // namespace gongxin::report::sections
