// kill -9 while 8 clients cast: every acknowledged ballot must be in the
// ledger after a restart, and the chain must verify.
#include <atomic>
#include <fstream>
#include <mutex>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/e2e/meeting_files.h"

namespace gongxin::testing {
namespace {

using ::testing::HasSubstr;

constexpr int kClients = 8;
constexpr int kVotersPerClient = 60;

using CrashTest = E2eTest;

TEST_F(CrashTest, KillDashNineLosesNoAcknowledgedBallot) {
  WriteMeetingFiles(dir_.path(), kClients * kVotersPerClient);
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
        const std::string voter = absl::StrFormat("v%03d", c * kVotersPerClient + i + 1);
        grpc::ClientContext in_ctx;
        in_ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
        v1::CheckInRequest in;
        in.set_meeting_id(id);
        in.set_voter_id(voter);
        v1::CheckInResponse creds;
        if (!stub->CheckIn(&in_ctx, in, &creds).ok()) return;  // server gone
        grpc::ClientContext cast_ctx;
        cast_ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
        v1::CastRequest cast;
        *cast.mutable_credential() = creds.credentials(0);
        cast.mutable_ballot()->set_form_id("rec");
        auto* a = cast.mutable_ballot()->add_answers();
        a->set_question_id("head");
        a->add_choices(i % 3 == 0 ? "c1" : "c2");
        v1::CastResponse resp;
        if (!stub->Cast(&cast_ctx, cast, &resp).ok()) return;
        std::lock_guard<std::mutex> lock(mu);
        receipts.push_back(resp.receipt());
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
  std::ofstream out(dir_.File("receipts.txt"));
  for (const v1::Receipt& r : receipts) {
    out << "receipt " << absl::WebSafeBase64Escape(r.SerializeAsString()) << "\n";
  }
  out.close();
  const std::string export_file = dir_.File("after-crash.gxe");
  RunResult exported = Cli({"audit", "export", id, "--out", export_file});
  ASSERT_EQ(exported.code, 0) << exported.err;
  RunResult verified = Cli({"audit", "verify", export_file, "--trust", trust_, "--receipts",
                            dir_.File("receipts.txt")});
  EXPECT_EQ(verified.code, 0) << verified.out << verified.err;
  EXPECT_THAT(verified.out,
              HasSubstr(absl::StrCat(receipts.size(), " receipts found in the ledger")));

  // Voting goes on after the restart.
  RunResult vote = Cli({"kiosk", "vote", "--meeting", id, "--voter",
                        absl::StrFormat("v%03d", kClients * kVotersPerClient), "--choose",
                        "head=c3"});
  EXPECT_TRUE(vote.code == 0 || vote.err.find("already cast") != std::string::npos) << vote.err;
}

}  // namespace
}  // namespace gongxin::testing
