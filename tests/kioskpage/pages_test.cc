// The kiosk page's screens: self-contained (no script, a strict policy),
// the voter's choices marked three ways, and the staff screen never showing
// a choice.
#include "kioskpage/pages.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "kioskpage/qr_svg.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::kioskpage {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

v1::MeetingSpec Spec() {
  v1::MeetingSpec spec;
  spec.set_title("某县民主推荐会");
  v1::Form* f = spec.add_forms();
  f->set_id("rec");
  f->set_title("民主推荐票");
  v1::Question* q = f->add_questions();
  q->set_id("head");
  q->set_title("局长人选");
  q->mutable_approval()->set_max_choices(1);
  q->mutable_approval()->set_post("局长");
  q->mutable_approval()->set_seats(1);
  auto* c = q->mutable_approval()->add_candidates();
  c->set_id("c1");
  c->set_name("<张三>");
  return spec;
}

TEST(PagesTest, QuestionPageHasNoScriptAStrictPolicyAndMarksTheChoiceThreeWays) {
  const v1::MeetingSpec spec = Spec();
  QuestionScreen s;
  s.form = &spec.forms(0);
  s.form_count = 1;
  s.answer.add_choices("c1");
  s.first = true;
  const std::string page = QuestionPage(spec, s, Display{}, 120, report::MessagesFor("zh-CN"));
  EXPECT_THAT(page, Not(HasSubstr("<script")));
  EXPECT_THAT(page, HasSubstr(kContentSecurityPolicy));
  EXPECT_THAT(page, HasSubstr("value=\"c1\" checked"));
  EXPECT_THAT(page, HasSubstr("&lt;张三&gt;")) << "names are escaped";
  // Colour, mark and word for a checked option; 13 mm targets.
  EXPECT_THAT(page, HasSubstr(".opt input:checked + span { background:"));
  EXPECT_THAT(page, HasSubstr(".opt input:checked + span::before { content: \"\\2714"));
  EXPECT_THAT(page, HasSubstr("content: \"\\00a0\\00b7\\00a0已选\""));
  EXPECT_THAT(page, HasSubstr("min-height: 13mm"));
  EXPECT_THAT(page, HasSubstr("content=\"120;url=/idle\"")) << "the inactivity warning";
  EXPECT_THAT(page, HasSubstr("最多选择 1 人"));
  EXPECT_THAT(page, Not(HasSubstr("上一题"))) << "no back on the first question";
}

TEST(PagesTest, EnglishWordsComeFromTheEnglishTable) {
  const v1::MeetingSpec spec = Spec();
  QuestionScreen s;
  s.form = &spec.forms(0);
  s.form_count = 1;
  Display d;
  d.english = true;
  d.text_size = 3;
  d.contrast = true;
  const std::string page = QuestionPage(spec, s, d, 60, report::MessagesFor("en"));
  EXPECT_THAT(page, HasSubstr("Choose up to 1"));
  EXPECT_THAT(page, HasSubstr("<body class=\"s3 hc\">"));
  EXPECT_THAT(page, HasSubstr("<html lang=\"en\">"));
}

TEST(PagesTest, StaffScreenListsTheRollAndNoChoice) {
  const v1::MeetingSpec spec = Spec();
  v1::Roll roll;
  auto* v = roll.add_voters();
  v->set_id("v001");
  v->set_name("钱七");
  v->set_group("staff");
  auto* w = roll.add_voters();
  w->set_id("v002");
  w->set_name("孙八");
  const std::string all = StaffPage(spec, roll, "", {}, "", report::MessagesFor("zh-CN"));
  EXPECT_THAT(all, HasSubstr("钱七"));
  EXPECT_THAT(all, HasSubstr("孙八"));
  const std::string found = StaffPage(spec, roll, "孙", {}, "", report::MessagesFor("zh-CN"));
  EXPECT_THAT(found, Not(HasSubstr("钱七")));
  EXPECT_THAT(found, HasSubstr("孙八"));
  EXPECT_THAT(found, Not(HasSubstr("张三"))) << "no candidate, so no choice, on the staff screen";
}

TEST(PagesTest, StaffScreenChecksAVoterInToVoteByPhoneAtTheDesk) {
  v1::Roll roll;
  auto* v = roll.add_voters();
  v->set_id("v001");
  v->set_name("钱七");
  const std::string page = StaffPage(Spec(), roll, "", {}, "", report::MessagesFor("zh-CN"));
  EXPECT_THAT(page, HasSubstr("action=\"/checkin-slip\""));
  EXPECT_THAT(page, HasSubstr("签到（手机投票）"));
  EXPECT_THAT(page, HasSubstr("name=\"slip\" autocomplete=\"off\""));
}

TEST(PagesTest, PhoneScreensSayPhoneAndTheSlipEntryHasNoScript) {
  Display phone;
  phone.phone = true;
  const std::string entry =
      SlipEntryPage(Spec(), "这张选票码已经用过，不能再次投票。", phone, report::MessagesFor("zh-CN"));
  EXPECT_THAT(entry, HasSubstr("某县民主推荐会 · 手机投票"));
  EXPECT_THAT(entry, Not(HasSubstr("投票终端")));
  EXPECT_THAT(entry, HasSubstr("role=\"alert\">这张选票码已经用过"));
  EXPECT_THAT(entry, HasSubstr("action=\"/slip\""));
  EXPECT_THAT(entry, Not(HasSubstr("<script")));
  phone.english = true;
  const std::string done = PhoneDonePage(Spec(), phone, report::MessagesFor("en"));
  EXPECT_THAT(done, HasSubstr("the slip is used up"));
  EXPECT_THAT(done, HasSubstr("vote by phone"));
}

// A trial vote (试投票) says so on every screen: question, receipts, the
// staff's and the phone's, in either language; a formal meeting never does.
TEST(PagesTest, EveryScreenOfATrialVoteCarriesTheTrialBanner) {
  v1::MeetingSpec spec = Spec();
  spec.set_trial(true);
  QuestionScreen s;
  s.form = &spec.forms(0);
  s.form_count = 1;
  Display phone;
  phone.phone = true;
  const report::Messages& zh = report::MessagesFor("zh-CN");
  const std::vector<std::string> pages = {
      QuestionPage(spec, s, Display{}, 120, zh),
      DonePage(spec, {}, Display{}, 60, zh),
      StaffPage(spec, v1::Roll(), "", {}, "", zh),
      SlipEntryPage(spec, "", phone, zh),
      PhoneDonePage(spec, phone, zh),
  };
  for (const std::string& page : pages) {
    EXPECT_THAT(page, HasSubstr("<title>【试投票】某县民主推荐会"));
    EXPECT_THAT(page, HasSubstr("class=\"message trial\""));
    EXPECT_THAT(page, HasSubstr("不计入任何正式结果"));
  }
  Display en;
  en.english = true;
  EXPECT_THAT(QuestionPage(spec, s, en, 120, report::MessagesFor("en")),
              HasSubstr("[TRIAL VOTE — not counted]"));
  const v1::MeetingSpec formal = Spec();
  EXPECT_THAT(QuestionPage(formal, s, Display{}, 120, zh), Not(HasSubstr("试投票")));
}

TEST(QrSvgTest, DrawsTheCodeAsInlineSvg) {
  ASSERT_OK_AND_ASSIGN(const std::string svg, QrSvg("ABCD-EFGH-IJKL-MNOP-Q", "回执码", 40));
  EXPECT_THAT(svg, HasSubstr("<svg"));
  EXPECT_THAT(svg, HasSubstr("width=\"40mm\""));
  EXPECT_THAT(svg, HasSubstr("<title>回执码</title>"));
  EXPECT_THAT(svg, HasSubstr("h1v1h-1z"));
}

}  // namespace
}  // namespace gongxin::kioskpage
