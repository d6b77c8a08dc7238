// Which token keys an anonymous form gets (tally/token_keys.h): rule A3's
// small-group protection applied to the keys, whose group is public on
// every ballot they sign.
#include "tally/token_keys.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gongxin/v1/meeting.pb.h"
#include "gtest/gtest.h"
#include "tests/testing/text_proto.h"

namespace gongxin::tally {
namespace {

using ::gongxin::testing::ParseText;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Three groups; form "sat" goes to all of them, "one" only to staff.
v1::MeetingSpec GroupsSpec() {
  return ParseText<v1::MeetingSpec>(R"pb(
    groups { id: "leaders" name: "领导班子" }
    groups { id: "middle" name: "中层" }
    groups { id: "staff" name: "群众" }
    forms { id: "sat" mode: FORM_MODE_ANONYMOUS }
    forms { id: "one" mode: FORM_MODE_ANONYMOUS eligible_groups: "staff" }
  )pb");
}

std::vector<std::string> Keys(uint32_t leaders, uint32_t middle, uint32_t staff,
                              int form = 0) {
  const v1::MeetingSpec spec = GroupsSpec();
  return TokenKeyGroups(spec, spec.forms(form),
                        {{"leaders", leaders}, {"middle", middle}, {"staff", staff}});
}

TEST(TokenKeyGroupsTest, A3EveryGroupOfAtLeastTheMinimumGetsItsOwnKey) {
  EXPECT_THAT(Keys(5, 6, 10), ElementsAre("leaders", "middle", "staff"));
}

TEST(TokenKeyGroupsTest, A3GroupBelowTheMinimumSharesTheCommonKeyAndTakesTheSmallestAlong) {
  // leaders 3 alone under the shared key would be 3 < 5 ballots the overall
  // tally minus the keyed groups reveals: middle (6, the smallest) joins.
  EXPECT_THAT(Keys(3, 6, 10), ElementsAre("staff", ""));
}

TEST(TokenKeyGroupsTest, A3SmallGroupsThatTogetherReachTheMinimumShareTheKeyAlone) {
  EXPECT_THAT(Keys(2, 3, 10), ElementsAre("staff", ""));  // 2 + 3 = 5
}

TEST(TokenKeyGroupsTest, A3OnTheSmallestTieTheLaterGroupInSpecOrderJoinsTheSharedKey) {
  EXPECT_THAT(Keys(2, 6, 6), ElementsAre("middle", ""));
}

TEST(TokenKeyGroupsTest, A3AllGroupsSmallGiveOneSharedKey) {
  EXPECT_THAT(Keys(2, 2, 2), ElementsAre(""));
  EXPECT_THAT(Keys(1, 1, 7), ElementsAre(""));  // 2 < 5: staff joins
}

TEST(TokenKeyGroupsTest, GroupWithNobodyOnTheRollNeedsNoSharedKey) {
  EXPECT_THAT(Keys(0, 6, 10), ElementsAre("middle", "staff"));
}

TEST(TokenKeyGroupsTest, FormGivenToOneGroupHasOneKeyAndTheGroupIsImplied) {
  EXPECT_THAT(Keys(50, 50, 50, /*form=*/1), ElementsAre(""));
}

TEST(TokenKeyGroupsTest, MinimumGroupSizeComesFromTheSpec) {
  v1::MeetingSpec spec = GroupsSpec();
  const absl::flat_hash_map<std::string, uint32_t> due = {
      {"leaders", 3}, {"middle", 3}, {"staff", 9}};
  EXPECT_THAT(TokenKeyGroups(spec, spec.forms(0), due), ElementsAre("staff", ""));  // default 5
  spec.set_min_group_size(3);
  EXPECT_THAT(TokenKeyGroups(spec, spec.forms(0), due), ElementsAre("leaders", "middle", "staff"));
}

TEST(PooledGroupsTest, GroupsWithoutAKeyOfTheirOwnArePooled) {
  const v1::MeetingSpec spec = GroupsSpec();
  EXPECT_THAT(PooledGroups(spec, spec.forms(0), {"staff", ""}), ElementsAre("leaders", "middle"));
  EXPECT_THAT(PooledGroups(spec, spec.forms(0), {""}),
              ElementsAre("leaders", "middle", "staff"));
  EXPECT_THAT(PooledGroups(spec, spec.forms(0), {"leaders", "middle", "staff"}), IsEmpty());
  EXPECT_THAT(PooledGroups(spec, spec.forms(1), {""}), IsEmpty());
}

}  // namespace
}  // namespace gongxin::tally
