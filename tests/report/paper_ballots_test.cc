// Paper ballots (纸质票): a named form's ballots carry each voter's printed
// name; an anonymous form's are identical and refuse any name.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "report/messages.h"
#include "report/paper_ballots.h"
#include "tests/report/report_sample.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::report {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

const v1::Form& FormOf(const v1::MeetingSpec& spec, const std::string& id) {
  for (const v1::Form& f : spec.forms()) {
    if (f.id() == id) return f;
  }
  static const v1::Form none;
  return none;
}

size_t Occurrences(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

TEST(PaperBallotsTest, NamedFormBallotCarriesEachVotersName) {
  const v1::MeetingSpec spec = testing::ReportSpec();
  PaperBallots b;
  b.meeting_title = spec.title();
  b.meeting_id = "m1";
  b.form = FormOf(spec, "rec");
  b.voter_names = {"赵一", "钱二", "孙三"};
  const Messages& m = MessagesFor("zh-CN");
  ASSERT_OK_AND_ASSIGN(std::string html, RenderPaperBallotsHtml(b, m));
  for (const char* name : {"参与推荐人员：赵一", "参与推荐人员：钱二", "参与推荐人员：孙三"}) {
    EXPECT_THAT(html, HasSubstr(name));
  }
  EXPECT_EQ(Occurrences(html, "<section class=\"ballot\">"), 3u);
  EXPECT_EQ(Occurrences(html, "纸质票</span>"), 3u);
  // The questions and candidates as the kiosk shows them, with boxes.
  EXPECT_THAT(html, HasSubstr("局长人选"));
  EXPECT_THAT(html, HasSubstr("张伟"));
  EXPECT_THAT(html, HasSubstr("□"));
}

TEST(PaperBallotsTest, AnonymousFormRefusesNamesAndPrintsIdenticalBallots) {
  const v1::MeetingSpec spec = testing::ReportSpec();
  PaperBallots b;
  b.meeting_title = spec.title();
  b.meeting_id = "m1";
  b.form = FormOf(spec, "assess");
  ASSERT_EQ(b.form.mode(), v1::FORM_MODE_ANONYMOUS);
  b.voter_names = {"赵一"};
  const Messages& en = MessagesFor("en");
  EXPECT_THAT(RenderPaperBallotsHtml(b, en),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("must carry no voter's name")));
  b.voter_names.clear();
  b.count = 2;
  ASSERT_OK_AND_ASSIGN(std::string html, RenderPaperBallotsHtml(b, en));
  EXPECT_EQ(Occurrences(html, "<section class=\"ballot\">"), 2u);
  EXPECT_THAT(html, HasSubstr(en.paper_anonymous));
  EXPECT_THAT(html, Not(HasSubstr("Voter:")));
  EXPECT_THAT(html, Not(HasSubstr("Ballot 1 of")));
}

TEST(PaperBallotsTest, NamedFormRefusesACount) {
  const v1::MeetingSpec spec = testing::ReportSpec();
  PaperBallots b;
  b.form = FormOf(spec, "rec");
  b.count = 5;
  EXPECT_THAT(RenderPaperBallotsHtml(b, MessagesFor("zh-CN")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--count")));
}

}  // namespace
}  // namespace gongxin::report
