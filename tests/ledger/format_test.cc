#include "ledger/format.h"

#include "gtest/gtest.h"

namespace gongxin::ledger {
namespace {

TEST(FormatTest, HashesAreDomainSeparated) {
  EXPECT_NE(EntryHash("x"), RollDigest("x"));
  EXPECT_EQ(EntryHash("x").size(), 32u);
}

TEST(FormatTest, VoterCommitmentBindsMeetingVoterAndSalt) {
  const std::string c = VoterCommitment("m1", "v001", std::string(32, 's'));
  EXPECT_NE(c, VoterCommitment("m2", "v001", std::string(32, 's')));
  EXPECT_NE(c, VoterCommitment("m1", "v002", std::string(32, 's')));
  EXPECT_NE(c, VoterCommitment("m1", "v001", std::string(32, 't')));
  // Length-prefixed parts: moving a character between parts changes it.
  EXPECT_NE(VoterCommitment("m1", "v0", "01"), VoterCommitment("m1", "v00", "1"));
}

TEST(FormatTest, SignedTextsAreExactlyAsDocumented) {
  const std::string hash(32, '\x01');
  const std::string hex = "0101010101010101010101010101010101010101010101010101010101010101";
  EXPECT_EQ(HeadMessage("m1", 7, hash), "gongxin/v1/head\nm1\n7\n" + hex + "\n");
  EXPECT_EQ(CredentialMessage("m1", "rec", hash),
            "gongxin/v1/credential\nm1\nrec\n" + hex + "\n");
  EXPECT_EQ(ReceiptMessage("m1", "rec", 12, hash),
            "gongxin/v1/receipt\nm1\nrec\n12\n" + hex + "\n");
}

}  // namespace
}  // namespace gongxin::ledger
