// The result and the roll template as Excel workbooks, read back by a
// library we did not write: Debian's python3-openpyxl opens the file and
// prints each sheet's name and cells as JSON. Skipped, saying why, where
// python3-openpyxl is not installed.
#include "client/xlsx_file.h"

#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "report/result_report.h"
#include "tests/report/report_sample.h"
#include "tests/testing/process.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace gongxin::client {
namespace {

using ::testing::ElementsAre;

// Prints {"sheets": [{"name", "rows": [[cell, …], …], "validations": [...]}]}
// with numbers as numbers and strings as strings, as openpyxl reads them.
constexpr char kReadWorkbook[] = R"py(
import json, sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in book.worksheets:
    rows = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation]
    out.append({"name": ws.title, "rows": rows, "validations": lists,
                "frozen": ws.freeze_panes or ""})
print(json.dumps({"sheets": out}, ensure_ascii=False))
)py";

class XlsxFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const testing::RunResult probe =
        testing::RunCommand({"/usr/bin/python3", "-c", "import openpyxl"}, dir_.path());
    if (probe.code != 0) {
      GTEST_SKIP() << "python3-openpyxl is not installed (apt-get install python3-openpyxl): "
                      "the workbook was not read back";
    }
  }

  // The workbook as openpyxl reads it.
  google::protobuf::Struct Read(const std::string& bytes) {
    const std::string file = dir_.File("book.xlsx");
    std::ofstream(file, std::ios::binary) << bytes;
    const std::string script = dir_.File("read.py");
    std::ofstream(script) << kReadWorkbook;
    const testing::RunResult r = testing::RunCommand({"/usr/bin/python3", script, file}, dir_.path());
    EXPECT_EQ(r.code, 0) << "openpyxl could not open the workbook: " << r.err;
    google::protobuf::Struct doc;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(r.out, &doc).ok()) << r.out;
    return doc;
  }

  testing::TempDir dir_;
};

const google::protobuf::ListValue& Sheets(const google::protobuf::Struct& doc) {
  return doc.fields().at("sheets").list_value();
}
const google::protobuf::Value& Field(const google::protobuf::Value& sheet, const char* name) {
  return sheet.struct_value().fields().at(name);
}
// A row's cells as text: numbers as openpyxl gives them ("18", "66.7").
std::vector<std::string> Cells(const google::protobuf::Value& row) {
  std::vector<std::string> out;
  for (const auto& v : row.list_value().values()) {
    if (v.has_number_value()) {
      out.push_back(absl::StrCat(v.number_value()));
    } else if (v.has_string_value()) {
      out.push_back(v.string_value());
    } else {
      out.push_back("");
    }
  }
  return out;
}

TEST_F(XlsxFileTest, ResultWorkbookHoldsTheCsvRowsWithFiguresAsNumbers) {
  const report::ResultReportInput in = testing::AllKindsInput();
  ASSERT_OK_AND_ASSIGN(const report::ResultView view, report::BuildResultView(in));
  ASSERT_OK_AND_ASSIGN(const std::string book, XlsxBytes({ResultSheet(view)}));
  const google::protobuf::Struct doc = Read(book);
  ASSERT_EQ(Sheets(doc).values_size(), 1);
  const auto& sheet = Sheets(doc).values(0);
  EXPECT_EQ(Field(sheet, "name").string_value(), "计票结果");
  EXPECT_EQ(Field(sheet, "frozen").string_value(), "A2") << "the header stays in view";
  const auto& rows = Field(sheet, "rows").list_value();
  const report::RecordSheet records = report::ViewRecords(view);
  ASSERT_EQ(rows.values_size(), static_cast<int>(records.rows.size()) + 1);
  EXPECT_EQ(Cells(rows.values(0)), records.header);
  // Every cell is the CSV's; the count columns are numbers Excel can sum.
  int numbers = 0;
  for (size_t r = 0; r < records.rows.size(); ++r) {
    const auto& row = rows.values(static_cast<int>(r) + 1).list_value();
    for (size_t c = 0; c < records.rows[r].size(); ++c) {
      const std::string& want = records.rows[r][c];
      const google::protobuf::Value& got =
          c < static_cast<size_t>(row.values_size()) ? row.values(static_cast<int>(c))
                                                     : google::protobuf::Value();
      SCOPED_TRACE(absl::StrCat("row ", r + 2, " column ", c + 1, ": ", want));
      if (got.has_number_value()) {
        double expected = 0;
        ASSERT_TRUE(absl::SimpleAtod(want, &expected));
        EXPECT_DOUBLE_EQ(got.number_value(), expected);
        ++numbers;
      } else if (want.empty()) {
        EXPECT_TRUE(got.has_null_value() || got.kind_case() == 0);
      } else {
        EXPECT_EQ(got.string_value(), want);
      }
    }
  }
  EXPECT_GT(numbers, 100) << "the figures were written as text";
}

TEST_F(XlsxFileTest, EnglishWorkbookHasEnglishSheetAndHeaders) {
  ASSERT_OK_AND_ASSIGN(const report::ResultView view,
                       report::BuildResultView(testing::ReportInput("en")));
  ASSERT_OK_AND_ASSIGN(const std::string book, XlsxBytes({ResultSheet(view)}));
  const google::protobuf::Struct doc = Read(book);
  const auto& sheet = Sheets(doc).values(0);
  EXPECT_EQ(Field(sheet, "name").string_value(), "Results");
  EXPECT_THAT(Cells(Field(sheet, "rows").list_value().values(0)),
              ElementsAre("form_id", "question_id", "post", "kind", "candidate_id", "name",
                          "votes", "rate_denominator", "vote_rate", "rank", "grade_id", "grade",
                          "weighted", "weighted_exact"));
}

TEST_F(XlsxFileTest, RollTemplateHasTheRollHeaderAGroupDropDownAndNotes) {
  ASSERT_OK_AND_ASSIGN(const std::string book,
                       XlsxBytes(RollTemplateSheets(false, {"leaders", "staff"})));
  const google::protobuf::Struct doc = Read(book);
  ASSERT_EQ(Sheets(doc).values_size(), 2);
  const auto& roll = Sheets(doc).values(0);
  EXPECT_EQ(Field(roll, "name").string_value(), "名册");
  EXPECT_THAT(Cells(Field(roll, "rows").list_value().values(0)), ElementsAre("编号", "姓名", "类别"));
  ASSERT_EQ(Field(roll, "validations").list_value().values_size(), 1);
  EXPECT_EQ(Field(roll, "validations").list_value().values(0).string_value(),
            "\"leaders,staff\"");
  const auto& notes = Sheets(doc).values(1);
  EXPECT_EQ(Field(notes, "name").string_value(), "填写说明");
  EXPECT_GE(Field(notes, "rows").list_value().values_size(), 4);
}

TEST(XlsxRefusalTest, SheetNameExcelWouldRefuseIsInvalidArgument) {
  XlsxSheet sheet;
  sheet.name = "结果[1]";
  EXPECT_THAT(XlsxBytes({sheet}).status(),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                ::testing::HasSubstr("sheet name \"结果[1]\"")));
}

}  // namespace
}  // namespace gongxin::client
