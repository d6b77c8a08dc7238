#include "ledger/chain.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/format.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/unknown_fields.h"

namespace gongxin::ledger {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

std::vector<std::string> MakeChain(int n) {
  ChainHead head("m1");
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) {
    v1::Entry e;
    e.mutable_state_changed()->set_at(1000 + i);
    out.push_back(head.Seal(e).bytes);
  }
  return out;
}

absl::Status VerifyAll(const std::vector<std::string>& entries) {
  ChainVerifier v("m1");
  for (const std::string& bytes : entries) {
    auto e = v.Next(bytes);
    if (!e.ok()) return e.status();
  }
  return absl::OkStatus();
}

TEST(ChainTest, SealLinksEachEntryToThePrevious) {
  ChainHead head("m1");
  v1::Entry a, b;
  a.mutable_state_changed();
  b.mutable_state_changed();
  SealedEntry sa = head.Seal(a);
  SealedEntry sb = head.Seal(b);
  EXPECT_EQ(sa.seq, 0u);
  EXPECT_EQ(sb.seq, 1u);
  EXPECT_TRUE(a.prev_hash().empty());
  EXPECT_EQ(b.prev_hash(), sa.hash);
  EXPECT_EQ(sb.hash, EntryHash(sb.bytes));
  EXPECT_EQ(head.size(), 2u);
  EXPECT_EQ(head.hash(), sb.hash);
}

TEST(ChainTest, VerifierAcceptsAnIntactChain) {
  std::vector<std::string> chain = MakeChain(10);
  ChainVerifier v("m1");
  for (const std::string& bytes : chain) ASSERT_OK(v.Next(bytes).status());
  EXPECT_EQ(v.size(), 10u);
  EXPECT_EQ(v.hash(), EntryHash(chain.back()));
}

TEST(ChainTest, VerifierNamesTheAlteredEntry) {
  std::vector<std::string> chain = MakeChain(10);
  // Alter the `at` value inside entry 4 (still parses, different hash).
  v1::Entry e;
  ASSERT_TRUE(e.ParseFromString(chain[4]));
  e.mutable_state_changed()->set_at(7);
  chain[4] = e.SerializeAsString();
  EXPECT_THAT(VerifyAll(chain),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("entry 4: its hash")));
}

TEST(ChainTest, VerifierFlagsEveryFlippedByteSomewhere) {
  std::vector<std::string> chain = MakeChain(4);
  for (size_t i = 0; i < chain[1].size(); ++i) {
    std::vector<std::string> copy = chain;
    copy[1][i] ^= 0x01;
    EXPECT_THAT(VerifyAll(copy), StatusIs(absl::StatusCode::kDataLoss))
        << "flipping byte " << i << " of entry 1 went unnoticed";
  }
}

TEST(ChainTest, VerifierNamesADeletedEntry) {
  std::vector<std::string> chain = MakeChain(6);
  chain.erase(chain.begin() + 3);
  EXPECT_THAT(VerifyAll(chain),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("entry 3: carries seq 4")));
}

TEST(ChainTest, VerifierNamesReorderedEntries) {
  std::vector<std::string> chain = MakeChain(6);
  std::swap(chain[2], chain[3]);
  EXPECT_THAT(VerifyAll(chain),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("entry 2: carries seq 3")));
}

TEST(ChainTest, VerifierRefusesAnotherMeetingsEntry) {
  ChainHead other("m2");
  v1::Entry e;
  e.mutable_state_changed();
  ChainVerifier v("m1");
  EXPECT_THAT(v.Next(other.Seal(e).bytes).status(),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("meeting \"m2\"")));
}

TEST(ChainTest, VerifierRefusesGarbageAndEmptyBodies) {
  ChainVerifier v("m1");
  EXPECT_THAT(v.Next("\xff\xff\xff").status(),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("does not parse")));
  ChainHead head("m1");
  v1::Entry empty;
  EXPECT_THAT(v.Next(head.Seal(empty).bytes).status(),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("no body")));
}

TEST(ChainTest, VerifierNamesAnEntryCarryingUnknownFields) {
  // Entry 1 is correctly linked and hashed, but its ballot answer carries a
  // field no ballot has (a kiosk's tag): the chain must not take it.
  ChainHead head("m1");
  v1::Entry first, tagged;
  first.mutable_state_changed()->set_at(1);
  v1::Answer* answer = tagged.mutable_ballot_cast()->mutable_ballot()->add_answers();
  answer->set_question_id("head");
  testing::UnknownFields(answer)->AddLengthDelimited(77, "v001");
  std::vector<std::string> chain = {head.Seal(first).bytes, head.Seal(tagged).bytes};
  EXPECT_THAT(VerifyAll(chain),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("entry 1: ballot_cast.ballot.answers[0]: unknown field 77")));
}

TEST(ChainTest, SealWritesWhatTheVerifierCallsCanonical) {
  ChainHead head("m1");
  v1::Entry e;
  e.mutable_checked_in()->add_form_ids("rec");
  e.mutable_checked_in()->set_group("staff");
  e.mutable_checked_in()->set_at(-1);  // a negative int64 is ten varint bytes
  ChainVerifier v("m1");
  EXPECT_OK(v.Next(head.Seal(e).bytes).status());
}

}  // namespace
}  // namespace gongxin::ledger
