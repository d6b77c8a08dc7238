#include "crypto/aead.h"

#include "crypto/encoding.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::crypto {
namespace {

using ::gongxin::testing::StatusIs;

const std::string kKey(32, '\x42');

TEST(AeadTest, SealOpensWithTheSameKeyAndData) {
  ASSERT_OK_AND_ASSIGN(std::string sealed, AeadSeal(kKey, "ballot", "urn/rec"));
  EXPECT_EQ(sealed.size(), kAeadNonceSize + 6 + kAeadTagSize);
  ASSERT_OK_AND_ASSIGN(std::string opened, AeadOpen(kKey, sealed, "urn/rec"));
  EXPECT_EQ(opened, "ballot");
}

TEST(AeadTest, SealingTwiceGivesUnrelatedBytes) {
  ASSERT_OK_AND_ASSIGN(std::string a, AeadSeal(kKey, "ballot", ""));
  ASSERT_OK_AND_ASSIGN(std::string b, AeadSeal(kKey, "ballot", ""));
  EXPECT_NE(a, b);
}

TEST(AeadTest, OpenRefusesOtherKeyOtherDataAndEveryFlippedBit) {
  ASSERT_OK_AND_ASSIGN(std::string sealed, AeadSeal(kKey, "ballot", "urn/rec"));
  EXPECT_THAT(AeadOpen(std::string(32, 'x'), sealed, "urn/rec"),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(AeadOpen(kKey, sealed, "urn/sat"), StatusIs(absl::StatusCode::kUnauthenticated));
  for (size_t i = 0; i < sealed.size() * 8; ++i) {
    std::string bad = sealed;
    bad[i / 8] ^= static_cast<char>(1 << (i % 8));
    EXPECT_FALSE(AeadOpen(kKey, bad, "urn/rec").ok()) << "bit " << i;
  }
  EXPECT_THAT(AeadOpen(kKey, "short", ""), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(AeadSeal("short key", "x", ""), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(AeadTest, HmacSha256MatchesRfc4231TestCase2) {
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

}  // namespace
}  // namespace gongxin::crypto
