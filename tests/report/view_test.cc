// One view of a count, four outputs (report/view.h): every row of every
// table of the view appears, cell for cell and in order, in the terminal
// text, the HTML and the JSON, and every figure the CSV carries is the one
// the tally holds and the one the tables show.
#include "report/view.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "report/html.h"
#include "report/messages.h"
#include "report/result_report.h"
#include "tests/report/report_sample.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::report {
namespace {

using ::testing::ElementsAreArray;

std::vector<std::string> Texts(const std::vector<Cell>& cells) {
  std::vector<std::string> out;
  for (const Cell& c : cells) out.push_back(c.text);
  return out;
}

// The rows of every table, in document order (lists are not tables).
void CollectRows(const Block& b, std::vector<std::vector<std::string>>* rows) {
  if (b.kind == Block::Kind::kTable) {
    rows->push_back(Texts(b.table.header));
    for (const Row& r : b.table.rows) rows->push_back(Texts(r.cells));
  }
  for (const Block& child : b.children) CollectRows(child, rows);
}

std::vector<std::vector<std::string>> ViewRows(const ResultView& view) {
  std::vector<std::vector<std::string>> rows;
  for (const Block& b : view.blocks) CollectRows(b, &rows);
  return rows;
}

// The same from the JSON's "view" member, parsed back: tables' header and
// rows as arrays of strings.
void CollectJsonRows(const google::protobuf::Value& block,
                     std::vector<std::vector<std::string>>* rows) {
  const auto& f = block.struct_value().fields();
  auto strings = [](const google::protobuf::Value& list) {
    std::vector<std::string> out;
    for (const auto& v : list.list_value().values()) out.push_back(v.string_value());
    return out;
  };
  if (f.at("kind").string_value() == "table") {
    rows->push_back(strings(f.at("header")));
    for (const auto& row : f.at("rows").list_value().values()) rows->push_back(strings(row));
  }
  if (f.contains("children")) {
    for (const auto& child : f.at("children").list_value().values()) CollectJsonRows(child, rows);
  }
}

// Whether `text` holds the non-empty `cells` in order on one line.
bool TextHasRow(const std::string& text, const std::vector<std::string>& cells) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    size_t at = 0;
    bool all = true;
    for (const std::string& cell : cells) {
      if (cell.empty()) continue;
      at = line.find(cell, at);
      if (at == absl::string_view::npos) {
        all = false;
        break;
      }
      at += cell.size();
    }
    if (all) return true;
  }
  return false;
}

// Whether `html` holds a <tr> whose cells are `cells`, escaped, in order
// (a cell may wrap its text in <strong>).
bool HtmlHasRow(const std::string& html, const std::vector<std::string>& cells) {
  for (size_t tr = html.find("<tr"); tr != std::string::npos; tr = html.find("<tr", tr + 1)) {
    const size_t end = html.find("</tr>", tr);
    const std::string row = html.substr(tr, end - tr);
    size_t at = 0;
    bool all = true;
    for (const std::string& cell : cells) {
      at = row.find(absl::StrCat(">", Escape(cell), "</"), at);
      if (at == std::string::npos) {
        all = false;
        break;
      }
      at += 1;
    }
    if (all) return true;
  }
  return false;
}

// RFC 4180 fields, quotes undone; rows end in CRLF after a BOM.
std::vector<std::vector<std::string>> ParseCsv(const std::string& csv) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (size_t i = 3; i < csv.size(); ++i) {
    const char c = csv[i];
    if (quoted) {
      if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\r') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      ++i;  // the \n
    } else {
      field += c;
    }
  }
  return rows;
}

class ResultViewTest : public ::testing::TestWithParam<const char*> {};

TEST_P(ResultViewTest, TableCsvJsonAndHtmlShowTheSameFigures) {
  const ResultReportInput input = testing::AllKindsInput(GetParam());
  ASSERT_OK_AND_ASSIGN(const ResultView view, BuildResultView(input));
  ASSERT_OK_AND_ASSIGN(const std::string text, RenderResultText(input));
  ASSERT_OK_AND_ASSIGN(const std::string html, RenderResultHtml(input));
  ASSERT_OK_AND_ASSIGN(const std::string json, RenderResultJson(input));
  ASSERT_OK_AND_ASSIGN(const std::string csv, RenderResultCsv(input));

  const std::vector<std::vector<std::string>> rows = ViewRows(view);
  ASSERT_GT(rows.size(), 40u) << "the sample's tables are missing";
  for (const std::vector<std::string>& row : rows) {
    SCOPED_TRACE(absl::StrJoin(row, " | "));
    EXPECT_TRUE(TextHasRow(text, row)) << "not in the terminal text:\n" << text;
    EXPECT_TRUE(HtmlHasRow(html, row)) << "not in the HTML";
  }

  google::protobuf::Struct doc;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &doc).ok()) << json;
  std::vector<std::vector<std::string>> json_rows;
  for (const auto& b : doc.fields().at("view").struct_value().fields().at("blocks").list_value().values()) {
    CollectJsonRows(b, &json_rows);
  }
  EXPECT_EQ(json_rows, rows) << "the JSON's view differs from the view";

  // Every candidate's and write-in's CSV row carries the tally's votes and
  // the rate a ranking row shows beside the same name.
  const Messages& m = MessagesFor(GetParam());
  const std::vector<std::vector<std::string>> records = ParseCsv(csv);
  ASSERT_EQ(records[0].size(), static_cast<size_t>(kRecordColumns));
  int checked = 0;
  for (const auto& r : records) {
    ASSERT_EQ(r.size(), static_cast<size_t>(kRecordColumns)) << absl::StrJoin(r, ",");
    const std::string& kind = r[3];
    if (kind != "candidate" && kind != "write_in") continue;
    SCOPED_TRACE(absl::StrJoin(r, ","));
    // The tally's own figure for this name.
    uint32_t tallied = 0;
    bool found = false;
    for (const v1::FormTally& f : input.result.forms()) {
      for (const v1::QuestionTally& q : f.questions()) {
        if (f.form_id() != r[0] || q.question_id() != r[1]) continue;
        for (const v1::CandidateTally& c : q.candidates()) {
          if (kind == "candidate" && c.candidate_id() == r[4]) tallied = c.votes(), found = true;
        }
        for (const v1::WriteInTally& w : q.write_ins()) {
          if (kind == "write_in" && w.name() == r[5]) tallied = w.votes(), found = true;
        }
      }
    }
    ASSERT_TRUE(found) << "a CSV row for nothing the tally holds";
    EXPECT_EQ(r[6], absl::StrCat(tallied));
    const std::string shown = kind == "write_in" ? absl::StrCat(r[5], m.write_in_suffix) : r[5];
    const std::string rate = r[8].empty() ? "—" : absl::StrCat(r[8], "%");
    bool in_table = false;
    for (const auto& row : rows) {
      if (row.size() >= 5 && row[1] == shown && row[3] == r[6] && row[4] == rate) in_table = true;
    }
    EXPECT_TRUE(in_table) << "no ranking row shows " << shown << " " << r[6] << " " << rate;
    ++checked;
  }
  EXPECT_GE(checked, 5) << "the sample's candidates were not in the CSV";
}

INSTANTIATE_TEST_SUITE_P(BothLanguages, ResultViewTest, ::testing::Values("zh-CN", "en"));

TEST(ResultViewTest, OneWordTablePerLanguage) {
  // The words the terminal shows are the paper's: nothing in the English
  // text is Chinese that is not the admin's own, and vice versa.
  ASSERT_OK_AND_ASSIGN(const std::string en, RenderResultText(testing::AllKindsInput("en")));
  ASSERT_OK_AND_ASSIGN(const std::string zh, RenderResultText(testing::AllKindsInput("zh-CN")));
  for (const char* word : {"应到", "得票率", "有效票", "另推他人", "弃权", "提示"}) {
    EXPECT_THAT(en, ::testing::Not(::testing::HasSubstr(word))) << word;
  }
  EXPECT_THAT(zh, ::testing::HasSubstr(MessagesFor("zh-CN").vote_rate));
  EXPECT_THAT(en, ::testing::HasSubstr(MessagesFor("en").vote_rate));
}

}  // namespace
}  // namespace gongxin::report
