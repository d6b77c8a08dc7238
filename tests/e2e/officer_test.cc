// Officer inputs end to end: real gongxind and gongxin on 127.0.0.1, two
// officer certificates from `gongxin pki`, scores and a veto for an S-2
// composite, a count that waits for two distinct officers, and the export
// verified offline (and refused once a score in it is edited).
#include <fstream>

#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/export.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/testing/sample_meeting.h"

namespace gongxin::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class OfficerE2eTest : public E2eTest {
 protected:
  // The shared meeting plus an S-2 composite over rec/head and a count
  // that needs two officers; 6 ballots: c1 3, c2 2, c3 1.
  std::string ClosedMeeting() {
    const std::string id = SixBallotsForHead(kS2SpecYaml);
    RunResult early = Cli({"officer", "score", id, "--candidate", "c1", "--indicator",
                           "basic_quality", "--value", "80"});
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

TEST_F(OfficerE2eTest, S2_ScoresVetoAndTwoOfficerApprovalThroughTheCli) {
  ASSERT_EQ(Cli({"pki", "issue", Pki(), "--role", "officer", "--name", "officer-2"}).code, 0);
  const std::string id = ClosedMeeting();

  RunResult scored = Score("officer", id, "c1", "basic_quality", "80");
  ASSERT_EQ(scored.code, 0) << scored.err;
  EXPECT_THAT(scored.out, HasSubstr("已记录：c1 的 basic_quality 评分为 80"));
  ASSERT_EQ(Score("officer", id, "c1", "commendations", "100").code, 0);
  ASSERT_EQ(Score("officer-2", id, "c2", "basic_quality", "90").code, 0);
  ASSERT_EQ(Score("officer-2", id, "c2", "commendations", "50").code, 0);
  ASSERT_EQ(Score("officer", id, "c3", "basic_quality", "100").code, 0);
  RunResult en = Cli({"--as", "officer", "officer", "score", id, "--candidate", "c3",
                      "--indicator", "commendations", "--value", "100", "--lang", "en"});
  ASSERT_EQ(en.code, 0) << en.err;
  EXPECT_THAT(en.out, HasSubstr("recorded: c3 scored 100 on commendations"));

  RunResult again = Score("officer-2", id, "c1", "basic_quality", "85");
  EXPECT_EQ(again.code, 1);
  EXPECT_THAT(again.err, HasSubstr("ALREADY_EXISTS"));
  RunResult off_scale = Score("officer", id, "c1", "basic_quality", "101");
  EXPECT_THAT(off_scale.err, HasSubstr("INVALID_ARGUMENT"));
  RunResult kiosk = Score("kiosk", id, "c2", "basic_quality", "1");
  EXPECT_THAT(kiosk.err, HasSubstr("PERMISSION_DENIED"));

  RunResult veto = Cli({"--as", "officer-2", "officer", "veto", id, "--candidate", "c3",
                        "--reason", "经查实的举报"});
  ASSERT_EQ(veto.code, 0) << veto.err;
  EXPECT_THAT(veto.out, HasSubstr("一票否决"));

  RunResult premature = Cli({"tally", "count", id});
  EXPECT_EQ(premature.code, 1);
  EXPECT_THAT(premature.err, HasSubstr("0 distinct officer(s) approved the count; the spec requires 2"));
  RunResult first = Cli({"tally", "approve", id});
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_THAT(first.out, HasSubstr("已审批计票：已有 1 名，需 2 名"));
  RunResult twice = Cli({"tally", "approve", id});
  EXPECT_THAT(twice.err, HasSubstr("ALREADY_EXISTS"));
  EXPECT_THAT(Cli({"tally", "count", id}).err, HasSubstr("1 distinct officer(s)"));
  ASSERT_EQ(Cli({"--as", "officer-2", "tally", "approve", id}).code, 0);

  RunResult count = Cli({"tally", "count", id});
  ASSERT_EQ(count.code, 0) << count.err;
  // c1: 3/6 → 45 + 4 + 5 = 54; c2: 2/6 → 30 + 4.5 + 2.5 = 37; c3 vetoed.
  EXPECT_THAT(count.out, HasSubstr("\n【综合得分】\n"));
  EXPECT_THAT(count.out, HasSubstr("\n局长考察人选综合得分（S-2）\n"));
  EXPECT_THAT(count.out, HasSubstr("54.00"));
  EXPECT_THAT(count.out, HasSubstr("37.00"));
  EXPECT_THAT(count.out, HasSubstr("一票否决：经查实的举报（officer-2）"));
  EXPECT_THAT(count.out, HasSubstr("批准计票的工作人员：officer-1、officer-2"));
  EXPECT_THAT(count.out, HasSubstr("不作自动决定"));
  RunResult english = Cli({"tally", "show", id, "--lang", "en"});
  ASSERT_EQ(english.code, 0) << english.err;
  EXPECT_THAT(english.out, HasSubstr("vetoed: 经查实的举报 (officer-2)"));
  EXPECT_THAT(english.out, HasSubstr("within 1:3"));

  const std::string export_file = dir_.File("officer.gxe");
  ASSERT_EQ(Cli({"audit", "export", id, "--out", export_file}).code, 0);
  RunResult verified = Cli({"audit", "verify", export_file, "--trust", trust_});
  EXPECT_EQ(verified.code, 0) << verified.out << verified.err;
  EXPECT_THAT(verified.out, HasSubstr("OK: meeting " + id));

  // Lift c2's basic-quality score in the export: the chain no longer holds.
  std::vector<v1::ExportRecord> records;
  {
    std::ifstream in(export_file, std::ios::binary);
    ledger::ExportReader reader(&in);
    ASSERT_TRUE(reader.ReadMagic().ok());
    v1::ExportRecord r;
    while (*reader.Next(&r)) records.push_back(r);
  }
  bool edited = false;
  int seq = -1;
  for (v1::ExportRecord& r : records) {
    v1::Entry e;
    if (!r.has_entry() || !e.ParseFromString(r.entry())) continue;
    ++seq;
    if (e.has_officer_score_entered() && e.officer_score_entered().candidate_id() == "c2") {
      e.mutable_officer_score_entered()->set_value("100");
      r.set_entry(e.SerializeAsString());
      edited = true;
      break;
    }
  }
  ASSERT_TRUE(edited);
  const std::string tampered = dir_.File("tampered.gxe");
  {
    std::ofstream out(tampered, std::ios::binary);
    ledger::ExportWriter writer(&out);
    for (const auto& r : records) ASSERT_TRUE(writer.Write(r).ok());
  }
  RunResult refused = Cli({"audit", "verify", tampered, "--trust", trust_});
  EXPECT_EQ(refused.code, 3) << refused.out << refused.err;
  EXPECT_THAT(refused.out, HasSubstr(absl::StrCat("entry ", seq, ":")));

  EXPECT_THAT(ServerLog(), Not(HasSubstr("经查实的举报")));
}

}  // namespace
}  // namespace gongxin::testing
