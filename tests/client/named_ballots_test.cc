// Reading who chose what out of an export, for the full report variant: the
// openings open each named ballot's commitment to a voter on the roll; a
// public export, or a ballot no opening opens, is refused.
#include "client/named_ballots.h"

#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/export.h"
#include "ledger/format.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::client {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

// An export of meeting m1 (roll of 3) with one named ballot by `voter`
// (salt "salt-<voter>"), with or without openings.
std::string Export(bool public_export, const std::string& voter, bool open_voter = true) {
  std::ostringstream out;
  ledger::ExportWriter w(&out);
  v1::ExportRecord r;
  r.mutable_header()->set_meeting_id("m1");
  r.mutable_header()->set_openings_omitted(public_export);
  EXPECT_TRUE(w.Write(r).ok());
  r.Clear();
  r.set_roll(testing::SampleRoll(3).SerializeAsString());
  EXPECT_TRUE(w.Write(r).ok());
  if (!public_export && open_voter) {
    r.Clear();
    r.mutable_opening()->set_voter_id(voter);
    r.mutable_opening()->set_salt("salt-" + voter);
    EXPECT_TRUE(w.Write(r).ok());
  }
  v1::Entry entry;
  entry.set_meeting_id("m1");
  entry.set_seq(3);
  auto* cast = entry.mutable_ballot_cast();
  cast->set_voter_commitment(ledger::VoterCommitment("m1", voter, "salt-" + voter));
  cast->mutable_ballot()->set_form_id("rec");
  auto* a = cast->mutable_ballot()->add_answers();
  a->set_question_id("head");
  a->add_choices("c2");
  r.Clear();
  r.set_entry(entry.SerializeAsString());
  EXPECT_TRUE(w.Write(r).ok());
  return out.str();
}

TEST(NamedBallotsTest, OpensEachBallotToItsVoterOnTheRoll) {
  std::istringstream in(Export(false, "v002"));
  auto ballots = NamedBallotsFromExport(in);
  ASSERT_TRUE(ballots.ok()) << ballots.status();
  ASSERT_EQ(ballots->size(), 1u);
  EXPECT_EQ((*ballots)[0].voter_id, "v002");
  EXPECT_EQ((*ballots)[0].voter_name, "投票人2");
  EXPECT_EQ((*ballots)[0].group, "staff");  // v001 is the only leader of 3
  EXPECT_EQ((*ballots)[0].ballot.answers(0).choices(0), "c2");
}

TEST(NamedBallotsTest, PublicExportIsRefused) {
  std::istringstream in(Export(true, "v002"));
  EXPECT_THAT(NamedBallotsFromExport(in).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("public")));
}

TEST(NamedBallotsTest, BallotNoOpeningOpensIsDataLoss) {
  std::istringstream in(Export(false, "v002", /*open_voter=*/false));
  EXPECT_THAT(NamedBallotsFromExport(in).status(),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("no opening opens")));
}

}  // namespace
}  // namespace gongxin::client
