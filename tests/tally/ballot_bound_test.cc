// Tests of tally/ballot_bound.h: the largest ballot of a form, which the
// server pads every sealed anonymous ballot to and ClassifyBallot enforces.
#include "tally/ballot_bound.h"

#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tally/ballot.h"
#include "tally/kinds/approval.h"
#include "tally/spec.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/text_proto.h"

namespace gongxin::tally {
namespace {

using ::gongxin::testing::kBothPolicies;
using ::gongxin::testing::kBothPoliciesAndAssessment;
using ::gongxin::testing::ParseText;
using ::gongxin::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// One question of every kind, ids of different lengths, over-votes spoiled
// so that the largest ballot is also an accepted one.
v1::MeetingSpec EveryKindSpec() {
  return ParseText<v1::MeetingSpec>(R"pb(
    title: "综合测评" unit: "某局"
    groups { id: "all" name: "全体干部" }
    forms {
      id: "every-kind" title: "测评表" mode: FORM_MODE_ANONYMOUS
      overvote_policy: OVERVOTE_POLICY_SPOIL
      questions {
        id: "rec" title: "推荐"
        approval {
          post: "副局长" seats: 2 max_choices: 3 allow_write_in: true
          candidates { id: "c1" name: "张三" }
          candidates { id: "candidate-two" name: "李四" }
          candidates { id: "c3" name: "王五" }
        }
      }
      questions {
        id: "grade" title: "测评"
        graded {
          subjects { id: "s1" name: "张三" }
          subjects { id: "subject-2" name: "李四" }
          scale { id: "competent" label: "胜任" }
          scale { id: "no" label: "不胜任" }
        }
      }
      questions {
        id: "dec" title: "票决"
        decision {
          allow_defer: true
          candidates { id: "c1" name: "张三" }
          candidates { id: "decision-c2" name: "李四" }
        }
      }
      questions {
        id: "elem" title: "评优"
        element {
          elements { id: "morals" label: "德" }
          elements { id: "ability" label: "能" }
          candidates { id: "p1" name: "甲" }
          candidates { id: "person-2" name: "乙" }
        }
      }
      questions {
        id: "chk" title: "正反向测评"
        checklist {
          subjects { id: "s1" name: "甲" }
          subjects { id: "s-two" name: "乙" }
          items { id: "firm" label: "政治坚定" polarity: ITEM_POLARITY_POSITIVE }
          items { id: "lax" label: "作风漂浮" polarity: ITEM_POLARITY_NEGATIVE }
        }
      }
    })pb");
}

// The largest ballot, built field by field from the form (independently of
// the arithmetic in ballot_bound.cc).
v1::Ballot LargestBallot(const v1::Form& form) {
  v1::Ballot b;
  b.set_form_id(form.id());
  // A write-in of kMaxWriteInChars four-byte characters (U+1F600).
  std::string widest;
  for (int i = 0; i < kMaxWriteInChars; ++i) widest += "\xF0\x9F\x98\x80";
  for (const v1::Question& q : form.questions()) {
    v1::Answer* a = b.add_answers();
    a->set_question_id(q.id());
    if (q.has_approval()) {
      for (const auto& c : q.approval().candidates()) a->add_choices(c.id());
      for (int i = 0; i < MaxWriteIns(q); ++i) {
        // Distinct names: the same name twice is refused.
        std::string name = widest;
        name.replace(0, 4, absl::StrCat("\xF0\x9F\x98", std::string(1, static_cast<char>(0x81 + i))));
        a->add_write_ins(name);
      }
    } else if (q.has_graded()) {
      std::string longest;
      for (const auto& g : q.graded().scale()) {
        if (g.id().size() > longest.size()) longest = g.id();
      }
      for (const auto& s : q.graded().subjects()) {
        v1::GradeChoice* g = a->add_grades();
        g->set_subject_id(s.id());
        g->set_grade_id(longest);
      }
    } else if (q.has_decision()) {
      for (const auto& c : q.decision().candidates()) {
        v1::DecisionMark* m = a->add_decisions();
        m->set_candidate_id(c.id());
        m->set_vote(v1::DECISION_VOTE_DEFER);
      }
    } else if (q.has_element()) {
      std::string longest;
      for (const auto& c : q.element().candidates()) {
        if (c.id().size() > longest.size()) longest = c.id();
      }
      for (const auto& e : q.element().elements()) {
        v1::ElementChoice* c = a->add_elements();
        c->set_element_id(e.id());
        c->set_candidate_id(longest);
      }
    } else if (q.has_checklist()) {
      for (const auto& s : q.checklist().subjects()) {
        v1::Ticks* t = a->add_ticks();
        t->set_subject_id(s.id());
        for (const auto& i : q.checklist().items()) t->add_item_ids(i.id());
      }
    }
  }
  return b;
}

TEST(BallotBoundTest, MaxBallotBytesIsTheSizeOfTheLargestBallot) {
  const v1::MeetingSpec spec = EveryKindSpec();
  ASSERT_OK(ValidateSpec(spec));
  const v1::Form& form = spec.forms(0);
  const v1::Ballot largest = LargestBallot(form);
  EXPECT_EQ(MaxBallotBytes(form), largest.ByteSizeLong());
  // And that ballot is one the form accepts: the bound is attained.
  EXPECT_OK(ClassifyBallot(form, largest).status());
}

TEST(BallotBoundTest, MaxBallotBytesHoldsForTheSampleForms) {
  for (const v1::MeetingSpec& spec :
       {testing::SampleSpec(kBothPolicies), testing::SampleSpec(kBothPoliciesAndAssessment)}) {
    for (const v1::Form& form : spec.forms()) {
      EXPECT_EQ(MaxBallotBytes(form), LargestBallot(form).ByteSizeLong()) << form.id();
    }
  }
}

TEST(BallotBoundTest, NoAcceptedBallotIsLargerThanTheBound) {
  const v1::MeetingSpec spec = EveryKindSpec();
  const v1::Form& form = spec.forms(0);
  const v1::Ballot largest = LargestBallot(form);
  const size_t bound = MaxBallotBytes(form);
  std::mt19937 rng(20261204);
  for (int trial = 0; trial < 500; ++trial) {
    // A random sub-ballot: drop answers and marks at random.
    v1::Ballot b;
    b.set_form_id(form.id());
    for (const v1::Answer& full : largest.answers()) {
      if (rng() % 4 == 0) continue;
      v1::Answer* a = b.add_answers();
      a->set_question_id(full.question_id());
      for (const auto& c : full.choices()) if (rng() % 2) a->add_choices(c);
      for (const auto& w : full.write_ins()) if (rng() % 2) a->add_write_ins(w);
      for (const auto& g : full.grades()) if (rng() % 2) *a->add_grades() = g;
      for (const auto& d : full.decisions()) if (rng() % 2) *a->add_decisions() = d;
      for (const auto& e : full.elements()) if (rng() % 2) *a->add_elements() = e;
      for (const auto& t : full.ticks()) if (rng() % 2) *a->add_ticks() = t;
    }
    ASSERT_OK(ClassifyBallot(form, b).status()) << b.ShortDebugString();
    EXPECT_LE(b.ByteSizeLong(), bound);
  }
}

TEST(BallotBoundTest, WriteInsAreBoundedByMaxChoices) {
  const v1::MeetingSpec spec = EveryKindSpec();
  const v1::Form& form = spec.forms(0);
  EXPECT_EQ(MaxWriteIns(form.questions(0)), 3);  // max_choices 3
  EXPECT_EQ(MaxWriteIns(form.questions(1)), 0);  // graded: none
  v1::Ballot b;
  b.set_form_id(form.id());
  v1::Answer* a = b.add_answers();
  a->set_question_id("rec");
  for (const char* name : {"周九", "吴十", "郑一", "冯二"}) a->add_write_ins(name);
  EXPECT_THAT(ClassifyBallot(form, b),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("ballot.answers[0].write_ins: "), HasSubstr("at most 3"),
                             HasSubstr("got 4"))));
}

TEST(BallotBoundTest, BytesOfNoKnownFieldMakeABallotTooLarge) {
  const v1::MeetingSpec spec = EveryKindSpec();
  const v1::Form& form = spec.forms(0);
  v1::Ballot largest = LargestBallot(form);
  largest.mutable_answers(0)->GetReflection()->MutableUnknownFields(largest.mutable_answers(0))
      ->AddLengthDelimited(77, "v001");
  EXPECT_THAT(ClassifyBallot(form, largest),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("ballot: "), HasSubstr("more than the largest ballot"))));
}

}  // namespace
}  // namespace gongxin::tally
