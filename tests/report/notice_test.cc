// Tests of report/notice.cc: the 任前公示 and its 再公示 as printed, in
// Chinese and English, with the outcomes counted and people's text escaped.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "report/notice.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::report {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

v1::Entry At(uint64_t seq, v1::Entry e) {
  e.set_seq(seq);
  return e;
}

NoticeInput Input() {
  NoticeInput in;
  in.meeting_id = "m1";
  in.spec = testing::SampleSpec();
  v1::Entry notice;
  v1::NoticePublished* n = notice.mutable_notice_published();
  n->set_start_date("2020-01-01");
  n->set_end_date("2020-01-07");
  n->add_channels("南漳党建网");
  n->add_channels("<script>");
  n->add_subjects()->set_candidate_id("c1");
  n->mutable_subjects(0)->set_post("副局长");
  n->add_subjects()->set_candidate_id("c2");
  in.records.Apply(At(5, notice));
  v1::Entry outcome;
  v1::NoticeOutcomeRecorded* o = outcome.mutable_notice_outcome_recorded();
  o->set_candidate_id("c2");
  o->set_outcome(v1::APPOINTMENT_OUTCOME_DISQUALIFIED);
  o->set_reason("经调查核实属实");
  in.records.Apply(At(6, outcome));
  in.notice_entry_hash = std::string(32, '\x01');
  in.now = 1700000000;
  return in;
}

TEST(NoticeTest, NoticeListsPeriodChannelsAndPeopleEscaped) {
  ASSERT_OK_AND_ASSIGN(std::string html, RenderNoticeHtml(Input()));
  EXPECT_THAT(html, HasSubstr("任前公示"));
  EXPECT_THAT(html, HasSubstr("2020-01-01 至 2020-01-07"));
  EXPECT_THAT(html, HasSubstr("张伟"));
  EXPECT_THAT(html, HasSubstr("副局长"));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;"));
  EXPECT_THAT(html, Not(HasSubstr("<script>")));
  EXPECT_THAT(html, HasSubstr("01010101 01010101"));  // the notice entry's hash
}

TEST(NoticeTest, ResultsCountEachOutcomeAndShowTheReason) {
  ASSERT_OK_AND_ASSIGN(std::string html, RenderNoticeResultsHtml(Input()));
  EXPECT_THAT(html, HasSubstr("公示对象 2 人：正式任用 0 人，暂缓任用 0 人，取消任职资格 1 人，尚未决定 1 人"));
  EXPECT_THAT(html, HasSubstr("经调查核实属实"));
  EXPECT_THAT(html, Not(HasSubstr("尚未结束")));
  NoticeInput en = Input();
  en.locale = "en";
  ASSERT_OK_AND_ASSIGN(html, RenderNoticeResultsHtml(en));
  EXPECT_THAT(html, HasSubstr("2 people on the notice: 0 appointed, 0 deferred, 1 disqualified"));
}

TEST(NoticeTest, ResultsPrintedWhileTheNoticeRunsSaySo) {
  NoticeInput in = Input();
  in.now = 1578412800 - 1;  // 2020-01-07 23:59:59 UTC+8
  ASSERT_OK_AND_ASSIGN(std::string html, RenderNoticeResultsHtml(in));
  EXPECT_THAT(html, HasSubstr("尚未结束，本文件不是再公示"));
}

TEST(NoticeTest, RefusesWithoutANotice) {
  NoticeInput in;
  in.meeting_id = "m1";
  EXPECT_THAT(RenderNoticeHtml(in), StatusIs(absl::StatusCode::kFailedPrecondition,
                                             HasSubstr("no 任前公示")));
}

}  // namespace
}  // namespace gongxin::report
