// The phone page's words for gongxind's refusals of a slip: each refusal
// the server gives (server/meeting_slips.cc, tally/meeting_state_slips.cc)
// becomes the voter's own words, in Chinese or English. The page itself,
// over TLS against a real server in a real browser, is in tests/e2e
// (kiosk_page_browser_test).
#include "kioskpage/phone_page.h"

#include "kioskpage/ballot_session.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace gongxin::kioskpage {
namespace {

TEST(SlipRefusalWordsTest, EachRefusalOfASlipIsTheVotersOwnWords) {
  const report::Messages& zh = report::MessagesFor("zh-CN");
  EXPECT_EQ(SlipRefusalWords(absl::NotFoundError("slip_secret: no slip of this meeting has this code"), zh),
            zh.phone_unknown);
  EXPECT_EQ(SlipRefusalWords(absl::AlreadyExistsError("slip_secret: the slip has already been used"), zh),
            zh.phone_used);
  EXPECT_EQ(SlipRefusalWords(absl::FailedPreconditionError("slip_secret: the slip is void"), zh),
            zh.phone_void);
  EXPECT_EQ(SlipRefusalWords(absl::FailedPreconditionError(
                                 "meeting m is not open for voting (status MEETING_STATUS_CLOSED)"),
                             zh),
            zh.phone_closed);
  EXPECT_EQ(SlipRefusalWords(absl::FailedPreconditionError(
                                 "slip_redeemed: group staff has 0 voters checked in by slip and 0 "
                                 "slips used already; a slip is used only after its voter has signed in"),
                             zh),
            zh.phone_not_yet);
  EXPECT_EQ(SlipRefusalWords(absl::UnavailableError("connection refused"), zh), zh.kiosk_unavailable);
  const report::Messages& en = report::MessagesFor("en");
  EXPECT_EQ(SlipRefusalWords(absl::AlreadyExistsError("used"), en), en.phone_used);
  EXPECT_THAT(std::string(en.phone_used), ::testing::HasSubstr("used already"));
}

TEST(CastRefusalWordsTest, ACastRefusedAsAlreadyCastOrClosedIsSaidInTheVotersWords) {
  const report::Messages& zh = report::MessagesFor("zh-CN");
  EXPECT_EQ(CastRefusalWords(absl::AlreadyExistsError("token: already spent on a ballot"), zh),
            zh.kiosk_already_cast);
  EXPECT_EQ(CastRefusalWords(absl::FailedPreconditionError(
                                 "meeting m is not open for voting (status MEETING_STATUS_CLOSED)"),
                             zh),
            zh.phone_closed);
  EXPECT_EQ(CastRefusalWords(absl::DeadlineExceededError("deadline"), zh), zh.kiosk_unavailable);
  EXPECT_THAT(CastRefusalWords(absl::InvalidArgumentError("ballot.answers[0]: why"), zh),
              ::testing::HasSubstr("ballot.answers[0]: why"));
}

}  // namespace
}  // namespace gongxin::kioskpage
