#include "crypto/ed25519.h"

#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "crypto/encoding.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/openssl_keys.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::crypto {
namespace {

using ::gongxin::testing::IsOk;
using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// An X25519 key pair (same sizes as Ed25519, different algorithm) and an
// Ed25519 key encrypted with the passphrase "secret", made at test time.
const ::gongxin::testing::PemPair& X25519() {
  static const auto* pair = new ::gongxin::testing::PemPair(::gongxin::testing::GeneratePem("X25519"));
  return *pair;
}
std::string EncryptedEd25519Pem() {
  return ::gongxin::testing::GeneratePem("ED25519", "secret").private_pem;
}

struct Rfc8032Vector {
  std::string name, secret_key, public_key, message, signature;
};

// Reads testdata/rfc8032_ed25519.txt; fails the test if it is missing.
std::vector<Rfc8032Vector> ReadRfc8032Vectors() {
  const std::string path =
      std::string(GONGXIN_TESTDATA_DIR) + "/rfc8032_ed25519.txt";
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::vector<Rfc8032Vector> vectors;
  std::map<std::string, std::string> fields;
  auto flush = [&] {
    if (fields.empty()) return;
    auto hex = [&](const char* name) {
      EXPECT_TRUE(fields.count(name)) << name << " missing in " << path;
      absl::StatusOr<std::string> bytes = HexDecode(fields[name]);
      EXPECT_THAT(bytes, IsOk()) << name;
      return bytes.value_or("");
    };
    vectors.push_back({"TEST " + fields["TEST"], hex("SECRET_KEY"),
                       hex("PUBLIC_KEY"), hex("MESSAGE"), hex("SIGNATURE")});
    fields.clear();
  };
  for (std::string line; std::getline(in, line);) {
    if (absl::StartsWith(line, "#")) continue;
    if (line.empty()) {
      flush();
      continue;
    }
    std::pair<std::string, std::string> kv = absl::StrSplit(line, '=');
    fields[std::string(absl::StripAsciiWhitespace(kv.first))] =
        std::string(absl::StripAsciiWhitespace(kv.second));
  }
  flush();
  return vectors;
}

std::string FlipBit(std::string s, size_t bit) {
  s[bit / 8] ^= static_cast<char>(1 << (bit % 8));
  return s;
}

TEST(Ed25519Test, MatchesRfc8032KnownAnswers) {
  std::vector<Rfc8032Vector> vectors = ReadRfc8032Vectors();
  ASSERT_EQ(vectors.size(), 3u);
  for (const Rfc8032Vector& v : vectors) {
    SCOPED_TRACE(v.name);
    ASSERT_OK_AND_ASSIGN(Ed25519PrivateKey key,
                         Ed25519PrivateKey::FromSeedForTesting(v.secret_key));
    EXPECT_EQ(HexEncode(key.public_key().raw()), HexEncode(v.public_key));
    ASSERT_OK_AND_ASSIGN(std::string signature, key.Sign(v.message));
    EXPECT_EQ(HexEncode(signature), HexEncode(v.signature));
    ASSERT_OK_AND_ASSIGN(Ed25519PublicKey public_key,
                         Ed25519PublicKey::FromRaw(v.public_key));
    EXPECT_OK(public_key.Verify(v.message, v.signature));
  }
}

TEST(Ed25519Test, GeneratedKeySignsAndVerifies) {
  ASSERT_OK_AND_ASSIGN(Ed25519PrivateKey key, Ed25519PrivateKey::Generate());
  ASSERT_OK_AND_ASSIGN(std::string signature, key.Sign("ballot 42"));
  EXPECT_EQ(signature.size(), kEd25519SignatureSize);
  EXPECT_EQ(key.public_key().raw().size(), kEd25519PublicKeySize);
  EXPECT_OK(key.public_key().Verify("ballot 42", signature));
}

TEST(Ed25519Test, GeneratedKeysDiffer) {
  ASSERT_OK_AND_ASSIGN(Ed25519PrivateKey a, Ed25519PrivateKey::Generate());
  ASSERT_OK_AND_ASSIGN(Ed25519PrivateKey b, Ed25519PrivateKey::Generate());
  EXPECT_NE(a.public_key().raw(), b.public_key().raw());
}

TEST(Ed25519Test, VerifyRejectsEveryFlippedSignatureBit) {
  ASSERT_OK_AND_ASSIGN(Ed25519PrivateKey key, Ed25519PrivateKey::Generate());
  ASSERT_OK_AND_ASSIGN(std::string signature, key.Sign("message"));
  for (size_t bit = 0; bit < 8 * kEd25519SignatureSize; ++bit) {
    EXPECT_THAT(key.public_key().Verify("message", FlipBit(signature, bit)),
                StatusIs(absl::StatusCode::kUnauthenticated))
        << "bit " << bit;
  }
}

TEST(Ed25519Test, VerifyRejectsEveryFlippedMessageBit) {
  ASSERT_OK_AND_ASSIGN(Ed25519PrivateKey key, Ed25519PrivateKey::Generate());
  const std::string message = "approve count #7";
  ASSERT_OK_AND_ASSIGN(std::string signature, key.Sign(message));
  for (size_t bit = 0; bit < 8 * message.size(); ++bit) {
    EXPECT_THAT(key.public_key().Verify(FlipBit(message, bit), signature),
                StatusIs(absl::StatusCode::kUnauthenticated))
        << "bit " << bit;
  }
  EXPECT_THAT(key.public_key().Verify(message + "x", signature),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST(Ed25519Test, VerifyRejectsSignatureFromAnotherKey) {
  ASSERT_OK_AND_ASSIGN(Ed25519PrivateKey key, Ed25519PrivateKey::Generate());
  ASSERT_OK_AND_ASSIGN(Ed25519PrivateKey other, Ed25519PrivateKey::Generate());
  ASSERT_OK_AND_ASSIGN(std::string signature, other.Sign("m"));
  EXPECT_THAT(key.public_key().Verify("m", signature),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("does not verify")));
}

TEST(Ed25519Test, VerifyRejectsWrongSizeSignatureAsMalformed) {
  ASSERT_OK_AND_ASSIGN(Ed25519PrivateKey key, Ed25519PrivateKey::Generate());
  ASSERT_OK_AND_ASSIGN(std::string signature, key.Sign("m"));
  for (const std::string& bad :
       {std::string(), signature.substr(0, 63), signature + '\0'}) {
    EXPECT_THAT(key.public_key().Verify("m", bad),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("64")))
        << "size " << bad.size();
  }
}

TEST(Ed25519Test, FromRawRejectsWrongSize) {
  for (size_t size : {0, 31, 33, 64}) {
    EXPECT_THAT(Ed25519PublicKey::FromRaw(std::string(size, '\x01')),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("32")))
        << "size " << size;
  }
}

TEST(Ed25519Test, FromSeedForTestingRejectsWrongSize) {
  for (size_t size : {0, 31, 33, 64}) {
    EXPECT_THAT(Ed25519PrivateKey::FromSeedForTesting(std::string(size, 'k')),
                StatusIs(absl::StatusCode::kInvalidArgument))
        << "size " << size;
  }
}

TEST(Ed25519Test, PublicKeyPemIsSubjectPublicKeyInfo) {
  ASSERT_OK_AND_ASSIGN(
      std::string raw,
      HexDecode(
          "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
  ASSERT_OK_AND_ASSIGN(Ed25519PublicKey key, Ed25519PublicKey::FromRaw(raw));
  EXPECT_EQ(key.ToPem(),
            "-----BEGIN PUBLIC KEY-----\n"
            "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n"
            "-----END PUBLIC KEY-----\n");
}

TEST(Ed25519Test, PublicKeyPemRoundTrips) {
  ASSERT_OK_AND_ASSIGN(Ed25519PrivateKey key, Ed25519PrivateKey::Generate());
  ASSERT_OK_AND_ASSIGN(Ed25519PublicKey parsed,
                       Ed25519PublicKey::FromPem(key.public_key().ToPem()));
  EXPECT_EQ(parsed.raw(), key.public_key().raw());
  ASSERT_OK_AND_ASSIGN(std::string signature, key.Sign("m"));
  EXPECT_OK(parsed.Verify("m", signature));
}

TEST(Ed25519Test, PrivateKeyPemIsPkcs8AndRoundTrips) {
  ASSERT_OK_AND_ASSIGN(Ed25519PrivateKey key, Ed25519PrivateKey::Generate());
  ASSERT_OK_AND_ASSIGN(std::string pem, key.ToPem());
  EXPECT_THAT(pem, StartsWith("-----BEGIN " "PRIVATE KEY-----\n"));
  ASSERT_OK_AND_ASSIGN(Ed25519PrivateKey parsed,
                       Ed25519PrivateKey::FromPem(pem));
  EXPECT_EQ(parsed.public_key().raw(), key.public_key().raw());
  // Ed25519 is deterministic: the same key gives the same signature.
  EXPECT_EQ(parsed.Sign("m").value(), key.Sign("m").value());
}

TEST(Ed25519Test, FromPemRejectsOtherAlgorithms) {
  EXPECT_THAT(Ed25519PrivateKey::FromPem(X25519().private_pem),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("expected an Ed25519 key")));
  EXPECT_THAT(Ed25519PublicKey::FromPem(X25519().public_pem),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("expected an Ed25519 key")));
}

TEST(Ed25519Test, FromPemRejectsGarbageAndSwappedKinds) {
  ASSERT_OK_AND_ASSIGN(Ed25519PrivateKey key, Ed25519PrivateKey::Generate());
  ASSERT_OK_AND_ASSIGN(std::string private_pem, key.ToPem());
  EXPECT_THAT(Ed25519PrivateKey::FromPem("garbage"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Ed25519PublicKey::FromPem(""),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Ed25519PublicKey::FromPem(private_pem),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Ed25519PrivateKey::FromPem(key.public_key().ToPem()),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(Ed25519Test, FromPemRejectsEncryptedKeyWithoutPrompting) {
  EXPECT_THAT(Ed25519PrivateKey::FromPem(EncryptedEd25519Pem()),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(Ed25519Test, CopiedPublicKeyOutlivesOriginal) {
  ASSERT_OK_AND_ASSIGN(Ed25519PrivateKey key, Ed25519PrivateKey::Generate());
  ASSERT_OK_AND_ASSIGN(std::string signature, key.Sign("m"));
  std::optional<Ed25519PublicKey> original = key.public_key();
  Ed25519PublicKey copy = *original;
  original.reset();
  EXPECT_OK(copy.Verify("m", signature));
  copy = key.public_key();
  EXPECT_OK(copy.Verify("m", signature));
}

TEST(Ed25519Test, MovedPrivateKeyStillSigns) {
  ASSERT_OK_AND_ASSIGN(Ed25519PrivateKey key, Ed25519PrivateKey::Generate());
  Ed25519PrivateKey moved = std::move(key);
  ASSERT_OK_AND_ASSIGN(std::string signature, moved.Sign("m"));
  EXPECT_OK(moved.public_key().Verify("m", signature));
}

TEST(Ed25519Test, SignAndVerifyAreSafeFromManyThreads) {
  ASSERT_OK_AND_ASSIGN(Ed25519PrivateKey key, Ed25519PrivateKey::Generate());
  constexpr int kThreads = 4, kMessages = 200;
  std::vector<std::string> expected;
  for (int i = 0; i < kMessages; ++i) {
    expected.push_back(key.Sign("message " + std::to_string(i)).value());
  }
  std::vector<int> failures(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kMessages; ++i) {
        const std::string message = "message " + std::to_string(i);
        absl::StatusOr<std::string> signature = key.Sign(message);
        if (!signature.ok() || *signature != expected[i] ||
            !key.public_key().Verify(message, *signature).ok() ||
            key.public_key().Verify(message + "!", *signature).ok()) {
          ++failures[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_THAT(failures, ::testing::Each(0));
}

}  // namespace
}  // namespace gongxin::crypto
