// `gongxin audit checkpoint | verifier-key | prove` through the real CLI
// against a real gongxind: the printed note opens under the printed verifier
// key, which is the server's key, and the printed proofs verify.
#include <sys/stat.h>

#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "crypto/checkpoint.h"
#include "crypto/ed25519.h"
#include "crypto/key_file.h"
#include "crypto/merkle.h"
#include "crypto/signed_note.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/testing/sample_meeting.h"

namespace gongxin::testing {
namespace {

using ::testing::HasSubstr;

class TransparencyCliTest : public E2eTest {
 protected:

  // The server's Ed25519 public key, from `gongxind --print-public-key`.
  crypto::Ed25519PublicKey ServerKey() {
    std::ifstream in(trust_);
    std::string pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto key = crypto::Ed25519PublicKey::FromPem(pem);
    EXPECT_TRUE(key.ok()) << key.status();
    return *key;
  }

  // The verifier key the server prints, to pass to `audit watch`.
  std::string VerifierKey() {
    RunResult vkey = Cli({"audit", "verifier-key"});
    EXPECT_EQ(vkey.code, 0) << vkey.err;
    return std::string(absl::StripTrailingAsciiWhitespace(vkey.out));
  }

  // A fresh, empty state directory for `audit watch`.
  std::string StateDir() {
    const std::string state = dir_.File("watch-state");
    EXPECT_EQ(mkdir(state.c_str(), 0755), 0);
    return state;
  }

  RunResult Watch(const std::string& id, const std::string& state, const std::string& vkey) {
    return Cli({"audit", "watch", "--meeting", id, "--state", state, "--trust-note-key", vkey});
  }

  static std::string ReadAll(const std::string& path) {
    std::ifstream in(path);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }

  // A checkpoint note for meeting `id` of `size` entries with root
  // SHA-256-of-something-else, signed by `key` under the server's log name:
  // with the server's own key, a rewritten history.
  std::string ForgedNote(const std::string& id, uint64_t size, const crypto::Ed25519PrivateKey& key) {
    crypto::Checkpoint forged;
    forged.origin = "gongxin.local/meeting/" + id;
    forged.size = size;
    forged.root_hash = crypto::LeafHash("a rewritten history");
    auto text = crypto::FormatCheckpoint(forged);
    EXPECT_TRUE(text.ok()) << text.status();
    auto note = crypto::SignNote(*text, "gongxin.local", key);
    EXPECT_TRUE(note.ok()) << note.status();
    return *note;
  }

  // The server's own signing key, read from its data directory.
  crypto::Ed25519PrivateKey ServerPrivateKey() {
    auto key = crypto::LoadOrCreateEd25519KeyFile(Data() + "/signing-key.pem");
    EXPECT_TRUE(key.ok()) << key.status();
    return *std::move(key);
  }

  static std::vector<std::string> ProofLines(const std::string& out) {
    std::vector<std::string> hashes;
    for (absl::string_view line : absl::StrSplit(out, '\n', absl::SkipEmpty())) {
      std::string hash;
      EXPECT_TRUE(absl::Base64Unescape(line, &hash)) << line;
      hashes.push_back(hash);
    }
    return hashes;
  }
};

TEST_F(TransparencyCliTest, CheckpointAndVerifierKeyVerify) {
  const std::string id = CreateOpenMeeting(4);
  ASSERT_EQ(Cli({"kiosk", "vote", "--meeting", id, "--voter", "v001", "--choose", "head=c1"}).code,
            0);

  RunResult vkey = Cli({"audit", "verifier-key"});
  ASSERT_EQ(vkey.code, 0) << vkey.err;
  const std::string vkey_text(absl::StripTrailingAsciiWhitespace(vkey.out));
  auto verifier = crypto::ParseVerifierKey(vkey_text);
  ASSERT_TRUE(verifier.ok()) << verifier.status() << ": " << vkey.out;
  EXPECT_EQ(verifier->name(), "gongxin.local");
  auto expected = crypto::VerifierKeyString("gongxin.local", ServerKey().raw());
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(vkey_text, *expected) << "the verifier key is not the server's key";

  RunResult note = Cli({"audit", "checkpoint", id});
  ASSERT_EQ(note.code, 0) << note.err;
  auto opened = crypto::OpenNote(note.out, {*verifier});
  ASSERT_TRUE(opened.ok()) << opened.status() << "\n" << note.out;
  auto checkpoint = crypto::ParseCheckpoint(opened->text);
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status();
  EXPECT_EQ(checkpoint->origin, "gongxin.local/meeting/" + id);
  // genesis, announce, open, check-in, cast
  EXPECT_EQ(checkpoint->size, 5u);

  // Proofs print one base64 hash per line and verify against the checkpoint.
  RunResult before = Cli({"audit", "checkpoint", id});
  ASSERT_EQ(Cli({"kiosk", "vote", "--meeting", id, "--voter", "v002", "--choose", "head=c2"}).code,
            0);
  RunResult after = Cli({"audit", "checkpoint", id});
  auto later = crypto::ParseCheckpoint(crypto::OpenNote(after.out, {*verifier})->text);
  ASSERT_TRUE(later.ok());
  ASSERT_EQ(later->size, 7u);
  RunResult consistency =
      Cli({"audit", "prove", "consistency", id, "--from", "5", "--to", "7"});
  ASSERT_EQ(consistency.code, 0) << consistency.err;
  EXPECT_TRUE(crypto::VerifyConsistency(5, 7, checkpoint->root_hash, later->root_hash,
                                        ProofLines(consistency.out))
                  .ok());
  RunResult inclusion = Cli({"audit", "prove", "inclusion", id, "--index", "0", "--size", "5"});
  ASSERT_EQ(inclusion.code, 0) << inclusion.err;
  EXPECT_EQ(ProofLines(inclusion.out).size(), crypto::InclusionProofSize(0, 5));

  RunResult refused = Cli({"audit", "prove", "inclusion", id, "--index", "7"});
  EXPECT_EQ(refused.code, 1);
  EXPECT_THAT(refused.err, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(refused.err, HasSubstr("leaf_index"));
}

TEST_F(TransparencyCliTest, WatchRecordsThenSeesConsistentGrowth) {
  const std::string id = CreateOpenMeeting(4);  // genesis, announce, open
  const std::string vkey = VerifierKey();
  const std::string state = StateDir();
  const std::string state_file = state + "/" + id + ".checkpoint";

  RunResult first = Watch(id, state, vkey);
  ASSERT_EQ(first.code, 0) << first.err << first.out;
  EXPECT_THAT(first.out, HasSubstr("first checkpoint recorded: meeting " + id + " at size 3"));
  RunResult served = Cli({"audit", "checkpoint", id});
  ASSERT_EQ(served.code, 0) << served.err;
  EXPECT_EQ(ReadAll(state_file), served.out) << "the state is the note exactly as received";

  // Nothing new: still consistent.
  RunResult same = Watch(id, state, vkey);
  ASSERT_EQ(same.code, 0) << same.err << same.out;
  EXPECT_THAT(same.out, HasSubstr("consistent: meeting " + id + " unchanged at 3 entries"));

  ASSERT_EQ(Cli({"kiosk", "vote", "--meeting", id, "--voter", "v001", "--choose", "head=c1"}).code,
            0);
  RunResult second = Watch(id, state, vkey);
  ASSERT_EQ(second.code, 0) << second.err << second.out;
  EXPECT_THAT(second.out, HasSubstr("consistent: meeting " + id + " grew from 3 to 5 entries"));

  ASSERT_EQ(Cli({"kiosk", "vote", "--meeting", id, "--voter", "v002", "--choose", "head=c2"}).code,
            0);
  ASSERT_EQ(Cli({"meeting", "close", id}).code, 0);
  RunResult third = Watch(id, state, vkey);
  ASSERT_EQ(third.code, 0) << third.err << third.out;
  EXPECT_THAT(third.out, HasSubstr("consistent: meeting " + id + " grew from 5 to 8 entries"));

  auto verifier = crypto::ParseVerifierKey(vkey);
  ASSERT_TRUE(verifier.ok());
  auto opened = crypto::OpenNote(ReadAll(state_file), {*verifier});
  ASSERT_TRUE(opened.ok()) << opened.status();
  auto stored = crypto::ParseCheckpoint(opened->text);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->size, 8u);
}

TEST_F(TransparencyCliTest, WatchWatchesSeveralMeetings) {
  const std::string a = CreateOpenMeeting(4);
  const std::string b = CreateOpenMeeting(4);
  const std::string vkey = VerifierKey();
  const std::string state = StateDir();
  RunResult first =
      Cli({"audit", "watch", "--meeting", a, "--meeting", b, "--state", state, "--trust-note-key",
           vkey});
  ASSERT_EQ(first.code, 0) << first.err << first.out;
  EXPECT_THAT(first.out, HasSubstr("first checkpoint recorded: meeting " + a));
  EXPECT_THAT(first.out, HasSubstr("first checkpoint recorded: meeting " + b));
  ASSERT_EQ(Cli({"kiosk", "vote", "--meeting", b, "--voter", "v001", "--choose", "head=c1"}).code,
            0);
  RunResult second =
      Cli({"audit", "watch", "--meeting", a, "--meeting", b, "--state", state, "--trust-note-key",
           vkey});
  ASSERT_EQ(second.code, 0) << second.err << second.out;
  EXPECT_THAT(second.out, HasSubstr("consistent: meeting " + a + " unchanged at 3 entries"));
  EXPECT_THAT(second.out, HasSubstr("consistent: meeting " + b + " grew from 3 to 5 entries"));
}

TEST_F(TransparencyCliTest, WatchDetectsForkAndKeepsTheEvidence) {
  const std::string id = CreateOpenMeeting(4);
  const std::string vkey = VerifierKey();
  const std::string state = StateDir();
  const std::string state_file = state + "/" + id + ".checkpoint";
  const crypto::Ed25519PrivateKey server_key = ServerPrivateKey();
  RunResult served = Cli({"audit", "checkpoint", id});
  ASSERT_EQ(served.code, 0) << served.err;

  struct Case {
    uint64_t size;
    std::string reason;
  };
  // The server holds 3 entries. A note by its own key for 3 entries with
  // another root; for 2 entries that 3 do not extend; for 10 entries (the
  // server has rolled back).
  for (const Case& c : {Case{3, "two different roots for the same size 3"},
                        Case{2, "cannot prove that 3 entries extend 2"},
                        Case{10, "shrank from 10 to 3 entries (rollback)"}}) {
    SCOPED_TRACE(c.size);
    const std::string forged = ForgedNote(id, c.size, server_key);
    ASSERT_TRUE(crypto::WriteFileAtomically(state_file, forged, 0644).ok());

    RunResult fork = Watch(id, state, vkey);
    EXPECT_EQ(fork.code, 3) << fork.err << fork.out;
    EXPECT_THAT(fork.out, HasSubstr("FORK DETECTED for meeting " + id));
    EXPECT_THAT(fork.out, HasSubstr(c.reason));
    EXPECT_THAT(fork.out, HasSubstr(forged)) << "the stored note, verbatim";
    EXPECT_THAT(fork.out, HasSubstr(served.out)) << "the served note, verbatim";
    EXPECT_EQ(ReadAll(state_file), forged) << "the evidence is not overwritten";

    // Still a fork on the next run.
    EXPECT_EQ(Watch(id, state, vkey).code, 3);
    EXPECT_EQ(ReadAll(state_file), forged);
  }
}

TEST_F(TransparencyCliTest, WatchRefusesNotesItCannotTrust) {
  const std::string id = CreateOpenMeeting(4);
  const std::string vkey = VerifierKey();
  const std::string state = StateDir();
  const std::string state_file = state + "/" + id + ".checkpoint";
  auto other = crypto::Ed25519PrivateKey::Generate();
  ASSERT_TRUE(other.ok());

  // The watcher is given a key that is not the server's: the served note is
  // refused and nothing is recorded.
  auto wrong = crypto::VerifierKeyString("gongxin.local", other->public_key().raw());
  ASSERT_TRUE(wrong.ok());
  RunResult refused = Watch(id, state, *wrong);
  EXPECT_EQ(refused.code, 1) << refused.out;
  EXPECT_THAT(refused.err, HasSubstr("UNAUTHENTICATED"));
  EXPECT_THAT(refused.err, HasSubstr("not signed by the trusted key"));
  EXPECT_THAT(refused.out, ::testing::Not(HasSubstr("FORK")));
  struct stat st;
  EXPECT_NE(stat(state_file.c_str(), &st), 0) << "nothing recorded";

  // A stored note signed by another key proves nothing: refused, kept.
  const std::string foreign = ForgedNote(id, 3, *other);
  ASSERT_TRUE(crypto::WriteFileAtomically(state_file, foreign, 0644).ok());
  RunResult stored = Watch(id, state, vkey);
  EXPECT_EQ(stored.code, 1) << stored.out;
  EXPECT_THAT(stored.err, HasSubstr("the stored checkpoint"));
  EXPECT_THAT(stored.err, HasSubstr("not signed by the trusted key"));
  EXPECT_THAT(stored.out, ::testing::Not(HasSubstr("FORK")));
  EXPECT_EQ(ReadAll(state_file), foreign);

  // A stored note for another meeting (signed by the server) is refused too.
  const std::string b = CreateOpenMeeting(4);
  ASSERT_TRUE(crypto::WriteFileAtomically(state_file, ForgedNote(b, 3, ServerPrivateKey()), 0644)
                  .ok());
  RunResult mixed = Watch(id, state, vkey);
  EXPECT_EQ(mixed.code, 1) << mixed.out;
  EXPECT_THAT(mixed.err, HasSubstr("origin"));

  // Not a verifier key at all; a state directory that does not exist.
  RunResult garbage = Watch(id, state, "not-a-key");
  EXPECT_EQ(garbage.code, 1);
  EXPECT_THAT(garbage.err, HasSubstr("--trust-note-key"));
  RunResult missing = Watch(id, dir_.File("no-such-dir"), vkey);
  EXPECT_EQ(missing.code, 1);
  EXPECT_THAT(missing.err, HasSubstr("--state"));
}

}  // namespace
}  // namespace gongxin::testing
