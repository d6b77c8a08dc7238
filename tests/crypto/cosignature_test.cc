#include "crypto/cosignature.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "crypto/checkpoint.h"
#include "crypto/encoding.h"
#include "crypto/sha256.h"
#include "crypto/signed_note.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::crypto {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// The example checkpoint of c2sp.org/tlog-checkpoint and tlog-cosignature.
constexpr absl::string_view kCheckpoint =
    "example.com/behind-the-sofa\n"
    "20852163\n"
    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
constexpr uint64_t kSpecTimestamp = 1679315147;

// Known answer computed independently with Python's hashlib and
// cryptography (Ed25519) from the spec's byte layout: seed = SHA-256("gongxin
// cosignature/v1 test key"), cosigner "witness.example.com/w1", the checkpoint
// above, timestamp 1679315147.
constexpr absl::string_view kKatName = "witness.example.com/w1";
constexpr absl::string_view kKatSeedHex =
    "f27d46b0cc0465be69b37509bcab53d712015806488844e2d5c4b7acb65a566d";
constexpr absl::string_view kKatVkey =
    "witness.example.com/w1+415589f5+BKAsw+UWh25GK48yeEFMzN2Vidy2L/qnXWT5A3KdiBjP";
constexpr absl::string_view kKatLine =
    "\xE2\x80\x94 witness.example.com/w1 "
    "QVWJ9QAAAABkGFDLT+UOedbT6WzWtEETKumRWC/4gf0vAQy8k5n69ndid9T1sbRxAzHRcRGko3"
    "MCTjVi6pX4HHWt2Po5N7ME6Mo6Dg==\n";

Ed25519PrivateKey KeyFromSeed(absl::string_view seed) {
  absl::StatusOr<Ed25519PrivateKey> key = Ed25519PrivateKey::FromSeedForTesting(seed);
  if (!key.ok()) {
    ADD_FAILURE() << key.status();
    std::abort();
  }
  return *std::move(key);
}

Ed25519PrivateKey KatKey() { return KeyFromSeed(*HexDecode(kKatSeedHex)); }

TEST(CosignatureKatTest, SignCosignatureReproducesKnownLine) {
  const Ed25519PrivateKey key = KatKey();
  ASSERT_OK_AND_ASSIGN(std::string line,
                       SignCosignature(kCheckpoint, kKatName, key, kSpecTimestamp));
  EXPECT_EQ(line, kKatLine);
}

TEST(CosignatureKatTest, VerifierKeyStringAndKeyIdMatch) {
  const Ed25519PrivateKey key = KatKey();
  ASSERT_OK_AND_ASSIGN(std::string vkey,
                       CosignerVerifierKeyString(kKatName, key.public_key().raw()));
  EXPECT_EQ(vkey, kKatVkey);
  EXPECT_EQ(CosignerKeyId(kKatName, key.public_key().raw()), 0x415589f5u);
  // A plain Ed25519 note key under the same name and key has another ID.
  EXPECT_NE(NoteKeyId(kKatName, key.public_key().raw()), 0x415589f5u);
}

TEST(CosignatureKatTest, VerifyCosignatureAcceptsKnownLine) {
  ASSERT_OK_AND_ASSIGN(Cosigner cosigner, ParseCosignerVerifierKey(kKatVkey));
  EXPECT_EQ(cosigner.name, kKatName);
  ASSERT_OK_AND_ASSIGN(uint64_t timestamp,
                       VerifyCosignature(kCheckpoint, kKatLine, cosigner));
  EXPECT_EQ(timestamp, kSpecTimestamp);
}

TEST(CosignatureKatTest, SpecExampleLineCarriesKeyIdAndTimestamp) {
  // The witness line of the spec's example (its public key is not given).
  ASSERT_OK_AND_ASSIGN(
      NoteSignature signature,
      ParseNoteSignatureLine(
          "\xE2\x80\x94 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/"
          "zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n"));
  EXPECT_EQ(signature.key_id, 0x8d66cf3fu);
  EXPECT_THAT(signature.signature, SizeIs(kCosignatureV1Size));
  ASSERT_OK_AND_ASSIGN(uint64_t timestamp, CosignatureTimestamp(signature.signature));
  EXPECT_EQ(timestamp, kSpecTimestamp);  // the spec's "time 1679315147"
}

TEST(CosignedMessageTest, IsHeaderTimeLineThenCheckpoint) {
  EXPECT_EQ(CosignedMessage(kCheckpoint, kSpecTimestamp),
            absl::StrCat("cosignature/v1\ntime 1679315147\n", kCheckpoint));
  EXPECT_EQ(CosignedMessage("x\n", 0), "cosignature/v1\ntime 0\nx\n");
}

class CosignatureTest : public ::testing::Test {
 protected:
  const Ed25519PrivateKey log_key_ = KeyFromSeed(Sha256("log"));
  const Ed25519PrivateKey witness_key_ = KeyFromSeed(Sha256("witness"));
  const Cosigner witness_{"witness.example/w1", witness_key_.public_key()};

  std::string Cosign(absl::string_view text, uint64_t timestamp) {
    absl::StatusOr<std::string> line =
        SignCosignature(text, witness_.name, witness_key_, timestamp);
    EXPECT_OK(line);
    return line.ok() ? *line : "";
  }
};

TEST_F(CosignatureTest, RoundTrips) {
  const std::string line = Cosign(kCheckpoint, 1700000000);
  ASSERT_OK_AND_ASSIGN(uint64_t timestamp, VerifyCosignature(kCheckpoint, line, witness_));
  EXPECT_EQ(timestamp, 1700000000u);
  ASSERT_OK_AND_ASSIGN(uint64_t zero,
                       VerifyCosignature(kCheckpoint, Cosign(kCheckpoint, 0), witness_));
  EXPECT_EQ(zero, 0u);
  ASSERT_OK_AND_ASSIGN(
      uint64_t max, VerifyCosignature(kCheckpoint, Cosign(kCheckpoint, kMaxCosignatureTimestamp),
                                      witness_));
  EXPECT_EQ(max, kMaxCosignatureTimestamp);
}

TEST_F(CosignatureTest, VerifierKeyRoundTrips) {
  ASSERT_OK_AND_ASSIGN(std::string vkey,
                       CosignerVerifierKeyString(witness_.name, witness_key_.public_key().raw()));
  ASSERT_OK_AND_ASSIGN(Cosigner parsed, ParseCosignerVerifierKey(vkey));
  EXPECT_EQ(parsed.name, witness_.name);
  EXPECT_EQ(parsed.public_key.raw(), witness_key_.public_key().raw());
}

TEST_F(CosignatureTest, TamperedCheckpointIsRefused) {
  const std::string line = Cosign(kCheckpoint, 1700000000);
  std::string other(kCheckpoint);
  other[other.find("20852163")] = '3';
  EXPECT_THAT(VerifyCosignature(other, line, witness_),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(CosignatureTest, TamperedTimestampIsRefused) {
  ASSERT_OK_AND_ASSIGN(NoteSignature signature,
                       ParseNoteSignatureLine(Cosign(kCheckpoint, 1700000000)));
  signature.signature[7] ^= 1;  // 1700000001
  ASSERT_OK_AND_ASSIGN(std::string line, FormatNoteSignatureLine(signature));
  EXPECT_THAT(VerifyCosignature(kCheckpoint, line, witness_),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(CosignatureTest, TamperedSignatureIsRefusedForEveryBit) {
  ASSERT_OK_AND_ASSIGN(NoteSignature signature,
                       ParseNoteSignatureLine(Cosign(kCheckpoint, 1700000000)));
  for (size_t bit = 8 * 8; bit < 8 * signature.signature.size(); ++bit) {
    NoteSignature bad = signature;
    bad.signature[bit / 8] ^= static_cast<char>(1 << (bit % 8));
    ASSERT_OK_AND_ASSIGN(std::string line, FormatNoteSignatureLine(bad));
    EXPECT_THAT(VerifyCosignature(kCheckpoint, line, witness_),
                StatusIs(absl::StatusCode::kUnauthenticated))
        << "bit " << bit;
  }
}

TEST_F(CosignatureTest, TimestampAbove2To63IsRefused) {
  ASSERT_OK_AND_ASSIGN(NoteSignature signature,
                       ParseNoteSignatureLine(Cosign(kCheckpoint, 1700000000)));
  signature.signature[0] = static_cast<char>(0x80);
  ASSERT_OK_AND_ASSIGN(std::string line, FormatNoteSignatureLine(signature));
  EXPECT_THAT(VerifyCosignature(kCheckpoint, line, witness_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("exceeds 2^63 - 1")));
  EXPECT_THAT(SignCosignature(kCheckpoint, witness_.name, witness_key_,
                              kMaxCosignatureTimestamp + 1),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(CosignatureTest, WrongLengthSignatureIsRefused) {
  ASSERT_OK_AND_ASSIGN(NoteSignature signature,
                       ParseNoteSignatureLine(Cosign(kCheckpoint, 1700000000)));
  signature.signature.resize(kEd25519SignatureSize);  // no room for the time
  ASSERT_OK_AND_ASSIGN(std::string line, FormatNoteSignatureLine(signature));
  EXPECT_THAT(VerifyCosignature(kCheckpoint, line, witness_),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("must be 72 bytes, got 64")));
}

TEST_F(CosignatureTest, LineByAnotherCosignerIsRefusedNamingBoth) {
  const Cosigner impostor{"witness.example/w2", log_key_.public_key()};
  EXPECT_THAT(VerifyCosignature(kCheckpoint, Cosign(kCheckpoint, 1), impostor),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("expected cosigner witness.example/w2+")));
  // Same name, other key: the key ID differs.
  const Cosigner same_name{witness_.name, log_key_.public_key()};
  EXPECT_THAT(VerifyCosignature(kCheckpoint, Cosign(kCheckpoint, 1), same_name),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(CosignatureTest, PlainNoteSignatureByTheSameKeyIsNotACosignature) {
  ASSERT_OK_AND_ASSIGN(std::string note, SignNote(kCheckpoint, witness_.name, witness_key_));
  const std::string plain_line = note.substr(kCheckpoint.size() + 1);
  EXPECT_THAT(VerifyCosignature(kCheckpoint, plain_line, witness_),
              StatusIs(absl::StatusCode::kUnauthenticated));
  ASSERT_OK_AND_ASSIGN(NoteVerifier cosig_verifier, CosignatureNoteVerifier(witness_));
  EXPECT_THAT(OpenNote(note, {cosig_verifier}),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("no signature by a known key")));
}

TEST_F(CosignatureTest, SignCosignatureRefusesNonCheckpointsAndBadNames) {
  EXPECT_THAT(SignCosignature("not a checkpoint\n", witness_.name, witness_key_, 1),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(SignCosignature(kCheckpoint, "bad name", witness_key_, 1),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(CosignatureTest, VerifierKeyTypesAreNotInterchangeable) {
  ASSERT_OK_AND_ASSIGN(std::string cosigner_vkey,
                       CosignerVerifierKeyString(witness_.name, witness_key_.public_key().raw()));
  ASSERT_OK_AND_ASSIGN(std::string plain_vkey,
                       VerifierKeyString(witness_.name, witness_key_.public_key().raw()));
  EXPECT_THAT(ParseVerifierKey(cosigner_vkey),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("type 04")));
  EXPECT_THAT(ParseCosignerVerifierKey(plain_vkey),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("type 01")));
}

// A client opens the log's checkpoint together with its witnesses'
// cosignatures in one OpenNote call, then reads each cosignature's time.
TEST_F(CosignatureTest, OpenNoteVerifiesLogSignatureAndCosignaturesTogether) {
  const std::string origin = "gongxin.example/meeting/7";
  ASSERT_OK_AND_ASSIGN(std::string text,
                       FormatCheckpoint({origin, 3, Sha256("root"), {}}));
  ASSERT_OK_AND_ASSIGN(std::string note, SignNote(text, origin, log_key_));
  note += Cosign(text, 1700000000);
  const Ed25519PrivateKey stranger_key = KeyFromSeed(Sha256("stranger"));
  ASSERT_OK_AND_ASSIGN(std::string stranger,
                       SignCosignature(text, "stranger.example", stranger_key, 5));
  note += stranger;

  ASSERT_OK_AND_ASSIGN(NoteVerifier log, NoteVerifier::FromEd25519(origin, log_key_.public_key()));
  ASSERT_OK_AND_ASSIGN(NoteVerifier witness, CosignatureNoteVerifier(witness_));
  ASSERT_OK_AND_ASSIGN(OpenedNote opened, OpenNote(note, {log, witness}));
  EXPECT_EQ(opened.text, text);
  ASSERT_THAT(opened.verified, SizeIs(2));
  EXPECT_EQ(opened.verified[0].name, origin);
  EXPECT_EQ(opened.verified[1].name, witness_.name);
  EXPECT_THAT(CosignatureTimestamp(opened.verified[1].signature),
              ::gongxin::testing::IsOk());
  EXPECT_EQ(*CosignatureTimestamp(opened.verified[1].signature), 1700000000u);
  ASSERT_THAT(opened.unverified, SizeIs(1));
  EXPECT_EQ(opened.unverified[0].name, "stranger.example");

  // A cosignature over a different checkpoint breaks the whole note.
  ASSERT_OK_AND_ASSIGN(std::string other_text,
                       FormatCheckpoint({origin, 4, Sha256("root2"), {}}));
  ASSERT_OK_AND_ASSIGN(std::string mixed, SignNote(text, origin, log_key_));
  mixed += Cosign(other_text, 1700000000);
  EXPECT_THAT(OpenNote(mixed, {log, witness}),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("witness.example/w1+")));
}

}  // namespace
}  // namespace gongxin::crypto
