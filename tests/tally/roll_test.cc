// Tests of tally/roll.h: roll validation and the eligibility index.
#include "tally/roll.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::tally {
namespace {

using ::gongxin::testing::kBothPolicies;
using ::gongxin::testing::SampleRoll;
using ::gongxin::testing::SampleSpec;
using ::gongxin::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

v1::Roll RollOf(int n) {
  v1::Roll roll;
  for (int i = 0; i < n; ++i) {
    v1::Voter* v = roll.add_voters();
    v->set_id(absl::StrCat("v", i));
    v->set_name("某");
    v->set_group("staff");
  }
  return roll;
}

TEST(RollTest, IndexesTheSampleRoll) {
  const v1::MeetingSpec spec = SampleSpec(kBothPolicies);
  ASSERT_OK_AND_ASSIGN(Roll roll, Roll::Create(SampleRoll(), spec));
  EXPECT_EQ(roll.size(), 10u);
  EXPECT_EQ(roll.proto().voters_size(), 10);
  ASSERT_NE(roll.Find("v007"), nullptr);
  EXPECT_EQ(roll.Find("v007")->name(), "投票人7");
  EXPECT_EQ(roll.Find("v011"), nullptr);
}

TEST(RollTest, CountsDuePerFormFromEligibleGroups) {
  const v1::MeetingSpec spec = SampleSpec(kBothPolicies);
  ASSERT_OK_AND_ASSIGN(Roll roll, Roll::Create(SampleRoll(), spec));
  EXPECT_EQ(roll.EligibleCount(spec.forms(0)), 10u);  // every group
  EXPECT_EQ(roll.EligibleCount(spec.forms(1)), 4u);   // leaders v001–v004
}

TEST(RollTest, ListsEligibleFormsInSpecOrder) {
  const v1::MeetingSpec spec = SampleSpec(kBothPolicies);
  ASSERT_OK_AND_ASSIGN(Roll roll, Roll::Create(SampleRoll(), spec));
  const v1::Voter& leader = *roll.Find("v002");
  const v1::Voter& staff = *roll.Find("v005");
  EXPECT_TRUE(roll.IsEligible(leader, spec.forms(1)));
  EXPECT_FALSE(roll.IsEligible(staff, spec.forms(1)));
  EXPECT_THAT(roll.EligibleForms(leader, spec), ElementsAre("rec", "panel"));
  EXPECT_THAT(roll.EligibleForms(staff, spec), ElementsAre("rec"));
}

TEST(RollTest, SurvivesMove) {
  const v1::MeetingSpec spec = SampleSpec(kBothPolicies);
  ASSERT_OK_AND_ASSIGN(Roll roll, Roll::Create(SampleRoll(), spec));
  Roll moved = std::move(roll);
  ASSERT_NE(moved.Find("v003"), nullptr);
  EXPECT_EQ(moved.Find("v003")->id(), "v003");
}

TEST(RollTest, AcceptsUpTo200000Voters) {
  EXPECT_OK(Roll::Create(RollOf(kMaxVoters), SampleSpec(kBothPolicies)));
}

TEST(RollTest, RefusesEmptyRoll) {
  EXPECT_THAT(Roll::Create(v1::Roll(), SampleSpec(kBothPolicies)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("roll.voters: "), HasSubstr("got 0"))));
}

TEST(RollTest, RefusesMoreThan200000Voters) {
  EXPECT_THAT(Roll::Create(RollOf(kMaxVoters + 1), SampleSpec(kBothPolicies)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("roll.voters: "), HasSubstr("got 200001"))));
}

TEST(RollTest, RefusesInvalidVoterId) {
  v1::Roll roll = SampleRoll();
  roll.mutable_voters(4)->set_id("v 05");
  EXPECT_THAT(Roll::Create(roll, SampleSpec(kBothPolicies)),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("roll.voters[4].id: ")));
}

TEST(RollTest, RefusesVoterIdsThatDifferOnlyInLetterCase) {
  // Staff type ids: "v004" and "V004" are one voter typed twice, not two.
  v1::Roll roll = SampleRoll();
  roll.mutable_voters(7)->set_id("V004");
  EXPECT_THAT(Roll::Create(roll, SampleSpec(kBothPolicies)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "roll.voters[7].id: voter id \"V004\" differs only in letter case from "
                       "\"v004\" (at roll.voters[3]); ids must differ in more than letter case"));
}

TEST(RollTest, RefusesDuplicateVoterIdNamingBothPlaces) {
  v1::Roll roll = SampleRoll();
  roll.mutable_voters(7)->set_id("v004");
  EXPECT_THAT(Roll::Create(roll, SampleSpec(kBothPolicies)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "roll.voters[7].id: duplicate voter id \"v004\" (first at roll.voters[3])"));
}

TEST(RollTest, RefusesEmptyOrMalformedName) {
  v1::Roll roll = SampleRoll();
  roll.mutable_voters(2)->clear_name();
  EXPECT_THAT(Roll::Create(roll, SampleSpec(kBothPolicies)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("roll.voters[2].name: "), HasSubstr("empty"))));
  roll.mutable_voters(2)->set_name("\xE5\xBC");
  EXPECT_THAT(Roll::Create(roll, SampleSpec(kBothPolicies)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("roll.voters[2].name: "), HasSubstr("UTF-8"))));
}

TEST(RollTest, RefusesUndeclaredGroup) {
  v1::Roll roll = SampleRoll();
  roll.mutable_voters(9)->set_group("public");
  EXPECT_THAT(Roll::Create(roll, SampleSpec(kBothPolicies)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("roll.voters[9].group: "), HasSubstr("\"public\""))));
}

}  // namespace
}  // namespace gongxin::tally
