// Posts and paper ballots end to end: real gongxind and gongxin on
// 127.0.0.1. The spec's posts with their qualifications (任职资格) reach the
// announcement with the eligible candidates; a named form's paper ballots
// carry each eligible voter's printed name, an anonymous form's none.
#include <fstream>

#include <regex>

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

class PostsE2eTest : public E2eTest {
 protected:
  std::string CreatedMeeting(const std::string& posts_yaml) {
    WriteSampleMeetingFiles(dir_.path(), 6, SampleOptions{.assessment = true});
    std::ofstream(dir_.File("meeting.yaml"), std::ios::app) << posts_yaml;
    RunResult created = Cli({"meeting", "create", "--spec", dir_.File("meeting.yaml")});
    last_ = created;
    if (created.code != 0) return "";
    return std::string(absl::StripAsciiWhitespace(created.out));
  }
  std::string Read(const std::string& name) { return ReadWholeFileForTest(dir_.File(name)); }

  RunResult last_;
};

constexpr char kPosts[] = R"(posts:
  - id: head
    title: 局长
    seats: 1
    qualifications:
      - 具有大学本科以上文化程度
      - 任副局长职务满 2 年
  - id: deputy
    title: 副局长
    seats: 2
)";

TEST_F(PostsE2eTest, AnnouncementPublishesPostsQualificationsAndEligibleCandidates) {
  const std::string id = CreatedMeeting(kPosts);
  ASSERT_FALSE(id.empty()) << last_.err;
  ASSERT_EQ(Cli({"meeting", "announcement", id, "--out", dir_.File("a.html")}).code, 0);
  const std::string zh = Read("a.html");
  EXPECT_THAT(zh, HasSubstr("任职资格"));
  EXPECT_THAT(zh, HasSubstr("符合条件的人选名单"));
  EXPECT_THAT(zh, HasSubstr("<li>任副局长职务满 2 年</li>"));
  // The posts come before the counting rules the announcement already prints.
  EXPECT_LT(zh.find("任职资格"), zh.find("id=\"rules\""));
  RunResult en = Cli({"meeting", "announcement", id, "--out", dir_.File("a-en.html"), "--lang", "en"});
  ASSERT_EQ(en.code, 0) << en.err;
  const std::string en_html = Read("a-en.html");
  EXPECT_THAT(en_html, HasSubstr("Qualifications"));
  EXPECT_THAT(en_html, HasSubstr("Eligible candidates"));
  EXPECT_THAT(en_html, HasSubstr("<li>具有大学本科以上文化程度</li>"));
}

TEST_F(PostsE2eTest, SpecNamingAnUndeclaredPostIsRefused) {
  const std::string id = CreatedMeeting(R"(posts:
  - id: head
    title: 局长
)");
  EXPECT_TRUE(id.empty());
  EXPECT_THAT(last_.err, HasSubstr("approval.post: \"副局长\" is not the title of a post"));
}

TEST_F(PostsE2eTest, PaperBallotsCarryNamesOnlyOnTheNamedForm) {
  const std::string id = CreatedMeeting(kPosts);
  ASSERT_FALSE(id.empty()) << last_.err;
  RunResult named = Cli({"meeting", "paper-ballots", id, "--form", "rec", "--out",
                         dir_.File("rec.html")});
  ASSERT_EQ(named.code, 0) << named.err;
  const std::string rec = Read("rec.html");
  for (int i = 1; i <= 6; ++i) {
    // The roll id beside the name is what paper-enter --voter takes.
    EXPECT_THAT(rec, HasSubstr(absl::StrCat("参与推荐人员：", VoterName(i), "（v00", i, "）<")))
        << i;
  }
  EXPECT_THAT(rec, HasSubstr("纸质票"));
  EXPECT_THAT(rec, HasSubstr("张伟"));
  RunResult counted = Cli({"meeting", "paper-ballots", id, "--form", "rec", "--count", "3",
                           "--out", dir_.File("x.html")});
  EXPECT_EQ(counted.code, 1);
  EXPECT_THAT(counted.err, HasSubstr("--count"));

  RunResult anon = Cli({"meeting", "paper-ballots", id, "--form", "assess", "--count", "3",
                        "--out", dir_.File("assess.html")});
  ASSERT_EQ(anon.code, 0) << anon.err;
  const std::string assess = Read("assess.html");
  EXPECT_THAT(assess, HasSubstr("无记名投票"));
  EXPECT_THAT(assess, Not(HasSubstr("投票人1")));
  EXPECT_THAT(assess, Not(HasSubstr("参与推荐人员")));
  // Every ballot of the meeting carries the same 核验码, and it checks.
  const std::regex code_re("核验码 ([A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7])");
  std::smatch code;
  ASSERT_TRUE(std::regex_search(assess, code, code_re)) << "no 核验码 on the anonymous ballots";
  EXPECT_THAT(rec, HasSubstr(code[1].str())) << "the named ballots carry another code";
  RunResult checked = Cli({"code", "check", code[1].str(), "--meeting", id, "--trust", trust_});
  EXPECT_EQ(checked.code, 0) << checked.out << checked.err;
  EXPECT_THAT(checked.out, HasSubstr("纸质选票"));
  RunResult no_count = Cli({"meeting", "paper-ballots", id, "--form", "assess", "--out",
                            dir_.File("y.html")});
  EXPECT_EQ(no_count.code, 1);
  EXPECT_THAT(no_count.err, HasSubstr("--count"));
}

}  // namespace
}  // namespace gongxin::testing
