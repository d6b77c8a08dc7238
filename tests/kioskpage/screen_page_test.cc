// The big screen's progress page: per form due, present and voted, a
// refresh, no script — and nothing of a result, not even a candidate's name.
#include "kioskpage/screen_page.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace gongxin::kioskpage {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

v1::MeetingInfo Info() {
  v1::MeetingInfo info;
  info.set_status(v1::MEETING_STATUS_OPEN);
  info.mutable_spec()->set_title("某县民主推荐会");
  v1::Form* f = info.mutable_spec()->add_forms();
  f->set_id("rec");
  f->set_title("民主推荐票");
  auto* c = f->add_questions()->mutable_approval()->add_candidates();
  c->set_id("c1");
  c->set_name("王建国");
  v1::FormProgress* p = info.add_forms();
  p->set_form_id("rec");
  p->set_due(30);
  p->set_issued(12);
  p->set_returned(9);
  return info;
}

TEST(ProgressScreenTest, ShowsDuePresentAndVotedPerFormAndNoResult) {
  const std::string page = ProgressScreen(Info(), 5, "", report::MessagesFor("zh-CN"));
  EXPECT_THAT(page, HasSubstr("<td class=\"form\">民主推荐票</td><td class=\"n\">30</td>"
                              "<td class=\"n\">12</td><td class=\"n\">9</td>"));
  EXPECT_THAT(page, HasSubstr("<meta http-equiv=\"refresh\" content=\"5\">"));
  EXPECT_THAT(page, HasSubstr("投票期间不显示任何结果"));
  EXPECT_THAT(page, Not(HasSubstr("王建国"))) << "a candidate's name on the screen while voting";
  EXPECT_THAT(page, Not(HasSubstr("<script")));
}

TEST(ProgressScreenTest, EnglishAndTheServerOutOfReach) {
  const report::Messages& en = report::MessagesFor("en");
  const std::string page = ProgressScreen(Info(), 5, en.screen_unreachable, en);
  EXPECT_THAT(page, HasSubstr(">Due</th>"));
  EXPECT_THAT(page, HasSubstr("cannot be reached"));
}

TEST(ProgressScreenTest, ShowsTheAnnouncementsVerificationCodeForTheRoomToCompare) {
  const std::string page =
      ProgressScreen(Info(), 5, "", report::MessagesFor("zh-CN"), "W6PA-JURL-KODD-NVLT-M");
  EXPECT_THAT(page, HasSubstr("会前公告核验码： <b>W6PA-JURL-KODD-NVLT-M</b>"));
  EXPECT_THAT(ProgressScreen(Info(), 5, "", report::MessagesFor("zh-CN")), Not(HasSubstr("核验码")))
      << "no code given, none shown";
}

}  // namespace
}  // namespace gongxin::kioskpage
