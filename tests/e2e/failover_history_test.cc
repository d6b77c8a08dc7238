// The failover history checker on hand-made histories: it accepts what a
// lost answer can legitimately produce and names the voter of every
// contradiction.
#include "tests/e2e/failover_history.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "grpcpp/support/status.h"
#include "gtest/gtest.h"

namespace gongxin::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr int kOk = 0;
const int kUnavailable = static_cast<int>(grpc::StatusCode::UNAVAILABLE);
const int kDeadline = static_cast<int>(grpc::StatusCode::DEADLINE_EXCEEDED);
const int kAlready = static_cast<int>(grpc::StatusCode::ALREADY_EXISTS);
const int kPrecondition = static_cast<int>(grpc::StatusCode::FAILED_PRECONDITION);

FailoverAttempt HistoryCheckIn(const std::string& voter, int code, int64_t at_ms) {
  FailoverAttempt a;
  a.at_us = at_ms * 1000;
  a.voter = voter;
  a.op = FailoverOp::kCheckIn;
  a.code = code;
  if (code == kOk) a.ballot_key = "key-" + voter;
  return a;
}
FailoverAttempt HistoryCast(const std::string& voter, int code, int64_t at_ms, uint64_t seq = 0) {
  FailoverAttempt a;
  a.at_us = at_ms * 1000;
  a.voter = voter;
  a.op = FailoverOp::kCast;
  a.code = code;
  a.ballot_key = "key-" + voter;
  if (code == kOk) {
    a.seq = seq;
    a.entry_hash = "hash-" + std::to_string(seq);
  }
  if (code == kAlready) a.message = "ballot_cast.ballot.form_id: voter has already cast form rec";
  return a;
}
void HistoryExports(ExportBallots* e, const std::string& voter, uint64_t seq) {
  e->by_key["key-" + voter].push_back({seq, "hash-" + std::to_string(seq), voter});
  ++e->total;
}

TEST(FailoverHistoryTest, AcceptsALostAnswerWhoseCastLandedAndTheAlreadyVotedRetry) {
  const std::vector<FailoverAttempt> history = {
      HistoryCheckIn("v001", kOk, 1), HistoryCast("v001", kOk, 2, 5),
      HistoryCheckIn("v002", kDeadline, 3), HistoryCheckIn("v002", kOk, 4),
      HistoryCast("v002", kUnavailable, 5), HistoryCast("v002", kAlready, 6),
      // Lost and never landed: nothing of it in the export, and that is fine.
      HistoryCheckIn("v003", kOk, 7), HistoryCast("v003", kDeadline, 8),
      HistoryCast("v003", kOk, 9, 9)};
  ExportBallots exported;
  HistoryExports(&exported, "v001", 5);
  HistoryExports(&exported, "v002", 7);
  HistoryExports(&exported, "v003", 9);
  const HistoryVerdict v = CheckFailoverHistory(history, exported);
  EXPECT_THAT(v.problems, IsEmpty());
  EXPECT_EQ(v.acknowledged, 2u);
  EXPECT_EQ(v.landed_unacknowledged, 1u);
  EXPECT_EQ(v.already_voted, 1u);
  EXPECT_EQ(v.indeterminate, 3u);
}

TEST(FailoverHistoryTest, NamesAnAcknowledgedCastMissingFromTheExport) {
  const std::vector<FailoverAttempt> history = {HistoryCheckIn("v001", kOk, 1),
                                                HistoryCast("v001", kOk, 2, 5)};
  const HistoryVerdict v = CheckFailoverHistory(history, {});
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_THAT(v.problems[0], HasSubstr("voter v001: acknowledged (receipt seq 5) but not in "
                                       "the export"));
  EXPECT_THAT(v.problems[0], HasSubstr("cast    replica 0 code 0"));  // the history line
}

TEST(FailoverHistoryTest, NamesABallotCountedTwice) {
  const std::vector<FailoverAttempt> history = {HistoryCheckIn("v001", kOk, 1),
                                                HistoryCast("v001", kDeadline, 2),
                                                HistoryCast("v001", kOk, 3, 6)};
  ExportBallots exported;
  HistoryExports(&exported, "v001", 5);
  HistoryExports(&exported, "v001", 6);
  const HistoryVerdict v = CheckFailoverHistory(history, exported);
  ASSERT_FALSE(v.problems.empty());
  EXPECT_THAT(v.problems[0], HasSubstr("voter v001: in the export 2 times (seq 5 6)"));
}

TEST(FailoverHistoryTest, NamesAVoterAcknowledgedTwice) {
  const std::vector<FailoverAttempt> history = {HistoryCheckIn("v001", kOk, 1),
                                                HistoryCast("v001", kOk, 2, 5),
                                                HistoryCast("v001", kOk, 3, 5)};
  ExportBallots exported;
  HistoryExports(&exported, "v001", 5);
  const HistoryVerdict v = CheckFailoverHistory(history, exported);
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_THAT(v.problems[0], HasSubstr("voter v001: acknowledged 2 times"));
}

TEST(FailoverHistoryTest, NamesAlreadyVotedWithoutABallotInTheExport) {
  const std::vector<FailoverAttempt> history = {HistoryCheckIn("v001", kOk, 1),
                                                HistoryCast("v001", kAlready, 2)};
  const HistoryVerdict v = CheckFailoverHistory(history, {});
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_THAT(v.problems[0], HasSubstr("voter v001: refused as already voted at 2.000 ms, but "
                                       "no ballot of the voter is in the export"));
}

TEST(FailoverHistoryTest, NamesARefusalOnStaleState) {
  FailoverAttempt stale = HistoryCast("v001", kPrecondition, 2);
  stale.message = "ballot_cast.voter_commitment: voter is not checked in";
  stale.replica = 2;
  const std::vector<FailoverAttempt> history = {HistoryCheckIn("v001", kOk, 1), stale};
  const HistoryVerdict v = CheckFailoverHistory(history, {});
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_THAT(v.problems[0], HasSubstr("voter v001: refused at 2.000 ms by replica 2 with code "
                                       "9: ballot_cast.voter_commitment: voter is not checked "
                                       "in"));
}

TEST(FailoverHistoryTest, NamesAReceiptThatPointsElsewhereThanTheExport) {
  const std::vector<FailoverAttempt> history = {HistoryCheckIn("v001", kOk, 1),
                                                HistoryCast("v001", kOk, 2, 5)};
  ExportBallots exported;
  HistoryExports(&exported, "v001", 8);
  const HistoryVerdict v = CheckFailoverHistory(history, exported);
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_THAT(v.problems[0], HasSubstr("the receipt names seq 5 entry hash-5 but the export "
                                       "has this voter's ballot at seq 8"));
}

TEST(FailoverHistoryTest, NamesABallotNoKioskCast) {
  const std::vector<FailoverAttempt> history = {HistoryCheckIn("v001", kOk, 1),
                                                HistoryCast("v001", kOk, 2, 5)};
  ExportBallots exported;
  HistoryExports(&exported, "v001", 5);
  HistoryExports(&exported, "v009", 6);
  const HistoryVerdict v = CheckFailoverHistory(history, exported);
  EXPECT_THAT(v.problems, ElementsAre(HasSubstr("voter v009: a ballot at seq 6")));
}

TEST(FailoverHistoryTest, AcceptsACheckInRepeatedAfterTheCastLandedOnlyIfItDid) {
  FailoverAttempt late = HistoryCheckIn("v001", kPrecondition, 5);
  late.message = "voter_id: \"v001\" has already cast every form";
  const std::vector<FailoverAttempt> history = {HistoryCheckIn("v001", kOk, 1),
                                                HistoryCast("v001", kDeadline, 2), late};
  ExportBallots exported;
  HistoryExports(&exported, "v001", 5);
  EXPECT_THAT(CheckFailoverHistory(history, exported).problems, IsEmpty());
  EXPECT_THAT(CheckFailoverHistory(history, {}).problems,
              ElementsAre(HasSubstr("voter v001: refused at 5.000 ms")));
}

}  // namespace
}  // namespace gongxin::testing
