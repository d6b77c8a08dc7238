// Inspectors' scores end to end (issue 16): real gongxind and gongxin on
// 127.0.0.1 and four officer certificates from `gongxin pki`. The spec names
// a panel of three (officer-1, officer-2, officer-3; the mean) with
// officer-3 recused from c2 (考察回避) and grade bands (等次). Each inspector
// enters their sheet under their own certificate; officer-4 (not on the
// panel) and officer-3 for c2 are refused; the count averages exactly, the
// export verifies offline, the full report shows each sheet and the public
// one only the aggregates, and the CSV carries the grade beside the rank.
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/testing/sample_meeting.h"

namespace gongxin::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class InspectorsE2eTest : public E2eTest {
 protected:
  // The sample meeting with the panel of InspectionYaml, closed after 6
  // ballots for head: c1 3, c2 2, c3 1.
  std::string ClosedMeeting() {
    const std::string id = SixBallotsForHead(InspectionYaml("mean"));
    EXPECT_EQ(Cli({"meeting", "close", id}).code, 0);
    return id;
  }


  RunResult Sheet(const std::string& as, const std::string& id, const std::string& csv) {
    const std::string file = dir_.File(as + "-sheet.csv");
    std::ofstream(file) << "\xEF\xBB\xBF" "candidate,indicator,value\r\n" << csv;
    return Cli({"--as", as, "officer", "sheet", id, "--file", file});
  }
};

TEST_F(InspectorsE2eTest, EachInspectorScoresUnderTheirOwnCertificateAndTheReportShowsTheSheets) {
  for (const char* name : {"officer-2", "officer-3", "officer-4"}) {
    ASSERT_EQ(Cli({"pki", "issue", Pki(), "--role", "officer", "--name", name}).code, 0);
  }
  const std::string id = ClosedMeeting();
  RunResult one = Sheet("officer", id,
                        "c1,ability,90\nc1,integrity,9\nc2,ability,70\nc2,integrity,6\n"
                        "c3,ability,50\nc3,integrity,5\n");
  ASSERT_EQ(one.code, 0) << one.err;
  EXPECT_THAT(one.out, HasSubstr("已记录：c1 的 ability 评分为 90"));
  ASSERT_EQ(Sheet("officer-2", id,
                  "c1,ability,80\nc1,integrity,8\nc2,ability,75\nc2,integrity,7\n"
                  "c3,ability,50\nc3,integrity,5\n")
                .code,
            0);
  // officer-3's sheet stops at c2, from whom they are recused; the rows
  // before it stay entered.
  RunResult recused = Sheet("officer-3", id,
                            "c1,ability,85\nc1,integrity,7\nc2,ability,99\nc3,ability,50\n");
  EXPECT_EQ(recused.code, 1);
  EXPECT_THAT(recused.err, HasSubstr("FAILED_PRECONDITION"));
  EXPECT_THAT(recused.err, HasSubstr("officer-3-sheet.csv:4"));
  EXPECT_THAT(recused.err, HasSubstr("is recused from candidate c2 (考察回避"));
  ASSERT_EQ(Sheet("officer-3", id, "c3,ability,50\nc3,integrity,5\n").code, 0);

  RunResult outsider = Cli({"--as", "officer-4", "officer", "score", id, "--candidate", "c1",
                            "--indicator", "ability", "--value", "100"});
  EXPECT_EQ(outsider.code, 1);
  EXPECT_THAT(outsider.err, HasSubstr("PERMISSION_DENIED"));
  RunResult twice = Cli({"--as", "officer-2", "officer", "score", id, "--candidate", "c1",
                         "--indicator", "ability", "--value", "81"});
  EXPECT_THAT(twice.err, HasSubstr("ALREADY_EXISTS"));
  RunResult high = Cli({"--as", "officer-2", "officer", "score", id, "--candidate", "c3",
                        "--indicator", "integrity", "--value", "10.5"});
  EXPECT_THAT(high.err, HasSubstr("INVALID_ARGUMENT"));

  // officer-2 mistyped c1's ability: officer-1 proposes, officer-2 approves.
  RunResult proposed = Cli({"--as", "officer", "officer", "correct", id, "--candidate", "c1",
                            "--indicator", "ability", "--inspector", "officer-2", "--value",
                            "82", "--reason", "评分表誊写错误"});
  ASSERT_EQ(proposed.code, 0) << proposed.err;
  const size_t at = proposed.out.find("账本第 ");
  ASSERT_NE(at, std::string::npos) << proposed.out;
  const std::string seq = proposed.out.substr(at + 10, proposed.out.find(' ', at + 10) - at - 10);
  ASSERT_EQ(Cli({"--as", "officer-2", "officer", "approve-correction", id, "--seq", seq}).code, 0);

  RunResult count = Cli({"tally", "count", id, "--format", "json"});
  ASSERT_EQ(count.code, 0) << count.err;
  // c1 ability (90 + 82 + 85) / 3 = 257/3; integrity (9 + 8 + 7) / 3 = 8;
  // c2 over two: 72.5 and 6.5.
  EXPECT_THAT(count.out, HasSubstr("\"257/3\""));
  EXPECT_THAT(count.out, HasSubstr("\"72.5\""));
  EXPECT_THAT(count.out, HasSubstr("\"基本称职\""));

  const std::string export_file = dir_.File("inspected.gxe");
  ASSERT_EQ(Cli({"audit", "export", id, "--out", export_file}).code, 0);
  RunResult verified = Cli({"audit", "verify", export_file, "--trust", trust_});
  EXPECT_EQ(verified.code, 0) << verified.out << verified.err;

  RunResult full = Cli({"tally", "report", id, "--variant", "full", "--out",
                        dir_.File("full.html")});
  ASSERT_EQ(full.code, 0) << full.err;
  const std::string html = ReadWholeFileForTest(dir_.File("full.html"));
  EXPECT_THAT(html, HasSubstr("考察人评分表"));
  EXPECT_THAT(html, HasSubstr("张组长 (officer-1) · 干部能力考察"));
  EXPECT_THAT(html, HasSubstr(">82<"));  // officer-2's corrected score, on their sheet
  EXPECT_THAT(html, HasSubstr("评分表誊写错误"));
  RunResult pub = Cli({"tally", "report", id, "--out", dir_.File("public.html")});
  ASSERT_EQ(pub.code, 0) << pub.err;
  const std::string public_html = ReadWholeFileForTest(dir_.File("public.html"));
  EXPECT_THAT(public_html, Not(HasSubstr("考察人评分表")));
  EXPECT_THAT(public_html, HasSubstr("（3 人）"));
  EXPECT_THAT(public_html, HasSubstr("officer-3 对 王芳 回避（亲属关系）"));
  RunResult csv = Cli({"tally", "show", id, "--format", "csv"});
  ASSERT_EQ(csv.code, 0) << csv.err;
  EXPECT_THAT(csv.out, HasSubstr("composite_grade"));
}

}  // namespace
}  // namespace gongxin::testing
