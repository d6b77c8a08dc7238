// Tests of the counting rules as data (tally/presets.h, tally/annotate.h,
// tally/groups.h through Counter::Tally): each test is named after the rule
// of docs/counting-rules.md it checks, with hand-computed figures.
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tally/ballot.h"
#include "tally/count.h"
#include "tally/diff.h"
#include "tally/presets.h"
#include "tally/spec.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/text_proto.h"

namespace gongxin::tally {
namespace {

using ::gongxin::testing::MakeBallot;
using ::gongxin::testing::MakeGradedBallot;
using ::gongxin::testing::ParseText;
using ::gongxin::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// One meeting with three groups and four forms:
//   rec    NAMED      approval "post": seats 1, 1:3 shortlist, c1..c5, write-ins
//   assess ANONYMOUS  graded "comp": subject s1, competency scale + 不了解
//   sat    ANONYMOUS  graded "work": subject w, satisfaction scale
//   review NAMED      graded "annual": subject r1, annual-review scale
// Rules are added per test.
v1::MeetingSpec RulesSpec() {
  return ParseText<v1::MeetingSpec>(R"pb(
    title: "规则测试"
    unit: "某县组织部"
    groups { id: "leaders" name: "领导班子" }
    groups { id: "middle" name: "中层" }
    groups { id: "staff" name: "群众" }
    forms {
      id: "rec"
      title: "推荐票"
      mode: FORM_MODE_NAMED
      questions {
        id: "post"
        approval {
          post: "副局长"
          seats: 1
          max_choices: 1
          allow_write_in: true
          shortlist_ratio: 3
          candidates { id: "c1" name: "甲" }
          candidates { id: "c2" name: "乙" }
          candidates { id: "c3" name: "丙" }
          candidates { id: "c4" name: "丁" }
          candidates { id: "c5" name: "戊" }
        }
      }
    }
    forms {
      id: "assess"
      title: "测评表"
      mode: FORM_MODE_ANONYMOUS
      questions {
        id: "comp"
        graded {
          subjects { id: "s1" name: "张三" }
          scale { id: "competent" label: "胜任" }
          scale { id: "basic" label: "基本胜任" }
          scale { id: "incompetent" label: "不胜任" }
          scale { id: "unknown" label: "不了解" dont_know: true }
        }
      }
    }
    forms {
      id: "sat"
      title: "满意度评议表"
      mode: FORM_MODE_ANONYMOUS
      questions {
        id: "work"
        graded {
          subjects { id: "w" name: "选人用人工作" }
          scale { id: "satisfied" label: "满意" }
          scale { id: "basic" label: "基本满意" }
          scale { id: "dissatisfied" label: "不满意" }
        }
      }
    }
    forms {
      id: "review"
      title: "年度考核测评"
      mode: FORM_MODE_NAMED
      questions {
        id: "annual"
        graded {
          subjects { id: "r1" name: "李四" }
          scale { id: "excellent" label: "优秀" }
          scale { id: "competent" label: "称职" }
          scale { id: "basic" label: "基本称职" }
          scale { id: "incompetent" label: "不称职" }
        }
      }
    }
  )pb");
}

// Adds the rules of `preset` to form `form` of `spec`, expanded.
void UsePreset(v1::MeetingSpec& spec, int form, const std::string& preset) {
  spec.mutable_forms(form)->add_rules()->set_preset(preset);
  ASSERT_OK(ExpandPresets(&spec));
}

// Turnout where every form has `due` voters on the roll and `issued` present.
TurnoutFigures Turnout(const v1::MeetingSpec& spec, uint32_t due, uint32_t issued) {
  TurnoutFigures t{.due = due, .present = issued};
  for (const v1::Form& form : spec.forms()) t.forms[form.id()] = {.due = due, .issued = issued};
  return t;
}

class RulesTest : public ::testing::Test {
 protected:
  // Classifies and adds `ballot` under `group`.
  void Add(Counter& counter, const v1::Ballot& ballot, const std::string& group = "") {
    const v1::Form* form = FindForm(spec_, ballot.form_id());
    ASSERT_NE(form, nullptr);
    ASSERT_OK_AND_ASSIGN(std::vector<AnswerStatus> statuses, ClassifyBallot(*form, ballot));
    ASSERT_OK(counter.AddBallot(ballot, statuses, group));
  }
  // `n` anonymous competency ballots grading s1 `grade`.
  void AddGrades(Counter& counter, int n, const std::string& grade, const std::string& group = "") {
    for (int i = 0; i < n; ++i) {
      Add(counter, MakeGradedBallot("assess", {{"comp", {{"s1", grade}}}}), group);
    }
  }
  void AddSatisfaction(Counter& counter, int n, const std::string& grade,
                       const std::string& group = "") {
    for (int i = 0; i < n; ++i) {
      Add(counter, MakeGradedBallot("sat", {{"work", {{"w", grade}}}}), group);
    }
  }
  void AddVotes(Counter& counter, int n, const std::string& candidate,
                const std::string& group = "leaders") {
    for (int i = 0; i < n; ++i) Add(counter, MakeBallot("rec", {{"post", {candidate}}}), group);
  }

  static std::vector<std::string> RuleIds(const v1::QuestionTally& qt) {
    std::vector<std::string> ids;
    for (const v1::Flag& f : qt.flags()) ids.push_back(f.rule_id());
    return ids;
  }

  v1::MeetingSpec spec_ = RulesSpec();
};

// --- Presets and rules as data -------------------------------------------

TEST_F(RulesTest, PresetS1ExpandsIntoTwoSpelledOutRulesKeepingItsName_S1) {
  UsePreset(spec_, 1, "S-1");
  ASSERT_OK(ValidateSpec(spec_));
  const v1::Form& form = spec_.forms(1);
  ASSERT_EQ(form.rules_size(), 2);
  EXPECT_EQ(form.rules(0).rule_id(), "S-1a");
  EXPECT_EQ(form.rules(0).preset(), "S-1");
  EXPECT_THAT(form.rules(0).grades(), ElementsAre("basic", "incompetent"));
  EXPECT_EQ(form.rules(0).comparator(), v1::COMPARATOR_GE);
  EXPECT_EQ(form.rules(0).fraction().num(), 2u);
  EXPECT_EQ(form.rules(0).fraction().den(), 5u);
  EXPECT_EQ(form.rules(0).basis(), v1::RATE_BASIS_VALID);
  EXPECT_EQ(form.rules(1).rule_id(), "S-1b");
  EXPECT_THAT(form.rules(1).grades(), ElementsAre("incompetent"));
}

TEST_F(RulesTest, EveryShippedPresetExpandsToRulesThatValidate_C3) {
  for (const std::string& name : PresetNames()) {
    ASSERT_OK_AND_ASSIGN(std::vector<v1::ThresholdRule> rules, PresetRules(name));
    EXPECT_FALSE(rules.empty()) << name;
  }
  EXPECT_THAT(PresetNames(), ::testing::IsSupersetOf({"S-1", "S-5", "S-9", "C3-beijing-2001",
                                                      "C3-zhejiang", "C3-county-2010",
                                                      "C3-probation"}));
  // Each C3 preset fits the annual-review scale of form "review".
  for (const char* name : {"C3-beijing-2001", "C3-zhejiang", "C3-county-2010", "C3-probation"}) {
    v1::MeetingSpec spec = RulesSpec();
    UsePreset(spec, 3, name);
    EXPECT_OK(ValidateSpec(spec)) << name;
  }
}

TEST_F(RulesTest, UnknownPresetIsRefusedNamingTheField) {
  spec_.mutable_forms(1)->add_rules()->set_preset("S-42");
  EXPECT_THAT(ExpandPresets(&spec_), StatusIs(absl::StatusCode::kInvalidArgument,
                                              HasSubstr("spec.forms[1].rules[0].preset")));
}

TEST_F(RulesTest, OverridingTheFractionOfATwoRulePresetIsRefused) {
  v1::ThresholdRule* ref = spec_.mutable_forms(1)->add_rules();
  ref->set_preset("S-1");
  ref->mutable_fraction()->set_num(1);
  ref->mutable_fraction()->set_den(2);
  EXPECT_THAT(ExpandPresets(&spec_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("cannot be overridden")));
}

TEST_F(RulesTest, OneRulePresetTakesAnOverriddenFraction_C3) {
  v1::ThresholdRule* ref = spec_.mutable_forms(3)->add_rules();
  ref->set_preset("C3-beijing-2001");
  ref->mutable_fraction()->set_num(1);
  ref->mutable_fraction()->set_den(4);
  ASSERT_OK(ExpandPresets(&spec_));
  EXPECT_EQ(spec_.forms(3).rules(0).fraction().den(), 4u);
  EXPECT_EQ(spec_.forms(3).rules(0).preset(), "C3-beijing-2001");
}

TEST_F(RulesTest, ValidateSpecRefusesAnUnexpandedPreset) {
  spec_.mutable_forms(1)->add_rules()->set_preset("S-1");
  EXPECT_THAT(ValidateSpec(spec_), StatusIs(absl::StatusCode::kInvalidArgument,
                                            HasSubstr("spec.forms[1].rules[0]: preset")));
}

TEST_F(RulesTest, ValidateSpecRefusesARuleThatFitsNoQuestion) {
  UsePreset(spec_, 2, "S-1");  // competency grades on a satisfaction form
  EXPECT_THAT(ValidateSpec(spec_), StatusIs(absl::StatusCode::kInvalidArgument,
                                            HasSubstr("spec.forms[2].rules[0]: rule S-1a fits "
                                                      "no question")));
}

TEST_F(RulesTest, ValidateSpecRefusesAQuorumAboveOneAndWeightsMissingAGroup) {
  v1::MeetingSpec spec = RulesSpec();
  spec.mutable_quorum()->mutable_fraction()->set_num(4);
  spec.mutable_quorum()->mutable_fraction()->set_den(3);
  EXPECT_THAT(ValidateSpec(spec), StatusIs(absl::StatusCode::kInvalidArgument,
                                           HasSubstr("spec.quorum.fraction: must not exceed 1")));
  spec = RulesSpec();
  v1::GroupWeight* w = spec.mutable_forms(0)->add_group_weights();
  w->set_group("leaders");
  w->set_weight(40);
  EXPECT_THAT(ValidateSpec(spec),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("spec.forms[0].group_weights: group middle receives the form")));
}

TEST_F(RulesTest, ValidateSpecRefusesScoreFormulaWithoutScores_C5c) {
  spec_.mutable_forms(2)->mutable_questions(0)->mutable_graded()->set_satisfaction_formula(
      v1::SATISFACTION_FORMULA_SCORE);
  EXPECT_THAT(ValidateSpec(spec_),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("spec.forms[2].questions[0].graded.satisfaction_formula")));
}

// --- S-1: (基本胜任 + 不胜任) ≥ 40 % or 不胜任 ≥ 20 % ---------------------------

TEST_F(RulesTest, S1aFlagsExactlyFortyPercent) {
  UsePreset(spec_, 1, "S-1");
  Counter counter(spec_);
  // 10 ballots: 6 胜任, 3 基本胜任, 1 不胜任 → 4/10 = 40 % (S-1a), 1/10 < 20 %.
  AddGrades(counter, 6, "competent");
  AddGrades(counter, 3, "basic");
  AddGrades(counter, 1, "incompetent");
  const v1::QuestionTally qt = counter.Tally("m", 0, Turnout(spec_, 10, 10)).forms(1).questions(0);
  EXPECT_THAT(RuleIds(qt), ElementsAre("S-1a"));
  const v1::Flag& flag = qt.flags(0);
  EXPECT_EQ(flag.subject_id(), "s1");
  EXPECT_EQ(flag.observed_num(), 4u);
  EXPECT_EQ(flag.observed_den(), 10u);
  EXPECT_EQ(flag.flag(), "dismissal-review");
  EXPECT_EQ(flag.kind(), v1::FLAG_KIND_ADVICE);
}

TEST_F(RulesTest, S1RaisesNothingJustBelowEitherThreshold) {
  UsePreset(spec_, 1, "S-1");
  Counter counter(spec_);
  // 11 ballots: 7 胜任, 2 基本胜任, 2 不胜任 → 4/11 < 40 %, 2/11 < 20 %.
  AddGrades(counter, 7, "competent");
  AddGrades(counter, 2, "basic");
  AddGrades(counter, 2, "incompetent");
  const v1::QuestionTally qt = counter.Tally("m", 0, Turnout(spec_, 11, 11)).forms(1).questions(0);
  EXPECT_THAT(RuleIds(qt), ElementsAre());
}

TEST_F(RulesTest, S1bFlagsExactlyTwentyPercentIncompetent) {
  UsePreset(spec_, 1, "S-1");
  Counter counter(spec_);
  // 10 ballots: 8 胜任, 2 不胜任 → S-1a 2/10 < 40 %, S-1b 2/10 = 20 %.
  AddGrades(counter, 8, "competent");
  AddGrades(counter, 2, "incompetent");
  const v1::QuestionTally qt = counter.Tally("m", 0, Turnout(spec_, 10, 10)).forms(1).questions(0);
  EXPECT_THAT(RuleIds(qt), ElementsAre("S-1b"));
}

TEST_F(RulesTest, S1CountsDontKnowInTheValidBasisButNotInAssessed_C5) {
  UsePreset(spec_, 1, "S-1");
  // Same rule, basis switched to ASSESSED (不了解 and blanks excluded).
  v1::MeetingSpec assessed = spec_;
  for (v1::ThresholdRule& r : *assessed.mutable_forms(1)->mutable_rules()) {
    r.set_basis(v1::RATE_BASIS_ASSESSED);
  }
  ASSERT_OK(ValidateSpec(assessed));
  // 6 胜任, 3 基本胜任, 1 不了解: VALID basis 3/10 < 40 %; ASSESSED 3/9 < 40 %;
  // with one more 不胜任: VALID 4/11, ASSESSED 4/10 = 40 %.
  for (const v1::MeetingSpec* spec : {&spec_, &assessed}) {
    spec_ = *spec;
    Counter counter(spec_);
    AddGrades(counter, 6, "competent");
    AddGrades(counter, 3, "basic");
    AddGrades(counter, 1, "unknown");
    AddGrades(counter, 1, "incompetent");
    const v1::QuestionTally qt =
        counter.Tally("m", 0, Turnout(spec_, 11, 11)).forms(1).questions(0);
    if (spec == &assessed) {
      EXPECT_THAT(RuleIds(qt), ElementsAre("S-1a"));
      EXPECT_EQ(qt.flags(0).observed_den(), 10u);
    } else {
      EXPECT_THAT(RuleIds(qt), ElementsAre());
    }
  }
}

// --- S-5: 不满意 > 1/3, > 1/2 (strict) ----------------------------------------

TEST_F(RulesTest, S5aIsStrictAtExactlyOneThird) {
  UsePreset(spec_, 2, "S-5");
  Counter counter(spec_);
  AddSatisfaction(counter, 6, "satisfied");
  AddSatisfaction(counter, 3, "dissatisfied");  // 3/9 = 1/3, not > 1/3
  EXPECT_THAT(RuleIds(counter.Tally("m", 0, Turnout(spec_, 9, 9)).forms(2).questions(0)),
              ElementsAre());
  AddSatisfaction(counter, 1, "dissatisfied");  // 4/10 > 1/3, not > 1/2
  EXPECT_THAT(RuleIds(counter.Tally("m", 0, Turnout(spec_, 10, 10)).forms(2).questions(0)),
              ElementsAre("S-5a"));
}

TEST_F(RulesTest, S5bAtExactlyHalfIsNotRaisedAboveHalfIs) {
  UsePreset(spec_, 2, "S-5");
  Counter counter(spec_);
  AddSatisfaction(counter, 5, "satisfied");
  AddSatisfaction(counter, 5, "dissatisfied");  // 5/10: S-5a yes, S-5b no
  EXPECT_THAT(RuleIds(counter.Tally("m", 0, Turnout(spec_, 11, 11)).forms(2).questions(0)),
              ElementsAre("S-5a"));
  AddSatisfaction(counter, 1, "dissatisfied");  // 6/11 > 1/2
  EXPECT_THAT(RuleIds(counter.Tally("m", 0, Turnout(spec_, 11, 11)).forms(2).questions(0)),
              ElementsAre("S-5a", "S-5b"));
}

// --- S-9 and C5 rates --------------------------------------------------------

TEST_F(RulesTest, S9VetoesOnALowExcellentRateAsAdviceOnly) {
  UsePreset(spec_, 3, "S-9");
  Counter counter(spec_);
  // 9 ballots on 李四: 2 优秀, 5 称职, 1 基本称职, 1 不称职.
  // Excellent 2/9 < 1/3 → S-9a; pass (all but 不称职) 8/9 ≥ 2/3.
  for (const auto& [grade, n] : std::vector<std::pair<std::string, int>>{
           {"excellent", 2}, {"competent", 5}, {"basic", 1}, {"incompetent", 1}}) {
    for (int i = 0; i < n; ++i) {
      Add(counter, MakeGradedBallot("review", {{"annual", {{"r1", grade}}}}), "leaders");
    }
  }
  const v1::QuestionTally qt = counter.Tally("m", 0, Turnout(spec_, 9, 9)).forms(3).questions(0);
  EXPECT_THAT(RuleIds(qt), ElementsAre("S-9a"));
  EXPECT_EQ(qt.flags(0).kind(), v1::FLAG_KIND_VETO);
  EXPECT_EQ(qt.flags(0).observed_num(), 2u);
  EXPECT_EQ(qt.flags(0).observed_den(), 9u);
}

TEST_F(RulesTest, SatisfactionRatesFollowTheChosenFormulaAndBasis_C5_S4) {
  v1::GradedQuestion* g = spec_.mutable_forms(2)->mutable_questions(0)->mutable_graded();
  // C5c: scores 100 / 60 / 0 on the three grades, plus a 不了解 grade.
  g->mutable_scale(0)->set_score(100);
  g->mutable_scale(0)->set_has_score(true);
  g->mutable_scale(1)->set_score(60);
  g->mutable_scale(1)->set_has_score(true);
  g->mutable_scale(2)->set_has_score(true);
  v1::Grade* unknown = g->add_scale();
  unknown->set_id("unknown");
  unknown->set_label("不了解");
  unknown->set_dont_know(true);
  g->set_satisfaction_formula(v1::SATISFACTION_FORMULA_PASS);
  g->set_rate_basis(v1::RATE_BASIS_ASSESSED);
  ASSERT_OK(ValidateSpec(spec_));
  Counter counter(spec_);
  // 5 满意, 3 基本满意, 2 不满意, 2 不了解, 1 blank answer.
  AddSatisfaction(counter, 5, "satisfied");
  AddSatisfaction(counter, 3, "basic");
  AddSatisfaction(counter, 2, "dissatisfied");
  AddSatisfaction(counter, 2, "unknown");
  Add(counter, MakeGradedBallot("sat", {{"work", {}}}));
  const v1::SubjectTally st =
      counter.Tally("m", 0, Turnout(spec_, 13, 13)).forms(2).questions(0).subjects(0);
  // Assessed = 10 (不了解 and the blank excluded).
  ASSERT_EQ(st.rates_size(), 4);
  EXPECT_EQ(st.rates(0).id(), "excellent");
  EXPECT_EQ(st.rates(0).num(), 5u);
  EXPECT_EQ(st.rates(0).den(), 10u);
  EXPECT_EQ(st.rates(1).id(), "pass");
  EXPECT_EQ(st.rates(1).num(), 8u);
  EXPECT_EQ(st.rates(2).id(), "score");
  EXPECT_EQ(st.rates(2).num(), 5u * 100 + 3u * 60);  // 680 / 10 = 68 points
  EXPECT_EQ(st.rates(2).den(), 10u);
  EXPECT_EQ(st.rates(3).id(), "satisfaction");  // C5b: (满意 + 基本满意) ÷ assessed
  EXPECT_EQ(st.rates(3).num(), 8u);
  EXPECT_EQ(st.rates(3).basis(), v1::RATE_BASIS_ASSESSED);
}

TEST_F(RulesTest, C3ProbationDividesByThosePresent) {
  UsePreset(spec_, 3, "C3-probation");
  Counter counter(spec_);
  // 12 present, 9 ballots: 4 优秀, 1 称职, 3 不称职, 1 基本称职.
  // a: 不称职 3/12 < 1/3 → no; b: 优秀 + 称职 5/12 < 1/2 → flag.
  for (const auto& [grade, n] : std::vector<std::pair<std::string, int>>{
           {"excellent", 4}, {"competent", 1}, {"incompetent", 3}, {"basic", 1}}) {
    for (int i = 0; i < n; ++i) {
      Add(counter, MakeGradedBallot("review", {{"annual", {{"r1", grade}}}}), "staff");
    }
  }
  const v1::QuestionTally qt = counter.Tally("m", 0, Turnout(spec_, 12, 12)).forms(3).questions(0);
  EXPECT_THAT(RuleIds(qt), ElementsAre("C3-probation-b"));
  EXPECT_EQ(qt.flags(0).observed_den(), 12u);
  EXPECT_EQ(qt.flags(0).basis(), v1::RATE_BASIS_PRESENT);
}

// --- Validity: A4, B1, A6b -----------------------------------------------------

TEST_F(RulesTest, A4ExactlyCeilTwoThirdsPresentIsAValidCount) {
  UsePreset(spec_, 1, "S-1");
  Counter counter(spec_);
  AddGrades(counter, 7, "incompetent");
  // Due 10: ⌈20/3⌉ = 7 must be present.
  const v1::FormTally ft = counter.Tally("m", 0, Turnout(spec_, 10, 7)).forms(1);
  EXPECT_EQ(ft.validity().quorum_required(), 7u);
  EXPECT_TRUE(ft.validity().quorum_met());
  EXPECT_TRUE(ft.validity().valid());
  EXPECT_THAT(RuleIds(ft.questions(0)), ElementsAre("S-1a", "S-1b"));
}

TEST_F(RulesTest, A4OneBelowTheQuorumMarksTheCountInvalidKeepsRawCountsRaisesNoFlag) {
  UsePreset(spec_, 1, "S-1");
  Counter counter(spec_);
  AddGrades(counter, 5, "incompetent");
  // Due 9: 2/3 · 9 = 6 exactly; 5 present is one short.
  const v1::FormTally ft = counter.Tally("m", 0, Turnout(spec_, 9, 5)).forms(1);
  EXPECT_EQ(ft.validity().quorum_required(), 6u);
  EXPECT_FALSE(ft.validity().quorum_met());
  EXPECT_FALSE(ft.validity().valid());
  EXPECT_THAT(ft.validity().reason_zh(), HasSubstr("未达到法定人数 6 人"));
  EXPECT_THAT(ft.validity().reason_en(), HasSubstr("quorum not met: 5 present, 6 required"));
  EXPECT_EQ(ft.questions(0).subjects(0).grades(2).count(), 5u);  // raw count kept
  EXPECT_THAT(RuleIds(ft.questions(0)), ElementsAre());
}

TEST_F(RulesTest, B1QuorumIsConfigurablePerFormIncludingStrictComparator) {
  // "超过半数": more than 1/2 of 10 → at least 6.
  v1::QuorumRule* q = spec_.mutable_forms(1)->mutable_quorum();
  q->mutable_fraction()->set_num(1);
  q->mutable_fraction()->set_den(2);
  q->set_comparator(v1::COMPARATOR_GT);
  ASSERT_OK(ValidateSpec(spec_));
  Counter counter(spec_);
  EXPECT_FALSE(counter.Tally("m", 0, Turnout(spec_, 10, 5)).forms(1).validity().quorum_met());
  const v1::Validity v = counter.Tally("m", 0, Turnout(spec_, 10, 6)).forms(1).validity();
  EXPECT_EQ(v.quorum_required(), 6u);
  EXPECT_TRUE(v.quorum_met());
  // The other forms keep rule A4's default, 2/3 of 10 → 7.
  EXPECT_EQ(counter.Tally("m", 0, Turnout(spec_, 10, 6)).forms(2).validity().quorum_required(),
            7u);
}

TEST_F(RulesTest, A6bMoreBallotsReturnedThanIssuedVoidsTheRound) {
  Counter counter(spec_);
  AddSatisfaction(counter, 4, "satisfied");
  const v1::Validity v = counter.Tally("m", 0, Turnout(spec_, 4, 3)).forms(2).validity();
  EXPECT_FALSE(v.valid());
  EXPECT_THAT(v.reason_en(), HasSubstr("4 ballots returned, only 3 issued"));
}

TEST_F(RulesTest, ValidityCountsBlankAndInvalidBallots_A6d) {
  spec_.mutable_forms(0)->set_overvote_policy(v1::OVERVOTE_POLICY_SPOIL);
  Counter counter(spec_);
  Add(counter, MakeBallot("rec", {{"post", {"c1"}}}), "leaders");
  Add(counter, MakeBallot("rec", {{"post", {}}}), "leaders");
  Add(counter, MakeBallot("rec", {{"post", {"c1", "c2"}}}), "leaders");
  const v1::Validity v = counter.Tally("m", 0, Turnout(spec_, 3, 3)).forms(0).validity();
  EXPECT_EQ(v.returned(), 3u);
  EXPECT_EQ(v.blank(), 1u);
  EXPECT_EQ(v.invalid(), 1u);
}

// --- Shortlist (差额): A2, S-2, S-8 ---------------------------------------------

TEST_F(RulesTest, A2OneToThreeShortlistMarksTheTopThree) {
  Counter counter(spec_);
  AddVotes(counter, 5, "c1");
  AddVotes(counter, 4, "c2");
  AddVotes(counter, 3, "c3");
  AddVotes(counter, 2, "c4");
  const v1::QuestionTally qt = counter.Tally("m", 0, Turnout(spec_, 14, 14)).forms(0).questions(0);
  EXPECT_EQ(qt.shortlist().size(), 3u);
  EXPECT_EQ(qt.shortlist().marked(), 3u);
  EXPECT_TRUE(qt.shortlist().resolved());
  std::vector<bool> marks;
  for (const v1::CandidateTally& c : qt.candidates()) marks.push_back(c.shortlisted());
  EXPECT_THAT(marks, ElementsAre(true, true, true, false, false));  // c5 has no vote
}

TEST_F(RulesTest, S8TieAtAOneToThreeCutIsFlaggedNeverBroken) {
  Counter counter(spec_);
  AddVotes(counter, 5, "c1");
  AddVotes(counter, 4, "c2");
  AddVotes(counter, 3, "c3");
  AddVotes(counter, 3, "c4");
  const v1::QuestionTally qt = counter.Tally("m", 0, Turnout(spec_, 15, 15)).forms(0).questions(0);
  EXPECT_FALSE(qt.shortlist().resolved());
  EXPECT_EQ(qt.shortlist().marked(), 2u);
  EXPECT_THAT(qt.shortlist().reason_en(), HasSubstr("tie at the cut"));
  EXPECT_TRUE(qt.candidates(0).shortlisted());
  EXPECT_TRUE(qt.candidates(1).shortlisted());
  for (int i : {2, 3}) {
    EXPECT_FALSE(qt.candidates(i).shortlisted()) << i;
    EXPECT_TRUE(qt.candidates(i).tie_at_cut()) << i;
  }
  EXPECT_FALSE(qt.candidates(4).tie_at_cut());
}

TEST_F(RulesTest, S8TieInsideTheShortlistIsResolved) {
  Counter counter(spec_);
  AddVotes(counter, 4, "c1");
  AddVotes(counter, 3, "c2");
  AddVotes(counter, 3, "c3");
  AddVotes(counter, 1, "c4");
  const v1::QuestionTally qt = counter.Tally("m", 0, Turnout(spec_, 11, 11)).forms(0).questions(0);
  EXPECT_TRUE(qt.shortlist().resolved());
  EXPECT_EQ(qt.shortlist().marked(), 3u);
  EXPECT_FALSE(qt.candidates(1).tie_at_cut());
}

TEST_F(RulesTest, A7MinimumVoteRateKeepsLowNamesOffTheShortlistAtExactBoundary) {
  v1::ApprovalQuestion* a = spec_.mutable_forms(0)->mutable_questions(0)->mutable_approval();
  a->mutable_min_vote_rate()->set_num(1);
  a->mutable_min_vote_rate()->set_den(5);  // ≥ 20 % of ballots returned
  ASSERT_OK(ValidateSpec(spec_));
  Counter counter(spec_);
  AddVotes(counter, 5, "c1");
  AddVotes(counter, 2, "c2");  // 2/10 = 20 %: in
  AddVotes(counter, 1, "c3");  // 1/10: out
  AddVotes(counter, 1, "c4");
  AddVotes(counter, 1, "c5");
  const v1::QuestionTally qt = counter.Tally("m", 0, Turnout(spec_, 10, 10)).forms(0).questions(0);
  std::vector<bool> marks;
  for (const v1::CandidateTally& c : qt.candidates()) marks.push_back(c.shortlisted());
  EXPECT_THAT(marks, ElementsAre(true, true, false, false, false));
  EXPECT_TRUE(qt.shortlist().resolved());
}

TEST_F(RulesTest, A2WriteInsRankIntoTheShortlist) {
  Counter counter(spec_);
  AddVotes(counter, 4, "c1");
  for (int i = 0; i < 3; ++i) {
    v1::Ballot b = MakeBallot("rec", {{"post", {}}});
    b.mutable_answers(0)->add_write_ins("王某");
    Add(counter, b, "staff");
  }
  AddVotes(counter, 2, "c2");
  AddVotes(counter, 1, "c3");
  const v1::QuestionTally qt = counter.Tally("m", 0, Turnout(spec_, 10, 10)).forms(0).questions(0);
  ASSERT_EQ(qt.write_ins_size(), 1);
  EXPECT_TRUE(qt.write_ins(0).shortlisted());
  EXPECT_FALSE(qt.candidates(2).shortlisted());  // c3, fourth
}

TEST_F(RulesTest, InvalidCountMarksNoShortlist_A4) {
  Counter counter(spec_);
  AddVotes(counter, 3, "c1");
  const v1::QuestionTally qt = counter.Tally("m", 0, Turnout(spec_, 10, 3)).forms(0).questions(0);
  EXPECT_FALSE(qt.shortlist().resolved());
  EXPECT_FALSE(qt.candidates(0).shortlisted());
}

// --- Groups: A3, S-10, S-11 -----------------------------------------------------

TEST_F(RulesTest, S11NamedBallotsAreTalliedPerGroup) {
  Counter counter(spec_);
  AddVotes(counter, 5, "c1", "leaders");
  AddVotes(counter, 6, "c2", "middle");
  AddVotes(counter, 5, "c1", "staff");
  const v1::FormTally ft = counter.Tally("m", 0, Turnout(spec_, 16, 16)).forms(0);
  ASSERT_EQ(ft.groups_size(), 3);
  EXPECT_EQ(ft.groups(0).group(), "leaders");
  EXPECT_EQ(ft.groups(0).returned(), 5u);
  EXPECT_EQ(ft.groups(0).questions(0).candidates(0).votes(), 5u);
  EXPECT_EQ(ft.groups(1).questions(0).candidates(1).votes(), 6u);
  EXPECT_EQ(ft.groups(2).questions(0).candidates(0).votes(), 5u);
  EXPECT_EQ(ft.questions(0).candidates(0).votes(), 10u);
}

TEST_F(RulesTest, SmallGroupIsSuppressedWithItsReasonAndOneMoreSoItCannotBeDerived) {
  Counter counter(spec_);
  AddSatisfaction(counter, 3, "dissatisfied", "leaders");  // 3 < 5
  AddSatisfaction(counter, 6, "satisfied", "middle");
  AddSatisfaction(counter, 8, "satisfied", "staff");
  const v1::FormTally ft = counter.Tally("m", 0, Turnout(spec_, 17, 17)).forms(2);
  ASSERT_EQ(ft.groups_size(), 3);
  EXPECT_TRUE(ft.groups(0).suppressed());
  EXPECT_TRUE(ft.groups(0).questions().empty());
  EXPECT_THAT(ft.groups(0).reason_zh(), HasSubstr("少于 5 张"));
  // Overall minus "staff" would give leaders' 3 不满意 back: middle goes too.
  EXPECT_TRUE(ft.groups(1).suppressed());
  EXPECT_THAT(ft.groups(1).reason_en(), HasSubstr("would reveal"));
  EXPECT_FALSE(ft.groups(2).suppressed());
  EXPECT_EQ(ft.groups(2).questions(0).subjects(0).grades(0).count(), 8u);
}

TEST_F(RulesTest, A3SuppressedGroupsWhoseBallotsTogetherStayBelowTheMinimumTakeAnotherAlong) {
  Counter counter(spec_);
  AddSatisfaction(counter, 2, "dissatisfied", "leaders");
  AddSatisfaction(counter, 2, "dissatisfied", "middle");
  AddSatisfaction(counter, 10, "satisfied", "staff");
  const v1::FormTally ft = counter.Tally("m", 0, Turnout(spec_, 14, 14)).forms(2);
  ASSERT_EQ(ft.groups_size(), 3);
  // 2 + 2 = 4 < 5: overall minus staff would show the four 不满意.
  EXPECT_TRUE(ft.groups(0).suppressed());
  EXPECT_TRUE(ft.groups(1).suppressed());
  EXPECT_TRUE(ft.groups(2).suppressed()) << "staff must go too: it would reveal 4 ballots";
  EXPECT_TRUE(ft.groups(2).questions().empty());
}

TEST_F(RulesTest, A3PooledGroupsShowOnlyWhyAndKeyedGroupsAreTalliedAlone) {
  Counter counter(spec_);
  counter.SetPooledGroups("sat", {"leaders", "middle"});
  AddSatisfaction(counter, 4, "dissatisfied");  // shared key: no group
  AddSatisfaction(counter, 5, "basic");
  AddSatisfaction(counter, 10, "satisfied", "staff");
  const v1::FormTally ft = counter.Tally("m", 0, Turnout(spec_, 19, 19)).forms(2);
  EXPECT_TRUE(ft.groups_reason_zh().empty()) << ft.groups_reason_zh();
  ASSERT_EQ(ft.groups_size(), 3);
  for (int g : {0, 1}) {
    EXPECT_TRUE(ft.groups(g).suppressed()) << ft.groups(g).group();
    EXPECT_TRUE(ft.groups(g).questions().empty()) << ft.groups(g).group();
    EXPECT_THAT(ft.groups(g).reason_zh(), HasSubstr("共用一把选票密钥"));
    EXPECT_THAT(ft.groups(g).reason_en(), HasSubstr("share the form's common token key"));
  }
  EXPECT_FALSE(ft.groups(2).suppressed());
  EXPECT_EQ(ft.groups(2).returned(), 10u);
  EXPECT_EQ(ft.groups(2).questions(0).subjects(0).grades(0).count(), 10u);
  // The overall tally holds every ballot.
  EXPECT_EQ(ft.returned(), 19u);
  EXPECT_EQ(ft.questions(0).subjects(0).grades(2).count(), 4u);
}

TEST_F(RulesTest, A3SharedKeyBallotsBelowTheMinimumHideTheSmallestKeyedGroupToo) {
  Counter counter(spec_);
  counter.SetPooledGroups("sat", {"leaders"});
  AddSatisfaction(counter, 3, "dissatisfied");  // leaders: only 3 came
  AddSatisfaction(counter, 6, "satisfied", "middle");
  AddSatisfaction(counter, 8, "satisfied", "staff");
  const v1::FormTally ft = counter.Tally("m", 0, Turnout(spec_, 17, 17)).forms(2);
  ASSERT_EQ(ft.groups_size(), 3);
  EXPECT_TRUE(ft.groups(0).suppressed());
  EXPECT_TRUE(ft.groups(1).suppressed()) << "overall minus staff would reveal the shared key's 3";
  EXPECT_FALSE(ft.groups(2).suppressed());
}

// S-1 on the competency form, per group: 领导班子 5 ballots, 2 基本胜任 →
// 2/5 = 40 % ≥ 40 %: flagged within the group; overall 2/21 < 40 %: not.
TEST_F(RulesTest, S1FlagsAreRaisedPerGroupFromTheGroupsOwnBallots) {
  UsePreset(spec_, 1, "S-1");
  Counter counter(spec_);
  AddGrades(counter, 3, "competent", "leaders");
  AddGrades(counter, 2, "basic", "leaders");
  AddGrades(counter, 6, "competent", "middle");
  AddGrades(counter, 10, "competent", "staff");
  const v1::FormTally ft = counter.Tally("m", 0, Turnout(spec_, 21, 21)).forms(1);
  EXPECT_TRUE(ft.questions(0).flags().empty());
  ASSERT_EQ(ft.groups_size(), 3);
  ASSERT_EQ(ft.groups(0).questions(0).flags_size(), 1);
  const v1::Flag& flag = ft.groups(0).questions(0).flags(0);
  EXPECT_EQ(flag.rule_id(), "S-1a");
  EXPECT_EQ(flag.observed_num(), 2u);
  EXPECT_EQ(flag.observed_den(), 5u);
  EXPECT_TRUE(ft.groups(1).questions(0).flags().empty());
  EXPECT_TRUE(ft.groups(2).questions(0).flags().empty());
}

TEST_F(RulesTest, A4InvalidCountRaisesNoGroupFlagsEither) {
  UsePreset(spec_, 1, "S-1");
  Counter counter(spec_);
  AddGrades(counter, 5, "basic", "leaders");
  // 5 present of 21 due: below the two-thirds quorum.
  const v1::FormTally ft = counter.Tally("m", 0, Turnout(spec_, 21, 5)).forms(1);
  ASSERT_FALSE(ft.validity().valid());
  ASSERT_EQ(ft.groups_size(), 3);
  EXPECT_TRUE(ft.groups(0).questions(0).flags().empty());
}

TEST_F(RulesTest, MinimumGroupSizeIsConfigurable) {
  spec_.set_min_group_size(3);
  Counter counter(spec_);
  AddSatisfaction(counter, 3, "dissatisfied", "leaders");
  AddSatisfaction(counter, 6, "satisfied", "middle");
  const v1::FormTally ft = counter.Tally("m", 0, Turnout(spec_, 9, 9)).forms(2);
  for (const v1::GroupTally& g : ft.groups()) EXPECT_FALSE(g.suppressed()) << g.group();
}

TEST_F(RulesTest, AnonymousBallotsWithoutGroupGiveNoPerGroupTallyAndSayWhy) {
  Counter counter(spec_);
  AddSatisfaction(counter, 6, "satisfied");
  const v1::FormTally ft = counter.Tally("m", 0, Turnout(spec_, 6, 6)).forms(2);
  EXPECT_TRUE(ft.groups().empty());
  EXPECT_THAT(ft.groups_reason_en(), HasSubstr("no per-group tally"));
}

// Weights 领导班子 40, 中层 30, 群众 30 on the satisfaction form (C5b headline):
//   leaders 5 ballots, 4 满意/基本满意 → 4/5
//   middle  6 ballots, 3 → 1/2
//   staff  10 ballots, 9 → 9/10
// weighted pass = (40·4/5 + 30·1/2 + 30·9/10) / 100 = (32 + 15 + 27) / 100 = 37/50
// unweighted pass = 16/21.
TEST_F(RulesTest, WeightedFiguresAreExactAndShownBesideUnweighted) {
  v1::Form* sat = spec_.mutable_forms(2);
  for (const auto& [group, weight] :
       std::vector<std::pair<std::string, int>>{{"leaders", 40}, {"middle", 30}, {"staff", 30}}) {
    v1::GroupWeight* w = sat->add_group_weights();
    w->set_group(group);
    w->set_weight(weight);
  }
  ASSERT_OK(ValidateSpec(spec_));
  Counter counter(spec_);
  AddSatisfaction(counter, 4, "basic", "leaders");
  AddSatisfaction(counter, 1, "dissatisfied", "leaders");
  AddSatisfaction(counter, 3, "satisfied", "middle");
  AddSatisfaction(counter, 3, "dissatisfied", "middle");
  AddSatisfaction(counter, 9, "satisfied", "staff");
  AddSatisfaction(counter, 1, "dissatisfied", "staff");
  const v1::QuestionTally qt = counter.Tally("m", 0, Turnout(spec_, 21, 21)).forms(2).questions(0);
  EXPECT_EQ(qt.subjects(0).rates(1).num(), 16u);
  EXPECT_EQ(qt.subjects(0).rates(1).den(), 21u);
  const v1::WeightedRate* pass = nullptr;
  for (const v1::WeightedRate& w : qt.weighted()) {
    if (w.rate_id() == "pass") pass = &w;
  }
  ASSERT_NE(pass, nullptr);
  EXPECT_EQ(pass->subject_id(), "w");
  EXPECT_EQ(pass->num(), 37u);
  EXPECT_EQ(pass->den(), 50u);
}

TEST_F(RulesTest, WeightedFiguresAreWithheldWhenAGroupIsSuppressed) {
  for (const char* group : {"leaders", "middle", "staff"}) {
    v1::GroupWeight* w = spec_.mutable_forms(2)->add_group_weights();
    w->set_group(group);
    w->set_weight(1);
  }
  Counter counter(spec_);
  AddSatisfaction(counter, 2, "satisfied", "leaders");
  AddSatisfaction(counter, 6, "satisfied", "middle");
  AddSatisfaction(counter, 6, "satisfied", "staff");
  const v1::QuestionTally qt = counter.Tally("m", 0, Turnout(spec_, 14, 14)).forms(2).questions(0);
  EXPECT_TRUE(qt.weighted().empty());
  EXPECT_THAT(qt.weighted_reason_en(), HasSubstr("suppressed"));
}

// --- Properties ------------------------------------------------------------------

TEST_F(RulesTest, PropertyWeightedEqualsUnweightedWhenWeightsAndGroupSizesAreEqual) {
  std::mt19937 random(20261122);
  for (int round = 0; round < 20; ++round) {
    v1::MeetingSpec spec = RulesSpec();
    for (const char* group : {"leaders", "middle", "staff"}) {
      v1::GroupWeight* w = spec.mutable_forms(2)->add_group_weights();
      w->set_group(group);
      w->set_weight(7);
    }
    spec_ = spec;
    Counter counter(spec_);
    const int per_group = 5 + static_cast<int>(random() % 6);
    const char* grades[] = {"satisfied", "basic", "dissatisfied"};
    for (const char* group : {"leaders", "middle", "staff"}) {
      for (int i = 0; i < per_group; ++i) AddSatisfaction(counter, 1, grades[random() % 3], group);
    }
    const v1::QuestionTally qt =
        counter.Tally("m", 0, Turnout(spec_, 3 * per_group, 3 * per_group)).forms(2).questions(0);
    ASSERT_EQ(qt.weighted_size(), qt.subjects(0).rates_size()) << qt.weighted_reason_en();
    for (int r = 0; r < qt.weighted_size(); ++r) {
      const v1::Rate& overall = qt.subjects(0).rates(r);
      const v1::WeightedRate& weighted = qt.weighted(r);
      // Equal as fractions: a·d == b·c.
      EXPECT_EQ(overall.num() * weighted.den(), weighted.num() * overall.den())
          << "rate " << overall.id() << " round " << round;
    }
  }
}

TEST_F(RulesTest, PropertyTheCountIsIndependentOfBallotOrder) {
  UsePreset(spec_, 1, "S-1");
  UsePreset(spec_, 2, "S-5");
  std::vector<std::pair<v1::Ballot, std::string>> ballots;
  const char* candidates[] = {"c1", "c2", "c3", "c4", "c5"};
  const char* groups[] = {"leaders", "middle", "staff"};
  const char* competency[] = {"competent", "basic", "incompetent", "unknown"};
  const char* satisfaction[] = {"satisfied", "basic", "dissatisfied"};
  std::mt19937 random(7);
  for (int i = 0; i < 60; ++i) {
    const std::string group = groups[random() % 3];
    ballots.emplace_back(MakeBallot("rec", {{"post", {candidates[random() % 5]}}}), group);
    ballots.emplace_back(
        MakeGradedBallot("assess", {{"comp", {{"s1", competency[random() % 4]}}}}), group);
    ballots.emplace_back(MakeGradedBallot("sat", {{"work", {{"w", satisfaction[random() % 3]}}}}),
                         group);
  }
  std::optional<v1::TallyResult> first;
  for (int round = 0; round < 10; ++round) {
    std::shuffle(ballots.begin(), ballots.end(), random);
    Counter counter(spec_);
    for (const auto& [ballot, group] : ballots) Add(counter, ballot, group);
    const v1::TallyResult result = counter.Tally("m", 0, Turnout(spec_, 60, 60));
    if (!first) {
      first = result;
      continue;
    }
    EXPECT_EQ(FirstDifference(result, *first), std::nullopt) << "round " << round;
  }
}

}  // namespace
}  // namespace gongxin::tally
