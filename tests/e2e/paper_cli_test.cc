// Paper ballots end to end: real gongxind and gongxin on 127.0.0.1, two
// officer certificates from `gongxin pki`. Three voters vote at the kiosk,
// two check in to vote on paper; after the close officer-1 keys their slips
// in and officer-2 keys them again to confirm; the count shows paper,
// electronic and combined side by side with the slips reconciled, and the
// export verifies offline (and is refused once a paper entry is edited).
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
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
using ::testing::Not;

// The N of "--seq N" in paper-enter's output.
uint64_t SeqIn(const std::string& out) {
  const size_t at = out.find("--seq ");
  uint64_t seq = 0;
  if (at == std::string::npos) return 0;
  const std::string rest = out.substr(at + 6);
  EXPECT_TRUE(absl::SimpleAtoi(rest.substr(0, rest.find(' ')), &seq)) << out;
  return seq;
}

class PaperE2eTest : public E2eTest {};

TEST_F(PaperE2eTest, PaperBallotsEnteredByOneOfficerConfirmedByAnotherCountBesideTheKiosks) {
  ASSERT_EQ(Cli({"pki", "issue", Pki(), "--role", "officer", "--name", "officer-2"}).code, 0);
  WriteSampleMeetingFiles(dir_.path(), 6);
  RunResult created = Cli({"meeting", "create", "--spec", dir_.File("meeting.yaml")});
  ASSERT_EQ(created.code, 0) << created.err;
  const std::string id(absl::StripAsciiWhitespace(created.out));
  ASSERT_EQ(Cli({"meeting", "announce", id}).code, 0);
  ASSERT_EQ(Cli({"meeting", "open", id}).code, 0);
  const char* kiosk_choices[] = {"c1", "c1", "c2"};
  for (int i = 0; i < 3; ++i) {
    RunResult v = Cli({"kiosk", "vote", "--meeting", id, "--voter", VoterId(i + 1), "--choose",
                       std::string("head=") + kiosk_choices[i]});
    ASSERT_EQ(v.code, 0) << v.err;
  }
  for (int voter : {4, 5}) {
    RunResult in = Cli({"kiosk", "checkin", "--meeting", id, "--voter", VoterId(voter),
                        "--by-paper"});
    ASSERT_EQ(in.code, 0) << in.err;
    EXPECT_THAT(in.out, HasSubstr("已签到（纸质投票）"));
    EXPECT_THAT(in.out, Not(HasSubstr("credential")));
  }
  RunResult electronic = Cli({"kiosk", "vote", "--meeting", id, "--voter", VoterId(4),
                              "--choose", "head=c1"});
  EXPECT_EQ(electronic.code, 1);
  EXPECT_THAT(electronic.err, HasSubstr("checked in to vote on paper"));
  RunResult early = Cli({"officer", "paper-enter", id, "--voter", VoterId(4), "--choose",
                         "head=c3"});
  EXPECT_THAT(early.err, HasSubstr("FAILED_PRECONDITION"));
  ASSERT_EQ(Cli({"meeting", "close", id}).code, 0);

  // officer-1 keys both slips; officer-2 keys them again.
  RunResult four = Cli({"officer", "paper-enter", id, "--voter", VoterId(4), "--batch", "box1",
                        "--choose", "head=c3"});
  ASSERT_EQ(four.code, 0) << four.err;
  EXPECT_THAT(four.out, HasSubstr("已录入"));
  const uint64_t seq4 = SeqIn(four.out);
  RunResult five = Cli({"officer", "paper-enter", id, "--voter", VoterId(5), "--choose",
                        "head=c3"});
  ASSERT_EQ(five.code, 0) << five.err;
  const uint64_t seq5 = SeqIn(five.out);
  ASSERT_GT(seq5, seq4);

  RunResult self = Cli({"officer", "paper-confirm", id, "--seq", absl::StrCat(seq4), "--voter",
                        VoterId(4), "--choose", "head=c3"});
  EXPECT_EQ(self.code, 1);
  EXPECT_THAT(self.err, HasSubstr("PERMISSION_DENIED"));
  RunResult mismatch = Cli({"--as", "officer-2", "officer", "paper-confirm", id, "--seq",
                            absl::StrCat(seq4), "--voter", VoterId(4), "--choose", "head=c2"});
  EXPECT_EQ(mismatch.code, 1);
  EXPECT_THAT(mismatch.err, HasSubstr("differs from entry"));
  RunResult confirmed = Cli({"--as", "officer-2", "officer", "paper-confirm", id, "--seq",
                             absl::StrCat(seq4), "--voter", VoterId(4), "--choose", "head=c3"});
  ASSERT_EQ(confirmed.code, 0) << confirmed.err;
  EXPECT_THAT(confirmed.out, HasSubstr("核对一致"));
  // Slip 5 was keyed wrongly: withdrawn, keyed again, confirmed.
  ASSERT_EQ(Cli({"--as", "officer-2", "officer", "paper-reject", id, "--seq", absl::StrCat(seq5),
                 "--reason", "录错"}).code, 0);
  RunResult again = Cli({"officer", "paper-enter", id, "--voter", VoterId(5), "--choose",
                         "head=c2"});
  ASSERT_EQ(again.code, 0) << again.err;
  ASSERT_EQ(Cli({"--as", "officer-2", "officer", "paper-confirm", id, "--seq",
                 absl::StrCat(SeqIn(again.out)), "--voter", VoterId(5), "--choose", "head=c2"})
                .code,
            0);
  RunResult returns = Cli({"officer", "paper-returns", id, "--form", "rec", "--issued", "2",
                           "--returned", "2"});
  ASSERT_EQ(returns.code, 0) << returns.err;

  ASSERT_EQ(Cli({"tally", "approve", id}).code, 0);
  RunResult count = Cli({"tally", "count", id});
  ASSERT_EQ(count.code, 0) << count.err;
  EXPECT_THAT(count.out, HasSubstr("纸质票与电子票"));
  EXPECT_THAT(count.out, HasSubstr("核对一致"));
  RunResult english = Cli({"tally", "show", id, "--lang", "en"});
  ASSERT_EQ(english.code, 0) << english.err;
  EXPECT_THAT(english.out, HasSubstr("paper and electronic ballots"));
  EXPECT_THAT(english.out, HasSubstr("Consistent"));
  RunResult json = Cli({"tally", "report", id, "--format", "json", "--out",
                        dir_.File("result.json")});
  ASSERT_EQ(json.code, 0) << json.err;
  std::ifstream in(dir_.File("result.json"));
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // c2: 1 electronic + 1 paper; c3: 1 paper (the withdrawn entry is not counted).
  EXPECT_THAT(doc, HasSubstr("\"paper_reconciliation\""));
  EXPECT_THAT(doc, HasSubstr("\"present_by_paper\": 2"));

  const std::string export_file = dir_.File("paper.gxe");
  ASSERT_EQ(Cli({"audit", "export", id, "--out", export_file}).code, 0);
  RunResult verified = Cli({"audit", "verify", export_file, "--trust", trust_});
  EXPECT_EQ(verified.code, 0) << verified.out << verified.err;

  // Change the confirmed paper vote for c3 into one for c1: refused.
  std::vector<v1::ExportRecord> records;
  {
    std::ifstream exported(export_file, std::ios::binary);
    ledger::ExportReader reader(&exported);
    ASSERT_TRUE(reader.ReadMagic().ok());
    v1::ExportRecord r;
    while (*reader.Next(&r)) records.push_back(r);
  }
  bool edited = false;
  for (v1::ExportRecord& r : records) {
    v1::Entry e;
    if (!r.has_entry() || !e.ParseFromString(r.entry())) continue;
    if (e.seq() == seq4) {
      ASSERT_TRUE(e.has_paper_ballot_entered());
      e.mutable_paper_ballot_entered()->mutable_ballot()->mutable_answers(0)->set_choices(0, "c1");
      r.set_entry(e.SerializeAsString());
      edited = true;
    }
  }
  ASSERT_TRUE(edited);
  const std::string tampered = dir_.File("tampered.gxe");
  {
    std::ofstream out(tampered, std::ios::binary);
    ledger::ExportWriter writer(&out);
    for (const auto& r : records) ASSERT_TRUE(writer.Write(r).ok());
  }
  RunResult refused = Cli({"audit", "verify", tampered, "--trust", trust_});
  EXPECT_EQ(refused.code, 3) << refused.out << refused.err;
  EXPECT_THAT(refused.out, HasSubstr(absl::StrCat("entry ", seq4, ":")));
}

}  // namespace
}  // namespace gongxin::testing
