// Tests of ledger/sample_draw.h: the draw of a sampled survey.
#include "ledger/sample_draw.h"

#include <string>
#include <vector>

#include "crypto/encoding.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::ledger {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kBeacon[] = "2026年12月10日 福彩3D 第2026333期开奖号码 417";

std::string PrevHash() {
  std::string h;
  for (int i = 0; i < 32; ++i) h += static_cast<char>(i);
  return h;
}

// 12 party deputies p01–p12, 8 people's congress deputies n01–n08 and 3
// others o1–o3; the spec draws 4 and 3 of the first two and takes the
// others whole.
v1::Roll Population() {
  v1::Roll roll;
  auto add = [&](const std::string& id, const std::string& group) {
    v1::Voter* v = roll.add_voters();
    v->set_id(id);
    v->set_name("受访者" + id);
    v->set_group(group);
  };
  for (int i = 1; i <= 12; ++i) add((i < 10 ? "p0" : "p") + std::to_string(i), "party");
  for (int i = 1; i <= 8; ++i) add("n0" + std::to_string(i), "npc");
  for (int i = 1; i <= 3; ++i) add("o" + std::to_string(i), "other");
  return roll;
}

v1::MeetingSpec Spec() {
  v1::MeetingSpec spec;
  v1::SurveySample* sample = spec.mutable_sample();
  sample->set_beacon_source("福彩3D 开奖号码");
  v1::SampleStratum* party = sample->add_strata();
  party->set_group("party");
  party->set_size(4);
  v1::SampleStratum* npc = sample->add_strata();
  npc->set_group("npc");
  npc->set_size(3);
  return spec;
}

v1::Entry Drawn(const std::string& seed, const std::vector<std::string>& ids) {
  v1::Entry entry;
  entry.set_prev_hash(PrevHash());
  v1::SampleDrawn* body = entry.mutable_sample_drawn();
  body->set_beacon(kBeacon);
  body->set_seed(seed);
  for (const std::string& id : ids) body->add_voter_ids(id);
  return entry;
}

// Known answers computed apart from this code, in Python with hashlib:
// DomainHash = sha256(tag ‖ 0x00 ‖ Σ len64be(p) ‖ p); seed under
// "gongxin/v1/sample-seed" of (prev_hash, beacon); each group's voters
// sorted by the hash under "gongxin/v1/sample-order" of (seed, group, id)
// (docs/export-format.md, "Sampled surveys"), so an auditor's own redraw
// can be tested against the same values.
TEST(SampleDrawTest, MatchesIndependentlyComputedKnownAnswers) {
  const std::string seed = SampleSeed(PrevHash(), kBeacon);
  EXPECT_EQ(crypto::HexEncode(seed),
            "3a518c3890d21b412e714fc72cc1f8b6e4ce9cb7a31ac1ea52d90ae6c2a42376");
  EXPECT_THAT(DrawSample(Spec().sample(), Population(), seed),
              ElementsAre("p12", "p09", "p02", "p05", "n01", "n03", "n08"));
}

TEST(SampleDrawTest, AnotherBeaconOrChainDrawsAnotherSample) {
  const std::vector<std::string> base =
      DrawSample(Spec().sample(), Population(), SampleSeed(PrevHash(), kBeacon));
  EXPECT_NE(DrawSample(Spec().sample(), Population(), SampleSeed(PrevHash(), "418")), base);
  std::string other = PrevHash();
  other[0] ^= 1;
  EXPECT_NE(DrawSample(Spec().sample(), Population(), SampleSeed(other, kBeacon)), base);
}

TEST(SampleDrawTest, TheDrawDoesNotDependOnTheRollsOrder) {
  v1::Roll reversed;
  const v1::Roll roll = Population();
  for (int i = roll.voters_size() - 1; i >= 0; --i) *reversed.add_voters() = roll.voters(i);
  const std::string seed = SampleSeed(PrevHash(), kBeacon);
  EXPECT_EQ(DrawSample(Spec().sample(), reversed, seed),
            DrawSample(Spec().sample(), roll, seed));
}

TEST(SampleDrawTest, AStratumLargerThanItsGroupTakesTheWholeGroup) {
  v1::MeetingSpec spec = Spec();
  spec.mutable_sample()->mutable_strata(1)->set_size(50);
  const std::vector<std::string> drawn =
      DrawSample(spec.sample(), Population(), SampleSeed(PrevHash(), kBeacon));
  EXPECT_EQ(drawn.size(), 4u + 8u);
}

TEST(SampleDrawTest, CheckAcceptsTheDraw) {
  const std::string seed = SampleSeed(PrevHash(), kBeacon);
  EXPECT_OK(CheckSampleDrawn(Drawn(seed, DrawSample(Spec().sample(), Population(), seed)), Spec(),
                             Population()));
}

TEST(SampleDrawTest, CheckRefusesASeedThatIsNotTheChainsAndBeacons) {
  const std::string seed = SampleSeed(PrevHash(), "another value");
  EXPECT_THAT(CheckSampleDrawn(Drawn(seed, DrawSample(Spec().sample(), Population(), seed)),
                               Spec(), Population()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("sample_drawn.seed: ")));
}

TEST(SampleDrawTest, CheckRefusesVotersTheDrawDidNotTake) {
  const std::string seed = SampleSeed(PrevHash(), kBeacon);
  std::vector<std::string> ids = DrawSample(Spec().sample(), Population(), seed);
  // A chosen respondent in place of a drawn one.
  ids[1] = ids[1] == "p01" ? "p03" : "p01";
  EXPECT_THAT(CheckSampleDrawn(Drawn(seed, ids), Spec(), Population()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("sample_drawn.voter_ids[1]: ")));
  // One left out.
  ids = DrawSample(Spec().sample(), Population(), seed);
  ids.pop_back();
  EXPECT_THAT(CheckSampleDrawn(Drawn(seed, ids), Spec(), Population()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("sample_drawn.voter_ids[6]: \"\" where the draw gives")));
}

}  // namespace
}  // namespace gongxin::ledger
