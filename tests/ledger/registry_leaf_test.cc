// The registry leaf encoding (docs/export-format.md, "The registry log"): a
// known answer an independent verifier can reproduce, a round trip, and
// refusal of every non-canonical spelling of the same leaf.
#include "ledger/registry_leaf.h"

#include <string>
#include <variant>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "crypto/encoding.h"
#include "gongxin/v1/ledger.pb.h"
#include "ledger/format.h"

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

// A trial's genesis entry: a MeetingCreated entry whose spec is a trial.
std::string GenesisBytes(bool trial) {
  v1::Entry entry;
  v1::MeetingCreated* created = entry.mutable_meeting_created();
  created->mutable_spec()->set_title("试投票练习");
  created->mutable_spec()->set_trial(trial);
  created->set_roll_size(3);
  created->set_created_at(1790000000);
  return entry.SerializeAsString();
}

RegistryPurge SamplePurge() {
  RegistryPurge p;
  p.meeting_id = "0123456789abcdef";
  p.genesis_entry = GenesisBytes(/*trial=*/true);
  p.genesis_hash = EntryHash(p.genesis_entry);
  p.final_size = 12;
  p.final_head_hash = std::string(32, '\xcd');
  p.final_tree_root = std::string(32, '\xef');
  p.purged_at = 1790003600;
  return p;
}

TEST(RegistryPurgeTest, EncodesTheDocumentedText) {
  const RegistryPurge p = SamplePurge();
  EXPECT_EQ(EncodeRegistryPurge(p),
            absl::StrCat("gongxin/v1/registry-purge\n"
                         "0123456789abcdef\n",
                         crypto::HexEncode(p.genesis_hash), "\n",
                         absl::Base64Escape(p.genesis_entry), "\n",
                         "12\n"
                         "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd\n"
                         "efefefefefefefefefefefefefefefefefefefefefefefefefefefefefefefef\n"
                         "1790003600\n"));
}

TEST(RegistryPurgeTest, RoundTripsAndIsToldApartFromAMeetingLeaf) {
  const std::string bytes = EncodeRegistryPurge(SamplePurge());
  ASSERT_OK_AND_ASSIGN(RegistryPurge parsed, ParseRegistryPurge(bytes));
  EXPECT_EQ(parsed, SamplePurge());
  ASSERT_OK_AND_ASSIGN(RegistryEntry purge, ParseRegistryEntry(bytes));
  EXPECT_TRUE(std::holds_alternative<RegistryPurge>(purge));
  ASSERT_OK_AND_ASSIGN(RegistryEntry leaf, ParseRegistryEntry(EncodeRegistryLeaf(Sample())));
  EXPECT_EQ(std::get<RegistryLeaf>(leaf), Sample());
  EXPECT_THAT(ParseRegistryEntry("gongxin/v1/registry-other\n"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("first line")));
  // Each parser refuses the other kind.
  EXPECT_THAT(ParseRegistryLeaf(bytes), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseRegistryPurge(EncodeRegistryLeaf(Sample())),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

// The purge of a formal meeting cannot be written down as the purge of a
// trial: the genesis it carries must be a trial's, and be the one hashed.
TEST(RegistryPurgeTest, RefusesAFormalMeetingOrAnotherGenesis) {
  RegistryPurge formal = SamplePurge();
  formal.genesis_entry = GenesisBytes(/*trial=*/false);
  formal.genesis_hash = EntryHash(formal.genesis_entry);
  EXPECT_THAT(ParseRegistryPurge(EncodeRegistryPurge(formal)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a trial")));
  RegistryPurge swapped = SamplePurge();
  swapped.genesis_hash = std::string(32, '\x01');
  EXPECT_THAT(ParseRegistryPurge(EncodeRegistryPurge(swapped)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("does not hash")));
  RegistryPurge not_genesis = SamplePurge();
  v1::Entry other;
  other.mutable_state_changed()->set_at(1);
  not_genesis.genesis_entry = other.SerializeAsString();
  not_genesis.genesis_hash = EntryHash(not_genesis.genesis_entry);
  EXPECT_THAT(ParseRegistryPurge(EncodeRegistryPurge(not_genesis)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("MeetingCreated")));
  RegistryPurge empty = SamplePurge();
  empty.final_size = 0;
  EXPECT_THAT(ParseRegistryPurge(EncodeRegistryPurge(empty)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("final size")));
}

TEST(RegistryPurgeTest, RefusesNonCanonicalSpellings) {
  const std::string good = EncodeRegistryPurge(SamplePurge());
  std::string upper = good;
  upper.replace(upper.find("cdcd"), 4, "CDCD");
  EXPECT_THAT(ParseRegistryPurge(upper),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("canonical")));
  std::string zero = good;
  zero.replace(zero.find("\n12\n"), 4, "\n012\n");
  EXPECT_THAT(ParseRegistryPurge(zero), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseRegistryPurge(good.substr(0, good.size() - 1)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("8 lines")));
  EXPECT_THAT(ParseRegistryPurge(good + "extra\n"), StatusIs(absl::StatusCode::kInvalidArgument));
  std::string bad_id = good;
  bad_id.replace(bad_id.find("0123"), 1, "/");
  EXPECT_THAT(ParseRegistryPurge(bad_id),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("meeting id")));
}

}  // namespace
}  // namespace gongxin::ledger
