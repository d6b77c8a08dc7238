// Weighted figures: the form's group weights, each weighted rate exact and
// beside the unweighted figure it weighs, and the reason when there are none.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "report/messages.h"
#include "report/sections/sections.h"
#include "tests/report/sections/html_of.h"
#include "tests/report/report_sample.h"

namespace gongxin::report::sections {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The sample's named form "rec" weighted 领导班子成员 40, 一般干部 60. head:
// 张伟 has 20 of 27 votes unweighted (74.1 %); the tally's weighted rate is
// given as 23/50 (46.0 %). deputy has no weighted figures, with a reason.
class WeightedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    spec_ = testing::ReportSpec();
    v1::Form* rec = spec_.mutable_forms(0);
    auto* w1 = rec->add_group_weights();
    w1->set_group("leaders");
    w1->set_weight(40);
    auto* w2 = rec->add_group_weights();
    w2->set_group("staff");
    w2->set_weight(60);
    form_ = testing::ReportResult().forms(0);
    v1::WeightedRate* w = form_.mutable_questions(0)->add_weighted();
    w->set_subject_id("c1");
    w->set_rate_id("votes");
    w->set_num(23);
    w->set_den(50);
    form_.mutable_questions(1)->set_weighted_reason_zh("加权结果超出精确计算范围");
    form_.mutable_questions(1)->set_weighted_reason_en(
        "weighted figures exceed exact 64-bit arithmetic");
  }

  std::string Render(const char* locale) {
    const Context c{MessagesFor(locale), spec_, IsEnglish(locale)};
    Block root;
    AppendWeighted(c, &spec_.forms(0), form_, &root);
    const std::string out = HtmlOf(root);
    return out;
  }

  v1::MeetingSpec spec_;
  v1::FormTally form_;
};

TEST_F(WeightedTest, WeightedRateStandsBesideTheUnweightedOneInChinese) {
  const std::string html = Render("zh-CN");
  EXPECT_THAT(html, HasSubstr("<h3>加权结果</h3>"));
  EXPECT_THAT(html, HasSubstr("各类别权重：领导班子成员 40、一般干部 60。"));
  EXPECT_THAT(html, HasSubstr("<tr><td>张伟</td><td>得票率</td><td class=\"num\">23/50 = 46.0 %"
                              "</td><td class=\"num\">20/27 = 74.1 %</td></tr>"))
      << "the weighted rate must stand beside the unweighted 20/27";
  EXPECT_THAT(html, HasSubstr("副局长人选：无加权结果：加权结果超出精确计算范围"));
}

TEST_F(WeightedTest, EnglishWording) {
  const std::string html = Render("en");
  EXPECT_THAT(html, HasSubstr("Group weights: 领导班子成员 40, 一般干部 60."));
  EXPECT_THAT(html, HasSubstr("<td>Vote rate</td>"));
  EXPECT_THAT(html, HasSubstr("No weighted figures: weighted figures exceed exact 64-bit"));
  EXPECT_THAT(html, Not(HasSubstr("加权结果")));
}

TEST_F(WeightedTest, GradedRateIsWeighedAgainstTheSameRate) {
  v1::FormTally assess = testing::ReportResult().forms(1);
  v1::QuestionTally* q = assess.mutable_questions(0);
  v1::Rate* r = q->mutable_subjects(1)->add_rates();
  r->set_id("pass");
  r->set_num(21);
  r->set_den(27);
  v1::WeightedRate* w = q->add_weighted();
  w->set_subject_id("s2");
  w->set_rate_id("pass");
  w->set_num(3);
  w->set_den(4);
  const Context c{MessagesFor("zh-CN"), spec_, false};
  Block root;
  AppendWeighted(c, &spec_.forms(1), assess, &root);
  const std::string out = HtmlOf(root);
  EXPECT_THAT(out, HasSubstr("<td>孙强</td><td>合格率</td><td class=\"num\">3/4 = 75.0 %</td>"
                             "<td class=\"num\">21/27 = 77.8 %</td>"));
  EXPECT_THAT(out, Not(HasSubstr("各类别权重"))) << "the assessment form has no weights";
}

// The records the CSV and XLSX carry. A weighted rate reduced to 1/2 (the
// issue's 石秀英) was read as "1 vote of 2": the count columns now hold the
// plain count the weighted figure weighs, and the weighted one has columns
// of its own.
void CollectRecords(const Block& b, std::vector<Record>* out) {
  for (const Block& child : b.children) CollectRecords(child, out);
  out->insert(out->end(), b.records.begin(), b.records.end());
}

TEST_F(WeightedTest, WeightedRecordKeepsTheCountInTheCountColumns) {
  form_.mutable_questions(0)->mutable_weighted(0)->set_num(1);
  form_.mutable_questions(0)->mutable_weighted(0)->set_den(2);
  const Context c{MessagesFor("zh-CN"), spec_, false};
  Block root;
  AppendWeighted(c, &spec_.forms(0), form_, &root);
  std::vector<Record> records;
  CollectRecords(root, &records);
  const Record* weighted = nullptr;
  for (const Record& r : records) {
    if (r.kind == "weighted") weighted = &r;
  }
  ASSERT_NE(weighted, nullptr) << "no weighted record";
  EXPECT_EQ(weighted->candidate_id, "c1");
  EXPECT_EQ(weighted->votes, "20") << "the unweighted votes, not the weighted numerator";
  EXPECT_EQ(weighted->rate_denominator, "27");
  EXPECT_EQ(weighted->vote_rate, "74.1");
  EXPECT_EQ(weighted->grade_id, "votes");
  EXPECT_EQ(weighted->weighted, "50.0");
  EXPECT_EQ(weighted->weighted_exact, "1/2");
}

TEST_F(WeightedTest, WeightedScoreIsInPointsNotPercent) {
  v1::FormTally assess = testing::ReportResult().forms(1);
  v1::QuestionTally* q = assess.mutable_questions(0);
  v1::WeightedRate* w = q->add_weighted();
  w->set_subject_id("s2");
  w->set_rate_id("score");
  w->set_num(1703);
  w->set_den(20);
  const Context c{MessagesFor("en"), spec_, true};
  Block root;
  AppendWeighted(c, &spec_.forms(1), assess, &root);
  std::vector<Record> records;
  CollectRecords(root, &records);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].weighted, "85.2") << "1703/20 points, one decimal";
  EXPECT_EQ(records[0].weighted_exact, "1703/20");
  EXPECT_EQ(records[0].votes, "") << "the tally has no unweighted score for s2";
}

TEST_F(WeightedTest, NothingForAnUnweightedForm) {
  const Context c{MessagesFor("zh-CN"), spec_, false};
  Block root;
  AppendWeighted(c, &spec_.forms(1), testing::ReportResult().forms(1), &root);
  const std::string out = HtmlOf(root);
  EXPECT_EQ(out, "");
}

}  // namespace
}  // namespace gongxin::report::sections
