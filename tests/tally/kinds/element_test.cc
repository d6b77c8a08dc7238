// Tests of tally/kinds/element.h: best-per-element recommendation (rule S-6),
// and that counting every new kind is independent of ballot order.
#include "tally/kinds/element.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gongxin/v1/meeting.pb.h"
#include "gtest/gtest.h"
#include "tally/ballot.h"
#include "tally/count.h"
#include "tally/diff.h"
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

v1::MeetingSpec ElementSpec(const std::string& mode = "FORM_MODE_ANONYMOUS") {
  return ParseText<v1::MeetingSpec>(R"pb(
    title: "要素推荐" unit: "某局"
    groups { id: "all" name: "全体干部" }
    forms {
      id: "el" title: "x最优要素推荐表" mode: )pb" + mode + R"pb(
      questions {
        id: "best"
        element {
          elements { id: "morals" label: "道德品行最好" }
          elements { id: "diligent" label: "工作最敬业" }
          candidates { id: "p1" name: "甲" }
          candidates { id: "p2" name: "乙" }
          candidates { id: "p3" name: "丙" }
        }
      }
    })pb");
}

// "morals=p1,diligent=p2" → one answer.
v1::Ballot ElementBallot(const std::string& picks) {
  v1::Ballot b;
  b.set_form_id("el");
  v1::Answer* a = b.add_answers();
  a->set_question_id("best");
  std::string rest = picks;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string pair = rest.substr(0, comma);
    rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
    const size_t eq = pair.find('=');
    v1::ElementChoice* c = a->add_elements();
    c->set_element_id(pair.substr(0, eq));
    c->set_candidate_id(pair.substr(eq + 1));
  }
  return b;
}

v1::QuestionTally CountAll(const v1::MeetingSpec& spec, const std::vector<v1::Ballot>& ballots) {
  Counter counter(spec);
  for (const v1::Ballot& b : ballots) {
    absl::StatusOr<std::vector<AnswerStatus>> s = ClassifyBallot(spec.forms(0), b);
    EXPECT_TRUE(s.ok()) << s.status();
    if (s.ok()) {
      EXPECT_TRUE(counter.AddBallot(b, *s).ok());
    }
  }
  return counter.Tally("m", 1, {}).forms(0).questions(0);
}

TEST(ElementTest, S6_EachElementIsRankedOnItsOwn) {
  // Five ballots: morals p1 p1 p2 p3 –, diligent p2 p2 p2 p1 p1.
  const v1::QuestionTally t =
      CountAll(ElementSpec(), {ElementBallot("morals=p1,diligent=p2"),
                               ElementBallot("morals=p1,diligent=p2"),
                               ElementBallot("morals=p2,diligent=p2"),
                               ElementBallot("morals=p3,diligent=p1"),
                               ElementBallot("diligent=p1")});
  EXPECT_EQ(t.valid(), 5u);
  ASSERT_EQ(t.elements_size(), 2);
  const v1::ElementTally& morals = t.elements(0);
  EXPECT_EQ(morals.element_id(), "morals");
  EXPECT_EQ(morals.blank(), 1u);
  EXPECT_EQ(morals.candidates(0).votes(), 2u);
  EXPECT_EQ(morals.candidates(0).rank(), 1u);
  EXPECT_EQ(morals.candidates(1).votes(), 1u);
  EXPECT_EQ(morals.candidates(1).rank(), 2u);  // p2 and p3 share rank 2
  EXPECT_EQ(morals.candidates(2).rank(), 2u);
  const v1::ElementTally& diligent = t.elements(1);
  EXPECT_EQ(diligent.blank(), 0u);
  EXPECT_EQ(diligent.candidates(1).votes(), 3u);
  EXPECT_EQ(diligent.candidates(1).rank(), 1u);
  EXPECT_EQ(diligent.candidates(0).rank(), 2u);
  EXPECT_EQ(diligent.candidates(2).votes(), 0u);
  EXPECT_EQ(diligent.candidates(2).rank(), 3u);
}

TEST(ElementTest, S6_TheSamePersonMayBeNamedForSeveralElements) {
  const v1::QuestionTally t = CountAll(ElementSpec(), {ElementBallot("morals=p1,diligent=p1")});
  EXPECT_EQ(t.elements(0).candidates(0).votes(), 1u);
  EXPECT_EQ(t.elements(1).candidates(0).votes(), 1u);
}

TEST(ElementTest, S6_TwoPeopleForOneElementAreRefusedOrSpoiled) {
  v1::MeetingSpec spec = ElementSpec();
  EXPECT_THAT(ClassifyBallot(spec.forms(0), ElementBallot("morals=p1,morals=p2")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("ballot.answers[0].elements[1].element_id"),
                             HasSubstr("one person per element"))));
  spec.mutable_forms(0)->set_overvote_policy(v1::OVERVOTE_POLICY_SPOIL);
  ASSERT_OK_AND_ASSIGN(std::vector<AnswerStatus> statuses,
                       ClassifyBallot(spec.forms(0), ElementBallot("morals=p1,morals=p2")));
  EXPECT_THAT(statuses, ElementsAre(AnswerStatus::kInvalid));
  const v1::QuestionTally t = CountAll(spec, {ElementBallot("morals=p1,morals=p2")});
  EXPECT_EQ(t.invalid(), 1u);
  EXPECT_EQ(t.elements(0).candidates(0).votes(), 0u);  // a spoiled answer counts for nobody
}

TEST(ElementTest, UnknownElementsAndCandidatesAreNotFound) {
  const v1::MeetingSpec spec = ElementSpec();
  EXPECT_THAT(ClassifyBallot(spec.forms(0), ElementBallot("brave=p1")),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("unknown element \"brave\"")));
  EXPECT_THAT(ClassifyBallot(spec.forms(0), ElementBallot("morals=p9")),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("unknown candidate \"p9\"")));
}

TEST(ElementTest, SpecRefusesRepeatedElementIdsAndEmptyLabels) {
  v1::MeetingSpec spec = ElementSpec();
  spec.mutable_forms(0)->mutable_questions(0)->mutable_element()->mutable_elements(1)->set_id(
      "morals");
  EXPECT_THAT(ValidateSpec(spec),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("questions[0].element.elements[1].id: duplicate id")));
  spec = ElementSpec();
  spec.mutable_forms(0)->mutable_questions(0)->mutable_element()->mutable_elements(0)
      ->clear_label();
  EXPECT_THAT(ValidateSpec(spec), StatusIs(absl::StatusCode::kInvalidArgument,
                                           HasSubstr("element.elements[0].label")));
  EXPECT_OK(ValidateSpec(ElementSpec("FORM_MODE_NAMED")));
}

// A meeting with one question of each new kind, for the order property.
v1::MeetingSpec MixedSpec() {
  v1::MeetingSpec spec = ElementSpec();
  v1::Form* form = spec.mutable_forms(0);
  *form->add_questions() = ParseText<v1::Question>(R"pb(
    id: "dec"
    decision {
      candidates { id: "c1" name: "张三" }
      candidates { id: "c2" name: "李四" }
    })pb");
  *form->add_questions() = ParseText<v1::Question>(R"pb(
    id: "chk"
    checklist {
      subjects { id: "s1" name: "王五" }
      items { id: "i1" label: "政治坚定" polarity: ITEM_POLARITY_POSITIVE }
      items { id: "i2" label: "作风漂浮" polarity: ITEM_POLARITY_NEGATIVE }
    })pb");
  return spec;
}

TEST(KindCountTest, CountIsIndependentOfBallotOrder) {
  const v1::MeetingSpec spec = MixedSpec();
  ASSERT_OK(ValidateSpec(spec));
  std::mt19937 rng(20241122);
  const char* people[] = {"p1", "p2", "p3"};
  std::vector<v1::Ballot> ballots;
  for (int i = 0; i < 60; ++i) {
    v1::Ballot b = ElementBallot(std::string("morals=") + people[rng() % 3]);
    if (rng() % 2) {
      v1::ElementChoice* c = b.mutable_answers(0)->add_elements();
      c->set_element_id("diligent");
      c->set_candidate_id(people[rng() % 3]);
    }
    v1::Answer* dec = b.add_answers();
    dec->set_question_id("dec");
    for (const char* cid : {"c1", "c2"}) {
      const int v = rng() % 4;  // 0 = blank
      if (v == 0) continue;
      v1::DecisionMark* m = dec->add_decisions();
      m->set_candidate_id(cid);
      m->set_vote(static_cast<v1::DecisionVote>(v));
    }
    v1::Answer* chk = b.add_answers();
    chk->set_question_id("chk");
    if (rng() % 3) {
      v1::Ticks* t = chk->add_ticks();
      t->set_subject_id("s1");
      if (rng() % 2) t->add_item_ids("i1");
      if (rng() % 2) t->add_item_ids("i2");
    }
    ballots.push_back(std::move(b));
  }
  auto tally = [&](const std::vector<v1::Ballot>& order) {
    Counter counter(spec);
    for (const v1::Ballot& b : order) {
      absl::StatusOr<std::vector<AnswerStatus>> s = ClassifyBallot(spec.forms(0), b);
      EXPECT_TRUE(s.ok()) << s.status();
      if (s.ok()) {
        EXPECT_TRUE(counter.AddBallot(b, *s).ok());
      }
    }
    TurnoutFigures turnout{.due = 70, .present = 60};
    turnout.forms["el"] = FormTurnout{.due = 70, .issued = 60};
    return counter.Tally("m", 1, turnout);
  };
  const v1::TallyResult first = tally(ballots);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(ballots.begin(), ballots.end(), rng);
    EXPECT_EQ(FirstDifference(tally(ballots), first), std::nullopt) << "after shuffle " << round;
  }
}

}  // namespace
}  // namespace gongxin::tally
