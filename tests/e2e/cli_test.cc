// The whole named meeting through the real CLI against a real gongxind.
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "ledger/export.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/testing/sample_meeting.h"

namespace gongxin::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

class CliTest : public E2eTest {
 protected:
  // The value after `prefix` on the first line that starts with it.
  static std::string Field(const std::string& out, const std::string& prefix) {
    for (absl::string_view line : absl::StrSplit(out, '\n')) {
      if (absl::ConsumePrefix(&line, prefix)) return std::string(line);
    }
    return "";
  }
};

TEST_F(CliTest, WholeMeetingCountsAndVerifies) {
  const std::string id = CreateOpenMeeting(6);
  ASSERT_EQ(id.size(), 16u);

  // Two-step kiosk flow: check in, then cast with the credential.
  RunResult in = Cli({"kiosk", "checkin", "--meeting", id, "--voter", "v001"});
  ASSERT_EQ(in.code, 0) << in.err;
  std::string credential = Field(in.out, "credential rec ");
  ASSERT_FALSE(credential.empty()) << in.out;
  RunResult cast = Cli({"kiosk", "cast", "--credential", credential, "--choose", "head=c1",
                        "--choose", "deputy=d1,d2"});
  ASSERT_EQ(cast.code, 0) << cast.err;
  std::string receipts = Field(cast.out, "receipt ") + "\n";

  // One-shot votes, a write-in and a blank.
  struct Vote {
    const char* voter;
    std::vector<std::string> args;
  };
  std::vector<Vote> votes = {
      {"v002", {"--choose", "head=c1", "--choose", "deputy=d1"}},
      {"v003", {"--choose", "head=c2", "--choose", "deputy=d1,d3"}},
      {"v004", {"--write-in", "head=孙强", "--choose", "deputy=d2"}},
      {"v005", {}},
  };
  for (const Vote& v : votes) {
    std::vector<std::string> args = {"kiosk", "vote", "--meeting", id, "--voter", v.voter};
    args.insert(args.end(), v.args.begin(), v.args.end());
    RunResult r = Cli(args);
    ASSERT_EQ(r.code, 0) << v.voter << ": " << r.err;
    receipts += Field(r.out, "receipt ") + "\n";
  }
  // A second cast is refused, and says why.
  RunResult again = Cli({"kiosk", "cast", "--credential", credential, "--choose", "head=c2"});
  EXPECT_EQ(again.code, 1);
  EXPECT_THAT(again.err, HasSubstr("ALREADY_EXISTS"));

  RunResult show = Cli({"meeting", "show", id});
  ASSERT_EQ(show.code, 0) << show.err;
  EXPECT_THAT(show.out, HasSubstr("投票中"));
  EXPECT_THAT(show.out, HasSubstr("应到：    6"));
  EXPECT_THAT(show.out, HasSubstr("实到：    5"));

  ASSERT_EQ(Cli({"meeting", "close", id}).code, 0);
  RunResult count = Cli({"tally", "count", id});
  ASSERT_EQ(count.code, 0) << count.err;
  EXPECT_THAT(count.out, HasSubstr("张伟"));
  EXPECT_THAT(count.out, HasSubstr("孙强"));
  EXPECT_THAT(count.out, HasSubstr("40.0%"));  // 张伟: 2 of 5 ballots returned

  RunResult json = Cli({"tally", "show", id, "--format", "json"});
  ASSERT_EQ(json.code, 0) << json.err;
  EXPECT_THAT(json.out, HasSubstr("\"rate_denominator\": 5"));
  RunResult csv = Cli({"tally", "show", id, "--format", "csv", "--lang", "en"});
  ASSERT_EQ(csv.code, 0) << csv.err;
  EXPECT_THAT(csv.out, HasSubstr("c1"));

  const std::string export_file = dir_.File("meeting.gxe");
  RunResult exported = Cli({"audit", "export", id, "--out", export_file});
  ASSERT_EQ(exported.code, 0) << exported.err;
  std::ofstream(dir_.File("receipts.txt")) << receipts;
  RunResult verified = Cli({"audit", "verify", export_file, "--trust", trust_, "--receipts",
                            dir_.File("receipts.txt")});
  EXPECT_EQ(verified.code, 0) << verified.out << verified.err;
  EXPECT_THAT(verified.out, HasSubstr("OK: meeting " + id));
  EXPECT_THAT(verified.out, HasSubstr("5 receipts found"));
  EXPECT_EQ(std::count(verified.out.begin(), verified.out.end(), '\n'), 1)
      << "the verdict should be one line: " << verified.out;

  // Nothing of a voter's choice reaches the server's log.
  EXPECT_THAT(ServerLog(), ::testing::Not(HasSubstr("孙强")));
  EXPECT_THAT(ServerLog(), ::testing::Not(HasSubstr("v004")));
}

// The staff of an organisation department read Chinese: the help and the
// advice after a refusal are Chinese unless --lang en asks for English; the
// status code stays on the first line for scripts.
TEST_F(CliTest, HelpAndErrorsAreChineseByDefaultAndEnglishWithLangEn) {
  RunResult zh = Cli({"--help"});
  EXPECT_EQ(zh.code, 0) << zh.err;
  EXPECT_THAT(zh.out, AllOf(HasSubstr("用法"), HasSubstr("登记会议并推进会议状态"),
                            HasSubstr("显示此帮助并退出")));
  EXPECT_THAT(zh.out, Not(HasSubstr("Print this help")));
  RunResult en = Cli({"--lang", "en", "--help"});
  EXPECT_THAT(en.out, AllOf(HasSubstr("Usage"), HasSubstr("create meetings and move them")));
  EXPECT_THAT(en.out, Not(HasSubstr("登记会议并推进会议状态")));

  RunResult missing = Cli({"meeting", "show", "no-such-meeting"});
  EXPECT_EQ(missing.code, 1);
  EXPECT_THAT(missing.err, AllOf(HasSubstr("NOT_FOUND"), HasSubstr("未找到：核对上面指出的编号或文件路径")));
  RunResult missing_en = Cli({"--lang", "en", "meeting", "show", "no-such-meeting"});
  EXPECT_THAT(missing_en.err, AllOf(HasSubstr("NOT_FOUND"), HasSubstr("Not found: check the")));
}

TEST_F(CliTest, PublicExportHidesWhoChoseWhatAndStillVerifies) {
  const std::string id = CreateOpenMeeting(6);
  for (const char* v : {"v001", "v002", "v003"}) {
    ASSERT_EQ(Cli({"kiosk", "vote", "--meeting", id, "--voter", v, "--choose", "head=c2",
                   "--write-in", "head=欧阳修"}).code, 1);  // over-vote: refused
    ASSERT_EQ(Cli({"kiosk", "vote", "--meeting", id, "--voter", v, "--choose", "head=c2"}).code, 0);
  }
  ASSERT_EQ(Cli({"meeting", "close", id}).code, 0);
  ASSERT_EQ(Cli({"tally", "count", id}).code, 0);
  // Any role may take the public record; the full one is refused to a kiosk.
  const std::string file = dir_.File("public.gxe");
  RunResult exported = Cli({"--as", "kiosk", "audit", "export", id, "--out", file, "--public"});
  ASSERT_EQ(exported.code, 0) << exported.err;
  RunResult full = Cli({"--as", "kiosk", "audit", "export", id, "--out", dir_.File("full.gxe")});
  EXPECT_EQ(full.code, 1);
  EXPECT_THAT(full.err, HasSubstr("PERMISSION_DENIED"));

  RunResult verified = Cli({"audit", "verify", file, "--trust", trust_});
  EXPECT_EQ(verified.code, 0) << verified.out;
  EXPECT_THAT(verified.out, HasSubstr("public export"));
  // Scan it: no opening at all, and no voter id or name inside any entry.
  std::ifstream in(file, std::ios::binary);
  ledger::ExportReader reader(&in);
  ASSERT_TRUE(reader.ReadMagic().ok());
  v1::ExportRecord r;
  int entries = 0;
  while (*reader.Next(&r)) {
    EXPECT_FALSE(r.has_opening()) << "a public export carries an opening";
    if (!r.has_entry()) continue;
    ++entries;
    for (int i = 1; i <= 6; ++i) {
      EXPECT_THAT(r.entry(), ::testing::Not(HasSubstr(VoterId(i))));
      EXPECT_THAT(r.entry(), ::testing::Not(HasSubstr(absl::StrCat("投票人", i))));
    }
  }
  EXPECT_GT(entries, 8);
}

TEST_F(CliTest, IllFormedWriteInIsRefusedNamingTheFieldAndTypedTextIsSentInNfc) {
  const std::string id = CreateOpenMeeting(3);
  // A truncated character goes over the wire as it is: INVALID_ARGUMENT
  // naming the field, not an empty INTERNAL.
  RunResult bad = Cli({"kiosk", "vote", "--meeting", id, "--voter", "v001", "--write-in",
                       "head=\xe5\xad"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_THAT(bad.err, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(bad.err, HasSubstr("ballot.answers[0].write_ins[0]: not well-formed UTF-8"));
  // Typed decomposed (e + U+0301): the CLI composes it, the server takes it.
  RunResult ok = Cli({"kiosk", "vote", "--meeting", id, "--voter", "v001", "--write-in",
                      "head=Jose\u0301"});
  ASSERT_EQ(ok.code, 0) << ok.err;
  ASSERT_EQ(Cli({"meeting", "close", id}).code, 0);
  ASSERT_EQ(Cli({"tally", "count", id}).code, 0);
  RunResult shown = Cli({"tally", "show", id, "--format", "csv"});
  EXPECT_THAT(shown.out, HasSubstr("Jos\u00e9"));
  EXPECT_THAT(shown.out, ::testing::Not(HasSubstr("Jose\u0301")));
}

// A full export holds the openings, so it says who chose what on named
// forms: readable by its owner alone, like the full report. And checking a
// receipt against a fetched export leaves no copy of it anywhere.
TEST_F(CliTest, FullExportIsPrivateAndReceiptCheckLeavesNoCopyBehind) {
  const std::string id = CreateOpenMeeting(3);
  RunResult vote = Cli({"kiosk", "vote", "--meeting", id, "--voter", "v001", "--choose", "head=c1"});
  ASSERT_EQ(vote.code, 0) << vote.err;
  const std::string receipt = Field(vote.out, "receipt ");
  ASSERT_FALSE(receipt.empty()) << vote.out;

  const std::string full = dir_.File("full.gxe");
  std::ofstream(full) << "an older file of that name, world-readable";
  ASSERT_EQ(::chmod(full.c_str(), 0644), 0);
  ASSERT_EQ(Cli({"audit", "export", id, "--out", full}).code, 0);
  ASSERT_EQ(Cli({"audit", "export", id, "--out", dir_.File("public.gxe"), "--public"}).code, 0);
  struct stat st;
  ASSERT_EQ(::stat(full.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "the full export must be readable by its owner only";
  ASSERT_EQ(::stat(dir_.File("public.gxe").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  EXPECT_FALSE(std::filesystem::exists(full + ".partial"));

  // The CLI's temporary directory is this one (TMPDIR, as
  // std::filesystem::temp_directory_path reads it): it must stay empty.
  const std::string tmp = dir_.File("tmp");
  ASSERT_TRUE(std::filesystem::create_directory(tmp));
  ASSERT_EQ(::setenv("TMPDIR", tmp.c_str(), 1), 0);
  RunResult checked = Cli({"--lang", "en", "receipt", "check", receipt, "--meeting", id,
                           "--trust", trust_});
  ::unsetenv("TMPDIR");
  EXPECT_EQ(checked.code, 0) << checked.out << checked.err;
  EXPECT_THAT(checked.out, HasSubstr("included"));
  EXPECT_TRUE(std::filesystem::is_empty(tmp)) << "receipt check left a file in the temporary directory";
}

TEST_F(CliTest, VerifyRefusesAnotherServersKey) {
  const std::string id = CreateOpenMeeting(3);
  const std::string export_file = dir_.File("m.gxe");
  ASSERT_EQ(Cli({"audit", "export", id, "--out", export_file}).code, 0);
  RunResult other = RunCommand({GongxindBinary(), "--data-dir", dir_.File("other"), "--print-public-key"},
                        dir_.path());
  ASSERT_EQ(other.code, 0);
  std::ofstream(dir_.File("other.pem")) << other.out;
  RunResult verified = Cli({"audit", "verify", export_file, "--trust", dir_.File("other.pem")});
  EXPECT_EQ(verified.code, 3);
  EXPECT_THAT(verified.out, HasSubstr("FAILED"));
  EXPECT_THAT(verified.out, HasSubstr("trusted key"));
}

TEST_F(CliTest, UsageErrorsExitTwoNamingTheOption) {
  // docs/api.md: 2 is a usage error (CLI11's own 105 and 106 were not).
  RunResult unknown = Cli({"--lang", "en", "meeting", "list", "--no-such-flag"});
  EXPECT_EQ(unknown.code, 2) << unknown.err;
  EXPECT_THAT(unknown.err, HasSubstr("--no-such-flag"));
  RunResult bad_value = Cli({"--lang", "xx", "meeting", "list"});
  EXPECT_EQ(bad_value.code, 2) << bad_value.err;
  EXPECT_THAT(bad_value.err, HasSubstr("--lang"));
}

TEST_F(CliTest, WrongRoleIsRefused) {
  WriteSampleMeetingFiles(dir_.path(), 3);
  RunResult r = Cli({"--as", "kiosk", "meeting", "create", "--spec", dir_.File("meeting.yaml")});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("PERMISSION_DENIED"));
  EXPECT_THAT(r.err, HasSubstr("admin"));
}

TEST_F(CliTest, BadSpecAndRollNameFileAndPlace) {
  WriteSampleMeetingFiles(dir_.path(), 3);
  std::ofstream(dir_.File("bad.yaml")) << "title: x\nunit: y\nroll: voters.csv\ngroups:\n"
                                          "  - {id: staff, name: 干部}\nforms:\n  - id: f\n"
                                          "    title: t\n    mode: named\n    questions:\n"
                                          "      - id: q\n        title: q\n        kind: approval\n"
                                          "        post: p\n        seats: abc\n";
  RunResult r = Cli({"meeting", "create", "--spec", dir_.File("bad.yaml")});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("bad.yaml:15"));
  EXPECT_THAT(r.err, HasSubstr("seats"));

  std::ofstream(dir_.File("dup.csv")) << "voter_id,name,group\nv001,甲,staff\nv001,乙,staff\n";
  r = Cli({"meeting", "create", "--spec", dir_.File("meeting.yaml"), "--roll", dir_.File("dup.csv")});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("dup.csv"));
  EXPECT_THAT(r.err, HasSubstr("row 3"));
}

TEST_F(CliTest, ServerRestartKeepsTheMeeting) {
  const std::string id = CreateOpenMeeting(3);
  ASSERT_EQ(Cli({"kiosk", "vote", "--meeting", id, "--voter", "v001", "--choose", "head=c1"}).code, 0);
  server_->Kill(SIGTERM);
  StartServer();
  RunResult show = Cli({"meeting", "show", id, "--lang", "en"});
  ASSERT_EQ(show.code, 0) << show.err;
  EXPECT_THAT(show.out, HasSubstr("checked in: 1"));
  EXPECT_THAT(show.out, HasSubstr("open"));
}

// A room: kiosks and phones reach gongxind by the laptop's address on the
// room's network. 127.0.0.2 stands in for it (never a real network).
TEST_F(CliTest, KiosksReachTheServerByTheRoomsAddressThatPkiInitNames) {
  const std::string room_pki = dir_.File("room-pki");
  RunResult init = Cli({"pki", "init", room_pki, "--ip", "127.0.0.2", "--dns", "vote.room"});
  ASSERT_EQ(init.code, 0) << init.err;
  auto start = [&](const std::string& pki, const std::string& name) {
    const std::string port_file = dir_.File(name + ".port");
    auto server = std::make_unique<Process>(
        std::vector<std::string>{GongxindBinary(), "--listen", "127.0.0.2:0", "--data-dir",
                                 dir_.File(name + "-data"), "--tls-dir", pki, "--port-file",
                                 port_file},
        dir_.File(name + ".out"), dir_.File(name + ".err"));
    const std::string port = WaitForFile(port_file, std::chrono::seconds(30));
    EXPECT_FALSE(port.empty()) << server->Stderr();
    return std::make_pair(std::move(server),
                          absl::StrCat("127.0.0.2:", absl::StripAsciiWhitespace(port)));
  };
  auto [room, room_address] = start(room_pki, "room");
  RunResult listed = RunCommand(
      {GongxinBinary(), "--pki", room_pki, "--server", room_address, "meeting", "list"},
      dir_.path());
  EXPECT_EQ(listed.code, 0) << listed.err;
  // The quick-start PKI names only 127.0.0.1 and localhost: a kiosk on the
  // room's network is refused by TLS, as the user found.
  auto [plain, plain_address] = start(Pki(), "plain");
  RunResult refused = RunCommand(
      {GongxinBinary(), "--pki", Pki(), "--server", plain_address, "meeting",
       "list"},
      dir_.path());
  EXPECT_NE(refused.code, 0) << "a certificate without 127.0.0.2 was accepted for it";
}

}  // namespace
}  // namespace gongxin::testing
