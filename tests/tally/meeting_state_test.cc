// Tests of tally/meeting_state.h: the state machine over ledger entries.
#include "tally/meeting_state.h"

#include <algorithm>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tally/diff.h"
#include "tally/roll.h"
#include "tests/tally/raw_counts.h"
#include "tests/testing/sample_ledger.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/text_proto.h"

namespace gongxin::tally {
namespace {

using ::gongxin::testing::BallotCastEntry;
using ::gongxin::testing::CheckedInEntry;
using ::gongxin::testing::Commitment;
using ::gongxin::testing::CountRecordedEntry;
using ::gongxin::testing::EntryAt;
using ::gongxin::testing::kBothPolicies;
using ::gongxin::testing::kBothPoliciesAndAssessment;
using ::gongxin::testing::MakeBallot;
using ::gongxin::testing::MakeGradedBallot;
using ::gongxin::testing::MeetingCreatedEntry;
using ::gongxin::testing::ParseText;
using ::gongxin::testing::RawCounts;
using ::gongxin::testing::SampleRoll;
using ::gongxin::testing::SampleSpec;
using ::gongxin::testing::StateChangedEntry;
using ::gongxin::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

constexpr v1::MeetingStatus kDraft = v1::MEETING_STATUS_DRAFT;
constexpr v1::MeetingStatus kAnnounced = v1::MEETING_STATUS_ANNOUNCED;
constexpr v1::MeetingStatus kOpen = v1::MEETING_STATUS_OPEN;
constexpr v1::MeetingStatus kClosed = v1::MEETING_STATUS_CLOSED;
constexpr v1::MeetingStatus kCounted = v1::MEETING_STATUS_COUNTED;
constexpr v1::MeetingStatus kPublished = v1::MEETING_STATUS_PUBLISHED;

const std::vector<std::string> kLeaderForms = {"rec", "panel"};
const std::vector<std::string> kStaffForms = {"rec"};

// Everything a refused entry must leave as it was.
struct Snapshot {
  uint64_t size;
  v1::MeetingStatus status;
  uint32_t checked_in, cast, issued_rec, issued_panel, returned_rec, returned_panel;
  std::string count;  // serialized Count(), or its error

  bool operator==(const Snapshot&) const = default;
  friend std::ostream& operator<<(std::ostream& os, const Snapshot& s) {
    return os << "size=" << s.size << " status=" << s.status << " checked_in=" << s.checked_in
              << " cast=" << s.cast << " issued=" << s.issued_rec << "/" << s.issued_panel
              << " returned=" << s.returned_rec << "/" << s.returned_panel;
  }
};

Snapshot Take(const MeetingState& state) {
  absl::StatusOr<v1::TallyResult> count = state.Count(state.size());
  return {state.size(),
          state.status(),
          state.checked_in_count(),
          state.cast_count(),
          state.issued("rec"),
          state.issued("panel"),
          state.returned("rec"),
          state.returned("panel"),
          count.ok() ? count->SerializeAsString() : count.status().ToString()};
}

class MeetingStateTest : public ::testing::Test {
 protected:
  void Accept(const v1::Entry& entry) {
    ASSERT_OK(state_.Check(entry));
    ASSERT_OK(state_.Apply(entry));
    entries_.push_back(entry);
  }

  // Expects Check and Apply to refuse `entry` with `code` and a message
  // starting with the field path `path` and containing `detail`, and the
  // state to be unchanged.
  void ExpectRefused(const v1::Entry& entry, absl::StatusCode code, const std::string& path,
                     const std::string& detail = "") {
    const Snapshot before = Take(state_);
    const auto matcher = StatusIs(code, AllOf(StartsWith(path), HasSubstr(detail)));
    EXPECT_THAT(state_.Check(entry), matcher);
    EXPECT_THAT(state_.Apply(entry), matcher);
    EXPECT_EQ(Take(state_), before);
  }

  void SetRoll() {
    ASSERT_OK_AND_ASSIGN(Roll roll, Roll::Create(SampleRoll(), state_.spec()));
    ASSERT_OK(state_.SetRoll(roll));
  }

  void Create(const v1::MeetingSpec& spec = SampleSpec(kBothPolicies)) {
    Accept(MeetingCreatedEntry(spec));
    SetRoll();
  }

  void Transition(v1::MeetingStatus from, v1::MeetingStatus to) {
    Accept(StateChangedEntry(next(), from, to));
  }

  void Open(const v1::MeetingSpec& spec = SampleSpec(kBothPolicies)) {
    Create(spec);
    Transition(kDraft, kAnnounced);
    Transition(kAnnounced, kOpen);
  }

  void CheckIn(int voter, std::vector<std::string> forms) {
    Accept(CheckedInEntry(next(), voter, std::move(forms)));
  }

  void Cast(int voter, v1::Ballot ballot) {
    Accept(BallotCastEntry(next(), voter, std::move(ballot)));
  }

  uint64_t next() const { return state_.size(); }

  MeetingState state_;
  std::vector<v1::Entry> entries_;  // accepted, in order
};

// ---- Entry 0 and the envelope ----------------------------------------------

TEST_F(MeetingStateTest, StartsEmpty) {
  EXPECT_EQ(state_.size(), 0u);
  EXPECT_EQ(state_.status(), v1::MEETING_STATUS_UNSPECIFIED);
  EXPECT_EQ(state_.meeting_id(), "");
  EXPECT_EQ(state_.last_count(), nullptr);
  EXPECT_THAT(state_.Count(0), StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(MeetingStateTest, CountCoversExactlyTheEntriesApplied) {
  Open();
  ASSERT_OK_AND_ASSIGN(v1::TallyResult result, state_.Count(3));
  EXPECT_EQ(result.ledger_size(), 3u);
  EXPECT_THAT(state_.Count(2), StatusIs(absl::StatusCode::kFailedPrecondition,
                                        HasSubstr("covers entries [0, 3), not [0, 2)")));
  EXPECT_THAT(state_.Count(4), StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(MeetingStateTest, MeetingCreatedStartsADraft) {
  Accept(MeetingCreatedEntry());
  EXPECT_EQ(state_.size(), 1u);
  EXPECT_EQ(state_.status(), kDraft);
  EXPECT_EQ(state_.meeting_id(), "m-2024-01");
  EXPECT_EQ(state_.roll_size(), 10u);
  EXPECT_EQ(state_.spec().forms_size(), 2);
  EXPECT_FALSE(state_.has_roll());
}

TEST_F(MeetingStateTest, CheckDoesNotApply) {
  ASSERT_OK(state_.Check(MeetingCreatedEntry()));
  EXPECT_EQ(state_.size(), 0u);
  EXPECT_EQ(state_.status(), v1::MEETING_STATUS_UNSPECIFIED);
}

TEST_F(MeetingStateTest, FirstEntryMustBeMeetingCreated) {
  ExpectRefused(StateChangedEntry(0, v1::MEETING_STATUS_UNSPECIFIED, kDraft),
                absl::StatusCode::kFailedPrecondition, "entry 0 must be meeting_created",
                "got state_changed");
}

TEST_F(MeetingStateTest, MeetingCreatedRefusesInvalidSpec) {
  v1::MeetingSpec spec = SampleSpec(kBothPolicies);
  spec.mutable_forms(0)->mutable_questions(1)->mutable_approval()->set_seats(0);
  ExpectRefused(MeetingCreatedEntry(spec), absl::StatusCode::kInvalidArgument,
                "spec.forms[0].questions[1].approval.seats: ");
}

TEST_F(MeetingStateTest, MeetingCreatedRefusesBadRollSizeOrDigest) {
  ExpectRefused(MeetingCreatedEntry(SampleSpec(kBothPolicies), 0),
                absl::StatusCode::kInvalidArgument, "meeting_created.roll_size: ", "got 0");
  ExpectRefused(MeetingCreatedEntry(SampleSpec(kBothPolicies), 200001),
                absl::StatusCode::kInvalidArgument, "meeting_created.roll_size: ", "got 200001");
  v1::Entry entry = MeetingCreatedEntry();
  entry.mutable_meeting_created()->set_roll_digest(std::string(31, 'd'));
  ExpectRefused(entry, absl::StatusCode::kInvalidArgument,
                "meeting_created.roll_digest: ", "32 bytes (got 31)");
}

TEST_F(MeetingStateTest, MeetingCreatedRefusesInvalidMeetingId) {
  v1::Entry entry = MeetingCreatedEntry();
  entry.set_meeting_id("../m1");
  ExpectRefused(entry, absl::StatusCode::kInvalidArgument, "entry.meeting_id: ");
}

TEST_F(MeetingStateTest, MeetingCreatedOnlyAsEntryZero) {
  Accept(MeetingCreatedEntry());
  v1::Entry again = MeetingCreatedEntry();
  again.set_seq(1);
  ExpectRefused(again, absl::StatusCode::kFailedPrecondition,
                "meeting_created: ", "only allowed as entry 0");
}

TEST_F(MeetingStateTest, RefusesEntryOutOfSequence) {
  Accept(MeetingCreatedEntry());
  ExpectRefused(StateChangedEntry(2, kDraft, kAnnounced), absl::StatusCode::kFailedPrecondition,
                "entry.seq: ", "expected 1");
  ExpectRefused(StateChangedEntry(0, kDraft, kAnnounced), absl::StatusCode::kFailedPrecondition,
                "entry.seq: ", "got 0");
}

TEST_F(MeetingStateTest, RefusesEntryOfAnotherMeeting) {
  Accept(MeetingCreatedEntry());
  v1::Entry entry = StateChangedEntry(1, kDraft, kAnnounced);
  entry.set_meeting_id("m-other");
  ExpectRefused(entry, absl::StatusCode::kInvalidArgument,
                "entry.meeting_id: ", "\"m-other\" is not this meeting (m-2024-01)");
}

TEST_F(MeetingStateTest, RefusesEntryWithoutBody) {
  Accept(MeetingCreatedEntry());
  ExpectRefused(EntryAt(1), absl::StatusCode::kInvalidArgument, "entry: ", "no body");
}

// ---- Lifecycle -------------------------------------------------------------

TEST_F(MeetingStateTest, LifecycleMovesForwardOneStepAtATime) {
  Create();
  Transition(kDraft, kAnnounced);
  EXPECT_EQ(state_.status(), kAnnounced);
  Transition(kAnnounced, kOpen);
  EXPECT_EQ(state_.status(), kOpen);
  Transition(kOpen, kClosed);
  EXPECT_EQ(state_.status(), kClosed);
  ASSERT_OK_AND_ASSIGN(v1::TallyResult result, state_.Count(next()));
  Accept(CountRecordedEntry(next(), result));
  EXPECT_EQ(state_.status(), kCounted);
  Transition(kCounted, kPublished);
  EXPECT_EQ(state_.status(), kPublished);
  EXPECT_EQ(state_.size(), 6u);
}

TEST_F(MeetingStateTest, TransitionsOutOfOrderAreRefused) {
  Create();
  ExpectRefused(
      StateChangedEntry(1, kDraft, kOpen), absl::StatusCode::kFailedPrecondition,
      "state_changed.to: ", "cannot go from DRAFT to OPEN (the next status is ANNOUNCED)");
  ExpectRefused(StateChangedEntry(1, kAnnounced, kOpen), absl::StatusCode::kFailedPrecondition,
                "state_changed.from: ", "meeting is DRAFT, not ANNOUNCED");
  Transition(kDraft, kAnnounced);
  ExpectRefused(StateChangedEntry(2, kAnnounced, kDraft), absl::StatusCode::kFailedPrecondition,
                "state_changed.to: ", "cannot go from ANNOUNCED to DRAFT");
  ExpectRefused(StateChangedEntry(2, kAnnounced, kAnnounced), absl::StatusCode::kFailedPrecondition,
                "state_changed.to: ");
  ExpectRefused(StateChangedEntry(2, kAnnounced, static_cast<v1::MeetingStatus>(42)),
                absl::StatusCode::kFailedPrecondition, "state_changed.to: ", "status 42");
}

TEST_F(MeetingStateTest, ClosedMeetingMovesOnOnlyByACount) {
  Open();
  Transition(kOpen, kClosed);
  ExpectRefused(StateChangedEntry(next(), kClosed, kCounted), absl::StatusCode::kFailedPrecondition,
                "state_changed.to: ", "only a count_recorded entry");
}

TEST_F(MeetingStateTest, PublishedIsFinal) {
  Open();
  Transition(kOpen, kClosed);
  ASSERT_OK_AND_ASSIGN(v1::TallyResult result, state_.Count(next()));
  Accept(CountRecordedEntry(next(), result));
  Transition(kCounted, kPublished);
  ExpectRefused(StateChangedEntry(next(), kPublished, kDraft),
                absl::StatusCode::kFailedPrecondition, "state_changed.to: ", "PUBLISHED is final");
}

// ---- Check-in --------------------------------------------------------------

TEST_F(MeetingStateTest, CheckInRequiresOpenMeeting) {
  Create();
  Transition(kDraft, kAnnounced);
  ExpectRefused(CheckedInEntry(next(), 1, kLeaderForms), absl::StatusCode::kFailedPrecondition,
                "checked_in: ", "meeting is ANNOUNCED, not OPEN");
  Transition(kAnnounced, kOpen);
  Transition(kOpen, kClosed);
  ExpectRefused(CheckedInEntry(next(), 1, kLeaderForms), absl::StatusCode::kFailedPrecondition,
                "checked_in: ", "meeting is CLOSED, not OPEN");
}

TEST_F(MeetingStateTest, CheckInRecordsTheFormsIssued) {
  Open();
  CheckIn(1, {"panel", "rec"});
  CheckIn(5, kStaffForms);
  EXPECT_EQ(state_.checked_in_count(), 2u);
  EXPECT_TRUE(state_.IsCheckedIn(Commitment(1)));
  EXPECT_FALSE(state_.IsCheckedIn(Commitment(2)));
  EXPECT_THAT(state_.CheckedInForms(Commitment(1)), ElementsAre("rec", "panel"));
  EXPECT_THAT(state_.CheckedInForms(Commitment(5)), ElementsAre("rec"));
  EXPECT_THAT(state_.CheckedInForms(Commitment(2)), IsEmpty());
  EXPECT_EQ(state_.issued("rec"), 2u);
  EXPECT_EQ(state_.issued("panel"), 1u);
  EXPECT_EQ(state_.issued("nope"), 0u);
}

TEST_F(MeetingStateTest, CheckInRefusesMalformedCommitment) {
  Open();
  v1::Entry entry = CheckedInEntry(next(), 1, kLeaderForms);
  entry.mutable_checked_in()->set_voter_commitment(std::string(31, 'c'));
  ExpectRefused(entry, absl::StatusCode::kInvalidArgument,
                "checked_in.voter_commitment: ", "32 bytes (got 31)");
}

TEST_F(MeetingStateTest, CheckInRefusesSecondCheckIn) {
  Open();
  CheckIn(1, kLeaderForms);
  ExpectRefused(CheckedInEntry(next(), 1, {"rec"}), absl::StatusCode::kAlreadyExists,
                "checked_in.voter_commitment: ", "already checked in");
}

TEST_F(MeetingStateTest, CheckInRefusesBadFormLists) {
  Open();
  ExpectRefused(CheckedInEntry(next(), 1, {}), absl::StatusCode::kInvalidArgument,
                "checked_in.form_ids: ", "at least one");
  ExpectRefused(CheckedInEntry(next(), 1, {"rec", "nope"}), absl::StatusCode::kNotFound,
                "checked_in.form_ids[1]: ", "unknown form \"nope\"");
  ExpectRefused(CheckedInEntry(next(), 1, {"rec", "panel", "rec"}),
                absl::StatusCode::kInvalidArgument,
                "checked_in.form_ids[2]: ", "form rec listed twice");
}

TEST_F(MeetingStateTest, CheckInRefusesUndeclaredGroup) {
  Open();
  v1::Entry entry = CheckedInEntry(next(), 1, kLeaderForms);
  entry.mutable_checked_in()->set_group("public");
  ExpectRefused(entry, absl::StatusCode::kInvalidArgument, "checked_in.group: ", "\"public\"");
}

TEST_F(MeetingStateTest, CheckInRefusesFormNotGivenToTheGroup) {
  Open();
  ExpectRefused(CheckedInEntry(next(), 5, {"rec", "panel"}), absl::StatusCode::kInvalidArgument,
                "checked_in.form_ids[1]: ", "form panel is not given to group staff");
}

TEST_F(MeetingStateTest, CheckInIssuesNamedAndAnonymousFormsTogether) {
  v1::MeetingSpec spec = SampleSpec(kBothPolicies);
  spec.mutable_forms(1)->set_mode(v1::FORM_MODE_ANONYMOUS);
  Open(spec);
  CheckIn(1, kLeaderForms);
  EXPECT_EQ(state_.issued(spec.forms(1).id()), 1u);
}

TEST_F(MeetingStateTest, GenesisNeedsATokenKeyPerAnonymousForm) {
  v1::MeetingSpec spec = SampleSpec(kBothPolicies);
  spec.mutable_forms(1)->set_mode(v1::FORM_MODE_ANONYMOUS);
  v1::Entry entry = MeetingCreatedEntry(spec);
  entry.mutable_meeting_created()->clear_token_keys();
  ExpectRefused(entry, absl::StatusCode::kInvalidArgument, "meeting_created.token_keys[0]: ",
                "missing");
  entry = MeetingCreatedEntry(SampleSpec(kBothPolicies));
  entry.mutable_meeting_created()->add_token_keys()->set_form_id("rec");
  ExpectRefused(entry, absl::StatusCode::kInvalidArgument, "meeting_created.token_keys[0]: ",
                "names no anonymous form");
}

// ---- Anonymous ballots (rule: ballots ≤ check-ins, each token once) --------

v1::Entry AnonymousEntry(uint64_t seq, const v1::Ballot& ballot, const std::string& token) {
  v1::AnonymousBallot record;
  record.set_form_id(ballot.form_id());
  record.set_token_message(token);
  record.set_token_signature("signature");
  *record.mutable_ballot() = ballot;
  v1::Entry entry;
  entry.set_meeting_id(std::string(::gongxin::testing::kSampleMeetingId));
  entry.set_seq(seq);
  entry.set_anonymous_ballot(record.SerializeAsString());
  return entry;
}

TEST_F(MeetingStateTest, AnonymousBallotsAreCountedOncePerTokenAndNeverExceedCheckIns) {
  v1::MeetingSpec spec = SampleSpec(kBothPolicies);
  spec.mutable_forms(1)->set_mode(v1::FORM_MODE_ANONYMOUS);
  Open(spec);
  CheckIn(1, kLeaderForms);
  CheckIn(2, kLeaderForms);
  const std::string form = spec.forms(1).id();
  Accept(AnonymousEntry(next(), MakeBallot(form, {}), "token-a"));
  EXPECT_EQ(state_.returned(form), 1u);
  ExpectRefused(AnonymousEntry(next(), MakeBallot(form, {}), "token-a"),
                absl::StatusCode::kAlreadyExists, "anonymous_ballot.token_message: ", "spent");
  Accept(AnonymousEntry(next(), MakeBallot(form, {}), "token-b"));
  ExpectRefused(AnonymousEntry(next(), MakeBallot(form, {}), "token-c"),
                absl::StatusCode::kFailedPrecondition, "anonymous_ballot: ", "2 check-ins");
}

TEST_F(MeetingStateTest, AnonymousBallotRefusedOnANamedFormOrWhenClosed) {
  v1::MeetingSpec spec = SampleSpec(kBothPolicies);
  spec.mutable_forms(1)->set_mode(v1::FORM_MODE_ANONYMOUS);
  Open(spec);
  CheckIn(1, kLeaderForms);
  ExpectRefused(AnonymousEntry(next(), MakeBallot("rec", {}), "t"),
                absl::StatusCode::kInvalidArgument, "anonymous_ballot.form_id: ", "named");
  v1::Entry garbage = AnonymousEntry(next(), MakeBallot("rec", {}), "t");
  garbage.set_anonymous_ballot("\xff\xff");
  ExpectRefused(garbage, absl::StatusCode::kInvalidArgument, "anonymous_ballot: ",
                "does not parse");
  Transition(kOpen, kClosed);
  ExpectRefused(AnonymousEntry(next(), MakeBallot(spec.forms(1).id(), {}), "t"),
                absl::StatusCode::kFailedPrecondition, "anonymous_ballot: ", "CLOSED");
}

// The urn joins the chain at the close as one run (server/meeting.h), which
// may span several store batches: once its first ballot is on the chain, the
// meeting is closing and nothing but the rest of the run and the close may
// follow — whether the server stopped half-way or not.
TEST_F(MeetingStateTest, OnceTheUrnJoinsTheChainOnlyItsBallotsAndTheCloseMayFollow) {
  v1::MeetingSpec spec = SampleSpec(kBothPolicies);
  spec.mutable_forms(1)->set_mode(v1::FORM_MODE_ANONYMOUS);
  Open(spec);
  CheckIn(1, kLeaderForms);
  CheckIn(2, kLeaderForms);
  const std::string form = spec.forms(1).id();
  EXPECT_FALSE(state_.closing());
  Accept(AnonymousEntry(next(), MakeBallot(form, {}), "token-a"));
  EXPECT_TRUE(state_.closing());
  ExpectRefused(BallotCastEntry(next(), 1, MakeBallot("rec", {})),
                absl::StatusCode::kFailedPrecondition, "ballot_cast: ", "closing");
  ExpectRefused(CheckedInEntry(next(), 3, {"rec"}), absl::StatusCode::kFailedPrecondition,
                "checked_in: ", "closing");
  Accept(AnonymousEntry(next(), MakeBallot(form, {}), "token-b"));
  Transition(kOpen, kClosed);
  EXPECT_FALSE(state_.closing());
}

// ---- Token keys per group (rule A3; tally/token_keys.h) ---------------------

// `entry` with the token keys of form `form` replaced by keys for `groups`.
v1::Entry WithKeys(v1::Entry entry, const std::string& form,
                   const std::vector<std::string>& groups) {
  v1::MeetingCreated* body = entry.mutable_meeting_created();
  std::vector<v1::TokenKey> keys;
  for (const v1::TokenKey& k : body->token_keys()) {
    if (k.form_id() != form) keys.push_back(k);
  }
  body->clear_token_keys();
  for (v1::TokenKey& k : keys) *body->add_token_keys() = std::move(k);
  for (const std::string& g : groups) {
    v1::TokenKey* k = body->add_token_keys();
    k->set_form_id(form);
    k->set_group(g);
    k->set_public_key_der("test-only key " + form + "/" + g);
  }
  return entry;
}

v1::Entry AnonymousEntryOfGroup(uint64_t seq, const v1::Ballot& ballot, const std::string& token,
                                const std::string& group) {
  v1::Entry entry = AnonymousEntry(seq, ballot, token);
  v1::AnonymousBallot record;
  EXPECT_TRUE(record.ParseFromString(entry.anonymous_ballot()));
  record.set_group(group);
  entry.set_anonymous_ballot(record.SerializeAsString());
  return entry;
}

// The sample with its assessment form, groups of 3 counted alone: leaders (4 on the roll)
// and staff (6) each get a key for "assess".
v1::MeetingSpec PerGroupSpec() {
  v1::MeetingSpec spec = SampleSpec(kBothPoliciesAndAssessment);
  spec.set_min_group_size(3);
  return spec;
}

TEST_F(MeetingStateTest, GenesisTokenKeysNameGroupsOfTheFormInSpecOrderThenTheSharedKey) {
  const v1::MeetingSpec spec = PerGroupSpec();
  const v1::Entry base = MeetingCreatedEntry(spec);
  ASSERT_OK(state_.Check(WithKeys(base, "assess", {"leaders", "staff"})));
  ASSERT_OK(state_.Check(WithKeys(base, "assess", {"staff", ""})));
  ExpectRefused(WithKeys(base, "assess", {"staff", "leaders"}),
                absl::StatusCode::kInvalidArgument, "meeting_created.token_keys[1].group: ",
                "out of spec order");
  ExpectRefused(WithKeys(base, "assess", {"leaders", "leaders"}),
                absl::StatusCode::kInvalidArgument, "meeting_created.token_keys[1].group: ",
                "repeats");
  ExpectRefused(WithKeys(base, "assess", {"", "staff"}), absl::StatusCode::kInvalidArgument,
                "meeting_created.token_keys[1]: ", "shared key (empty group) must be its last");
  ExpectRefused(WithKeys(base, "assess", {"nobody"}), absl::StatusCode::kInvalidArgument,
                "meeting_created.token_keys[0].group: ", "not a group form assess is given to");
  // "panel" goes to leaders only: a staff key is refused.
  v1::MeetingSpec panel = SampleSpec(kBothPolicies);
  panel.mutable_forms(1)->set_mode(v1::FORM_MODE_ANONYMOUS);
  ExpectRefused(WithKeys(MeetingCreatedEntry(panel), "panel", {"staff"}),
                absl::StatusCode::kInvalidArgument, "meeting_created.token_keys[0].group: ",
                "not a group form panel is given to");
}

TEST_F(MeetingStateTest, A3SetRollRefusesAKeyForAGroupTooSmallToBeCountedAlone) {
  // Default minimum 5: leaders (4) may not have a key; with staff (6) alone
  // the shared key would hold 4, so one shared key is all the roll allows.
  Accept(WithKeys(MeetingCreatedEntry(SampleSpec(kBothPoliciesAndAssessment)),
                  "assess", {"leaders", "staff"}));
  ASSERT_OK_AND_ASSIGN(Roll roll, Roll::Create(SampleRoll(), state_.spec()));
  EXPECT_THAT(state_.SetRoll(roll),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("meeting_created.token_keys: form assess has keys for "
                                       "[leaders, staff]"),
                             HasSubstr("must have keys for [(shared)]"))));
  EXPECT_FALSE(state_.has_roll());
}

TEST_F(MeetingStateTest, A3AnonymousBallotsCountUnderTheirKeysGroup) {
  Accept(WithKeys(MeetingCreatedEntry(PerGroupSpec()), "assess", {"leaders", "staff"}));
  SetRoll();
  Transition(kDraft, kAnnounced);
  Transition(kAnnounced, kOpen);
  for (int voter : {1, 2, 3}) CheckIn(voter, {"assess"});
  for (int voter : {5, 6, 7}) CheckIn(voter, {"assess"});
  EXPECT_EQ(state_.TokenKeyGroup("assess", "leaders"), "leaders");
  const v1::Ballot competent =
      MakeGradedBallot("assess", {{"competency", {{"s1", "competent"}}}});
  const v1::Ballot basic = MakeGradedBallot("assess", {{"competency", {{"s1", "basic"}}}});
  for (int i = 0; i < 3; ++i) {
    Accept(AnonymousEntryOfGroup(next(), basic, absl::StrCat("l", i), "leaders"));
    Accept(AnonymousEntryOfGroup(next(), competent, absl::StrCat("s", i), "staff"));
  }
  ASSERT_OK_AND_ASSIGN(v1::TallyResult result, state_.Count(next()));
  const v1::FormTally& ft = result.forms(2);
  ASSERT_EQ(ft.groups_size(), 2);
  EXPECT_EQ(ft.groups(0).group(), "leaders");
  EXPECT_FALSE(ft.groups(0).suppressed());
  EXPECT_EQ(ft.groups(0).returned(), 3u);
  EXPECT_EQ(ft.groups(0).questions(0).subjects(0).grades(1).count(), 3u);  // basic
  EXPECT_EQ(ft.groups(1).questions(0).subjects(0).grades(0).count(), 3u);  // competent
  EXPECT_EQ(ft.questions(0).subjects(0).grades(0).count(), 3u);
}

TEST_F(MeetingStateTest, A3AnonymousBallotRefusedUnderAKeyItsFormLacksOrPastTheKeysCheckIns) {
  Accept(WithKeys(MeetingCreatedEntry(PerGroupSpec()), "assess", {"leaders", "staff"}));
  SetRoll();
  Transition(kDraft, kAnnounced);
  Transition(kAnnounced, kOpen);
  CheckIn(1, {"assess"});
  CheckIn(5, {"assess"});
  CheckIn(6, {"assess"});
  const v1::Ballot ballot = MakeGradedBallot("assess", {});
  ExpectRefused(AnonymousEntryOfGroup(next(), ballot, "t0", ""),
                absl::StatusCode::kInvalidArgument, "anonymous_ballot.group: ",
                "has no token key for group \"\"");
  ExpectRefused(AnonymousEntryOfGroup(next(), ballot, "t0", "other"),
                absl::StatusCode::kInvalidArgument, "anonymous_ballot.group: ", "\"other\"");
  Accept(AnonymousEntryOfGroup(next(), ballot, "t1", "leaders"));
  // One leader checked in: the leaders' key signed one token.
  ExpectRefused(AnonymousEntryOfGroup(next(), ballot, "t2", "leaders"),
                absl::StatusCode::kFailedPrecondition, "anonymous_ballot: ",
                "than the 1 check-ins it signed for");
  Accept(AnonymousEntryOfGroup(next(), ballot, "t3", "staff"));
}

TEST_F(MeetingStateTest, CheckInRefusedOnceTheWholeRollIsCheckedIn) {
  Accept(MeetingCreatedEntry(SampleSpec(kBothPolicies), 2));
  Transition(kDraft, kAnnounced);
  Transition(kAnnounced, kOpen);
  CheckIn(1, kLeaderForms);
  CheckIn(2, kLeaderForms);
  ExpectRefused(CheckedInEntry(next(), 3, kLeaderForms), absl::StatusCode::kFailedPrecondition,
                "checked_in: ", "all 2 voters");
}

// ---- Casting ---------------------------------------------------------------

TEST_F(MeetingStateTest, CastFeedsTheCount) {
  Open();
  CheckIn(1, kLeaderForms);
  Cast(1, MakeBallot("panel", {{"chair", {"p2"}}}));
  EXPECT_TRUE(state_.HasCast(Commitment(1), "panel"));
  EXPECT_FALSE(state_.HasCast(Commitment(1), "rec"));
  EXPECT_FALSE(state_.HasCast(Commitment(2), "panel"));
  EXPECT_EQ(state_.cast_count(), 1u);
  EXPECT_EQ(state_.returned("panel"), 1u);
  EXPECT_EQ(state_.returned("rec"), 0u);
  ASSERT_OK_AND_ASSIGN(v1::TallyResult result, state_.Count(next()));
  EXPECT_EQ(result.forms(1).questions(0).candidates(1).votes(), 1u);
}

TEST_F(MeetingStateTest, CastRequiresOpenMeeting) {
  Open();
  CheckIn(1, kLeaderForms);
  Transition(kOpen, kClosed);
  ExpectRefused(BallotCastEntry(next(), 1, MakeBallot("panel", {{"chair", {"p1"}}})),
                absl::StatusCode::kFailedPrecondition,
                "ballot_cast: ", "meeting is CLOSED, not OPEN");
}

TEST_F(MeetingStateTest, CastRefusesVoterNotCheckedIn) {
  Open();
  CheckIn(1, kLeaderForms);
  ExpectRefused(BallotCastEntry(next(), 2, MakeBallot("rec", {})),
                absl::StatusCode::kFailedPrecondition,
                "ballot_cast.voter_commitment: ", "not checked in");
}

TEST_F(MeetingStateTest, CastRefusesFormNotReceivedAtCheckIn) {
  Open();
  CheckIn(1, {"rec"});
  ExpectRefused(BallotCastEntry(next(), 1, MakeBallot("panel", {{"chair", {"p1"}}})),
                absl::StatusCode::kFailedPrecondition,
                "ballot_cast.ballot.form_id: ", "did not receive form panel");
}

TEST_F(MeetingStateTest, CastRefusesSecondBallotForSameForm) {
  Open();
  CheckIn(1, kLeaderForms);
  Cast(1, MakeBallot("rec", {{"head", {"c1"}}}));
  ExpectRefused(BallotCastEntry(next(), 1, MakeBallot("rec", {{"head", {"c2"}}})),
                absl::StatusCode::kAlreadyExists,
                "ballot_cast.ballot.form_id: ", "voter has already cast form rec");
  Cast(1, MakeBallot("panel", {}));  // the other form is still open to the voter
}

TEST_F(MeetingStateTest, CastRefusesUnknownForm) {
  Open();
  CheckIn(1, kLeaderForms);
  ExpectRefused(BallotCastEntry(next(), 1, MakeBallot("nope", {})), absl::StatusCode::kNotFound,
                "ballot_cast.ballot.form_id: ", "unknown form \"nope\"");
}

TEST_F(MeetingStateTest, CastRefusesAnonymousForm) {
  v1::MeetingSpec spec = SampleSpec(kBothPolicies);
  spec.mutable_forms(1)->set_mode(v1::FORM_MODE_ANONYMOUS);
  Open(spec);
  CheckIn(1, {"rec"});
  ExpectRefused(BallotCastEntry(next(), 1, MakeBallot("panel", {})),
                absl::StatusCode::kInvalidArgument, "ballot_cast.ballot.form_id: ", "anonymous");
}

TEST_F(MeetingStateTest, CastRefusesMalformedCommitmentOrSignature) {
  Open();
  CheckIn(1, kLeaderForms);
  v1::Entry entry = BallotCastEntry(next(), 1, MakeBallot("rec", {}));
  entry.mutable_ballot_cast()->set_voter_commitment(std::string(33, 'c'));
  ExpectRefused(entry, absl::StatusCode::kInvalidArgument,
                "ballot_cast.voter_commitment: ", "got 33");
  entry = BallotCastEntry(next(), 1, MakeBallot("rec", {}));
  entry.mutable_ballot_cast()->clear_credential_signature();
  ExpectRefused(entry, absl::StatusCode::kInvalidArgument,
                "ballot_cast.credential_signature: ", "64 bytes (got 0)");
}

TEST_F(MeetingStateTest, CastPropagatesBallotRefusals) {
  Open();
  CheckIn(1, kLeaderForms);
  ExpectRefused(BallotCastEntry(next(), 1, MakeBallot("panel", {{"chair", {"p1", "p2"}}})),
                absl::StatusCode::kInvalidArgument,
                "ballot.answers[0]: 2 choices exceed max_choices 1 for question chair");
  ExpectRefused(BallotCastEntry(next(), 1, MakeBallot("panel", {{"chair", {"c1"}}})),
                absl::StatusCode::kNotFound,
                "ballot.answers[0].choices[0]: ", "unknown candidate \"c1\"");
  EXPECT_FALSE(state_.HasCast(Commitment(1), "panel"));
  Cast(1, MakeBallot("panel", {{"chair", {"p1"}}}));  // a corrected ballot is accepted
}

// ---- Roll and count --------------------------------------------------------

TEST_F(MeetingStateTest, SetRollRefusals) {
  ASSERT_OK_AND_ASSIGN(Roll roll, Roll::Create(SampleRoll(), SampleSpec(kBothPolicies)));
  EXPECT_THAT(state_.SetRoll(roll),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("no meeting_created")));

  Accept(MeetingCreatedEntry(SampleSpec(kBothPolicies), 9));
  EXPECT_THAT(state_.SetRoll(roll), StatusIs(absl::StatusCode::kInvalidArgument,
                                             AllOf(StartsWith("roll: "), HasSubstr("10 voters"),
                                                   HasSubstr("roll_size is 9"))));
  EXPECT_FALSE(state_.has_roll());
}

TEST_F(MeetingStateTest, SetRollRefusesGroupsTheMeetingDoesNotDeclare) {
  Accept(MeetingCreatedEntry());
  v1::MeetingSpec other = SampleSpec(kBothPolicies);
  v1::VoterGroup* extra = other.add_groups();
  extra->set_id("public");
  extra->set_name("群众");
  v1::Roll proto = SampleRoll();
  proto.mutable_voters(9)->set_group("public");
  ASSERT_OK_AND_ASSIGN(Roll roll, Roll::Create(proto, other));
  EXPECT_THAT(state_.SetRoll(roll),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("roll.voters[9].group: ")));
  EXPECT_FALSE(state_.has_roll());
}

TEST_F(MeetingStateTest, SetRollOnlyOnce) {
  Create();
  EXPECT_TRUE(state_.has_roll());
  ASSERT_OK_AND_ASSIGN(Roll roll, Roll::Create(SampleRoll(), SampleSpec(kBothPolicies)));
  EXPECT_THAT(state_.SetRoll(roll),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("already set")));
}

TEST_F(MeetingStateTest, CountNeedsTheRoll) {
  Accept(MeetingCreatedEntry());
  EXPECT_THAT(state_.Count(next()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("SetRoll")));
  Transition(kDraft, kAnnounced);
  Transition(kAnnounced, kOpen);
  Transition(kOpen, kClosed);
  v1::TallyResult result;
  result.set_ledger_size(next());
  ExpectRefused(CountRecordedEntry(next(), result), absl::StatusCode::kFailedPrecondition,
                "count: ", "SetRoll");
}

TEST_F(MeetingStateTest, CountRecordedRequiresClosedMeeting) {
  Open();
  ASSERT_OK_AND_ASSIGN(v1::TallyResult result, state_.Count(next()));
  ExpectRefused(CountRecordedEntry(next(), result), absl::StatusCode::kFailedPrecondition,
                "count_recorded: ", "meeting is OPEN, not CLOSED");
}

TEST_F(MeetingStateTest, CountRecordedRefusesWrongLedgerSize) {
  Open();
  Transition(kOpen, kClosed);
  ASSERT_OK_AND_ASSIGN(v1::TallyResult result, state_.Count(next()));
  result.set_ledger_size(next() - 1);
  ExpectRefused(CountRecordedEntry(next(), result), absl::StatusCode::kInvalidArgument,
                "count_recorded.result.ledger_size: ", "must be 4");
}

// ---- A whole meeting, every figure by hand ----------------------------------

// Ten voters (v001–v004 leaders, v005–v010 staff); v009 and v010 stay away.
// Form rec (SPOIL): v001–v007 cast, v008 checked in but did not.
//   v001 head c1,     deputy d1 d2
//   v002 head c1,     deputy d1 + 周九
//   v003 head c2,     deputy d2 + " 周九 "   (same write-in once trimmed)
//   v004 (nothing marked: both blank)
//   v005 head c1 c2 (over-vote: spoiled),    deputy d3
//   v006 head (empty answer: blank), deputy d1 d2 d3 (over-vote: spoiled)
//   v007 head c2,     deputy 吴十
// Form panel (REJECT, leaders): v001 p1, v002 p1, v003 p2; v004 tries p1+p2
//   (refused), then does not cast.
constexpr char kExpectedCount[] = R"pb(
  meeting_id: "m-2024-01"
  ledger_size: 22
  due: 10
  present: 8
  forms {
    form_id: "rec"
    due: 10
    issued: 8
    returned: 7
    questions {
      question_id: "head"
      valid: 6    # 7 returned - 1 spoiled (v005); includes 2 blank
      blank: 2    # v004, v006
      invalid: 1  # v005
      candidates { candidate_id: "c1" votes: 2 rank: 1 }  # v001 v002
      candidates { candidate_id: "c2" votes: 2 rank: 1 }  # v003 v007
      candidates { candidate_id: "c3" votes: 0 rank: 3 }
      rate_denominator: 7
      rate_basis: "returned"
    }
    questions {
      question_id: "deputy"
      valid: 6    # 7 returned - 1 spoiled (v006); includes 1 blank
      blank: 1    # v004
      invalid: 1  # v006
      candidates { candidate_id: "d1" votes: 2 rank: 1 }  # v001 v002
      candidates { candidate_id: "d2" votes: 2 rank: 1 }  # v001 v003
      candidates { candidate_id: "d3" votes: 1 rank: 4 }  # v005 (one ranking with write-ins)
      write_ins { name: "周九" votes: 2 rank: 1 }         # v002 v003
      write_ins { name: "吴十" votes: 1 rank: 4 }         # v007
      rate_denominator: 7
      rate_basis: "returned"
    }
  }
  forms {
    form_id: "panel"
    due: 4
    issued: 4
    returned: 3
    questions {
      question_id: "chair"
      valid: 3
      candidates { candidate_id: "p1" votes: 2 rank: 1 }
      candidates { candidate_id: "p2" votes: 1 rank: 2 }
      rate_denominator: 3
      rate_basis: "returned"
    }
  }
)pb";

class FullMeetingTest : public MeetingStateTest {
 protected:
  // Runs the meeting above up to and including closing (entries 0–20).
  void RunToClose() {
    Open();                                                                        // 0–2
    for (int v = 1; v <= 4; ++v) CheckIn(v, kLeaderForms);                         // 3–6
    for (int v = 5; v <= 8; ++v) CheckIn(v, kStaffForms);                          // 7–10
    Cast(1, MakeBallot("rec", {{"head", {"c1"}}, {"deputy", {"d1", "d2"}}}));  // 11
    Cast(2, MakeBallot("rec", {{"head", {"c1"}}, {"deputy", {"d1"}, {"周九"}}}));
    Cast(3, MakeBallot("rec", {{"deputy", {"d2"}, {" 周九 "}}, {"head", {"c2"}}}));
    Cast(4, MakeBallot("rec", {}));
    Cast(5, MakeBallot("rec", {{"head", {"c1", "c2"}}, {"deputy", {"d3"}}}));
    Cast(6, MakeBallot("rec", {{"head", {}}, {"deputy", {"d1", "d2", "d3"}}}));
    Cast(7, MakeBallot("rec", {{"head", {"c2"}}, {"deputy", {}, {"吴十"}}}));  // 17
    Cast(1, MakeBallot("panel", {{"chair", {"p1"}}}));                              // 18
    Cast(2, MakeBallot("panel", {{"chair", {"p1"}}}));
    Cast(3, MakeBallot("panel", {{"chair", {"p2"}}}));  // 20
    ExpectRefused(BallotCastEntry(next(), 4, MakeBallot("panel", {{"chair", {"p1", "p2"}}})),
                  absl::StatusCode::kInvalidArgument, "ballot.answers[0]: ", "exceed");
    Transition(kOpen, kClosed);  // 21
  }
};

TEST_F(FullMeetingTest, CountsEveryFigureByHand) {
  RunToClose();
  EXPECT_EQ(state_.checked_in_count(), 8u);
  EXPECT_EQ(state_.cast_count(), 10u);
  ASSERT_OK_AND_ASSIGN(v1::TallyResult result, state_.Count(next()));
  EXPECT_EQ(FirstDifference(RawCounts(result), ParseText<v1::TallyResult>(kExpectedCount)),
            std::nullopt);

  Accept(CountRecordedEntry(next(), result));  // 22
  EXPECT_EQ(state_.status(), kCounted);
  ASSERT_NE(state_.last_count(), nullptr);
  EXPECT_EQ(FirstDifference(*state_.last_count(), result), std::nullopt);
  Transition(kCounted, kPublished);  // 23
  EXPECT_EQ(state_.size(), 24u);
}

TEST_F(FullMeetingTest, CountRecordedWithATamperedFigureIsRefusedNamingTheField) {
  RunToClose();
  ASSERT_OK_AND_ASSIGN(v1::TallyResult result, state_.Count(next()));
  v1::TallyResult tampered = result;
  tampered.mutable_forms(0)->mutable_questions(0)->mutable_candidates(2)->set_votes(1);
  ExpectRefused(CountRecordedEntry(next(), tampered), absl::StatusCode::kInvalidArgument,
                "count_recorded.result differs from the recount: "
                "forms[0].questions[0].candidates[2].votes 1 != 0");

  tampered = result;
  tampered.mutable_forms(1)->set_returned(4);
  ExpectRefused(CountRecordedEntry(next(), tampered), absl::StatusCode::kInvalidArgument,
                "count_recorded.result differs from the recount: forms[1].returned 4 != 3");

  tampered = result;
  tampered.mutable_forms(0)->mutable_questions(1)->mutable_write_ins()->RemoveLast();
  ExpectRefused(CountRecordedEntry(next(), tampered), absl::StatusCode::kInvalidArgument,
                "count_recorded.result differs from the recount: "
                "forms[0].questions[1].write_ins[1] (absent) != ");

  EXPECT_EQ(state_.status(), kClosed);
  EXPECT_EQ(state_.last_count(), nullptr);
  Accept(CountRecordedEntry(next(), result));  // the honest count still goes through
}

// Rules S-10, S-11: a named ballot counts under the group of its voter's
// check-in; every group here is under 5 ballots, so only the turnout shows.
TEST_F(FullMeetingTest, CountsNamedBallotsUnderTheGroupOfTheirCheckIn_S11) {
  RunToClose();
  ASSERT_OK_AND_ASSIGN(v1::TallyResult result, state_.Count(next()));
  const v1::FormTally& rec = result.forms(0);
  ASSERT_EQ(rec.groups_size(), 2);
  EXPECT_EQ(rec.groups(0).group(), "leaders");
  EXPECT_EQ(rec.groups(0).due(), 4u);
  EXPECT_EQ(rec.groups(0).issued(), 4u);
  EXPECT_EQ(rec.groups(0).returned(), 4u);  // v001–v004
  EXPECT_EQ(rec.groups(1).group(), "staff");
  EXPECT_EQ(rec.groups(1).due(), 6u);
  EXPECT_EQ(rec.groups(1).issued(), 4u);
  EXPECT_EQ(rec.groups(1).returned(), 3u);  // v005–v007
  for (const v1::GroupTally& g : rec.groups()) {
    EXPECT_TRUE(g.suppressed()) << g.group();
    EXPECT_TRUE(g.questions().empty()) << g.group();
  }
  // Rule A4: 8 of 10 present, ⌈20/3⌉ = 7 required.
  EXPECT_EQ(rec.validity().quorum_required(), 7u);
  EXPECT_TRUE(rec.validity().valid());
}

// What the verifier recomputes includes validity and flags: a recorded
// count that claims otherwise is refused.
TEST_F(FullMeetingTest, CountRecordedWithATamperedValidityIsRefused_A4) {
  RunToClose();
  ASSERT_OK_AND_ASSIGN(v1::TallyResult result, state_.Count(next()));
  v1::TallyResult tampered = result;
  tampered.mutable_forms(0)->mutable_validity()->set_valid(false);
  ExpectRefused(CountRecordedEntry(next(), tampered), absl::StatusCode::kInvalidArgument,
                "count_recorded.result differs from the recount: forms[0].validity.valid");
  tampered = result;
  v1::Flag* flag = tampered.mutable_forms(0)->mutable_questions(0)->add_flags();
  flag->set_rule_id("S-1a");
  ExpectRefused(CountRecordedEntry(next(), tampered), absl::StatusCode::kInvalidArgument,
                "count_recorded.result differs from the recount: forms[0].questions[0].flags[0]");
  Accept(CountRecordedEntry(next(), result));
}

TEST_F(FullMeetingTest, ReplayReachesTheSameState) {
  RunToClose();
  ASSERT_OK_AND_ASSIGN(v1::TallyResult result, state_.Count(next()));
  Accept(CountRecordedEntry(next(), result));
  Transition(kCounted, kPublished);

  // What the offline verifier does with an export.
  MeetingState replay;
  ASSERT_OK(replay.Apply(entries_[0]));
  ASSERT_OK_AND_ASSIGN(Roll roll, Roll::Create(SampleRoll(), replay.spec()));
  ASSERT_OK(replay.SetRoll(roll));
  for (size_t i = 1; i < entries_.size(); ++i) ASSERT_OK(replay.Apply(entries_[i])) << i;
  EXPECT_EQ(Take(replay), Take(state_));
  ASSERT_NE(replay.last_count(), nullptr);
  EXPECT_EQ(FirstDifference(*replay.last_count(), result), std::nullopt);
}

TEST_F(FullMeetingTest, ReplayWithBallotsInAnotherOrderGivesAnIdenticalCount) {
  RunToClose();
  ASSERT_OK_AND_ASSIGN(const v1::TallyResult reference, state_.Count(next()));
  // Entries 0–10 set up and check in; 11–20 are the casts; 21 closes.
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    std::vector<v1::Entry> entries = entries_;
    std::shuffle(entries.begin() + 11, entries.begin() + 21, rng);
    MeetingState replay;
    ASSERT_OK(replay.Apply(entries[0]));
    ASSERT_OK_AND_ASSIGN(Roll roll, Roll::Create(SampleRoll(), replay.spec()));
    ASSERT_OK(replay.SetRoll(roll));
    for (size_t i = 1; i < entries.size(); ++i) {
      entries[i].set_seq(i);
      ASSERT_OK(replay.Apply(entries[i])) << i;
    }
    ASSERT_OK_AND_ASSIGN(const v1::TallyResult count, replay.Count(replay.size()));
    EXPECT_EQ(FirstDifference(reference, count), std::nullopt) << "round " << round;
    EXPECT_EQ(count.SerializeAsString(), reference.SerializeAsString()) << "round " << round;
  }
}

}  // namespace
}  // namespace gongxin::tally
