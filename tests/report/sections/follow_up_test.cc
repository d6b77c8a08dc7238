// 整改前后对比 (rule S-5): a follow-up question's shares before → after with
// the change in percentage points and the S-5 flags before and after, in
// Chinese and in English.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "report/messages.h"
#include "report/sections/sections.h"
#include "tally/follow_up.h"
#include "tests/report/sections/html_of.h"

namespace gongxin::report::sections {
namespace {

using ::testing::HasSubstr;

// c1 甲 before: 满意 3/9, 不满意 5/9 (S-5a, S-5b); after: 满意 8/10,
// 不满意 2/10 (no flag). Six months of 整改.
tally::FollowUpComparison FollowUpReportComparison() {
  tally::FollowUpComparison cmp;
  cmp.previous_meeting_id = "a1b2c3d4e5f60718";
  cmp.form_id = "eval";
  cmp.question_id = "sat";
  cmp.months = 6;
  tally::FollowUpSubjectChange s;
  s.subject_id = "c1";
  s.name = "甲";
  s.s5_before = true;
  s.s5_after = true;
  s.flags_before = {"S-5a", "S-5b"};
  auto grade = [](const char* id, const char* label, uint32_t before, uint32_t after) {
    tally::FollowUpGradeChange g;
    g.grade_id = id;
    g.label = label;
    g.before_count = before;
    g.before_den = 9;
    g.before_share = tally::Rational(before, 9);
    g.after_count = after;
    g.after_den = 10;
    g.after_share = tally::Rational(after, 10);
    return g;
  };
  s.grades = {grade("satisfied", "满意", 3, 8), grade("dissatisfied", "不满意", 5, 2)};
  cmp.subjects.push_back(s);
  return cmp;
}

std::string RenderFollowUpReport(const char* locale) {
  const v1::MeetingSpec spec;
  const Context c{MessagesFor(locale), spec, IsEnglish(locale)};
  Block root;
  AppendFollowUp(c, nullptr, FollowUpReportComparison(), &root);
  return HtmlOf(root, /*depth=*/3);
}

TEST(FollowUpSectionTest, S5_BeforeAndAfterInChinese) {
  const std::string html = RenderFollowUpReport("zh-CN");
  EXPECT_THAT(html, HasSubstr("<h4>整改前后对比</h4>"));
  EXPECT_THAT(html, HasSubstr("a1b2c3d4e5f60718"));
  EXPECT_THAT(html, HasSubstr("整改期：6个月。"));
  EXPECT_THAT(html, HasSubstr("<h5>甲</h5>"));
  EXPECT_THAT(html, HasSubstr(">整改前</th>"));
  EXPECT_THAT(html, HasSubstr(">整改后</th>"));
  // 满意 33.3 % → 80 %: +46.7 points; 不满意 55.6 % → 20 %: −35.6 points.
  EXPECT_THAT(html, HasSubstr("3/9 = 33.3 %"));
  EXPECT_THAT(html, HasSubstr("8/10 = 80.0 %"));
  EXPECT_THAT(html, HasSubstr("+46.7个百分点"));
  EXPECT_THAT(html, HasSubstr("5/9 = 55.6 %"));
  EXPECT_THAT(html, HasSubstr("2/10 = 20.0 %"));
  EXPECT_THAT(html, HasSubstr("-35.6个百分点"));
  EXPECT_THAT(html, HasSubstr("S-5a、S-5b"));
  EXPECT_THAT(html, HasSubstr("整改后提示（规则 S-5）"));
  EXPECT_THAT(html, HasSubstr("<dd>无</dd>"));
}

TEST(FollowUpSectionTest, S5_BeforeAndAfterInEnglish) {
  const std::string html = RenderFollowUpReport("en");
  EXPECT_THAT(html, HasSubstr("<h4>Before and after rectification</h4>"));
  EXPECT_THAT(html, HasSubstr("Rectification period: 6 months."));
  EXPECT_THAT(html, HasSubstr(">Before</th>"));
  EXPECT_THAT(html, HasSubstr("-35.6 pp"));
  EXPECT_THAT(html, HasSubstr("S-5a, S-5b"));
  EXPECT_THAT(html, HasSubstr("<dd>none</dd>"));
}

TEST(FollowUpSectionTest, MissingPreviousResultSaysSo) {
  const v1::MeetingSpec spec;
  const Context c{MessagesFor("zh-CN"), spec, false};
  Block root;
  AppendFollowUpUnavailable(c, "未取得会议 x 的计票结果", &root);
  EXPECT_THAT(HtmlOf(root, 3), HasSubstr("无法给出整改前后对比：未取得会议 x 的计票结果"));
}

}  // namespace
}  // namespace gongxin::report::sections
