// The kiosk's pending-token files (client/token.h): one per meeting, voter,
// form and key group, kept 0600 in a 0700 directory that a fresh kiosk
// account may not have yet.
#include "kiosk/token.h"

#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace gongxin::kiosk {
namespace {

TEST(PendingTokenTest, PathsDifferPerKeyGroupAndKeepTheOldNameForTheSharedKey) {
  EXPECT_EQ(PendingTokenPath("/s", "m1", "v01", "sat"), "/s/m1-v01-sat.pending");
  EXPECT_EQ(PendingTokenPath("/s", "m1", "v01", "sat", "staff"), "/s/m1-v01-sat@staff.pending");
  EXPECT_NE(PendingTokenPath("/s", "m1", "v01", "sat", "leaders"),
            PendingTokenPath("/s", "m1", "v01", "sat", "staff"));
}

TEST(PendingTokenTest, SaveCreatesTheStateDirectoryWithItsParentsAndRoundTripsTheGroup) {
  testing::TempDir dir;
  // As on a new kiosk account: neither ~/.local nor ~/.local/state exist.
  const std::string state = dir.File("home/.local/state/gongxin-kiosk");
  ASSERT_OK_AND_ASSIGN(crypto::BlindRsaPrivateKey key, crypto::BlindRsaPrivateKey::Generate(2048));
  ASSERT_OK_AND_ASSIGN(PendingToken pending,
                       MakePendingToken("m1", "sat", key.public_key(), "staff"));
  const std::string path = PendingTokenPath(state, "m1", "v01", "sat", "staff");
  ASSERT_OK(SavePendingToken(path, "v01", pending));
  struct stat st {};
  ASSERT_EQ(::stat(state.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u) << "the state directory is readable by others";
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_OK_AND_ASSIGN(PendingToken loaded, LoadPendingToken(path, key.public_key()));
  EXPECT_EQ(loaded.group, "staff");
  EXPECT_EQ(loaded.prepared_message, pending.prepared_message);
  ASSERT_OK(DeletePendingToken(path));
  EXPECT_FALSE(std::filesystem::exists(path));
}

}  // namespace
}  // namespace gongxin::kiosk
