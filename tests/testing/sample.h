// A small named meeting used by server and end-to-end tests: two voter
// groups, one named recommendation form with two approval questions.
#ifndef GONGXIN_TESTS_TESTING_SAMPLE_H_
#define GONGXIN_TESTS_TESTING_SAMPLE_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gongxin/v1/meeting.pb.h"

namespace gongxin::testing {

// Form "rec": question "head" (1 seat, max 1, candidates c1..c3, write-ins
// allowed) and question "deputy" (2 seats, max 2, candidates d1..d4).
inline v1::MeetingSpec SampleSpec() {
  v1::MeetingSpec spec;
  spec.set_title("某县民主推荐会");
  spec.set_unit("中共某县委组织部");
  auto* g1 = spec.add_groups();
  g1->set_id("leaders");
  g1->set_name("领导班子成员");
  auto* g2 = spec.add_groups();
  g2->set_id("staff");
  g2->set_name("一般干部");
  v1::Form* form = spec.add_forms();
  form->set_id("rec");
  form->set_title("民主推荐票");
  form->set_mode(v1::FORM_MODE_NAMED);
  v1::Question* q1 = form->add_questions();
  q1->set_id("head");
  q1->set_title("局长人选");
  auto* a1 = q1->mutable_approval();
  a1->set_post("局长");
  a1->set_seats(1);
  a1->set_max_choices(1);
  a1->set_allow_write_in(true);
  for (int i = 1; i <= 3; ++i) {
    auto* c = a1->add_candidates();
    c->set_id(absl::StrCat("c", i));
    c->set_name(absl::StrCat("候选人", i));
  }
  v1::Question* q2 = form->add_questions();
  q2->set_id("deputy");
  q2->set_title("副局长人选");
  auto* a2 = q2->mutable_approval();
  a2->set_post("副局长");
  a2->set_seats(2);
  a2->set_max_choices(2);
  for (int i = 1; i <= 4; ++i) {
    auto* c = a2->add_candidates();
    c->set_id(absl::StrCat("d", i));
    c->set_name(absl::StrCat("副职候选人", i));
  }
  return spec;
}

// SampleSpec() plus two anonymous satisfaction forms, "sat" and "sat2", each
// with question "work" (approval, max 1, candidates satisfied / basic /
// dissatisfied).
inline v1::MeetingSpec MixedSampleSpec() {
  v1::MeetingSpec spec = SampleSpec();
  for (const char* id : {"sat", "sat2"}) {
    v1::Form* form = spec.add_forms();
    form->set_id(id);
    form->set_title("满意度评议表");
    form->set_mode(v1::FORM_MODE_ANONYMOUS);
    v1::Question* q = form->add_questions();
    q->set_id("work");
    q->set_title("对年度选人用人工作的评价");
    auto* a = q->mutable_approval();
    a->set_post("评价");
    a->set_seats(1);
    a->set_max_choices(1);
    for (const char* grade : {"satisfied", "basic", "dissatisfied"}) {
      auto* c = a->add_candidates();
      c->set_id(grade);
      c->set_name(grade);
    }
  }
  return spec;
}

// A ballot for MixedSampleSpec()'s anonymous form `form` ("sat" or "sat2")
// choosing `choice` for its one question.
inline v1::Ballot SatisfactionBallot(const std::string& form, const std::string& choice) {
  v1::Ballot b;
  b.set_form_id(form);
  auto* a = b.add_answers();
  a->set_question_id("work");
  a->add_choices(choice);
  return b;
}

// Voters v001..v<n>, the first third leaders, the rest staff.
inline v1::Roll SampleRoll(int n) {
  v1::Roll roll;
  for (int i = 1; i <= n; ++i) {
    v1::Voter* v = roll.add_voters();
    v->set_id(absl::StrFormat("v%03d", i));
    v->set_name(absl::StrCat("投票人", i));
    v->set_group(i <= n / 3 ? "leaders" : "staff");
  }
  return roll;
}

inline std::string VoterId(int i) { return absl::StrFormat("v%03d", i); }

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_TESTING_SAMPLE_H_
