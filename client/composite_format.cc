// Composite rankings for people: a table per rule, flags in words.
#include "client/composite_format.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"
#include "client/result_format.h"
#include "tally/composite.h"
#include "tally/rational.h"

namespace gongxin::client {
namespace {

struct Words {
  const char* heading;  // $0 title, $1 rule id
  const char* take;     // $0 ratio, $1 take
  const char* rank;
  const char* name;
  const char* composite;
  const char* flags;
  const char* within;  // $0 ratio
  const char* tied;
  const char* excluded;  // $0 threshold
  const char* veto;      // $0 reason, $1 officer
  const char* missing;   // $0 indicators
  const char* advice;
  const char* approved;  // $0 officers
};

constexpr Words kChinese = {
    .heading = "【综合得分：$0】（$1）",
    .take = "按职数 1:$0 提出考察人选，共 $1 名",
    .rank = "排名",
    .name = "姓名",
    .composite = "综合得分",
    .flags = "提示",
    .within = "在 1:$0 范围内",
    .tied = "在取用线上并列（不作取舍，由组织研究）",
    .excluded = "低于 $0 分，排除",
    .veto = "一票否决：$0（$1）",
    .missing = "缺少评分：$0",
    .advice = "说明：综合得分、排名和提示仅供组织研究参考，不作自动决定，不简单以票取人。",
    .approved = "计票审批：$0",
};

constexpr Words kEnglish = {
    .heading = "[Composite: $0] ($1)",
    .take = "Inspection candidates at 1:$0 of the posts: $1",
    .rank = "Rank",
    .name = "Name",
    .composite = "Composite",
    .flags = "Flags",
    .within = "within 1:$0",
    .tied = "tied at the cut (not broken; for the organisation to decide)",
    .excluded = "below $0: excluded",
    .veto = "vetoed: $0 ($1)",
    .missing = "missing scores: $0",
    .advice = "Note: composites, ranks and flags are advice to the organisation department; "
              "nothing is decided automatically.",
    .approved = "Count approved by: $0",
};

// Two decimals of an exact value ("200/3" → "66.67"); the text as it is if
// it does not parse.
std::string Points(const std::string& exact) {
  const std::string decimal = tally::DecimalOf(exact, 2);
  return decimal.empty() ? exact : decimal;
}

void AppendRows(const std::vector<std::vector<std::string>>& rows, std::string* out) {
  std::vector<int> width;
  for (const auto& row : rows) {
    width.resize(std::max(width.size(), row.size()));
    for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], DisplayWidth(row[c]));
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    std::string line;
    for (size_t c = 0; c < rows[r].size(); ++c) {
      if (c > 0) line += "  ";
      line += rows[r][c];
      if (c + 1 < rows[r].size()) line += std::string(width[c] - DisplayWidth(rows[r][c]), ' ');
    }
    absl::StrAppend(out, line, "\n");
    if (r == 0) {
      std::vector<std::string> rule;
      for (int w : width) rule.push_back(std::string(w, '-'));
      absl::StrAppend(out, absl::StrJoin(rule, "  "), "\n");
    }
  }
}

}  // namespace

void AppendCompositeReport(const v1::TallyResult& result, const v1::MeetingSpec& spec,
                           bool english, std::string* out) {
  const Words& w = english ? kEnglish : kChinese;
  for (const v1::CompositeResult& r : result.composites()) {
    const v1::CompositeRule* rule = tally::FindCompositeRule(spec, r.rule_id());
    const std::string title = rule != nullptr ? rule->title() : r.rule_id();
    const std::string tag =
        rule != nullptr && !rule->preset().empty() ? rule->preset() : r.rule_id();
    absl::StrAppend(out, "\n", absl::Substitute(w.heading, title, tag), "\n");
    if (r.take() > 0 && rule != nullptr) {
      absl::StrAppend(out, absl::Substitute(w.take, rule->take_ratio(), r.take()), "\n");
    }
    std::vector<std::string> header = {w.rank, w.name};
    if (rule != nullptr) {
      for (const v1::CompositeComponent& c : rule->components()) {
        header.push_back(absl::StrCat(c.label(), "(", c.weight(), "%)"));
      }
    }
    header.push_back(w.composite);
    header.push_back(w.flags);
    std::vector<std::vector<std::string>> rows = {header};
    for (const v1::CompositeCandidate& c : r.candidates()) {
      std::vector<std::string> row = {c.rank() == 0 ? "" : absl::StrCat(c.rank()),
                                      tally::RuleCandidateName(spec, rule, c.candidate_id())};
      if (rule != nullptr) {
        for (const v1::CompositeComponent& comp : rule->components()) {
          auto it = std::find_if(c.components().begin(), c.components().end(),
                                 [&](const v1::ComponentScore& s) {
                                   return s.component_id() == comp.id();
                                 });
          row.push_back(it == c.components().end() ? "" : Points(it->points()));
        }
      }
      row.push_back(c.composite().empty() ? "" : Points(c.composite()));
      std::vector<std::string> flags;
      for (const v1::Veto& v : c.vetoes()) {
        flags.push_back(absl::Substitute(w.veto, v.reason(), v.officer()));
      }
      if (c.excluded() && rule != nullptr) {
        flags.push_back(absl::Substitute(w.excluded, rule->exclude_below()));
      }
      if (!c.missing().empty()) {
        flags.push_back(absl::Substitute(w.missing, absl::StrJoin(c.missing(), ", ")));
      }
      if (c.tied_at_cut()) flags.push_back(w.tied);
      if (c.within_take() && rule != nullptr) {
        flags.push_back(absl::Substitute(w.within, rule->take_ratio()));
      }
      row.push_back(absl::StrJoin(flags, english ? "; " : "；"));
      rows.push_back(std::move(row));
    }
    AppendRows(rows, out);
  }
  if (!result.composites().empty()) absl::StrAppend(out, w.advice, "\n");
  if (!result.approved_by().empty()) {
    absl::StrAppend(out, absl::Substitute(w.approved, absl::StrJoin(result.approved_by(),
                                                                     english ? ", " : "、")),
                    "\n");
  }
}

void AppendCompositeCsv(const v1::TallyResult& result, const v1::MeetingSpec& spec,
                        const std::function<void(std::vector<std::string>)>& row) {
  auto decimal = [](const std::string& exact) { return tally::DecimalOf(exact, 2); };
  for (const v1::CompositeResult& r : result.composites()) {
    const v1::CompositeRule* rule = tally::FindCompositeRule(spec, r.rule_id());
    const std::string form_id = rule != nullptr ? rule->form_id() : "";
    const std::string question_id = rule != nullptr ? rule->question_id() : "";
    for (const v1::CompositeCandidate& c : r.candidates()) {
      const std::string name = tally::RuleCandidateName(spec, rule, c.candidate_id());
      std::vector<std::string> marks;
      if (c.within_take()) marks.push_back("within_take");
      if (c.tied_at_cut()) marks.push_back("tied_at_cut");
      if (c.excluded()) marks.push_back("excluded");
      if (!c.vetoes().empty()) marks.push_back("vetoed");
      if (!c.missing().empty()) marks.push_back("incomplete");
      row({form_id, question_id, "", "composite", c.candidate_id(), name, c.composite(), "",
           c.composite().empty() ? "" : decimal(c.composite()),
           c.rank() == 0 ? "" : absl::StrCat(c.rank()), r.rule_id(), absl::StrJoin(marks, " ")});
      for (const v1::ComponentScore& s : c.components()) {
        row({form_id, question_id, "", "component", c.candidate_id(), name, s.points(), "",
             decimal(s.points()), "", r.rule_id(), s.component_id()});
      }
      for (const v1::Veto& v : c.vetoes()) {
        row({form_id, question_id, v.officer(), "veto", c.candidate_id(), name, "", "", "", "",
             r.rule_id(), v.reason()});
      }
      for (const std::string& m : c.missing()) {
        row({form_id, question_id, "", "missing", c.candidate_id(), name, "", "", "", "",
             r.rule_id(), m});
      }
    }
  }
  for (int i = 0; i < result.approved_by_size(); ++i) {
    row({"", "", "", "approved_by", "", result.approved_by(i), "", "", "", absl::StrCat(i + 1),
         "", ""});
  }
}

}  // namespace gongxin::client
