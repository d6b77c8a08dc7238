// The registry log and receipts that carry a checkpoint, through the real
// gongxind and gongxin: `receipt check` offline (receipt + later checkpoint +
// proof file + verifier key, no server) accepts the right proof and refuses a
// flipped hash, a wrong checkpoint and a wrong key; online it checks named
// and (after the close) anonymous receipts; `audit entries` prints the exact
// entry bytes; a meeting deleted from the store is reported by
// `audit registry` and `audit watch`; a tampered registry tree node is
// caught at start-up.
#include <sys/stat.h>

#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "crypto/ed25519.h"
#include "crypto/signed_note.h"
#include "gmock/gmock.h"
#include "gongxin/v1/ledger.pb.h"
#include "gtest/gtest.h"
#include "ledger/format.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/testing/sample_meeting.h"

namespace gongxin::testing {
namespace {

using ::testing::HasSubstr;

class RegistryCliTest : public E2eTest {
 protected:
  static std::string Field(const std::string& out, const std::string& prefix) {
    for (absl::string_view line : absl::StrSplit(out, '\n')) {
      if (absl::ConsumePrefix(&line, prefix)) return std::string(line);
    }
    return "";
  }

  std::string VerifierKey() {
    RunResult vkey = Cli({"audit", "verifier-key"});
    EXPECT_EQ(vkey.code, 0) << vkey.err;
    return std::string(absl::StripTrailingAsciiWhitespace(vkey.out));
  }

  // Votes for `voter` and returns the "receipt <word>" line the kiosk printed.
  std::string Vote(const std::string& id, const std::string& voter, const std::string& choice) {
    RunResult r = Cli({"kiosk", "vote", "--meeting", id, "--voter", voter, "--choose", choice});
    EXPECT_EQ(r.code, 0) << r.err;
    const std::string word = Field(r.out, "receipt ");
    EXPECT_FALSE(word.empty()) << r.out;
    return "receipt " + word;
  }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_.File(name);
    std::ofstream(path) << text;
    return path;
  }

  RunResult Tamper(std::vector<std::string> args) {
    std::vector<std::string> argv = {TamperBinary(), Data() + "/ledger"};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv, dir_.path());
  }

  static v1::Receipt Decode(const std::string& line) {
    std::string bytes;
    v1::Receipt r;
    EXPECT_TRUE(absl::WebSafeBase64Unescape(line.substr(std::string("receipt ").size()), &bytes));
    EXPECT_TRUE(r.ParseFromString(bytes));
    return r;
  }
};

TEST_F(RegistryCliTest, ReceiptCarriesItsCheckpointAndChecksOfflineAgainstALaterOne) {
  const std::string id = CreateOpenMeeting(6);
  const std::string receipt = Vote(id, "v001", "head=c1");
  const v1::Receipt decoded = Decode(receipt);
  EXPECT_FALSE(decoded.checkpoint().empty()) << "the receipt carries no checkpoint";
  EXPECT_EQ(decoded.leaf_hash().size(), 32u);
  Vote(id, "v002", "head=c2");
  Vote(id, "v003", "head=c1");
  const std::string vkey = VerifierKey();

  // A later checkpoint and the proof, saved while the server was up...
  RunResult note = Cli({"audit", "checkpoint", id});
  ASSERT_EQ(note.code, 0) << note.err;
  const std::string checkpoint = Write("later.checkpoint", note.out);
  const std::vector<std::string> note_lines = absl::StrSplit(note.out, '\n');
  ASSERT_GE(note_lines.size(), 2u);
  const std::string size = note_lines[1];
  RunResult proof = Cli({"audit", "prove", "inclusion", id, "--index",
                         absl::StrCat(decoded.seq()), "--size", size});
  ASSERT_EQ(proof.code, 0) << proof.err;
  const std::string proof_file = Write("inclusion.proof", proof.out);

  // ...then checked with no server at all.
  server_->Kill(SIGTERM);
  const std::vector<std::string> offline = {"receipt", "check", receipt, "--trust-note-key", vkey,
                                            "--checkpoint", checkpoint, "--proof", proof_file};
  RunResult ok = Cli(offline);
  EXPECT_EQ(ok.code, 0) << ok.out << ok.err;
  EXPECT_THAT(ok.out, HasSubstr("已计入"));

  // Only the receipt and its own checkpoint.
  RunResult own = Cli({"--lang", "en", "receipt", "check", receipt, "--trust-note-key", vkey});
  EXPECT_EQ(own.code, 0) << own.out << own.err;
  EXPECT_THAT(own.out, HasSubstr("included"));

  // A flipped proof hash.
  std::vector<std::string> lines = absl::StrSplit(proof.out, '\n', absl::SkipEmpty());
  ASSERT_FALSE(lines.empty());
  std::string hash;
  ASSERT_TRUE(absl::Base64Unescape(lines[0], &hash));
  hash[0] ^= 0x01;
  lines[0] = absl::Base64Escape(hash);
  std::vector<std::string> bad = offline;
  bad[8] = Write("flipped.proof", absl::StrJoin(lines, "\n") + "\n");
  RunResult flipped = Cli(bad);
  EXPECT_EQ(flipped.code, 3) << flipped.out << flipped.err;
  EXPECT_THAT(flipped.out, HasSubstr("FAILED: entry " + absl::StrCat(decoded.seq()) +
                                     " is not proven to be in the checkpoint"));

  // The checkpoint of a different tree (the receipt's own, smaller one) with
  // the proof for the later one.
  bad = offline;
  bad[6] = Write("wrong.checkpoint", decoded.checkpoint());
  RunResult wrong_cp = Cli(bad);
  EXPECT_EQ(wrong_cp.code, 3) << wrong_cp.out << wrong_cp.err;
  EXPECT_THAT(wrong_cp.out, HasSubstr("FAILED:"));

  // Another key: neither the receipt nor the checkpoint is signed by it.
  auto other = crypto::Ed25519PrivateKey::Generate();
  ASSERT_TRUE(other.ok());
  auto other_vkey = crypto::VerifierKeyString("gongxin.local", other->public_key().raw());
  ASSERT_TRUE(other_vkey.ok());
  bad = offline;
  bad[4] = *other_vkey;
  RunResult wrong_key = Cli(bad);
  EXPECT_EQ(wrong_key.code, 3) << wrong_key.out << wrong_key.err;
  EXPECT_THAT(wrong_key.out, HasSubstr("not signed by the trusted key"));
}

TEST_F(RegistryCliTest, ReceiptCheckOnlineFetchesTheLatestCheckpoint) {
  const std::string id = CreateOpenMeeting(4);
  const std::string receipt = Vote(id, "v001", "head=c1");
  Vote(id, "v002", "head=c2");
  RunResult r = Cli({"--lang", "en", "receipt", "check", receipt, "--trust-note-key",
                     VerifierKey(), "--online"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("included: the ballot is in the signed log of meeting " + id));
}

TEST_F(RegistryCliTest, AuditEntriesPrintsTheExactEntryBytes) {
  const std::string id = CreateOpenMeeting(4);
  const v1::Receipt receipt = Decode(Vote(id, "v001", "head=c1"));
  RunResult r = Cli({"audit", "entries", id, "--from", "0", "--to",
                     absl::StrCat(receipt.seq() + 1)});
  ASSERT_EQ(r.code, 0) << r.err;
  std::vector<std::string> lines = absl::StrSplit(r.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), receipt.seq() + 1);
  std::string last;
  ASSERT_TRUE(absl::Base64Unescape(lines.back(), &last));
  EXPECT_EQ(ledger::EntryHash(last), receipt.entry_hash());

  RunResult too_many = Cli({"audit", "entries", id, "--from", "0", "--to", "99"});
  EXPECT_EQ(too_many.code, 1);
  EXPECT_THAT(too_many.err, HasSubstr("INVALID_ARGUMENT: end: 99 is past the end"));
}

TEST_F(RegistryCliTest, DeletedMeetingIsReportedByRegistryAndWatch) {
  const std::string kept = CreateOpenMeeting(4);
  const std::string doomed = CreateOpenMeeting(4);
  const std::string vkey = VerifierKey();
  RunResult listed = Cli({"audit", "registry", "--trust-note-key", vkey});
  ASSERT_EQ(listed.code, 0) << listed.out << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("0\t" + kept));
  EXPECT_THAT(listed.out, HasSubstr("1\t" + doomed));
  const std::string state = dir_.File("watch-state");
  ASSERT_EQ(mkdir(state.c_str(), 0755), 0);
  RunResult first = Cli({"audit", "watch", "--meeting", kept, "--meeting", doomed, "--state",
                         state, "--trust-note-key", vkey});
  ASSERT_EQ(first.code, 0) << first.out << first.err;
  EXPECT_THAT(first.out, HasSubstr("first checkpoint recorded: the registry log at size 2"));

  // Every row of the meeting goes: entries, keys, head, size.
  server_->Kill(SIGTERM);
  RunResult t = Tamper({"delete-chain", doomed});
  ASSERT_EQ(t.code, 0) << t.err;
  StartServer();
  EXPECT_THAT(ServerLog(), HasSubstr("meeting " + doomed + " is leaf 1 of the registry log"));

  RunResult registry = Cli({"audit", "registry", "--trust-note-key", vkey});
  EXPECT_EQ(registry.code, 3) << registry.out << registry.err;
  EXPECT_THAT(registry.out, HasSubstr("MEETING MISSING: meeting " + doomed + " is leaf 1"));
  EXPECT_THAT(registry.out, HasSubstr("0\t" + kept));

  RunResult watch = Cli({"audit", "watch", "--meeting", kept, "--state", state,
                         "--trust-note-key", vkey});
  EXPECT_EQ(watch.code, 3) << watch.out << watch.err;
  EXPECT_THAT(watch.out, HasSubstr("MEETING MISSING: meeting " + doomed));
}

TEST_F(RegistryCliTest, DeletedRegistryLogIsAForkForWatch) {
  const std::string id = CreateOpenMeeting(4);
  const std::string vkey = VerifierKey();
  const std::string state = dir_.File("watch-state");
  ASSERT_EQ(mkdir(state.c_str(), 0755), 0);
  ASSERT_EQ(Cli({"audit", "watch", "--meeting", id, "--state", state, "--trust-note-key", vkey})
                .code,
            0);
  // The attacker removes the meeting and its registry leaf: the registry
  // starts again from nothing, which the last checkpoint seen refutes.
  server_->Kill(SIGTERM);
  ASSERT_EQ(Tamper({"delete-chain", id}).code, 0);
  ASSERT_EQ(Tamper({"delete-chain", "_registry"}).code, 0);
  StartServer();
  RunResult watch = Cli({"audit", "watch", "--state", state, "--trust-note-key", vkey});
  EXPECT_EQ(watch.code, 3) << watch.out << watch.err;
  EXPECT_THAT(watch.out, HasSubstr("FORK DETECTED for the registry log: the log shrank from 1 to 0"));
}

TEST_F(RegistryCliTest, TamperedRegistryNodeIsCaughtAtStartAndStopsCreation) {
  CreateOpenMeeting(4);
  CreateOpenMeeting(4);
  const std::string vkey = VerifierKey();
  server_->Kill(SIGTERM);
  RunResult t = Tamper({"flip-key", "_registry", "tree/01/00000000000000000000"});
  ASSERT_EQ(t.code, 0) << t.err;
  StartServer();
  EXPECT_THAT(ServerLog(), HasSubstr("the registry log is damaged"));
  RunResult registry = Cli({"audit", "registry", "--trust-note-key", vkey});
  EXPECT_EQ(registry.code, 1) << registry.out;
  EXPECT_THAT(registry.err, HasSubstr("DATA_LOSS"));
  RunResult created = Cli({"meeting", "create", "--spec", dir_.File("meeting.yaml")});
  EXPECT_EQ(created.code, 1) << created.out;
  EXPECT_THAT(created.err, HasSubstr("registry log is damaged"));
}

TEST_F(RegistryCliTest, AnonymousReceiptIsFoundOnTheChainAfterTheClose) {
  std::ofstream(dir_.File("meeting.yaml")) << R"(title: 测试县满意度评议
unit: 中共测试县委组织部
roll: voters.csv
groups:
  - {id: staff, name: 一般干部}
forms:
  - id: sat
    title: 满意度评议表
    mode: anonymous
    questions:
      - id: work
        title: 对本年度选人用人工作的评价
        kind: graded
        subjects:
          - {id: work, name: 年度选人用人工作}
        scale: satisfaction
)";
  std::ofstream(dir_.File("voters.csv")) << "voter_id,name,group\na1,甲,staff\na2,乙,staff\n";
  RunResult created = Cli({"meeting", "create", "--spec", dir_.File("meeting.yaml")});
  ASSERT_EQ(created.code, 0) << created.err;
  const std::string id(absl::StripAsciiWhitespace(created.out));
  ASSERT_EQ(Cli({"meeting", "announce", id}).code, 0);
  ASSERT_EQ(Cli({"meeting", "open", id}).code, 0);
  const std::string kiosk_state = dir_.File("kiosk-state");
  ASSERT_EQ(mkdir(kiosk_state.c_str(), 0700), 0);
  RunResult voted = Cli({"kiosk", "vote", "--meeting", id, "--voter", "a1", "--grade",
                         "work=work:satisfied", "--state-dir", kiosk_state});
  ASSERT_EQ(voted.code, 0) << voted.err << voted.out;
  const std::string receipt = "anonymous-receipt " + Field(voted.out, "anonymous-receipt ");
  const std::string vkey = VerifierKey();

  RunResult early = Cli({"receipt", "check", receipt, "--trust-note-key", vkey, "--online"});
  EXPECT_EQ(early.code, 1) << early.out << early.err;
  EXPECT_THAT(early.err, HasSubstr("join the chain only at the close"));

  ASSERT_EQ(Cli({"meeting", "close", id}).code, 0);
  RunResult after = Cli({"--lang", "en", "receipt", "check", receipt, "--trust-note-key", vkey,
                         "--online"});
  EXPECT_EQ(after.code, 0) << after.out << after.err;
  EXPECT_THAT(after.out, HasSubstr("included"));
}

}  // namespace
}  // namespace gongxin::testing
