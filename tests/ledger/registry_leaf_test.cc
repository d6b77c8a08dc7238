// The registry leaf encoding (docs/export-format.md, "The registry log"): a
// known answer an independent verifier can reproduce, a round trip, and
// refusal of every non-canonical spelling of the same leaf.
#include "ledger/registry_leaf.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::ledger {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

RegistryLeaf Sample() {
  return RegistryLeaf{"0123456789abcdef", std::string(32, '\xab'), 1790000000};
}

TEST(RegistryLeafTest, EncodesTheDocumentedText) {
  EXPECT_EQ(EncodeRegistryLeaf(Sample()),
            "gongxin/v1/registry-leaf\n"
            "0123456789abcdef\n"
            "abababababababababababababababababababababababababababababababab\n"
            "1790000000\n");
}

TEST(RegistryLeafTest, RoundTrips) {
  const std::string bytes = EncodeRegistryLeaf(Sample());
  ASSERT_OK_AND_ASSIGN(RegistryLeaf parsed, ParseRegistryLeaf(bytes));
  EXPECT_EQ(parsed, Sample());
}

TEST(RegistryLeafTest, RefusesNonCanonicalSpellings) {
  const std::string good = EncodeRegistryLeaf(Sample());
  std::string upper = good;
  upper.replace(upper.find("abab"), 4, "ABAB");
  EXPECT_THAT(ParseRegistryLeaf(upper),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("canonical")));
  std::string plus = good;
  plus.replace(plus.find("1790000000"), 10, "+1790000000");
  EXPECT_THAT(ParseRegistryLeaf(plus), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseRegistryLeaf(good.substr(0, good.size() - 1)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("4 lines")));
  EXPECT_THAT(ParseRegistryLeaf(good + "extra\n"), StatusIs(absl::StatusCode::kInvalidArgument));
  std::string tag = good;
  tag[0] = 'G';
  EXPECT_THAT(ParseRegistryLeaf(tag),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("first line")));
  std::string short_hash = good;
  short_hash.erase(short_hash.find("abab"), 2);
  EXPECT_THAT(ParseRegistryLeaf(short_hash),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("64 hex digits")));
  std::string bad_id = good;
  bad_id.replace(bad_id.find("0123"), 1, "/");
  EXPECT_THAT(ParseRegistryLeaf(bad_id),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("meeting id")));
}

}  // namespace
}  // namespace gongxin::ledger
