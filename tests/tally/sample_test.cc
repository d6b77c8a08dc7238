// Tests of tally/sample.h and of a sampled survey in the state machine
// (tally/meeting_state.h): the 百人问卷 of seed 001 drawn from a roll, who
// takes part, the token keys that follow the sample's sizes, the one draw
// before the meeting opens, and 应到 = the sample.
#include "tally/sample.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tally/meeting_state.h"
#include "tally/roll.h"
#include "tally/spec.h"
#include "tally/token_keys.h"
#include "tests/testing/sample_ledger.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::tally {
namespace {

using ::gongxin::testing::CheckedInEntry;
using ::gongxin::testing::EntryAt;
using ::gongxin::testing::MeetingCreatedEntry;
using ::gongxin::testing::SampleRoll;
using ::gongxin::testing::SampleSpec;
using ::gongxin::testing::StateChangedEntry;
using ::gongxin::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;
using ::testing::Pair;

// SampleSpec() drawing 6 of its staff; leaders are taken whole.
v1::MeetingSpec SurveySpec(uint32_t staff = 6) {
  v1::MeetingSpec spec = SampleSpec();
  v1::SurveySample* sample = spec.mutable_sample();
  sample->set_beacon_source("2026年12月10日 福彩3D 开奖号码");
  v1::SampleStratum* stratum = sample->add_strata();
  stratum->set_group("staff");
  stratum->set_size(staff);
  return spec;
}

TEST(SampleSpecTest, ASampleIsValidAndRefusalsNameTheField) {
  EXPECT_OK(ValidateSpec(SurveySpec()));
  auto refused = [](v1::MeetingSpec spec, const std::string& text) {
    EXPECT_THAT(ValidateSpec(spec), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(text)))
        << text;
  };
  v1::MeetingSpec none = SurveySpec();
  none.mutable_sample()->clear_strata();
  refused(none, "spec.sample.strata: must name at least one group");
  v1::MeetingSpec unknown = SurveySpec();
  unknown.mutable_sample()->mutable_strata(0)->set_group("cppcc");
  refused(unknown, "spec.sample.strata[0].group: \"cppcc\" is not a group declared");
  v1::MeetingSpec twice = SurveySpec();
  *twice.mutable_sample()->add_strata() = twice.sample().strata(0);
  refused(twice, "spec.sample.strata[1].group: \"staff\" is listed twice");
  refused(SurveySpec(0), "spec.sample.strata[0].size: must be at least 1");
  refused(SurveySpec(kMaxSampleSize + 1), "voters in all; at most 10000");
  v1::MeetingSpec no_beacon = SurveySpec();
  no_beacon.mutable_sample()->clear_beacon_source();
  refused(no_beacon, "spec.sample.beacon_source");
}

TEST(SampleSpecTest, ParticipantsAreTheStrataSizesAndGroupsTakenWhole) {
  const absl::flat_hash_map<std::string, uint32_t> counts = GroupCounts(SampleRoll(30));
  EXPECT_THAT(counts, UnorderedElementsAre(Pair("leaders", 10u), Pair("staff", 20u)));
  EXPECT_THAT(ParticipantsByGroup(SurveySpec(), counts),
              UnorderedElementsAre(Pair("leaders", 10u), Pair("staff", 6u)));
  // A stratum larger than its group takes the group.
  EXPECT_THAT(ParticipantsByGroup(SurveySpec(50), counts),
              UnorderedElementsAre(Pair("leaders", 10u), Pair("staff", 20u)));
  // Without a sample, everyone.
  EXPECT_THAT(ParticipantsByGroup(SampleSpec(), counts),
              UnorderedElementsAre(Pair("leaders", 10u), Pair("staff", 20u)));
}

// A group's token key covers the voters who take part: drawing 3 of 20
// staff leaves too few for a key of their own (rule A3), whatever the roll.
TEST(SampleSpecTest, TokenKeysFollowTheSampleNotThePopulation) {
  v1::MeetingSpec spec = SampleSpec({.assessment = true});
  const v1::Form* assess = nullptr;
  for (const v1::Form& f : spec.forms()) {
    if (f.id() == "assess") assess = &f;
  }
  ASSERT_NE(assess, nullptr);
  const absl::flat_hash_map<std::string, uint32_t> counts = GroupCounts(SampleRoll(30));
  EXPECT_THAT(TokenKeyGroups(spec, *assess, FormDueByGroup(*assess, counts)),
              ElementsAre("leaders", "staff"));
  v1::SampleStratum* stratum = spec.mutable_sample()->add_strata();
  stratum->set_group("staff");
  stratum->set_size(3);
  spec.mutable_sample()->set_beacon_source("开奖号码");
  EXPECT_THAT(
      TokenKeyGroups(spec, *assess, FormDueByGroup(*assess, ParticipantsByGroup(spec, counts))),
      ElementsAre(""));
}

class SampleStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK(state_.Apply(MeetingCreatedEntry(SurveySpec(), 30)));
    ASSERT_OK_AND_ASSIGN(Roll roll, Roll::Create(SampleRoll(30), state_.spec()));
    ASSERT_OK(state_.SetRoll(roll));
  }

  // The draw of staff v011, v013, …, v021 (the state checks what it can
  // without hashing; which ids the seed draws is ledger::CheckSampleDrawn's).
  v1::Entry Draw(std::vector<std::string> ids = {"v011", "v013", "v015", "v017", "v019",
                                                 "v021"}) const {
    v1::Entry entry = EntryAt(state_.size());
    v1::SampleDrawn* body = entry.mutable_sample_drawn();
    body->set_beacon("417");
    body->set_seed(std::string(32, 's'));
    body->set_actor("admin");
    for (const std::string& id : ids) body->add_voter_ids(id);
    return entry;
  }

  void ExpectRefused(const v1::Entry& entry, absl::StatusCode code, const std::string& text) {
    const uint64_t size = state_.size();
    EXPECT_THAT(state_.Apply(entry), StatusIs(code, HasSubstr(text)));
    EXPECT_EQ(state_.size(), size) << "a refused entry was applied";
  }

  MeetingState state_;
};

TEST_F(SampleStateTest, DueIsTheSample) {
  EXPECT_EQ(state_.roll_size(), 30u);
  EXPECT_EQ(state_.due_size(), 16u);
  EXPECT_EQ(state_.form_due("rec"), 16u);
}

TEST_F(SampleStateTest, ASampledSurveyOpensOnlyAfterItsDraw) {
  ASSERT_OK(state_.Apply(StateChangedEntry(1, v1::MEETING_STATUS_DRAFT,
                                           v1::MEETING_STATUS_ANNOUNCED)));
  ExpectRefused(StateChangedEntry(2, v1::MEETING_STATUS_ANNOUNCED, v1::MEETING_STATUS_OPEN),
                absl::StatusCode::kFailedPrecondition,
                "state_changed.to: a sampled survey cannot open before its sample is drawn");
  ASSERT_OK(state_.Apply(Draw()));
  EXPECT_EQ(state_.sample_seq(), 2u);
  ASSERT_OK(state_.Apply(StateChangedEntry(3, v1::MEETING_STATUS_ANNOUNCED,
                                           v1::MEETING_STATUS_OPEN)));
  ExpectRefused(Draw(), absl::StatusCode::kAlreadyExists,
                "sample_drawn: the sample was drawn at entry 2");
}

TEST_F(SampleStateTest, MembershipFollowsTheDrawAndGroupsTakenWhole) {
  EXPECT_FALSE(state_.InSample("v011", "staff"));
  ASSERT_OK(state_.Apply(Draw()));
  EXPECT_TRUE(state_.InSample("v011", "staff"));
  EXPECT_FALSE(state_.InSample("v012", "staff"));
  EXPECT_TRUE(state_.InSample("v001", "leaders"));
  const v1::SampleInfo info = state_.SampleSummary();
  ASSERT_EQ(info.groups_size(), 2);
  EXPECT_EQ(info.groups(1).group(), "staff");
  EXPECT_EQ(info.groups(1).population(), 20u);
  EXPECT_EQ(info.groups(1).participants(), 6u);
  EXPECT_TRUE(info.drawn());
  EXPECT_EQ(info.beacon(), "417");
}

TEST_F(SampleStateTest, DrawRefusalsNameTheField) {
  ExpectRefused(Draw({"v011", "v013", "v015", "v017", "v019"}),
                absl::StatusCode::kInvalidArgument,
                "sample_drawn.voter_ids: 5 voters of group \"staff\" drawn; the sample takes 6");
  ExpectRefused(Draw({"v011", "v013", "v015", "v017", "v019", "v999"}),
                absl::StatusCode::kInvalidArgument,
                "sample_drawn.voter_ids[5]: \"v999\" is not on the roll");
  ExpectRefused(Draw({"v011", "v013", "v015", "v017", "v019", "v001"}),
                absl::StatusCode::kInvalidArgument,
                "sample_drawn.voter_ids[5]: \"v001\" is of group \"leaders\", which the sample "
                "takes whole");
  ExpectRefused(Draw({"v011", "v013", "v015", "v017", "v019", "v019"}),
                absl::StatusCode::kInvalidArgument, "\"v019\" is drawn twice");
  v1::Entry no_beacon = Draw();
  no_beacon.mutable_sample_drawn()->clear_beacon();
  ExpectRefused(no_beacon, absl::StatusCode::kInvalidArgument, "sample_drawn.beacon");
  v1::Entry short_seed = Draw();
  short_seed.mutable_sample_drawn()->set_seed("x");
  ExpectRefused(short_seed, absl::StatusCode::kInvalidArgument, "sample_drawn.seed");
  EXPECT_FALSE(state_.sample_drawn());
}

TEST_F(SampleStateTest, CheckInsStopAtTheSampleSize) {
  ASSERT_OK(state_.Apply(Draw()));
  ASSERT_OK(state_.Apply(StateChangedEntry(2, v1::MEETING_STATUS_DRAFT,
                                           v1::MEETING_STATUS_ANNOUNCED)));
  ASSERT_OK(state_.Apply(StateChangedEntry(3, v1::MEETING_STATUS_ANNOUNCED,
                                           v1::MEETING_STATUS_OPEN)));
  for (int voter = 1; voter <= 16; ++voter) {
    ASSERT_OK(state_.Apply(CheckedInEntry(state_.size(), voter, {"rec"})));
  }
  ExpectRefused(CheckedInEntry(state_.size(), 17, {"rec"}),
                absl::StatusCode::kFailedPrecondition,
                "checked_in: all 16 voters drawn are already checked in");
  ASSERT_OK_AND_ASSIGN(v1::TallyResult count, state_.Count(state_.size()));
  EXPECT_EQ(count.due(), 16u);
}

TEST(SampleStateDrawTest, AMeetingWithoutASampleRefusesADraw) {
  MeetingState state;
  ASSERT_OK(state.Apply(MeetingCreatedEntry(SampleSpec(), 30)));
  ASSERT_OK_AND_ASSIGN(Roll roll, Roll::Create(SampleRoll(30), state.spec()));
  ASSERT_OK(state.SetRoll(roll));
  v1::Entry entry = EntryAt(1);
  entry.mutable_sample_drawn()->set_beacon("417");
  EXPECT_THAT(state.Apply(entry),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(StartsWith("sample_drawn: "), HasSubstr("draws no sample"))));
}

}  // namespace
}  // namespace gongxin::tally
