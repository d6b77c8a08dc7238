// Witnesses end to end: real gongxind and gongxin processes on 127.0.0.1.
// Two auditors make witness keys, the server is started trusting them with
// --require-cosignatures 2, both cosign with `gongxin audit cosign`, the
// meeting can be published only then, and `audit verify` checks the
// cosigned checkpoint in the export. A witness refuses (exit 3, both notes
// printed) to cosign a history that does not extend the one it cosigned.
#include <sys/stat.h>

#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "crypto/checkpoint.h"
#include "crypto/ed25519.h"
#include "crypto/key_file.h"
#include "crypto/merkle.h"
#include "crypto/signed_note.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/e2e_fixture.h"

namespace gongxin::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class CosignCliTest : public E2eTest {
 protected:
  // Makes a witness key with the CLI and returns its verifier key.
  std::string WitnessKey(const std::string& name) {
    RunResult made = Cli({"audit", "witness-key", "generate", "--name", name, "--out",
                          KeyFile(name)});
    EXPECT_EQ(made.code, 0) << made.err;
    return std::string(absl::StripTrailingAsciiWhitespace(made.out));
  }
  std::string KeyFile(const std::string& name) { return dir_.File(name + ".key"); }

  std::string StateDir(const std::string& name) {
    const std::string state = dir_.File(name + "-state");
    mkdir(state.c_str(), 0755);
    return state;
  }

  // Restarts gongxind trusting `vkeys`, requiring `k` cosignatures.
  void RestartWithWitnesses(const std::vector<std::string>& vkeys, int k) {
    ASSERT_EQ(server_->Kill(SIGTERM), 0) << ServerLog();
    extra_server_args_.clear();
    for (const std::string& v : vkeys) {
      extra_server_args_.push_back("--witness-key");
      extra_server_args_.push_back(v);
    }
    extra_server_args_.push_back("--require-cosignatures");
    extra_server_args_.push_back(absl::StrCat(k));
    StartServer();
  }

  std::string NoteKey() {
    RunResult vkey = Cli({"audit", "verifier-key"});
    EXPECT_EQ(vkey.code, 0) << vkey.err;
    return std::string(absl::StripTrailingAsciiWhitespace(vkey.out));
  }

  RunResult Cosign(const std::string& id, const std::string& name) {
    return Cli({"audit", "cosign", "--meeting", id, "--key", KeyFile(name), "--state",
                StateDir(name), "--trust-note-key", note_key_});
  }

  void VoteCloseCount(const std::string& id) {
    ASSERT_EQ(Cli({"kiosk", "vote", "--meeting", id, "--voter", "v001", "--choose", "head=c1"})
                  .code,
              0);
    ASSERT_EQ(Cli({"meeting", "close", id}).code, 0);
    RunResult count = Cli({"tally", "count", id});
    ASSERT_EQ(count.code, 0) << count.err;
  }

  static std::string ReadAll(const std::string& path) {
    std::ifstream in(path);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }

  std::string note_key_;
};

TEST_F(CosignCliTest, TwoWitnessesCosignThenTheMeetingIsPublishedWithTwoOfTwo) {
  const std::string alice = WitnessKey("alice.example");
  const std::string bob = WitnessKey("bob.example");
  EXPECT_THAT(alice, ::testing::StartsWith("alice.example+"));
  struct stat st;
  ASSERT_EQ(stat(KeyFile("alice.example").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "a witness key is a secret";
  RunResult shown = Cli({"audit", "witness-key", "show", "--key", KeyFile("alice.example")});
  ASSERT_EQ(shown.code, 0) << shown.err;
  EXPECT_EQ(absl::StripTrailingAsciiWhitespace(shown.out), alice);
  EXPECT_NE(Cli({"audit", "witness-key", "generate", "--name", "alice.example", "--out",
                 KeyFile("alice.example")}).code,
            0)
      << "an existing witness key is never replaced";

  RestartWithWitnesses({alice, bob}, 2);
  note_key_ = NoteKey();
  const std::string id = CreateOpenMeeting(4);
  VoteCloseCount(id);

  RunResult refused = Cli({"meeting", "publish", id});
  EXPECT_EQ(refused.code, 1);
  EXPECT_THAT(refused.err, HasSubstr("FAILED_PRECONDITION"));
  EXPECT_THAT(refused.err, HasSubstr("needs cosignatures of 2 distinct configured witnesses"));
  EXPECT_THAT(refused.err, HasSubstr("but it has 0"));

  RunResult a = Cosign(id, "alice.example");
  ASSERT_EQ(a.code, 0) << a.err << a.out;
  EXPECT_THAT(a.out, HasSubstr("— alice.example "));
  EXPECT_THAT(a.out, HasSubstr("cosigned: meeting " + id));
  refused = Cli({"meeting", "publish", id});
  EXPECT_EQ(refused.code, 1);
  EXPECT_THAT(refused.err, HasSubstr("but it has 1 (alice.example)"));

  RunResult b = Cosign(id, "bob.example");
  ASSERT_EQ(b.code, 0) << b.err << b.out;
  RunResult checkpoint = Cli({"audit", "checkpoint", id});
  ASSERT_EQ(checkpoint.code, 0) << checkpoint.err;
  EXPECT_THAT(checkpoint.out, HasSubstr("— alice.example "));
  EXPECT_THAT(checkpoint.out, HasSubstr("— bob.example "));
  // A rerun at the same size signs nothing new.
  RunResult rerun = Cosign(id, "bob.example");
  ASSERT_EQ(rerun.code, 0) << rerun.err;
  EXPECT_THAT(rerun.out, HasSubstr("already cosigned"));

  RunResult published = Cli({"meeting", "publish", id});
  ASSERT_EQ(published.code, 0) << published.err << ServerLog();

  const std::string exported = dir_.File("export.bin");
  ASSERT_EQ(Cli({"audit", "export", id, "--out", exported}).code, 0);
  RunResult verified = Cli({"audit", "verify", exported, "--trust", trust_, "--witness-key",
                            alice, "--witness-key", bob, "--require-cosignatures", "2"});
  ASSERT_EQ(verified.code, 0) << verified.err << verified.out;
  EXPECT_THAT(verified.out,
              HasSubstr("cosigned by 2 trusted witnesses (alice.example, bob.example)"));

  // An auditor who trusts another witness set finds the requirement unmet.
  const std::string carol = WitnessKey("carol.example");
  RunResult unmet = Cli({"audit", "verify", exported, "--trust", trust_, "--witness-key", alice,
                         "--witness-key", carol, "--require-cosignatures", "2"});
  EXPECT_EQ(unmet.code, 3) << unmet.err << unmet.out;
  EXPECT_THAT(unmet.out, HasSubstr("valid cosignatures of 1 trusted witnesses, 2 required"));
}

TEST_F(CosignCliTest, WitnessRefusesToCosignAForkedOrRewrittenHistory) {
  const std::string alice = WitnessKey("alice.example");
  RestartWithWitnesses({alice}, 0);
  note_key_ = NoteKey();
  const std::string id = CreateOpenMeeting(4);

  // Consistent growth is cosigned again.
  RunResult first = Cosign(id, "alice.example");
  ASSERT_EQ(first.code, 0) << first.err << first.out;
  EXPECT_THAT(first.out, HasSubstr("first checkpoint of this meeting"));
  ASSERT_EQ(Cli({"kiosk", "vote", "--meeting", id, "--voter", "v001", "--choose", "head=c1"})
                .code,
            0);
  RunResult grown = Cosign(id, "alice.example");
  ASSERT_EQ(grown.code, 0) << grown.err << grown.out;
  EXPECT_THAT(grown.out, HasSubstr("consistent with 3 entries"));
  RunResult served = Cli({"audit", "checkpoint", id});
  ASSERT_EQ(served.code, 0);

  // What the witness remembers cosigning versus what the server serves now:
  // a note by the server's own key over a history the log does not extend.
  auto server_key = crypto::LoadOrCreateEd25519KeyFile(Data() + "/signing-key.pem");
  ASSERT_TRUE(server_key.ok()) << server_key.status();
  const std::string state_file = StateDir("alice.example") + "/" + id + ".checkpoint";
  struct Case {
    uint64_t size;
    std::string reason;
  };
  for (const Case& c : {Case{5, "two different roots for the same size 5"},
                        Case{4, "cannot prove that 5 entries extend 4"},
                        Case{9, "shrank from 9 to 5 entries (rollback)"}}) {
    SCOPED_TRACE(c.size);
    crypto::Checkpoint forged{"gongxin.local/meeting/" + id, c.size,
                              crypto::LeafHash("a rewritten history"), {}};
    auto text = crypto::FormatCheckpoint(forged);
    ASSERT_TRUE(text.ok());
    auto note = crypto::SignNote(*text, "gongxin.local", *server_key);
    ASSERT_TRUE(note.ok());
    ASSERT_TRUE(crypto::WriteFileAtomically(state_file, *note, 0644).ok());

    RunResult fork = Cosign(id, "alice.example");
    EXPECT_EQ(fork.code, 3) << fork.err << fork.out;
    EXPECT_THAT(fork.out, HasSubstr("REFUSING TO COSIGN for meeting " + id));
    EXPECT_THAT(fork.out, HasSubstr(c.reason));
    EXPECT_THAT(fork.out, HasSubstr(*note)) << "the note cosigned before, verbatim";
    EXPECT_THAT(fork.out, HasSubstr(served.out)) << "the note served now, verbatim";
    EXPECT_THAT(fork.out, Not(HasSubstr("cosigned: meeting")));
    EXPECT_EQ(ReadAll(state_file), *note) << "the evidence is kept";
  }
  // The server got nothing new from the refusing witness.
  RunResult after = Cli({"audit", "checkpoint", id});
  EXPECT_EQ(after.out, served.out);
}

TEST_F(CosignCliTest, ServerRefusesACosignatureByAnUnknownWitness) {
  const std::string alice = WitnessKey("alice.example");
  WitnessKey("mallory.example");
  RestartWithWitnesses({alice}, 0);
  note_key_ = NoteKey();
  const std::string id = CreateOpenMeeting(4);
  RunResult refused = Cosign(id, "mallory.example");
  EXPECT_EQ(refused.code, 1) << refused.out;
  EXPECT_THAT(refused.err, HasSubstr("PERMISSION_DENIED"));
  EXPECT_THAT(refused.err, HasSubstr("not a witness of this server"));
}

}  // namespace
}  // namespace gongxin::testing
