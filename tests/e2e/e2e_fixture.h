// End-to-end fixture: real gongxind and gongxin processes on 127.0.0.1,
// mutual TLS from `gongxin pki init`, a RocksDB data directory per test.
#ifndef GONGXIN_TESTS_E2E_E2E_FIXTURE_H_
#define GONGXIN_TESTS_E2E_E2E_FIXTURE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "tests/testing/process.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/temp_dir.h"

namespace gongxin::testing {

class E2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RunResult pki = Cli({"pki", "init", Pki()});
    ASSERT_EQ(pki.code, 0) << pki.err;
    RunResult key = RunCommand({GongxindBinary(), "--data-dir", Data(), "--print-public-key"},
                        dir_.path());
    ASSERT_EQ(key.code, 0) << key.err;
    trust_ = dir_.File("server-public.pem");
    std::ofstream(trust_) << key.out;
    StartServer();
  }

  void StartServer() {
    const std::string port_file = dir_.File("port");
    std::remove(port_file.c_str());
    ++server_runs_;
    std::vector<std::string> argv = {GongxindBinary(), "--listen", "127.0.0.1:0", "--data-dir",
                                     Data(), "--tls-dir", Pki(), "--port-file", port_file};
    argv.insert(argv.end(), extra_server_args_.begin(), extra_server_args_.end());
    server_ = std::make_unique<Process>(
        std::move(argv),
        dir_.File(absl::StrCat("gongxind-", server_runs_, ".out")),
        dir_.File(absl::StrCat("gongxind-", server_runs_, ".err")));
    ASSERT_TRUE(server_->started());
    std::string port = WaitForFile(port_file, std::chrono::seconds(30));
    ASSERT_FALSE(port.empty()) << "gongxind did not start: " << server_->Stderr();
    address_ = absl::StrCat("127.0.0.1:", absl::StripAsciiWhitespace(port));
  }

  // Cli runs the gongxin CLI against this test's server.
  RunResult Cli(std::vector<std::string> args) {
    std::vector<std::string> argv = {GongxinBinary(), "--pki", Pki()};
    if (!address_.empty()) {
      argv.push_back("--server");
      argv.push_back(address_);
    }
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv, dir_.path());
  }

  // CreateOpenMeeting creates the sample meeting (tests/testing/
  // sample_meeting.h) with `voters` voters through the CLI, announces and
  // opens it, and returns its id.
  std::string CreateOpenMeeting(int voters) {
    WriteSampleMeetingFiles(dir_.path(), voters);
    RunResult created = Cli({"meeting", "create", "--spec", dir_.File("meeting.yaml")});
    EXPECT_EQ(created.code, 0) << created.err;
    std::string id(absl::StripAsciiWhitespace(created.out));
    EXPECT_EQ(Cli({"meeting", "announce", id}).code, 0);
    EXPECT_EQ(Cli({"meeting", "open", id}).code, 0);
    return id;
  }

  std::string Pki() const { return dir_.File("pki"); }
  std::string Data() const { return dir_.File("data"); }
  std::string ServerLog() const { return server_ ? server_->Stderr() : ""; }

  TempDir dir_;
  std::unique_ptr<Process> server_;
  std::string address_;
  std::string trust_;
  int server_runs_ = 0;
  // Appended to gongxind's arguments at the next StartServer.
  std::vector<std::string> extra_server_args_;
};

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_E2E_E2E_FIXTURE_H_
