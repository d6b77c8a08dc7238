// The state machine's rules for officer inputs (rules S-2, S-3) and the
// two-officer count: when scores, vetoes and approvals may stand on the
// ledger, and that the count entry must carry the composites they produce.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tally/composite.h"
#include "tally/meeting_state.h"
#include "tests/testing/officer_spec.h"
#include "tests/testing/sample_ledger.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::tally {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace ::gongxin::testing;  // NOLINT: the sample's builders

v1::Entry VetoAt(uint64_t seq, const std::string& candidate, const std::string& reason) {
  v1::Entry e = EntryAt(seq);
  v1::VetoEntered* v = e.mutable_veto_entered();
  v->set_rule_id("s3");
  v->set_candidate_id(candidate);
  v->set_reason(reason);
  v->set_officer("officer-2");
  return e;
}

v1::Entry ApprovalAt(uint64_t seq, const std::string& officer) {
  v1::Entry e = EntryAt(seq);
  e.mutable_count_approved()->set_officer(officer);
  return e;
}

class OfficerInputsTest : public ::testing::Test {
 protected:
  // Entries 0–2 created, announced, open; 3–4 one check-in and ballot.
  void SetUp() override {
    ASSERT_OK(state_.Apply(MeetingCreatedEntry(testing::S3OfficerSpec())));
    ASSERT_OK_AND_ASSIGN(Roll roll, Roll::Create(SampleRoll(), state_.spec()));
    ASSERT_OK(state_.SetRoll(roll));
    ASSERT_OK(state_.Apply(
        StateChangedEntry(1, v1::MEETING_STATUS_DRAFT, v1::MEETING_STATUS_ANNOUNCED)));
    ASSERT_OK(state_.Apply(
        StateChangedEntry(2, v1::MEETING_STATUS_ANNOUNCED, v1::MEETING_STATUS_OPEN)));
    ASSERT_OK(state_.Apply(CheckedInEntry(3, 1, {"rec"})));
    ASSERT_OK(state_.Apply(BallotCastEntry(4, 1, MakeBallot("rec", {{"head", {"c1"}}}))));
  }
  void Close() {
    ASSERT_OK(state_.Apply(
        StateChangedEntry(state_.size(), v1::MEETING_STATUS_OPEN, v1::MEETING_STATUS_CLOSED)));
  }
  uint64_t next() const { return state_.size(); }

  MeetingState state_;
};

TEST_F(OfficerInputsTest, S3_InputsOnlyAfterTheClose) {
  EXPECT_THAT(state_.Apply(OfficerScoreEntry(next(), "c1", "performance", "80")),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("officer_score_entered: meeting is OPEN, not CLOSED")));
  EXPECT_THAT(state_.Apply(ApprovalAt(next(), "officer-1")),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(state_.size(), 5u) << "a refused entry changed the state";
  Close();
  EXPECT_OK(state_.Apply(OfficerScoreEntry(next(), "c1", "performance", "80")));
}

TEST_F(OfficerInputsTest, S3_RefusesUnknownNamesAndDuplicates) {
  Close();
  EXPECT_THAT(state_.Apply(OfficerScoreEntry(next(), "d1", "performance", "80")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("officer_score_entered.candidate_id: \"d1\"")));
  EXPECT_THAT(state_.Apply(OfficerScoreEntry(next(), "c1", "charm", "80")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("officer_score_entered.indicator_id")));
  EXPECT_THAT(state_.Apply(OfficerScoreEntry(next(), "c1", "performance", "80", "")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("officer_score_entered.officer: required")));
  ASSERT_OK(state_.Apply(OfficerScoreEntry(next(), "c1", "performance", "80")));
  EXPECT_THAT(state_.Apply(OfficerScoreEntry(next(), "c1", "performance", "81", "officer-2")),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(state_.Apply(VetoAt(next(), "c2", "")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("veto_entered.reason")));
  ASSERT_OK(state_.Apply(VetoAt(next(), "c2", "经查实的举报")));
  EXPECT_THAT(state_.Apply(VetoAt(next(), "c2", "又一举报")),
              StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_F(OfficerInputsTest, ApprovalsFreezeTheInputsAndMustBeDistinct) {
  Close();
  ASSERT_OK(state_.Apply(ApprovalAt(next(), "officer-1")));
  EXPECT_THAT(state_.Apply(ApprovalAt(next(), "officer-1")),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("already approved")));
  EXPECT_THAT(state_.Apply(OfficerScoreEntry(next(), "c1", "performance", "80")),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("approvals freeze officer inputs")));
  EXPECT_THAT(state_.Apply(VetoAt(next(), "c1", "理由")),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(OfficerInputsTest, S3_CountEntryNeedsTwoApprovalsAndCarriesTheComposite) {
  Close();
  // c1: 45 % of 60 + 45 % of 60 + 5 % of 60 + 5 % of 60 = 60, not excluded.
  for (const char* ind : {"performance", "leadership", "work_style", "potential"}) {
    ASSERT_OK(state_.Apply(OfficerScoreEntry(next(), "c1", ind, "60")));
  }
  ASSERT_OK(state_.Apply(VetoAt(next(), "c2", "经查实的举报")));
  ASSERT_OK(state_.Apply(ApprovalAt(next(), "officer-1")));
  EXPECT_THAT(state_.CheckApprovals(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("1 distinct officer(s) approved the count; the spec requires 2")));
  {
    // A count recorded with one approval is refused even if it is the recount.
    MeetingState probe = state_;
    ASSERT_OK_AND_ASSIGN(v1::TallyResult recount, probe.Count(probe.size()));
    EXPECT_THAT(probe.Apply(CountRecordedEntry(probe.size(), recount)),
                StatusIs(absl::StatusCode::kFailedPrecondition));
  }
  ASSERT_OK(state_.Apply(ApprovalAt(next(), "officer-2")));
  ASSERT_OK_AND_ASSIGN(v1::TallyResult result, state_.Count(state_.size()));
  EXPECT_THAT(result.approved_by(), ElementsAre("officer-1", "officer-2"));
  ASSERT_EQ(result.composites_size(), 1);
  const v1::CompositeResult& r = result.composites(0);
  EXPECT_EQ(r.candidates(0).candidate_id(), "c1");
  EXPECT_EQ(r.candidates(0).composite(), "60");
  EXPECT_FALSE(r.candidates(0).excluded());
  EXPECT_EQ(r.candidates(0).rank(), 1u);
  // A count that drops the veto is not the recount.
  v1::TallyResult lie = result;
  lie.mutable_composites(0)->mutable_candidates(1)->clear_vetoes();
  EXPECT_THAT(state_.Check(CountRecordedEntry(state_.size(), lie)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("differs from the recount")));
  EXPECT_OK(state_.Apply(CountRecordedEntry(state_.size(), result)));
}

}  // namespace
}  // namespace gongxin::tally
