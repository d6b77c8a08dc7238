// Tests of tally/count.h: counting, ranking and determinism.
#include "tally/count.h"

#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tally/ballot.h"
#include "tally/diff.h"
#include "tally/spec.h"
#include "tests/tally/raw_counts.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/text_proto.h"

namespace gongxin::tally {
namespace {

using ::gongxin::testing::kBothPolicies;
using ::gongxin::testing::kBothPoliciesAndAssessment;
using ::gongxin::testing::MakeBallot;
using ::gongxin::testing::MakeGradedBallot;
using ::gongxin::testing::ParseText;
using ::gongxin::testing::RawCounts;
using ::gongxin::testing::SampleSpec;
using ::gongxin::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// Classifies `ballot` against its form of `spec` and adds it.
void Add(Counter& counter, const v1::MeetingSpec& spec, const v1::Ballot& ballot) {
  const v1::Form* form = FindForm(spec, ballot.form_id());
  ASSERT_NE(form, nullptr);
  ASSERT_OK_AND_ASSIGN(std::vector<AnswerStatus> statuses, ClassifyBallot(*form, ballot));
  ASSERT_OK(counter.AddBallot(ballot, statuses));
}

// Expects `actual` to equal the text-format `expected`, naming the first
// differing field otherwise.
void ExpectResult(const v1::TallyResult& actual, const std::string& expected) {
  EXPECT_EQ(FirstDifference(RawCounts(actual), ParseText<v1::TallyResult>(expected)), std::nullopt);
}

// The "chair" question of the panel form only, for short expectations.
const v1::QuestionTally& Chair(const v1::TallyResult& result) {
  return result.forms(1).questions(0);
}

TEST(CounterTest, EmptyCountListsEveryCandidateWithZeroVotesAtRankOne) {
  const v1::MeetingSpec spec = SampleSpec(kBothPolicies);
  Counter counter(spec);
  ExpectResult(counter.Tally("m1", 3, {}), R"pb(
    meeting_id: "m1"
    ledger_size: 3
    forms {
      form_id: "rec"
      questions {
        question_id: "head"
        candidates { candidate_id: "c1" rank: 1 }
        candidates { candidate_id: "c2" rank: 1 }
        candidates { candidate_id: "c3" rank: 1 }
        rate_basis: "returned"
      }
      questions {
        question_id: "deputy"
        candidates { candidate_id: "d1" rank: 1 }
        candidates { candidate_id: "d2" rank: 1 }
        candidates { candidate_id: "d3" rank: 1 }
        rate_basis: "returned"
      }
    }
    forms {
      form_id: "panel"
      questions {
        question_id: "chair"
        candidates { candidate_id: "p1" rank: 1 }
        candidates { candidate_id: "p2" rank: 1 }
        rate_basis: "returned"
      }
    }
  )pb");
}

TEST(CounterTest, CountsVotesPerCandidateInSpecOrder) {
  const v1::MeetingSpec spec = SampleSpec(kBothPolicies);
  Counter counter(spec);
  Add(counter, spec, MakeBallot("panel", {{"chair", {"p2"}}}));
  Add(counter, spec, MakeBallot("panel", {{"chair", {"p2"}}}));
  Add(counter, spec, MakeBallot("panel", {{"chair", {"p1"}}}));
  const v1::TallyResult result = counter.Tally("m1", 9, {});
  EXPECT_EQ(result.forms(1).returned(), 3u);
  EXPECT_EQ(result.forms(0).returned(), 0u);
  ExpectResult(result, R"pb(
    meeting_id: "m1"
    ledger_size: 9
    forms {
      form_id: "rec"
      questions {
        question_id: "head"
        candidates { candidate_id: "c1" rank: 1 }
        candidates { candidate_id: "c2" rank: 1 }
        candidates { candidate_id: "c3" rank: 1 }
        rate_basis: "returned"
      }
      questions {
        question_id: "deputy"
        candidates { candidate_id: "d1" rank: 1 }
        candidates { candidate_id: "d2" rank: 1 }
        candidates { candidate_id: "d3" rank: 1 }
        rate_basis: "returned"
      }
    }
    forms {
      form_id: "panel"
      returned: 3
      questions {
        question_id: "chair"
        valid: 3
        candidates { candidate_id: "p1" votes: 1 rank: 2 }
        candidates { candidate_id: "p2" votes: 2 rank: 1 }
        rate_denominator: 3
        rate_basis: "returned"
      }
    }
  )pb");
}

TEST(CounterTest, TiesShareRank) {
  v1::MeetingSpec spec = SampleSpec(kBothPolicies);
  v1::ApprovalQuestion* chair = spec.mutable_forms(1)->mutable_questions(0)->mutable_approval();
  chair->set_max_choices(4);
  v1::Candidate* p3 = chair->add_candidates();
  p3->set_id("p3");
  p3->set_name("郑三");
  v1::Candidate* p4 = chair->add_candidates();
  p4->set_id("p4");
  p4->set_name("王四");
  Counter counter(spec);
  // p1 5, p2 3, p3 3, p4 1 → ranks 1, 2, 2, 4.
  Add(counter, spec, MakeBallot("panel", {{"chair", {"p1", "p2", "p3", "p4"}}}));
  Add(counter, spec, MakeBallot("panel", {{"chair", {"p3", "p2", "p1"}}}));
  Add(counter, spec, MakeBallot("panel", {{"chair", {"p1", "p2", "p3"}}}));
  Add(counter, spec, MakeBallot("panel", {{"chair", {"p1"}}}));
  Add(counter, spec, MakeBallot("panel", {{"chair", {"p1"}}}));
  const v1::TallyResult result = counter.Tally("m1", 0, {});
  const v1::QuestionTally& q = Chair(result);
  ASSERT_EQ(q.candidates_size(), 4);
  std::vector<std::pair<uint32_t, uint32_t>> votes_and_ranks;
  for (const v1::CandidateTally& c : q.candidates())
    votes_and_ranks.push_back({c.votes(), c.rank()});
  EXPECT_THAT(votes_and_ranks, ::testing::ElementsAre(std::pair{5u, 1u}, std::pair{3u, 2u},
                                                      std::pair{3u, 2u}, std::pair{1u, 4u}));
}

TEST(CounterTest, WriteInsAggregateByTrimmedNameSortedByVotesThenBytes) {
  const v1::MeetingSpec spec = SampleSpec(kBothPolicies);
  Counter counter(spec);
  Add(counter, spec, MakeBallot("rec", {{"deputy", {}, {"周九", " 李"}}}));
  Add(counter, spec, MakeBallot("rec", {{"deputy", {}, {"\u3000周九", "吴十"}}}));
  Add(counter, spec, MakeBallot("rec", {{"deputy", {"d1"}, {"李\u3000"}}}));
  Add(counter, spec, MakeBallot("rec", {{"deputy", {}, {"欧阳", "李"}}}));
  Add(counter, spec, MakeBallot("rec", {{"deputy", {}, {"吴十 "}}}));
  const v1::TallyResult result = counter.Tally("m1", 0, {});
  const v1::QuestionTally& deputy = result.forms(0).questions(1);
  // 李 3; 吴十 2 and 周九 2 (吴 U+5434 sorts before 周 U+5468); 欧阳 1.
  ASSERT_EQ(deputy.write_ins_size(), 4);
  EXPECT_EQ(deputy.write_ins(0).name(), "李");
  EXPECT_EQ(deputy.write_ins(0).votes(), 3u);
  EXPECT_EQ(deputy.write_ins(0).rank(), 1u);
  EXPECT_EQ(deputy.write_ins(1).name(), "吴十");
  EXPECT_EQ(deputy.write_ins(1).votes(), 2u);
  EXPECT_EQ(deputy.write_ins(1).rank(), 2u);
  EXPECT_EQ(deputy.write_ins(2).name(), "周九");
  EXPECT_EQ(deputy.write_ins(2).votes(), 2u);
  EXPECT_EQ(deputy.write_ins(2).rank(), 2u);
  EXPECT_EQ(deputy.write_ins(3).name(), "欧阳");
  EXPECT_EQ(deputy.write_ins(3).votes(), 1u);
  EXPECT_EQ(deputy.write_ins(3).rank(), 4u);
  EXPECT_EQ(deputy.candidates(0).votes(), 1u);
}

TEST(CounterTest, WriteInsAndListedCandidatesShareOneRanking) {
  const v1::MeetingSpec spec = SampleSpec(kBothPolicies);
  Counter counter(spec);
  Add(counter, spec, MakeBallot("rec", {{"deputy", {"d1"}, {"周九"}}}));
  Add(counter, spec, MakeBallot("rec", {{"deputy", {}, {"周九"}}}));
  Add(counter, spec, MakeBallot("rec", {{"deputy", {}, {"周九"}}}));
  const v1::TallyResult result = counter.Tally("m1", 0, {});
  const v1::QuestionTally& deputy = result.forms(0).questions(1);
  // 周九 3 outpolls the list: rank 1; d1 1: rank 2; d2, d3 0: rank 3.
  EXPECT_EQ(deputy.write_ins(0).rank(), 1u);
  EXPECT_EQ(deputy.candidates(0).rank(), 2u);
  EXPECT_EQ(deputy.candidates(1).rank(), 3u);
  EXPECT_EQ(deputy.candidates(2).rank(), 3u);
}

TEST(CounterTest, BlankIsValidAndInvalidIsNot_A6) {
  const v1::MeetingSpec spec = SampleSpec(kBothPolicies);
  Counter counter(spec);
  Add(counter, spec, MakeBallot("rec", {{"head", {"c1"}}, {"deputy", {"d1"}}}));
  Add(counter, spec, MakeBallot("rec", {}));                                // both blank
  Add(counter, spec, MakeBallot("rec", {{"head", {"c1", "c2"}}}));      // spoiled, blank
  Add(counter, spec, MakeBallot("rec", {{"deputy", {"d1", "d2", "d3"}}}));  // blank, spoiled
  const v1::TallyResult result = counter.Tally("m1", 0, {});
  const v1::FormTally& rec = result.forms(0);
  EXPECT_EQ(rec.returned(), 4u);
  const v1::QuestionTally& head = rec.questions(0);
  EXPECT_EQ(head.valid(), 3u);  // marked, blank, blank
  EXPECT_EQ(head.blank(), 2u);
  EXPECT_EQ(head.invalid(), 1u);
  EXPECT_EQ(head.candidates(0).votes(), 1u);  // the spoiled c1 mark is not counted
  EXPECT_EQ(head.candidates(1).votes(), 0u);
  EXPECT_EQ(head.rate_denominator(), 4u);  // rule A7: ballots returned
  EXPECT_EQ(head.rate_basis(), "returned");
  const v1::QuestionTally& deputy = rec.questions(1);
  EXPECT_EQ(deputy.valid(), 3u);
  EXPECT_EQ(deputy.blank(), 2u);
  EXPECT_EQ(deputy.invalid(), 1u);
  EXPECT_EQ(deputy.candidates(0).votes(), 1u);
  EXPECT_EQ(deputy.candidates(2).votes(), 0u);
}

TEST(CounterTest, ReportsTurnoutFigures) {
  const v1::MeetingSpec spec = SampleSpec(kBothPolicies);
  Counter counter(spec);
  Add(counter, spec, MakeBallot("rec", {}));
  TurnoutFigures turnout{.due = 10, .present = 8};
  turnout.forms["rec"] = {.due = 10, .issued = 8};
  const v1::TallyResult result = counter.Tally("m1", 5, turnout);
  EXPECT_EQ(result.due(), 10u);
  EXPECT_EQ(result.present(), 8u);
  EXPECT_EQ(result.forms(0).due(), 10u);
  EXPECT_EQ(result.forms(0).issued(), 8u);
  EXPECT_EQ(result.forms(0).returned(), 1u);
  EXPECT_EQ(result.forms(1).due(), 0u);  // not in turnout.forms
  EXPECT_EQ(result.forms(1).issued(), 0u);
  EXPECT_EQ(counter.returned("rec"), 1u);
  EXPECT_EQ(counter.returned("nope"), 0u);
}

TEST(CounterTest, AddBallotRefusesUnknownFormAndCountsNothing) {
  Counter counter(SampleSpec(kBothPolicies));
  EXPECT_THAT(counter.AddBallot(MakeBallot("nope", {}), {}),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("ballot.form_id: ")));
  EXPECT_EQ(counter.Tally("m1", 0, {}).forms(0).returned(), 0u);
}

TEST(CounterTest, AddBallotRefusesStatusesNotMatchingTheFormAndCountsNothing) {
  Counter counter(SampleSpec(kBothPolicies));
  EXPECT_THAT(counter.AddBallot(MakeBallot("rec", {{"head", {"c1"}}}), {AnswerStatus::kValid}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("statuses: "), HasSubstr("2 questions"))));
  const v1::TallyResult result = counter.Tally("m1", 0, {});
  EXPECT_EQ(result.forms(0).returned(), 0u);
  EXPECT_EQ(result.forms(0).questions(0).candidates(0).votes(), 0u);
}

// --- Graded questions (rules C2, D2, D3) ----------------------------------

// Expects form `form_id` of `actual` to equal the text-format `expected`.
void ExpectForm(const v1::TallyResult& actual, int form, const std::string& expected) {
  ASSERT_GT(actual.forms_size(), form);
  EXPECT_EQ(FirstDifference(RawCounts(actual).forms(form), ParseText<v1::FormTally>(expected)),
            std::nullopt);
}

TEST(CounterGradedTest, EmptyCountListsEverySubjectAndGradeInScaleOrder) {
  const v1::MeetingSpec spec = SampleSpec(kBothPoliciesAndAssessment);
  Counter counter(spec);
  ExpectForm(counter.Tally("m1", 0, {}), 2, R"pb(
    form_id: "assess"
    questions {
      question_id: "competency"
      rate_basis: "valid"
      subjects {
        subject_id: "s1"
        grades { grade_id: "competent" }
        grades { grade_id: "basic" }
        grades { grade_id: "incompetent" }
        grades { grade_id: "unknown" }
      }
      subjects {
        subject_id: "s2"
        grades { grade_id: "competent" }
        grades { grade_id: "basic" }
        grades { grade_id: "incompetent" }
        grades { grade_id: "unknown" }
      }
    }
    questions {
      question_id: "work"
      rate_basis: "valid"
      subjects {
        subject_id: "work"
        grades { grade_id: "satisfied" }
        grades { grade_id: "basic" }
        grades { grade_id: "dissatisfied" }
      }
    }
  )pb");
}

// Seven ballots, counted by hand:
//          competency                              work
//   b1     s1 胜任      s2 胜任                    满意
//   b2     s1 胜任      s2 基本胜任                满意
//   b3     s1 基本胜任  s2 不胜任                  基本满意
//   b4     s1 胜任      s2 不了解                  不满意
//   b5     s1 不胜任    (s2 left out)              (no answer)
//   b6     (answer with no grade: blank)           (no answer)
//   b7     (s1 left out) s2 基本胜任               (answer with no grade)
// s1: 胜任 3, 基本胜任 1, 不胜任 1, 不了解 0, blank 2 (b6, b7)
// s2: 胜任 1, 基本胜任 2, 不胜任 1, 不了解 1, blank 2 (b5, b6)
// competency: valid 7, of which blank 1 (b6); work: satisfied 2, basic 1,
// dissatisfied 1, blank 3 (b5, b6, b7).
TEST(CounterGradedTest, CountsPerSubjectPerGradeAndBlankPerSubject_C2_D3) {
  const v1::MeetingSpec spec = SampleSpec(kBothPoliciesAndAssessment);
  Counter counter(spec);
  Add(counter, spec,
      MakeGradedBallot("assess", {{"competency", {{"s1", "competent"}, {"s2", "competent"}}},
                                  {"work", {{"work", "satisfied"}}}}));
  Add(counter, spec,
      MakeGradedBallot("assess", {{"work", {{"work", "satisfied"}}},
                                  {"competency", {{"s2", "basic"}, {"s1", "competent"}}}}));
  Add(counter, spec,
      MakeGradedBallot("assess", {{"competency", {{"s1", "basic"}, {"s2", "incompetent"}}},
                                  {"work", {{"work", "basic"}}}}));
  Add(counter, spec,
      MakeGradedBallot("assess", {{"competency", {{"s1", "competent"}, {"s2", "unknown"}}},
                                  {"work", {{"work", "dissatisfied"}}}}));
  Add(counter, spec, MakeGradedBallot("assess", {{"competency", {{"s1", "incompetent"}}}}));
  Add(counter, spec, MakeGradedBallot("assess", {{"competency", {}}}));
  Add(counter, spec, MakeGradedBallot("assess", {{"competency", {{"s2", "basic"}}}, {"work", {}}}));
  const v1::TallyResult result = counter.Tally("m1", 0, {});
  ExpectForm(result, 2, R"pb(
    form_id: "assess"
    returned: 7
    questions {
      question_id: "competency"
      valid: 7
      blank: 1
      rate_denominator: 7
      rate_basis: "valid"
      subjects {
        subject_id: "s1"
        grades { grade_id: "competent" count: 3 }
        grades { grade_id: "basic" count: 1 }
        grades { grade_id: "incompetent" count: 1 }
        grades { grade_id: "unknown" count: 0 }
        blank: 2
      }
      subjects {
        subject_id: "s2"
        grades { grade_id: "competent" count: 1 }
        grades { grade_id: "basic" count: 2 }
        grades { grade_id: "incompetent" count: 1 }
        grades { grade_id: "unknown" count: 1 }
        blank: 2
      }
    }
    questions {
      question_id: "work"
      valid: 7
      blank: 3
      rate_denominator: 7
      rate_basis: "valid"
      subjects {
        subject_id: "work"
        grades { grade_id: "satisfied" count: 2 }
        grades { grade_id: "basic" count: 1 }
        grades { grade_id: "dissatisfied" count: 1 }
        blank: 3
      }
    }
  )pb");
  // Graded questions list no candidates or write-ins; the approval forms
  // beside them list no subjects.
  EXPECT_EQ(result.forms(2).questions(0).candidates_size(), 0);
  EXPECT_EQ(result.forms(2).questions(0).write_ins_size(), 0);
  EXPECT_EQ(result.forms(0).questions(0).subjects_size(), 0);
}

TEST(CounterGradedTest, FormMixingKindsCountsEachByItsOwnRules_A6a_D3) {
  v1::MeetingSpec spec = SampleSpec(kBothPoliciesAndAssessment);
  *spec.mutable_forms(0)->add_questions() = spec.forms(2).questions(0);  // rec: SPOIL
  Counter counter(spec);
  v1::Ballot spoiled = MakeBallot("rec", {{"head", {"c1", "c2"}}});
  spoiled.MergeFrom(MakeGradedBallot("rec", {{"competency", {{"s1", "basic"}}}}));
  Add(counter, spec, spoiled);
  Add(counter, spec, MakeBallot("rec", {{"head", {"c2"}}}));
  const v1::TallyResult result = counter.Tally("m1", 0, {});
  const v1::FormTally& rec = result.forms(0);
  EXPECT_EQ(rec.questions(0).invalid(), 1u);
  EXPECT_EQ(rec.questions(0).candidates(1).votes(), 1u);  // c2 from the valid ballot only
  const v1::QuestionTally& competency = rec.questions(2);
  EXPECT_EQ(competency.valid(), 2u);
  EXPECT_EQ(competency.blank(), 1u);
  EXPECT_EQ(competency.invalid(), 0u);
  EXPECT_EQ(competency.subjects(0).grades(1).count(), 1u);  // s1 基本胜任
  EXPECT_EQ(competency.subjects(0).blank(), 1u);
  EXPECT_EQ(competency.subjects(1).blank(), 2u);
  EXPECT_EQ(competency.candidates_size(), 0);
}

TEST(CounterGradedTest, RepeatedOrUnknownGradesFromACallerBugAreNotCounted) {
  // ClassifyBallot refuses these; a caller that skips it must still not
  // publish more grades for a subject than there are ballots.
  const v1::MeetingSpec spec = SampleSpec(kBothPoliciesAndAssessment);
  Counter counter(spec);
  const v1::Ballot ballot = MakeGradedBallot(
      "assess", {{"competency",
                  {{"s1", "competent"}, {"s1", "incompetent"}, {"s9", "basic"}, {"s2", "nope"}}}});
  ASSERT_OK(counter.AddBallot(ballot, {AnswerStatus::kValid, AnswerStatus::kBlank}));
  const v1::TallyResult result = counter.Tally("m1", 0, {});
  const v1::QuestionTally& competency = result.forms(2).questions(0);
  EXPECT_EQ(competency.subjects(0).grades(0).count(), 1u);  // the first grade of s1
  EXPECT_EQ(competency.subjects(0).grades(2).count(), 0u);
  EXPECT_EQ(competency.subjects(0).blank(), 0u);
  EXPECT_EQ(competency.subjects(1).blank(), 1u);
  for (const v1::GradeCount& g : competency.subjects(1).grades()) EXPECT_EQ(g.count(), 0u);
}

// A random well-formed ballot for the assess form: each subject graded or
// left out at random, grades in random order, questions left out or answered
// with no grade.
v1::Ballot RandomAssessBallot(std::mt19937& rng) {
  auto coin = [&](double p) { return std::bernoulli_distribution(p)(rng); };
  v1::Ballot ballot;
  ballot.set_form_id("assess");
  if (coin(0.9)) {
    v1::Answer* a = ballot.add_answers();
    a->set_question_id("competency");
    static const char* kGrades[] = {"competent", "basic", "incompetent", "unknown"};
    for (const char* subject : {"s1", "s2"}) {
      if (!coin(0.7)) continue;
      v1::GradeChoice* g = a->add_grades();
      g->set_subject_id(subject);
      g->set_grade_id(kGrades[rng() % 4]);
    }
    if (a->grades_size() == 2 && coin(0.5)) a->mutable_grades()->SwapElements(0, 1);
  }
  if (coin(0.7)) {
    v1::Answer* a = ballot.add_answers();
    a->set_question_id("work");
    static const char* kGrades[] = {"satisfied", "basic", "dissatisfied"};
    if (coin(0.8)) {
      v1::GradeChoice* g = a->add_grades();
      g->set_subject_id("work");
      g->set_grade_id(kGrades[rng() % 3]);
    }
  }
  if (ballot.answers_size() == 2 && coin(0.5)) ballot.mutable_answers()->SwapElements(0, 1);
  return ballot;
}

// A random well-formed ballot for the rec form: any subset of candidates
// (over-votes spoil under its SPOIL policy), write-ins padded at random,
// questions answered in random order or left out.
v1::Ballot RandomRecBallot(std::mt19937& rng) {
  auto coin = [&] { return std::bernoulli_distribution(0.5)(rng); };
  auto pad = [&](std::string name) {
    // Spaces only: a tab or newline is a control character, refused in the
    // write-in as sent (tally/ballot.h).
    static const char* kPads[] = {"", " ", "\u3000", "  "};
    return kPads[rng() % 4] + name + kPads[rng() % 4];
  };
  v1::Ballot ballot;
  ballot.set_form_id("rec");
  if (coin()) {
    v1::Answer* a = ballot.add_answers();
    a->set_question_id("head");
    for (const char* c : {"c1", "c2", "c3"}) {
      if (std::bernoulli_distribution(0.3)(rng)) a->add_choices(c);
    }
  }
  if (coin()) {
    v1::Answer* a = ballot.add_answers();
    a->set_question_id("deputy");
    for (const char* d : {"d3", "d1", "d2"}) {
      if (std::bernoulli_distribution(0.4)(rng)) a->add_choices(d);
    }
    // At most max_choices (2) names written in (tally::MaxWriteIns).
    for (const char* w : {"周九", "吴十", "欧阳修", "Li Si"}) {
      if (std::bernoulli_distribution(0.2)(rng) && a->write_ins_size() < 2) {
        a->add_write_ins(pad(w));
      }
    }
  }
  if (ballot.answers_size() == 2 && coin()) ballot.mutable_answers()->SwapElements(0, 1);
  return ballot;
}

TEST(CounterTest, ShuffledBallotOrderGivesIdenticalResult) {
  const v1::MeetingSpec spec = SampleSpec(kBothPoliciesAndAssessment);
  std::mt19937 rng(20240601);
  std::vector<v1::Ballot> ballots;
  for (int i = 0; i < 300; ++i) ballots.push_back(RandomRecBallot(rng));
  for (int i = 0; i < 40; ++i)
    ballots.push_back(MakeBallot("panel", {{"chair", {i % 3 ? "p1" : "p2"}}}));
  for (int i = 0; i < 200; ++i) ballots.push_back(RandomAssessBallot(rng));

  auto count = [&](const std::vector<v1::Ballot>& order) {
    Counter counter(spec);
    for (const v1::Ballot& b : order) Add(counter, spec, b);
    TurnoutFigures turnout{.due = 400, .present = 350};
    turnout.forms["rec"] = {.due = 400, .issued = 340};
    turnout.forms["panel"] = {.due = 50, .issued = 45};
    turnout.forms["assess"] = {.due = 400, .issued = 220};
    return counter.Tally("m1", 1234, turnout);
  };
  const v1::TallyResult reference = count(ballots);
  // The sample must exercise spoiled questions, blanks and write-ins.
  const v1::QuestionTally& deputy = reference.forms(0).questions(1);
  EXPECT_GT(deputy.invalid(), 0u);
  EXPECT_GT(deputy.blank(), 0u);
  EXPECT_EQ(deputy.write_ins_size(), 4);
  EXPECT_GT(reference.forms(0).questions(0).invalid(), 0u);
  // ... and graded questions with whole-question blanks, partly graded
  // answers and every grade, 不了解 included; for every subject the grades
  // and its blank add up to the ballots returned (rule D3).
  const v1::FormTally& assess = reference.forms(2);
  EXPECT_EQ(assess.returned(), 200u);
  for (const v1::QuestionTally& q : assess.questions()) {
    SCOPED_TRACE(q.question_id());
    EXPECT_GT(q.blank(), 0u);
    EXPECT_EQ(q.valid(), assess.returned());
    for (const v1::SubjectTally& subject : q.subjects()) {
      SCOPED_TRACE(subject.subject_id());
      EXPECT_GE(subject.blank(), q.blank());
      uint32_t sum = subject.blank();
      for (const v1::GradeCount& g : subject.grades()) {
        EXPECT_GT(g.count(), 0u) << g.grade_id();
        sum += g.count();
      }
      EXPECT_EQ(sum, assess.returned());
    }
  }
  // Partly graded competency answers: s1 or s2 left out on a valid answer.
  EXPECT_GT(assess.questions(0).subjects(0).blank(), assess.questions(0).blank());
  EXPECT_GT(assess.questions(0).subjects(1).blank(), assess.questions(0).blank());

  std::string reference_bytes;
  ASSERT_TRUE(reference.SerializeToString(&reference_bytes));
  for (int round = 0; round < 25; ++round) {
    std::shuffle(ballots.begin(), ballots.end(), rng);
    const v1::TallyResult shuffled = count(ballots);
    EXPECT_EQ(FirstDifference(reference, shuffled), std::nullopt) << "round " << round;
    std::string bytes;
    ASSERT_TRUE(shuffled.SerializeToString(&bytes));
    EXPECT_EQ(bytes, reference_bytes) << "round " << round;
  }
}

}  // namespace
}  // namespace gongxin::tally
