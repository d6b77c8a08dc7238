// gongxin-verify stands alone: it links no gRPC (an auditor builds and runs
// it without the service's stack), and it gives the verdict `gongxin audit
// verify` gives on a real meeting's export, good or tampered.
#include <filesystem>
#include <fstream>
#include <memory>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/export.h"
#include "server/meeting.h"
#include "storage/memory_store.h"
#include "tests/testing/process.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace gongxin {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string VerifyBinary() { return std::string(GONGXIN_BINARY_DIR) + "/verifier/gongxin-verify"; }

TEST(StandaloneVerifierTest, LinksNoGrpc) {
  testing::TempDir dir;
  const testing::RunResult ldd = testing::RunCommand({"/usr/bin/ldd", VerifyBinary()}, dir.path());
  ASSERT_EQ(ldd.code, 0) << ldd.err;
  EXPECT_THAT(ldd.out, HasSubstr("libprotobuf")) << "ldd printed nothing useful:\n" << ldd.out;
  EXPECT_THAT(ldd.out, Not(HasSubstr("libgrpc"))) << "gongxin-verify links gRPC:\n" << ldd.out;
  EXPECT_THAT(ldd.out, Not(HasSubstr("libgpr"))) << "gongxin-verify links gRPC:\n" << ldd.out;
}

class StandaloneVerifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(auto key, crypto::Ed25519PrivateKey::Generate());
    key_ = std::make_unique<crypto::Ed25519PrivateKey>(std::move(key));
    store_ = storage::NewMemoryStore();
    ASSERT_OK_AND_ASSIGN(auto meeting,
                         server::Meeting::Create(store_.get(), key_.get(), "m1",
                                                 testing::SampleSpec(), testing::SampleRoll(6),
                                                 "admin-1", dir_.File("secrets")));
    for (auto to : {v1::MEETING_STATUS_ANNOUNCED, v1::MEETING_STATUS_OPEN}) {
      ASSERT_OK(meeting->Transition(to, "admin-1").status());
    }
    for (int i = 1; i <= 4; ++i) {
      ASSERT_OK_AND_ASSIGN(auto checked_in, meeting->CheckIn(testing::VoterId(i), "kiosk-1"));
      v1::Ballot ballot;
      ballot.set_form_id("rec");
      auto* a = ballot.add_answers();
      a->set_question_id("head");
      a->add_choices(i % 2 ? "c1" : "c2");
      ASSERT_OK(meeting->Cast(checked_in.credentials(0), ballot).status());
    }
    ASSERT_OK(meeting->Transition(v1::MEETING_STATUS_CLOSED, "admin-1").status());
    ASSERT_OK(meeting->Count("officer-1").status());
    std::ofstream out(dir_.File("m1.export"), std::ios::binary);
    ledger::ExportWriter writer(&out);
    ASSERT_OK(meeting->Export([&](const v1::ExportRecord& r) { return writer.Write(r); }));
    out.close();
    std::ofstream(dir_.File("server.pub")) << key_->public_key().ToPem();
  }

  testing::RunResult Verify(const std::string& file) {
    return testing::RunCommand({VerifyBinary(), file, "--trust", dir_.File("server.pub")},
                               dir_.path());
  }

  testing::TempDir dir_;
  std::unique_ptr<crypto::Ed25519PrivateKey> key_;
  std::unique_ptr<storage::Store> store_;
};

TEST_F(StandaloneVerifyTest, VerifiesARealExport) {
  const testing::RunResult r = Verify(dir_.File("m1.export"));
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("m1"));
  EXPECT_THAT(r.out, Not(HasSubstr("FAILED")));
}

TEST_F(StandaloneVerifyTest, TamperedExportFailsWithExitCodeThree) {
  std::string bytes = testing::ReadWholeFile(dir_.File("m1.export"));
  // A choice in the last ballot entry, c2 → c3: the bytes still parse.
  const size_t at = bytes.rfind("c2");
  ASSERT_NE(at, std::string::npos);
  bytes[at + 1] = '3';
  std::ofstream(dir_.File("tampered.export"), std::ios::binary) << bytes;
  const testing::RunResult r = Verify(dir_.File("tampered.export"));
  EXPECT_EQ(r.code, 3) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("FAILED"));
}

TEST_F(StandaloneVerifyTest, MissingKeyIsBadInputNotABadRecord) {
  const testing::RunResult r = testing::RunCommand(
      {VerifyBinary(), dir_.File("m1.export"), "--trust", dir_.File("nope.pub")}, dir_.path());
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("--trust"));
}

}  // namespace
}  // namespace gongxin
