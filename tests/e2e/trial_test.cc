// A trial vote (试投票) end to end through real processes: gongxind over
// mutual TLS with a RocksDB data directory, the CLI for every role. Voters
// practise on a trial marked 【试投票】 on the terminal, it is closed,
// refused a purge while open, purged; then every file of the data
// directory is read raw, and nothing of the trial's ballots, voters or
// entries may be left — only the registry leaf that records the purge,
// which the auditor's `audit registry` lists after a restart. The formal
// meeting that follows counts nothing of the trial.
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/testing/raw_files.h"
#include "tests/testing/sample_meeting.h"

namespace gongxin::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// What only the trial's voters and ballots carry, to look for on disk.
constexpr char kWriteIn[] = "WRITEIN-K3V8";
std::string TrialVoterId(int i) { return absl::StrCat("tq9x0", i); }
std::string TrialVoterName(int i) { return absl::StrCat("练习人", i, "-QX7Z"); }

class TrialE2eTest : public E2eTest {
 protected:
  // The sample meeting's forms as a trial, on a roll of its own.
  std::string CreateTrial() {
    v1::MeetingSpec spec = SampleSpec();
    spec.set_trial(true);
    v1::Roll roll;
    for (int i = 1; i <= 3; ++i) {
      v1::Voter* v = roll.add_voters();
      v->set_id(TrialVoterId(i));
      v->set_name(TrialVoterName(i));
      v->set_group(i == 1 ? "leaders" : "staff");
    }
    std::ofstream(dir_.File("trial-voters.csv")) << RollCsv(roll);
    std::ofstream(dir_.File("trial.yaml")) << SpecYaml(spec, "trial-voters.csv");
    RunResult created = Cli({"meeting", "create", "--spec", dir_.File("trial.yaml")});
    EXPECT_EQ(created.code, 0) << created.err;
    return std::string(absl::StripAsciiWhitespace(created.out));
  }

  uint64_t LedgerSize(const std::string& id) {
    RunResult show = Cli({"meeting", "show", id, "--format", "json"});
    EXPECT_EQ(show.code, 0) << show.err;
    // "size": "12" in the head (uint64 as a JSON string).
    const size_t at = show.out.find("\"size\": \"");
    if (at == std::string::npos) return 0;
    uint64_t size = 0;
    const size_t begin = at + 9;
    EXPECT_TRUE(absl::SimpleAtoi(show.out.substr(begin, show.out.find('"', begin) - begin), &size));
    return size;
  }

  void StopServer() { ASSERT_EQ(server_->Kill(SIGTERM), 0) << ServerLog(); }

  // Needles whose presence anywhere in the data directory means some of
  // the trial is still on disk.
  std::vector<std::string> TrialNeedles(const std::vector<std::string>& entries) {
    std::vector<std::string> needles = {kWriteIn};
    for (int i = 1; i <= 3; ++i) {
      needles.push_back(TrialVoterId(i));
      needles.push_back(TrialVoterName(i));
    }
    needles.insert(needles.end(), entries.begin(), entries.end());
    return needles;
  }
};

TEST_F(TrialE2eTest, TrialIsMarkedPurgedProvablyAndCountsNothing) {
  const std::string trial = CreateTrial();
  ASSERT_EQ(trial.size(), 16u);
  RunResult shown = Cli({"meeting", "show", trial});
  EXPECT_THAT(shown.out, HasSubstr("【试投票】"));
  ASSERT_EQ(Cli({"meeting", "announce", trial}).code, 0);
  ASSERT_EQ(Cli({"meeting", "open", trial}).code, 0);

  RunResult form = Cli({"--lang", "en", "kiosk", "form", "--meeting", trial});
  ASSERT_EQ(form.code, 0) << form.err;
  EXPECT_THAT(form.out, HasSubstr("TRIAL VOTE — not counted"));
  RunResult first = Cli({"kiosk", "vote", "--meeting", trial, "--voter", TrialVoterId(1),
                         "--write-in", absl::StrCat("head=", kWriteIn), "--choose", "deputy=d1"});
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_THAT(first.out, HasSubstr("【试投票】"));
  ASSERT_EQ(Cli({"kiosk", "vote", "--meeting", trial, "--voter", TrialVoterId(2), "--choose",
                 "head=c1"})
                .code,
            0);

  // Refused while voters may still be at the booth; nothing changes.
  RunResult open_purge = Cli({"meeting", "purge-trial", trial});
  EXPECT_EQ(open_purge.code, 1);
  EXPECT_THAT(open_purge.err, AllOf(HasSubstr("FAILED_PRECONDITION"), HasSubstr("close it first")));

  ASSERT_EQ(Cli({"meeting", "close", trial}).code, 0);
  RunResult count = Cli({"tally", "count", trial});
  ASSERT_EQ(count.code, 0) << count.err;
  EXPECT_THAT(count.out, HasSubstr("【试投票】"));
  EXPECT_THAT(count.out, HasSubstr(kWriteIn));
  const uint64_t size = LedgerSize(trial);
  ASSERT_GT(size, 5u);
  // Every entry after the genesis, exactly as stored.
  RunResult listed = Cli({"audit", "entries", trial, "--from", "1", "--to", absl::StrCat(size)});
  ASSERT_EQ(listed.code, 0) << listed.err;
  std::vector<std::string> entries;
  for (absl::string_view line : absl::StrSplit(listed.out, '\n', absl::SkipEmpty())) {
    std::string bytes;
    ASSERT_TRUE(absl::Base64Unescape(line, &bytes));
    entries.push_back(bytes);
  }
  ASSERT_EQ(entries.size(), size - 1);
  const std::vector<std::string> needles = TrialNeedles(entries);

  // The control: before the purge, the trial is there to be found raw.
  StopServer();
  for (const std::string& needle : {std::string(kWriteIn), TrialVoterName(1), entries.back()}) {
    EXPECT_THAT(FilesHolding(Data(), needle), Not(IsEmpty()))
        << "the trial's bytes should be on disk before the purge: " << absl::CHexEscape(needle);
  }
  StartServer();

  // A formal meeting is never purged; an unknown id is not found.
  const std::string formal = CreateOpenMeeting(4);
  RunResult formal_purge = Cli({"meeting", "purge-trial", formal});
  EXPECT_EQ(formal_purge.code, 1);
  EXPECT_THAT(formal_purge.err,
              AllOf(HasSubstr("FAILED_PRECONDITION"), HasSubstr("not a trial vote")));
  RunResult unknown = Cli({"meeting", "purge-trial", "00000000deadbeef"});
  EXPECT_EQ(unknown.code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("NOT_FOUND"));

  RunResult purged = Cli({"--lang", "en", "meeting", "purge-trial", trial});
  ASSERT_EQ(purged.code, 0) << purged.err;
  EXPECT_THAT(purged.out, HasSubstr(absl::StrCat("trial meeting ", trial, " purged")));
  EXPECT_THAT(purged.out, HasSubstr(absl::StrCat("final head: ", size, " entries")));
  RunResult twice = Cli({"meeting", "purge-trial", trial});
  EXPECT_EQ(twice.code, 1);
  EXPECT_THAT(twice.err, AllOf(HasSubstr("NOT_FOUND"), HasSubstr("purged")));

  // Every byte the server left: the ledger's files (tables, logs, MANIFEST)
  // and the secrets directory, read raw with the server stopped.
  StopServer();
  int left = 0;
  for (const std::string& needle : needles) {
    const std::vector<std::string> files = FilesHolding(Data(), needle);
    if (!files.empty() && left++ < 5) {
      ADD_FAILURE() << "the purged trial's bytes " << absl::CHexEscape(needle.substr(0, 40))
                    << " are still in " << files.front();
    }
  }
  EXPECT_EQ(left, 0) << "of " << needles.size() << " needles, " << left << " are still on disk";
  for (const std::filesystem::path& path : FilesUnder(Data())) {
    EXPECT_EQ(path.filename().string().find(trial), std::string::npos) << path;
  }
  // What stays by design: the registry leaves naming the trial.
  EXPECT_THAT(FilesHolding(Data(), trial), Not(IsEmpty()));

  // A restart does not bring it back, and the auditor sees the purge.
  StartServer();
  RunResult gone = Cli({"meeting", "show", trial});
  EXPECT_EQ(gone.code, 1);
  EXPECT_THAT(gone.err, AllOf(HasSubstr("NOT_FOUND"), HasSubstr("purged")));
  RunResult vkey = Cli({"audit", "verifier-key"});
  ASSERT_EQ(vkey.code, 0) << vkey.err;
  RunResult registry = Cli({"audit", "registry", "--trust-note-key",
                            std::string(absl::StripTrailingAsciiWhitespace(vkey.out))});
  EXPECT_EQ(registry.code, 0) << registry.out << registry.err;
  EXPECT_THAT(registry.out, HasSubstr(absl::StrCat("0\t", trial, "\tcreated ")));
  EXPECT_THAT(registry.out, HasSubstr("(trial, purged at leaf 2)"));
  EXPECT_THAT(registry.out, HasSubstr(absl::StrCat("2\t", trial, "\tpurged ")));
  EXPECT_THAT(registry.out, HasSubstr(absl::StrCat("final ", size, " entries")));
  // Three leaves: the trial, the formal meeting and the purge — two meetings.
  EXPECT_THAT(registry.out, HasSubstr(": 3 leaves, root "));
  EXPECT_THAT(registry.out, HasSubstr("2 meeting(s) created, 1 of them trial votes purged"))
      << "the purge leaf is not a meeting";

  // The formal meeting counts its own ballot and nothing of the trial's.
  ASSERT_EQ(Cli({"kiosk", "vote", "--meeting", formal, "--voter", "v001", "--choose",
                 "head=c2"})
                .code,
            0);
  ASSERT_EQ(Cli({"meeting", "close", formal}).code, 0);
  RunResult formal_count = Cli({"tally", "count", formal});
  ASSERT_EQ(formal_count.code, 0) << formal_count.err;
  EXPECT_THAT(formal_count.out, Not(HasSubstr("试投票")));
  EXPECT_THAT(formal_count.out, Not(HasSubstr(kWriteIn)));
  RunResult formal_show = Cli({"--lang", "en", "meeting", "show", formal});
  EXPECT_THAT(formal_show.out, HasSubstr("cast:       1"));
  const std::string export_file = dir_.File("formal.gxe");
  ASSERT_EQ(Cli({"audit", "export", formal, "--out", export_file}).code, 0);
  RunResult verified = Cli({"audit", "verify", export_file, "--trust", trust_});
  EXPECT_EQ(verified.code, 0) << verified.out << verified.err;
  EXPECT_THAT(verified.out, Not(HasSubstr("TRIAL")));
}

}  // namespace
}  // namespace gongxin::testing
