// An attacker edits the ledger — in the RocksDB directory or in the export —
// and the auditor's verify names the entry.
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/export.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/testing/sample_meeting.h"

namespace gongxin::testing {
namespace {

using ::testing::HasSubstr;

class TamperTest : public E2eTest {
 protected:
  // A counted meeting of 4 voters: entries 0 created, 1 announced, 2 open,
  // 3..10 check-in/cast pairs, 11 closed, 12 count.
  void SetUp() override {
    E2eTest::SetUp();
    WriteSampleMeetingFiles(dir_.path(), 4);
    RunResult created = Cli({"meeting", "create", "--spec", dir_.File("meeting.yaml")});
    ASSERT_EQ(created.code, 0) << created.err;
    id_ = std::string(absl::StripAsciiWhitespace(created.out));
    ASSERT_EQ(Cli({"meeting", "announce", id_}).code, 0);
    ASSERT_EQ(Cli({"meeting", "open", id_}).code, 0);
    for (const char* v : {"v001", "v002", "v003", "v004"}) {
      ASSERT_EQ(Cli({"kiosk", "vote", "--meeting", id_, "--voter", v, "--choose", "head=c1"}).code, 0);
    }
    ASSERT_EQ(Cli({"meeting", "close", id_}).code, 0);
    ASSERT_EQ(Cli({"tally", "count", id_}).code, 0);
    export_ = dir_.File("good.gxe");
    ASSERT_EQ(Cli({"audit", "export", id_, "--out", export_}).code, 0);
    RunResult ok = Verify(export_);
    ASSERT_EQ(ok.code, 0) << ok.out;
  }

  // Verifies with one thread and with a worker pipeline: the verdict, and
  // the entry an error names, must not depend on the thread count.
  RunResult Verify(const std::string& file) {
    RunResult single = Cli({"audit", "verify", file, "--trust", trust_, "--threads", "1"});
    RunResult multi = Cli({"audit", "verify", file, "--trust", trust_, "--threads", "4"});
    EXPECT_EQ(multi.code, single.code) << file;
    EXPECT_EQ(multi.out, single.out) << file << ": 4 threads disagree with 1";
    return single;
  }

  // Rewrites the export with `edit` applied to its list of records.
  std::string EditExport(const std::string& name,
                         const std::function<void(std::vector<v1::ExportRecord>&)>& edit) {
    std::ifstream in(export_, std::ios::binary);
    ledger::ExportReader reader(&in);
    EXPECT_TRUE(reader.ReadMagic().ok());
    std::vector<v1::ExportRecord> records;
    v1::ExportRecord r;
    while (*reader.Next(&r)) records.push_back(r);
    edit(records);
    const std::string path = dir_.File(name);
    std::ofstream out(path, std::ios::binary);
    ledger::ExportWriter writer(&out);
    for (const auto& rec : records) EXPECT_TRUE(writer.Write(rec).ok());
    return path;
  }
  // Index of entry `seq` among the export's records.
  static size_t EntryRecord(const std::vector<v1::ExportRecord>& records, int seq) {
    int seen = 0;
    for (size_t i = 0; i < records.size(); ++i) {
      if (records[i].has_entry() && seen++ == seq) return i;
    }
    return records.size();
  }

  RunResult Tamper(std::vector<std::string> args) {
    std::vector<std::string> argv = {TamperBinary(), Data() + "/ledger"};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv, dir_.path());
  }

  std::string id_;
  std::string export_;
};

TEST_F(TamperTest, ProgressGoesToStderrAsPlainLinesWhenNotATerminal) {
  RunResult r = Cli({"audit", "verify", export_, "--trust", trust_, "--progress"});
  ASSERT_EQ(r.code, 0) << r.err;
  // 13 entries, the whole file read: the estimate is exact at the end.
  EXPECT_THAT(r.err, HasSubstr("verified 100%  13/~13 entries")) << r.err;
  EXPECT_EQ(r.err.find('\r'), std::string::npos) << "no redraws into a log";
  EXPECT_THAT(r.out, HasSubstr("OK: meeting"));
}

TEST_F(TamperTest, FlippedByteInTheExportIsNamed) {
  for (int seq : {0, 5, 12}) {
    std::string bad = EditExport(absl::StrCat("flip", seq, ".gxe"), [&](auto& records) {
      std::string* bytes = records[EntryRecord(records, seq)].mutable_entry();
      (*bytes)[bytes->size() / 2] ^= 0x01;
    });
    RunResult r = Verify(bad);
    EXPECT_EQ(r.code, 3) << r.out;
    EXPECT_THAT(r.out, HasSubstr(absl::StrCat("entry ", seq, ":"))) << "flip in entry " << seq;
  }
}

TEST_F(TamperTest, DeletedEntryInTheExportIsNamed) {
  std::string bad = EditExport("deleted.gxe", [&](auto& records) {
    records.erase(records.begin() + EntryRecord(records, 6));
  });
  RunResult r = Verify(bad);
  EXPECT_EQ(r.code, 3);
  EXPECT_THAT(r.out, HasSubstr("entry 6: carries seq 7"));
}

TEST_F(TamperTest, ReorderedEntriesInTheExportAreNamed) {
  std::string bad = EditExport("swapped.gxe", [&](auto& records) {
    std::swap(records[EntryRecord(records, 4)], records[EntryRecord(records, 6)]);
  });
  RunResult r = Verify(bad);
  EXPECT_EQ(r.code, 3);
  EXPECT_THAT(r.out, HasSubstr("entry 4: carries seq 6"));
}

TEST_F(TamperTest, TruncatedExportIsRefused) {
  std::string bad = EditExport("truncated.gxe", [&](auto& records) {
    records.erase(records.begin() + EntryRecord(records, 12), records.end());
  });
  RunResult r = Verify(bad);
  EXPECT_EQ(r.code, 3);
  EXPECT_THAT(r.out, HasSubstr("signed head"));
}

TEST_F(TamperTest, FlippedByteInTheDatabaseIsNamed) {
  server_->Kill(SIGTERM);
  RunResult t = Tamper({"flip", id_, "7", "20"});
  ASSERT_EQ(t.code, 0) << t.err;
  StartServer();
  // The server notices at start-up and keeps the meeting read-only...
  EXPECT_THAT(ServerLog(), HasSubstr("damaged"));
  RunResult vote = Cli({"meeting", "publish", id_});
  EXPECT_EQ(vote.code, 1);
  EXPECT_THAT(vote.err, HasSubstr("DATA_LOSS"));
  // ...and still exports the evidence, which the auditor finds bad.
  const std::string file = dir_.File("from-db.gxe");
  RunResult exported = Cli({"audit", "export", id_, "--out", file});
  ASSERT_EQ(exported.code, 0) << exported.err;
  RunResult r = Verify(file);
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_THAT(r.out, HasSubstr("entry 7:"));
}

TEST_F(TamperTest, SwappedEntriesInTheDatabaseAreNamed) {
  server_->Kill(SIGTERM);
  ASSERT_EQ(Tamper({"swap", id_, "3", "5"}).code, 0);
  StartServer();
  const std::string file = dir_.File("swapped-db.gxe");
  ASSERT_EQ(Cli({"audit", "export", id_, "--out", file}).code, 0);
  RunResult r = Verify(file);
  EXPECT_EQ(r.code, 3);
  EXPECT_THAT(r.out, HasSubstr("entry 3: carries seq 5"));
}

TEST_F(TamperTest, DeletedEntryInTheDatabaseIsNamed) {
  server_->Kill(SIGTERM);
  ASSERT_EQ(Tamper({"delete", id_, "8"}).code, 0);
  StartServer();
  EXPECT_THAT(ServerLog(), HasSubstr("entry 8"));
  // The store itself notices the gap, so the export stops there, loudly.
  RunResult exported = Cli({"audit", "export", id_, "--out", dir_.File("deleted-db.gxe")});
  EXPECT_EQ(exported.code, 1);
  EXPECT_THAT(exported.err, HasSubstr("DATA_LOSS"));
  EXPECT_THAT(exported.err, HasSubstr("entry 8"));
}

}  // namespace
}  // namespace gongxin::testing
