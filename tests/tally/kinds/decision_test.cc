// Tests of tally/kinds/decision.h: decision votes (票决) under rules B1–B7 with
// hand-computed expectations, including the boundaries of quorum and
// passing.
#include "tally/kinds/decision.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gongxin/v1/meeting.pb.h"
#include "gtest/gtest.h"
#include "tally/ballot.h"
#include "tally/count.h"
#include "tally/roll.h"
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

// A standing committee voting on two cadres, one by one (rule B3.3).
v1::MeetingSpec CommitteeSpec(const std::string& question_extra = "",
                              const std::string& mode = "FORM_MODE_NAMED") {
  return ParseText<v1::MeetingSpec>(R"pb(
    title: "常委会票决" unit: "某县委"
    groups { id: "members" name: "常委" }
    forms {
      id: "vote" title: "表决票" mode: )pb" + mode + R"pb(
      questions {
        id: "q1"
        decision {
          candidates { id: "c1" name: "张三" current_post: "副局长" proposed_post: "局长" }
          candidates { id: "c2" name: "李四" current_post: "科长" proposed_post: "副局长" }
          )pb" + question_extra + R"pb(
        }
      }
    })pb");
}

v1::MeetingSpec CompetitiveSpec(const std::string& extra = "") {
  return ParseText<v1::MeetingSpec>(R"pb(
    title: "差额票决" unit: "某县委"
    groups { id: "members" name: "常委" }
    forms {
      id: "vote" title: "差额表决票" mode: FORM_MODE_NAMED
      questions {
        id: "q1"
        decision {
          competitive: true post: "局长"
          candidates { id: "a" name: "甲" }
          candidates { id: "b" name: "乙" }
          candidates { id: "c" name: "丙" }
          )pb" + extra + R"pb(
        }
      }
    })pb");
}

v1::DecisionVote Vote(char v) {
  switch (v) {
    case 'y':
      return v1::DECISION_VOTE_AGREE;
    case 'n':
      return v1::DECISION_VOTE_DISAGREE;
    case 'a':
      return v1::DECISION_VOTE_ABSTAIN;
    case 'd':
      return v1::DECISION_VOTE_DEFER;
    default:
      return v1::DECISION_VOTE_UNSPECIFIED;
  }
}

// A ballot marking candidate i with marks[i] ('y', 'n', 'a', 'd'; '.' = blank).
v1::Ballot DecisionBallot(const std::vector<std::string>& ids, const std::string& marks) {
  v1::Ballot b;
  b.set_form_id("vote");
  v1::Answer* a = b.add_answers();
  a->set_question_id("q1");
  for (size_t i = 0; i < marks.size(); ++i) {
    if (marks[i] == '.') continue;
    v1::DecisionMark* m = a->add_decisions();
    m->set_candidate_id(ids[i]);
    m->set_vote(Vote(marks[i]));
  }
  return b;
}

// Counts `ballots` (each given as marks) with `due` members and `present`
// checked in, and returns the question's decision tally.
v1::DecisionTally Count(const v1::MeetingSpec& spec, const std::vector<std::string>& ids,
                        const std::vector<std::string>& ballots, uint32_t due,
                        uint32_t present) {
  Counter counter(spec);
  for (const std::string& marks : ballots) {
    const v1::Ballot b = DecisionBallot(ids, marks);
    absl::StatusOr<std::vector<AnswerStatus>> statuses = ClassifyBallot(spec.forms(0), b);
    EXPECT_TRUE(statuses.ok()) << statuses.status();
    if (!statuses.ok()) continue;
    EXPECT_TRUE(counter.AddBallot(b, *statuses).ok());
  }
  TurnoutFigures turnout{.due = due, .present = present};
  turnout.forms["vote"] = FormTurnout{.due = due, .issued = present};
  return counter.Tally("m", 1, turnout).forms(0).questions(0).decision();
}

std::vector<std::string> Repeat(const std::string& marks, int n) {
  return std::vector<std::string>(n, marks);
}

std::vector<std::string> Concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

const std::vector<std::string> kPair = {"c1", "c2"};
const std::vector<std::string> kThree = {"a", "b", "c"};

TEST(DecisionFractionTest, FewestMeetingMatchesTheRuleArithmetic) {
  // Rules B1/B2 arithmetic: quorum ⌈2N/3⌉, passing ⌊N/2⌋+1.
  for (uint32_t n : {1u, 2u, 3u, 7u, 9u, 10u, 11u, 12u, 15u, 100u}) {
    EXPECT_EQ(FewestMeeting(DefaultQuorum(), n), (2 * n + 2) / 3) << "N=" << n;
    EXPECT_EQ(FewestMeeting(DefaultPass(), n), n / 2 + 1) << "N=" << n;
  }
  EXPECT_EQ(FewestMeeting(DefaultQuorum(), 11), 8u);
  EXPECT_EQ(FewestMeeting(DefaultPass(), 11), 6u);
  EXPECT_EQ(FewestMeeting(DefaultPass(), 10), 6u);
  v1::PassFraction half_inclusive = DefaultPass();
  half_inclusive.set_inclusive(true);
  EXPECT_EQ(FewestMeeting(half_inclusive, 10), 5u);  // "二分之一以上" read as ≥
}

TEST(DecisionTest, B2_ElevenDueEightPresentSixAgreePasses) {
  // rules.md B2 test: N = 11 and 8 present. 6 yes passes.
  const v1::DecisionTally t =
      Count(CommitteeSpec(), kPair, Concat(Repeat("yy", 6), Repeat("na", 2)), 11, 8);
  EXPECT_TRUE(t.quorum_met());
  EXPECT_EQ(t.quorum_needed(), 8u);
  EXPECT_EQ(t.candidates(0).agree(), 6u);
  EXPECT_EQ(t.candidates(0).pass_denominator(), 11u);
  EXPECT_EQ(t.candidates(0).pass_needed(), 6u);
  EXPECT_EQ(t.candidates(0).outcome(), v1::DECISION_OUTCOME_PASSED);
}

TEST(DecisionTest, B2_ElevenDueEightPresentFiveAgreeFails) {
  // rules.md B2 test: 5 yes fails, although 5 is a majority of the 8
  // present: the denominator is the 11 due, so absences work as "not yes".
  const v1::DecisionTally t =
      Count(CommitteeSpec(), kPair, Concat(Repeat("yy", 5), Repeat("a.", 3)), 11, 8);
  EXPECT_EQ(t.candidates(0).agree(), 5u);
  EXPECT_EQ(t.candidates(0).abstain(), 3u);
  EXPECT_EQ(t.candidates(0).outcome(), v1::DECISION_OUTCOME_NOT_PASSED);
  EXPECT_EQ(t.candidates(1).blank(), 3u);
  EXPECT_EQ(t.candidates(1).outcome(), v1::DECISION_OUTCOME_NOT_PASSED);
}

TEST(DecisionTest, B1_QuorumIsMetAtExactlyCeilTwoThirdsPresent) {
  // N = 11: ⌈22/3⌉ = 8 present is a quorum; everyone present agrees.
  const v1::DecisionTally t = Count(CommitteeSpec(), kPair, Repeat("yy", 8), 11, 8);
  EXPECT_TRUE(t.quorum_met());
  EXPECT_EQ(t.candidates(0).outcome(), v1::DECISION_OUTCOME_PASSED);
}

TEST(DecisionTest, B1_OneBelowQuorumDecidesNothingEvenIfAllAgree) {
  // N = 11, 7 present: 7 agree would pass B2 but the meeting has no quorum.
  const v1::DecisionTally t = Count(CommitteeSpec(), kPair, Repeat("yy", 7), 11, 7);
  EXPECT_FALSE(t.quorum_met());
  EXPECT_EQ(t.quorum_needed(), 8u);
  EXPECT_EQ(t.candidates(0).outcome(), v1::DECISION_OUTCOME_NO_QUORUM);
  EXPECT_EQ(t.candidates(1).outcome(), v1::DECISION_OUTCOME_NO_QUORUM);
}

TEST(DecisionTest, B1_QuorumFractionAndComparatorAreConfigurable) {
  // "More than 3/4" of 12: 9 present is not enough (9·4 = 36 = 3·12), 10 is.
  const std::string strict = "quorum { numerator: 3 denominator: 4 inclusive: false }";
  EXPECT_FALSE(Count(CommitteeSpec(strict), kPair, Repeat("yy", 9), 12, 9).quorum_met());
  EXPECT_TRUE(Count(CommitteeSpec(strict), kPair, Repeat("yy", 10), 12, 10).quorum_met());
}

TEST(DecisionTest, B2_PassBasisPresentDividesByThoseCheckedIn) {
  // Configured away from B2: more than half of the 8 present → 5 agree pass.
  const v1::DecisionTally t = Count(CommitteeSpec("pass_basis: DECISION_BASIS_PRESENT"), kPair,
                                    Concat(Repeat("yy", 5), Repeat("nn", 3)), 11, 8);
  EXPECT_EQ(t.candidates(0).pass_denominator(), 8u);
  EXPECT_EQ(t.candidates(0).pass_needed(), 5u);
  EXPECT_EQ(t.candidates(0).outcome(), v1::DECISION_OUTCOME_PASSED);
}

TEST(DecisionTest, B2_ExactlyHalfFailsStrictAndPassesInclusive) {
  // Due 10, 5 agree: "过半数" (strict) fails; "二分之一以上" read as ≥ passes.
  const auto ballots = Concat(Repeat("yy", 5), Repeat("nn", 3));
  EXPECT_EQ(Count(CommitteeSpec(), kPair, ballots, 10, 8).candidates(0).outcome(),
            v1::DECISION_OUTCOME_NOT_PASSED);
  EXPECT_EQ(Count(CommitteeSpec("pass { numerator: 1 denominator: 2 inclusive: true }"), kPair,
                  ballots, 10, 8)
                .candidates(0)
                .outcome(),
            v1::DECISION_OUTCOME_PASSED);
}

TEST(DecisionTest, B3_DeferIsCountedWhenOffered) {
  const v1::DecisionTally t = Count(CommitteeSpec("allow_defer: true"), kPair,
                                    Concat(Repeat("dy", 6), Repeat("yd", 2)), 9, 8);
  EXPECT_EQ(t.candidates(0).defer(), 6u);
  EXPECT_EQ(t.candidates(0).agree(), 2u);
  EXPECT_EQ(t.candidates(0).outcome(), v1::DECISION_OUTCOME_NOT_PASSED);
  EXPECT_EQ(t.candidates(1).agree(), 6u);
  EXPECT_EQ(t.candidates(1).outcome(), v1::DECISION_OUTCOME_PASSED);
}

TEST(DecisionTest, B3_DeferIsRefusedUnlessOffered) {
  const v1::MeetingSpec spec = CommitteeSpec();
  EXPECT_THAT(ClassifyBallot(spec.forms(0), DecisionBallot(kPair, "d.")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("ballot.answers[0].decisions[0].vote"),
                             HasSubstr("defer"))));
}

TEST(DecisionTest, B5_WriteInsAreRefusedOnADecisionQuestion) {
  // Rules B5, B6, D4: no write-in (不得另提他人).
  const v1::MeetingSpec spec = CommitteeSpec();
  v1::Ballot b = DecisionBallot(kPair, "y.");
  b.mutable_answers(0)->add_write_ins("王五");
  EXPECT_THAT(ClassifyBallot(spec.forms(0), b),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("ballot.answers[0].write_ins"),
                             HasSubstr("decision question"))));
  b = DecisionBallot(kPair, "y.");
  b.mutable_answers(0)->add_choices("c1");
  EXPECT_THAT(ClassifyBallot(spec.forms(0), b),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(".choices")));
}

TEST(DecisionTest, MarksNamingUnknownOrRepeatedCandidatesOrNoVoteAreRefused) {
  const v1::MeetingSpec spec = CommitteeSpec();
  EXPECT_THAT(ClassifyBallot(spec.forms(0), DecisionBallot({"zz"}, "y")),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("decisions[0].candidate_id: unknown candidate \"zz\"")));
  EXPECT_THAT(ClassifyBallot(spec.forms(0), DecisionBallot({"c1", "c1"}, "yn")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("marked twice")));
  EXPECT_THAT(ClassifyBallot(spec.forms(0), DecisionBallot(kPair, "?.")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("decisions[0].vote: must be agree, disagree, abstain")));
}

TEST(DecisionTest, A6_AnUnmarkedDecisionIsBlankNotInvalid) {
  const v1::MeetingSpec spec = CommitteeSpec();
  ASSERT_OK_AND_ASSIGN(std::vector<AnswerStatus> statuses,
                       ClassifyBallot(spec.forms(0), DecisionBallot(kPair, "..")));
  EXPECT_THAT(statuses, ElementsAre(AnswerStatus::kBlank));
}

TEST(DecisionTest, B4_RecusedVotersMarkOnThatCandidateIsRefused) {
  const v1::MeetingSpec spec = CommitteeSpec();
  v1::Form form = spec.forms(0);
  form.mutable_questions(0)->mutable_decision()->mutable_candidates(0)->add_recused_voter_ids(
      "v03");
  EXPECT_TRUE(FormHasRecusals(form));
  for (const char* marks : {"y.", "n.", "a."}) {
    EXPECT_THAT(CheckRecusal(form, DecisionBallot(kPair, marks), "v03"),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         AllOf(HasSubstr("ballot.answers[0].decisions[0].candidate_id"),
                               HasSubstr("recused"), HasSubstr("B4"))))
        << marks;
  }
  // The recused member still votes on the others, and others vote on c1.
  EXPECT_OK(CheckRecusal(form, DecisionBallot(kPair, ".y"), "v03"));
  EXPECT_OK(CheckRecusal(form, DecisionBallot(kPair, "yy"), "v04"));
}

TEST(DecisionTest, B4_RecusedMembersStayInTheDenominatorByDefault) {
  // Due 9, two members recused on c1 and abstaining there; 5 agree of 9 due
  // pass (5 > 4.5) — by default the recused stay in, so still 9.
  v1::MeetingSpec spec = CommitteeSpec();
  auto* c1 = spec.mutable_forms(0)->mutable_questions(0)->mutable_decision()->mutable_candidates(0);
  c1->add_recused_voter_ids("v01");
  c1->add_recused_voter_ids("v02");
  const auto ballots = Concat(Repeat("y.", 4), Repeat(".y", 3));
  v1::DecisionTally t = Count(spec, kPair, ballots, 9, 7);
  EXPECT_EQ(t.candidates(0).pass_denominator(), 9u);
  EXPECT_EQ(t.candidates(0).pass_needed(), 5u);
  EXPECT_EQ(t.candidates(0).outcome(), v1::DECISION_OUTCOME_NOT_PASSED);  // 4 < 5

  // With recused_leave_denominator (rule B4 [I] flag): 9 − 2 = 7, needs 4.
  spec.mutable_forms(0)->mutable_questions(0)->mutable_decision()->set_recused_leave_denominator(
      true);
  t = Count(spec, kPair, ballots, 9, 7);
  EXPECT_EQ(t.candidates(0).pass_denominator(), 7u);
  EXPECT_EQ(t.candidates(0).pass_needed(), 4u);
  EXPECT_EQ(t.candidates(0).outcome(), v1::DECISION_OUTCOME_PASSED);
  EXPECT_EQ(t.candidates(1).pass_denominator(), 9u);  // nobody recused on c2
}

TEST(DecisionTest, B4_RecusalOnAnAnonymousFormIsRefusedBySpecValidation) {
  v1::MeetingSpec spec = CommitteeSpec("", "FORM_MODE_ANONYMOUS");
  EXPECT_OK(ValidateSpec(spec));  // a secret decision ballot is fine (B3.3)
  spec.mutable_forms(0)->mutable_questions(0)->mutable_decision()->mutable_candidates(1)
      ->add_recused_voter_ids("v01");
  EXPECT_THAT(ValidateSpec(spec),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("spec.forms[0].questions[0].decision.candidates[1]."
                                       "recused_voter_ids"),
                             HasSubstr("named form"))));
}

TEST(DecisionTest, B4_RecusedVoterMustBeOnTheRoll) {
  v1::MeetingSpec spec = CommitteeSpec();
  spec.mutable_forms(0)->mutable_questions(0)->mutable_decision()->mutable_candidates(0)
      ->add_recused_voter_ids("ghost");
  ASSERT_OK(ValidateSpec(spec));
  v1::Roll roll = ParseText<v1::Roll>(R"pb(voters { id: "v01" name: "甲" group: "members" })pb");
  EXPECT_THAT(Roll::Create(roll, spec),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("recused_voter_ids[0]"), HasSubstr("not on the roll"))));
}

TEST(DecisionTest, SpecRefusesFractionsAboveOneOrWithZeroDenominator) {
  EXPECT_THAT(ValidateSpec(CommitteeSpec("pass { numerator: 3 denominator: 2 }")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("questions[0].decision.pass: 3/2 is more than the whole")));
  EXPECT_THAT(ValidateSpec(CommitteeSpec("quorum { numerator: 2 }")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("decision.quorum.denominator: must be at least 1")));
}

TEST(DecisionTest, B7_WinnerHasMostVotesAndMoreThanHalfOfDue) {
  // Due 9, 9 present, one mark each: a 5, b 3, c 1 → a wins (5 > 4.5).
  const v1::DecisionTally t =
      Count(CompetitiveSpec(), kThree,
            Concat(Concat(Repeat("y..", 5), Repeat(".y.", 3)), Repeat("..y", 1)), 9, 9);
  EXPECT_EQ(t.competitive_outcome(), v1::COMPETITIVE_OUTCOME_WINNER);
  EXPECT_EQ(t.winner_id(), "a");
  EXPECT_EQ(t.candidates(0).outcome(), v1::DECISION_OUTCOME_PASSED);
  EXPECT_EQ(t.candidates(1).outcome(), v1::DECISION_OUTCOME_NOT_PASSED);
  EXPECT_EQ(t.candidates(0).rank(), 1u);
  EXPECT_EQ(t.candidates(1).rank(), 2u);
  EXPECT_EQ(t.candidates(2).rank(), 3u);
}

TEST(DecisionTest, B7_MostVotesButNotMoreThanHalfOfDueMeansNobodyPasses) {
  // Due 11, 9 present: a 5, b 4 → a leads but 5 ≤ 5.5: postpone or revote.
  const v1::DecisionTally t =
      Count(CompetitiveSpec(), kThree, Concat(Repeat("y..", 5), Repeat(".y.", 4)), 11, 9);
  EXPECT_EQ(t.competitive_outcome(), v1::COMPETITIVE_OUTCOME_NONE_PASSED);
  EXPECT_EQ(t.winner_id(), "");
  EXPECT_EQ(t.candidates(0).outcome(), v1::DECISION_OUTCOME_NOT_PASSED);
}

TEST(DecisionTest, B7_TieAtTheTopIsARevoteAmongTheTiedWithNoWinner) {
  // max_agree 2, due 8, 8 present: a 6, b 6, c 4 → both pass 8/2, tied.
  const v1::DecisionTally t =
      Count(CompetitiveSpec("max_agree: 2"), kThree,
            Concat(Repeat("yy.", 4), Concat(Repeat("y.y", 2), Repeat(".yy", 2))), 8, 8);
  EXPECT_EQ(t.competitive_outcome(), v1::COMPETITIVE_OUTCOME_TIE_REVOTE);
  EXPECT_THAT(t.tied_ids(), ElementsAre("a", "b"));
  EXPECT_EQ(t.winner_id(), "");
  EXPECT_EQ(t.candidates(0).rank(), 1u);
  EXPECT_EQ(t.candidates(1).rank(), 1u);
  EXPECT_EQ(t.candidates(2).rank(), 3u);
  for (const auto& c : t.candidates()) EXPECT_EQ(c.outcome(), v1::DECISION_OUTCOME_NOT_PASSED);
}

TEST(DecisionTest, B7_NoQuorumDecidesNothing) {
  const v1::DecisionTally t = Count(CompetitiveSpec(), kThree, Repeat("y..", 5), 9, 5);
  EXPECT_EQ(t.competitive_outcome(), v1::COMPETITIVE_OUTCOME_NO_QUORUM);
}

TEST(DecisionTest, B7_MarkingMoreThanMaxAgreeIsRefusedOrSpoiled) {
  v1::MeetingSpec spec = CompetitiveSpec();
  EXPECT_THAT(ClassifyBallot(spec.forms(0), DecisionBallot(kThree, "yy.")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("2 candidates marked agree exceed max_agree 1")));
  spec.mutable_forms(0)->set_overvote_policy(v1::OVERVOTE_POLICY_SPOIL);
  ASSERT_OK_AND_ASSIGN(std::vector<AnswerStatus> statuses,
                       ClassifyBallot(spec.forms(0), DecisionBallot(kThree, "yy.")));
  EXPECT_THAT(statuses, ElementsAre(AnswerStatus::kInvalid));
}

TEST(DecisionTest, B7_CompetitiveBallotTakesAgreeMarksOnly) {
  EXPECT_THAT(ClassifyBallot(CompetitiveSpec().forms(0), DecisionBallot(kThree, "yn.")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("decisions[1].vote"), HasSubstr("competitive"))));
}

TEST(DecisionTest, B7_SpecRefusesACompetitionWithoutCompetition) {
  EXPECT_THAT(ValidateSpec(CompetitiveSpec("max_agree: 3")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("decision.max_agree: must be below the number of candidates")));
  EXPECT_THAT(ValidateSpec(CommitteeSpec("max_agree: 1")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("decision.max_agree: only for a competitive decision")));
}

}  // namespace
}  // namespace gongxin::tally
