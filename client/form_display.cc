// Kiosk display of a form, per question kind, in report/'s words (the same
// the kiosk page and the printed documents use).
#include "client/form_display.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"
#include "report/messages.h"

namespace gongxin::client {
namespace {

using report::Messages;

void Person(const v1::Candidate& c, std::string* out, bool with_proposed = false) {
  absl::StrAppend(out, c.name(), " [", c.id(), "]");
  if (!c.current_post().empty()) absl::StrAppend(out, "  ", c.current_post());
  if (with_proposed && !c.proposed_post().empty()) absl::StrAppend(out, " → ", c.proposed_post());
}

void Approval(const v1::Question& q, const Messages& m, std::string* out) {
  const v1::ApprovalQuestion& a = q.approval();
  absl::StrAppend(out, "  ", absl::Substitute(m.post_line, a.post(), a.seats(), a.max_choices()),
                  "\n");
  for (const v1::Candidate& c : a.candidates()) {
    absl::StrAppend(out, "  ○ ");
    Person(c, out);
    absl::StrAppend(out, "\n");
  }
  if (a.allow_write_in()) absl::StrAppend(out, "  ", m.ballot_write_in, "：________\n");
  absl::StrAppend(out, "  --choose ", q.id(), "=ID[,ID]",
                  a.allow_write_in() ? absl::StrCat("  --write-in ", q.id(), "=NAME") : "", "\n");
}

void Graded(const v1::Question& q, const Messages& m, std::string* out) {
  std::vector<std::string> grades;
  for (const v1::Grade& g : q.graded().scale()) {
    grades.push_back(absl::StrCat(g.label(), " [", g.id(), "]"));
  }
  absl::StrAppend(out, "  ", m.ballot_grades, "：", absl::StrJoin(grades, " / "), "\n");
  for (const v1::Candidate& s : q.graded().subjects()) {
    absl::StrAppend(out, "  □ ");
    Person(s, out);
    absl::StrAppend(out, "\n");
  }
  absl::StrAppend(out, "  --grade ", q.id(), "=SUBJECT:GRADE[,...]\n");
}

// Rule D4: name | current post | proposed post | agree | disagree | abstain,
// no write-in line.
void Decision(const v1::Question& q, const Messages& m, std::string* out) {
  const v1::DecisionQuestion& d = q.decision();
  if (d.competitive()) {
    absl::StrAppend(out, "  ",
                    absl::Substitute(m.competitive_line, d.post(),
                                     d.max_agree() == 0 ? 1 : d.max_agree()),
                    "\n");
  }
  std::vector<std::string> options = {m.agree};
  if (!d.competitive()) {
    options.push_back(m.disagree);
    options.push_back(m.abstain);
    if (d.allow_defer()) options.push_back(m.defer);
  }
  std::string boxes;
  for (const std::string& o : options) absl::StrAppend(&boxes, "  □", o);
  for (const v1::Candidate& c : d.candidates()) {
    absl::StrAppend(out, "  ");
    Person(c, out, /*with_proposed=*/true);
    absl::StrAppend(out, " ", boxes, "\n");
  }
  absl::StrAppend(out, "  ", m.ballot_no_write_in, "\n");
  absl::StrAppend(out, "  --decide ", q.id(), "=CANDIDATE:",
                  d.competitive() ? "agree" : (d.allow_defer() ? "agree|disagree|abstain|defer"
                                                               : "agree|disagree|abstain"),
                  "[,...]\n");
}

void Element(const v1::Question& q, const Messages& m, std::string* out) {
  std::vector<std::string> pool;
  for (const v1::Candidate& c : q.element().candidates()) {
    pool.push_back(absl::StrCat(c.name(), " [", c.id(), "]"));
  }
  absl::StrAppend(
      out, "  ",
      absl::Substitute(m.ballot_element_pool, absl::StrJoin(pool, m.list_separator)), "\n");
  for (const v1::Element& e : q.element().elements()) {
    absl::StrAppend(out, "  ", e.label(), " [", e.id(), "]：________\n");
  }
  absl::StrAppend(out, "  --element ", q.id(), "=ELEMENT:CANDIDATE[,...]\n");
}

void Checklist(const v1::Question& q, const Messages& m, std::string* out) {
  absl::StrAppend(out, "  ", m.ballot_tick_items, "\n");
  for (const v1::ChecklistItem& item : q.checklist().items()) {
    const bool negative = item.polarity() == v1::ITEM_POLARITY_NEGATIVE;
    absl::StrAppend(out, "  □ ", item.label(), " [", item.id(), "] (",
                    negative ? m.negative : m.positive, ")\n");
  }
  std::vector<std::string> subjects;
  for (const v1::Candidate& s : q.checklist().subjects()) {
    subjects.push_back(absl::StrCat(s.name(), " [", s.id(), "]"));
  }
  absl::StrAppend(
      out, "  ",
      absl::Substitute(m.ballot_checklist_for, absl::StrJoin(subjects, m.list_separator)), "\n");
  absl::StrAppend(out, "  --tick ", q.id(), "=SUBJECT:ITEM[,ITEM...]\n");
}

}  // namespace

std::string FormatForm(const v1::Form& form, bool en) {
  const Messages& m = report::MessagesFor(en ? "en" : "zh-CN");
  std::string out = absl::StrCat(form.title(), " [", form.id(), "] (",
                                 form.mode() == v1::FORM_MODE_ANONYMOUS ? m.anonymous : m.named,
                                 ")\n");
  for (const v1::Question& q : form.questions()) {
    absl::StrAppend(&out, "\n", q.title().empty() ? q.id() : q.title(), " [", q.id(), "]\n");
    switch (q.kind_case()) {
      case v1::Question::kApproval:
        Approval(q, m, &out);
        break;
      case v1::Question::kGraded:
        Graded(q, m, &out);
        break;
      case v1::Question::kDecision:
        Decision(q, m, &out);
        break;
      case v1::Question::kElement:
        Element(q, m, &out);
        break;
      case v1::Question::kChecklist:
        Checklist(q, m, &out);
        break;
      case v1::Question::KIND_NOT_SET:
        break;
    }
  }
  absl::StrAppend(&out, "\n", m.marking_blank, "\n");
  return out;
}

}  // namespace gongxin::client
