// The state machine's score corrections (issue 14): a correction names the
// score it supersedes by seq and hash, needs a second officer's approval,
// stays in the scores' window, and only an approved one reaches the count.
#include <string>

#include "absl/strings/str_cat.h"
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
using ::testing::HasSubstr;
using namespace ::gongxin::testing;  // NOLINT: the sample's builders

// Stand-in entry hashes: the state takes entry k's hash from entry k+1's
// prev_hash and never computes one.
std::string FakeHash(uint64_t seq) { return absl::StrCat("hash-of-", seq); }

v1::Entry ProposeAt(uint64_t seq, uint64_t superseded, const std::string& value,
                    const std::string& reason = "录入时把 58 误录为 85",
                    const std::string& officer = "officer-1",
                    const std::string& candidate = "c1",
                    const std::string& indicator = "performance") {
  v1::Entry e = EntryAt(seq);
  v1::ScoreCorrectionProposed* p = e.mutable_score_correction_proposed();
  p->set_superseded_seq(superseded);
  p->set_superseded_entry_hash(FakeHash(superseded));
  p->set_rule_id("s3");
  p->set_candidate_id(candidate);
  p->set_indicator_id(indicator);
  p->set_value(value);
  p->set_reason(reason);
  p->set_officer(officer);
  return e;
}

v1::Entry ApproveAt(uint64_t seq, uint64_t proposal, const std::string& officer) {
  v1::Entry e = EntryAt(seq);
  v1::ScoreCorrectionApproved* a = e.mutable_score_correction_approved();
  a->set_proposal_seq(proposal);
  a->set_proposal_entry_hash(FakeHash(proposal));
  a->set_officer(officer);
  return e;
}

class CorrectionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK(Apply(MeetingCreatedEntry(testing::S3OfficerSpec())));
    ASSERT_OK_AND_ASSIGN(Roll roll, Roll::Create(SampleRoll(), state_.spec()));
    ASSERT_OK(state_.SetRoll(roll));
    ASSERT_OK(Apply(StateChangedEntry(1, v1::MEETING_STATUS_DRAFT, v1::MEETING_STATUS_ANNOUNCED)));
    ASSERT_OK(Apply(StateChangedEntry(2, v1::MEETING_STATUS_ANNOUNCED, v1::MEETING_STATUS_OPEN)));
    ASSERT_OK(Apply(CheckedInEntry(3, 1, {"rec"})));
    ASSERT_OK(Apply(BallotCastEntry(4, 1, MakeBallot("rec", {{"head", {"c1"}}}))));
  }
  // Applies `e` linked to the entry before it.
  absl::Status Apply(v1::Entry e) {
    if (e.seq() > 0) e.set_prev_hash(FakeHash(e.seq() - 1));
    return state_.Apply(e);
  }
  void Close() {
    ASSERT_OK(Apply(StateChangedEntry(next(), v1::MEETING_STATUS_OPEN, v1::MEETING_STATUS_CLOSED)));
  }
  // Closes and scores c1 on every S-3 indicator; returns the seq of the
  // performance score (85, mistyped for 58).
  uint64_t CloseAndScore() {
    Close();
    const uint64_t seq = next();
    EXPECT_OK(Apply(OfficerScoreEntry(next(), "c1", "performance", "85")));
    for (const char* ind : {"leadership", "work_style", "potential"}) {
      EXPECT_OK(Apply(OfficerScoreEntry(next(), "c1", ind, "60")));
    }
    return seq;
  }
  std::string Composite() {
    absl::StatusOr<v1::TallyResult> r = state_.Count(state_.size());
    EXPECT_OK(r.status());
    return r.ok() ? r->composites(0).candidates(0).composite() : "";
  }
  uint64_t next() const { return state_.size(); }

  MeetingState state_;
};

TEST_F(CorrectionsTest, ApprovedCorrectionReplacesTheScoreInTheComposite) {
  const uint64_t score = CloseAndScore();
  // 45 % of 85 + 45 % of 60 + 5 % of 60 + 5 % of 60 = 71.25.
  EXPECT_EQ(Composite(), "71.25");
  const uint64_t proposal = next();
  ASSERT_OK(Apply(ProposeAt(proposal, score, "58")));
  EXPECT_EQ(Composite(), "71.25") << "a correction took effect before its approval";
  ASSERT_OK(Apply(ApproveAt(next(), proposal, "officer-2")));
  // 45 % of 58 + 45 % of 60 + 6 = 59.1: below 60, excluded (rule S-3).
  EXPECT_EQ(Composite(), "59.1");
  ASSERT_EQ(state_.corrections().size(), 1u);
  EXPECT_EQ(state_.corrections()[0].old_value, "85");
  EXPECT_EQ(state_.corrections()[0].approver, "officer-2");
  const MeetingState::ScoreInEffect* now = state_.FindScoreInEffect("s3", "c1", "performance");
  ASSERT_NE(now, nullptr);
  EXPECT_EQ(now->seq, proposal);
  // A corrected score is corrected again by naming the proposal now in effect.
  const uint64_t again = next();
  ASSERT_OK(Apply(ProposeAt(again, proposal, "59", "复核后为 59", "officer-2")));
  ASSERT_OK(Apply(ApproveAt(next(), again, "officer-3")));
  EXPECT_EQ(state_.corrections()[1].old_value, "58");
}

TEST_F(CorrectionsTest, CorrectionRefusedWhileOpenAndAfterApprovalFreeze) {
  EXPECT_THAT(Apply(ProposeAt(next(), 3, "58")),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("score_correction_proposed: meeting is OPEN, not CLOSED")));
  const uint64_t score = CloseAndScore();
  const uint64_t proposal = next();
  ASSERT_OK(Apply(ProposeAt(proposal, score, "58")));
  ASSERT_OK(Apply(v1::Entry(ApproveAt(next(), proposal, "officer-2"))));
  v1::Entry approval = EntryAt(next());
  approval.mutable_count_approved()->set_officer("officer-1");
  ASSERT_OK(Apply(approval));
  EXPECT_THAT(Apply(ProposeAt(next(), proposal, "60")),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("approvals freeze officer inputs")));
}

TEST_F(CorrectionsTest, ProposalRefusesBadReferencesValuesAndReasons) {
  const uint64_t score = CloseAndScore();
  EXPECT_THAT(Apply(ProposeAt(next(), 99, "58")),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("superseded_seq: there is no entry 99")));
  EXPECT_THAT(Apply(ProposeAt(next(), 4, "58")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("superseded_seq: entry 4 is not an officer score")));
  EXPECT_THAT(Apply(ProposeAt(next(), score + 1, "58")),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("is not the score in effect")));
  v1::Entry wrong_hash = ProposeAt(next(), score, "58");
  wrong_hash.mutable_score_correction_proposed()->set_superseded_entry_hash(FakeHash(2));
  EXPECT_THAT(Apply(wrong_hash),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("superseded_entry_hash: is not the hash of entry")));
  EXPECT_THAT(Apply(ProposeAt(next(), score, "150")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("score_correction_proposed.value")));
  EXPECT_THAT(Apply(ProposeAt(next(), score, "85")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("is the score in effect")));
  EXPECT_THAT(Apply(ProposeAt(next(), score, "58", "")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("score_correction_proposed.reason")));
  EXPECT_THAT(Apply(ProposeAt(next(), score, "58", "理由", "officer-1", "c2")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("has no score")));
  const uint64_t proposal = next();
  ASSERT_OK(Apply(ProposeAt(proposal, score, "58")));
  EXPECT_THAT(Apply(ProposeAt(next(), score, "57", "又一理由", "officer-2")),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("awaiting")));
}

TEST_F(CorrectionsTest, ApprovalNeedsASecondOfficerOnce) {
  const uint64_t score = CloseAndScore();
  const uint64_t proposal = next();
  ASSERT_OK(Apply(ProposeAt(proposal, score, "58")));
  EXPECT_THAT(Apply(ApproveAt(next(), proposal, "officer-1")),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("a second officer must approve it")));
  EXPECT_THAT(Apply(ApproveAt(next(), score, "officer-2")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("is not a score_correction_proposed")));
  EXPECT_THAT(Apply(ApproveAt(next(), 99, "officer-2")),
              StatusIs(absl::StatusCode::kNotFound));
  v1::Entry wrong_hash = ApproveAt(next(), proposal, "officer-2");
  wrong_hash.mutable_score_correction_approved()->set_proposal_entry_hash(FakeHash(1));
  EXPECT_THAT(Apply(wrong_hash), StatusIs(absl::StatusCode::kInvalidArgument));
  ASSERT_OK(Apply(ApproveAt(next(), proposal, "officer-2")));
  EXPECT_THAT(Apply(ApproveAt(next(), proposal, "officer-3")),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("already approved")));
}

TEST_F(CorrectionsTest, CountUsingTheSupersededValueIsNotTheRecount) {
  const uint64_t score = CloseAndScore();
  ASSERT_OK_AND_ASSIGN(v1::TallyResult before, state_.Count(state_.size()));
  const uint64_t proposal = next();
  ASSERT_OK(Apply(ProposeAt(proposal, score, "58")));
  ASSERT_OK(Apply(ApproveAt(next(), proposal, "officer-2")));
  for (const char* officer : {"officer-1", "officer-2"}) {
    v1::Entry e = EntryAt(next());
    e.mutable_count_approved()->set_officer(officer);
    ASSERT_OK(Apply(e));
  }
  ASSERT_OK_AND_ASSIGN(v1::TallyResult result, state_.Count(state_.size()));
  v1::TallyResult stale = result;
  *stale.mutable_composites(0) = before.composites(0);
  EXPECT_THAT(state_.Check(CountRecordedEntry(state_.size(), stale)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("differs from the recount")));
  EXPECT_OK(state_.Check(CountRecordedEntry(state_.size(), result)));
}

}  // namespace
}  // namespace gongxin::tally
