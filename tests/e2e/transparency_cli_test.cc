// `gongxin audit checkpoint | verifier-key | prove` through the real CLI
// against a real gongxind: the printed note opens under the printed verifier
// key, which is the server's key, and the printed proofs verify.
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
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
#include "tests/e2e/meeting_files.h"

namespace gongxin::testing {
namespace {

using ::testing::HasSubstr;

class TransparencyCliTest : public E2eTest {
 protected:
  std::string CreateOpenMeeting(int voters) {
    WriteMeetingFiles(dir_.path(), voters);
    RunResult created = Cli({"meeting", "create", "--spec", dir_.File("meeting.yaml")});
    EXPECT_EQ(created.code, 0) << created.err;
    std::string id(absl::StripAsciiWhitespace(created.out));
    EXPECT_EQ(Cli({"meeting", "announce", id}).code, 0);
    EXPECT_EQ(Cli({"meeting", "open", id}).code, 0);
    return id;
  }

  // The server's Ed25519 public key, from `gongxind --print-public-key`.
  crypto::Ed25519PublicKey ServerKey() {
    std::ifstream in(trust_);
    std::string pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto key = crypto::Ed25519PublicKey::FromPem(pem);
    EXPECT_TRUE(key.ok()) << key.status();
    return *key;
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

}  // namespace
}  // namespace gongxin::testing
