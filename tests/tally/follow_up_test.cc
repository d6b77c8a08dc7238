// Tests of tally/follow_up.h: follow-up evaluations after rectification
// (rule S-5, seed 004).
#include "tally/follow_up.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gongxin/v1/meeting.pb.h"
#include "gtest/gtest.h"
#include "tally/spec.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/text_proto.h"

namespace gongxin::tally {
namespace {

using ::gongxin::testing::ParseText;
using ::gongxin::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kFollowUpScale[] = R"pb(
  scale { id: "satisfied" label: "满意" }
  scale { id: "basic" label: "基本满意" }
  scale { id: "dissatisfied" label: "不满意" }
)pb";

constexpr char kFollowUpRules[] = R"pb(
  rules {
    rule_id: "S-5a" preset: "S-5" text_zh: "不满意票超过三分之一，建议诫勉谈话" measure: MEASURE_GRADES grades: "dissatisfied"
    comparator: COMPARATOR_GT fraction { num: 1 den: 3 }
    basis: RATE_BASIS_VALID flag: "admonishment" kind: FLAG_KIND_ADVICE
  }
  rules {
    rule_id: "S-5b" preset: "S-5" text_zh: "不满意票超过二分之一，建议启动降职或免职程序" measure: MEASURE_GRADES grades: "dissatisfied"
    comparator: COMPARATOR_GT fraction { num: 1 den: 2 }
    basis: RATE_BASIS_VALID flag: "removal" kind: FLAG_KIND_ADVICE
  }
)pb";

v1::MeetingSpec FirstEvaluation() {
  return ParseText<v1::MeetingSpec>(absl::StrCat(R"pb(
    title: "监督评议" unit: "某局"
    groups { id: "all" name: "全体" }
    forms {
      id: "eval" title: "满意度测评票" mode: FORM_MODE_ANONYMOUS
      questions {
        id: "sat"
        graded {
          subjects { id: "c1" name: "甲" }
          subjects { id: "c2" name: "乙" })pb",
                                                 kFollowUpScale, R"pb(
        }
      })pb",
                                                 kFollowUpRules, "}"));
}

// 9 valid: c1 satisfied 3, basic 1, dissatisfied 5 (> 1/2: S-5a and S-5b).
v1::TallyResult FirstResult() {
  return ParseText<v1::TallyResult>(R"pb(
    meeting_id: "m1" ledger_size: 30
    forms {
      form_id: "eval"
      validity { valid: true }
      questions {
        question_id: "sat" valid: 9
        subjects {
          subject_id: "c1"
          grades { grade_id: "satisfied" count: 3 }
          grades { grade_id: "basic" count: 1 }
          grades { grade_id: "dissatisfied" count: 5 }
        }
        subjects {
          subject_id: "c2"
          grades { grade_id: "satisfied" count: 9 }
        }
        flags { rule_id: "S-5a" preset: "S-5" text_zh: "不满意票超过三分之一，建议诫勉谈话" subject_id: "c1" question_id: "sat" }
        flags { rule_id: "S-5b" preset: "S-5" text_zh: "不满意票超过二分之一，建议启动降职或免职程序" subject_id: "c1" question_id: "sat" }
      }
    })pb");
}

v1::MeetingSpec FollowUpSpec() {
  v1::MeetingSpec spec = ParseText<v1::MeetingSpec>(absl::StrCat(R"pb(
    title: "监督评议（整改后复评）" unit: "某局"
    groups { id: "all" name: "全体" }
    forms {
      id: "eval2" title: "满意度测评票" mode: FORM_MODE_ANONYMOUS
      questions {
        id: "sat"
        graded {
          subjects { id: "c1" name: "甲" })pb",
                                                                 kFollowUpScale, R"pb(
        }
      }
      follow_up {
        previous_meeting_id: "m1" previous_form_id: "eval" previous_question_id: "sat"
        question_id: "sat" count_seq: 30 months: 6
      })pb",
                                                                 kFollowUpRules, "}"));
  spec.mutable_forms(0)->mutable_follow_up()->set_count_entry_hash(std::string(32, 'h'));
  return spec;
}

// 10 valid: c1 satisfied 6, basic 2, dissatisfied 2 (≤ 1/3: no flag).
v1::TallyResult FollowUpResult() {
  return ParseText<v1::TallyResult>(R"pb(
    meeting_id: "m2" ledger_size: 31
    forms {
      form_id: "eval2"
      validity { valid: true }
      questions {
        question_id: "sat" valid: 10
        subjects {
          subject_id: "c1"
          grades { grade_id: "satisfied" count: 6 }
          grades { grade_id: "basic" count: 2 }
          grades { grade_id: "dissatisfied" count: 2 }
        }
      }
    })pb");
}

PreviousRound FollowUpPrevious() {
  PreviousRound p;
  p.status = v1::MEETING_STATUS_PUBLISHED;
  p.spec = FirstEvaluation();
  p.result = FirstResult();
  p.count_seq = 30;
  p.count_entry_hash = std::string(32, 'h');
  return p;
}

TEST(FollowUpTest, S5_ALinkToTheCountedEvaluationIsAccepted) {
  const v1::MeetingSpec spec = FollowUpSpec();
  ASSERT_OK(ValidateSpec(spec));
  EXPECT_OK(CheckFollowUpLink("spec.forms[0].follow_up", spec.forms(0), FollowUpPrevious()));
}

TEST(FollowUpTest, ValidateNamesTheField) {
  v1::MeetingSpec spec = FollowUpSpec();
  spec.mutable_forms(0)->mutable_follow_up()->set_question_id("nope");
  EXPECT_THAT(ValidateSpec(spec), StatusIs(absl::StatusCode::kInvalidArgument,
                                           HasSubstr("spec.forms[0].follow_up.question_id")));
  spec = FollowUpSpec();
  spec.mutable_forms(0)->mutable_follow_up()->set_count_entry_hash("short");
  EXPECT_THAT(ValidateSpec(spec),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("follow_up.count_entry_hash: must be 32 bytes")));
  spec = FollowUpSpec();
  spec.mutable_forms(0)->mutable_follow_up()->set_months(25);
  EXPECT_THAT(ValidateSpec(spec),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("follow_up.months")));
  spec = FollowUpSpec();
  spec.mutable_forms(0)->mutable_follow_up()->set_previous_meeting_id("");
  EXPECT_THAT(ValidateSpec(spec), StatusIs(absl::StatusCode::kInvalidArgument,
                                           HasSubstr("follow_up.previous_meeting_id")));
}

TEST(FollowUpTest, CheckRefusesAnUncountedMeetingAndAWrongCount) {
  const v1::MeetingSpec spec = FollowUpSpec();
  PreviousRound open = FollowUpPrevious();
  open.status = v1::MEETING_STATUS_OPEN;
  EXPECT_THAT(CheckFollowUpLink("p", spec.forms(0), open),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("not been counted")));
  PreviousRound recounted = FollowUpPrevious();
  recounted.count_entry_hash = std::string(32, 'x');
  EXPECT_THAT(CheckFollowUpLink("p", spec.forms(0), recounted),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("p.count_entry_hash")));
  recounted = FollowUpPrevious();
  recounted.count_seq = 29;
  EXPECT_THAT(CheckFollowUpLink("p", spec.forms(0), recounted),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("entry 29")));
}

TEST(FollowUpTest, CheckRefusesOtherGradesAndStrangers) {
  v1::MeetingSpec spec = FollowUpSpec();
  v1::GradedQuestion* q = spec.mutable_forms(0)->mutable_questions(0)->mutable_graded();
  q->mutable_scale()->SwapElements(0, 1);
  EXPECT_THAT(CheckFollowUpLink("p", spec.forms(0), FollowUpPrevious()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("same order")));
  spec = FollowUpSpec();
  q = spec.mutable_forms(0)->mutable_questions(0)->mutable_graded();
  q->add_subjects()->set_id("c9");
  q->mutable_subjects(1)->set_name("壬");
  EXPECT_THAT(CheckFollowUpLink("p", spec.forms(0), FollowUpPrevious()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("subject c9"), HasSubstr("not a subject"))));
  spec = FollowUpSpec();
  spec.mutable_forms(0)->mutable_questions(0)->mutable_graded()->mutable_subjects(0)->set_name(
      "甲乙");
  EXPECT_THAT(CheckFollowUpLink("p", spec.forms(0), FollowUpPrevious()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("subject c1")));
  spec = FollowUpSpec();
  spec.mutable_forms(0)->mutable_follow_up()->set_previous_question_id("other");
  EXPECT_THAT(CheckFollowUpLink("p", spec.forms(0), FollowUpPrevious()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("p.previous_question_id")));
  spec = FollowUpSpec();
  spec.mutable_forms(0)->mutable_follow_up()->set_previous_form_id("other");
  EXPECT_THAT(CheckFollowUpLink("p", spec.forms(0), FollowUpPrevious()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("p.previous_form_id")));
}

TEST(FollowUpTest, S5_ChangesGiveExactSharesAndTheFlagsBeforeAndAfter) {
  ASSERT_OK_AND_ASSIGN(
      FollowUpComparison cmp,
      FollowUpChanges(FirstEvaluation(), FirstResult(), FollowUpSpec(), FollowUpResult(), "eval2"));
  EXPECT_EQ(cmp.previous_meeting_id, "m1");
  EXPECT_EQ(cmp.months, 6u);
  ASSERT_EQ(cmp.subjects.size(), 1u);
  const FollowUpSubjectChange& c1 = cmp.subjects[0];
  EXPECT_EQ(c1.name, "甲");
  ASSERT_EQ(c1.grades.size(), 3u);
  const FollowUpGradeChange& dis = c1.grades[2];
  EXPECT_EQ(dis.label, "不满意");
  EXPECT_EQ(dis.before_count, 5u);
  EXPECT_EQ(dis.before_den, 9u);
  EXPECT_EQ(dis.before_share, Rational(5, 9));
  EXPECT_EQ(dis.after_share, Rational(1, 5));
  // 20 − 500/9 = −320/9 points.
  EXPECT_EQ(dis.ChangePoints(), Rational(-320, 9));
  EXPECT_TRUE(c1.s5_before);
  EXPECT_TRUE(c1.s5_after);
  EXPECT_THAT(c1.flags_before, ElementsAre("S-5a", "S-5b"));
  EXPECT_THAT(c1.flags_after, IsEmpty());
}

TEST(FollowUpTest, ChangesNeedALinkedForm) {
  EXPECT_THAT(
      FollowUpChanges(FirstEvaluation(), FirstResult(), FirstEvaluation(), FirstResult(), "eval"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a follow-up")));
  EXPECT_THAT(
      FollowUpChanges(FirstEvaluation(), FirstResult(), FollowUpSpec(), FollowUpResult(), "x"),
      StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace gongxin::tally
