#include "client/roll_csv.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::client {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

// "id name group" triples, for compact expectations.
std::vector<std::string> Triples(const v1::Roll& roll) {
  std::vector<std::string> out;
  for (const v1::Voter& v : roll.voters()) {
    out.push_back(absl::StrCat(v.id(), " ", v.name(), " ", v.group()));
  }
  return out;
}

absl::Status ParseError(absl::string_view text) {
  return ParseRollCsv(text, "voters.csv").status();
}

TEST(ParseRollCsvTest, ParsesPlainFileInOrder) {
  ASSERT_OK_AND_ASSIGN(
      v1::Roll roll,
      ParseRollCsv("voter_id,name,group\nv001,张三,leaders\nv002,李四,staff\n",
                   "voters.csv"));
  EXPECT_THAT(Triples(roll),
              ::testing::ElementsAre("v001 张三 leaders", "v002 李四 staff"));
}

TEST(ParseRollCsvTest, StripsUtf8Bom) {
  ASSERT_OK_AND_ASSIGN(
      v1::Roll roll,
      ParseRollCsv("\xEF\xBB\xBFvoter_id,name,group\nv001,张三,leaders\n",
                   "voters.csv"));
  EXPECT_THAT(Triples(roll), ::testing::ElementsAre("v001 张三 leaders"));
}

TEST(ParseRollCsvTest, AcceptsCrlfWithoutFinalNewline) {
  ASSERT_OK_AND_ASSIGN(
      v1::Roll roll,
      ParseRollCsv(
          "voter_id,name,group\r\nv001,张三,leaders\r\nv002,李四,staff",
          "voters.csv"));
  EXPECT_THAT(Triples(roll),
              ::testing::ElementsAre("v001 张三 leaders", "v002 李四 staff"));
}

TEST(ParseRollCsvTest, CrlfLinesAreCountedOnceInRowNumbers) {
  EXPECT_THAT(ParseError("voter_id,name,group\r\n"
                         "v001,张三,leaders\r\n"
                         "\r\n"
                         "v002,李四,\r\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("voters.csv:row 4, column 3 (group): "
                                 "empty value")));
}

TEST(ParseRollCsvTest, UnquotesFieldWithCommaAndEmbeddedQuote) {
  ASSERT_OK_AND_ASSIGN(v1::Roll roll,
                       ParseRollCsv("voter_id,name,group\n"
                                    "v001,\"Zhang, \"\"San\"\"\",staff\n",
                                    "voters.csv"));
  ASSERT_EQ(roll.voters_size(), 1);
  EXPECT_EQ(roll.voters(0).name(), "Zhang, \"San\"");
}

TEST(ParseRollCsvTest, TrimsAsciiWhitespaceAroundValues) {
  ASSERT_OK_AND_ASSIGN(
      v1::Roll roll,
      ParseRollCsv("voter_id,name,group\n  v001 ,\t张三\t, \" leaders \" \n",
                   "voters.csv"));
  EXPECT_THAT(Triples(roll), ::testing::ElementsAre("v001 张三 leaders"));
}

TEST(ParseRollCsvTest, AcceptsChineseHeader) {
  ASSERT_OK_AND_ASSIGN(
      v1::Roll roll,
      ParseRollCsv("编号,姓名,类别\nv001,张三,leaders\n", "voters.csv"));
  EXPECT_THAT(Triples(roll), ::testing::ElementsAre("v001 张三 leaders"));
}

TEST(ParseRollCsvTest, HeaderIsCaseInsensitiveAndTrimmed) {
  EXPECT_OK(ParseRollCsv(" Voter_ID , NAME,Group \nv001,张三,leaders\n",
                         "voters.csv"));
}

TEST(ParseRollCsvTest, ErrorsNameColumnsAsTheHeaderSpellsThem) {
  EXPECT_THAT(ParseError("编号,姓名,类别\nv001,张三,\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("voters.csv:row 2, column 3 (类别): "
                                 "empty value")));
}

TEST(ParseRollCsvTest, RejectsWrongHeaderNamingTheColumn) {
  EXPECT_THAT(ParseError("id,name,group\nv001,张三,leaders\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("voters.csv:row 1, column 1 (voter_id): "
                                 "expected header \"voter_id\" (or \"编号\"), "
                                 "got \"id\"")));
}

TEST(ParseRollCsvTest, RejectsHeaderWithWrongColumnCount) {
  EXPECT_THAT(ParseError("voter_id,name\nv001,张三\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("voters.csv:row 1: the header must be "
                                 "voter_id,name,group")));
}

TEST(ParseRollCsvTest, RejectsEmptyFile) {
  EXPECT_THAT(ParseError("\n\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("voters.csv:row 1: the file is empty")));
}

TEST(ParseRollCsvTest, HeaderOnlyGivesEmptyRoll) {
  ASSERT_OK_AND_ASSIGN(v1::Roll roll,
                       ParseRollCsv("voter_id,name,group\n", "voters.csv"));
  EXPECT_EQ(roll.voters_size(), 0);
}

TEST(ParseRollCsvTest, IgnoresBlankLinesAndClearedRowsButCountsThem) {
  // Row numbers are editor lines: blank lines (line 2) and ",," rows that
  // spreadsheets write for cleared rows (line 4) still count.
  const std::string text =
      "voter_id,name,group\n"
      "\n"
      "v001,张三,leaders\n"
      " , ,\n"
      "v002,李四,staff\n"
      "v003,王五\n";
  EXPECT_THAT(ParseError(text),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("voters.csv:row 6: expected 3 fields "
                                 "(voter_id,name,group), found 2")));
  ASSERT_OK_AND_ASSIGN(
      v1::Roll roll,
      ParseRollCsv(text.substr(0, text.rfind("v003")), "voters.csv"));
  EXPECT_THAT(Triples(roll),
              ::testing::ElementsAre("v001 张三 leaders", "v002 李四 staff"));
}

TEST(ParseRollCsvTest, LookAlikeIdsNameBothRows) {
  EXPECT_THAT(ParseError("voter_id,name,group\nv001,张三,staff\nv002,李四,staff\nV001,王五,staff\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("voters.csv:row 4, column 1 (voter_id): voter id \"V001\" differs "
                                 "only in letter case from \"v001\" (at row 2)")));
}

TEST(ParseRollCsvTest, DuplicateIdNamesBothRows) {
  std::string text = "voter_id,name,group\n";
  for (int i = 1; i <= 7; ++i) {
    absl::StrAppend(&text, "v00", i, ",某人", i, ",staff\n");
  }
  absl::StrAppend(&text, "v007,又一人,staff\n");  // row 9; v003 is row 4
  absl::StrAppend(&text, "v003,重复,staff\n");    // row 10
  // The first duplicate found is reported.
  EXPECT_THAT(ParseError(text),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("voters.csv:row 9, column 1 (voter_id): "
                                 "duplicate voter id \"v007\" (first at "
                                 "row 8)")));
  text =
      "voter_id,name,group\nv001,a,s\nv002,b,s\nv007,c,s\n"
      "v004,d,s\nv005,e,s\nv006,f,s\nv008,g,s\nv007,h,s\n";
  EXPECT_THAT(ParseError(text),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("voters.csv:row 9, column 1 (voter_id): "
                                 "duplicate voter id \"v007\" (first at "
                                 "row 4)")));
}

TEST(ParseRollCsvTest, RejectsRowWithMissingField) {
  EXPECT_THAT(ParseError("voter_id,name,group\nv001,张三,leaders\nv002,李四\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("voters.csv:row 3: expected 3 fields "
                                 "(voter_id,name,group), found 2")));
}

TEST(ParseRollCsvTest, RejectsRowWithExtraField) {
  EXPECT_THAT(ParseError("voter_id,name,group\nv001,张三,leaders,x\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("voters.csv:row 2: expected 3 fields "
                                 "(voter_id,name,group), found 4")));
}

TEST(ParseRollCsvTest, RejectsEmptyValueNamingRowAndColumn) {
  std::string text = "voter_id,name,group\n";
  for (int i = 1; i <= 5; ++i) absl::StrAppend(&text, "v00", i, ",某,s\n");
  absl::StrAppend(&text, "v006,某,\"  \"\n");  // row 7, quoted blanks
  EXPECT_THAT(ParseError(text),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("voters.csv:row 7, column 3 (group): "
                                 "empty value")));
}

TEST(ParseRollCsvTest, RejectsUnterminatedQuoteAtRowWhereItOpens) {
  EXPECT_THAT(ParseError("voter_id,name,group\nv001,张三,leaders\n"
                         "v002,\"李四,staff\nv003,王五,staff\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("voters.csv:row 3, column 2 (name): "
                                 "unterminated quote")));
}

TEST(ParseRollCsvTest, RejectsQuoteInsideUnquotedValue) {
  EXPECT_THAT(ParseError("voter_id,name,group\nv001,张\"三,leaders\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("voters.csv:row 2, column 2 (name): a quote "
                                 "(\") inside an unquoted value")));
}

TEST(ParseRollCsvTest, RejectsTextAfterClosingQuote) {
  EXPECT_THAT(ParseError("voter_id,name,group\nv001,\"张\"三,leaders\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("voters.csv:row 2, column 2 (name): "
                                 "unexpected character after a closing "
                                 "quote")));
}

TEST(ParseRollCsvTest, ReadsGbkAsExcelSavesIt) {
  // "张三" in GBK, the bytes Excel's plain "CSV" writes on a Chinese Windows.
  ASSERT_OK_AND_ASSIGN(v1::Roll roll,
                       ParseRollCsv("voter_id,name,group\nv001,\xD5\xC5\xC8\xFD,s\n", "voters.csv"));
  EXPECT_THAT(Triples(roll), ::testing::ElementsAre("v001 张三 s"));
}

TEST(ParseRollCsvTest, RefusesBytesNeitherUtf8NorGb18030WithTheirRow) {
  // 0xFF starts no character in either encoding.
  EXPECT_THAT(ParseError("voter_id,name,group\nv001,\xD5\xC5\xC8\xFD,s\nv002,\xFF,s\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("voters.csv:row 3: neither UTF-8 nor GB18030/GBK")));
}

TEST(ParseRollCsvTest, RejectsLineBreakInsideQuotedValue) {
  EXPECT_THAT(ParseError("voter_id,name,group\nv001,\"张\n三\",s\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("voters.csv:row 2, column 2 (name): "
                                 "contains a control character (U+000A)")));
}

TEST(ParseRollCsvTest, RowsAfterAMultiLineRecordKeepEditorLineNumbers) {
  // The quoted value on row 2 spans two lines (CRLF inside the quotes), so
  // the next record starts on line 4. Its stray quote is found while
  // splitting, before the multi-line value itself is refused.
  EXPECT_THAT(
      ParseError("voter_id,name,group\r\n"
                 "v001,\"x\r\ny\",s\r\n"
                 "v002,a\"b,s\r\n"),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("voters.csv:row 4, column 2 (name): a quote")));
}

TEST(ParseRollCsvTest, RejectsMoreThanTheMaximumNumberOfVoters) {
  std::string text = "voter_id,name,group\n";
  text.reserve(static_cast<size_t>(kMaxRollVoters + 1) * 16);
  for (int i = 0; i <= kMaxRollVoters; ++i) {
    absl::StrAppend(&text, "v", i, ",n,g\n");
  }
  EXPECT_THAT(ParseError(text), StatusIs(absl::StatusCode::kInvalidArgument,
                                         HasSubstr("more than 200000 voters")));
  // Exactly the maximum is fine.
  text.resize(text.rfind("v", text.size() - 2));
  ASSERT_OK_AND_ASSIGN(v1::Roll roll, ParseRollCsv(text, "voters.csv"));
  EXPECT_EQ(roll.voters_size(), kMaxRollVoters);
}

TEST(LoadRollCsvTest, MissingFileIsNotFoundAndNamesThePath) {
  EXPECT_THAT(LoadRollCsv("/nonexistent/voters.csv"),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("/nonexistent/voters.csv")));
}

TEST(LoadRollCsvTest, ErrorsNameTheFileAsGiven) {
  const std::string path = GONGXIN_TESTDATA_DIR "/voters_bad_group.csv";
  EXPECT_THAT(LoadRollCsv(path),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr(path + ":row 3, column 3 (group): "
                                        "empty value")));
}


TEST(StripUtf8BomTest, RemovesOnlyALeadingBom) {
  EXPECT_EQ(StripUtf8Bom("\xEF\xBB\xBFx"), "x");
  EXPECT_EQ(StripUtf8Bom("x\xEF\xBB\xBF"), "x\xEF\xBB\xBF");
  EXPECT_EQ(StripUtf8Bom("\xEF\xBB"), "\xEF\xBB");
}

}  // namespace
}  // namespace gongxin::client
