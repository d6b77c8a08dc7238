#include "client/result_format.h"

#include "client/composite_format.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <tuple>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"
#include "client/kind_format.h"
#include "report/messages.h"
#include "tally/fraction.h"
#include "google/protobuf/util/json_util.h"

namespace gongxin::client {
namespace {

// --- Words of the report, per language -------------------------------------

struct Words {
  const char* turnout;       // $0 due, $1 present, $2 rate
  const char* form_heading;  // $0 title, $1 mode
  const char* named;
  const char* anonymous;
  const char* issued;     // $0 issued, $1 returned
  const char* post_line;  // $0 post, $1 seats, $2 max choices
  const char* rank;
  const char* name;
  const char* votes;
  const char* rate;
  const char* counts;         // $0 valid, $1 blank, $2 invalid
  const char* basis;          // $0 denominator, $1 what it counts
  const char* basis_unnamed;  // $0 denominator
  const char* no_candidates;
  // Graded questions: the blank column, and how the cells' shares are taken.
  const char* blank;
  const char* graded_basis;          // $0 denominator, $1 what it counts
  const char* graded_basis_unnamed;  // $0 denominator
  const char* no_subjects;
  // Counting rules (rules A4, A6b, B1, A2, C3, C5; tally/annotate.h).
  const char* validity;   // $0 due, $1 present, $2 required, $3 met?, $4 blank, $5 invalid
  const char* met;
  const char* not_met;
  const char* no_quorum_rule;  // $0 due, $1 present, $2 blank, $3 invalid
  const char* invalid_count;   // $0 reason
  const char* shortlist_col;
  const char* shortlisted;
  const char* tie_at_cut;
  const char* shortlist_line;     // $0 size, $1 marked
  const char* shortlist_open;     // $0 reason
  const char* rates_heading;
  const char* excellent;
  const char* pass;
  const char* score;
  const char* satisfaction;
  const char* flags_heading;
  const char* flag_line;  // $0 rule id, $1 subject, $2 text, $3 observed, $4 threshold, $5 basis
  const char* veto;
  const char* groups_heading;
  const char* group_heading;  // $0 name, $1 returned
  const char* suppressed;     // $0 reason
  const char* no_groups;      // $0 reason
  const char* weighted_heading;  // $0 weights
  const char* weighted_unavailable;  // $0 reason
};

constexpr Words kChinese = {
    .turnout = "应到 $0 人，实到 $1 人（到会率 $2）",
    .form_heading = "【$0】（$1）",
    .named = "实名",
    .anonymous = "无记名",
    .issued = "发出 $0 张，收回 $1 张",
    .post_line = "职位：$0　职数：$1 名　每票最多推荐 $2 人",
    .rank = "排名",
    .name = "姓名",
    .votes = "得票",
    .rate = "得票率",
    .counts = "有效票 $0 张（含弃权 $1 张），废票 $2 张",
    .basis = "得票率 = 得票 ÷ $1 $0",
    .basis_unnamed = "得票率 = 得票 ÷ $0",
    .no_candidates = "（无得票）",
    .blank = "弃权",
    .graded_basis = "百分比 = 票数 ÷ $1 $0",
    .graded_basis_unnamed = "百分比 = 票数 ÷ $0",
    .no_subjects = "（无测评对象）",
    .validity = "法定人数：应到 $0 人，实到 $1 人，须到 $2 人（$3）；空白票 $4 张，废票 $5 张",
    .met = "已达到",
    .not_met = "未达到",
    .no_quorum_rule = "不设法定人数：应到 $0 人，实到 $1 人；空白票 $2 张，废票 $3 张",
    .invalid_count = "本次计票无效：$0（仅列原始票数，不作提示）",
    .shortlist_col = "差额",
    .shortlisted = "入围",
    .tie_at_cut = "并列待定",
    .shortlist_line = "差额人选 $0 名，已标出 $1 名",
    .shortlist_open = "差额名单未确定：$0",
    .rates_heading = "比率（分母：$0）",
    .excellent = "优秀率",
    .pass = "合格率",
    .score = "加权得分",
    .satisfaction = "满意率",
    .flags_heading = "提示（仅供参考，不自动作出任何决定）：",
    .flag_line = "[$0] $1：$2（实测 $3，阈值 $4，分母：$5）",
    .veto = "一票否决提示",
    .groups_heading = "分组结果",
    .group_heading = "〔$0〕收回 $1 张",
    .suppressed = "不单独公布：$0",
    .no_groups = "无分组结果：$0",
    .weighted_heading = "加权结果（权重：$0）",
    .weighted_unavailable = "无加权结果：$0",
};

constexpr Words kEnglish = {
    .turnout = "Due $0, present $1 (turnout $2)",
    .form_heading = "[$0] ($1)",
    .named = "named",
    .anonymous = "anonymous",
    .issued = "Issued $0, returned $1",
    .post_line = "Post: $0   Seats: $1   Up to $2 per ballot",
    .rank = "Rank",
    .name = "Name",
    .votes = "Votes",
    .rate = "Rate",
    .counts = "Valid $0 (including $1 blank), invalid $2",
    .basis = "Vote rate = votes / $0 ($1)",
    .basis_unnamed = "Vote rate = votes / $0",
    .no_candidates = "(no votes)",
    .blank = "Blank",
    .graded_basis = "Percentages = count / $0 ($1)",
    .graded_basis_unnamed = "Percentages = count / $0",
    .no_subjects = "(no subjects)",
    .validity = "Quorum: due $0, present $1, required $2 ($3); blank ballots $4, invalid $5",
    .met = "met",
    .not_met = "not met",
    .no_quorum_rule = "No quorum rule: due $0, present $1; blank ballots $2, invalid $3",
    .invalid_count = "This count is invalid: $0 (raw counts only, no flags)",
    .shortlist_col = "Shortlist",
    .shortlisted = "yes",
    .tie_at_cut = "tie at cut",
    .shortlist_line = "Shortlist of $0, $1 marked",
    .shortlist_open = "Shortlist unresolved: $0",
    .rates_heading = "Rates (denominator: $0)",
    .excellent = "Excellent",
    .pass = "Pass",
    .score = "Score",
    .satisfaction = "Satisfaction",
    .flags_heading = "Flags (advice only; nothing is decided automatically):",
    .flag_line = "[$0] $1: $2 (observed $3, threshold $4, denominator: $5)",
    .veto = "veto advice",
    .groups_heading = "By group",
    .group_heading = "[$0] returned $1",
    .suppressed = "Not shown: $0",
    .no_groups = "No per-group tally: $0",
    .weighted_heading = "Weighted (weights: $0)",
    .weighted_unavailable = "No weighted figures: $0",
};

bool IsEnglish(absl::string_view locale) {
  const std::string lower = absl::AsciiStrToLower(locale);
  return lower == "en" || absl::StartsWith(lower, "en-") ||
         absl::StartsWith(lower, "en_");
}

// What a rate_basis counts, in words. The tally names its denominator
// ("returned" by default, rule A7); unknown names are shown as they are.
// What a rate_basis counts, in words: report/messages.h's, the documents'
// own table, so the terminal and the paper say the same.
std::string BasisName(absl::string_view basis, bool english) {
  return report::BasisName(report::MessagesFor(english ? "en" : "zh-CN"), basis);
}

// --- Numbers ---------------------------------------------------------------

// --- Looking up names in the spec -------------------------------------------

const v1::Form* FindForm(const v1::MeetingSpec& spec, absl::string_view id) {
  for (const v1::Form& f : spec.forms()) {
    if (f.id() == id) return &f;
  }
  return nullptr;
}

// The group's name, or its id when the spec does not list it.
std::string GroupName(const v1::MeetingSpec& spec, absl::string_view id) {
  for (const v1::VoterGroup& g : spec.groups()) {
    if (g.id() == id && !g.name().empty()) return g.name();
  }
  return std::string(id);
}

const v1::Question* FindQuestion(const v1::Form* form, absl::string_view id) {
  if (form == nullptr) return nullptr;
  for (const v1::Question& q : form->questions()) {
    if (q.id() == id) return &q;
  }
  return nullptr;
}

// Whether `tally` is to be read as a graded question: as the spec says, or,
// for a question the spec does not know, as the tally's shape says.
bool IsGraded(const v1::QuestionTally& tally, const v1::Question* question) {
  return question != nullptr ? question->has_graded()
                             : tally.subjects_size() > 0;
}

// The subject's name, or its id when the spec does not list it.
std::string SubjectName(const v1::Question* question, absl::string_view id) {
  if (question != nullptr) {
    for (const v1::Candidate& s : question->graded().subjects()) {
      if (s.id() == id) return s.name();
    }
  }
  return std::string(id);
}

// The grade's label as the admin wrote it, or its id when the scale lacks it.
std::string GradeLabel(const v1::Question* question, absl::string_view id) {
  if (question != nullptr) {
    for (const v1::Grade& g : question->graded().scale()) {
      if (g.id() == id) return g.label();
    }
  }
  return std::string(id);
}

// The grade columns of a graded question: grade ids in the order the tally
// lists them (scale order), so a grade missing from one subject's list
// still gets its column.
std::vector<std::string> GradeColumns(const v1::QuestionTally& tally) {
  std::vector<std::string> ids;
  for (const v1::SubjectTally& subject : tally.subjects()) {
    for (const v1::GradeCount& g : subject.grades()) {
      if (std::find(ids.begin(), ids.end(), g.grade_id()) == ids.end()) {
        ids.push_back(g.grade_id());
      }
    }
  }
  return ids;
}

// One line of a question's ranking: a listed candidate or a write-in.
struct Entry {
  bool write_in;
  std::string candidate_id;  // empty for write-ins
  std::string name;
  uint32_t votes;
  uint32_t rank;  // 0 when the tally gave none
  int order;      // position in the spec (candidates) or the tally
};

// The question's entries ordered for reading: by rank, then listed
// candidates before write-ins, then the spec's order (the ballot's order,
// usually 姓氏笔画), so equal votes appear as voters saw them.
std::vector<Entry> RankedEntries(const v1::QuestionTally& tally,
                                 const v1::Question* question) {
  std::vector<Entry> entries;
  const int unknown = std::numeric_limits<int>::max();
  for (const v1::CandidateTally& c : tally.candidates()) {
    Entry e{false,     c.candidate_id(), c.candidate_id(),
            c.votes(), c.rank(),         unknown};
    if (question != nullptr) {
      const auto& listed = question->approval().candidates();
      for (int i = 0; i < listed.size(); ++i) {
        if (listed[i].id() == c.candidate_id()) {
          e.name = listed[i].name();
          e.order = i;
          break;
        }
      }
    }
    entries.push_back(std::move(e));
  }
  for (int i = 0; i < tally.write_ins_size(); ++i) {
    const v1::WriteInTally& w = tally.write_ins(i);
    entries.push_back(Entry{true, "", w.name(), w.votes(), w.rank(), i});
  }
  auto key = [](const Entry& e) {
    const uint64_t rank =
        e.rank == 0 ? std::numeric_limits<uint64_t>::max() : e.rank;
    return std::make_tuple(rank, e.write_in, e.order);
  };
  std::stable_sort(
      entries.begin(), entries.end(),
      [&](const Entry& a, const Entry& b) { return key(a) < key(b); });
  return entries;
}

// --- Table -----------------------------------------------------------------

enum class Align { kLeft, kRight };

std::string Pad(absl::string_view cell, int width, Align align) {
  const std::string fill(std::max(0, width - DisplayWidth(cell)), ' ');
  return align == Align::kLeft ? absl::StrCat(cell, fill)
                               : absl::StrCat(fill, cell);
}

// Renders rows under a header with columns separated by two spaces, each
// padded to its widest cell by display width, so CJK text lines up in a
// terminal with a monospaced font.
void AppendTable(const std::vector<std::string>& header,
                 const std::vector<Align>& align,
                 const std::vector<std::vector<std::string>>& rows,
                 std::string* out) {
  std::vector<int> width(header.size());
  for (size_t c = 0; c < header.size(); ++c) {
    width[c] = DisplayWidth(header[c]);
    for (const auto& row : rows)
      width[c] = std::max(width[c], DisplayWidth(row[c]));
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::vector<std::string> padded;
    for (size_t c = 0; c < cells.size(); ++c) {
      padded.push_back(Pad(cells[c], width[c], align[c]));
    }
    // A left-aligned last column would leave trailing spaces; strip them.
    std::string s = absl::StrJoin(padded, "  ");
    s.erase(s.find_last_not_of(' ') + 1);
    absl::StrAppend(out, s, "\n");
  };
  line(header);
  std::vector<std::string> rule;
  for (int w : width) rule.push_back(std::string(w, '-'));
  line(rule);
  for (const auto& row : rows) line(row);
}

// A graded question as a matrix (rules D2, D3): one row per subject, one
// column per grade and one for blank, each cell "count (share)".
void AppendGradedTable(const v1::QuestionTally& q, const v1::Question* question,
                       const Words& w, std::string* out) {
  if (q.subjects().empty()) {
    absl::StrAppend(out, w.no_subjects, "\n");
    return;
  }
  const std::vector<std::string> grade_ids = GradeColumns(q);
  auto cell = [&](uint32_t count) {
    return absl::StrCat(count, " (", Percent(count, q.rate_denominator()), ")");
  };
  std::vector<std::string> header = {w.name};
  std::vector<Align> align = {Align::kLeft};
  for (const std::string& id : grade_ids) {
    header.push_back(GradeLabel(question, id));
    align.push_back(Align::kRight);
  }
  header.push_back(w.blank);
  align.push_back(Align::kRight);
  std::vector<std::vector<std::string>> rows;
  for (const v1::SubjectTally& subject : q.subjects()) {
    std::vector<std::string> row = {
        SubjectName(question, subject.subject_id())};
    for (const std::string& id : grade_ids) {
      auto it = std::find_if(
          subject.grades().begin(), subject.grades().end(),
          [&](const v1::GradeCount& g) { return g.grade_id() == id; });
      row.push_back(it == subject.grades().end() ? "" : cell(it->count()));
    }
    row.push_back(cell(subject.blank()));
    rows.push_back(std::move(row));
  }
  AppendTable(header, align, rows, out);
}

// "40.0% (4/10)" for an exact rate.
std::string RateText(uint64_t num, uint64_t den) {
  return absl::StrCat(Percent(num, den), " (", num, "/", den, ")");
}

// "68.0 (680/10)" for a weighted score: points per ballot.
std::string ScoreText(uint64_t num, uint64_t den) {
  if (den == 0) return "—";
  const uint64_t tenths = (num * 20 + den) / (2 * den);
  return absl::StrCat(tenths / 10, ".", tenths % 10, " (", num, "/", den, ")");
}

// The basis as the tally's rate_basis names it: "due", "present", …
std::string BasisKey(v1::RateBasis basis) {
  switch (basis) {
    case v1::RATE_BASIS_DUE:
      return "due";
    case v1::RATE_BASIS_PRESENT:
      return "present";
    case v1::RATE_BASIS_RETURNED:
      return "returned";
    case v1::RATE_BASIS_VALID:
      return "valid";
    case v1::RATE_BASIS_ASSESSED:
      return "assessed";
    default:
      return "";
  }
}

std::string BasisOf(v1::RateBasis basis, bool english) {
  switch (basis) {
    case v1::RATE_BASIS_DUE:
      return BasisName("due", english);
    case v1::RATE_BASIS_PRESENT:
      return BasisName("present", english);
    case v1::RATE_BASIS_RETURNED:
      return BasisName("returned", english);
    case v1::RATE_BASIS_VALID:
      return BasisName("valid", english);
    case v1::RATE_BASIS_ASSESSED:
      return BasisName("assessed", english);
    default:
      return "—";
  }
}

std::string RateLabel(absl::string_view id, const Words& w) {
  if (id == "excellent") return w.excellent;
  if (id == "pass") return w.pass;
  if (id == "score") return w.score;
  if (id == "satisfaction") return w.satisfaction;
  return std::string(id);
}

// The name of candidate or subject `id` of `question`, or the id.
std::string PersonName(const v1::Question* question, absl::string_view id) {
  if (question != nullptr) {
    for (const v1::Candidate& c : question->approval().candidates()) {
      if (c.id() == id) return c.name();
    }
  }
  return SubjectName(question, id);
}

// Rates of each graded subject (rules C2, C5) as a table.
void AppendRates(const v1::QuestionTally& q, const v1::Question* question,
                 const Words& w, bool english, std::string* out) {
  if (q.subjects().empty() || q.subjects(0).rates().empty()) return;
  absl::StrAppend(out, absl::Substitute(w.rates_heading,
                                        BasisOf(q.subjects(0).rates(0).basis(), english)),
                  "\n");
  std::vector<std::string> header = {w.name};
  std::vector<Align> align = {Align::kLeft};
  for (const v1::Rate& r : q.subjects(0).rates()) {
    header.push_back(RateLabel(r.id(), w));
    align.push_back(Align::kRight);
  }
  std::vector<std::vector<std::string>> rows;
  for (const v1::SubjectTally& st : q.subjects()) {
    std::vector<std::string> row = {SubjectName(question, st.subject_id())};
    for (int i = 0; i + 1 < static_cast<int>(header.size()); ++i) {
      if (i >= st.rates_size()) {
        row.push_back("");
        continue;
      }
      const v1::Rate& r = st.rates(i);
      const bool points = r.id() == "score" ||
                          (r.id() == "satisfaction" && question != nullptr &&
                           question->graded().satisfaction_formula() ==
                               v1::SATISFACTION_FORMULA_SCORE);
      row.push_back(points ? ScoreText(r.num(), r.den()) : RateText(r.num(), r.den()));
    }
    rows.push_back(std::move(row));
  }
  AppendTable(header, align, rows, out);
}

// Flags (rules C3, S-1, S-5, S-9): advice only (rule A8).
void AppendFlags(const v1::QuestionTally& q, const v1::Question* question,
                 const Words& w, bool english, std::string* out) {
  if (q.flags().empty()) return;
  absl::StrAppend(out, w.flags_heading, "\n");
  for (const v1::Flag& f : q.flags()) {
    std::string text = english && !f.text_en().empty() ? f.text_en() : f.text_zh();
    if (f.kind() == v1::FLAG_KIND_VETO) text = absl::StrCat(text, " (", w.veto, ")");
    absl::StrAppend(
        out, "  ",
        absl::Substitute(w.flag_line, f.rule_id(), PersonName(question, f.subject_id()), text,
                         RateText(f.observed_num(), f.observed_den()),
                         absl::StrCat(tally::ComparatorSymbol(f.comparator()), " ", f.threshold().num(),
                                      "/", f.threshold().den()),
                         BasisOf(f.basis(), english)),
        "\n");
  }
}

// One question's tables and lines; shared by the overall and the per-group
// sections.
void AppendQuestion(const v1::QuestionTally& q, const v1::Question* question,
                    const Words& w, bool english, std::string* out) {
  absl::StrAppend(out, "\n",
                  question != nullptr && !question->title().empty()
                      ? question->title()
                      : q.question_id(),
                  "\n");
  if (IsOtherKind(q, question)) {
    AppendKindTable(q, question, english, out);
    return;
  }
  if (IsGraded(q, question)) {
    AppendGradedTable(q, question, w, out);
    absl::StrAppend(
        out, absl::Substitute(w.counts, q.valid(), q.blank(), q.invalid()),
        "\n");
    absl::StrAppend(
        out,
        q.rate_basis().empty()
            ? absl::Substitute(w.graded_basis_unnamed, q.rate_denominator())
            : absl::Substitute(w.graded_basis, q.rate_denominator(),
                               BasisName(q.rate_basis(), english)),
        "\n");
    AppendRates(q, question, w, english, out);
    AppendFlags(q, question, w, english, out);
    return;
  }
  if (question != nullptr && question->has_approval()) {
    const v1::ApprovalQuestion& a = question->approval();
    absl::StrAppend(
        out,
        absl::Substitute(w.post_line, a.post(), a.seats(), a.max_choices()),
        "\n");
  }
  const bool shortlist = q.has_shortlist();
  // Shortlist marks by candidate id, or by written-in name.
  auto mark = [&](const Entry& e) -> std::string {
    bool in = false, tie = false;
    if (e.write_in) {
      for (const v1::WriteInTally& wt : q.write_ins()) {
        if (wt.name() == e.name) {
          in = wt.shortlisted();
          tie = wt.tie_at_cut();
        }
      }
    } else {
      for (const v1::CandidateTally& c : q.candidates()) {
        if (c.candidate_id() == e.candidate_id) {
          in = c.shortlisted();
          tie = c.tie_at_cut();
        }
      }
    }
    return tie ? w.tie_at_cut : in ? w.shortlisted : "";
  };
  std::vector<std::vector<std::string>> rows;
  for (const Entry& e : RankedEntries(q, question)) {
    std::vector<std::string> row = {
        e.rank == 0 ? "" : absl::StrCat(e.rank),
        e.write_in ? absl::StrCat(e.name, report::MessagesFor(english ? "en" : "zh-CN")
                                              .write_in_suffix)
                   : e.name,
        absl::StrCat(e.votes), Percent(e.votes, q.rate_denominator())};
    if (shortlist) row.push_back(mark(e));
    rows.push_back(std::move(row));
  }
  if (rows.empty()) {
    absl::StrAppend(out, w.no_candidates, "\n");
  } else if (shortlist) {
    AppendTable({w.rank, w.name, w.votes, w.rate, w.shortlist_col},
                {Align::kRight, Align::kLeft, Align::kRight, Align::kRight, Align::kLeft},
                rows, out);
  } else {
    AppendTable({w.rank, w.name, w.votes, w.rate},
                {Align::kRight, Align::kLeft, Align::kRight, Align::kRight},
                rows, out);
  }
  absl::StrAppend(
      out, absl::Substitute(w.counts, q.valid(), q.blank(), q.invalid()),
      "\n");
  absl::StrAppend(
      out,
      q.rate_basis().empty()
          ? absl::Substitute(w.basis_unnamed, q.rate_denominator())
          : absl::Substitute(w.basis, q.rate_denominator(),
                             BasisName(q.rate_basis(), english)),
      "\n");
  if (shortlist) {
    absl::StrAppend(out,
                    absl::Substitute(w.shortlist_line, q.shortlist().size(),
                                     q.shortlist().marked()),
                    "\n");
    if (!q.shortlist().resolved()) {
      absl::StrAppend(out,
                      absl::Substitute(w.shortlist_open,
                                       english ? q.shortlist().reason_en()
                                               : q.shortlist().reason_zh()),
                      "\n");
    }
  }
  AppendFlags(q, question, w, english, out);
}

// Weighted figures beside the unweighted ones.
void AppendWeighted(const v1::FormTally& ft, const v1::Form* form,
                    const v1::MeetingSpec& spec, const Words& w, bool english,
                    std::string* out) {
  if (form == nullptr || form->group_weights().empty()) return;
  std::vector<std::string> weights;
  for (const v1::GroupWeight& gw : form->group_weights()) {
    std::string name = gw.group();
    for (const v1::VoterGroup& g : spec.groups()) {
      if (g.id() == gw.group()) name = g.name();
    }
    weights.push_back(absl::StrCat(name, " ", gw.weight()));
  }
  absl::StrAppend(out, "\n",
                  absl::Substitute(w.weighted_heading, absl::StrJoin(weights, english ? ", " : "、")),
                  "\n");
  for (const v1::QuestionTally& q : ft.questions()) {
    const v1::Question* question = FindQuestion(form, q.question_id());
    if (q.weighted().empty()) {
      const std::string& reason = english ? q.weighted_reason_en() : q.weighted_reason_zh();
      if (!reason.empty()) {
        absl::StrAppend(out, "  ", absl::Substitute(w.weighted_unavailable, reason), "\n");
      }
      continue;
    }
    absl::StrAppend(out, "  ",
                    question != nullptr && !question->title().empty() ? question->title()
                                                                      : q.question_id(),
                    "\n");
    for (const v1::WeightedRate& r : q.weighted()) {
      const std::string label = r.rate_id() == "votes" ? w.rate : RateLabel(r.rate_id(), w);
      absl::StrAppend(out, "    ", PersonName(question, r.subject_id()), " ", label, " ",
                      r.rate_id() == "score" ? ScoreText(r.num(), r.den())
                                             : RateText(r.num(), r.den()),
                      "\n");
    }
  }
}

std::string FormatTable(const v1::TallyResult& result,
                        const v1::MeetingSpec& spec, absl::string_view locale) {
  const bool english = IsEnglish(locale);
  const Words& w = english ? kEnglish : kChinese;
  std::string out;
  if (!spec.title().empty()) absl::StrAppend(&out, spec.title(), "\n");
  if (!spec.unit().empty()) absl::StrAppend(&out, spec.unit(), "\n");
  absl::StrAppend(&out,
                  absl::Substitute(w.turnout, result.due(), result.present(),
                                   Percent(result.present(), result.due())),
                  "\n");

  for (const v1::FormTally& form_tally : result.forms()) {
    const v1::Form* form = FindForm(spec, form_tally.form_id());
    const std::string title = form != nullptr && !form->title().empty()
                                  ? form->title()
                                  : form_tally.form_id();
    std::string mode;
    if (form != nullptr && form->mode() == v1::FORM_MODE_NAMED) mode = w.named;
    if (form != nullptr && form->mode() == v1::FORM_MODE_ANONYMOUS) {
      mode = w.anonymous;
    }
    absl::StrAppend(
        &out, "\n",
        mode.empty() ? title : absl::Substitute(w.form_heading, title, mode),
        "\n");
    absl::StrAppend(
        &out,
        absl::Substitute(w.issued, form_tally.issued(), form_tally.returned()),
        "\n");
    if (form_tally.has_validity()) {
      const v1::Validity& v = form_tally.validity();
      if (v.quorum_required() == 0 && v.quorum_met() && v.due() > 0) {
        absl::StrAppend(&out, absl::Substitute(w.no_quorum_rule, v.due(), v.present(),
                                               v.blank(), v.invalid()),
                        "\n");
      } else {
        absl::StrAppend(&out,
                        absl::Substitute(w.validity, v.due(), v.present(), v.quorum_required(),
                                         v.quorum_met() ? w.met : w.not_met, v.blank(),
                                         v.invalid()),
                        "\n");
      }
      if (!v.valid()) {
        absl::StrAppend(&out,
                        absl::Substitute(w.invalid_count,
                                         english ? v.reason_en() : v.reason_zh()),
                        "\n");
      }
    }

    for (const v1::QuestionTally& q : form_tally.questions()) {
      AppendQuestion(q, FindQuestion(form, q.question_id()), w, english, &out);
    }
    AppendWeighted(form_tally, form, spec, w, english, &out);

    const std::string& groups_reason =
        english ? form_tally.groups_reason_en() : form_tally.groups_reason_zh();
    if (!form_tally.groups().empty() || !groups_reason.empty()) {
      absl::StrAppend(&out, "\n", w.groups_heading, "\n");
    }
    if (!groups_reason.empty()) {
      absl::StrAppend(&out, absl::Substitute(w.no_groups, groups_reason), "\n");
    }
    for (const v1::GroupTally& g : form_tally.groups()) {
      std::string name = g.group();
      for (const v1::VoterGroup& vg : spec.groups()) {
        if (vg.id() == g.group()) name = vg.name();
      }
      absl::StrAppend(&out, "\n", absl::Substitute(w.group_heading, name, g.returned()), "\n");
      if (g.suppressed()) {
        absl::StrAppend(&out,
                        absl::Substitute(w.suppressed, english ? g.reason_en() : g.reason_zh()),
                        "\n");
        continue;
      }
      for (const v1::QuestionTally& q : g.questions()) {
        AppendQuestion(q, FindQuestion(form, q.question_id()), w, english, &out);
      }
    }
  }
  AppendCompositeReport(result, spec, english, &out);
  return out;
}

// --- JSON ------------------------------------------------------------------

std::string FormatJson(const v1::TallyResult& result) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;  // diffable, and still one parse away
  options.always_print_primitive_fields = true;  // a zero is a count too
  options.preserve_proto_field_names = true;     // same names as the proto
  std::string json;
  const auto status =
      google::protobuf::util::MessageToJsonString(result, &json, options);
  if (!status.ok()) {
    // TallyResult holds no Any and no maps, so the printer has nothing that
    // can fail; reaching this is a bug in gongxin or protobuf, not input.
    std::fprintf(stderr, "gongxin: cannot print TallyResult as JSON: %s\n",
                 status.ToString().c_str());
    std::abort();
  }
  return json;
}

// --- CSV -------------------------------------------------------------------

// A spreadsheet runs a cell that starts with = + - @ as a formula, and
// write-in names are typed by voters: prefix such text with ' so it stays
// text (OWASP "CSV injection").
std::string CsvText(absl::string_view text) {
  std::string s(text);
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
                     s[0] == '\t' || s[0] == '\r')) {
    s.insert(0, "'");
  }
  return s;
}

// RFC 4180: quote a field holding a comma, quote or line break (and one
// with edge spaces, which some readers trim), doubling inner quotes.
std::string CsvField(absl::string_view value) {
  const bool quote =
      value.find_first_of(",\"\r\n") != absl::string_view::npos ||
      (!value.empty() && (value.front() == ' ' || value.back() == ' '));
  if (!quote) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

// Columns:
//   form_id, question_id, post,
//   kind          candidate | write_in | blank | invalid
//   candidate_id  the spec's id (candidate rows only)
//   name          the candidate's name or the written-in name (empty for
//                 blank and invalid)
//   votes         votes for the candidate, or the number of blank / invalid
//                 ballots for the question
//   rate_denominator, vote_rate
//                 vote_rate = votes / rate_denominator as a percentage with
//                 one decimal and no "%" (66.7), so a spreadsheet reads a
//                 number; empty when the denominator is 0
//   rank          competition rank (candidate and write-in rows only)
//   grade_id, grade
//                 the grade's id and label (grade rows only)
// Blank and invalid counts are rows of their own rather than columns so that
// every count has the same shape. They are told apart by `kind`, not by a
// made-up name such as "(blank)", which a voter could write in.
//
// A graded question (rules D2, D3) has no post, candidates or question-level
// rows; per subject, in spec order:
//   kind=grade    one row per grade in scale order: candidate_id and name are
//                 the subject's, votes the ballots giving it that grade
//   kind=blank    one row: the ballots on which the subject got no grade
// Its question-level counts are in the table and the JSON.
//
// Figures from the counting rules (tally/annotate.h), as extra rows in the
// same columns, only when the tally has them:
//   kind=rate      per graded subject: votes = numerator, rate_denominator =
//                  denominator, grade_id = excellent | pass | score |
//                  satisfaction, grade = the basis (due, present, returned,
//                  valid, assessed)
//   kind=shortlist per name marked on an approval question's 差额 shortlist:
//                  grade_id = shortlisted | tie_at_cut
//   kind=flag      per raised flag: votes / rate_denominator = the observed
//                  fraction, grade_id = the rule id, grade = the flag code
//   kind=weighted  per weighted figure: grade_id = the rate id (votes for a
//                  candidate's vote rate)
//   kind=validity  per form (question_id empty): votes = present,
//                  rate_denominator = due, rank = the quorum required,
//                  grade_id = valid | invalid, grade = the reason (English)
//   kind=shortlist_size per approval question with a shortlist: votes =
//                  names marked, rate_denominator = its size, grade_id =
//                  resolved | unresolved, grade = the reason (English)
//   kind=weighted_unavailable  per question with no weighted figures despite
//                  weights: grade = the reason (English)
// Every question's own counts, after its other rows:
//   kind=valid     votes = ballots valid on it (blanks included), grade_id =
//                  the rate basis (returned, valid, …)
//   kind=question_blank, kind=question_invalid  graded, decision, element and
//                  checklist questions (approval ones have blank / invalid)
// Per form, after its validity row:
//   kind=turnout   votes = 实到 (issued), rate_denominator = 应到
//   kind=returned  votes = 收回, rate_denominator = 发出
//   kind=weight    per group weight: name = group name, votes = the weight,
//                  grade_id = the group id
//   kind=groups_unavailable  grade = why there is no per-group tally
// Per-group tallies follow each form with form_id "form/group" (ids never
// hold "/"): turnout and returned rows, then the same kinds per question,
// or one kind=suppressed row (votes = ballots, grade = the reason) for a
// group too small to show, and nothing else of it.
// Last, the meeting: kind=turnout with form_id empty, then the composite
// and approved_by rows (client/composite_format.h). docs/api.md has the
// whole table.
// The file starts with a UTF-8 byte-order mark: without it, Excel on a
// Chinese Windows reads CSV as GBK and shows the names as mojibake. Rows
// end in CRLF as RFC 4180 says.
std::string FormatCsv(const v1::TallyResult& result,
                      const v1::MeetingSpec& spec) {
  std::string out = "\xEF\xBB\xBF";
  auto row = [&out](std::initializer_list<std::string> cells) {
    std::vector<std::string> fields;
    for (const std::string& c : cells) fields.push_back(CsvField(c));
    absl::StrAppend(&out, absl::StrJoin(fields, ","), "\r\n");
  };
  row({"form_id", "question_id", "post", "kind", "candidate_id", "name",
       "votes", "rate_denominator", "vote_rate", "rank", "grade_id", "grade"});
  // The rows of one question; `form_id` is "form" or "form/group".
  auto question_rows = [&](const std::string& form_id, const v1::Form* form,
                           const v1::QuestionTally& q) {
    const v1::Question* question = FindQuestion(form, q.question_id());
    const std::string post =
        CsvText(question != nullptr ? question->approval().post() : "");
    const std::string question_id = CsvText(q.question_id());
    const std::string denominator = absl::StrCat(q.rate_denominator());
    if (IsOtherKind(q, question)) {
      // Decision, element and checklist rows: see client/kind_format.h.
      AppendKindCsv(q, question, [&](std::vector<std::string> cells) {
        std::vector<std::string> fields = {CsvField(form_id), CsvField(question_id),
                                           CsvField(post)};
        for (const std::string& c : cells) fields.push_back(CsvField(CsvText(c)));
        absl::StrAppend(&out, absl::StrJoin(fields, ","), "\r\n");
      });
      return;
    }
    if (IsGraded(q, question)) {
      for (const v1::SubjectTally& subject : q.subjects()) {
        const std::string subject_id = CsvText(subject.subject_id());
        const std::string name =
            CsvText(SubjectName(question, subject.subject_id()));
        for (const v1::GradeCount& g : subject.grades()) {
          row({form_id, question_id, post, "grade", subject_id, name,
               absl::StrCat(g.count()), denominator,
               PercentNumber(g.count(), q.rate_denominator()), "",
               CsvText(g.grade_id()),
               CsvText(GradeLabel(question, g.grade_id()))});
        }
        row({form_id, question_id, post, "blank", subject_id, name,
             absl::StrCat(subject.blank()), denominator,
             PercentNumber(subject.blank(), q.rate_denominator()), "", "",
             ""});
        for (const v1::Rate& r : subject.rates()) {
          row({form_id, question_id, post, "rate", subject_id, name,
               absl::StrCat(r.num()), absl::StrCat(r.den()),
               PercentNumber(r.num(), r.den()), "", CsvText(r.id()),
               BasisKey(r.basis())});
        }
      }
    } else {
      for (const Entry& e : RankedEntries(q, question)) {
        row({form_id, question_id, post, e.write_in ? "write_in" : "candidate",
             CsvText(e.candidate_id), CsvText(e.name), absl::StrCat(e.votes),
             denominator, PercentNumber(e.votes, q.rate_denominator()),
             e.rank == 0 ? "" : absl::StrCat(e.rank), "", ""});
      }
      row({form_id, question_id, post, "blank", "", "", absl::StrCat(q.blank()),
           denominator, PercentNumber(q.blank(), q.rate_denominator()), "", "",
           ""});
      row({form_id, question_id, post, "invalid", "", "",
           absl::StrCat(q.invalid()), denominator,
           PercentNumber(q.invalid(), q.rate_denominator()), "", "", ""});
      // Shortlist marks (rules A2, S-8): grade_id says which.
      for (const v1::CandidateTally& c : q.candidates()) {
        if (!c.shortlisted() && !c.tie_at_cut()) continue;
        row({form_id, question_id, post, "shortlist", CsvText(c.candidate_id()),
             CsvText(PersonName(question, c.candidate_id())), absl::StrCat(c.votes()),
             denominator, PercentNumber(c.votes(), q.rate_denominator()),
             absl::StrCat(c.rank()), c.tie_at_cut() ? "tie_at_cut" : "shortlisted", ""});
      }
      for (const v1::WriteInTally& wt : q.write_ins()) {
        if (!wt.shortlisted() && !wt.tie_at_cut()) continue;
        row({form_id, question_id, post, "shortlist", "", CsvText(wt.name()),
             absl::StrCat(wt.votes()), denominator,
             PercentNumber(wt.votes(), q.rate_denominator()), absl::StrCat(wt.rank()),
             wt.tie_at_cut() ? "tie_at_cut" : "shortlisted", ""});
      }
    }
    for (const v1::Flag& f : q.flags()) {
      row({form_id, question_id, post, "flag", CsvText(f.subject_id()),
           CsvText(PersonName(question, f.subject_id())), absl::StrCat(f.observed_num()),
           absl::StrCat(f.observed_den()), PercentNumber(f.observed_num(), f.observed_den()),
           "", CsvText(f.rule_id()), CsvText(f.flag())});
    }
    for (const v1::WeightedRate& r : q.weighted()) {
      row({form_id, question_id, post, "weighted", CsvText(r.subject_id()),
           CsvText(PersonName(question, r.subject_id())), absl::StrCat(r.num()),
           absl::StrCat(r.den()), PercentNumber(r.num(), r.den()), "", CsvText(r.rate_id()),
           ""});
    }
    if (q.weighted().empty() && !q.weighted_reason_en().empty()) {
      row({form_id, question_id, post, "weighted_unavailable", "", "", "", "", "", "", "",
           CsvText(q.weighted_reason_en())});
    }
    // The question's own counts, which the rows above do not all carry.
    const std::string basis =
        !q.rate_basis().empty() ? CsvText(q.rate_basis()) : BasisKey(q.basis());
    row({form_id, question_id, post, "valid", "", "", absl::StrCat(q.valid()), denominator,
         PercentNumber(q.valid(), q.rate_denominator()), "", basis, ""});
    if (IsOtherKind(q, question) || IsGraded(q, question)) {
      row({form_id, question_id, post, "question_blank", "", "", absl::StrCat(q.blank()),
           denominator, PercentNumber(q.blank(), q.rate_denominator()), "", "", ""});
      row({form_id, question_id, post, "question_invalid", "", "", absl::StrCat(q.invalid()),
           denominator, PercentNumber(q.invalid(), q.rate_denominator()), "", "", ""});
    }
    if (q.has_shortlist()) {
      const v1::Shortlist& sl = q.shortlist();
      row({form_id, question_id, post, "shortlist_size", "", "", absl::StrCat(sl.marked()),
           absl::StrCat(sl.size()), "", "", sl.resolved() ? "resolved" : "unresolved",
           CsvText(sl.reason_en())});
    }
  };
  // 应到 / 实到 (issued) and 收回 of the meeting, a form or a group.
  auto turnout_rows = [&](const std::string& form_id, uint32_t due, uint32_t present,
                          bool with_returned, uint32_t issued, uint32_t returned) {
    row({form_id, "", "", "turnout", "", "", absl::StrCat(present), absl::StrCat(due),
         PercentNumber(present, due), "", "", ""});
    if (with_returned) {
      row({form_id, "", "", "returned", "", "", absl::StrCat(returned), absl::StrCat(issued),
           PercentNumber(returned, issued), "", "", ""});
    }
  };
  for (const v1::FormTally& form_tally : result.forms()) {
    const v1::Form* form = FindForm(spec, form_tally.form_id());
    const std::string form_id = CsvText(form_tally.form_id());
    for (const v1::QuestionTally& q : form_tally.questions()) {
      question_rows(form_id, form, q);
    }
    if (form_tally.has_validity()) {
      const v1::Validity& v = form_tally.validity();
      row({form_id, "", "", "validity", "", "", absl::StrCat(v.present()),
           absl::StrCat(v.due()), PercentNumber(v.present(), v.due()),
           absl::StrCat(v.quorum_required()), v.valid() ? "valid" : "invalid",
           CsvText(v.reason_en())});
    }
    turnout_rows(form_id, form_tally.due(), form_tally.issued(), true, form_tally.issued(),
                 form_tally.returned());
    if (form != nullptr) {
      for (const v1::GroupWeight& gw : form->group_weights()) {
        row({form_id, "", "", "weight", "", CsvText(GroupName(spec, gw.group())),
             absl::StrCat(gw.weight()), "", "", "", CsvText(gw.group()), ""});
      }
    }
    if (!form_tally.groups_reason_en().empty()) {
      row({form_id, "", "", "groups_unavailable", "", "", "", "", "", "", "",
           CsvText(form_tally.groups_reason_en())});
    }
    for (const v1::GroupTally& g : form_tally.groups()) {
      const std::string group_form = CsvText(absl::StrCat(form_tally.form_id(), "/", g.group()));
      if (g.suppressed()) {
        row({group_form, "", "", "suppressed", "", "", absl::StrCat(g.returned()), "", "", "",
             "", CsvText(g.reason_en())});
        continue;
      }
      turnout_rows(group_form, g.due(), g.issued(), true, g.issued(), g.returned());
      for (const v1::QuestionTally& q : g.questions()) question_rows(group_form, form, q);
    }
  }
  // The meeting: 应到 / 实到, the composite rankings and who approved the count.
  turnout_rows("", result.due(), result.present(), false, 0, 0);
  AppendCompositeCsv(result, spec, [&](std::vector<std::string> cells) {
    std::vector<std::string> fields;
    for (const std::string& c : cells) fields.push_back(CsvField(CsvText(c)));
    absl::StrAppend(&out, absl::StrJoin(fields, ","), "\r\n");
  });
  return out;
}

}  // namespace

std::string Percent(uint64_t part, uint64_t whole) {
  if (whole == 0) return "—";
  const uint64_t tenths = (part * 2000 + whole) / (2 * whole);
  return absl::StrCat(tenths / 10, ".", tenths % 10, "%");
}

std::string PercentNumber(uint64_t part, uint64_t whole) {
  if (whole == 0) return "";
  const uint64_t tenths = (part * 2000 + whole) / (2 * whole);
  return absl::StrCat(tenths / 10, ".", tenths % 10);
}


absl::StatusOr<ResultFormat> ParseResultFormat(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  if (lower == "table") return ResultFormat::kTable;
  if (lower == "json") return ResultFormat::kJson;
  if (lower == "csv") return ResultFormat::kCsv;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown result format \"", name, "\"; expected table, json or csv"));
}

std::string FormatTallyResult(const v1::TallyResult& result,
                              const v1::MeetingSpec& spec, ResultFormat format,
                              absl::string_view locale) {
  switch (format) {
    case ResultFormat::kTable:
      return FormatTable(result, spec, locale);
    case ResultFormat::kJson:
      return FormatJson(result);
    case ResultFormat::kCsv:
      return FormatCsv(result, spec);
  }
  return FormatTable(result, spec, locale);  // unreachable: enum is closed
}

std::string StatusName(v1::MeetingStatus status, absl::string_view locale) {
  const bool en = IsEnglish(locale);
  switch (status) {
    case v1::MEETING_STATUS_DRAFT:
      return en ? "draft" : "草稿";
    case v1::MEETING_STATUS_ANNOUNCED:
      return en ? "announced" : "已公告";
    case v1::MEETING_STATUS_OPEN:
      return en ? "open" : "投票中";
    case v1::MEETING_STATUS_CLOSED:
      return en ? "closed" : "已结束";
    case v1::MEETING_STATUS_COUNTED:
      return en ? "counted" : "已计票";
    case v1::MEETING_STATUS_PUBLISHED:
      return en ? "published" : "已公布";
    default:
      return en ? "unspecified" : "未指定";
  }
}

}  // namespace gongxin::client
