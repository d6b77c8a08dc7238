#include "crypto/signed_note.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "crypto/ed25519.h"
#include "crypto/encoding.h"
#include "crypto/sha256.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/vectors.h"

namespace gongxin::crypto {
namespace {

using ::gongxin::testing::ReadVectorsFile;
using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// --- Known answers from the vectors file -----------------------------------

// NoteKat is one signed-note example of signed-note-and-rfc6962-kats.txt.
struct NoteKat {
  std::string skey;  // empty if the example has no signer key
  std::string vkey;
  std::string text;
  std::string sigline;  // without its newline, as in the file
};

// ParseNoteKats reads sections "# 1)" and "# 2)" of the vectors file. A text
// is given either as "text (N lines, ...):" followed by N lines, or as
// text: "<C-escaped string>".
std::vector<NoteKat> ParseNoteKats(const std::string& file) {
  std::vector<NoteKat> kats;
  std::istringstream in(file);
  std::string line;
  bool in_note_section = false;
  while (std::getline(in, line)) {
    if (line.rfind("#", 0) == 0) {
      if (line.size() > 3 && line[3] == ')') {
        in_note_section = line[2] == '1' || line[2] == '2';
        if (in_note_section) kats.emplace_back();
      }
      continue;
    }
    if (!in_note_section) continue;
    NoteKat& kat = kats.back();
    auto value_of = [&](absl::string_view key) -> std::optional<std::string> {
      if (line.rfind(absl::StrCat(key, ": "), 0) != 0) return std::nullopt;
      return line.substr(key.size() + 2);
    };
    if (auto v = value_of("skey")) {
      kat.skey = *v;
    } else if (auto v = value_of("vkey")) {
      kat.vkey = *v;
    } else if (auto v = value_of("sigline")) {
      kat.sigline = *v;
    } else if (auto v = value_of("text")) {
      // text: "This is an example message.\n"
      const std::string quoted = v->substr(1, v->rfind('"') - 1);
      kat.text = absl::StrReplaceAll(quoted, {{"\\n", "\n"}});
    } else if (line.rfind("text (", 0) == 0) {
      const int count = std::atoi(line.c_str() + 6);
      for (int i = 0; i < count && std::getline(in, line); ++i) {
        absl::StrAppend(&kat.text, line, "\n");
      }
    }
  }
  return kats;
}

class SignedNoteKatTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(std::string file,
                         ReadVectorsFile("signed-note-and-rfc6962-kats.txt"));
    kats_ = ParseNoteKats(file);
    ASSERT_THAT(kats_, SizeIs(2)) << "vectors file changed shape";
    for (const NoteKat& kat : kats_) {
      ASSERT_FALSE(kat.vkey.empty());
      ASSERT_FALSE(kat.text.empty());
      ASSERT_FALSE(kat.sigline.empty());
    }
    ASSERT_FALSE(kats_[0].skey.empty());
  }

  std::vector<NoteKat> kats_;
};

TEST_F(SignedNoteKatTest, KeyIdsMatchVerifierKeysAndSignatureLines) {
  for (const NoteKat& kat : kats_) {
    SCOPED_TRACE(kat.vkey);
    ASSERT_OK_AND_ASSIGN(DecodedVerifierKey decoded, DecodeVerifierKey(kat.vkey));
    EXPECT_EQ(decoded.signature_type, kNoteSignatureTypeEd25519);
    ASSERT_EQ(decoded.public_key.size(), kEd25519PublicKeySize);
    const uint32_t key_id = NoteKeyId(decoded.name, decoded.public_key);
    EXPECT_EQ(key_id, decoded.key_id);
    // The hex key ID as written in the vkey.
    char expected_hex[9];
    snprintf(expected_hex, sizeof(expected_hex), "%08x", key_id);
    EXPECT_THAT(kat.vkey, HasSubstr(absl::StrCat("+", expected_hex, "+")));

    ASSERT_OK_AND_ASSIGN(NoteSignature line,
                         ParseNoteSignatureLine(kat.sigline + "\n"));
    EXPECT_EQ(line.name, decoded.name);
    EXPECT_EQ(line.key_id, key_id);
    EXPECT_EQ(line.signature.size(), kEd25519SignatureSize);
  }
  EXPECT_EQ(kats_[0].vkey.substr(0, 21), "PeterNeumann+c74f20a3");
  EXPECT_EQ(kats_[1].vkey.substr(0, 24), "example.com/foo+530d903a");
}

TEST_F(SignedNoteKatTest, VerifierKeyStringReproducesKnownAnswers) {
  for (const NoteKat& kat : kats_) {
    ASSERT_OK_AND_ASSIGN(DecodedVerifierKey decoded, DecodeVerifierKey(kat.vkey));
    EXPECT_THAT(VerifierKeyString(decoded.name, decoded.public_key),
                ::gongxin::testing::IsOk());
    EXPECT_EQ(*VerifierKeyString(decoded.name, decoded.public_key), kat.vkey);
  }
}

TEST_F(SignedNoteKatTest, SignNoteReproducesKnownSignatureLine) {
  // skey = "PRIVATE+KEY+<name>+<key ID>+base64(0x01 || 32-byte seed)".
  const NoteKat& kat = kats_[0];
  const std::string prefix = "PRIVATE+KEY+";
  ASSERT_EQ(kat.skey.rfind(prefix, 0), 0u);
  const std::string rest = kat.skey.substr(prefix.size());
  const size_t plus1 = rest.find('+');
  const size_t plus2 = rest.find('+', plus1 + 1);
  ASSERT_NE(plus2, std::string::npos);
  const std::string name = rest.substr(0, plus1);
  std::string key_material;
  ASSERT_TRUE(absl::Base64Unescape(rest.substr(plus2 + 1), &key_material));
  ASSERT_EQ(key_material.size(), 1 + kEd25519SeedSize);
  ASSERT_EQ(key_material[0], kNoteSignatureTypeEd25519);
  ASSERT_OK_AND_ASSIGN(Ed25519PrivateKey key,
                       Ed25519PrivateKey::FromSeedForTesting(key_material.substr(1)));
  ASSERT_OK_AND_ASSIGN(DecodedVerifierKey decoded, DecodeVerifierKey(kat.vkey));
  ASSERT_EQ(key.public_key().raw(), decoded.public_key);

  ASSERT_OK_AND_ASSIGN(std::string note, SignNote(kat.text, name, key));
  EXPECT_EQ(note, absl::StrCat(kat.text, "\n", kat.sigline, "\n"));
}

TEST_F(SignedNoteKatTest, OpenNoteVerifiesKnownNotes) {
  for (const NoteKat& kat : kats_) {
    SCOPED_TRACE(kat.vkey);
    ASSERT_OK_AND_ASSIGN(NoteVerifier verifier, ParseVerifierKey(kat.vkey));
    const std::string note = absl::StrCat(kat.text, "\n", kat.sigline, "\n");
    ASSERT_OK_AND_ASSIGN(OpenedNote opened, OpenNote(note, {verifier}));
    EXPECT_EQ(opened.text, kat.text);
    ASSERT_THAT(opened.verified, SizeIs(1));
    EXPECT_EQ(opened.verified[0].name, verifier.name());
    EXPECT_EQ(opened.verified[0].key_id, verifier.key_id());
    EXPECT_THAT(opened.unverified, IsEmpty());
  }
}

TEST_F(SignedNoteKatTest, OneKnownNoteIsNotSignedByTheOthersKey) {
  ASSERT_OK_AND_ASSIGN(NoteVerifier other, ParseVerifierKey(kats_[1].vkey));
  const std::string note =
      absl::StrCat(kats_[0].text, "\n", kats_[0].sigline, "\n");
  EXPECT_THAT(OpenNote(note, {other}),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("PeterNeumann+c74f20a3")));
}

// --- Sign / open ---------------------------------------------------------------

Ed25519PrivateKey TestKey(absl::string_view label) {
  absl::StatusOr<Ed25519PrivateKey> key =
      Ed25519PrivateKey::FromSeedForTesting(Sha256(label));
  if (!key.ok()) {
    ADD_FAILURE() << key.status();
    std::abort();
  }
  return *std::move(key);
}

NoteVerifier VerifierOf(absl::string_view name, const Ed25519PrivateKey& key) {
  absl::StatusOr<NoteVerifier> verifier =
      NoteVerifier::FromEd25519(name, key.public_key());
  if (!verifier.ok()) {
    ADD_FAILURE() << verifier.status();
    std::abort();
  }
  return *std::move(verifier);
}

// SignatureLine returns `key`'s signature line over `text` under `name`.
std::string SignatureLine(absl::string_view text, absl::string_view name,
                          const Ed25519PrivateKey& key) {
  absl::StatusOr<std::string> note = SignNote(text, name, key);
  EXPECT_OK(note);
  return note.ok() ? note->substr(text.size() + 1) : "";
}

class SignedNoteTest : public ::testing::Test {
 protected:
  const std::string kText =
      "gongxin.example/meeting/7\n12\nK1fEbFbrQH0bXK7x0XhRHtf/jiBWv8/5rBA0EHJbf1M=\n";
  const Ed25519PrivateKey log_key_ = TestKey("log");
  const Ed25519PrivateKey other_key_ = TestKey("other");
  const NoteVerifier log_ = VerifierOf("gongxin.example/log", log_key_);
  const NoteVerifier other_ = VerifierOf("other.example/log", other_key_);

  std::string SignedByLog() {
    absl::StatusOr<std::string> note = SignNote(kText, log_.name(), log_key_);
    EXPECT_OK(note);
    return note.ok() ? *note : "";
  }
};

TEST_F(SignedNoteTest, SignThenOpenRoundTrips) {
  const std::string note = SignedByLog();
  EXPECT_EQ(note.substr(0, kText.size() + 1), kText + "\n");
  EXPECT_EQ(note.substr(kText.size() + 1, 4), "\xE2\x80\x94 ");
  ASSERT_OK_AND_ASSIGN(OpenedNote opened, OpenNote(note, {log_}));
  EXPECT_EQ(opened.text, kText);
  ASSERT_THAT(opened.verified, SizeIs(1));
  EXPECT_EQ(opened.verified[0].name, "gongxin.example/log");
  EXPECT_EQ(opened.verified[0].key_id,
            NoteKeyId("gongxin.example/log", log_key_.public_key().raw()));
  EXPECT_THAT(opened.unverified, IsEmpty());
}

TEST_F(SignedNoteTest, TamperedTextIsRefused) {
  std::string note = SignedByLog();
  note[kText.find("12")] = '9';
  EXPECT_THAT(OpenNote(note, {log_}),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("signature by known key gongxin.example/log+")));
}

TEST_F(SignedNoteTest, TamperedSignatureIsRefusedForEveryBit) {
  ASSERT_OK_AND_ASSIGN(
      NoteSignature signature,
      ParseNoteSignatureLine(SignatureLine(kText, log_.name(), log_key_)));
  for (size_t bit = 0; bit < 8 * signature.signature.size(); ++bit) {
    NoteSignature bad = signature;
    bad.signature[bit / 8] ^= static_cast<char>(1 << (bit % 8));
    ASSERT_OK_AND_ASSIGN(std::string line, FormatNoteSignatureLine(bad));
    EXPECT_THAT(OpenNote(absl::StrCat(kText, "\n", line), {log_}),
                StatusIs(absl::StatusCode::kUnauthenticated))
        << "bit " << bit;
  }
}

TEST_F(SignedNoteTest, TruncatedSignatureByKnownKeyIsRefused) {
  ASSERT_OK_AND_ASSIGN(
      NoteSignature signature,
      ParseNoteSignatureLine(SignatureLine(kText, log_.name(), log_key_)));
  signature.signature.pop_back();
  ASSERT_OK_AND_ASSIGN(std::string line, FormatNoteSignatureLine(signature));
  EXPECT_THAT(OpenNote(absl::StrCat(kText, "\n", line), {log_}),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("must be 64 bytes, got 63")));
}

TEST_F(SignedNoteTest, SignatureByUnknownKeyOnlyIsRefused) {
  EXPECT_THAT(OpenNote(SignedByLog(), {other_}),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("no signature by a known key; it is signed by "
                                 "gongxin.example/log+")));
  EXPECT_THAT(OpenNote(SignedByLog(), {}),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(SignedNoteTest, SameNameWithAnotherKeyIsUnknown) {
  const NoteVerifier impostor = VerifierOf(log_.name(), other_key_);
  ASSERT_NE(impostor.key_id(), log_.key_id());
  EXPECT_THAT(OpenNote(SignedByLog(), {impostor}),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("no signature by a known key")));
}

TEST_F(SignedNoteTest, SameKeyIdUnderAnotherNameIsUnknown) {
  ASSERT_OK_AND_ASSIGN(
      NoteVerifier renamed,
      NoteVerifier::FromFunction("renamed.example", log_.key_id(),
                                 [](absl::string_view, absl::string_view) {
                                   return absl::OkStatus();
                                 }));
  EXPECT_THAT(OpenNote(SignedByLog(), {renamed}),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("no signature by a known key")));
}

TEST_F(SignedNoteTest, UnknownSignaturesAreKeptButNotVerified) {
  const std::string note =
      SignedByLog() + SignatureLine(kText, other_.name(), other_key_);
  ASSERT_OK_AND_ASSIGN(OpenedNote opened, OpenNote(note, {log_}));
  ASSERT_THAT(opened.verified, SizeIs(1));
  EXPECT_EQ(opened.verified[0].name, log_.name());
  ASSERT_THAT(opened.unverified, SizeIs(1));
  EXPECT_EQ(opened.unverified[0].name, other_.name());
  EXPECT_EQ(opened.unverified[0].key_id, other_.key_id());

  ASSERT_OK_AND_ASSIGN(OpenedNote both, OpenNote(note, {other_, log_}));
  ASSERT_THAT(both.verified, SizeIs(2));
  EXPECT_EQ(both.verified[0].name, log_.name());  // note order
  EXPECT_EQ(both.verified[1].name, other_.name());
  EXPECT_THAT(both.unverified, IsEmpty());
}

TEST_F(SignedNoteTest, UnknownSignatureWithGarbageBytesIsKeptUnchecked) {
  ASSERT_OK_AND_ASSIGN(std::string garbage,
                       FormatNoteSignatureLine({"witness.example", 0x01020304, "xyz"}));
  ASSERT_OK_AND_ASSIGN(OpenedNote opened, OpenNote(SignedByLog() + garbage, {log_}));
  ASSERT_THAT(opened.unverified, SizeIs(1));
  EXPECT_EQ(opened.unverified[0].key_id, 0x01020304u);
  EXPECT_EQ(opened.unverified[0].signature, "xyz");
}

TEST_F(SignedNoteTest, FailingKnownSignatureRejectsNoteDespiteAGoodOne) {
  // other_ signs a different text; its line is appended to the log's note.
  const std::string note =
      SignedByLog() + SignatureLine("another text\n", other_.name(), other_key_);
  EXPECT_THAT(OpenNote(note, {log_, other_}),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("other.example/log+")));
}

TEST_F(SignedNoteTest, RepeatedSignatureIsReportedOnceAndEachCopyIsChecked) {
  const std::string line = SignatureLine(kText, log_.name(), log_key_);
  ASSERT_OK_AND_ASSIGN(OpenedNote opened, OpenNote(SignedByLog() + line, {log_}));
  EXPECT_THAT(opened.verified, SizeIs(1));

  ASSERT_OK_AND_ASSIGN(NoteSignature bad, ParseNoteSignatureLine(line));
  bad.signature[0] ^= 1;
  ASSERT_OK_AND_ASSIGN(std::string bad_line, FormatNoteSignatureLine(bad));
  EXPECT_THAT(OpenNote(SignedByLog() + bad_line, {log_}),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(SignedNoteTest, AcceptsSixteenAndUpToTheLimitOfSignatures) {
  std::string note = SignedByLog();
  for (size_t i = 1; i < kNoteMaxSignatures; ++i) {
    ASSERT_OK_AND_ASSIGN(std::string line,
                         FormatNoteSignatureLine({absl::StrCat("w", i, ".example"),
                                                  static_cast<uint32_t>(i), "sig"}));
    note += line;
    if (i == 16) {
      ASSERT_OK_AND_ASSIGN(OpenedNote opened, OpenNote(note, {log_}));
      EXPECT_THAT(opened.unverified, SizeIs(16));
    }
  }
  ASSERT_OK_AND_ASSIGN(OpenedNote opened, OpenNote(note, {log_}));
  EXPECT_THAT(opened.unverified, SizeIs(kNoteMaxSignatures - 1));

  ASSERT_OK_AND_ASSIGN(std::string one_more,
                       FormatNoteSignatureLine({"last.example", 7, "sig"}));
  EXPECT_THAT(OpenNote(note + one_more, {log_}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("more than 100 signatures")));
}

TEST_F(SignedNoteTest, RefusesNoteLargerThanTheLimit) {
  const std::string note = SignedByLog();
  const std::string huge = std::string(kNoteMaxSize, 'a') + note;
  EXPECT_THAT(OpenNote(huge, {log_}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("more than the limit")));
}

TEST_F(SignedNoteTest, RefusesMalformedNotes) {
  const std::string line = SignatureLine(kText, log_.name(), log_key_);
  const std::string b64 = line.substr(line.find(' ', 4) + 1,
                                      line.size() - line.find(' ', 4) - 2);
  struct Case {
    const char* what;
    std::string note;
  };
  const std::vector<Case> cases = {
      {"no blank line", kText + line},
      {"no final newline", kText + "\n" + line.substr(0, line.size() - 1)},
      {"no signature lines", kText + "\n"},
      {"ASCII dashes", kText + "\n-- gongxin.example/log " + b64 + "\n"},
      {"hyphen instead of em dash", kText + "\n- gongxin.example/log " + b64 + "\n"},
      {"no space after name", kText + "\n\xE2\x80\x94 gongxin.example/log\n"},
      {"empty signature", kText + "\n\xE2\x80\x94 gongxin.example/log \n"},
      {"base64 without padding",
       kText + "\n\xE2\x80\x94 gongxin.example/log " +
           b64.substr(0, b64.find('=')) + "\n"},
      {"base64 with whitespace",
       kText + "\n\xE2\x80\x94 gongxin.example/log  " + b64 + "\n"},
      {"signature of 4 bytes",
       kText + "\n\xE2\x80\x94 gongxin.example/log AQIDBA==\n"},
      {"name with plus", kText + "\n\xE2\x80\x94 gongxin+log " + b64 + "\n"},
      {"carriage return in text",
       "gongxin.example\r\n12\n\n" + line},
      {"tab in text", "gongxin.example\t\n\n" + line},
      {"NUL in text", std::string("a\0b\n\n", 5) + line},
      {"invalid UTF-8 in text", "caf\xC3\n\n" + line},
      {"overlong UTF-8 in text", "\xC0\xAF\n\n" + line},
      {"UTF-16 surrogate in text", "\xED\xA0\x80\n\n" + line},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(OpenNote(c.note, {log_}),
                StatusIs(absl::StatusCode::kInvalidArgument))
        << c.what;
  }
}

TEST_F(SignedNoteTest, TextMayContainEmptyLinesWhenOpening) {
  // The spec lets the text hold empty lines; the last blank line ends it.
  const std::string text = "first\n\nthird\n";
  ASSERT_OK_AND_ASSIGN(std::string signature, log_key_.Sign(text));
  ASSERT_OK_AND_ASSIGN(std::string line,
                       FormatNoteSignatureLine({log_.name(), log_.key_id(), signature}));
  ASSERT_OK_AND_ASSIGN(OpenedNote opened, OpenNote(text + "\n" + line, {log_}));
  EXPECT_EQ(opened.text, text);
}

TEST_F(SignedNoteTest, DuplicateKnownVerifiersAreRefused) {
  EXPECT_THAT(OpenNote(SignedByLog(), {log_, other_, log_}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("two known verifiers are both gongxin.example/log+")));
}

TEST_F(SignedNoteTest, VerifierFunctionErrorsOtherThanRejectionPassThrough) {
  ASSERT_OK_AND_ASSIGN(
      NoteVerifier broken,
      NoteVerifier::FromFunction(log_.name(), log_.key_id(),
                                 [](absl::string_view, absl::string_view) {
                                   return absl::InternalError("HSM offline");
                                 }));
  EXPECT_THAT(OpenNote(SignedByLog(), {broken}),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("HSM offline")));
}

TEST_F(SignedNoteTest, SignNoteRefusesInvalidText) {
  for (const std::string& text : std::vector<std::string>{
           "", "no newline", "\nleading empty line\n", "empty\n\nline\n",
           "trailing empty line\n\n", "tab\there\n", "bad \xFF byte\n"}) {
    EXPECT_THAT(SignNote(text, log_.name(), log_key_),
                StatusIs(absl::StatusCode::kInvalidArgument))
        << absl::CEscape(text);
  }
  EXPECT_THAT(SignNote(std::string(kNoteMaxSize - 1, 'a') + "\n", log_.name(), log_key_),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("more than the limit")));
}

TEST_F(SignedNoteTest, SignNoteRefusesInvalidKeyName) {
  for (const std::string& name :
       std::vector<std::string>{"", "has space", "has+plus", "tab\there",
                                "nbsp\xC2\xA0here", "ideographic\xE3\x80\x80space",
                                "bad\xFFutf8"}) {
    EXPECT_THAT(SignNote(kText, name, log_key_),
                StatusIs(absl::StatusCode::kInvalidArgument))
        << absl::CEscape(name);
  }
}

TEST(NoteKeyNameTest, ValidNames) {
  EXPECT_TRUE(IsValidNoteKeyName("gongxin.example/log"));
  EXPECT_TRUE(IsValidNoteKeyName("PeterNeumann"));
  EXPECT_TRUE(IsValidNoteKeyName("oid/1.3.6.1.4.1"));
  EXPECT_TRUE(IsValidNoteKeyName("\xE6\x97\xA5\xE5\xBF\x97.example"));  // 日志
  EXPECT_FALSE(IsValidNoteKeyName(""));
  EXPECT_FALSE(IsValidNoteKeyName("a b"));
  EXPECT_FALSE(IsValidNoteKeyName("a+b"));
  EXPECT_FALSE(IsValidNoteKeyName("a\nb"));
  EXPECT_FALSE(IsValidNoteKeyName("a\xE2\x80\xA8" "b"));  // line separator
  EXPECT_FALSE(IsValidNoteKeyName("a\xC2\x85" "b"));      // NEL
}

// --- Verifier keys --------------------------------------------------------------

TEST(VerifierKeyTest, RoundTripsThroughParseVerifierKey) {
  const Ed25519PrivateKey key = TestKey("vkey");
  ASSERT_OK_AND_ASSIGN(std::string vkey,
                       VerifierKeyString("gongxin.example/log", key.public_key().raw()));
  ASSERT_OK_AND_ASSIGN(NoteVerifier verifier, ParseVerifierKey(vkey));
  EXPECT_EQ(verifier.name(), "gongxin.example/log");
  EXPECT_EQ(verifier.key_id(), NoteKeyId("gongxin.example/log", key.public_key().raw()));
  ASSERT_OK_AND_ASSIGN(std::string signature, key.Sign("text\n"));
  EXPECT_OK(verifier.Verify("text\n", signature));
  EXPECT_THAT(verifier.Verify("other\n", signature),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST(VerifierKeyTest, VerifierKeyStringRefusesBadInput) {
  const std::string pub = TestKey("vkey").public_key().raw();
  EXPECT_THAT(VerifierKeyString("bad name", pub),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(VerifierKeyString("good.example", pub.substr(1)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("must be 32 bytes, got 31")));
}

TEST(VerifierKeyTest, ParseVerifierKeyRefusesMalformedKeys) {
  const std::string good = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  ASSERT_OK(ParseVerifierKey(good));
  const std::string pub = TestKey("vkey").public_key().raw();
  ASSERT_OK_AND_ASSIGN(std::string cosigner_type,
                       VerifierKeyStringOfType("w.example", 0x04, pub));
  ASSERT_OK_AND_ASSIGN(std::string short_key,
                       VerifierKeyStringOfType("w.example", 0x01, pub.substr(1)));
  struct Case {
    const char* what;
    std::string vkey;
  };
  const std::vector<Case> cases = {
      {"wrong key ID", "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"},
      {"other name", "PeterNeumanm+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"},
      {"short key ID", "PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"},
      {"non-hex key ID", "PeterNeumann+c74f20zz+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"},
      {"bad base64", "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T"},
      {"missing key", "PeterNeumann+c74f20a3"},
      {"missing everything", "PeterNeumann"},
      {"empty name", "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"},
      {"cosigner key type", cosigner_type},
      {"31-byte key", short_key},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(ParseVerifierKey(c.vkey),
                StatusIs(absl::StatusCode::kInvalidArgument))
        << c.what;
  }
}

// --- Signature lines --------------------------------------------------------------

TEST(NoteSignatureLineTest, FormatAndParseRoundTrip) {
  const NoteSignature signature{"w.example/1", 0xdeadbeef, std::string("\x00\x01\x02\xff", 4)};
  ASSERT_OK_AND_ASSIGN(std::string line, FormatNoteSignatureLine(signature));
  EXPECT_EQ(line, "\xE2\x80\x94 w.example/1 3q2+7wABAv8=\n");
  ASSERT_OK_AND_ASSIGN(NoteSignature parsed, ParseNoteSignatureLine(line));
  EXPECT_EQ(parsed.name, signature.name);
  EXPECT_EQ(parsed.key_id, signature.key_id);
  EXPECT_EQ(parsed.signature, signature.signature);
}

TEST(NoteSignatureLineTest, ParseRequiresExactlyOneTrailingNewline) {
  const std::string line = "\xE2\x80\x94 w.example/1 3q2+7wABAv8=";
  EXPECT_THAT(ParseNoteSignatureLine(line),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseNoteSignatureLine(line + "\n\n"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_OK(ParseNoteSignatureLine(line + "\n"));
}

TEST(NoteSignatureLineTest, FormatRefusesBadNameOrEmptySignature) {
  EXPECT_THAT(FormatNoteSignatureLine({"bad name", 1, "sig"}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FormatNoteSignatureLine({"good", 1, ""}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace gongxin::crypto
