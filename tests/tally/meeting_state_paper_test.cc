// Tests of tally/meeting_state_paper.cc: the rules the server and the
// offline verifier both apply to paper ballots — a voter checked in on paper
// votes only on paper; slips are entered after the close and before any
// approval, confirmed by a second officer, and counted three ways (paper,
// electronic, combined) with the slips reconciled.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tally/meeting_state.h"
#include "tally/roll.h"
#include "tests/testing/sample_ledger.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::tally {
namespace {

using ::gongxin::testing::Commitment;
using ::gongxin::testing::MakeBallot;
using ::gongxin::testing::SatisfactionBallot;
using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

const std::vector<std::string> kForms = {"rec", "sat", "sat2"};

v1::Ballot Rec(const std::string& candidate) {
  return MakeBallot("rec", {{"head", {candidate}}});
}

// Votes of `candidate` on rec's first question in `ft`.
uint32_t Votes(const v1::FormTally& ft, const std::string& candidate) {
  for (const v1::CandidateTally& c : ft.questions(0).candidates()) {
    if (c.candidate_id() == candidate) return c.votes();
  }
  return 0;
}

class MeetingStatePaperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Accept(testing::MeetingCreatedEntry(testing::SampleSpec({.satisfaction = true})));
    ASSERT_OK_AND_ASSIGN(Roll roll, Roll::Create(testing::SampleRoll(), state_.spec()));
    ASSERT_OK(state_.SetRoll(roll));
    Move(v1::MEETING_STATUS_DRAFT, v1::MEETING_STATUS_ANNOUNCED);
    Move(v1::MEETING_STATUS_ANNOUNCED, v1::MEETING_STATUS_OPEN);
  }
  v1::Entry At(v1::Entry entry) {
    entry.set_meeting_id(testing::EntryAt(0).meeting_id());
    entry.set_seq(state_.size());
    return entry;
  }
  void Accept(const v1::Entry& entry) { ASSERT_OK(state_.Apply(entry)) << entry.ShortDebugString(); }
  absl::Status Try(const v1::Entry& entry) {
    const uint64_t size = state_.size();
    absl::Status s = state_.Apply(entry);
    if (!s.ok()) {
      EXPECT_EQ(state_.size(), size) << "a refused entry changed the state";
    }
    return s;
  }
  void Move(v1::MeetingStatus from, v1::MeetingStatus to) {
    Accept(testing::StateChangedEntry(state_.size(), from, to));
  }
  void Close() { Move(v1::MEETING_STATUS_OPEN, v1::MEETING_STATUS_CLOSED); }
  v1::Entry ByPaper(int voter) {
    v1::Entry e = testing::CheckedInEntry(state_.size(), voter, kForms);
    e.mutable_checked_in()->set_by_paper(true);
    return e;
  }
  // Voter `voter` checked in electronically (ballots follow).
  void Electronic(int voter) { Accept(testing::CheckedInEntry(state_.size(), voter, kForms)); }
  v1::Entry Entered(const v1::Ballot& ballot, int voter, const std::string& officer = "officer-a") {
    v1::Entry e;
    *e.mutable_paper_ballot_entered()->mutable_ballot() = ballot;
    if (voter > 0) e.mutable_paper_ballot_entered()->set_voter_commitment(Commitment(voter));
    e.mutable_paper_ballot_entered()->set_batch("box 1");
    e.mutable_paper_ballot_entered()->set_officer(officer);
    return At(std::move(e));
  }
  v1::Entry Confirmed(uint64_t seq, const std::string& officer = "officer-b") {
    v1::Entry e;
    e.mutable_paper_ballot_confirmed()->set_entered_seq(seq);
    e.mutable_paper_ballot_confirmed()->set_officer(officer);
    return At(std::move(e));
  }
  v1::Entry Rejected(uint64_t seq, const std::string& reason = "keyed c3 for c2") {
    v1::Entry e;
    e.mutable_paper_ballot_rejected()->set_entered_seq(seq);
    e.mutable_paper_ballot_rejected()->set_officer("officer-a");
    e.mutable_paper_ballot_rejected()->set_reason(reason);
    return At(std::move(e));
  }
  v1::Entry Returns(const std::string& form, uint32_t issued, uint32_t returned) {
    v1::Entry e;
    e.mutable_paper_returns_recorded()->set_form_id(form);
    e.mutable_paper_returns_recorded()->set_issued(issued);
    e.mutable_paper_returns_recorded()->set_returned(returned);
    e.mutable_paper_returns_recorded()->set_officer("officer-a");
    return At(std::move(e));
  }
  v1::Entry Approved(const std::string& officer) {
    v1::Entry e;
    e.mutable_count_approved()->set_officer(officer);
    return At(std::move(e));
  }
  // Enters `ballot` for `voter` (0: anonymous) and returns its seq.
  uint64_t Enter(const v1::Ballot& ballot, int voter) {
    const uint64_t seq = state_.size();
    Accept(Entered(ballot, voter));
    return seq;
  }
  v1::FormTally CountForm(int form) {
    absl::StatusOr<v1::TallyResult> result = state_.Count(state_.size());
    EXPECT_OK(result.status());
    return result.ok() ? result->forms(form) : v1::FormTally();
  }

  MeetingState state_;
};

TEST_F(MeetingStatePaperTest, AVoterCheckedInByPaperCannotCastElectronically) {
  Accept(ByPaper(1));
  EXPECT_TRUE(state_.CheckedInByPaper(Commitment(1)));
  EXPECT_THAT(Try(testing::BallotCastEntry(state_.size(), 1, Rec("c1"))),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("vote on paper")));
  v1::Entry both = ByPaper(2);
  both.mutable_checked_in()->set_by_slip(true);
  EXPECT_THAT(Try(both), StatusIs(absl::StatusCode::kInvalidArgument,
                                  HasSubstr("checked_in.by_paper")));
}

TEST_F(MeetingStatePaperTest, AnonymousBallotsAreBoundedByTheElectronicCheckInsAlone) {
  Accept(ByPaper(5));
  Electronic(6);
  v1::AnonymousBallot record;
  record.set_form_id("sat");
  record.set_token_signature("signature");
  *record.mutable_ballot() = SatisfactionBallot("sat", "satisfied");
  auto anonymous = [&](const std::string& token) {
    record.set_token_message(token);
    v1::Entry e;
    e.set_anonymous_ballot(record.SerializeAsString());
    return At(std::move(e));
  };
  Accept(anonymous("token-a"));
  // Two check-ins issued sat, but the paper voter received no token.
  EXPECT_THAT(Try(anonymous("token-b")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("electronically")));
}

TEST_F(MeetingStatePaperTest, PaperBallotsAreEnteredOnlyAfterTheCloseAndBeforeApproval) {
  Accept(ByPaper(1));
  EXPECT_THAT(Try(Entered(Rec("c1"), 1)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("not CLOSED")));
  Close();
  Accept(Approved("officer-c"));
  EXPECT_THAT(Try(Entered(Rec("c1"), 1)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("approvals freeze")));
  EXPECT_THAT(Try(Returns("rec", 1, 1)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("approvals freeze")));
}

TEST_F(MeetingStatePaperTest, ANamedSlipNamesAVoterCheckedInByPaperOnce) {
  Accept(ByPaper(1));
  Electronic(2);
  Close();
  EXPECT_THAT(Try(Entered(Rec("c1"), 2)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("vote on paper")));
  EXPECT_THAT(Try(Entered(Rec("c1"), 7)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("vote on paper")));
  EXPECT_THAT(Try(Entered(Rec("c1"), 0)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("voter_commitment")));
  EXPECT_THAT(Try(Entered(SatisfactionBallot("sat", "basic"), 1)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("anonymous")));
  EXPECT_THAT(Try(Entered(MakeBallot("rec", {{"head", {"c1", "c2"}}}), 1)),
              StatusIs(absl::StatusCode::kInvalidArgument));
  const uint64_t first = Enter(Rec("c1"), 1);
  EXPECT_THAT(Try(Entered(Rec("c2"), 1)),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("already entered")));
  // A rejected entry frees the voter's slip for a new entry.
  Accept(Rejected(first));
  Enter(Rec("c2"), 1);
}

TEST_F(MeetingStatePaperTest, ASecondDifferentOfficerConfirmsEachEntryOnce) {
  Accept(ByPaper(1));
  Close();
  const uint64_t seq = Enter(Rec("c1"), 1);
  EXPECT_THAT(Try(Confirmed(seq, "officer-a")),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("second, different")));
  EXPECT_THAT(Try(Confirmed(seq - 1)), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(Try(Confirmed(seq, "")), StatusIs(absl::StatusCode::kInvalidArgument));
  Accept(Confirmed(seq));
  EXPECT_THAT(Try(Confirmed(seq, "officer-c")), StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(Try(Rejected(seq)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("confirmed")));
  EXPECT_THAT(Try(Rejected(seq, "")), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(MeetingStatePaperTest, CountShowsPaperElectronicAndCombinedWithTheSlipsReconciled) {
  Electronic(5);
  Accept(testing::BallotCastEntry(state_.size(), 5, Rec("c1")));
  Accept(ByPaper(6));
  Accept(ByPaper(7));
  Close();
  const uint64_t six = Enter(Rec("c2"), 6);
  Enter(Rec("c2"), 7);
  Accept(Confirmed(six));

  v1::FormTally rec = CountForm(0);
  EXPECT_EQ(rec.issued(), 3u);
  EXPECT_EQ(rec.returned(), 2u);  // the unconfirmed slip does not count
  EXPECT_EQ(Votes(rec, "c1"), 1u);
  EXPECT_EQ(Votes(rec, "c2"), 1u);
  EXPECT_EQ(rec.paper().issued(), 2u);
  EXPECT_EQ(rec.paper().returned(), 1u);
  EXPECT_EQ(Votes(rec.paper(), "c2"), 1u);
  EXPECT_EQ(Votes(rec.paper(), "c1"), 0u);
  EXPECT_EQ(rec.electronic().issued(), 1u);
  EXPECT_EQ(Votes(rec.electronic(), "c1"), 1u);
  EXPECT_EQ(Votes(rec.electronic(), "c2"), 0u);
  EXPECT_FALSE(rec.paper().has_validity());
  const v1::PaperReconciliation& r = rec.paper_reconciliation();
  EXPECT_EQ(r.issued(), 2u);
  EXPECT_EQ(r.entered(), 2u);
  EXPECT_EQ(r.confirmed(), 1u);
  EXPECT_FALSE(r.consistent());
  EXPECT_THAT(r.reason_en(), HasSubstr("returns not recorded"));
  EXPECT_THAT(r.reason_en(), HasSubstr("1 entered but not confirmed"));

  EXPECT_THAT(Try(Returns("rec", 3, 2)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("2 voters checked in")));
  Accept(Returns("rec", 2, 2));
  EXPECT_THAT(Try(Returns("rec", 2, 2)), StatusIs(absl::StatusCode::kAlreadyExists));
  Accept(Confirmed(six + 1));
  rec = CountForm(0);
  EXPECT_TRUE(rec.paper_reconciliation().consistent()) << rec.paper_reconciliation().reason_en();
  EXPECT_EQ(Votes(rec, "c2"), 2u);
  // The anonymous forms went on paper too, with nothing entered yet.
  const v1::FormTally sat = CountForm(1);
  EXPECT_EQ(sat.paper_reconciliation().issued(), 2u);
  EXPECT_FALSE(sat.paper_reconciliation().consistent());
  EXPECT_EQ(state_.Count(state_.size())->present_by_paper(), 2u);
}

TEST_F(MeetingStatePaperTest, MoreSlipsReturnedThanIssuedVoidsTheForm) {
  Accept(ByPaper(6));
  Close();
  Accept(Confirmed(Enter(Rec("c2"), 6)));
  Accept(Returns("rec", 1, 2));
  const v1::FormTally rec = CountForm(0);
  EXPECT_FALSE(rec.validity().valid());
  EXPECT_THAT(rec.validity().reason_en(), HasSubstr("rule A6b"));
  EXPECT_THAT(rec.paper_reconciliation().reason_en(), HasSubstr("2 returned, only 1 issued"));
}

TEST_F(MeetingStatePaperTest, AnonymousSlipsNameNobodyAndNeverOutnumberTheSlipsIssued) {
  Accept(ByPaper(6));
  Close();
  EXPECT_THAT(Try(Entered(SatisfactionBallot("sat", "basic"), 6)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("name nobody")));
  const uint64_t seq = Enter(SatisfactionBallot("sat", "basic"), 0);
  EXPECT_THAT(Try(Entered(SatisfactionBallot("sat", "basic"), 0)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("1 slips issued")));
  Accept(Confirmed(seq));
  const v1::FormTally sat = CountForm(1);
  EXPECT_EQ(sat.returned(), 1u);
  EXPECT_EQ(sat.paper().returned(), 1u);
  EXPECT_EQ(sat.electronic().returned(), 0u);
}

TEST_F(MeetingStatePaperTest, AMeetingWithoutPaperVotersHasNoPaperParts) {
  Electronic(5);
  Accept(testing::BallotCastEntry(state_.size(), 5, Rec("c1")));
  Close();
  EXPECT_THAT(Try(Returns("rec", 0, 0)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("on paper")));
  const v1::FormTally rec = CountForm(0);
  EXPECT_FALSE(rec.has_paper());
  EXPECT_FALSE(rec.has_paper_reconciliation());
}

}  // namespace
}  // namespace gongxin::tally
