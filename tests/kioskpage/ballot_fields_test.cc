// The kiosk page's fields → Answer, and what it refuses in the voter's
// words: an over-vote is never sent, whatever the form's over-vote policy.
#include "kioskpage/ballot_fields.h"

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace gongxin::kioskpage {
namespace {

using ::testing::HasSubstr;

v1::Form SampleForm() {
  v1::Form form;
  google::protobuf::TextFormat::ParseFromString(R"pb(
    id: "rec" title: "民主推荐票" mode: FORM_MODE_NAMED overvote_policy: OVERVOTE_POLICY_SPOIL
    questions {
      id: "head" title: "局长人选"
      approval {
        post: "局长" seats: 1 max_choices: 1 allow_write_in: true
        candidates { id: "c1" name: "张三" current_post: "副局长" }
        candidates { id: "c2" name: "李四" }
      }
    }
    questions {
      id: "assess" title: "测评"
      graded {
        subjects { id: "s1" name: "王五" }
        scale { id: "good" label: "称职" } scale { id: "unknown" label: "不了解" dont_know: true }
      }
    }
    questions {
      id: "vote" title: "表决"
      decision { candidates { id: "p1" name: "赵六" } allow_defer: true }
    }
  )pb", &form);
  return form;
}

TEST(BallotFieldsTest, ApprovalChoicesAndWriteInsTrimmedEmptyBoxesDropped) {
  const v1::Form form = SampleForm();
  const v1::Answer a = AnswerFromFields(form.questions(0), {{"choice", {"c1"}},
                                                           {"write_in", {"  ", " 钱七 "}}});
  EXPECT_THAT(a.choices(), ::testing::ElementsAre("c1"));
  EXPECT_THAT(a.write_ins(), ::testing::ElementsAre("钱七"));
}

TEST(BallotFieldsTest, AWriteInTypedDecomposedIsStoredComposed) {
  const v1::Form form = SampleForm();
  // "José" with a combining acute accent, as some keyboards send it.
  const v1::Answer a =
      AnswerFromFields(form.questions(0), {{"write_in", {"Jose\xCC\x81"}}});
  ASSERT_EQ(a.write_ins_size(), 1);
  EXPECT_EQ(a.write_ins(0), "Jos\xC3\xA9");
  EXPECT_EQ(CheckAnswer(form, form.questions(0), a, report::MessagesFor("zh-CN")), "");
}

TEST(BallotFieldsTest, AnOverVoteIsRefusedWithCountsEvenWhenThePolicyWouldSpoilIt) {
  const v1::Form form = SampleForm();
  const report::Messages& m = report::MessagesFor("zh-CN");
  const v1::Answer two = AnswerFromFields(form.questions(0), {{"choice", {"c1", "c2"}}});
  EXPECT_EQ(CheckAnswer(form, form.questions(0), two, m),
            "您选择了 2 人，本题最多选择 1 人。请取消多选的人选后再继续。");
  const v1::Answer with_write_in =
      AnswerFromFields(form.questions(0), {{"choice", {"c1"}}, {"write_in", {"钱七"}}});
  EXPECT_THAT(CheckAnswer(form, form.questions(0), with_write_in, report::MessagesFor("en")),
              HasSubstr("You chose 2; this question allows at most 1"));
  EXPECT_EQ(CheckAnswer(form, form.questions(0),
                        AnswerFromFields(form.questions(0), {{"choice", {"c2"}}}), m),
            "");
}

TEST(BallotFieldsTest, TheRulesRefusalsReachTheVoter) {
  const v1::Form form = SampleForm();
  // A write-in naming a listed candidate: the voter must choose them.
  const v1::Answer a = AnswerFromFields(form.questions(0), {{"write_in", {"张三"}}});
  EXPECT_THAT(CheckAnswer(form, form.questions(0), a, report::MessagesFor("zh-CN")),
              HasSubstr("本题的选择未被接受"));
  // A grade or a vote the question does not list.
  const v1::Answer g = AnswerFromFields(form.questions(1), {{"grade.s1", {"excellent"}}});
  EXPECT_NE(CheckAnswer(form, form.questions(1), g, report::MessagesFor("zh-CN")), "");
}

TEST(BallotFieldsTest, EveryKindRoundTripsToTheReviewLine) {
  const v1::Form form = SampleForm();
  const report::Messages& m = report::MessagesFor("zh-CN");
  EXPECT_EQ(AnswerSummary(form.questions(0),
                          AnswerFromFields(form.questions(0), {{"choice", {"c2"}}, {"write_in", {"钱七"}}}), m),
            "李四、钱七（另推他人）");
  EXPECT_EQ(AnswerSummary(form.questions(1),
                          AnswerFromFields(form.questions(1), {{"grade.s1", {"unknown"}}}), m),
            "王五 不了解");
  EXPECT_EQ(AnswerSummary(form.questions(2),
                          AnswerFromFields(form.questions(2), {{"decide.p1", {"defer"}}}), m),
            "赵六 缓议");
  EXPECT_EQ(AnswerSummary(form.questions(2), AnswerFromFields(form.questions(2), {}), m), "")
      << "nothing marked reads as blank";
}

}  // namespace
}  // namespace gongxin::kioskpage
