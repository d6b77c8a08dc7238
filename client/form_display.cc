// Kiosk display of a form, per question kind.
#include "client/form_display.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"

namespace gongxin::client {
namespace {

void Person(const v1::Candidate& c, std::string* out, bool with_proposed = false) {
  absl::StrAppend(out, c.name(), " [", c.id(), "]");
  if (!c.current_post().empty()) absl::StrAppend(out, "  ", c.current_post());
  if (with_proposed && !c.proposed_post().empty()) absl::StrAppend(out, " → ", c.proposed_post());
}

void Approval(const v1::Question& q, bool en, std::string* out) {
  const v1::ApprovalQuestion& a = q.approval();
  absl::StrAppend(out, absl::Substitute(en ? "  Post: $0, seats $1; mark up to $2\n"
                                           : "  职位：$0，职数 $1 名；最多推荐 $2 人\n",
                                        a.post(), a.seats(), a.max_choices()));
  for (const v1::Candidate& c : a.candidates()) {
    absl::StrAppend(out, "  ○ ");
    Person(c, out);
    absl::StrAppend(out, "\n");
  }
  if (a.allow_write_in()) absl::StrAppend(out, en ? "  Other: ________\n" : "  另推他人：________\n");
  absl::StrAppend(out, "  --choose ", q.id(), "=ID[,ID]",
                  a.allow_write_in() ? absl::StrCat("  --write-in ", q.id(), "=NAME") : "", "\n");
}

void Graded(const v1::Question& q, bool en, std::string* out) {
  std::vector<std::string> grades;
  for (const v1::Grade& g : q.graded().scale()) {
    grades.push_back(absl::StrCat(g.label(), " [", g.id(), "]"));
  }
  absl::StrAppend(out, en ? "  Grades: " : "  等次：", absl::StrJoin(grades, " / "), "\n");
  for (const v1::Candidate& s : q.graded().subjects()) {
    absl::StrAppend(out, "  □ ");
    Person(s, out);
    absl::StrAppend(out, "\n");
  }
  absl::StrAppend(out, "  --grade ", q.id(), "=SUBJECT:GRADE[,...]\n");
}

// Rule D4: name | current post | proposed post | agree | disagree | abstain,
// no write-in line.
void Decision(const v1::Question& q, bool en, std::string* out) {
  const v1::DecisionQuestion& d = q.decision();
  if (d.competitive()) {
    absl::StrAppend(out, absl::Substitute(en ? "  Competitive vote for $0: mark agree for at "
                                               "most $1\n"
                                             : "  差额票决：$0，最多同意 $1 人\n",
                                          d.post(), d.max_agree() == 0 ? 1 : d.max_agree()));
  }
  std::vector<std::string> options = {en ? "agree" : "同意"};
  if (!d.competitive()) {
    options.push_back(en ? "disagree" : "不同意");
    options.push_back(en ? "abstain" : "弃权");
    if (d.allow_defer()) options.push_back(en ? "defer" : "缓议");
  }
  std::string boxes;
  for (const std::string& o : options) absl::StrAppend(&boxes, "  □", o);
  for (const v1::Candidate& c : d.candidates()) {
    absl::StrAppend(out, "  ");
    Person(c, out, /*with_proposed=*/true);
    absl::StrAppend(out, " ", boxes, "\n");
  }
  absl::StrAppend(out, en ? "  No write-ins.\n" : "  不得另提他人。\n");
  absl::StrAppend(out, "  --decide ", q.id(), "=CANDIDATE:",
                  d.competitive() ? "agree" : (d.allow_defer() ? "agree|disagree|abstain|defer"
                                                               : "agree|disagree|abstain"),
                  "[,...]\n");
}

void Element(const v1::Question& q, bool en, std::string* out) {
  std::vector<std::string> pool;
  for (const v1::Candidate& c : q.element().candidates()) {
    pool.push_back(absl::StrCat(c.name(), " [", c.id(), "]"));
  }
  absl::StrAppend(out, en ? "  One person per element, from: " : "  每个要素限推荐一人，人选：",
                  absl::StrJoin(pool, en ? ", " : "、"), "\n");
  for (const v1::Element& e : q.element().elements()) {
    absl::StrAppend(out, "  ", e.label(), " [", e.id(), "]：________\n");
  }
  absl::StrAppend(out, "  --element ", q.id(), "=ELEMENT:CANDIDATE[,...]\n");
}

void Checklist(const v1::Question& q, bool en, std::string* out) {
  absl::StrAppend(out, en ? "  Tick every item that applies:\n" : "  勾选符合的项目（可多选）：\n");
  for (const v1::ChecklistItem& item : q.checklist().items()) {
    const bool negative = item.polarity() == v1::ITEM_POLARITY_NEGATIVE;
    absl::StrAppend(out, "  □ ", item.label(), " [", item.id(), "] (",
                    negative ? (en ? "negative" : "反向") : (en ? "positive" : "正向"), ")\n");
  }
  absl::StrAppend(out, en ? "  For: " : "  测评对象：");
  std::vector<std::string> subjects;
  for (const v1::Candidate& s : q.checklist().subjects()) {
    subjects.push_back(absl::StrCat(s.name(), " [", s.id(), "]"));
  }
  absl::StrAppend(out, absl::StrJoin(subjects, en ? ", " : "、"), "\n");
  absl::StrAppend(out, "  --tick ", q.id(), "=SUBJECT:ITEM[,ITEM...]\n");
}

}  // namespace

std::string FormatForm(const v1::Form& form, bool en) {
  std::string out = absl::StrCat(
      form.title(), " [", form.id(), "] (",
      form.mode() == v1::FORM_MODE_ANONYMOUS ? (en ? "anonymous" : "无记名")
                                             : (en ? "named" : "实名"),
      ")\n");
  for (const v1::Question& q : form.questions()) {
    absl::StrAppend(&out, "\n", q.title().empty() ? q.id() : q.title(), " [", q.id(), "]\n");
    switch (q.kind_case()) {
      case v1::Question::kApproval:
        Approval(q, en, &out);
        break;
      case v1::Question::kGraded:
        Graded(q, en, &out);
        break;
      case v1::Question::kDecision:
        Decision(q, en, &out);
        break;
      case v1::Question::kElement:
        Element(q, en, &out);
        break;
      case v1::Question::kChecklist:
        Checklist(q, en, &out);
        break;
      case v1::Question::KIND_NOT_SET:
        break;
    }
  }
  absl::StrAppend(&out, en ? "\nA question left unmarked counts as blank (abstain).\n"
                           : "\n未作标记的视为弃权。\n");
  return out;
}

}  // namespace gongxin::client
