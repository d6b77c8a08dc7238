// Candidates from a CSV file: the header names the columns (English or
// Chinese, any order), every row is a candidate, and a spec names the file
// where it would list them.
#include "client/candidates_csv.h"

#include <fstream>
#include <string>
#include <vector>

#include "client/spec_loader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace gongxin::client {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

absl::Status ParseError(absl::string_view text, CandidateList kind = CandidateList::kPersons) {
  return ParseCandidatesCsv(text, "c.csv", kind).status();
}

TEST(CandidatesCsvTest, ReadsChineseHeaderInAnyOrderWithOptionalColumns) {
  ASSERT_OK_AND_ASSIGN(
      const std::vector<v1::Candidate> people,
      ParseCandidatesCsv("姓名,编号,备注,现任职务\n张伟,c1,,办公室主任\n\"李, 娜\",c2,2024年度优秀,\n",
                         "c.csv", CandidateList::kPersons));
  ASSERT_EQ(people.size(), 2u);
  EXPECT_EQ(people[0].id(), "c1");
  EXPECT_EQ(people[0].name(), "张伟");
  EXPECT_EQ(people[0].current_post(), "办公室主任");
  EXPECT_EQ(people[0].note(), "");
  EXPECT_EQ(people[1].name(), "李, 娜");
  EXPECT_EQ(people[1].note(), "2024年度优秀");
}

TEST(CandidatesCsvTest, DecisionListTakesTheProposedPost) {
  ASSERT_OK_AND_ASSIGN(const std::vector<v1::Candidate> people,
                       ParseCandidatesCsv("id,name,proposed_post\nd1,王强,副局长\n", "c.csv",
                                          CandidateList::kDecision));
  ASSERT_EQ(people.size(), 1u);
  EXPECT_EQ(people[0].proposed_post(), "副局长");
  EXPECT_THAT(ParseError("id,name,拟任职务\nd1,王强,副局长\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("c.csv:row 1, column 3 (拟任职务): is for decision questions only")));
}

TEST(CandidatesCsvTest, RefusesABadHeader) {
  EXPECT_THAT(ParseError("id,current_post\nc1,主任\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("c.csv:row 1: the header has no column name (姓名)")));
  EXPECT_THAT(ParseError("id,name,age\nc1,张伟,40\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("c.csv:row 1, column 3 (age): unknown column; the columns are id "
                                 "(编号), name (姓名), current_post (现任职务), note (备注)")));
  EXPECT_THAT(ParseError("id,name,编号\nc1,张伟,c1\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("c.csv:row 1, column 3 (编号): the column appears twice")));
  EXPECT_THAT(ParseError(""), StatusIs(absl::StatusCode::kInvalidArgument,
                                       HasSubstr("c.csv:row 1: the file is empty")));
  EXPECT_THAT(ParseError("id,name\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("c.csv:row 1: no candidates under the header")));
}

TEST(CandidatesCsvTest, RefusesABadRowNamingItsRowAndColumn) {
  EXPECT_THAT(ParseError("id,name\nc1,张伟\n\nc2\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("c.csv:row 4: expected 2 fields, as the header has; found 1")));
  EXPECT_THAT(ParseError("编号,姓名\nc1,  \n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("c.csv:row 2, column 2 (姓名): empty value")));
  EXPECT_THAT(ParseError("id,name\nc1,张伟\nC1,李娜\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("c.csv:row 3, column 1 (id): candidate id \"C1\" differs only "
                                 "in letter case")));
  EXPECT_THAT(ParseError("id,name\nc1,\"张\n伟\"\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("c.csv:row 2, column 2 (name): contains a control character")));
}

// A spec names the file where it would list the candidates; the path is
// relative to the spec, as `roll:` is.
class SpecWithCandidateCsvTest : public ::testing::Test {
 protected:
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_.File(name), std::ios::binary) << text;
  }
  absl::StatusOr<LoadedMeeting> Load(const std::string& candidates_value) {
    Write("voters.csv", "voter_id,name,group\nv001,张三,staff\n");
    Write("meeting.yaml", "title: 推荐会\nunit: 中共某县委组织部\nroll: voters.csv\ngroups:\n  - {id: staff, name: 一般干部}\n"
                          "forms:\n  - id: rec\n    title: 推荐票\n    mode: named\n    questions:\n"
                          "      - id: head\n        title: 局长人选\n        kind: approval\n"
                          "        post: 局长\n"
                          "        seats: 1\n        candidates: " +
                              candidates_value + "\n");
    return LoadMeetingSpec(dir_.File("meeting.yaml"));
  }
  testing::TempDir dir_;
};

TEST_F(SpecWithCandidateCsvTest, CandidatesComeFromTheNamedFile) {
  Write("候选人.csv", "编号,姓名,现任职务\nc1,张伟,办公室主任\nc2,李娜,\n");
  ASSERT_OK_AND_ASSIGN(const LoadedMeeting meeting, Load("候选人.csv"));
  const v1::ApprovalQuestion& q = meeting.spec.forms(0).questions(0).approval();
  ASSERT_EQ(q.candidates_size(), 2);
  EXPECT_EQ(q.candidates(0).name(), "张伟");
  EXPECT_EQ(q.candidates(0).current_post(), "办公室主任");
  EXPECT_EQ(q.candidates(1).id(), "c2");
}

TEST_F(SpecWithCandidateCsvTest, AMissingFileIsNamedAtTheSpecLine) {
  EXPECT_THAT(Load("nowhere.csv").status(),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("meeting.yaml:16:21: forms[0].questions[0].candidates: cannot "
                                 "open")));
}

TEST_F(SpecWithCandidateCsvTest, AnErrorInTheFileNamesTheFileRowAndColumn) {
  Write("c.csv", "id,name\nc1,\n");
  EXPECT_THAT(Load("c.csv").status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("c.csv:row 2, column 2 (name): empty value")));
}

}  // namespace
}  // namespace gongxin::client
