// End-to-end fixture: real gongxind and gongxin processes on 127.0.0.1,
// mutual TLS from `gongxin pki init`, a RocksDB data directory per test.
#ifndef GONGXIN_TESTS_E2E_E2E_FIXTURE_H_
#define GONGXIN_TESTS_E2E_E2E_FIXTURE_H_

#include <fstream>
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

// Appended to the sample spec: rule S-2 as shipped over rec/head, and a
// count two officers approve.
inline constexpr char kS2SpecYaml[] = R"(count_approvals_required: 2
composites:
  - id: s2
    title: 局长考察人选综合得分
    preset: S-2
    form: rec
    question: head
)";

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
  // With `extra_yaml` appended to the sample spec (a composite, a panel).
  std::string CreateOpenMeeting(int voters, const std::string& extra_yaml = "") {
    WriteSampleMeetingFiles(dir_.path(), voters);
    if (!extra_yaml.empty()) std::ofstream(dir_.File("meeting.yaml"), std::ios::app) << extra_yaml;
    RunResult created = Cli({"meeting", "create", "--spec", dir_.File("meeting.yaml")});
    EXPECT_EQ(created.code, 0) << created.err;
    std::string id(absl::StripAsciiWhitespace(created.out));
    EXPECT_EQ(Cli({"meeting", "announce", id}).code, 0);
    EXPECT_EQ(Cli({"meeting", "open", id}).code, 0);
    return id;
  }

  // The sample meeting of 6 voters (spec plus `extra_yaml`), open, with 6
  // named ballots for rec/head: c1 3, c2 2, c3 1. The officer tests score
  // this ranking.
  std::string SixBallotsForHead(const std::string& extra_yaml) {
    const std::string id = CreateOpenMeeting(6, extra_yaml);
    const char* choices[] = {"c1", "c1", "c1", "c2", "c2", "c3"};
    for (int i = 0; i < 6; ++i) {
      RunResult v = Cli({"kiosk", "vote", "--meeting", id, "--voter", VoterId(i + 1), "--choose",
                         std::string("head=") + choices[i]});
      EXPECT_EQ(v.code, 0) << v.err;
    }
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
