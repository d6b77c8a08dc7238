// Tests of ledger/verification_code.h: the printed 核验码.
#include "ledger/verification_code.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"
#include "util/typed_code.h"

namespace gongxin::ledger {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

std::string Hash() {
  std::string h;
  for (int i = 0; i < 32; ++i) h += static_cast<char>(i);
  return h;
}

// Known answers computed apart from this code, in Python with hashlib:
// DomainHash = sha256(tag ‖ 0x00 ‖ Σ len64be(p) ‖ p); its first 80 bits in
// RFC 4648 base32 and a Luhn mod 32 check character (docs/export-format.md,
// "Verification codes"), so an auditor's own checker can be tested against
// the same values.
TEST(VerificationCodeTest, MatchesIndependentlyComputedKnownAnswers) {
  EXPECT_EQ(VerificationCode("m-2026-001", DocumentKind::kResult, 42, Hash()),
            "W6PA-JURL-KODD-NVLT-M");
  EXPECT_EQ(VerificationCode("m-2026-001", DocumentKind::kAnnouncement, 0, Hash()),
            "KTKE-ADYS-443D-J45D-7");
  EXPECT_EQ(VerificationCode("m-2026-001", DocumentKind::kNotice, 57, Hash()),
            "EBDO-PXDS-O6KS-PXPP-Q");
  EXPECT_EQ(VerificationCode("m-2026-001", DocumentKind::kNoticeResults, 60, Hash()),
            "LVSQ-IS3J-3DVD-3ROG-J");
}

TEST(VerificationCodeTest, EveryInputChangesTheCode) {
  const std::string base = VerificationCode("m1", DocumentKind::kResult, 7, Hash());
  EXPECT_NE(VerificationCode("m2", DocumentKind::kResult, 7, Hash()), base);
  EXPECT_NE(VerificationCode("m1", DocumentKind::kAnnouncement, 7, Hash()), base);
  EXPECT_NE(VerificationCode("m1", DocumentKind::kPaperBallots, 7, Hash()), base);
  EXPECT_NE(VerificationCode("m1", DocumentKind::kNotice, 7, Hash()), base);
  EXPECT_NE(VerificationCode("m1", DocumentKind::kNoticeResults, 7, Hash()),
            VerificationCode("m1", DocumentKind::kNotice, 7, Hash()));
  EXPECT_NE(VerificationCode("m1", DocumentKind::kResult, 8, Hash()), base);
  std::string other = Hash();
  other[31] ^= 1;
  EXPECT_NE(VerificationCode("m1", DocumentKind::kResult, 7, other), base);
}

TEST(VerificationCodeTest, ReadsBackAsTypedToTheBytesItCarries) {
  const std::string bytes = VerificationCodeBytes("m-2026-001", DocumentKind::kResult, 42, Hash());
  ASSERT_EQ(bytes.size(), util::kTypedCodeBytes);
  ASSERT_OK_AND_ASSIGN(std::string parsed, ParseVerificationCode("w6pajurlkoddnvltm"));
  EXPECT_EQ(parsed, bytes) << "lower case without dashes reads the same";
  ASSERT_OK_AND_ASSIGN(parsed, ParseVerificationCode("W6PA JURL K0DD NVLT M"));
  EXPECT_EQ(parsed, bytes) << "0 is read as O, spaces ignored";
}

TEST(VerificationCodeTest, RefusesAMistypedCodeSayingWhatIsWrong) {
  EXPECT_THAT(ParseVerificationCode("W6PA-JURL-KODD-NVLT-N"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("verification code: the check character does not match")));
  EXPECT_THAT(ParseVerificationCode("W6PA-JURL-KODD"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("verification code: 12 characters")));
  EXPECT_THAT(ParseVerificationCode("核验码W6PAJURLKODDNVLTM"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("a non-ASCII character")));
}

}  // namespace
}  // namespace gongxin::ledger
