// Report tables and CSV rows for decision, element and checklist questions.
#include "client/kind_format.h"

#include <algorithm>
#include <cstdint>
#include <functional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"
#include "client/result_format.h"

namespace gongxin::client {
namespace {

// Columns padded by display width so CJK text lines up; the first column
// left-aligned, the rest right-aligned unless `left` says otherwise.
void Table(const std::vector<std::string>& header, size_t left_columns,
           const std::vector<std::vector<std::string>>& rows, std::string* out) {
  std::vector<int> width(header.size());
  for (size_t c = 0; c < header.size(); ++c) {
    width[c] = DisplayWidth(header[c]);
    for (const auto& r : rows) width[c] = std::max(width[c], DisplayWidth(r[c]));
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::vector<std::string> padded;
    for (size_t c = 0; c < cells.size(); ++c) {
      const std::string fill(std::max(0, width[c] - DisplayWidth(cells[c])), ' ');
      padded.push_back(c < left_columns ? cells[c] + fill : fill + cells[c]);
    }
    std::string s = absl::StrJoin(padded, "  ");
    s.erase(s.find_last_not_of(' ') + 1);
    absl::StrAppend(out, s, "\n");
  };
  line(header);
  std::vector<std::string> rule;
  for (int w : width) rule.push_back(std::string(w, '-'));
  line(rule);
  for (const auto& r : rows) line(r);
}

const v1::Candidate* FindPerson(const google::protobuf::RepeatedPtrField<v1::Candidate>& people,
                                const std::string& id) {
  for (const v1::Candidate& c : people) {
    if (c.id() == id) return &c;
  }
  return nullptr;
}

std::string PersonName(const google::protobuf::RepeatedPtrField<v1::Candidate>& people,
                       const std::string& id) {
  const v1::Candidate* c = FindPerson(people, id);
  return c == nullptr ? id : c->name();
}

std::string FractionText(const v1::PassFraction& f, bool english) {
  const std::string cmp = f.inclusive() ? "≥" : ">";
  return absl::StrCat(cmp, " ", f.numerator(), "/", f.denominator(), english ? " of " : " ");
}

std::string OutcomeName(v1::DecisionOutcome o, bool en) {
  switch (o) {
    case v1::DECISION_OUTCOME_PASSED:
      return en ? "passed" : "通过";
    case v1::DECISION_OUTCOME_NOT_PASSED:
      return en ? "not passed" : "未通过";
    case v1::DECISION_OUTCOME_NO_QUORUM:
      return en ? "no quorum" : "不足法定人数";
    default:
      return "";
  }
}

std::string OutcomeId(v1::DecisionOutcome o) {
  switch (o) {
    case v1::DECISION_OUTCOME_PASSED:
      return "passed";
    case v1::DECISION_OUTCOME_NOT_PASSED:
      return "not_passed";
    case v1::DECISION_OUTCOME_NO_QUORUM:
      return "no_quorum";
    default:
      return "";
  }
}

std::string CompetitiveId(v1::CompetitiveOutcome o) {
  switch (o) {
    case v1::COMPETITIVE_OUTCOME_WINNER:
      return "winner";
    case v1::COMPETITIVE_OUTCOME_TIE_REVOTE:
      return "tie_revote";
    case v1::COMPETITIVE_OUTCOME_NONE_PASSED:
      return "none_passed";
    case v1::COMPETITIVE_OUTCOME_NO_QUORUM:
      return "no_quorum";
    default:
      return "";
  }
}

void DecisionTable(const v1::DecisionTally& d, const v1::Question* question, bool en,
                   std::string* out) {
  static const v1::DecisionQuestion kEmpty;
  const v1::DecisionQuestion& q = question != nullptr ? question->decision() : kEmpty;
  v1::PassFraction pass = q.pass();
  if (pass.denominator() == 0) {
    pass.set_numerator(1);
    pass.set_denominator(2);
  }
  const bool present_basis = q.pass_basis() == v1::DECISION_BASIS_PRESENT;
  absl::StrAppend(
      out,
      absl::Substitute(en ? "Due $0, present $1; quorum $2 present: $3\n"
                          : "应到会 $0 人，实到 $1 人；法定人数 $2 人：$3\n",
                       d.due(), d.present(), d.quorum_needed(),
                       d.quorum_met() ? (en ? "met" : "已达到") : (en ? "NOT met" : "未达到")),
      absl::Substitute(en ? "Passing: agree $0$1\n" : "通过条件：同意票 $0$1\n",
                       FractionText(pass, en),
                       present_basis ? (en ? "of those present" : "实到人数")
                                     : (en ? "of those due" : "应到会人数")));
  if (q.competitive()) {
    const uint32_t k = q.max_agree() == 0 ? 1 : q.max_agree();
    absl::StrAppend(out, absl::Substitute(en ? "Competitive vote for $0: up to $1 per ballot\n"
                                             : "差额票决：$0，每票最多同意 $1 人\n",
                                          q.post(), k));
  }
  std::vector<std::string> header;
  if (q.competitive()) header.push_back(en ? "Rank" : "排名");
  for (const char* h : {en ? "Name" : "姓名", en ? "Current post" : "现任职务",
                        en ? "Proposed post" : "拟任职务", en ? "Agree" : "同意"}) {
    header.push_back(h);
  }
  if (!q.competitive()) {
    header.push_back(en ? "Disagree" : "不同意");
    header.push_back(en ? "Abstain" : "弃权");
  }
  if (q.allow_defer()) header.push_back(en ? "Defer" : "缓议");
  for (const char* h : {en ? "Unmarked" : "未表态", en ? "Needed" : "需同意",
                        en ? "Outcome" : "结果"}) {
    header.push_back(h);
  }
  std::vector<std::vector<std::string>> rows;
  for (const v1::DecisionCandidateTally& c : d.candidates()) {
    const v1::Candidate* person = FindPerson(q.candidates(), c.candidate_id());
    std::vector<std::string> r;
    if (q.competitive()) r.push_back(absl::StrCat(c.rank()));
    r.push_back(person != nullptr ? person->name() : c.candidate_id());
    r.push_back(person != nullptr ? person->current_post() : "");
    r.push_back(person != nullptr ? person->proposed_post() : "");
    r.push_back(absl::StrCat(c.agree()));
    if (!q.competitive()) {
      r.push_back(absl::StrCat(c.disagree()));
      r.push_back(absl::StrCat(c.abstain()));
    }
    if (q.allow_defer()) r.push_back(absl::StrCat(c.defer()));
    r.push_back(absl::StrCat(c.blank()));
    r.push_back(absl::StrCat(c.pass_needed(), "/", c.pass_denominator()));
    r.push_back(OutcomeName(c.outcome(), en));
    rows.push_back(std::move(r));
  }
  Table(header, q.competitive() ? 4 : 3, rows, out);
  if (q.competitive()) {
    std::vector<std::string> tied;
    for (const std::string& id : d.tied_ids()) tied.push_back(PersonName(q.candidates(), id));
    switch (d.competitive_outcome()) {
      case v1::COMPETITIVE_OUTCOME_WINNER:
        absl::StrAppend(out, absl::Substitute(en ? "Most votes and passing: $0\n"
                                                 : "得票最多且达到通过票数：$0\n",
                                              PersonName(q.candidates(), d.winner_id())));
        break;
      case v1::COMPETITIVE_OUTCOME_TIE_REVOTE:
        absl::StrAppend(out, absl::Substitute(en ? "Tied at the top: $0 — revote among them\n"
                                                 : "$0 得票相同并列第一，应在并列者中再次投票\n",
                                              absl::StrJoin(tied, en ? ", " : "、")));
        break;
      case v1::COMPETITIVE_OUTCOME_NONE_PASSED:
        absl::StrAppend(out, en ? "Nobody passes: postpone or revote\n"
                                : "无人达到通过票数：暂缓或重新投票\n");
        break;
      case v1::COMPETITIVE_OUTCOME_NO_QUORUM:
        absl::StrAppend(out, en ? "No quorum: nothing decided\n" : "不足法定人数，不作决定\n");
        break;
      default:
        break;
    }
  }
  absl::StrAppend(out, en ? "The outcome is advice to the committee (rule A8).\n"
                          : "表决结果供党委（党组）决定参考。\n");
}

void ElementTables(const v1::QuestionTally& t, const v1::Question* question, bool en,
                   std::string* out) {
  static const v1::ElementQuestion kEmpty;
  const v1::ElementQuestion& q = question != nullptr ? question->element() : kEmpty;
  for (const v1::ElementTally& e : t.elements()) {
    std::string label = e.element_id();
    for (const v1::Element& el : q.elements()) {
      if (el.id() == e.element_id()) label = el.label();
    }
    absl::StrAppend(out, en ? "Element: " : "要素：", label, "\n");
    std::vector<const v1::CandidateTally*> order;
    for (const v1::CandidateTally& c : e.candidates()) order.push_back(&c);
    std::stable_sort(order.begin(), order.end(),
                     [](auto* a, auto* b) { return a->rank() < b->rank(); });
    std::vector<std::vector<std::string>> rows;
    for (const v1::CandidateTally* c : order) {
      rows.push_back({absl::StrCat(c->rank()), PersonName(q.candidates(), c->candidate_id()),
                      absl::StrCat(c->votes()), Percent(c->votes(), t.rate_denominator())});
    }
    rows.push_back({"", en ? "Blank" : "弃权", absl::StrCat(e.blank()),
                    Percent(e.blank(), t.rate_denominator())});
    Table({en ? "Rank" : "排名", en ? "Name" : "姓名", en ? "Votes" : "得票",
           en ? "Rate" : "得票率"},
          0, rows, out);
  }
}

void ChecklistTables(const v1::QuestionTally& t, const v1::Question* question, bool en,
                     std::string* out) {
  static const v1::ChecklistQuestion kEmpty;
  const v1::ChecklistQuestion& q = question != nullptr ? question->checklist() : kEmpty;
  for (const v1::ChecklistSubjectTally& s : t.checklist()) {
    absl::StrAppend(out, PersonName(q.subjects(), s.subject_id()), "\n");
    std::vector<std::vector<std::string>> rows;
    for (const v1::ItemCount& ic : s.items()) {
      std::string label = ic.item_id();
      std::string polarity;
      for (const v1::ChecklistItem& item : q.items()) {
        if (item.id() != ic.item_id()) continue;
        label = item.label();
        polarity = item.polarity() == v1::ITEM_POLARITY_NEGATIVE
                       ? (en ? "negative" : "反向")
                       : (en ? "positive" : "正向");
      }
      rows.push_back({label, polarity, absl::StrCat(ic.count()),
                      Percent(ic.count(), t.rate_denominator())});
    }
    rows.push_back({en ? "Nothing ticked" : "未勾选", "", absl::StrCat(s.blank()),
                    Percent(s.blank(), t.rate_denominator())});
    Table({en ? "Item" : "测评项目", en ? "Polarity" : "类别", en ? "Count" : "人数",
           en ? "Share" : "占比"},
          2, rows, out);
  }
}

}  // namespace

bool IsOtherKind(const v1::QuestionTally& tally, const v1::Question* question) {
  if (question != nullptr) {
    return question->has_decision() || question->has_element() || question->has_checklist();
  }
  return tally.has_decision() || tally.elements_size() > 0 || tally.checklist_size() > 0;
}

void AppendKindTable(const v1::QuestionTally& tally, const v1::Question* question, bool english,
                     std::string* out) {
  if (tally.has_decision() || (question != nullptr && question->has_decision())) {
    DecisionTable(tally.decision(), question, english, out);
  } else if (tally.elements_size() > 0 || (question != nullptr && question->has_element())) {
    ElementTables(tally, question, english, out);
  } else {
    ChecklistTables(tally, question, english, out);
  }
  absl::StrAppend(out,
                  absl::Substitute(english ? "Valid $0 (including $1 blank), invalid $2\n"
                                           : "有效票 $0 张（含弃权 $1 张），废票 $2 张\n",
                                   tally.valid(), tally.blank(), tally.invalid()));
  if (!tally.has_decision()) {
    absl::StrAppend(out, absl::Substitute(english ? "Shares = count / $0 (ballots returned)\n"
                                                  : "占比 = 人数 ÷ 收回票数 $0\n",
                                          tally.rate_denominator()));
  }
}

void AppendKindCsv(const v1::QuestionTally& t, const v1::Question* question,
                   const KindCsvRow& row) {
  const std::string denominator = absl::StrCat(t.rate_denominator());
  if (t.has_decision()) {
    static const v1::DecisionQuestion kEmpty;
    const v1::DecisionQuestion& q = question != nullptr ? question->decision() : kEmpty;
    for (const v1::DecisionCandidateTally& c : t.decision().candidates()) {
      const std::string name = PersonName(q.candidates(), c.candidate_id());
      const std::string den = absl::StrCat(c.pass_denominator());
      auto count = [&](const char* kind, uint32_t n, const char* label) {
        row({kind, c.candidate_id(), name, absl::StrCat(n), den,
             PercentNumber(n, c.pass_denominator()),
             q.competitive() ? absl::StrCat(c.rank()) : "", kind, label});
      };
      count("agree", c.agree(), "同意");
      count("disagree", c.disagree(), "不同意");
      count("abstain", c.abstain(), "弃权");
      if (q.allow_defer()) count("defer", c.defer(), "缓议");
      count("blank", c.blank(), "未表态");
      row({"outcome", c.candidate_id(), name, absl::StrCat(c.pass_needed()), den, "", "",
           OutcomeId(c.outcome()), OutcomeName(c.outcome(), false)});
    }
    if (q.competitive() || t.decision().competitive_outcome() !=
                               v1::COMPETITIVE_OUTCOME_UNSPECIFIED) {
      std::vector<std::string> who;
      if (!t.decision().winner_id().empty()) who.push_back(t.decision().winner_id());
      for (const std::string& id : t.decision().tied_ids()) who.push_back(id);
      row({"competitive", absl::StrJoin(who, " "), "", "", "", "", "",
           CompetitiveId(t.decision().competitive_outcome()), ""});
    }
    return;
  }
  if (t.elements_size() > 0) {
    static const v1::ElementQuestion kEmpty;
    const v1::ElementQuestion& q = question != nullptr ? question->element() : kEmpty;
    for (const v1::ElementTally& e : t.elements()) {
      std::string label;
      for (const v1::Element& el : q.elements()) {
        if (el.id() == e.element_id()) label = el.label();
      }
      for (const v1::CandidateTally& c : e.candidates()) {
        row({"element", c.candidate_id(), PersonName(q.candidates(), c.candidate_id()),
             absl::StrCat(c.votes()), denominator,
             PercentNumber(c.votes(), t.rate_denominator()), absl::StrCat(c.rank()),
             e.element_id(), label});
      }
      row({"blank", "", "", absl::StrCat(e.blank()), denominator,
           PercentNumber(e.blank(), t.rate_denominator()), "", e.element_id(), label});
    }
    return;
  }
  static const v1::ChecklistQuestion kEmpty;
  const v1::ChecklistQuestion& q = question != nullptr ? question->checklist() : kEmpty;
  for (const v1::ChecklistSubjectTally& s : t.checklist()) {
    const std::string name = PersonName(q.subjects(), s.subject_id());
    for (const v1::ItemCount& ic : s.items()) {
      std::string label;
      for (const v1::ChecklistItem& item : q.items()) {
        if (item.id() == ic.item_id()) label = item.label();
      }
      row({"item", s.subject_id(), name, absl::StrCat(ic.count()), denominator,
           PercentNumber(ic.count(), t.rate_denominator()), "", ic.item_id(), label});
    }
    row({"blank", s.subject_id(), name, absl::StrCat(s.blank()), denominator,
         PercentNumber(s.blank(), t.rate_denominator()), "", "", ""});
  }
}

}  // namespace gongxin::client
