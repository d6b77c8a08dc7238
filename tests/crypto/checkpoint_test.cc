#include "crypto/checkpoint.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "crypto/compact_range.h"
#include "crypto/ed25519.h"
#include "crypto/merkle.h"
#include "crypto/sha256.h"
#include "crypto/signed_note.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::crypto {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::SizeIs;

// The example checkpoint of c2sp.org/tlog-checkpoint.
constexpr absl::string_view kSpecExample =
    "example.com/behind-the-sofa\n"
    "20852163\n"
    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

std::string SpecRoot() {
  std::string root;
  EXPECT_TRUE(absl::Base64Unescape("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=", &root));
  return root;
}

TEST(CheckpointTest, FormatsSpecExample) {
  const Checkpoint checkpoint{"example.com/behind-the-sofa", 20852163, SpecRoot(), {}};
  ASSERT_OK_AND_ASSIGN(std::string text, FormatCheckpoint(checkpoint));
  EXPECT_EQ(text, kSpecExample);
}

TEST(CheckpointTest, ParsesSpecExample) {
  ASSERT_OK_AND_ASSIGN(Checkpoint checkpoint, ParseCheckpoint(kSpecExample));
  EXPECT_EQ(checkpoint.origin, "example.com/behind-the-sofa");
  EXPECT_EQ(checkpoint.size, 20852163u);
  EXPECT_EQ(checkpoint.root_hash, SpecRoot());
  EXPECT_TRUE(checkpoint.extensions.empty());
}

TEST(CheckpointTest, RoundTripsWithExtensionsAndExtremeSizes) {
  for (const Checkpoint& checkpoint : std::vector<Checkpoint>{
           {"gongxin.example/meeting/7", 0, EmptyTreeRoot(), {}},
           {"gongxin.example/meeting/7", ~uint64_t{0}, SpecRoot(), {}},
           {"o", 1, SpecRoot(), {"ext one", "\xE6\x89\xA9\xE5\xB1\x95 two"}},
       }) {
    ASSERT_OK_AND_ASSIGN(std::string text, FormatCheckpoint(checkpoint));
    ASSERT_OK_AND_ASSIGN(Checkpoint parsed, ParseCheckpoint(text));
    EXPECT_EQ(parsed, checkpoint) << text;
  }
  ASSERT_OK_AND_ASSIGN(std::string text,
                       FormatCheckpoint({"o", ~uint64_t{0}, SpecRoot(), {}}));
  EXPECT_THAT(text, HasSubstr("\n18446744073709551615\n"));
}

TEST(CheckpointTest, ParseIsStrict) {
  const std::string root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
  struct Case {
    const char* what;
    std::string text;
  };
  const std::vector<Case> cases = {
      {"leading zero", "o\n012\n" + root + "\n"},
      {"zero with leading zero", "o\n00\n" + root + "\n"},
      {"plus sign", "o\n+12\n" + root + "\n"},
      {"minus sign", "o\n-12\n" + root + "\n"},
      {"space before size", "o\n 12\n" + root + "\n"},
      {"space after size", "o\n12 \n" + root + "\n"},
      {"hex size", "o\n0x12\n" + root + "\n"},
      {"empty size", "o\n\n" + root + "\n"},
      {"size overflows 64 bits", "o\n18446744073709551616\n" + root + "\n"},
      {"size far too long", "o\n123456789012345678901234\n" + root + "\n"},
      {"root without padding", "o\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n"},
      {"root in URL-safe base64", "o\n12\nCsUYapGGPo4dkMgIAUqom_Xajj7h2fB2MPA3j2jxq2I=\n"},
      {"root of 31 bytes", "o\n12\n" + absl::Base64Escape(std::string(31, 'r')) + "\n"},
      {"root of 33 bytes", "o\n12\n" + absl::Base64Escape(std::string(33, 'r')) + "\n"},
      {"root in hex", "o\n12\n" + std::string(64, 'a') + "\n"},
      {"empty origin", "\n12\n" + root + "\n"},
      {"empty extension", "o\n12\n" + root + "\n\next\n"},
      {"trailing empty line", "o\n12\n" + root + "\n\n"},
      {"missing final newline", "o\n12\n" + root},
      {"only two lines", "o\n12\n"},
      {"empty", ""},
      {"CRLF line ends", "o\r\n12\r\n" + root + "\r\n"},
      {"control character in origin", "o\x01\n12\n" + root + "\n"},
      {"invalid UTF-8 in extension", "o\n12\n" + root + "\n\xFF\n"},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(ParseCheckpoint(c.text), StatusIs(absl::StatusCode::kInvalidArgument))
        << c.what;
  }
}

TEST(CheckpointTest, ParseErrorsNameTheProblem) {
  EXPECT_THAT(ParseCheckpoint("o\n012\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("leading zeros")));
  EXPECT_THAT(ParseCheckpoint("o\n1\n" + absl::Base64Escape(std::string(31, 'r')) + "\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("must be 32 bytes, got 31")));
  EXPECT_THAT(ParseCheckpoint("o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\nx\n"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("line 4 is empty")));
}

TEST(CheckpointTest, FormatRefusesInvalidFields) {
  struct Case {
    const char* what;
    Checkpoint checkpoint;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"empty origin", {"", 1, SpecRoot(), {}}, "origin is empty"},
      {"origin with newline", {"a\nb", 1, SpecRoot(), {}}, "origin contains a newline"},
      {"origin with control", {"a\tb", 1, SpecRoot(), {}}, "origin"},
      {"short root", {"o", 1, std::string(31, 'r'), {}}, "must be 32 bytes, got 31"},
      {"empty extension", {"o", 1, SpecRoot(), {"x", ""}}, "extension 1 is empty"},
      {"extension with newline", {"o", 1, SpecRoot(), {"x\ny"}}, "extension 0 contains"},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(FormatCheckpoint(c.checkpoint),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.message)))
        << c.what;
  }
}

// The log's whole path: grow the tree, format the head, sign it, and let a
// client open, parse and check it against a proof.
TEST(CheckpointTest, SignedCheckpointOfACompactRangeOpensAndParses) {
  CompactRange range;
  std::vector<std::string> leaves;
  for (int i = 0; i < 10; ++i) {
    leaves.push_back(LeafHash("ballot " + std::to_string(i)));
    ASSERT_OK(range.Append(leaves.back(), [](auto, auto, auto) {}));
  }
  const Checkpoint head{"gongxin.example/meeting/7", range.size(), range.Root(), {}};
  ASSERT_OK_AND_ASSIGN(std::string text, FormatCheckpoint(head));
  ASSERT_OK_AND_ASSIGN(Ed25519PrivateKey key,
                       Ed25519PrivateKey::FromSeedForTesting(Sha256("log key")));
  ASSERT_OK_AND_ASSIGN(std::string note, SignNote(text, head.origin, key));

  ASSERT_OK_AND_ASSIGN(NoteVerifier verifier,
                       NoteVerifier::FromEd25519(head.origin, key.public_key()));
  ASSERT_OK_AND_ASSIGN(OpenedNote opened, OpenNote(note, {verifier}));
  ASSERT_OK_AND_ASSIGN(Checkpoint parsed, ParseCheckpoint(opened.text));
  EXPECT_EQ(parsed, head);
  EXPECT_EQ(parsed.root_hash, RootFromLeafHashes(leaves));
}

}  // namespace
}  // namespace gongxin::crypto
