// The decision kind (rules B1–B4, B7) and a two-round progressive
// recommendation (rules S-8, A9) through the real CLI against a real
// gongxind on 127.0.0.1.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/testing/sample_meeting.h"

namespace gongxin::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class KindsCliTest : public E2eTest {
 protected:
  // Votes as `voter` with `args` (flags of `gongxin kiosk vote`).
  RunResult Vote(const std::string& id, const std::string& voter,
                 std::vector<std::string> args) {
    std::vector<std::string> argv = {"kiosk", "--state-dir", dir_.File("kiosk-state"), "vote",
                                     "--meeting", id, "--voter", voter};
    argv.insert(argv.end(), args.begin(), args.end());
    return Cli(argv);
  }

  std::string Create(const std::string& spec) {
    RunResult created = Cli({"meeting", "create", "--spec", spec});
    EXPECT_EQ(created.code, 0) << created.err;
    return std::string(absl::StripAsciiWhitespace(created.out));
  }
};

// A standing committee of 6: a decision on 张三 (v002 recused) and a
// competitive decision for one post; plus an anonymous evaluation form
// for the staff (v003..v006) with a best-per-element and a checklist
// question.
constexpr char kCommitteeSpec[] = R"(title: 常委会干部任免票决
unit: 中共测试县委
roll: voters.csv
groups:
  - {id: leaders, name: 领导班子成员}
  - {id: staff, name: 一般干部}
forms:
  - id: vote
    title: 表决票
    mode: named
    questions:
      - id: appoint
        title: 任职表决
        kind: decision
        candidates:
          - {id: c1, name: 张三, current_post: 副局长, proposed_post: 局长, recused: [v002]}
      - id: pick
        title: 差额票决
        kind: decision
        competitive: true
        post: 办公室主任
        candidates:
          - {id: a, name: 甲}
          - {id: b, name: 乙}
          - {id: c, name: 丙}
  - id: eval
    title: 评议表
    mode: anonymous
    eligible_groups: [staff]
    questions:
      - id: best
        title: 最优要素
        kind: element
        elements:
          - {id: morals, label: 道德品行最好}
        candidates:
          - {id: p1, name: 王五}
          - {id: p2, name: 赵六}
      - id: check
        title: 正反向测评
        kind: checklist
        subjects:
          - {id: p1, name: 王五}
        items:
          - {id: firm, label: 政治坚定, polarity: positive}
          - {id: lax, label: 作风漂浮, polarity: negative}
)";

TEST_F(KindsCliTest, DecisionMeetingRefusesTheRecusedAndCountsOverEveryoneDue) {
  WriteSampleMeetingFiles(dir_.path(), 6);  // voters.csv with v001..v006
  std::filesystem::create_directories(dir_.File("kiosk-state"));
  std::ofstream(dir_.File("committee.yaml")) << kCommitteeSpec;
  const std::string id = Create(dir_.File("committee.yaml"));
  ASSERT_EQ(Cli({"meeting", "announce", id}).code, 0);
  ASSERT_EQ(Cli({"meeting", "open", id}).code, 0);
  // Rule D4: the kiosk shows the decision table without a write-in line.
  RunResult form = Cli({"kiosk", "form", "--meeting", id, "--form", "vote"});
  ASSERT_EQ(form.code, 0) << form.err;
  EXPECT_THAT(form.out, HasSubstr("张三 [c1]  副局长 → 局长   □同意  □不同意  □弃权"));
  EXPECT_THAT(form.out, HasSubstr("不得另提他人"));

  // Rule B4: v002 may not mark 张三; the refusal names the mark.
  RunResult recused = Vote(id, "v002", {"--decide", "appoint=c1:agree"});
  EXPECT_EQ(recused.code, 1);
  EXPECT_THAT(recused.err, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(recused.err, HasSubstr("recused"));
  // Rule B7: a competitive ballot takes one agree mark.
  RunResult two = Vote(id, "v002", {"--decide", "pick=a:agree,b:agree"});
  EXPECT_EQ(two.code, 1);
  EXPECT_THAT(two.err, HasSubstr("exceed max_agree 1"));

  // 5 of 6 present (quorum ⌈12/3⌉ = 4). 张三: 3 agree, 1 disagree, v002
  // blank → 3 is not more than half of 6 due: not passed (rule B2).
  // 差额: 甲 4 → most votes and 4 > 3: elected.
  ASSERT_EQ(Vote(id, "v001", {"--decide", "appoint=c1:agree", "--decide", "pick=a:agree"}).code,
            0);
  RunResult v002 = Vote(id, "v002", {"--decide", "pick=a:agree"});
  ASSERT_EQ(v002.code, 0) << v002.err;
  ASSERT_EQ(Vote(id, "v003", {"--decide", "appoint=c1:同意", "--decide", "pick=a:agree",
                              "--element", "best=morals:p1", "--tick", "check=p1:firm,lax"})
                .code,
            0);
  ASSERT_EQ(Vote(id, "v004", {"--decide", "appoint=c1:agree", "--decide", "pick=a:agree",
                              "--element", "best=morals:p2"})
                .code,
            0);
  ASSERT_EQ(Vote(id, "v005", {"--decide", "appoint=c1:disagree", "--decide", "pick=b:agree",
                              "--tick", "check=p1:firm"})
                .code,
            0);
  ASSERT_EQ(Cli({"meeting", "close", id}).code, 0);
  RunResult count = Cli({"tally", "count", id});
  ASSERT_EQ(count.code, 0) << count.err;
  EXPECT_THAT(count.out, HasSubstr("应到会 6 人，实到 5 人；法定人数 4 人（已达到）"));
  EXPECT_THAT(count.out, HasSubstr("未通过"));
  EXPECT_THAT(count.out, HasSubstr("得票最多且达到通过票数：甲"));
  EXPECT_THAT(count.out, HasSubstr("要素：道德品行最好"));
  EXPECT_THAT(count.out, HasSubstr("作风漂浮"));

  RunResult en = Cli({"tally", "show", id, "--lang", "en"});
  ASSERT_EQ(en.code, 0) << en.err;
  EXPECT_THAT(en.out, HasSubstr("not passed"));
  EXPECT_THAT(en.out, HasSubstr("Most votes and passing: 甲"));

  // The offline verifier replays the whole record to the same count.
  ASSERT_EQ(Cli({"audit", "export", id, "--out", dir_.File("committee.gxe")}).code, 0);
  RunResult verified = Cli({"audit", "verify", dir_.File("committee.gxe"), "--trust", trust_});
  EXPECT_EQ(verified.code, 0) << verified.out << verified.err;
}

TEST_F(KindsCliTest, TwoRoundRecommendationKeepsTheLinkOnTheLedger) {
  const std::string round1 = CreateOpenMeeting(6);
  // 张伟 (c1) 3, 王芳 (c2) 2, 李娜 (c3) 1.
  for (const auto& [voter, head] : std::vector<std::pair<std::string, std::string>>{
           {"v001", "c1"}, {"v002", "c1"}, {"v003", "c1"}, {"v004", "c2"}, {"v005", "c2"},
           {"v006", "c3"}}) {
    ASSERT_EQ(Vote(round1, voter, {"--choose", "head=" + head}).code, 0) << voter;
  }
  // A next round before the count is refused.
  RunResult early = Cli({"meeting", "next-round", round1, "--form", "rec", "--question", "head",
                         "--top", "2", "--out", dir_.File("next.yaml")});
  EXPECT_EQ(early.code, 1);
  EXPECT_THAT(early.err, HasSubstr("not been counted"));

  ASSERT_EQ(Cli({"meeting", "close", round1}).code, 0);
  ASSERT_EQ(Cli({"tally", "count", round1}).code, 0);
  RunResult next = Cli({"meeting", "next-round", round1, "--form", "rec", "--question", "head",
                        "--top", "2", "--roll", "voters.csv", "--out", dir_.File("next.yaml")});
  ASSERT_EQ(next.code, 0) << next.err;
  std::ifstream in(dir_.File("next.yaml"));
  const std::string yaml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_THAT(yaml, HasSubstr("张伟"));
  EXPECT_THAT(yaml, HasSubstr("王芳"));
  EXPECT_THAT(yaml, Not(HasSubstr("李娜")));

  // A hand-edited list that adds 李娜 is refused by the server.
  std::string edited = yaml;
  const std::string anchor =
      "          - {id: \"c2\", name: \"王芳\", current_post: \"办公室主任\"}\n";
  const size_t at = edited.find(anchor);
  ASSERT_NE(at, std::string::npos) << yaml;
  edited.insert(at + anchor.size(), "          - {id: \"c3\", name: \"李娜\"}\n");
  std::ofstream(dir_.File("edited.yaml")) << edited;
  RunResult refused = Cli({"meeting", "create", "--spec", dir_.File("edited.yaml")});
  EXPECT_EQ(refused.code, 1);
  EXPECT_THAT(refused.err, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(refused.err, HasSubstr("candidate c3"));

  // The generated spec creates round 2; its genesis carries the link.
  const std::string round2 = Create(dir_.File("next.yaml"));
  RunResult show = Cli({"meeting", "show", round2, "--format", "json"});
  ASSERT_EQ(show.code, 0) << show.err;
  EXPECT_THAT(show.out, HasSubstr("\"previous_meeting_id\": \"" + round1 + "\""));
  EXPECT_THAT(show.out, HasSubstr("\"round\": 2"));
  ASSERT_EQ(Cli({"meeting", "announce", round2}).code, 0);
  ASSERT_EQ(Cli({"meeting", "open", round2}).code, 0);
  ASSERT_EQ(Vote(round2, "v001", {"--choose", "head=c2"}).code, 0);
  // 李娜 is no longer on the ballot.
  RunResult gone = Vote(round2, "v002", {"--choose", "head=c3"});
  EXPECT_EQ(gone.code, 1);
  EXPECT_THAT(gone.err, HasSubstr("unknown candidate"));
  ASSERT_EQ(Cli({"meeting", "close", round2}).code, 0);
  RunResult count = Cli({"tally", "count", round2});
  ASSERT_EQ(count.code, 0) << count.err;
  EXPECT_THAT(count.out, HasSubstr("王芳"));

  // An auditor holding both exports checks the link offline.
  ASSERT_EQ(Cli({"audit", "export", round1, "--out", dir_.File("r1.gxe")}).code, 0);
  ASSERT_EQ(Cli({"audit", "export", round2, "--out", dir_.File("r2.gxe")}).code, 0);
  RunResult linked = Cli({"audit", "verify", dir_.File("r2.gxe"), "--trust", trust_,
                          "--previous", dir_.File("r1.gxe")});
  EXPECT_EQ(linked.code, 0) << linked.out << linked.err;
  EXPECT_THAT(linked.out, HasSubstr("is the next round of meeting " + round1));
  // Against the wrong meeting (round 2 itself) the link check fails.
  RunResult wrong = Cli({"audit", "verify", dir_.File("r2.gxe"), "--trust", trust_,
                         "--previous", dir_.File("r2.gxe")});
  EXPECT_EQ(wrong.code, 3);
  EXPECT_THAT(wrong.out, HasSubstr("FAILED: round link"));
}

// 监督评议 (rule S-5, seed 004): 不满意 > 1/3 on 甲 → 诫勉谈话; after a
// six-month 整改 the follow-up evaluation of the same cadre shows the
// change, and an auditor checks the link offline.
constexpr char kSupervisionSpec[] = R"(title: 干部监督评议
unit: 中共测试县委
roll: voters.csv
groups:
  - {id: leaders, name: 领导班子成员}
  - {id: staff, name: 一般干部}
forms:
  - id: eval
    title: 满意度测评表
    mode: anonymous
    rules:
      - preset: S-5
    questions:
      - id: sat
        title: 满意度
        kind: graded
        scale: satisfaction
        subjects:
          - {id: c1, name: 甲, current_post: 副局长}
)";

TEST_F(KindsCliTest, S5_FollowUpEvaluationShowsTheChangeAfterRectification) {
  WriteSampleMeetingFiles(dir_.path(), 6);
  std::filesystem::create_directories(dir_.File("kiosk-state"));
  std::ofstream(dir_.File("supervision.yaml")) << kSupervisionSpec;
  const std::string first = Create(dir_.File("supervision.yaml"));
  ASSERT_EQ(Cli({"meeting", "announce", first}).code, 0);
  ASSERT_EQ(Cli({"meeting", "open", first}).code, 0);
  // 不满意 3 of 6 = 1/2: more than 1/3 (S-5a), not more than 1/2.
  const std::vector<std::pair<std::string, std::string>> before = {
      {"v001", "dissatisfied"}, {"v002", "dissatisfied"}, {"v003", "dissatisfied"},
      {"v004", "basic"},        {"v005", "basic"},        {"v006", "satisfied"}};
  for (const auto& [voter, grade] : before) {
    RunResult v = Vote(first, voter, {"--grade", "sat=c1:" + grade});
    ASSERT_EQ(v.code, 0) << voter << v.err;
  }
  ASSERT_EQ(Cli({"meeting", "close", first}).code, 0);
  RunResult count1 = Cli({"tally", "count", first});
  ASSERT_EQ(count1.code, 0) << count1.err;
  EXPECT_THAT(count1.out, HasSubstr("诫勉谈话"));
  ASSERT_EQ(Cli({"meeting", "publish", first}).code, 0);

  RunResult follow = Cli({"meeting", "follow-up", first, "--form", "eval", "--question", "sat",
                          "--months", "6", "--roll", "voters.csv", "--out",
                          dir_.File("follow.yaml")});
  ASSERT_EQ(follow.code, 0) << follow.err;
  std::ifstream in(dir_.File("follow.yaml"));
  const std::string yaml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_THAT(yaml, HasSubstr("整改后复评"));
  EXPECT_THAT(yaml, HasSubstr("follow_up:"));
  const std::string second = Create(dir_.File("follow.yaml"));
  ASSERT_EQ(Cli({"meeting", "announce", second}).code, 0);
  ASSERT_EQ(Cli({"meeting", "open", second}).code, 0);
  // 不满意 1 of 6: no flag.
  const std::vector<std::pair<std::string, std::string>> after = {
      {"v001", "dissatisfied"}, {"v002", "satisfied"}, {"v003", "satisfied"},
      {"v004", "basic"},        {"v005", "satisfied"}, {"v006", "satisfied"}};
  for (const auto& [voter, grade] : after) {
    RunResult v = Vote(second, voter, {"--grade", "sat=c1:" + grade});
    ASSERT_EQ(v.code, 0) << voter << v.err;
  }
  ASSERT_EQ(Cli({"meeting", "close", second}).code, 0);
  RunResult count2 = Cli({"tally", "count", second});
  ASSERT_EQ(count2.code, 0) << count2.err;
  EXPECT_THAT(count2.out, Not(HasSubstr("诫勉谈话")));

  RunResult report = Cli({"tally", "report", second, "--out", dir_.File("follow.html")});
  ASSERT_EQ(report.code, 0) << report.err;
  std::ifstream html_in(dir_.File("follow.html"));
  const std::string html((std::istreambuf_iterator<char>(html_in)),
                         std::istreambuf_iterator<char>());
  EXPECT_THAT(html, HasSubstr("整改前后对比"));
  EXPECT_THAT(html, HasSubstr("整改期：6个月。"));
  EXPECT_THAT(html, HasSubstr("3/6 = 50.0 %"));     // 不满意 before
  EXPECT_THAT(html, HasSubstr("1/6 = 16.7 %"));     // 不满意 after
  EXPECT_THAT(html, HasSubstr("-33.3个百分点"));
  EXPECT_THAT(html, HasSubstr("<dd>S-5a</dd>"));    // before
  EXPECT_THAT(html, HasSubstr("<dd>无</dd>"));      // after: the flag is gone

  // An auditor holding both exports checks the follow-up link offline.
  ASSERT_EQ(Cli({"audit", "export", first, "--out", dir_.File("e1.gxe")}).code, 0);
  ASSERT_EQ(Cli({"audit", "export", second, "--out", dir_.File("e2.gxe")}).code, 0);
  RunResult linked = Cli({"audit", "verify", dir_.File("e2.gxe"), "--trust", trust_,
                          "--previous", dir_.File("e1.gxe")});
  EXPECT_EQ(linked.code, 0) << linked.out << linked.err;
  EXPECT_THAT(linked.out, HasSubstr("follow-up link: meeting " + second));
}

}  // namespace
}  // namespace gongxin::testing
