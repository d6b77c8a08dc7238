// Tests of server/meeting_txn.h's helpers.
#include "server/meeting_txn.h"

#include "absl/strings/cord.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace gongxin::server {
namespace {

TEST(RenameFieldTest, NamesTheRequestFieldAndKeepsTheCode) {
  const absl::Status renamed = RenameField(
      absl::NotFoundError("checked_in.slip_hash: never issued"), "checked_in.slip_hash",
      "slip_secret");
  EXPECT_EQ(renamed.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(renamed.message(), "slip_secret: never issued");
  EXPECT_TRUE(RenameField(absl::OkStatus(), "a", "b").ok());
}

// chainlog marks an op that does not fit its group with a payload, so that
// it is deferred to the next group instead of refused; a rename that
// dropped it sent "the group is full: next group" to kiosks under load.
TEST(RenameFieldTest, KeepsThePayloadsThatTellChainlogToDeferTheOp) {
  absl::Status full = absl::ResourceExhaustedError("the group is full: next group");
  full.SetPayload("gongxin.chainlog/group-full", absl::Cord("1"));
  const absl::Status renamed = RenameField(full, "checked_in.slip_hash", "slip_secret");
  EXPECT_EQ(renamed.GetPayload("gongxin.chainlog/group-full"), absl::Cord("1"));
}

}  // namespace
}  // namespace gongxin::server
