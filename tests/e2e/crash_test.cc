// kill -9 while 8 clients cast: every acknowledged ballot must be in the
// ledger after a restart, and the chain must verify.
#include <atomic>
#include <mutex>
#include <thread>

#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "tests/e2e/grpc_e2e_fixture.h"
#include "tests/testing/sample_meeting.h"

namespace gongxin::testing {
namespace {

constexpr int kClients = 8;
constexpr int kVotersPerClient = 60;

using CrashTest = GrpcE2eTest;

TEST_F(CrashTest, KillDashNineLosesNoAcknowledgedBallot) {
  WriteSampleMeetingFiles(dir_.path(), kClients * kVotersPerClient);
  RunResult created = Cli({"meeting", "create", "--spec", dir_.File("meeting.yaml")});
  ASSERT_EQ(created.code, 0) << created.err;
  const std::string id(absl::StripAsciiWhitespace(created.out));
  ASSERT_EQ(Cli({"meeting", "announce", id}).code, 0);
  ASSERT_EQ(Cli({"meeting", "open", id}).code, 0);

  std::mutex mu;
  std::vector<v1::Receipt> receipts;  // acknowledged casts only
  std::atomic<int> acknowledged{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      auto stub = v1::KioskService::NewStub(Channel("kiosk"));
      for (int i = 0; i < kVotersPerClient; ++i) {
        const std::string voter = VoterId(c * kVotersPerClient + i + 1);
        v1::Receipt receipt;
        if (!VoteNamed(*stub, id, voter, i % 3 == 0 ? "c1" : "c2", &receipt).ok()) {
          return;  // server gone
        }
        std::lock_guard<std::mutex> lock(mu);
        receipts.push_back(receipt);
        ++acknowledged;
      }
    });
  }
  // Kill while the clients are still casting.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (acknowledged.load() < kClients * kVotersPerClient / 3 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_EQ(server_->Kill(SIGKILL), 128 + SIGKILL);
  for (auto& t : clients) t.join();
  ASSERT_GT(receipts.size(), 0u);
  EXPECT_LT(receipts.size(), static_cast<size_t>(kClients * kVotersPerClient))
      << "the server was killed after every client had finished: the test proves nothing";

  StartServer();
  ExpectReceiptsInVerifiedExport(id, receipts, dir_.File("after-crash.gxe"));

  // Voting goes on after the restart.
  RunResult vote = Cli({"kiosk", "vote", "--meeting", id, "--voter",
                        VoterId(kClients * kVotersPerClient), "--choose",
                        "head=c3"});
  EXPECT_TRUE(vote.code == 0 || vote.err.find("already cast") != std::string::npos) << vote.err;
}

}  // namespace
}  // namespace gongxin::testing
