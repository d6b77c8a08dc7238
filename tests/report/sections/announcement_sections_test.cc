// The announcement's posts (两公开): declared posts with their
// qualifications (任职资格) and the eligible candidates, in both languages;
// without declared posts, the table of the questions' posts as before.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "report/messages.h"
#include "report/sections/sections.h"
#include "tests/report/report_sample.h"

namespace gongxin::report::sections {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

v1::MeetingSpec SpecWithPosts() {
  v1::MeetingSpec spec = testing::ReportSpec();
  v1::Post* head = spec.add_posts();
  head->set_id("head");
  head->set_title("局长");
  head->set_seats(1);
  head->add_qualifications("具有大学本科以上文化程度");
  head->add_qualifications("任副局长职务满 2 年");
  v1::Post* deputy = spec.add_posts();
  deputy->set_id("deputy");
  deputy->set_title("副局长");
  deputy->set_seats(2);
  v1::Post* chair = spec.add_posts();
  chair->set_id("chair");
  chair->set_title("组长");
  return spec;
}

TEST(AnnouncementPostsTest, PrintsQualificationsAndEligibleCandidatesPerPost) {
  const v1::MeetingSpec spec = SpecWithPosts();
  for (const char* locale : {"zh-CN", "en"}) {
    const Messages& m = MessagesFor(locale);
    const Context c{m, spec, IsEnglish(locale)};
    std::string html;
    AppendPosts(c, &html);
    EXPECT_THAT(html, HasSubstr(m.qualifications)) << locale;
    EXPECT_THAT(html, HasSubstr(m.eligible_candidates)) << locale;
    EXPECT_THAT(html, HasSubstr("<li>具有大学本科以上文化程度</li>"));
    EXPECT_THAT(html, HasSubstr("<li>任副局长职务满 2 年</li>"));
    // 局长's list is the 局长 question's candidates, before 副局长's section.
    const size_t head = html.find("data-post=\"head\"");
    const size_t deputy = html.find("data-post=\"deputy\"");
    ASSERT_NE(head, std::string::npos);
    ASSERT_NE(deputy, std::string::npos);
    const std::string head_part = html.substr(head, deputy - head);
    EXPECT_THAT(head_part, HasSubstr("张伟"));
    EXPECT_THAT(head_part, HasSubstr("李娜"));
    EXPECT_THAT(head_part, Not(HasSubstr("刘洋")));
    EXPECT_THAT(html.substr(deputy), HasSubstr("刘洋"));
  }
  EXPECT_STREQ(MessagesFor("zh-CN").qualifications, "任职资格");
  EXPECT_STREQ(MessagesFor("en").qualifications, "Qualifications");
}

TEST(AnnouncementPostsTest, WithoutDeclaredPostsTheQuestionsPostsAreListed) {
  const v1::MeetingSpec spec = testing::ReportSpec();
  const Messages& m = MessagesFor("zh-CN");
  const Context c{m, spec, false};
  std::string html;
  AppendPosts(c, &html);
  EXPECT_THAT(html, HasSubstr("<td>局长</td>"));
  EXPECT_THAT(html, Not(HasSubstr(m.qualifications)));
}

}  // namespace
}  // namespace gongxin::report::sections
