#include "crypto/blind_rsa.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "crypto/encoding.h"
#include "crypto/secret_data.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/bytes.h"
#include "tests/testing/process.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/openssl_keys.h"
#include "tests/testing/temp_dir.h"

namespace gongxin::crypto {
namespace {

using ::gongxin::testing::FlipBit;
using ::gongxin::testing::IsOk;
using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::StartsWith;

MATCHER_P(IsOkAndHolds, value,
          "is OK and holds " + ::testing::PrintToString(value)) {
  if (!arg.ok()) {
    *result_listener << "status is " << arg.status();
    return false;
  }
  return *arg == value;
}

constexpr BlindRsaVariant kProduction = BlindRsaVariant::kSha384PssRandomized;
constexpr BlindRsaVariant kAllVariants[] = {
    BlindRsaVariant::kSha384PssRandomized,
    BlindRsaVariant::kSha384PssZeroRandomized,
    BlindRsaVariant::kSha384PssDeterministic,
    BlindRsaVariant::kSha384PssZeroDeterministic,
};

// A 1024-bit RSA key pair, below kMinBlindRsaModulusBits, made at test time.
const ::gongxin::testing::PemPair& Rsa1024() {
  static const auto* pair = new ::gongxin::testing::PemPair(::gongxin::testing::GeneratePem("RSA1024"));
  return *pair;
}
constexpr char kEd25519PublicPem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEA9gd1H9itFWH1vKJKEJ29sPgD2ucTuXvAX4s6s5AWc+Q=\n"
    "-----END PUBLIC KEY-----\n";

// DER AlgorithmIdentifiers: rsaEncryption with NULL parameters, and
// id-RSASSA-PSS without parameters.
// (Explicit lengths: the bytes contain 0x00.)
constexpr absl::string_view kRsaEncryptionAlgId(
    "\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00", 15);
constexpr absl::string_view kRsassaPssAlgId(
    "\x30\x0b\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0a", 13);
// The public exponent 65537, big-endian.
constexpr absl::string_view kE65537("\x01\x00\x01", 3);

// --- A minimal DER writer, to build SubjectPublicKeyInfos that OpenSSL's
// key generator would never produce (even n, e = 1, ...). ---

std::string DerTlv(char tag, absl::string_view content) {
  std::string out(1, tag);
  if (content.size() < 0x80) {
    out.push_back(static_cast<char>(content.size()));
  } else {
    std::string length;
    for (size_t n = content.size(); n > 0; n >>= 8) {
      length.insert(length.begin(), static_cast<char>(n & 0xff));
    }
    out.push_back(static_cast<char>(0x80 | length.size()));
    out += length;
  }
  out.append(content.data(), content.size());
  return out;
}

// DerInteger encodes the unsigned big-endian integer `value`.
std::string DerInteger(absl::string_view value) {
  while (!value.empty() && value[0] == '\0') value.remove_prefix(1);
  std::string content(value);
  if (content.empty() || (content[0] & 0x80) != 0) content.insert(0, 1, '\0');
  return DerTlv('\x02', content);
}

std::string RsaSpki(absl::string_view alg_id, absl::string_view n,
                    absl::string_view e) {
  const std::string rsa_public_key =
      DerTlv('\x30', absl::StrCat(DerInteger(n), DerInteger(e)));
  const std::string bit_string =
      DerTlv('\x03', absl::StrCat(absl::string_view("\0", 1), rsa_public_key));
  return DerTlv('\x30', absl::StrCat(alg_id, bit_string));
}

// --- RFC 9474 vectors, read from the shared data file. ---

// Rfc9474Vector holds one vector's fields, hex-decoded (except name).
using Rfc9474Vector = std::map<std::string, std::string>;

// ParseFlatJson parses the shape of rfc9474.json: an array of objects whose
// values are all strings without escapes. Enough for that file, no more.
absl::StatusOr<std::vector<Rfc9474Vector>> ParseFlatJson(
    absl::string_view text) {
  size_t pos = 0;
  auto fail = [&](absl::string_view what) {
    return absl::InvalidArgumentError(
        absl::StrCat("rfc9474.json offset ", pos, ": expected ", what));
  };
  auto skip_ws = [&] {
    while (pos < text.size() && absl::ascii_isspace(text[pos])) ++pos;
  };
  auto consume = [&](char c) {
    skip_ws();
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  };
  auto read_string = [&](std::string* out) {
    if (!consume('"')) return false;
    const size_t end = text.find('"', pos);
    if (end == absl::string_view::npos) return false;
    *out = std::string(text.substr(pos, end - pos));
    if (absl::StrContains(*out, '\\')) return false;
    pos = end + 1;
    return true;
  };
  std::vector<Rfc9474Vector> objects;
  if (!consume('[')) return fail("'['");
  if (consume(']')) return objects;
  do {
    if (!consume('{')) return fail("'{'");
    Rfc9474Vector object;
    do {
      std::string key, value;
      if (!read_string(&key)) return fail("a key");
      if (!consume(':')) return fail("':'");
      if (!read_string(&value)) return fail("a string value");
      object[key] = value;
    } while (consume(','));
    if (!consume('}')) return fail("'}'");
    objects.push_back(std::move(object));
  } while (consume(','));
  if (!consume(']')) return fail("']'");
  skip_ws();
  if (pos != text.size()) return fail("end of file");
  return objects;
}

absl::StatusOr<std::vector<Rfc9474Vector>> LoadRfc9474Vectors() {
  const std::string path = std::string(GONGXIN_VECTORS_DIR) + "/rfc9474.json";
  std::ifstream in(path, std::ios::binary);
  if (!in.good())
    return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  ASSIGN_OR_RETURN(std::vector<Rfc9474Vector> vectors,
                   ParseFlatJson(text.str()));
  static constexpr const char* kHexFields[] = {
      "p",         "q",           "n",          "e",
      "d",         "msg",         "msg_prefix", "prepared_msg",
      "salt",      "encoded_msg", "inv",        "blinded_msg",
      "blind_sig", "sig"};
  for (Rfc9474Vector& v : vectors) {
    for (const char* field : kHexFields) {
      auto it = v.find(field);
      if (it == v.end()) {
        return absl::InvalidArgumentError(
            absl::StrCat(path, ": vector ", v["name"], " lacks ", field));
      }
      absl::StatusOr<std::string> bytes = HexDecode(it->second);
      if (!bytes.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(
            path, ": ", v["name"], ".", field, ": ", bytes.status().message()));
      }
      it->second = *std::move(bytes);
    }
  }
  return vectors;
}

// AllVectors returns the file's vectors, reading it once. A missing or
// malformed file is an error for every test that uses it, never a skip.
const absl::StatusOr<std::vector<Rfc9474Vector>>& AllVectors() {
  static const auto* const vectors =
      new absl::StatusOr<std::vector<Rfc9474Vector>>(LoadRfc9474Vectors());
  return *vectors;
}

// FindVector returns the vector named `name`.
absl::StatusOr<Rfc9474Vector> FindVector(absl::string_view name) {
  const absl::StatusOr<std::vector<Rfc9474Vector>>& vectors = AllVectors();
  if (!vectors.ok()) return vectors.status();
  for (const Rfc9474Vector& v : *vectors) {
    if (v.at("name") == name) return v;
  }
  return absl::NotFoundError(absl::StrCat("no vector named ", name));
}

absl::StatusOr<BlindRsaPrivateKey> VectorKey(const Rfc9474Vector& v) {
  return BlindRsaPrivateKey::FromComponentsForTesting(
      v.at("n"), v.at("e"), v.at("d"), v.at("p"), v.at("q"));
}

TEST(Rfc9474VectorsFile, HoldsExactlyTheFourVariants) {
  ASSERT_OK(AllVectors());
  EXPECT_EQ(AllVectors()->size(), 4u);
  for (BlindRsaVariant variant : kAllVariants) {
    EXPECT_OK(FindVector(BlindRsaVariantName(variant)));
  }
}

struct VectorCase {
  BlindRsaVariant variant;
  // Whether the file's inv, blinded_msg and blind_sig are trustworthy.
  // vectors/README.md: for PSSZERO-Deterministic, published copies of
  // RFC 9474 disagree on them (only `sig` agrees everywhere). sig does not
  // depend on r at all for that variant: with no salt and no prefix,
  // sig = EMSA-PSS-ENCODE(msg)^d mod n is a function of msg and the key.
  // So for it we check the encoding, that our own blinding with the file's
  // inv goes through BlindSign and Finalize to exactly the file's sig, and
  // that sig verifies -- but not the intermediate values.
  bool blinding_values_certain;
};

void PrintTo(const VectorCase& c, std::ostream* os) {
  *os << BlindRsaVariantName(c.variant);
}

class BlindRsaVectorTest : public ::testing::TestWithParam<VectorCase> {};

TEST_P(BlindRsaVectorTest, ReproducesRfc9474Vector) {
  const BlindRsaVariant variant = GetParam().variant;
  ASSERT_OK_AND_ASSIGN(const Rfc9474Vector v,
                       FindVector(BlindRsaVariantName(variant)));
  ASSERT_OK_AND_ASSIGN(const BlindRsaPrivateKey key, VectorKey(v));
  const BlindRsaPublicKey& pk = key.public_key();
  EXPECT_EQ(pk.modulus_bits(), 4096);
  EXPECT_EQ(pk.modulus(), v.at("n"));

  // Prepare, with the vector's prefix in place of a random one.
  ASSERT_OK_AND_ASSIGN(
      const std::string prepared,
      BlindRsaPrepareForTesting(v.at("msg"), v.at("msg_prefix"), variant));
  EXPECT_EQ(HexEncode(prepared), HexEncode(v.at("prepared_msg")));

  // EMSA-PSS encoding alone: blinding with inv = 1 (so r = 1) leaves m.
  ASSERT_OK_AND_ASSIGN(
      const BlindRsaBlindingState unblinded,
      BlindRsaBlindForTesting(pk, prepared, v.at("salt"), "\x01", variant));
  EXPECT_EQ(HexEncode(unblinded.blinded_msg()), HexEncode(v.at("encoded_msg")));

  // Blind with the vector's salt and inverse.
  ASSERT_OK_AND_ASSIGN(const BlindRsaBlindingState state,
                       BlindRsaBlindForTesting(pk, prepared, v.at("salt"),
                                               v.at("inv"), variant));
  ASSERT_OK_AND_ASSIGN(const std::string blind_sig,
                       key.BlindSign(state.blinded_msg()));
  if (GetParam().blinding_values_certain) {
    EXPECT_EQ(HexEncode(state.blinded_msg()), HexEncode(v.at("blinded_msg")));
    EXPECT_EQ(HexEncode(blind_sig), HexEncode(v.at("blind_sig")));
  }

  ASSERT_OK_AND_ASSIGN(
      const std::string sig,
      BlindRsaFinalize(pk, prepared, blind_sig, state, variant));
  EXPECT_EQ(HexEncode(sig), HexEncode(v.at("sig")));
  EXPECT_OK(BlindRsaVerify(pk, prepared, v.at("sig"), variant));
}

INSTANTIATE_TEST_SUITE_P(
    AllVariants, BlindRsaVectorTest,
    ::testing::Values(
        VectorCase{BlindRsaVariant::kSha384PssRandomized, true},
        VectorCase{BlindRsaVariant::kSha384PssZeroRandomized, true},
        VectorCase{BlindRsaVariant::kSha384PssDeterministic, true},
        VectorCase{BlindRsaVariant::kSha384PssZeroDeterministic, false}),
    [](const ::testing::TestParamInfo<VectorCase>& info) {
      return absl::StrReplaceAll(BlindRsaVariantName(info.param.variant),
                                 {{"-", "_"}});
    });

TEST(BlindRsaVectorKeyTest, FromComponentsRefusesFactorsThatDoNotMultiplyToN) {
  ASSERT_OK_AND_ASSIGN(const Rfc9474Vector v,
                       FindVector(BlindRsaVariantName(kProduction)));
  EXPECT_THAT(BlindRsaPrivateKey::FromComponentsForTesting(
                  v.at("n"), v.at("e"), v.at("d"), v.at("p"), v.at("p")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("p * q")));
}

// With a wrong d, OpenSSL's CRT result fails OpenSSL's own check and it
// falls back to m^d mod n -- with the same wrong d. Only BlindSign's check
// (s^e mod n == m), run by every key loader, catches it.
TEST(BlindRsaVectorKeyTest, FromComponentsRefusesWrongPrivateExponent) {
  ASSERT_OK_AND_ASSIGN(const Rfc9474Vector v,
                       FindVector(BlindRsaVariantName(kProduction)));
  std::string d = v.at("d");
  d.back() ^= 2;
  EXPECT_THAT(
      BlindRsaPrivateKey::FromComponentsForTesting(v.at("n"), v.at("e"), d,
                                                   v.at("p"), v.at("q")),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("signing check")));
}

TEST(BlindRsaVectorKeyTest, BlindForTestingRefusesInverseSharingAFactorWithN) {
  ASSERT_OK_AND_ASSIGN(const Rfc9474Vector v,
                       FindVector(BlindRsaVariantName(kProduction)));
  ASSERT_OK_AND_ASSIGN(const BlindRsaPrivateKey key, VectorKey(v));
  EXPECT_THAT(BlindRsaBlindForTesting(key.public_key(), v.at("prepared_msg"),
                                      v.at("salt"), v.at("p")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("not invertible")));
}

// --- Behaviour with freshly generated 2048-bit keys. ---

struct Signed {
  std::string prepared;
  std::string sig;
};

// RunProtocol runs Prepare, Blind, BlindSign and Finalize for `msg`.
absl::StatusOr<Signed> RunProtocol(const BlindRsaPrivateKey& signer,
                                   absl::string_view msg,
                                   BlindRsaVariant variant = kProduction) {
  ASSIGN_OR_RETURN(std::string prepared, BlindRsaPrepare(msg, variant));
  ASSIGN_OR_RETURN(BlindRsaBlindingState state,
                   BlindRsaBlind(signer.public_key(), prepared, variant));
  ASSIGN_OR_RETURN(std::string blind_sig,
                   signer.BlindSign(state.blinded_msg()));
  ASSIGN_OR_RETURN(std::string sig,
                   BlindRsaFinalize(signer.public_key(), prepared, blind_sig,
                                    state, variant));
  return Signed{std::move(prepared), std::move(sig)};
}

// Key generation is slow, so the suite makes its two keys once.
class BlindRsaTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<BlindRsaPrivateKey> key = BlindRsaPrivateKey::Generate(2048);
    absl::StatusOr<BlindRsaPrivateKey> other =
        BlindRsaPrivateKey::Generate(2048);
    ASSERT_OK(key);
    ASSERT_OK(other);
    key_ = new BlindRsaPrivateKey(*std::move(key));
    other_key_ = new BlindRsaPrivateKey(*std::move(other));
  }
  static void TearDownTestSuite() {
    delete key_;
    delete other_key_;
    key_ = other_key_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(key_, nullptr) << "key generation failed";
    ASSERT_NE(other_key_, nullptr) << "key generation failed";
  }

  static const BlindRsaPrivateKey& key() { return *key_; }
  static const BlindRsaPublicKey& pk() { return key_->public_key(); }
  static const BlindRsaPrivateKey& other_key() { return *other_key_; }

  static BlindRsaPrivateKey* key_;
  static BlindRsaPrivateKey* other_key_;
};

BlindRsaPrivateKey* BlindRsaTest::key_ = nullptr;
BlindRsaPrivateKey* BlindRsaTest::other_key_ = nullptr;

TEST_F(BlindRsaTest, GeneratedKeyHasRequestedSize) {
  EXPECT_EQ(pk().modulus_bits(), 2048);
  EXPECT_EQ(pk().modulus_bytes(), 256u);
  EXPECT_EQ(pk().modulus().size(), 256u);
}

TEST_F(BlindRsaTest, RoundTripsTwentyMessagesWithTheProductionVariant) {
  for (int i = 0; i < 20; ++i) {
    const std::string msg = absl::StrCat("ballot credential #", i);
    ASSERT_OK_AND_ASSIGN(const Signed s, RunProtocol(key(), msg));
    EXPECT_EQ(s.prepared.size(), kBlindRsaMessagePrefixSize + msg.size());
    EXPECT_TRUE(absl::EndsWith(s.prepared, msg));
    EXPECT_EQ(s.sig.size(), pk().modulus_bytes());
    EXPECT_OK(BlindRsaVerify(pk(), s.prepared, s.sig));
  }
}

TEST_F(BlindRsaTest, RoundTripsEveryVariant) {
  for (BlindRsaVariant variant : kAllVariants) {
    SCOPED_TRACE(BlindRsaVariantName(variant));
    ASSERT_OK_AND_ASSIGN(const Signed s, RunProtocol(key(), "msg", variant));
    EXPECT_OK(BlindRsaVerify(pk(), s.prepared, s.sig, variant));
  }
}

TEST_F(BlindRsaTest, RoundTripsAnEmptyMessage) {
  ASSERT_OK_AND_ASSIGN(const Signed s, RunProtocol(key(), ""));
  EXPECT_OK(BlindRsaVerify(pk(), s.prepared, s.sig));
}

TEST_F(BlindRsaTest, VerifyRefusesEveryFlippedBitOfTheSignature) {
  ASSERT_OK_AND_ASSIGN(const Signed s, RunProtocol(key(), "flip me"));
  std::vector<size_t> accepted;
  for (size_t bit = 0; bit < s.sig.size() * 8; ++bit) {
    absl::Status status = BlindRsaVerify(pk(), s.prepared, FlipBit(s.sig, bit));
    if (!absl::IsUnauthenticated(status)) accepted.push_back(bit);
  }
  EXPECT_THAT(accepted, ::testing::IsEmpty())
      << "bits whose flip was not UNAUTHENTICATED";
}

TEST_F(BlindRsaTest, VerifyRefusesASignatureUnderAnotherKey) {
  ASSERT_OK_AND_ASSIGN(const Signed s, RunProtocol(other_key(), "msg"));
  EXPECT_OK(BlindRsaVerify(other_key().public_key(), s.prepared, s.sig));
  EXPECT_THAT(BlindRsaVerify(pk(), s.prepared, s.sig),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(BlindRsaTest, VerifyRefusesAnotherMessage) {
  ASSERT_OK_AND_ASSIGN(const Signed s, RunProtocol(key(), "candidate A"));
  std::string other = s.prepared;
  other.back() = 'B';
  EXPECT_THAT(BlindRsaVerify(pk(), other, s.sig),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(BlindRsaVerify(pk(), s.prepared + "x", s.sig),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(BlindRsaTest, VerifyRefusesAnotherPrefix) {
  ASSERT_OK_AND_ASSIGN(const Signed s, RunProtocol(key(), "candidate A"));
  // Same message, a flipped prefix bit.
  EXPECT_THAT(BlindRsaVerify(pk(), FlipBit(s.prepared, 0), s.sig),
              StatusIs(absl::StatusCode::kUnauthenticated));
  // Same message, a freshly prepared prefix.
  ASSERT_OK_AND_ASSIGN(const std::string reprepared,
                       BlindRsaPrepare("candidate A"));
  EXPECT_THAT(BlindRsaVerify(pk(), reprepared, s.sig),
              StatusIs(absl::StatusCode::kUnauthenticated));
  // The bare message, without the prefix that was signed.
  EXPECT_THAT(BlindRsaVerify(pk(), "candidate A", s.sig),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(BlindRsaTest, VerifyRefusesSignaturesOfTheWrongLength) {
  ASSERT_OK_AND_ASSIGN(const Signed s, RunProtocol(key(), "msg"));
  for (const std::string& sig :
       {std::string(), s.sig.substr(1), s.sig + '\0', '\0' + s.sig}) {
    EXPECT_THAT(BlindRsaVerify(pk(), s.prepared, sig),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("must be 256 bytes")));
  }
}

TEST_F(BlindRsaTest, VerifyRefusesValuesNotBelowTheModulus) {
  ASSERT_OK_AND_ASSIGN(const Signed s, RunProtocol(key(), "msg"));
  EXPECT_THAT(BlindRsaVerify(pk(), s.prepared, pk().modulus()),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(BlindRsaVerify(pk(), s.prepared, std::string(256, '\xff')),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(BlindRsaVerify(pk(), s.prepared, std::string(256, '\0')),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

// The salt length is fixed per variant, not detected from the signature: a
// valid zero-salt signature is refused where a 48-byte salt is expected,
// and the other way round.
TEST_F(BlindRsaTest, VerifyUsesTheVariantsFixedSaltLength) {
  ASSERT_OK_AND_ASSIGN(
      const Signed zero_salt,
      RunProtocol(key(), "msg", BlindRsaVariant::kSha384PssZeroRandomized));
  EXPECT_OK(BlindRsaVerify(pk(), zero_salt.prepared, zero_salt.sig,
                           BlindRsaVariant::kSha384PssZeroRandomized));
  EXPECT_THAT(BlindRsaVerify(pk(), zero_salt.prepared, zero_salt.sig),
              StatusIs(absl::StatusCode::kUnauthenticated));

  ASSERT_OK_AND_ASSIGN(const Signed salted, RunProtocol(key(), "msg"));
  EXPECT_THAT(BlindRsaVerify(pk(), salted.prepared, salted.sig,
                             BlindRsaVariant::kSha384PssZeroRandomized),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(BlindRsaTest, BlindSignRefusesValuesNotBelowTheModulus) {
  EXPECT_THAT(key().BlindSign(pk().modulus()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("not below the RSA modulus")));
  EXPECT_THAT(key().BlindSign(std::string(256, '\xff')),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("not below the RSA modulus")));
}

TEST_F(BlindRsaTest, BlindSignRefusesTheWrongLength) {
  for (size_t size : {0, 1, 255, 257, 512}) {
    EXPECT_THAT(key().BlindSign(std::string(size, '\x01')),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("must be 256 bytes")))
        << size;
  }
}

TEST_F(BlindRsaTest, BlindSignSignsEdgeValues) {
  // 0, 1 and n - 1 are valid blinded messages; 0 and 1 are fixed points.
  std::string n_minus_1 = pk().modulus();
  n_minus_1.back() ^= 1;  // n is odd
  for (const std::string& m :
       {std::string(256, '\0'), std::string(255, '\0') + '\x01', n_minus_1}) {
    ASSERT_OK_AND_ASSIGN(const std::string s, key().BlindSign(m));
    EXPECT_EQ(s.size(), 256u);
  }
  ASSERT_OK_AND_ASSIGN(const std::string one,
                       key().BlindSign(std::string(255, '\0') + '\x01'));
  EXPECT_EQ(one, std::string(255, '\0') + '\x01');
}

TEST_F(BlindRsaTest, BlindingIsRandomised) {
  ASSERT_OK_AND_ASSIGN(const std::string prepared, BlindRsaPrepare("same"));
  ASSERT_OK_AND_ASSIGN(const BlindRsaBlindingState a,
                       BlindRsaBlind(pk(), prepared));
  ASSERT_OK_AND_ASSIGN(const BlindRsaBlindingState b,
                       BlindRsaBlind(pk(), prepared));
  EXPECT_EQ(a.blinded_msg().size(), pk().modulus_bytes());
  EXPECT_NE(a.blinded_msg(), b.blinded_msg());

  // Both still finalize to valid (and, with random salts, different)
  // signatures of the same prepared message.
  ASSERT_OK_AND_ASSIGN(const std::string blind_a,
                       key().BlindSign(a.blinded_msg()));
  ASSERT_OK_AND_ASSIGN(const std::string blind_b,
                       key().BlindSign(b.blinded_msg()));
  ASSERT_OK_AND_ASSIGN(const std::string sig_a,
                       BlindRsaFinalize(pk(), prepared, blind_a, a));
  ASSERT_OK_AND_ASSIGN(const std::string sig_b,
                       BlindRsaFinalize(pk(), prepared, blind_b, b));
  EXPECT_NE(sig_a, sig_b);
  EXPECT_OK(BlindRsaVerify(pk(), prepared, sig_a));
  EXPECT_OK(BlindRsaVerify(pk(), prepared, sig_b));
}

TEST_F(BlindRsaTest, BlindingIsRandomisedEvenForTheDeterministicVariant) {
  constexpr BlindRsaVariant kDet = BlindRsaVariant::kSha384PssZeroDeterministic;
  ASSERT_OK_AND_ASSIGN(const BlindRsaBlindingState a,
                       BlindRsaBlind(pk(), "same", kDet));
  ASSERT_OK_AND_ASSIGN(const BlindRsaBlindingState b,
                       BlindRsaBlind(pk(), "same", kDet));
  EXPECT_NE(a.blinded_msg(), b.blinded_msg());
  // ... while the final signatures are equal: this variant is deterministic.
  ASSERT_OK_AND_ASSIGN(const std::string blind_a,
                       key().BlindSign(a.blinded_msg()));
  ASSERT_OK_AND_ASSIGN(const std::string blind_b,
                       key().BlindSign(b.blinded_msg()));
  ASSERT_OK_AND_ASSIGN(const std::string sig_a,
                       BlindRsaFinalize(pk(), "same", blind_a, a, kDet));
  ASSERT_OK_AND_ASSIGN(const std::string sig_b,
                       BlindRsaFinalize(pk(), "same", blind_b, b, kDet));
  EXPECT_EQ(sig_a, sig_b);
}

TEST_F(BlindRsaTest, FinalizeRefusesAWrongBlindSignature) {
  ASSERT_OK_AND_ASSIGN(const std::string prepared, BlindRsaPrepare("msg"));
  ASSERT_OK_AND_ASSIGN(const BlindRsaBlindingState state,
                       BlindRsaBlind(pk(), prepared));
  ASSERT_OK_AND_ASSIGN(const std::string blind_sig,
                       key().BlindSign(state.blinded_msg()));

  // A bit of the last (least significant) byte: flipping one in the first
  // byte could lift the value above the modulus, a different refusal.
  EXPECT_THAT(BlindRsaFinalize(pk(), prepared, FlipBit(blind_sig, blind_sig.size() * 8 - 5),
                               state),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("does not verify")));
  // The signer echoing the blinded message instead of signing it.
  EXPECT_THAT(BlindRsaFinalize(pk(), prepared, state.blinded_msg(), state),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(BlindRsaFinalize(pk(), prepared, blind_sig.substr(1), state),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(BlindRsaFinalize(pk(), prepared, pk().modulus(), state),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("not below the RSA modulus")));
  // The right blind signature, but another prepared message.
  EXPECT_THAT(BlindRsaFinalize(pk(), prepared + "x", blind_sig, state),
              StatusIs(absl::StatusCode::kUnauthenticated));
  // And the right everything still works.
  EXPECT_OK(BlindRsaFinalize(pk(), prepared, blind_sig, state));
}

TEST_F(BlindRsaTest, FinalizeRefusesAStateForAnotherKeyOrVariant) {
  ASSERT_OK_AND_ASSIGN(const std::string prepared, BlindRsaPrepare("msg"));
  ASSERT_OK_AND_ASSIGN(const BlindRsaBlindingState state,
                       BlindRsaBlind(pk(), prepared));
  ASSERT_OK_AND_ASSIGN(const std::string blind_sig,
                       key().BlindSign(state.blinded_msg()));
  EXPECT_THAT(
      BlindRsaFinalize(other_key().public_key(), prepared, blind_sig, state),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("another key")));
  EXPECT_THAT(BlindRsaFinalize(pk(), prepared, blind_sig, state,
                               BlindRsaVariant::kSha384PssZeroRandomized),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("RSABSSA-SHA384-PSS-Randomized")));
  EXPECT_EQ(state.variant(), kProduction);
}

TEST_F(BlindRsaTest, BlindForTestingRefusesBadSaltsAndInverses) {
  const std::string salt(kBlindRsaSaltSize, 's');
  EXPECT_THAT(BlindRsaBlindForTesting(pk(), "m", salt.substr(1), "\x02"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("salt")));
  EXPECT_THAT(
      BlindRsaBlindForTesting(pk(), "m", salt, "\x02",
                              BlindRsaVariant::kSha384PssZeroRandomized),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("salt")));
  for (const std::string& inv : {std::string(), std::string(256, '\0'),
                                 pk().modulus(), std::string(257, '\x01')}) {
    EXPECT_THAT(BlindRsaBlindForTesting(pk(), "m", salt, inv),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("inv")));
  }
}

TEST(BlindRsaPrepareTest, RandomizedVariantsPrefixFreshRandomBytes) {
  for (BlindRsaVariant variant : {BlindRsaVariant::kSha384PssRandomized,
                                  BlindRsaVariant::kSha384PssZeroRandomized}) {
    ASSERT_OK_AND_ASSIGN(const std::string a, BlindRsaPrepare("msg", variant));
    ASSERT_OK_AND_ASSIGN(const std::string b, BlindRsaPrepare("msg", variant));
    EXPECT_EQ(a.size(), kBlindRsaMessagePrefixSize + 3);
    EXPECT_TRUE(absl::EndsWith(a, "msg"));
    EXPECT_NE(a, b);
  }
  ASSERT_OK_AND_ASSIGN(const std::string defaulted, BlindRsaPrepare("msg"));
  EXPECT_EQ(defaulted.size(), kBlindRsaMessagePrefixSize + 3);
}

TEST(BlindRsaPrepareTest, DeterministicVariantsReturnTheMessage) {
  for (BlindRsaVariant variant :
       {BlindRsaVariant::kSha384PssDeterministic,
        BlindRsaVariant::kSha384PssZeroDeterministic}) {
    EXPECT_THAT(BlindRsaPrepare("msg", variant),
                IsOkAndHolds(std::string("msg")));
  }
}

TEST(BlindRsaPrepareTest, PrepareForTestingChecksThePrefixLength) {
  const std::string prefix(kBlindRsaMessagePrefixSize, 'p');
  EXPECT_THAT(BlindRsaPrepareForTesting("m", prefix),
              IsOkAndHolds(prefix + "m"));
  EXPECT_THAT(
      BlindRsaPrepareForTesting("m", prefix.substr(1)),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("prefix")));
  EXPECT_THAT(
      BlindRsaPrepareForTesting("m", prefix,
                                BlindRsaVariant::kSha384PssDeterministic),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("prefix")));
  EXPECT_THAT(BlindRsaPrepareForTesting(
                  "m", "", BlindRsaVariant::kSha384PssDeterministic),
              IsOkAndHolds(std::string("m")));
}

TEST_F(BlindRsaTest, RefusesVariantsOutsideTheEnum) {
  const auto bogus = static_cast<BlindRsaVariant>(42);
  EXPECT_EQ(BlindRsaVariantName(bogus), "unknown");
  EXPECT_THAT(BlindRsaPrepare("m", bogus),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(BlindRsaBlind(pk(), "m", bogus),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(BlindRsaVerify(pk(), "m", std::string(256, '\x01'), bogus),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

// --- Keys: generation limits, parsing, encoding. ---

TEST(BlindRsaKeyTest, GenerateRefusesModuliOutsideTheLimits) {
  for (int bits : {-1, 0, 512, 1024, 2047, 16385}) {
    EXPECT_THAT(BlindRsaPrivateKey::Generate(bits),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("bits requested")))
        << bits;
  }
}

TEST(BlindRsaKeyTest, RefusesA1024BitKey) {
  EXPECT_THAT(
      BlindRsaPublicKey::FromPem(Rsa1024().public_pem),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("1024 bits")));
  EXPECT_THAT(
      BlindRsaPrivateKey::FromPem(Rsa1024().private_pem),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("1024 bits")));
}

TEST(BlindRsaKeyTest, RefusesKeysOfOtherAlgorithmsAndGarbage) {
  EXPECT_THAT(BlindRsaPublicKey::FromPem(kEd25519PublicPem),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("expected an RSA")));
  EXPECT_THAT(BlindRsaPublicKey::FromPem("not a pem"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(BlindRsaPublicKey::FromPem(Rsa1024().private_pem),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(BlindRsaPrivateKey::FromPem(Rsa1024().public_pem),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(BlindRsaPublicKey::FromDer("\x30\x00"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(BlindRsaTest, OurDerWriterMatchesOpenSsl) {
  // Guards the hand-built keys in the tests below.
  EXPECT_EQ(HexEncode(RsaSpki(kRsaEncryptionAlgId, pk().modulus(), kE65537)),
            HexEncode(pk().ToDer()));
}

TEST_F(BlindRsaTest, FromDerRefusesBadPublicParameters) {
  const std::string n = pk().modulus();
  std::string even_n = n;
  even_n.back() ^= 1;
  const struct {
    const char* name;
    std::string der;
    const char* why;
  } cases[] = {
      {"e = 1", RsaSpki(kRsaEncryptionAlgId, n, "\x01"), "public exponent"},
      {"e even",
       RsaSpki(kRsaEncryptionAlgId, n, absl::string_view("\x01\0\0", 3)),
       "public exponent"},
      {"e of 65 bits",
       RsaSpki(kRsaEncryptionAlgId, n,
               absl::string_view("\x01\0\0\0\0\0\0\0\x01", 9)),
       "public exponent"},
      {"n even", RsaSpki(kRsaEncryptionAlgId, even_n, kE65537), "even"},
      {"n of 2040 bits", RsaSpki(kRsaEncryptionAlgId, n.substr(1), kE65537),
       "blind signatures need 2048"},
      {"id-RSASSA-PSS key", RsaSpki(kRsassaPssAlgId, n, kE65537),
       "expected an RSA"},
  };
  for (const auto& c : cases) {
    EXPECT_THAT(BlindRsaPublicKey::FromDer(c.der),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.why)))
        << c.name;
  }
  // Accepted: any odd e >= 3.
  EXPECT_OK(
      BlindRsaPublicKey::FromDer(RsaSpki(kRsaEncryptionAlgId, n, "\x03")));
}

TEST_F(BlindRsaTest, FromDerRefusesTrailingBytes) {
  EXPECT_THAT(
      BlindRsaPublicKey::FromDer(pk().ToDer() + '\0'),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("trailing")));
}

TEST_F(BlindRsaTest, PublicKeyRoundTripsThroughPemAndDer) {
  const std::string pem = pk().ToPem();
  EXPECT_THAT(pem, StartsWith("-----BEGIN PUBLIC KEY-----\n"));
  ASSERT_OK_AND_ASSIGN(const BlindRsaPublicKey from_pem,
                       BlindRsaPublicKey::FromPem(pem));
  EXPECT_EQ(from_pem.ToDer(), pk().ToDer());
  ASSERT_OK_AND_ASSIGN(const BlindRsaPublicKey from_der,
                       BlindRsaPublicKey::FromDer(pk().ToDer()));
  EXPECT_EQ(from_der.ToPem(), pem);
  EXPECT_EQ(from_der.modulus(), pk().modulus());
  // The SPKI names rsaEncryption, so generic RSASSA-PSS verifiers read it.
  EXPECT_THAT(pk().ToDer(), HasSubstr(std::string(kRsaEncryptionAlgId)));
  // A reparsed key verifies signatures from the original.
  ASSERT_OK_AND_ASSIGN(const Signed s, RunProtocol(key(), "msg"));
  EXPECT_OK(BlindRsaVerify(from_pem, s.prepared, s.sig));
}

TEST_F(BlindRsaTest, PrivateKeyRoundTripsThroughPkcs8Pem) {
  ASSERT_OK_AND_ASSIGN(const SecretData pem, key().ToPem());
  EXPECT_TRUE(
      absl::StartsWith(pem.AsStringView(), "-----BEGIN " "PRIVATE KEY-----\n"));
  ASSERT_OK_AND_ASSIGN(const BlindRsaPrivateKey reloaded,
                       BlindRsaPrivateKey::FromPem(pem.AsStringView()));
  EXPECT_EQ(reloaded.public_key().ToDer(), pk().ToDer());
  // The reloaded key's blind signatures finalize under the original key.
  ASSERT_OK_AND_ASSIGN(const std::string prepared, BlindRsaPrepare("msg"));
  ASSERT_OK_AND_ASSIGN(const BlindRsaBlindingState state,
                       BlindRsaBlind(pk(), prepared));
  ASSERT_OK_AND_ASSIGN(const std::string blind_sig,
                       reloaded.BlindSign(state.blinded_msg()));
  EXPECT_OK(BlindRsaFinalize(pk(), prepared, blind_sig, state));
}

TEST_F(BlindRsaTest, CopiedPublicKeyOutlivesTheOriginal) {
  std::optional<BlindRsaPublicKey> original(pk());
  BlindRsaPublicKey copy = *original;
  BlindRsaPublicKey assigned = other_key().public_key();
  assigned = *original;
  original.reset();
  ASSERT_OK_AND_ASSIGN(const Signed s, RunProtocol(key(), "msg"));
  EXPECT_OK(BlindRsaVerify(copy, s.prepared, s.sig));
  EXPECT_OK(BlindRsaVerify(assigned, s.prepared, s.sig));
}

TEST_F(BlindRsaTest, ManyThreadsShareOneKey) {
  std::vector<std::thread> threads;
  std::vector<absl::Status> results(4);
  for (size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([t, &results] {
      for (int i = 0; i < 5; ++i) {
        absl::StatusOr<Signed> s =
            RunProtocol(key(), absl::StrCat("thread ", t, " msg ", i));
        if (!s.ok()) {
          results[t] = s.status();
          return;
        }
        results[t] = BlindRsaVerify(pk(), s->prepared, s->sig);
        if (!results[t].ok()) return;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const absl::Status& status : results) EXPECT_OK(status);
}

// --- Interoperability: a stock RSASSA-PSS verifier accepts our output. ---

std::string FindOpenSslCli() {
  const char* path = std::getenv("PATH");
  for (absl::string_view dir :
       absl::StrSplit(path != nullptr ? path : "/usr/bin:/bin", ':')) {
    std::string candidate = absl::StrCat(dir, "/openssl");
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

bool WriteFile(const std::string& path, absl::string_view data) {
  std::ofstream out(path, std::ios::binary);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  return out.good();
}

TEST_F(BlindRsaTest, OpenSslCommandLineVerifiesOurSignatures) {
  const std::string openssl = FindOpenSslCli();
  ASSERT_FALSE(openssl.empty())
      << "the openssl command (Debian package openssl) is not in PATH";
  gongxin::testing::TempDir dir;
  ASSERT_OK_AND_ASSIGN(const Signed s, RunProtocol(key(), "ballot token"));
  ASSERT_TRUE(WriteFile(dir.File("pub.pem"), pk().ToPem()));
  ASSERT_TRUE(WriteFile(dir.File("msg.bin"), s.prepared));
  ASSERT_TRUE(WriteFile(dir.File("sig.bin"), s.sig));
  ASSERT_TRUE(WriteFile(dir.File("bad.bin"), FlipBit(s.sig, 1000)));
  auto verify = [&](const std::string& sig_file) {
    return gongxin::testing::RunCommand(
        {openssl, "dgst", "-sha384", "-sigopt", "rsa_padding_mode:pss",
         "-sigopt", "rsa_pss_saltlen:48", "-sigopt", "rsa_mgf1_md:sha384",
         "-verify", dir.File("pub.pem"), "-signature", dir.File(sig_file),
         dir.File("msg.bin")},
        dir.path());
  };
  gongxin::testing::RunResult good = verify("sig.bin");
  EXPECT_EQ(good.code, 0) << good.out << good.err;
  EXPECT_THAT(good.out, HasSubstr("Verified OK"));
  gongxin::testing::RunResult bad = verify("bad.bin");
  EXPECT_NE(bad.code, 0) << bad.out << bad.err;
  EXPECT_THAT(bad.out, HasSubstr("Verification failure"));
}

// --- SecretData ---

TEST(SecretDataTest, CopiesAreIndependentAndMovesEmptyTheSource) {
  SecretData a("secret");
  SecretData b = a;
  b.data()[0] = 'S';
  EXPECT_EQ(a.AsStringView(), "secret");
  EXPECT_EQ(b.AsStringView(), "Secret");
  SecretData c = std::move(a);
  EXPECT_EQ(c.AsStringView(), "secret");
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): documented
  EXPECT_EQ(SecretData::OfSize(3).AsStringView(),
            absl::string_view("\0\0\0", 3));
}

}  // namespace
}  // namespace gongxin::crypto

namespace gongxin::crypto {
namespace {

TEST(BlindRsaPersistenceTest, RestoredStateFinalizesLikeTheOriginal) {
  ASSERT_OK_AND_ASSIGN(BlindRsaPrivateKey key, BlindRsaPrivateKey::Generate(2048));
  ASSERT_OK_AND_ASSIGN(std::string prepared, BlindRsaPrepare("token"));
  ASSERT_OK_AND_ASSIGN(BlindRsaBlindingState state, BlindRsaBlind(key.public_key(), prepared));
  ASSERT_OK_AND_ASSIGN(std::string blind_sig, key.BlindSign(state.blinded_msg()));
  SecretData inverse = state.InverseForPersistence();
  ASSERT_OK_AND_ASSIGN(BlindRsaBlindingState restored,
                       BlindRsaBlindingState::RestoreFromPersistence(
                           key.public_key(), state.blinded_msg(), inverse.AsStringView()));
  ASSERT_OK_AND_ASSIGN(std::string sig,
                       BlindRsaFinalize(key.public_key(), prepared, blind_sig, restored));
  EXPECT_OK(BlindRsaVerify(key.public_key(), prepared, sig));
  EXPECT_THAT(BlindRsaBlindingState::RestoreFromPersistence(key.public_key(), "short",
                                                            inverse.AsStringView())
                  .status(),
              ::gongxin::testing::StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace gongxin::crypto
