// Tests of gongxin_ledger_tamper, the attacker tool the end-to-end tamper
// tests rely on: if it silently did nothing, those tests would pass for the
// wrong reason.
#include <stdio.h>
#include <sys/wait.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/rocksdb_store.h"
#include "tests/storage/store_testing.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::storage {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct ToolResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

ToolResult RunTool(const std::string& args) {
  ToolResult result;
  const std::string command =
      std::string("'") + GONGXIN_TAMPER_TOOL + "' " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "popen failed: " << command;
    return result;
  }
  char buffer[256];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) {
    result.output.append(buffer, n);
  }
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

class TamperToolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenRocksDbStore(dir_));
    AppendBatch batch;
    batch.chain = "c1";
    batch.entries = {"abc", "def", "ghi"};
    ASSERT_OK(store->Append(batch));
  }

  ToolResult Tamper(const std::string& args) {
    return RunTool("'" + dir_ + "' " + args);
  }

  std::vector<std::string> ReadAll() {
    std::vector<std::string> out;
    absl::StatusOr<std::unique_ptr<Store>> store = OpenRocksDbStore(dir_);
    EXPECT_OK(store);
    if (!store.ok()) return out;
    EXPECT_OK((*store)->ReadEntries("c1", 0, 3,
                                    [&](uint64_t, absl::string_view bytes) {
                                      out.emplace_back(bytes);
                                      return absl::OkStatus();
                                    }));
    return out;
  }

  ::gongxin::testing::TempDir tmp_;
  const std::string dir_ = tmp_.File("db");
};

TEST_F(TamperToolTest, FlipChangesOneBitOfOneEntry) {
  const ToolResult r = Tamper("flip c1 1 2");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("flipped chain c1 entry 1 byte 2"));
  EXPECT_THAT(ReadAll(), ElementsAre("abc", "deg", "ghi"));  // 'f' ^ 1 == 'g'
}

TEST_F(TamperToolTest, SwapExchangesTwoEntries) {
  const ToolResult r = Tamper("swap c1 0 2");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("swapped chain c1 entries 0 and 2"));
  EXPECT_THAT(ReadAll(), ElementsAre("ghi", "def", "abc"));
}

TEST_F(TamperToolTest, DeleteLeavesAGapTheStoreReports) {
  const ToolResult r = Tamper("delete c1 1");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("deleted chain c1 entry 1"));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenRocksDbStore(dir_));
  EXPECT_THAT(store->ReadEntry("c1", 1), StatusIs(absl::StatusCode::kDataLoss));
}

TEST_F(TamperToolTest, DeleteOfLastEntryIsCaughtAtOpen) {
  EXPECT_EQ(Tamper("delete c1 2").exit_code, 0);
  EXPECT_THAT(OpenRocksDbStore(dir_), StatusIs(absl::StatusCode::kDataLoss));
}

TEST_F(TamperToolTest, RefusesWhatItCannotDo) {
  EXPECT_EQ(Tamper("delete c1 3").exit_code, 1);     // no such entry
  EXPECT_EQ(Tamper("flip c1 0 3").exit_code, 1);     // past the entry's end
  EXPECT_EQ(Tamper("flip c1 x 0").exit_code, 1);     // not a number
  EXPECT_EQ(Tamper("swap c1 0").exit_code, 2);       // usage
  EXPECT_EQ(Tamper("rewrite c1 0 1").exit_code, 2);  // usage
  EXPECT_THAT(ReadAll(), ElementsAre("abc", "def", "ghi"));

  const std::string missing = tmp_.File("missing");
  EXPECT_EQ(RunTool("'" + missing + "' delete c1 0").exit_code, 1);
  EXPECT_FALSE(std::filesystem::exists(missing));
}

}  // namespace
}  // namespace gongxin::storage
