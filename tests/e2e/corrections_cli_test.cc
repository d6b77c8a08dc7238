// Score corrections end to end (issue 14): real gongxind and gongxin on
// 127.0.0.1, two officer certificates from `gongxin pki`; officer-1 enters a
// mistyped score and proposes its correction, officer-1 cannot approve it,
// officer-2 does; the count uses the corrected value, the export verifies
// offline, and the full report lists the correction with both officers.
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

class CorrectionsE2eTest : public E2eTest {
 protected:
  // The sample meeting with an S-2 composite over rec/head, closed after 6
  // ballots: c1 3, c2 2, c3 1.
  std::string ClosedMeeting() {
    const std::string id = SixBallotsForHead(kS2SpecYaml);
    RunResult early = Cli({"officer", "correct", id, "--candidate", "c1", "--indicator",
                           "basic_quality", "--value", "60", "--reason", "误录"});
    EXPECT_EQ(early.code, 1);
    EXPECT_THAT(early.err, HasSubstr("FAILED_PRECONDITION"));
    EXPECT_EQ(Cli({"meeting", "close", id}).code, 0);
    return id;
  }


  RunResult Score(const std::string& as, const std::string& id, const std::string& candidate,
                  const std::string& indicator, const std::string& value) {
    return Cli({"--as", as, "officer", "score", id, "--candidate", candidate, "--indicator",
                indicator, "--value", value});
  }
};

TEST_F(CorrectionsE2eTest, MistypedScoreIsCorrectedWithASecondOfficersApproval) {
  ASSERT_EQ(Cli({"pki", "issue", Pki(), "--role", "officer", "--name", "officer-2"}).code, 0);
  const std::string id = ClosedMeeting();
  for (const char* c : {"c1", "c2", "c3"}) {
    ASSERT_EQ(Score("officer", id, c, "basic_quality", c == std::string("c1") ? "80" : "60").code,
              0);
    ASSERT_EQ(Score("officer", id, c, "commendations", "100").code, 0);
  }

  RunResult proposed = Cli({"--as", "officer", "officer", "correct", id, "--candidate", "c1",
                            "--indicator", "basic_quality", "--value", "60", "--reason",
                            "录入时把 60 误录为 80"});
  ASSERT_EQ(proposed.code, 0) << proposed.err;
  EXPECT_THAT(proposed.out, HasSubstr("已提出更正：c1 的 basic_quality 改为 60"));
  // "（账本第 N 条，…": the proposal's seq, which the approver names.
  const size_t at = proposed.out.find("账本第 ");
  ASSERT_NE(at, std::string::npos) << proposed.out;
  const std::string seq = proposed.out.substr(at + 10, proposed.out.find(' ', at + 10) - at - 10);

  RunResult self = Cli({"--as", "officer", "officer", "approve-correction", id, "--seq", seq});
  EXPECT_EQ(self.code, 1);
  EXPECT_THAT(self.err, HasSubstr("PERMISSION_DENIED"));
  EXPECT_THAT(self.err, HasSubstr("a second officer must approve it"));
  RunResult approved =
      Cli({"--as", "officer-2", "officer", "approve-correction", id, "--seq", seq, "--lang", "en"});
  ASSERT_EQ(approved.code, 0) << approved.err;
  EXPECT_THAT(approved.out, HasSubstr("approved: it is in effect"));
  RunResult twice = Cli({"--as", "officer-2", "officer", "approve-correction", id, "--seq", seq});
  EXPECT_THAT(twice.err, HasSubstr("ALREADY_EXISTS"));

  ASSERT_EQ(Cli({"tally", "approve", id}).code, 0);
  ASSERT_EQ(Cli({"--as", "officer-2", "tally", "approve", id}).code, 0);
  RunResult frozen = Cli({"officer", "correct", id, "--candidate", "c2", "--indicator",
                          "basic_quality", "--value", "70", "--reason", "误录"});
  EXPECT_THAT(frozen.err, HasSubstr("approvals freeze officer inputs"));
  RunResult count = Cli({"tally", "count", id});
  ASSERT_EQ(count.code, 0) << count.err;
  // c1: 3/6 → 45 + 5 % × 60 + 5 = 53 (the mistyped 80 gave 54).
  EXPECT_THAT(count.out, HasSubstr("53.00"));
  EXPECT_THAT(count.out, Not(HasSubstr("54.00")));

  const std::string export_file = dir_.File("corrected.gxe");
  ASSERT_EQ(Cli({"audit", "export", id, "--out", export_file}).code, 0);
  RunResult verified = Cli({"audit", "verify", export_file, "--trust", trust_});
  EXPECT_EQ(verified.code, 0) << verified.out << verified.err;

  RunResult full = Cli({"tally", "report", id, "--variant", "full", "--out",
                        dir_.File("full.html")});
  ASSERT_EQ(full.code, 0) << full.err;
  const std::string html = ReadWholeFileForTest(dir_.File("full.html"));
  EXPECT_THAT(html, HasSubstr("评分更正"));
  EXPECT_THAT(html, HasSubstr("录入时把 60 误录为 80"));
  EXPECT_THAT(html, HasSubstr("officer-1"));
  EXPECT_THAT(html, HasSubstr("officer-2"));
  RunResult pub = Cli({"tally", "report", id, "--out", dir_.File("public.html")});
  ASSERT_EQ(pub.code, 0) << pub.err;
  EXPECT_THAT(ReadWholeFileForTest(dir_.File("public.html")), Not(HasSubstr("误录")));
}

}  // namespace
}  // namespace gongxin::testing
