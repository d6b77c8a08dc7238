// A slip's code: receipt codes' spelling and check, its secret's size, the
// phone page's address, and refusals that speak of a slip.
#include "kiosk/slip.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/format.h"

namespace gongxin::kiosk {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(SlipTest, CodeRoundTripsAndAddressCarriesItWithoutDashes) {
  absl::StatusOr<std::string> secret = NewSlipSecret();
  ASSERT_TRUE(secret.ok()) << secret.status();
  EXPECT_EQ(secret->size(), ledger::kSlipSecretSize);
  const std::string code = SlipCode(*secret);
  EXPECT_EQ(code.size(), 21u);
  EXPECT_EQ(ParseSlipCode(code).value_or(""), *secret);
  std::string bare = code;
  std::erase(bare, '-');
  EXPECT_EQ(SlipAddress("https://127.0.0.1:8443/", *secret), "https://127.0.0.1:8443/s/" + bare);
}

TEST(SlipTest, AMistypedCodeIsRefusedAsASlipCode) {
  absl::StatusOr<std::string> secret = NewSlipSecret();
  ASSERT_TRUE(secret.ok());
  std::string code = SlipCode(*secret);
  code[0] = code[0] == 'A' ? 'B' : 'A';
  absl::StatusOr<std::string> parsed = ParseSlipCode(code);
  ASSERT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(parsed.status().message(), HasSubstr("slip code: the check character"));
  EXPECT_THAT(parsed.status().message(), Not(HasSubstr("receipt")));
  EXPECT_THAT(ParseSlipCode("ABCD").status().message(), HasSubstr("a slip code has 17"));
}

}  // namespace
}  // namespace gongxin::kiosk
