// A sampled survey end to end (seed 001's 公信度调查 and its 百人问卷, scaled
// down): real gongxind and gongxin on 127.0.0.1. The roll is the
// population; the spec names the public value in advance; the meeting
// cannot open before the draw; a voter not drawn is refused at the kiosk;
// the export verifies and the redraw is part of the verification; the
// announcement and the report show how the sample was drawn.
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/e2e_fixture.h"

namespace gongxin::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kSurveySpec[] = R"(title: 2026年度选人用人工作公信度调查
unit: 中共某县委组织部
roll: voters.csv
groups:
  - {id: party, name: 党代表}
  - {id: npc, name: 人大代表}
  - {id: cppcc, name: 政协委员}
  - {id: other, name: 其他人员}
sample:
  beacon_source: 2026年12月10日 中国福利彩票3D 开奖号码
  strata:
    - {group: party, size: 6}
    - {group: npc, size: 6}
    - {group: cppcc, size: 6}
forms:
  - id: survey
    title: 选人用人工作公信度调查问卷
    mode: anonymous
    questions:
      - id: work
        title: 对本地区选人用人工作的总体评价
        kind: graded
        subjects:
          - {id: work, name: 选人用人工作}
        scale:
          - {id: satisfied, label: 满意}
          - {id: basic, label: 基本满意}
          - {id: dissatisfied, label: 不满意}
          - {id: unknown, label: 不了解, dont_know: true}
)";

class SurveyE2eTest : public E2eTest {
 protected:
  // 15 party deputies, 12 people's congress deputies, 10 CPPCC members
  // and 5 others: 42 on the roll, 6 + 6 + 6 + 5 take part.
  std::string Create() {
    std::ofstream roll(dir_.File("voters.csv"));
    roll << "voter_id,name,group\n";
    const std::vector<std::pair<std::string, int>> groups = {
        {"party", 15}, {"npc", 12}, {"cppcc", 10}, {"other", 5}};
    for (const auto& [group, n] : groups) {
      for (int i = 1; i <= n; ++i) {
        roll << group << i << ",受访者" << group << i << "," << group << "\n";
      }
    }
    roll.close();
    std::ofstream(dir_.File("survey.yaml")) << kSurveySpec;
    RunResult created = Cli({"meeting", "create", "--spec", dir_.File("survey.yaml")});
    EXPECT_EQ(created.code, 0) << created.err;
    return std::string(absl::StripAsciiWhitespace(created.out));
  }
  std::string Read(const std::string& name) { return ReadWholeFileForTest(dir_.File(name)); }
};

TEST_F(SurveyE2eTest, DrawnSampleVotesAndTheExportRedrawsIt) {
  const std::string id = Create();
  ASSERT_FALSE(id.empty());
  ASSERT_EQ(Cli({"meeting", "announce", id}).code, 0);
  RunResult early = Cli({"meeting", "open", id});
  EXPECT_NE(early.code, 0);
  EXPECT_THAT(early.err, HasSubstr("cannot open before its sample is drawn"));
  RunResult shown = Cli({"meeting", "show", id});
  ASSERT_EQ(shown.code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("应到：    23"));
  EXPECT_THAT(shown.out, HasSubstr("自总体 42 人中抽取（尚未抽取）"));
  ASSERT_EQ(Cli({"meeting", "announcement", id, "--out", dir_.File("a.html")}).code, 0);
  const std::string announcement = Read("a.html");
  EXPECT_THAT(announcement, HasSubstr("抽样调查"));
  EXPECT_THAT(announcement, HasSubstr("2026年12月10日 中国福利彩票3D 开奖号码"));
  EXPECT_THAT(announcement, HasSubstr("尚未抽样"));

  RunResult drawn = Cli({"meeting", "draw-sample", id, "--beacon", "417"});
  ASSERT_EQ(drawn.code, 0) << drawn.err;
  EXPECT_THAT(drawn.out, HasSubstr("应到：      23 人（总体 42 人）"));
  EXPECT_THAT(drawn.out, HasSubstr("其他人员 (other): 全体参加"));
  const std::regex seed_re("种子：      ([0-9a-f]{64})");
  std::smatch seed;
  ASSERT_TRUE(std::regex_search(drawn.out, seed, seed_re)) << drawn.out;
  // The drawn voters, per group: "  党代表 (party): 6 人：party3, party11, …".
  std::set<std::string> sample;
  for (absl::string_view line : absl::StrSplit(drawn.out, '\n')) {
    const size_t at = line.find(" 人：");
    if (at == absl::string_view::npos) continue;
    for (absl::string_view v : absl::StrSplit(line.substr(at + strlen(" 人：")), ", ")) {
      sample.insert(std::string(v));
    }
  }
  ASSERT_EQ(sample.size(), 18u) << drawn.out;
  RunResult twice = Cli({"meeting", "draw-sample", id, "--beacon", "418"});
  EXPECT_NE(twice.code, 0);
  EXPECT_THAT(twice.err, HasSubstr("the sample was drawn at entry"));
  ASSERT_EQ(Cli({"meeting", "open", id}).code, 0);

  std::string left_out;
  for (int i = 1; i <= 15 && left_out.empty(); ++i) {
    if (!sample.contains(absl::StrCat("party", i))) left_out = absl::StrCat("party", i);
  }
  RunResult refused = Cli({"kiosk", "vote", "--meeting", id, "--voter", left_out, "--grade",
                           "work=work:satisfied"});
  EXPECT_NE(refused.code, 0);
  EXPECT_THAT(refused.err, HasSubstr("was not drawn into its sample"));

  // Every drawn party deputy and two of the others answer.
  int voted = 0;
  for (const std::string& voter : sample) {
    if (voter.rfind("party", 0) != 0) continue;
    const char* grade = voted % 3 == 2 ? "basic" : "satisfied";
    RunResult v = Cli({"kiosk", "vote", "--meeting", id, "--voter", voter, "--grade",
                       absl::StrCat("work=work:", grade)});
    EXPECT_EQ(v.code, 0) << voter << ": " << v.err;
    ++voted;
  }
  for (const char* voter : {"other1", "other2"}) {
    RunResult v = Cli({"kiosk", "vote", "--meeting", id, "--voter", voter, "--grade",
                       "work=work:dissatisfied"});
    EXPECT_EQ(v.code, 0) << voter << ": " << v.err;
  }
  ASSERT_EQ(Cli({"meeting", "close", id}).code, 0);
  ASSERT_EQ(Cli({"tally", "count", id}).code, 0);

  const std::string export_file = dir_.File("survey.gxe");
  ASSERT_EQ(Cli({"audit", "export", id, "--out", export_file}).code, 0);
  RunResult verified = Cli({"audit", "verify", export_file, "--trust", trust_});
  ASSERT_EQ(verified.code, 0) << verified.err;
  EXPECT_THAT(verified.out, HasSubstr("a sampled survey: 23 of the 42 on the roll take part"));
  const std::string public_file = dir_.File("survey-public.gxe");
  ASSERT_EQ(Cli({"audit", "export", id, "--public", "--out", public_file}).code, 0);
  RunResult public_verified = Cli({"audit", "verify", public_file, "--trust", trust_});
  ASSERT_EQ(public_verified.code, 0) << public_verified.err;
  EXPECT_THAT(public_verified.out, HasSubstr("redrawn here from the roll"));

  ASSERT_EQ(Cli({"tally", "report", id, "--out", dir_.File("report.html")}).code, 0);
  const std::string report = Read("report.html");
  EXPECT_THAT(report, HasSubstr("抽样调查"));
  EXPECT_THAT(report, HasSubstr(seed[1].str()));
  EXPECT_THAT(report, HasSubstr("417"));
  ASSERT_EQ(Cli({"tally", "report", id, "--lang", "en", "--out", dir_.File("report-en.html")})
                .code,
            0);
  EXPECT_THAT(Read("report-en.html"), HasSubstr("Sampled survey"));
}

}  // namespace
}  // namespace gongxin::testing
