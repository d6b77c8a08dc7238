// A full disk, end to end: the data directory on a small tmpfs, a real
// gongxind, kiosks casting over mutual TLS until the disk is full. The server
// must never die of it: writes are refused (RESOURCE_EXHAUSTED, saying how
// much is free and needed) while reads, health and exports go on; writes are
// taken again once space is freed; and every acknowledged ballot is in the
// verified record after a restart. Skipped where tmpfs cannot be mounted.
#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/e2e/grpc_e2e_fixture.h"
#include "tests/testing/health_probe.h"

namespace gongxin::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr int kVoters = 300;
constexpr uint64_t kMiB = uint64_t{1} << 20;

class DiskFullTest : public GrpcE2eTest {
 protected:
  // Mounts a 16 MiB tmpfs as the data directory, then starts gongxind with
  // `server_args`.
  void MountAndStart(std::vector<std::string> server_args) {
    ASSERT_EQ(::mkdir(Data().c_str(), 0700), 0) << std::strerror(errno);
    if (::mount("tmpfs", Data().c_str(), "tmpfs", 0, "size=16m,mode=0700") != 0) {
      GTEST_SKIP() << "cannot mount a tmpfs at " << Data() << " (" << std::strerror(errno)
                   << "): a full disk needs root or CAP_SYS_ADMIN to be tested";
    }
    mounted_ = true;
    extra_server_args_ = std::move(server_args);
    E2eTest::SetUp();
  }

  void SetUp() override {}  // each test mounts first, with its own flags

  void TearDown() override {
    if (server_ != nullptr) server_->Kill(SIGKILL);
    if (mounted_) ::umount2(Data().c_str(), MNT_DETACH);
  }

  static uint64_t FreeBytes(const std::string& dir) {
    struct statvfs fs;
    EXPECT_EQ(::statvfs(dir.c_str(), &fs), 0);
    return uint64_t{fs.f_bavail} * fs.f_frsize;
  }

  // Takes all the free space of the data directory but `leave` bytes.
  void Fill(uint64_t leave) {
    const uint64_t free = FreeBytes(Data());
    ASSERT_GT(free, leave);
    const int fd = ::open(Ballast().c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ASSERT_GE(fd, 0) << std::strerror(errno);
    const int error = ::posix_fallocate(fd, 0, static_cast<off_t>(free - leave));
    ::close(fd);
    ASSERT_EQ(error, 0) << std::strerror(error);
  }
  void FreeSpace() { ASSERT_EQ(::unlink(Ballast().c_str()), 0) << std::strerror(errno); }
  std::string Ballast() const { return Data() + "/ballast"; }

  // Checks voter v<NNN> in and casts their ballot; OK only if both were.
  grpc::Status Vote(const std::string& meeting, int voter, v1::Receipt* receipt) {
    auto stub = v1::KioskService::NewStub(Channel("kiosk"));
    return VoteNamed(*stub, meeting, VoterId(voter), voter % 2 == 0 ? "c1" : "c2",
                     receipt);
  }

  // Reads and an export (written off the full disk) work.
  void ExpectReadsWork(const std::string& meeting) {
    RunResult shown = Cli({"meeting", "show", meeting});
    EXPECT_EQ(shown.code, 0) << shown.err;
    const std::string out = dir_.File("while-full.gxe");
    RunResult exported = Cli({"audit", "export", meeting, "--out", out});
    EXPECT_EQ(exported.code, 0) << exported.err;
    RunResult verified = Cli({"audit", "verify", out, "--trust", trust_});
    EXPECT_EQ(verified.code, 0) << verified.out << verified.err;
  }

  // What `gongxin health` says, as a probe runs it: exit code and output.
  RunResult Health() { return Cli({"health"}); }

  // After a restart, every receipt is in the verified record of `meeting`.
  void ExpectEveryReceiptAfterRestart(const std::string& meeting,
                                      const std::vector<v1::Receipt>& receipts) {
    server_->Kill(SIGTERM);
    StartServer();
    ExpectReceiptsInVerifiedExport(meeting, receipts, dir_.File("after.gxe"));
  }

  bool mounted_ = false;
};

TEST_F(DiskFullTest, BelowTheReserveWritesAreRefusedAndResumeWhenSpaceIsFreed) {
  MountAndStart({"--min-free-space", "4MiB"});
  if (IsSkipped() || HasFatalFailure()) return;
  const std::string id = CreateOpenMeeting(kVoters);
  ASSERT_FALSE(id.empty());
  std::vector<v1::Receipt> receipts;
  int voter = 1;
  for (; voter <= 5; ++voter) {
    v1::Receipt receipt;
    grpc::Status s = Vote(id, voter, &receipt);
    ASSERT_TRUE(s.ok()) << s.error_message();
    receipts.push_back(receipt);
  }

  Fill(kMiB);
  v1::Receipt ignored;
  grpc::Status refused = Vote(id, voter, &ignored);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << "a write on a disk below the reserve: " << refused.error_message();
  EXPECT_THAT(refused.error_message(),
              AllOf(HasSubstr("disk almost full"), HasSubstr("1.0 MiB free"),
                    HasSubstr("needed (a reserve of 4.0 MiB")));
  // CreateMeeting passes the store's refusal through as it is.
  WriteSampleMeetingFiles(dir_.path(), 10);
  RunResult created = Cli({"meeting", "create", "--spec", dir_.File("meeting.yaml")});
  EXPECT_NE(created.code, 0);
  EXPECT_THAT(created.err, AllOf(HasSubstr("RESOURCE_EXHAUSTED"), HasSubstr("1.0 MiB free"),
                                 HasSubstr("nothing was written")));
  ASSERT_FALSE(server_->Exited()) << ServerLog();
  ExpectReadsWork(id);
  RunResult health = Health();
  EXPECT_EQ(health.code, 0) << "a refused write must not fail the health check: " << health.out
                            << health.err;

  // Space is freed: writes are taken again, without a restart — by the same
  // meeting (the voter refused above now votes) and by a new one.
  FreeSpace();
  v1::Receipt same;
  grpc::Status resumed_same = Vote(id, voter, &same);
  ASSERT_TRUE(resumed_same.ok()) << resumed_same.error_message();
  receipts.push_back(same);
  ++voter;
  created = Cli({"meeting", "create", "--spec", dir_.File("meeting.yaml")});
  ASSERT_EQ(created.code, 0) << created.err;
  const std::string second(absl::StripAsciiWhitespace(created.out));
  ASSERT_EQ(Cli({"meeting", "announce", second}).code, 0);
  ASSERT_EQ(Cli({"meeting", "open", second}).code, 0);
  v1::Receipt on_second;
  grpc::Status resumed = Vote(second, 1, &on_second);
  EXPECT_TRUE(resumed.ok()) << resumed.error_message();
  EXPECT_EQ(server_runs_, 1) << "gongxind was restarted";

  ExpectEveryReceiptAfterRestart(id, receipts);
  v1::Receipt after;
  grpc::Status again = Vote(id, voter, &after);
  EXPECT_TRUE(again.ok()) << again.error_message();
}

// With the reserve turned off the disk fills up under RocksDB itself, the
// case a reserve too small for RocksDB's own writes also ends in. Debian's
// librocksdb used to abort gongxind here.
TEST_F(DiskFullTest, DiskFullUnderRocksDbLeavesTheServerUpAndReadOnly) {
  MountAndStart({"--min-free-space", "0"});
  if (IsSkipped() || HasFatalFailure()) return;
  const std::string id = CreateOpenMeeting(kVoters);
  ASSERT_FALSE(id.empty());
  Fill(0);
  std::vector<v1::Receipt> receipts;
  grpc::Status failed;
  for (int voter = 1; voter <= kVoters && failed.ok(); ++voter) {
    v1::Receipt receipt;
    failed = Vote(id, voter, &receipt);
    if (failed.ok()) receipts.push_back(receipt);
  }
  ASSERT_FALSE(failed.ok()) << "the disk never filled up";
  EXPECT_EQ(failed.error_code(), grpc::StatusCode::UNAVAILABLE) << failed.error_message();
  EXPECT_THAT(failed.error_message(), HasSubstr("No space left on device"));
  ASSERT_FALSE(server_->Exited()) << "gongxind died of a full disk: " << ServerLog();
  ExpectReadsWork(id);
  // Only a restart clears it, so the health check says so, for a liveness
  // probe to restart gongxind (server/health_watch.h, within a second).
  RunResult health;
  for (int i = 0; i < 100; ++i) {
    health = Health();
    if (health.code != 0) break;
    ::usleep(100 * 1000);
  }
  EXPECT_EQ(health.code, 1) << "health still passes with the ledger read-only: " << health.out;
  EXPECT_THAT(health.out + health.err, HasSubstr("NOT_SERVING"));
  EXPECT_THAT(ServerLog(), AllOf(HasSubstr("health: NOT_SERVING: the ledger"),
                                 HasSubstr("writes resume after gongxind restarts")));
  // A write after the failure: still refused, still alive.
  v1::Receipt ignored;
  EXPECT_FALSE(Vote(id, kVoters, &ignored).ok());
  EXPECT_FALSE(server_->Exited()) << ServerLog();

  FreeSpace();
  ExpectEveryReceiptAfterRestart(id, receipts);
  v1::Receipt after;
  grpc::Status again = Vote(id, kVoters, &after);
  EXPECT_TRUE(again.ok()) << again.error_message();
}

}  // namespace
}  // namespace gongxin::testing
