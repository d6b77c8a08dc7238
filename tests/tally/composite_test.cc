// Composite rankings: rules S-2 (90/5/5, take 1:3), S-3 (45/45/5/5, < 60
// excluded, veto whatever the scores), S-9 (veto on an assessment rate) and
// A8 (flags only; ties at the cut are never broken). Expectations are
// computed by hand in the comments.
#include "tally/composite.h"

#include <string>

#include "gmock/gmock.h"
#include "gongxin/v1/meeting.pb.h"
#include "gtest/gtest.h"
#include "tally/spec.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/text_proto.h"

namespace gongxin::tally {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::gongxin::testing::ParseText;

// One named form "rec" with approval question "head" (1 seat, c1..c4) and
// one anonymous form "assess" grading the same people (excellent, competent,
// basic, incompetent).
v1::MeetingSpec Spec() {
  return ParseText<v1::MeetingSpec>(R"pb(
    title: "干部选拔"
    unit: "某县组织部"
    groups { id: "all" name: "全体" }
    forms {
      id: "rec"
      title: "民主推荐票"
      mode: FORM_MODE_NAMED
      questions {
        id: "head"
        approval {
          post: "局长"
          seats: 1
          max_choices: 1
          candidates { id: "c1" name: "甲" }
          candidates { id: "c2" name: "乙" }
          candidates { id: "c3" name: "丙" }
          candidates { id: "c4" name: "丁" }
        }
      }
    }
    forms {
      id: "assess"
      title: "民主测评表"
      mode: FORM_MODE_ANONYMOUS
      questions {
        id: "grade"
        graded {
          subjects { id: "c1" name: "甲" }
          subjects { id: "c2" name: "乙" }
          subjects { id: "c3" name: "丙" }
          subjects { id: "c4" name: "丁" }
          scale { id: "excellent" label: "优秀" }
          scale { id: "competent" label: "称职" }
          scale { id: "basic" label: "基本称职" }
          scale { id: "incompetent" label: "不称职" }
        }
      }
    }
  )pb");
}

// A tally of 20 recommendation ballots with `votes` for c1..c4, and 10
// assessment ballots where c1..c4 got `passes` excellent-or-competent grades.
v1::TallyResult Tally(std::vector<uint32_t> votes, std::vector<uint32_t> passes = {10, 10, 10, 10}) {
  v1::TallyResult t;
  v1::QuestionTally* q = t.add_forms()->add_questions();
  t.mutable_forms(0)->set_form_id("rec");
  q->set_question_id("head");
  q->set_valid(20);
  q->set_rate_denominator(20);
  for (int i = 0; i < 4; ++i) {
    v1::CandidateTally* c = q->add_candidates();
    c->set_candidate_id("c" + std::to_string(i + 1));
    c->set_votes(votes[i]);
  }
  v1::FormTally* assess = t.add_forms();
  assess->set_form_id("assess");
  v1::QuestionTally* g = assess->add_questions();
  g->set_question_id("grade");
  g->set_valid(10);
  for (int i = 0; i < 4; ++i) {
    v1::SubjectTally* s = g->add_subjects();
    s->set_subject_id("c" + std::to_string(i + 1));
    v1::GradeCount* competent = s->add_grades();
    competent->set_grade_id("competent");
    competent->set_count(passes[i]);
    v1::GradeCount* incompetent = s->add_grades();
    incompetent->set_grade_id("incompetent");
    incompetent->set_count(10 - passes[i]);
  }
  return t;
}

v1::CompositeRule Preset(const v1::MeetingSpec& spec, absl::string_view preset) {
  v1::CompositeRule rule;
  rule.set_id(preset == kPresetS2 ? "s2" : "s3");
  rule.set_title("综合得分");
  rule.set_preset(std::string(preset));
  rule.set_form_id("rec");
  rule.set_question_id("head");
  absl::Status s = ExpandCompositePreset(spec, rule);
  EXPECT_TRUE(s.ok()) << s;
  return rule;
}

// ComputeComposite, which must succeed for these small specs.
v1::CompositeResult Compute(const v1::MeetingSpec& spec, const v1::CompositeRule& rule,
                            const v1::TallyResult& tally, const OfficerInputs& in) {
  absl::StatusOr<v1::CompositeResult> r = ComputeComposite(spec, rule, tally, in);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : v1::CompositeResult();
}

void Score(OfficerInputs& in, const v1::CompositeRule& rule, absl::string_view candidate,
           absl::string_view indicator, Rational value) {
  in.AddScore(rule.id(), candidate, indicator, value);
}

std::vector<std::string> Order(const v1::CompositeResult& r) {
  std::vector<std::string> ids;
  for (const auto& c : r.candidates()) ids.push_back(c.candidate_id());
  return ids;
}
const v1::CompositeCandidate& Find(const v1::CompositeResult& r, absl::string_view id) {
  for (const auto& c : r.candidates()) {
    if (c.candidate_id() == id) return c;
  }
  static const v1::CompositeCandidate* none = new v1::CompositeCandidate();
  ADD_FAILURE() << "candidate " << id << " is not in the result";
  return *none;
}

TEST(CompositeTest, S2_PresetIs90_5_5WithTakeRatio3) {
  v1::MeetingSpec spec = Spec();
  v1::CompositeRule rule = Preset(spec, kPresetS2);
  ASSERT_EQ(rule.components_size(), 3);
  EXPECT_EQ(rule.components(0).weight(), "90");
  EXPECT_EQ(rule.components(0).ballot().kind(), v1::BallotFigure::KIND_VOTE_RATE);
  EXPECT_EQ(rule.components(1).id(), "basic_quality");
  EXPECT_EQ(rule.components(2).id(), "commendations");
  EXPECT_EQ(rule.take_ratio(), 3u);
  *spec.add_composites() = rule;
  EXPECT_OK(ValidateSpec(spec));
}

TEST(CompositeTest, S2_RanksByCompositeAndTakesThreePerPost) {
  v1::MeetingSpec spec = Spec();
  const v1::CompositeRule rule = Preset(spec, kPresetS2);
  OfficerInputs in;
  // c1: 18/20 = 90 % → 81 + 5 % of 80 (4) + 5 % of 100 (5) = 90
  // c2: 15/20 = 75 % → 67.5 + 4.5 + 3 = 75
  // c3: 12/20 = 60 % → 54 + 5 + 5 = 64
  // c4:  6/20 = 30 % → 27 + 5 + 5 = 37
  const int bq[] = {80, 90, 100, 100}, cm[] = {100, 60, 100, 100};
  for (int i = 0; i < 4; ++i) {
    const std::string c = "c" + std::to_string(i + 1);
    Score(in, rule, c, "basic_quality", bq[i]);
    Score(in, rule, c, "commendations", cm[i]);
  }
  const v1::CompositeResult r = Compute(spec, rule, Tally({18, 15, 12, 6}), in);
  EXPECT_EQ(r.take(), 3u);  // 1 seat × 3
  EXPECT_THAT(Order(r), ElementsAre("c1", "c2", "c3", "c4"));
  EXPECT_EQ(Find(r, "c1").composite(), "90");
  EXPECT_EQ(Find(r, "c2").composite(), "75");
  EXPECT_EQ(Find(r, "c3").composite(), "64");
  EXPECT_EQ(Find(r, "c4").composite(), "37");
  EXPECT_EQ(Find(r, "c2").components(0).points(), "75");
  EXPECT_TRUE(Find(r, "c3").within_take());
  EXPECT_FALSE(Find(r, "c4").within_take()) << "fourth of a 1:3 take is outside the cut";
  EXPECT_EQ(Find(r, "c4").rank(), 4u);
}

TEST(CompositeTest, S2_TieAtTheCutIsFlaggedNeverBroken) {
  v1::MeetingSpec spec = Spec();
  const v1::CompositeRule rule = Preset(spec, kPresetS2);
  OfficerInputs in;
  for (const char* c : {"c1", "c2", "c3", "c4"}) {
    Score(in, rule, c, "basic_quality", 100);
    Score(in, rule, c, "commendations", 100);
  }
  // c3 and c4 both 12/20 → 54 + 10 = 64, third and fourth: a tie at the cut.
  const v1::CompositeResult r = Compute(spec, rule, Tally({18, 15, 12, 12}), in);
  EXPECT_TRUE(Find(r, "c1").within_take());
  EXPECT_TRUE(Find(r, "c2").within_take());
  for (const char* c : {"c3", "c4"}) {
    EXPECT_EQ(Find(r, c).rank(), 3u) << c << ": equal composites share a rank";
    EXPECT_TRUE(Find(r, c).tied_at_cut()) << c;
    EXPECT_FALSE(Find(r, c).within_take()) << c << ": a tie at the cut must not be broken";
  }
  // Spec order among equals, not an invented tie-break.
  EXPECT_THAT(Order(r), ElementsAre("c1", "c2", "c3", "c4"));
}

TEST(CompositeTest, S2_TieInsideTheCutIsNotFlagged) {
  v1::MeetingSpec spec = Spec();
  const v1::CompositeRule rule = Preset(spec, kPresetS2);
  OfficerInputs in;
  for (const char* c : {"c1", "c2", "c3", "c4"}) {
    Score(in, rule, c, "basic_quality", 100);
    Score(in, rule, c, "commendations", 100);
  }
  const v1::CompositeResult r = Compute(spec, rule, Tally({15, 15, 12, 6}), in);
  EXPECT_EQ(Find(r, "c1").rank(), 1u);
  EXPECT_EQ(Find(r, "c2").rank(), 1u);
  EXPECT_EQ(Find(r, "c3").rank(), 3u);
  for (const char* c : {"c1", "c2", "c3"}) {
    EXPECT_TRUE(Find(r, c).within_take()) << c;
    EXPECT_FALSE(Find(r, c).tied_at_cut()) << c;
  }
}

TEST(CompositeTest, S3_CompositeOfExactly60IsNotExcluded) {
  v1::MeetingSpec spec = Spec();
  const v1::CompositeRule rule = Preset(spec, kPresetS3);
  EXPECT_EQ(rule.exclude_below(), "60");
  OfficerInputs in;
  // c1: 45 % of 60 + 45 % of 60 + 5 % of 60 + 5 % of 60 = 60 exactly.
  for (const char* ind : {"performance", "leadership", "work_style", "potential"}) {
    Score(in, rule, "c1", ind, 60);
  }
  // c2: 45 % of 59.9 + 45 % of 60 + 5 % of 60 + 5 % of 60 = 59.955 → excluded.
  Score(in, rule, "c2", "performance", Rational(599, 10));
  for (const char* ind : {"leadership", "work_style", "potential"}) Score(in, rule, "c2", ind, 60);
  const v1::CompositeResult r = Compute(spec, rule, Tally({0, 0, 0, 0}), in);
  EXPECT_EQ(Find(r, "c1").composite(), "60");
  EXPECT_FALSE(Find(r, "c1").excluded()) << "60 is not < 60";
  EXPECT_EQ(Find(r, "c1").rank(), 1u);
  EXPECT_EQ(Find(r, "c2").composite(), "59.955");
  EXPECT_TRUE(Find(r, "c2").excluded());
  EXPECT_EQ(Find(r, "c2").rank(), 0u);
  // c3 and c4 have no scores: listed as missing every indicator, unranked.
  EXPECT_THAT(Find(r, "c3").missing(),
              ElementsAre("performance", "leadership", "work_style", "potential"));
  EXPECT_EQ(Find(r, "c3").composite(), "");
}

TEST(CompositeTest, S3_ThirdsThatSumToExactly60AreNotExcluded) {
  // Weights of 100/3 % each: 59, 60 and 61 average to exactly 60, which a
  // float would put just below.
  v1::MeetingSpec spec = Spec();
  v1::CompositeRule* rule = spec.add_composites();
  rule->set_id("thirds");
  rule->set_title("三项平均");
  rule->set_form_id("rec");
  rule->set_question_id("head");
  rule->set_exclude_below("60");
  for (const char* id : {"a", "b", "c"}) {
    v1::CompositeComponent* c = rule->add_components();
    c->set_id(id);
    c->set_label(id);
    c->set_weight("100/3");
    c->mutable_officer();
  }
  ASSERT_OK(ValidateSpec(spec));
  OfficerInputs in;
  in.AddScore("thirds", "c1", "a", 59);
  in.AddScore("thirds", "c1", "b", 60);
  in.AddScore("thirds", "c1", "c", 61);
  const v1::CompositeResult r = Compute(spec, *rule, Tally({0, 0, 0, 0}), in);
  EXPECT_EQ(Find(r, "c1").composite(), "60");
  EXPECT_FALSE(Find(r, "c1").excluded());
}

TEST(CompositeTest, S3_VetoRemovesTheTopScorerWhateverTheScores) {
  v1::MeetingSpec spec = Spec();
  const v1::CompositeRule rule = Preset(spec, kPresetS3);
  OfficerInputs in;
  for (const char* ind : {"performance", "leadership", "work_style", "potential"}) {
    Score(in, rule, "c1", ind, 100);
    Score(in, rule, "c2", ind, 70);
  }
  v1::Veto veto;
  veto.set_reason("经查实的举报：违反中央八项规定");
  veto.set_officer("officer-li");
  in.AddVeto(rule.id(), "c1", veto);
  const v1::CompositeResult r = Compute(spec, rule, Tally({0, 0, 0, 0}), in);
  const v1::CompositeCandidate& c1 = Find(r, "c1");
  EXPECT_EQ(c1.composite(), "100") << "the scores stay visible";
  EXPECT_EQ(c1.rank(), 0u) << "a vetoed candidate is not ranked";
  ASSERT_EQ(c1.vetoes_size(), 1);
  EXPECT_EQ(c1.vetoes(0).reason(), "经查实的举报：违反中央八项规定");
  EXPECT_EQ(c1.vetoes(0).officer(), "officer-li");
  EXPECT_EQ(Find(r, "c2").rank(), 1u);
  EXPECT_EQ(r.candidates(0).candidate_id(), "c2") << "ranked candidates come first";
}

TEST(CompositeTest, S9_PassRateBelowTheLevelVetoes) {
  v1::MeetingSpec spec = Spec();
  v1::CompositeRule* rule = spec.add_composites();
  *rule = Preset(spec, kPresetS2);
  // Replace the officer components with a pass-rate figure that vetoes below 60 %.
  rule->mutable_components()->RemoveLast();
  rule->mutable_components(1)->Clear();
  v1::CompositeComponent* pass = rule->mutable_components(1);
  pass->set_id("pass_rate");
  pass->set_label("合格率");
  pass->set_weight("10");
  pass->set_veto_below("60");
  pass->mutable_ballot()->set_form_id("assess");
  pass->mutable_ballot()->set_question_id("grade");
  pass->mutable_ballot()->set_kind(v1::BallotFigure::KIND_GRADE_SHARE);
  pass->mutable_ballot()->add_grade_ids("excellent");
  pass->mutable_ballot()->add_grade_ids("competent");
  ASSERT_OK(ValidateSpec(spec));
  // c2 has 5/10 passes = 50 % < 60 → vetoed; c3 has exactly 6/10 = 60 % → not.
  const v1::CompositeResult r =
      Compute(spec, *rule, Tally({18, 15, 12, 6}, {10, 5, 6, 10}), OfficerInputs());
  ASSERT_EQ(Find(r, "c2").vetoes_size(), 1);
  EXPECT_THAT(Find(r, "c2").vetoes(0).reason(), HasSubstr("S-9"));
  EXPECT_EQ(Find(r, "c2").rank(), 0u);
  EXPECT_TRUE(Find(r, "c3").vetoes().empty());
  // c3: 90 % of 60 + 10 % of 60 = 60.
  EXPECT_EQ(Find(r, "c3").composite(), "60");
  EXPECT_EQ(Find(r, "c3").rank(), 2u);
}

// S-2 with its officer components replaced by a pass-rate figure (share
// of "competent" grades) that vetoes below `veto_below`.
v1::CompositeRule PassRateRule(const v1::MeetingSpec& spec, const std::string& veto_below) {
  v1::CompositeRule rule = Preset(spec, kPresetS2);
  rule.mutable_components()->RemoveLast();
  rule.mutable_components(1)->Clear();
  v1::CompositeComponent* pass = rule.mutable_components(1);
  pass->set_id("pass_rate");
  pass->set_label("合格率");
  pass->set_weight("10");
  pass->set_veto_below(veto_below);
  pass->mutable_ballot()->set_form_id("assess");
  pass->mutable_ballot()->set_question_id("grade");
  pass->mutable_ballot()->set_kind(v1::BallotFigure::KIND_GRADE_SHARE);
  pass->mutable_ballot()->add_grade_ids("competent");
  return rule;
}

TEST(CompositeTest, S9_VetoReasonShowsBothFiguresAsDecimals) {
  v1::MeetingSpec spec = Spec();
  spec.set_text_version(kTextVersion);
  const v1::CompositeRule rule = *spec.add_composites() = PassRateRule(spec, "100/3");
  ASSERT_OK(ValidateSpec(spec));
  // c2: 3 competent of 10 = 30 % < 100/3 %.
  v1::CompositeResult r =
      Compute(spec, rule, Tally({18, 15, 12, 6}, {10, 3, 6, 10}), OfficerInputs());
  ASSERT_EQ(Find(r, "c2").vetoes_size(), 1);
  EXPECT_EQ(Find(r, "c2").vetoes(0).reason(), "S-9: 合格率 30.00 < 33.33")
      << "one format per figure";
  // A meeting created before text version 1 keeps its recorded wording, so
  // its export still verifies.
  spec.set_text_version(0);
  r = Compute(spec, rule, Tally({18, 15, 12, 6}, {10, 3, 6, 10}), OfficerInputs());
  ASSERT_EQ(Find(r, "c2").vetoes_size(), 1);
  EXPECT_EQ(Find(r, "c2").vetoes(0).reason(), "S-9: 合格率 30.00 < 100/3");
}

TEST(CompositeTest, S9_VetoReasonTakesThePlacesThatTellTheFiguresApart) {
  v1::MeetingSpec spec = Spec();
  spec.set_text_version(kTextVersion);
  const v1::CompositeRule rule = *spec.add_composites() = PassRateRule(spec, "50.001");
  ASSERT_OK(ValidateSpec(spec));
  // c2: 5 of 10 = 50 %, below 50.001 — equal to two places, apart at three.
  const v1::CompositeResult r =
      Compute(spec, rule, Tally({18, 15, 12, 6}, {10, 5, 6, 10}), OfficerInputs());
  ASSERT_EQ(Find(r, "c2").vetoes_size(), 1);
  EXPECT_EQ(Find(r, "c2").vetoes(0).reason(), "S-9: 合格率 50.000 < 50.001");
}

TEST(CompositeTest, WeightsMustSumToExactly100) {
  v1::MeetingSpec spec = Spec();
  v1::CompositeRule* rule = spec.add_composites();
  *rule = Preset(spec, kPresetS2);
  rule->mutable_components(2)->set_weight("4.9");
  EXPECT_THAT(ValidateSpec(spec),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("spec.composites[0].components: weights sum to 99.9")));
}

TEST(CompositeTest, RuleCandidateNameIsTheQuestionsNameOrTheId) {
  const v1::MeetingSpec spec = Spec();
  const v1::CompositeRule rule = Preset(spec, kPresetS2);
  EXPECT_EQ(RuleCandidateName(spec, &rule, "c1"), "甲");
  EXPECT_EQ(RuleCandidateName(spec, &rule, "nobody"), "nobody");
  EXPECT_EQ(RuleCandidateName(spec, nullptr, "c1"), "c1") << "without the rule, the id";
}

TEST(CompositeTest, RuleRefusals) {
  struct Case {
    std::string name;
    std::function<void(v1::MeetingSpec&)> edit;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"unknown question", [](auto& s) { s.mutable_composites(0)->set_question_id("x"); },
       "spec.composites[0].question_id: no question \"x\""},
      {"vote rate on a graded question",
       [](auto& s) {
         s.mutable_composites(0)->mutable_components(0)->mutable_ballot()->set_form_id("assess");
         s.mutable_composites(0)->mutable_components(0)->mutable_ballot()->set_question_id("grade");
       },
       "components[0].ballot.kind: VOTE_RATE needs an approval question"},
      {"inverted scale",
       [](auto& s) {
         s.mutable_composites(0)->mutable_components(1)->mutable_officer()->set_scale_max("0");
       },
       "components[1].officer.scale_max"},
      {"veto_below on an officer score",
       [](auto& s) { s.mutable_composites(0)->mutable_components(1)->set_veto_below("50"); },
       "components[1].veto_below"},
      {"threshold above 100", [](auto& s) { s.mutable_composites(0)->set_exclude_below("101"); },
       "spec.composites[0].exclude_below"},
      {"float weight", [](auto& s) { s.mutable_composites(0)->mutable_components(0)->set_weight("9e1"); },
       "components[0].weight"},
      {"unknown preset", [](auto& s) { s.mutable_composites(0)->set_preset("S-7"); },
       "spec.composites[0].preset"},
      {"too many approvals", [](auto& s) { s.set_count_approvals_required(11); },
       "spec.count_approvals_required"},
      {"duplicate rule id", [](auto& s) { *s.add_composites() = s.composites(0); },
       "spec.composites[1].id: duplicate"},
  };
  for (const Case& c : cases) {
    v1::MeetingSpec spec = Spec();
    *spec.add_composites() = Preset(spec, kPresetS2);
    ASSERT_OK(ValidateSpec(spec));
    c.edit(spec);
    EXPECT_THAT(ValidateSpec(spec), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.message)))
        << c.name;
  }
}

TEST(CompositeTest, OfficerScoreOutsideTheScaleIsRefused) {
  v1::MeetingSpec spec = Spec();
  const v1::CompositeRule rule = Preset(spec, kPresetS3);
  const v1::CompositeComponent& performance = rule.components(0);
  EXPECT_OK(CheckOfficerScore(performance, "value", "100").status());
  EXPECT_OK(CheckOfficerScore(performance, "value", "0").status());
  EXPECT_THAT(CheckOfficerScore(performance, "value", "100.5"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("outside")));
  EXPECT_THAT(CheckOfficerScore(performance, "value", "-1"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("value: ")));
}

TEST(CompositeTest, OnlyRuleIsChosenWhenNoneIsNamed) {
  v1::MeetingSpec spec = Spec();
  EXPECT_THAT(ResolveCompositeRule(spec, "rule_id", ""),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  *spec.add_composites() = Preset(spec, kPresetS2);
  ASSERT_OK_AND_ASSIGN(const v1::CompositeRule* only, ResolveCompositeRule(spec, "rule_id", ""));
  EXPECT_EQ(only->id(), "s2");
  *spec.add_composites() = Preset(spec, kPresetS3);
  EXPECT_THAT(ResolveCompositeRule(spec, "rule_id", ""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("rule_id: required")));
  EXPECT_THAT(ResolveCompositeRule(spec, "rule_id", "nope"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no composite rule")));
}

TEST(CompositeTest, ArithmeticTooLargeForExactValuesIsRefusedNotRounded) {
  // Ten components with large coprime denominators: the exact composite
  // needs far more than 128 bits. The count must say so, not guess.
  v1::MeetingSpec spec = Spec();
  v1::CompositeRule* rule = spec.add_composites();
  rule->set_id("huge");
  rule->set_title("病态权重");
  rule->set_form_id("rec");
  rule->set_question_id("head");
  const char* primes[] = {"999999999989", "999999999961", "999999999959", "999999999937",
                          "999999999899", "999999999877", "999999999863", "999999999857",
                          "999999999847", "999999999767"};
  OfficerInputs in;
  for (int i = 0; i < 10; ++i) {
    v1::CompositeComponent* c = rule->add_components();
    c->set_id("k" + std::to_string(i));
    c->set_label("k");
    c->set_weight("10");
    c->mutable_officer()->set_scale_max(std::string(primes[i]) + "/7");
    ASSERT_OK_AND_ASSIGN(Rational v, ParseRational("v", std::string("1/") + primes[(i + 1) % 10]));
    in.AddScore("huge", "c1", c->id(), v);
  }
  ASSERT_OK(ValidateSpec(spec));
  EXPECT_THAT(ComputeComposite(spec, *rule, Tally({0, 0, 0, 0}), in),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("candidate c1")));
}

}  // namespace
}  // namespace gongxin::tally
