#include "client/result_format.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::client {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

template <typename T>
T ParseText(const std::string& text) {
  T message;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &message));
  return message;
}

v1::MeetingSpec Spec() {
  return ParseText<v1::MeetingSpec>(R"pb(
    title: "某县2026年度科级领导干部民主推荐会"
    unit: "中共某县委组织部"
    groups { id: "staff" name: "一般干部" }
    forms {
      id: "rec"
      title: "民主推荐票"
      mode: FORM_MODE_NAMED
      questions {
        id: "deputy-head"
        title: "副局长人选推荐"
        approval {
          post: "副局长"
          seats: 1
          max_choices: 1
          allow_write_in: true
          candidates { id: "c1" name: "张三" }
          candidates { id: "c2" name: "欧阳明远" }
          candidates { id: "c3" name: "Li" }
        }
      }
      questions {
        id: "empty"
        title: "无人投票"
        approval { post: "科员" seats: 1 max_choices: 1 }
      }
    }
  )pb");
}

// The tally lists candidates out of spec order, with c3 and c1 tied at
// rank 2, so sorting by rank then spec order is visible.
v1::TallyResult Result() {
  return ParseText<v1::TallyResult>(R"pb(
    meeting_id: "m-1"
    ledger_size: 120
    due: 30
    present: 28
    forms {
      form_id: "rec"
      due: 30
      issued: 28
      returned: 27
      questions {
        question_id: "deputy-head"
        valid: 25
        blank: 1
        invalid: 2
        candidates { candidate_id: "c3" votes: 4 rank: 2 }
        candidates { candidate_id: "c2" votes: 18 rank: 1 }
        candidates { candidate_id: "c1" votes: 4 rank: 2 }
        write_ins { name: "王五" votes: 2 rank: 4 }
        rate_denominator: 27
        rate_basis: "returned"
      }
      questions {
        question_id: "empty"
        candidates { candidate_id: "c9" votes: 0 rank: 1 }
        rate_denominator: 0
      }
    }
  )pb");
}

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n');
}

// The columns a character takes in a terminal, computed independently of
// the library: everything in this test's data at or above U+2E80 (CJK
// ideographs, fullwidth punctuation) is wide, the rest (ASCII, "—") narrow.
int Columns(absl::string_view s) {
  int width = 0;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = s[i];
    const size_t len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    char32_t cp = c;
    if (len == 3)
      cp = ((c & 0x0f) << 12) | ((s[i + 1] & 0x3f) << 6) | (s[i + 2] & 0x3f);
    width += cp >= 0x2e80 ? 2 : 1;
    i += len;
  }
  return width;
}

// The tables of a report: runs of lines from one starting with `header`
// to the first line without a column gap.
std::vector<std::vector<std::string>> Tables(const std::string& report,
                                             absl::string_view header) {
  std::vector<std::vector<std::string>> tables;
  bool in_table = false;
  for (const std::string& line : Lines(report)) {
    if (absl::StartsWith(line, header)) {
      tables.emplace_back();
      in_table = true;
    }
    if (in_table && !absl::StrContains(line, "  ")) in_table = false;
    if (in_table) tables.back().push_back(line);
  }
  return tables;
}

std::vector<std::string> TableAfter(const std::string& report,
                                    absl::string_view header) {
  std::vector<std::vector<std::string>> tables = Tables(report, header);
  return tables.empty() ? std::vector<std::string>() : tables.front();
}

// A row's cells (no cell in these tests contains a space).
std::vector<std::string> Cells(const std::string& line) {
  return absl::StrSplit(line, ' ', absl::SkipEmpty());
}

TEST(FormatTableTest, ShowsMeetingTurnoutAndFormCounts) {
  const std::string report =
      FormatTallyResult(Result(), Spec(), ResultFormat::kTable, "zh-CN");
  EXPECT_THAT(
      Lines(report),
      ::testing::IsSupersetOf(
          {"某县2026年度科级领导干部民主推荐会 计票结果报告", "中共某县委组织部",
           "会议编号：m-1", "【到会与票数】", "【民主推荐票（实名）】", "副局长人选推荐",
           "职位：副局长　职数：1 名　每票最多推荐 1 人",
           "有效票 25 张（含弃权 1 张），废票 2 张",
           "得票率 = 得票 ÷ 收回票数 27"}));
  // 应到 / 实到 of the meeting, then 应到 / 发出 / 收回 of each form.
  const std::vector<std::string> meeting = TableAfter(report, "应到");
  ASSERT_GE(meeting.size(), 3u) << report;
  EXPECT_THAT(Cells(meeting[0]), ElementsAre("应到", "实到", "到会率"));
  EXPECT_THAT(Cells(meeting[2]), ElementsAre("30", "28", "93.3%"));
  const std::vector<std::string> forms = TableAfter(report, "表 ");
  ASSERT_GE(forms.size(), 3u) << report;
  EXPECT_THAT(Cells(forms[2]), ElementsAre("民主推荐票", "实名", "30", "28", "27", "96.4%"));
}

TEST(FormatTableTest, RowsAreRankedThenInSpecOrderWithRates) {
  const std::string report =
      FormatTallyResult(Result(), Spec(), ResultFormat::kTable, "zh-CN");
  const std::vector<std::string> table = TableAfter(report, "排名");
  ASSERT_EQ(table.size(), 6u) << report;
  // Header, rule, then rank 1, the rank-2 tie in spec order (c1 before c3),
  // and the write-in.
  EXPECT_THAT(Cells(table[0]), ElementsAre("排名", "姓名", "得票", "得票率"));
  EXPECT_THAT(Cells(table[2]), ElementsAre("1", "欧阳明远", "18", "66.7%"));
  EXPECT_THAT(Cells(table[3]), ElementsAre("2", "张三", "4", "14.8%"));
  EXPECT_THAT(Cells(table[4]), ElementsAre("2", "Li", "4", "14.8%"));
  EXPECT_THAT(Cells(table[5]),
              ElementsAre("4", "王五（另推他人）", "2", "7.4%"));
}

TEST(FormatTableTest, CjkColumnsLineUp) {
  const std::string report =
      FormatTallyResult(Result(), Spec(), ResultFormat::kTable, "zh-CN");
  const std::vector<std::string> table = TableAfter(report, "排名");
  ASSERT_EQ(table.size(), 6u) << report;
  // For every line, the display column where each cell ends (numbers are
  // right-aligned) or starts (names are left-aligned) must agree.
  struct Edges {
    int rank_end, name_start, votes_end, rate_end;
  };
  auto edges = [](const std::string& line) {
    std::vector<absl::string_view> cells =
        absl::StrSplit(line, ' ', absl::SkipEmpty());
    EXPECT_EQ(cells.size(), 4u) << line;
    auto start = [&](int i) {
      return Columns(absl::string_view(line).substr(
          0, static_cast<size_t>(cells[i].data() - line.data())));
    };
    auto end = [&](int i) { return start(i) + Columns(cells[i]); };
    return Edges{end(0), start(1), end(2), end(3)};
  };
  const Edges first = edges(table[0]);
  for (const std::string& line : table) {
    SCOPED_TRACE(line);
    const Edges e = edges(line);
    EXPECT_EQ(e.rank_end, first.rank_end);
    EXPECT_EQ(e.name_start, first.name_start);
    EXPECT_EQ(e.votes_end, first.votes_end);
    EXPECT_EQ(e.rate_end, first.rate_end);
  }
  // The widest name is 王五（另推他人）: 16 columns, so a byte count (24)
  // or a character count (8) would shift the votes column.
  EXPECT_EQ(first.votes_end - first.name_start, 16 + 2 + 4);
}

TEST(FormatTableTest, ZeroDenominatorShowsDash) {
  const std::string report =
      FormatTallyResult(Result(), Spec(), ResultFormat::kTable, "zh-CN");
  const auto tables = Tables(report, "排名");
  ASSERT_EQ(tables.size(), 2u) << report;
  ASSERT_EQ(tables[1].size(), 3u) << report;
  // c9 is not in the spec, so its id stands in for the name.
  EXPECT_THAT(Cells(tables[1][2]), ElementsAre("1", "c9", "0", "—"));
  EXPECT_THAT(report, HasSubstr("\n得票率 = 得票 ÷ 0\n"));
}

TEST(FormatTableTest, RatesRoundHalfUp) {
  v1::TallyResult result = Result();
  v1::QuestionTally* q = result.mutable_forms(0)->mutable_questions(0);
  q->set_rate_denominator(16);
  q->mutable_write_ins(0)->set_votes(1);   // 6.25% -> 6.3%
  q->mutable_candidates(0)->set_votes(2);  // 12.5%
  const std::string report =
      FormatTallyResult(result, Spec(), ResultFormat::kTable, "zh-CN");
  EXPECT_THAT(report, HasSubstr("  6.3%\n"));
  EXPECT_THAT(report, HasSubstr(" 12.5%\n"));
  EXPECT_THAT(report, Not(HasSubstr("6.2%")));
}

TEST(FormatTableTest, EnglishLocale) {
  const std::string report =
      FormatTallyResult(Result(), Spec(), ResultFormat::kTable, "en");
  EXPECT_THAT(
      Lines(report),
      ::testing::IsSupersetOf({"[Attendance and ballots]", "[民主推荐票 (named)]",
                               "Valid 25 (including 1 blank), invalid 2",
                               "Vote rate = votes / 27 (ballots returned)"}));
  EXPECT_THAT(Cells(TableAfter(report, "Due")[2]), ElementsAre("30", "28", "93.3%"));
  const std::vector<std::string> table = TableAfter(report, "Rank");
  ASSERT_EQ(table.size(), 6u) << report;
  EXPECT_THAT(table[0], StartsWith("Rank  Name"));
  EXPECT_THAT(table[5], HasSubstr("王五 (write-in)"));
  EXPECT_THAT(report, Not(HasSubstr("应到")));
}

TEST(FormatTableTest, UnknownIdsAreShownAsIds) {
  const std::string report = FormatTallyResult(Result(), v1::MeetingSpec(),
                                               ResultFormat::kTable, "zh-CN");
  EXPECT_THAT(report, HasSubstr("\n【rec】\n"));
  EXPECT_THAT(report, HasSubstr("\ndeputy-head\n"));
  EXPECT_THAT(report, HasSubstr("c2"));
}

TEST(FormatCsvTest, HasBomHeaderAndOneRowPerCount) {
  const std::string csv =
      FormatTallyResult(Result(), Spec(), ResultFormat::kCsv, "zh-CN");
  ASSERT_THAT(csv, StartsWith("\xEF\xBB\xBF"));
  std::vector<std::string> rows = absl::StrSplit(csv.substr(3), "\r\n");
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows.back(), "");  // every row ends in CRLF
  rows.pop_back();
  EXPECT_THAT(
      rows,
      ElementsAre("表单编号,问题编号,职位,条目类型,候选人编号,姓名,票数,"
                  "得票率分母,得票率（%）,名次,等次编号,等次,加权值,加权精确值",
                  // The meeting: 28 of 30 present.
                  ",,,turnout,,,28,30,93.3,,,,,",
                  // 28 of 30 due issued = 93.3; 27 of 28 issued returned = 96.4
                  "rec,,,turnout,,,28,30,93.3,,,,,",
                  "rec,,,returned,,,27,28,96.4,,,,,",
                  "rec,deputy-head,副局长,candidate,c2,欧阳明远,18,27,66.7,1,,,,",
                  "rec,deputy-head,副局长,candidate,c1,张三,4,27,14.8,2,,,,",
                  "rec,deputy-head,副局长,candidate,c3,Li,4,27,14.8,2,,,,",
                  "rec,deputy-head,副局长,write_in,,王五,2,27,7.4,4,,,,",
                  "rec,deputy-head,副局长,blank,,,1,27,3.7,,,,,",
                  "rec,deputy-head,副局长,invalid,,,2,27,7.4,,,,,",
                  // 25 valid of 27 returned = 92.6
                  "rec,deputy-head,副局长,valid,,,25,27,92.6,,returned,,,",
                  "rec,empty,科员,candidate,c9,c9,0,0,,1,,,,",
                  "rec,empty,科员,blank,,,0,0,,,,,,",
                  "rec,empty,科员,invalid,,,0,0,,,,,,",
                  "rec,empty,科员,valid,,,0,0,,,,,,"));
}

TEST(FormatCsvTest, HeadersAreChineseByDefaultAndIdentifiersInEnglish) {
  const std::string zh = FormatTallyResult(Result(), Spec(), ResultFormat::kCsv);
  EXPECT_THAT(zh, StartsWith("\xEF\xBB\xBF表单编号,问题编号,职位,条目类型,候选人编号,姓名,票数,"
                             "得票率分母,得票率（%）,名次,等次编号,等次,加权值,加权精确值\r\n"));
  const std::string en = FormatTallyResult(Result(), Spec(), ResultFormat::kCsv, "en");
  EXPECT_THAT(en, StartsWith("\xEF\xBB\xBF""form_id,question_id,post,kind,candidate_id,name,votes,"
                             "rate_denominator,vote_rate,rank,grade_id,grade,weighted,"
                             "weighted_exact\r\n"));
  // Only the header differs: ids, kinds and figures are the same rows.
  EXPECT_EQ(zh.substr(zh.find("\r\n")), en.substr(en.find("\r\n")));
}

TEST(FormatCsvTest, EscapesQuotesCommasAndFormulas) {
  v1::TallyResult result = Result();
  v1::QuestionTally* q = result.mutable_forms(0)->mutable_questions(0);
  q->mutable_write_ins(0)->set_name("Wang, \"Wu\"");
  v1::WriteInTally* formula = q->add_write_ins();
  formula->set_name("=HYPERLINK(\"x\")");
  formula->set_votes(1);
  formula->set_rank(5);
  const std::string csv =
      FormatTallyResult(result, Spec(), ResultFormat::kCsv, "zh-CN");
  EXPECT_THAT(csv,
              HasSubstr(",write_in,,\"Wang, \"\"Wu\"\"\",2,27,7.4,4,,,,\r\n"));
  EXPECT_THAT(
      csv, HasSubstr(",write_in,,\"'=HYPERLINK(\"\"x\"\")\",1,27,3.7,5,,,,\r\n"));
}

TEST(FormatJsonTest, ParsesBackIntoAnEqualResult) {
  const v1::TallyResult original = Result();
  const std::string json =
      FormatTallyResult(original, Spec(), ResultFormat::kJson, "zh-CN");
  // Field names as in the proto, and zeros printed.
  EXPECT_THAT(json, HasSubstr("\"rate_denominator\""));
  EXPECT_THAT(json, HasSubstr("\"invalid\": 0"));
  v1::TallyResult parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &parsed).ok())
      << json;
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(original, parsed))
      << parsed.DebugString();
}

// --- Graded questions (rules C2, D2, D3) -----------------------------------

v1::MeetingSpec GradedSpec() {
  return ParseText<v1::MeetingSpec>(R"pb(
    title: "2026年度新提拔干部民主测评"
    unit: "中共某县委组织部"
    groups { id: "staff" name: "一般干部" }
    forms {
      id: "assess"
      title: "民主测评表"
      mode: FORM_MODE_ANONYMOUS
      questions {
        id: "competency"
        title: "新提拔干部民主测评"
        graded {
          subjects { id: "p1" name: "张三" current_post: "副局长" }
          subjects { id: "p2" name: "欧阳明远" current_post: "办公室主任" }
          scale { id: "competent" label: "胜任" }
          scale { id: "basic" label: "基本胜任" }
          scale { id: "incompetent" label: "不胜任" }
          scale { id: "unknown" label: "不了解" dont_know: true }
        }
      }
    }
  )pb");
}

// The seven ballots of tests/tally/count_test.cc
// (CountsPerSubjectPerGradeAndBlankPerSubject_C2_D3), p1/p2 for s1/s2.
v1::TallyResult GradedResult() {
  return ParseText<v1::TallyResult>(R"pb(
    meeting_id: "m-2"
    ledger_size: 40
    due: 9
    present: 7
    forms {
      form_id: "assess"
      due: 9
      issued: 7
      returned: 7
      questions {
        question_id: "competency"
        valid: 7
        blank: 1
        rate_denominator: 7
        rate_basis: "returned"
        subjects {
          subject_id: "p1"
          grades { grade_id: "competent" count: 3 }
          grades { grade_id: "basic" count: 1 }
          grades { grade_id: "incompetent" count: 1 }
          grades { grade_id: "unknown" count: 0 }
          blank: 2
        }
        subjects {
          subject_id: "p2"
          grades { grade_id: "competent" count: 1 }
          grades { grade_id: "basic" count: 2 }
          grades { grade_id: "incompetent" count: 1 }
          grades { grade_id: "unknown" count: 1 }
          blank: 2
        }
      }
    }
  )pb");
}

// A matrix row's cells: runs separated by two or more spaces (a cell such
// as "3 (42.9%)" holds single spaces).
std::vector<std::string> MatrixCells(const std::string& line) {
  std::vector<std::string> cells;
  for (absl::string_view cell : absl::StrSplit(line, "  ", absl::SkipEmpty())) {
    cell = absl::StripAsciiWhitespace(cell);
    if (!cell.empty()) cells.emplace_back(cell);
  }
  return cells;
}

TEST(FormatGradedTableTest, IsAMatrixOfSubjectsByGradesWithShares_D2) {
  const std::string report = FormatTallyResult(GradedResult(), GradedSpec(),
                                               ResultFormat::kTable, "zh-CN");
  const std::vector<std::string> table = TableAfter(report, "测评对象");
  ASSERT_EQ(table.size(), 4u) << report;
  EXPECT_THAT(MatrixCells(table[0]), ElementsAre("测评对象", "胜任", "基本胜任",
                                                 "不胜任", "不了解", "弃权"));
  // 3/7 = 42.857… → 42.9%; 1/7 → 14.3%; 2/7 → 28.6%.
  EXPECT_THAT(MatrixCells(table[2]),
              ElementsAre("张三", "3 (42.9%)", "1 (14.3%)", "1 (14.3%)",
                          "0 (0.0%)", "2 (28.6%)"));
  EXPECT_THAT(MatrixCells(table[3]),
              ElementsAre("欧阳明远", "1 (14.3%)", "2 (28.6%)", "1 (14.3%)",
                          "1 (14.3%)", "2 (28.6%)"));
  EXPECT_THAT(Lines(report), ::testing::IsSupersetOf(
                                 {"【民主测评表（无记名）】", "新提拔干部民主测评",
                                  "有效票 7 张（含弃权 1 张），废票 0 张",
                                  "百分比 = 票数 ÷ 收回票数 7"}));
  // No approval furniture: no post line, no ranking, no vote rate.
  EXPECT_THAT(report, Not(HasSubstr("职位")));
  EXPECT_THAT(report, Not(HasSubstr("排名")));
  EXPECT_THAT(report, Not(HasSubstr("得票率")));
}

TEST(FormatGradedTableTest, CjkColumnsLineUp) {
  const std::string report = FormatTallyResult(GradedResult(), GradedSpec(),
                                               ResultFormat::kTable, "zh-CN");
  const std::vector<std::string> table = TableAfter(report, "测评对象");
  ASSERT_EQ(table.size(), 4u) << report;
  // Names start at column 0; every other cell is right-aligned, so where
  // each ends (in display columns) must agree on every line.
  auto ends = [](const std::string& line) {
    std::vector<int> out;
    std::vector<std::string> cells = MatrixCells(line);
    size_t from = 0;
    for (const std::string& cell : cells) {
      const size_t at = line.find(cell, from);
      from = at + cell.size();
      out.push_back(Columns(absl::string_view(line).substr(0, from)));
    }
    return out;
  };
  const std::vector<int> first = ends(table[0]);
  ASSERT_EQ(first.size(), 6u);
  for (const std::string& line : table) {
    SCOPED_TRACE(line);
    const std::vector<int> e = ends(line);
    ASSERT_EQ(e.size(), 6u);
    for (size_t c = 1; c < e.size(); ++c) EXPECT_EQ(e[c], first[c]) << c;
  }
  // 欧阳明远 is 8 columns wide, so the 胜任 column (9 wide: "3 (42.9%)")
  // ends at 8 + 2 + 9; a byte count (12) or character count (4) would not.
  EXPECT_EQ(first[1], 8 + 2 + 9);
}

TEST(FormatGradedTableTest, EnglishTranslatesFixedHeadersNotGradeLabels) {
  const std::string report = FormatTallyResult(GradedResult(), GradedSpec(),
                                               ResultFormat::kTable, "en");
  const std::vector<std::string> table = TableAfter(report, "Subject");
  ASSERT_EQ(table.size(), 4u) << report;
  EXPECT_THAT(MatrixCells(table[0]), ElementsAre("Subject", "胜任", "基本胜任",
                                                 "不胜任", "不了解", "Blank"));
  EXPECT_THAT(
      Lines(report),
      ::testing::IsSupersetOf({"Valid 7 (including 1 blank), invalid 0",
                               "Percentages = count / 7 (ballots returned)"}));
  EXPECT_THAT(report, Not(HasSubstr("弃权")));
  EXPECT_THAT(report, Not(HasSubstr("姓名")));
}

TEST(FormatGradedTableTest, WithoutTheSpecShowsIdsAndDashesForZeroReturned) {
  v1::TallyResult result = GradedResult();
  v1::QuestionTally* q = result.mutable_forms(0)->mutable_questions(0);
  q->set_rate_denominator(0);
  // A grade missing from one subject's list still has its column, with 0.
  q->mutable_subjects(1)->mutable_grades()->RemoveLast();
  const std::string report = FormatTallyResult(result, v1::MeetingSpec(),
                                               ResultFormat::kTable, "zh-CN");
  const std::vector<std::string> table = TableAfter(report, "测评对象");
  ASSERT_EQ(table.size(), 4u) << report;
  EXPECT_THAT(MatrixCells(table[0]),
              ElementsAre("测评对象", "competent", "basic", "incompetent",
                          "unknown", "弃权"));
  EXPECT_THAT(MatrixCells(table[2]),
              ElementsAre("p1", "3 (—)", "1 (—)", "1 (—)", "0 (—)", "2 (—)"));
  EXPECT_THAT(MatrixCells(table[3]),
              ElementsAre("p2", "1 (—)", "2 (—)", "1 (—)", "0 (—)", "2 (—)"));
  // The blank cell stays in the last column: its end lines up.
  EXPECT_EQ(Columns(table[3]), Columns(table[2]));
}

TEST(FormatGradedCsvTest,
     HasAGradeRowPerSubjectAndGradeAndABlankRowPerSubject) {
  const std::string csv = FormatTallyResult(GradedResult(), GradedSpec(),
                                            ResultFormat::kCsv, "zh-CN");
  ASSERT_THAT(csv, StartsWith("\xEF\xBB\xBF"));
  std::vector<std::string> rows = absl::StrSplit(csv.substr(3), "\r\n");
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows.back(), "");
  rows.pop_back();
  EXPECT_THAT(
      rows,
      ElementsAre(
          "表单编号,问题编号,职位,条目类型,候选人编号,姓名,票数,"
          "得票率分母,得票率（%）,名次,等次编号,等次,加权值,加权精确值",
          ",,,turnout,,,7,9,77.8,,,,,",
          // 7 of 9 due issued = 77.8; 7 of 7 returned.
          "assess,,,turnout,,,7,9,77.8,,,,,",
          "assess,,,returned,,,7,7,100.0,,,,,",
          "assess,competency,,grade,p1,张三,3,7,42.9,,competent,胜任,,",
          "assess,competency,,grade,p1,张三,1,7,14.3,,basic,基本胜任,,",
          "assess,competency,,grade,p1,张三,1,7,14.3,,incompetent,不胜任,,",
          "assess,competency,,grade,p1,张三,0,7,0.0,,unknown,不了解,,",
          "assess,competency,,blank,p1,张三,2,7,28.6,,,,,",
          "assess,competency,,grade,p2,欧阳明远,1,7,14.3,,competent,胜任,,",
          "assess,competency,,grade,p2,欧阳明远,2,7,28.6,,basic,基本胜任,,",
          "assess,competency,,grade,p2,欧阳明远,1,7,14.3,,incompetent,不胜任,,",
          "assess,competency,,grade,p2,欧阳明远,1,7,14.3,,unknown,不了解,,",
          "assess,competency,,blank,p2,欧阳明远,2,7,28.6,,,,,",
          // The question's own counts: 1 wholly blank, none invalid, 7 valid of 7.
          "assess,competency,,question_blank,,,1,7,14.3,,,,,",
          "assess,competency,,question_invalid,,,0,7,0.0,,,,,",
          "assess,competency,,valid,,,7,7,100.0,,returned,,,"));
}

TEST(FormatGradedCsvTest, GradeLabelsAreEscapedLikeAnyText) {
  v1::MeetingSpec spec = GradedSpec();
  v1::GradedQuestion* q =
      spec.mutable_forms(0)->mutable_questions(0)->mutable_graded();
  q->mutable_scale(0)->set_label("=A1, \"好\"");
  const std::string csv =
      FormatTallyResult(GradedResult(), spec, ResultFormat::kCsv, "zh-CN");
  EXPECT_THAT(csv, HasSubstr(",competent,\"'=A1, \"\"好\"\"\",,\r\n"));
}

TEST(FormatGradedJsonTest, CarriesSubjectsAndParsesBack) {
  const v1::TallyResult original = GradedResult();
  const std::string json =
      FormatTallyResult(original, GradedSpec(), ResultFormat::kJson, "zh-CN");
  EXPECT_THAT(json, HasSubstr("\"subjects\""));
  EXPECT_THAT(json, HasSubstr("\"grade_id\": \"unknown\""));
  EXPECT_THAT(json, HasSubstr("\"count\": 0"));  // zeros printed
  v1::TallyResult parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &parsed).ok())
      << json;
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(original, parsed))
      << parsed.DebugString();
}

// --- Counting rules in the report (docs/counting-rules.md) --------------------

v1::MeetingSpec RulesSpec() {
  return ParseText<v1::MeetingSpec>(R"pb(
    title: "规则"
    unit: "某县"
    groups { id: "leaders" name: "领导班子" }
    groups { id: "staff" name: "一般干部" }
    forms {
      id: "rec"
      title: "推荐票"
      mode: FORM_MODE_NAMED
      group_weights { group: "leaders" weight: 40 }
      group_weights { group: "staff" weight: 60 }
      questions {
        id: "q"
        title: "副局长人选"
        approval {
          post: "副局长"
          seats: 1
          max_choices: 1
          shortlist_ratio: 1
          candidates { id: "c1" name: "张三" }
          candidates { id: "c2" name: "李四" }
          candidates { id: "c3" name: "王五" }
        }
      }
    }
    forms {
      id: "assess"
      title: "测评表"
      mode: FORM_MODE_ANONYMOUS
      questions {
        id: "comp"
        title: "胜任度"
        graded {
          subjects { id: "s1" name: "赵六" }
          scale { id: "competent" label: "胜任" }
          scale { id: "basic" label: "基本胜任" }
          scale { id: "incompetent" label: "不胜任" }
        }
      }
    }
  )pb");
}

v1::TallyResult RulesResult() {
  return ParseText<v1::TallyResult>(R"pb(
    due: 10
    present: 10
    forms {
      form_id: "rec"
      due: 10
      issued: 10
      returned: 10
      questions {
        question_id: "q"
        valid: 10
        candidates { candidate_id: "c1" votes: 4 rank: 1 tie_at_cut: true }
        candidates { candidate_id: "c2" votes: 4 rank: 1 tie_at_cut: true }
        candidates { candidate_id: "c3" votes: 2 rank: 3 }
        rate_denominator: 10
        rate_basis: "returned"
        shortlist {
          size: 1
          resolved: false
          reason_zh: "得票 4 的人选在第 1 名处并列，差额名单待定"
          reason_en: "tie at the cut: names with 4 votes straddle place 1"
        }
        weighted { subject_id: "c1" rate_id: "votes" num: 23 den: 50 }
      }
      validity { due: 10 present: 10 issued: 10 returned: 10 quorum_required: 7 quorum_met: true valid: true }
      groups {
        group: "leaders"
        returned: 2
        suppressed: true
        reason_zh: "本组选票少于 5 张，为保护投票秘密不单独公布"
        reason_en: "fewer than 5 ballots in this group: not shown"
      }
    }
    forms {
      form_id: "assess"
      due: 10
      issued: 6
      returned: 6
      questions {
        question_id: "comp"
        valid: 6
        rate_denominator: 6
        rate_basis: "valid"
        subjects {
          subject_id: "s1"
          grades { grade_id: "competent" count: 3 }
          grades { grade_id: "basic" count: 2 }
          grades { grade_id: "incompetent" count: 1 }
          rates { id: "excellent" num: 3 den: 6 basis: RATE_BASIS_VALID }
          rates { id: "pass" num: 5 den: 6 basis: RATE_BASIS_VALID }
        }
        flags {
          rule_id: "S-1a"
          text_zh: "基本胜任和不胜任票合计达到40%，建议启动免职审查"
          text_en: "basically competent + incompetent ≥ 40 %: dismissal review advised"
          flag: "dismissal-review"
          kind: FLAG_KIND_ADVICE
          question_id: "comp"
          subject_id: "s1"
          observed_num: 3
          observed_den: 6
          basis: RATE_BASIS_VALID
          comparator: COMPARATOR_GE
          threshold { num: 2 den: 5 }
        }
      }
      validity {
        due: 10 present: 6 issued: 6 returned: 6 quorum_required: 7
        reason_zh: "实到 6 人，未达到法定人数 7 人"
        reason_en: "quorum not met: 6 present, 7 required"
      }
      groups_reason_zh: "本表有选票未关联分组"
      groups_reason_en: "some ballots of this form carry no group"
    }
  )pb");
}

TEST(FormatRulesTableTest, ShowsValidityShortlistTiesFlagsRatesGroupsInChinese) {
  const std::string table =
      FormatTallyResult(RulesResult(), RulesSpec(), ResultFormat::kTable, "zh-CN");
  EXPECT_THAT(table, HasSubstr("有效性 · 法定到会人数 7 / 10（已达到）· 整张空白票 / 废票 0 / 0"));
  EXPECT_THAT(table, HasSubstr("本表计票无效：实到 6 人，未达到法定人数 7 人"));
  EXPECT_THAT(table, HasSubstr("差额入围 0 / 1"));
  EXPECT_THAT(table, HasSubstr("  · 张三 — 并列待定\n  · 李四 — 并列待定\n"));
  EXPECT_THAT(table, HasSubstr("由组织决定：得票 4 的人选在第 1 名处并列"));
  EXPECT_THAT(table, HasSubstr("以下提示仅供组织参考，系统不自动作出任何决定（规则 A8）。"));
  EXPECT_THAT(table, HasSubstr("S-1a  赵六  50.0% (3/6)  ≥ 2/5  基本胜任和不胜任票合计达到40%，"
                               "建议启动免职审查"));
  EXPECT_THAT(table, HasSubstr("优秀率"));
  EXPECT_THAT(table, HasSubstr("5/6 = 83.3 %"));
  EXPECT_THAT(table, HasSubstr("各类别权重：领导班子 40、一般干部 60。"));
  EXPECT_THAT(table, HasSubstr("张三  得票率  23/50 = 46.0 %  4/10 = 40.0 %"));
  EXPECT_THAT(table, HasSubstr("领导班子  不公布：本组选票少于 5 张"));
  EXPECT_THAT(table, HasSubstr("\n本表有选票未关联分组\n"));
}

TEST(FormatRulesTableTest, EnglishLocaleTranslatesTheRulesBlocks) {
  const std::string table =
      FormatTallyResult(RulesResult(), RulesSpec(), ResultFormat::kTable, "en");
  EXPECT_THAT(table, HasSubstr("Validity · quorum 7 / 10 (met)"));
  EXPECT_THAT(table, HasSubstr("The count of this form is invalid: quorum not met: 6 present, "
                               "7 required"));
  EXPECT_THAT(table, HasSubstr("  · 张三 — tied at the cut"));
  EXPECT_THAT(table, HasSubstr("S-1a  赵六     50.0% (3/6)  ≥ 2/5      basically competent + "
                               "incompetent ≥ 40 %"));
  EXPECT_THAT(table, HasSubstr("Not shown: fewer than 5 ballots"));
  EXPECT_THAT(table, Not(HasSubstr("有效性")));
}

TEST(FormatRulesCsvTest, AddsShortlistFlagRateWeightedValidityAndSuppressedRows) {
  const std::string csv = FormatTallyResult(RulesResult(), RulesSpec(), ResultFormat::kCsv);
  EXPECT_THAT(csv, HasSubstr("rec,q,副局长,shortlist,c1,张三,4,10,40.0,1,tie_at_cut,,,\r\n"));
  EXPECT_THAT(csv, HasSubstr("rec,q,副局长,weighted,c1,张三,4,10,40.0,,votes,,46.0,23/50\r\n"))
      << "the unweighted count in the count columns, the weighted figure in its own";
  EXPECT_THAT(csv, HasSubstr("rec,,,validity,,,10,10,100.0,7,valid,,,\r\n"));
  EXPECT_THAT(csv, HasSubstr("rec/leaders,,,suppressed,,,2,,,,,fewer than 5"));
  EXPECT_THAT(csv, HasSubstr("assess,comp,,rate,s1,赵六,5,6,83.3,,pass,valid,,\r\n"));
  EXPECT_THAT(csv, HasSubstr("assess,comp,,flag,s1,赵六,3,6,50.0,,S-1a,dismissal-review,,\r\n"));
  EXPECT_THAT(csv, HasSubstr("assess,,,validity,,,6,10,60.0,7,invalid,"));
}

// Every figure of the JSON has a row: the shortlist's size, the weights,
// why a breakdown or weighting is missing, and group turnout.
TEST(FormatRulesCsvTest, AddsShortlistSizeWeightsReasonsAndGroupTurnoutRows) {
  v1::TallyResult result = RulesResult();
  v1::GroupTally* staff = result.mutable_forms(0)->add_groups();
  staff->set_group("staff");
  staff->set_due(8);
  staff->set_issued(8);
  staff->set_returned(7);
  result.mutable_forms(1)->mutable_questions(0)->set_weighted_reason_en(
      "no per-group tally: no weighted figures");
  const std::string csv = FormatTallyResult(result, RulesSpec(), ResultFormat::kCsv);
  // No name marked on a shortlist of 1: unresolved (the tie at the cut).
  EXPECT_THAT(csv, HasSubstr("rec,q,副局长,shortlist_size,,,0,1,,,unresolved,tie at the cut: "
                             "names with 4 votes straddle place 1,,\r\n"));
  EXPECT_THAT(csv, HasSubstr("rec,,,weight,,领导班子,40,,,,leaders,,,\r\n"));
  EXPECT_THAT(csv, HasSubstr("rec,,,weight,,一般干部,60,,,,staff,,,\r\n"));
  // 8 of 8 due in the group issued, 7 of those 8 returned = 87.5.
  EXPECT_THAT(csv, HasSubstr("rec/staff,,,turnout,,,8,8,100.0,,,,,\r\n"));
  EXPECT_THAT(csv, HasSubstr("rec/staff,,,returned,,,7,8,87.5,,,,,\r\n"));
  EXPECT_THAT(csv, Not(HasSubstr("rec/leaders,,,turnout"))) << "a suppressed group's counts";
  EXPECT_THAT(csv, HasSubstr("assess,,,groups_unavailable,,,,,,,,some ballots of this form carry "
                             "no group,,\r\n"));
  EXPECT_THAT(csv, HasSubstr("assess,comp,,weighted_unavailable,,,,,,,,no per-group tally: no "
                             "weighted figures,,\r\n"));
}

// Rules S-2, S-3, S-9: composite, component, veto and missing rows, and the
// officers who approved the count, in the same twelve columns.
TEST(FormatRulesCsvTest, AddsCompositeAndApprovalRows) {
  v1::MeetingSpec spec = RulesSpec();
  v1::CompositeRule* rule = spec.add_composites();
  rule->set_id("s3");
  rule->set_form_id("rec");
  rule->set_question_id("q");
  v1::TallyResult result = RulesResult();
  v1::CompositeResult* r = result.add_composites();
  r->set_rule_id("s3");
  v1::CompositeCandidate* c1 = r->add_candidates();
  c1->set_candidate_id("c1");
  c1->set_rank(1);
  c1->set_within_take(true);
  c1->set_composite("200/3");  // 66.666… → 66.67
  v1::ComponentScore* p = c1->add_components();
  p->set_component_id("recommendation");
  p->set_points("40");
  v1::CompositeCandidate* c2 = r->add_candidates();
  c2->set_candidate_id("c2");
  c2->set_excluded(true);
  c2->add_missing("quality");
  v1::Veto* veto = c2->add_vetoes();
  veto->set_reason("=经查实的举报");
  veto->set_officer("officer-2");
  result.add_approved_by("officer-1");
  result.add_approved_by("officer-2");
  const std::string csv = FormatTallyResult(result, spec, ResultFormat::kCsv);
  EXPECT_THAT(csv, HasSubstr("rec,q,,composite,c1,张三,200/3,,66.67,1,s3,within_take,,\r\n"));
  EXPECT_THAT(csv, HasSubstr("rec,q,,component,c1,张三,40,,40.00,,s3,recommendation,,\r\n"));
  EXPECT_THAT(csv, HasSubstr("rec,q,,composite,c2,李四,,,,,s3,excluded vetoed incomplete,,\r\n"));
  EXPECT_THAT(csv, HasSubstr("rec,q,officer-2,veto,c2,李四,,,,,s3,'=经查实的举报,,\r\n"))
      << "a veto reason is officer text: kept from running as a formula";
  EXPECT_THAT(csv, HasSubstr("rec,q,,missing,c2,李四,,,,,s3,quality,,\r\n"));
  EXPECT_THAT(csv, HasSubstr(",,,approved_by,,officer-1,,,,1,,,,\r\n"));
  EXPECT_THAT(csv, HasSubstr(",,,approved_by,,officer-2,,,,2,,,,\r\n"));
  // The meeting's turnout (10 of 10) opens the rows, as it opens the report.
  const size_t meeting = csv.find("\r\n,,,turnout,,,10,10,100.0,,,,,\r\n");
  ASSERT_NE(meeting, std::string::npos) << "no meeting turnout row";
  EXPECT_LT(meeting, csv.find(",composite,"));
}

TEST(ParseResultFormatTest, AcceptsTheThreeNames) {
  ASSERT_OK_AND_ASSIGN(ResultFormat table, ParseResultFormat("table"));
  EXPECT_EQ(table, ResultFormat::kTable);
  ASSERT_OK_AND_ASSIGN(ResultFormat json, ParseResultFormat("JSON"));
  EXPECT_EQ(json, ResultFormat::kJson);
  ASSERT_OK_AND_ASSIGN(ResultFormat csv, ParseResultFormat("csv"));
  EXPECT_EQ(csv, ResultFormat::kCsv);
  EXPECT_THAT(ParseResultFormat("xml"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("unknown result format \"xml\"")));
}

TEST(StatusNameTest, NamesEveryStatusInBothLanguages) {
  std::vector<std::string> zh, en;
  for (int s = v1::MEETING_STATUS_DRAFT; s <= v1::MEETING_STATUS_PUBLISHED;
       ++s) {
    zh.push_back(StatusName(static_cast<v1::MeetingStatus>(s), "zh-CN"));
    en.push_back(StatusName(static_cast<v1::MeetingStatus>(s), "en"));
  }
  EXPECT_THAT(zh, ElementsAre("草稿", "已公告", "投票中", "已结束", "已计票",
                              "已公布"));
  EXPECT_THAT(en, ElementsAre("draft", "announced", "open", "closed", "counted",
                              "published"));
}

// Rules B2, B7, S-6, S-7: the further kinds in the report.
v1::MeetingSpec KindsSpec() {
  v1::MeetingSpec spec;
  google::protobuf::TextFormat::ParseFromString(R"pb(
    title: "常委会" unit: "县委"
    forms {
      id: "vote" title: "表决票" mode: FORM_MODE_NAMED
      questions {
        id: "q1" title: "任职表决"
        decision {
          candidates { id: "c1" name: "张三" current_post: "副局长" proposed_post: "局长" }
        }
      }
      questions {
        id: "q2" title: "差额票决"
        decision {
          competitive: true post: "局长"
          candidates { id: "a" name: "甲" }
          candidates { id: "b" name: "乙" }
        }
      }
      questions {
        id: "e" title: "要素推荐"
        element {
          elements { id: "morals" label: "道德品行最好" }
          candidates { id: "p1" name: "王五" }
        }
      }
      questions {
        id: "k" title: "正反向测评"
        checklist {
          subjects { id: "p1" name: "王五" }
          items { id: "lax" label: "作风漂浮" polarity: ITEM_POLARITY_NEGATIVE }
        }
      }
    })pb",
                                                &spec);
  return spec;
}

v1::TallyResult KindsResult() {
  v1::TallyResult r;
  google::protobuf::TextFormat::ParseFromString(R"pb(
    due: 11 present: 8
    forms {
      form_id: "vote" due: 11 issued: 8 returned: 8
      questions {
        question_id: "q1" valid: 8 rate_denominator: 8
        decision {
          due: 11 present: 8 quorum_needed: 8 quorum_met: true
          candidates {
            candidate_id: "c1" agree: 6 disagree: 1 abstain: 1 pass_denominator: 11
            pass_needed: 6 outcome: DECISION_OUTCOME_PASSED
          }
        }
      }
      questions {
        question_id: "q2" valid: 8 rate_denominator: 8
        decision {
          due: 11 present: 8 quorum_needed: 8 quorum_met: true
          candidates { candidate_id: "a" agree: 4 pass_denominator: 11 pass_needed: 6
                       outcome: DECISION_OUTCOME_NOT_PASSED rank: 1 }
          candidates { candidate_id: "b" agree: 4 pass_denominator: 11 pass_needed: 6
                       outcome: DECISION_OUTCOME_NOT_PASSED rank: 1 }
          competitive_outcome: COMPETITIVE_OUTCOME_NONE_PASSED
        }
      }
      questions {
        question_id: "e" valid: 8 rate_denominator: 8
        elements { element_id: "morals" candidates { candidate_id: "p1" votes: 6 rank: 1 } blank: 2 }
      }
      questions {
        question_id: "k" valid: 8 rate_denominator: 8
        checklist { subject_id: "p1" items { item_id: "lax" count: 2 } blank: 6 }
      }
    })pb",
                                                &r);
  return r;
}

TEST(FormatKindsTest, DecisionElementAndChecklistTablesInChinese) {
  const std::string table =
      FormatTallyResult(KindsResult(), KindsSpec(), ResultFormat::kTable, "zh-CN");
  EXPECT_THAT(table, HasSubstr("应到会 11 人，实到 8 人；法定人数 8 人（已达到）"));
  EXPECT_THAT(table, HasSubstr("张三  副局长    局长         6       1     1       0  "
                               "6/11 = 54.5 %    6/11  通过"));
  EXPECT_THAT(table, HasSubstr("通过条件：同意票 > 1/2 应到会人数"));
  EXPECT_THAT(table, HasSubstr("通过"));
  EXPECT_THAT(table, HasSubstr("6/11"));  // needed / denominator
  EXPECT_THAT(table, HasSubstr("无人达到通过票数：暂缓或重新投票"));
  EXPECT_THAT(table, HasSubstr("要素：道德品行最好"));
  EXPECT_THAT(table, HasSubstr("75.0%"));  // 6 of 8 returned
  EXPECT_THAT(table, HasSubstr("反向"));
  EXPECT_THAT(table, HasSubstr("25.0%"));  // 2 of 8 ticked 作风漂浮
}

TEST(FormatKindsTest, DecisionTableInEnglish) {
  const std::string table =
      FormatTallyResult(KindsResult(), KindsSpec(), ResultFormat::kTable, "en");
  EXPECT_THAT(table, HasSubstr("Due 11, present 8; quorum 8 present (met)"));
  EXPECT_THAT(table, HasSubstr("passed"));
  EXPECT_THAT(table, HasSubstr("Nobody passes: postpone or revote"));
  EXPECT_THAT(table, HasSubstr("Element: 道德品行最好"));
  EXPECT_THAT(table, HasSubstr("negative"));
}

TEST(FormatKindsTest, CsvHasOneRowPerCount) {
  const std::string csv = FormatTallyResult(KindsResult(), KindsSpec(), ResultFormat::kCsv);
  EXPECT_THAT(csv, HasSubstr("vote,q1,,agree,c1,张三,6,11,54.5,,agree,同意,,\r\n"));
  EXPECT_THAT(csv, HasSubstr("vote,q1,,outcome,c1,张三,6,11,,,passed,通过,,\r\n"));
  EXPECT_THAT(csv, HasSubstr("vote,q2,,competitive,,,,,,,none_passed,,,\r\n"));
  EXPECT_THAT(csv, HasSubstr("vote,e,,element,p1,王五,6,8,75.0,1,morals,道德品行最好,,\r\n"));
  EXPECT_THAT(csv, HasSubstr("vote,k,,item,p1,王五,2,8,25.0,,lax,作风漂浮,,\r\n"));
}

}  // namespace
}  // namespace gongxin::client
