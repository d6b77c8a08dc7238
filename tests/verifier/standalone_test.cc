// gongxin-verify stands alone: it links no gRPC (an auditor builds and runs
// it without the service's stack), and it gives the verdict `gongxin audit
// verify` gives on a real meeting's export, good or tampered.
#include <filesystem>
#include <fstream>
#include <memory>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/process.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/verifier/counted_export.h"

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
    ASSERT_NO_FATAL_FAILURE(testing::MakeCountedExport(dir_, 6, 4, &export_));
    std::ofstream(dir_.File("m1.export"), std::ios::binary) << export_.bytes;
    std::ofstream(dir_.File("server.pub")) << export_.key->public_key().ToPem();
  }

  testing::RunResult Verify(const std::string& file) {
    return testing::RunCommand({VerifyBinary(), file, "--trust", dir_.File("server.pub")},
                               dir_.path());
  }

  testing::TempDir dir_;
  testing::CountedExport export_;
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
