// Tests of tally/meeting_state_slips.cc: the rules the server and the
// offline verifier both apply to slips — printed once, sorted, of a group
// that votes; void, used or bound slips refused; and slips used never more
// than the voters checked in by slip, counted apart for bound slips.
#include <algorithm>
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
using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

std::string Hash(char c) { return std::string(32, c); }

// rec (named, every group) and sat, sat2 (anonymous, every group).
v1::MeetingSpec Spec() { return testing::SampleSpec({.satisfaction = true}); }

class MeetingStateSlipsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Accept(testing::MeetingCreatedEntry(Spec()));
    ASSERT_OK_AND_ASSIGN(Roll roll, Roll::Create(testing::SampleRoll(), state_.spec()));
    ASSERT_OK(state_.SetRoll(roll));
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
  void Open() {
    Accept(testing::StateChangedEntry(state_.size(), v1::MEETING_STATUS_DRAFT,
                                      v1::MEETING_STATUS_ANNOUNCED));
    Accept(testing::StateChangedEntry(state_.size(), v1::MEETING_STATUS_ANNOUNCED,
                                      v1::MEETING_STATUS_OPEN));
  }
  v1::Entry Issued(const std::string& group, std::vector<std::string> hashes) {
    v1::Entry e;
    e.mutable_slips_issued()->set_group(group);
    for (std::string& h : hashes) e.mutable_slips_issued()->add_slip_hashes(std::move(h));
    e.mutable_slips_issued()->set_actor("admin-1");
    return At(std::move(e));
  }
  v1::Entry Voided(const std::string& hash) {
    v1::Entry e;
    e.mutable_slip_voided()->set_slip_hash(hash);
    return At(std::move(e));
  }
  v1::Entry Redeemed(const std::string& hash, std::vector<std::string> forms) {
    v1::Entry e;
    e.mutable_slip_redeemed()->set_slip_hash(hash);
    for (std::string& f : forms) e.mutable_slip_redeemed()->add_form_ids(std::move(f));
    return At(std::move(e));
  }
  // Voter `voter` of SampleRoll() checked in by slip, bound to `hash` if set.
  v1::Entry BySlip(int voter, const std::string& hash = "") {
    v1::Entry e = testing::CheckedInEntry(state_.size(), voter, {"rec", "sat", "sat2"});
    e.mutable_checked_in()->set_by_slip(true);
    e.mutable_checked_in()->set_slip_hash(hash);
    return e;
  }

  MeetingState state_;
};

TEST_F(MeetingStateSlipsTest, SlipsArePrintedSortedOnceForAGroupThatVotes) {
  EXPECT_THAT(Try(Issued("nobody", {Hash('a')})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("slips_issued.group")));
  EXPECT_THAT(Try(Issued("staff", {Hash('b'), Hash('a')})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("slip_hashes[1]")));
  EXPECT_THAT(Try(Issued("staff", {Hash('a'), Hash('a')})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("sorted and distinct")));
  EXPECT_THAT(Try(Issued("staff", {"short"})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("32 bytes")));
  EXPECT_THAT(Try(Issued("staff", {})), StatusIs(absl::StatusCode::kInvalidArgument));
  Accept(Issued("staff", {Hash('a'), Hash('b')}));  // while DRAFT
  EXPECT_THAT(Try(Issued("leaders", {Hash('b')})),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("issued before")));
  EXPECT_EQ(state_.slip_tallies().at("staff").issued, 2u);
}

TEST_F(MeetingStateSlipsTest, NamedFormsNeedABoundSlipAndABoundSlipServesOnlyItsVoter) {
  Accept(Issued("leaders", {Hash('a'), Hash('b')}));
  Accept(Issued("staff", {Hash('c')}));
  Open();
  EXPECT_THAT(Try(BySlip(1)), StatusIs(absl::StatusCode::kInvalidArgument,
                                       HasSubstr("checked_in.slip_hash: required")));
  EXPECT_THAT(Try(BySlip(1, Hash('c'))),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("group staff")));
  EXPECT_THAT(Try(BySlip(1, Hash('z'))), StatusIs(absl::StatusCode::kNotFound));
  Accept(BySlip(1, Hash('a')));
  EXPECT_TRUE(state_.CheckedInBySlip(Commitment(1)));
  EXPECT_THAT(Try(BySlip(2, Hash('a'))),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("bound")));
  // The bound voter's place is not an unbound slip's.
  EXPECT_THAT(Try(Redeemed(Hash('b'), {"sat", "sat2"})),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("0 voters checked in")));
  EXPECT_THAT(Try(Redeemed(Hash('a'), {"sat", "sat2"})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("expected [rec, sat, sat2]")));
  Accept(Redeemed(Hash('a'), {"rec", "sat", "sat2"}));
  EXPECT_THAT(Try(Redeemed(Hash('a'), {"rec", "sat", "sat2"})),
              StatusIs(absl::StatusCode::kAlreadyExists));
  const MeetingState::SlipTally& leaders = state_.slip_tallies().at("leaders");
  EXPECT_EQ(leaders.checked_in, 1u);
  EXPECT_EQ(leaders.redeemed, 1u);
  EXPECT_EQ(leaders.redeemed_unbound, 0u);
}

TEST_F(MeetingStateSlipsTest, UnboundSlipsUsedNeverOutnumberVotersCheckedInBySlip) {
  v1::MeetingSpec spec = Spec();
  auto* forms = spec.mutable_forms();
  forms->erase(forms->begin());  // rec: every voter now has anonymous forms only
  state_ = MeetingState();
  Accept(testing::MeetingCreatedEntry(spec));
  ASSERT_OK_AND_ASSIGN(Roll roll, Roll::Create(testing::SampleRoll(), state_.spec()));
  ASSERT_OK(state_.SetRoll(roll));
  Accept(Issued("staff", {Hash('a'), Hash('b'), Hash('c')}));
  Open();
  EXPECT_THAT(Try(Redeemed(Hash('a'), {"sat", "sat2"})),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("signed in")));
  v1::Entry in = testing::CheckedInEntry(state_.size(), 5, {"sat", "sat2"});
  in.mutable_checked_in()->set_by_slip(true);
  Accept(in);
  // A kiosk's check-in is not a slip's.
  Accept(testing::CheckedInEntry(state_.size(), 6, {"sat", "sat2"}));
  Accept(Redeemed(Hash('a'), {"sat", "sat2"}));
  EXPECT_THAT(Try(Redeemed(Hash('b'), {"sat", "sat2"})),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("1 voters checked in")));
  Accept(Voided(Hash('b')));
  EXPECT_THAT(Try(Voided(Hash('b'))),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("void")));
  EXPECT_THAT(Try(Voided(Hash('a'))),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("used")));
  const MeetingState::SlipTally& staff = state_.slip_tallies().at("staff");
  EXPECT_EQ(staff.issued, 3u);
  EXPECT_EQ(staff.voided, 1u);
  EXPECT_EQ(staff.redeemed, 1u);
  EXPECT_EQ(staff.checked_in, 1u);
  Accept(testing::StateChangedEntry(state_.size(), v1::MEETING_STATUS_OPEN,
                                    v1::MEETING_STATUS_CLOSED));
  EXPECT_THAT(Try(Voided(Hash('c'))), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(Try(Redeemed(Hash('c'), {"sat", "sat2"})),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

}  // namespace
}  // namespace gongxin::tally
