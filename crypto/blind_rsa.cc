#include "crypto/blind_rsa.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/params.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <climits>
#include <cstdint>
#include <initializer_list>
#include <utility>

#include "absl/strings/str_cat.h"
#include "crypto/byte_views.h"
#include "crypto/encoding.h"
#include "crypto/openssl_error.h"
#include "crypto/pem.h"
#include "crypto/random.h"
#include "util/status_macros.h"

namespace gongxin::crypto {
namespace {

using BnCtxPtr = OpenSslPtr<BN_CTX, BN_CTX_free>;
using BnMontCtxPtr = OpenSslPtr<BN_MONT_CTX, BN_MONT_CTX_free>;
using EvpPkeyCtxPtr = OpenSslPtr<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using ParamBldPtr = OpenSslPtr<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>;
// OSSL_PARAM_free also wipes the secure block holding secret BIGNUMs.
using ParamsPtr = OpenSslPtr<OSSL_PARAM, OSSL_PARAM_free>;
// SecretBignumPtr owns a BIGNUM that holds a secret: allocated with
// BN_secure_new, zeroed by BN_clear_free.
using SecretBignumPtr = OpenSslPtr<BIGNUM, BN_clear_free>;

constexpr size_t kSha384Size = 48;
constexpr int kMaxPublicExponentBits = 64;
// Blind draws r again if it is 0 or shares a factor with n. For a valid key
// a redraw has probability about 2^-1000; many in a row mean a broken CSPRNG.
constexpr int kMaxBlindingDraws = 16;

absl::Status Internal(absl::string_view what) {
  return OpenSslError(absl::StatusCode::kInternal, what);
}

// VariantParams are the parts of an RFC 9474 variant that differ.
struct VariantParams {
  size_t salt_size;    // PSS sLen
  size_t prefix_size;  // Prepare's random prefix
};

absl::StatusOr<VariantParams> ParamsFor(BlindRsaVariant variant) {
  switch (variant) {
    case BlindRsaVariant::kSha384PssRandomized:
      return VariantParams{kBlindRsaSaltSize, kBlindRsaMessagePrefixSize};
    case BlindRsaVariant::kSha384PssZeroRandomized:
      return VariantParams{0, kBlindRsaMessagePrefixSize};
    case BlindRsaVariant::kSha384PssDeterministic:
      return VariantParams{kBlindRsaSaltSize, 0};
    case BlindRsaVariant::kSha384PssZeroDeterministic:
      return VariantParams{0, 0};
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown BlindRsaVariant ", static_cast<int>(variant)));
}

// --- BIGNUM helpers ---

absl::StatusOr<BignumPtr> NewBignum() {
  BignumPtr bn(BN_new());
  if (bn == nullptr) return Internal("BN_new");
  return bn;
}

// NewSecretBignum returns a zero BIGNUM in the secure heap, flagged for
// OpenSSL's constant-time code paths.
absl::StatusOr<SecretBignumPtr> NewSecretBignum() {
  SecretBignumPtr bn(BN_secure_new());
  if (bn == nullptr) return Internal("BN_secure_new");
  BN_set_flags(bn.get(), BN_FLG_CONSTTIME);
  return bn;
}

absl::StatusOr<BignumPtr> BignumFromBytes(absl::string_view bytes) {
  if (bytes.size() > INT_MAX) return absl::InvalidArgumentError("too long");
  BignumPtr bn(
      BN_bin2bn(Bytes(bytes), static_cast<int>(bytes.size()), nullptr));
  if (bn == nullptr) return Internal("BN_bin2bn");
  return bn;
}

absl::StatusOr<SecretBignumPtr> SecretBignumFromBytes(absl::string_view bytes) {
  if (bytes.size() > INT_MAX) return absl::InvalidArgumentError("too long");
  ASSIGN_OR_RETURN(SecretBignumPtr bn, NewSecretBignum());
  if (BN_bin2bn(Bytes(bytes), static_cast<int>(bytes.size()), bn.get()) ==
      nullptr) {
    return Internal("BN_bin2bn");
  }
  return bn;
}

// BignumToBytes returns `bn` as a `size`-byte big-endian integer.
absl::StatusOr<std::string> BignumToBytes(const BIGNUM* bn, size_t size) {
  std::string out(size, '\0');
  if (BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()),
                   static_cast<int>(size)) != static_cast<int>(size)) {
    return Internal("BN_bn2binpad");
  }
  return out;
}

// SecretBignumToBytes is BignumToBytes for secrets (constant time).
absl::StatusOr<SecretData> SecretBignumToBytes(const BIGNUM* bn, size_t size) {
  SecretData out = SecretData::OfSize(size);
  if (BN_bn2binpad(bn, out.data(), static_cast<int>(size)) !=
      static_cast<int>(size)) {
    return Internal("BN_bn2binpad");
  }
  return out;
}

absl::StatusOr<BnCtxPtr> NewSecureBnCtx() {
  BnCtxPtr ctx(BN_CTX_secure_new());
  if (ctx == nullptr) return Internal("BN_CTX_secure_new");
  return ctx;
}

absl::StatusOr<BnMontCtxPtr> NewMontCtx(const BIGNUM* n, BN_CTX* ctx) {
  BnMontCtxPtr mont(BN_MONT_CTX_new());
  if (mont == nullptr || BN_MONT_CTX_set(mont.get(), n, ctx) != 1) {
    return Internal("BN_MONT_CTX_set");
  }
  return mont;
}

// ModMul sets out = a * b mod n for a, b < n, with Montgomery
// multiplications only (no division whose timing depends on the operands),
// as OpenSSL's own RSA blinding does.
absl::Status ModMul(BIGNUM* out, const BIGNUM* a, const BIGNUM* b,
                    BN_MONT_CTX* mont, BN_CTX* ctx) {
  ASSIGN_OR_RETURN(SecretBignumPtr b_mont, NewSecretBignum());
  if (BN_to_montgomery(b_mont.get(), b, mont, ctx) != 1 ||
      BN_mod_mul_montgomery(out, a, b_mont.get(), mont, ctx) != 1) {
    return Internal("BN_mod_mul_montgomery");
  }
  return absl::OkStatus();
}

absl::StatusOr<BignumPtr> GetBignumParam(const EVP_PKEY* key,
                                         const char* name) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &raw) != 1 || raw == nullptr) {
    return OpenSslError(absl::StatusCode::kInvalidArgument,
                        absl::StrCat("RSA key has no ", name));
  }
  return BignumPtr(raw);
}

// --- Keys ---

absl::Status CheckIsRsa(const EVP_PKEY* key) {
  if (EVP_PKEY_is_a(key, "RSA")) return absl::OkStatus();
  const char* type = EVP_PKEY_get0_type_name(key);
  return absl::InvalidArgumentError(
      absl::StrCat("expected an RSA (rsaEncryption) key, got ",
                   type != nullptr ? type : "unknown"));
}

// CheckPublicParams enforces BlindRsaPublicKey's invariants.
absl::Status CheckPublicParams(const BIGNUM* n, const BIGNUM* e) {
  const int bits = BN_num_bits(n);
  if (BN_is_negative(n) || bits < kMinBlindRsaModulusBits ||
      bits > kMaxBlindRsaModulusBits) {
    return absl::InvalidArgumentError(
        absl::StrCat("RSA modulus has ", bits, " bits; blind signatures need ",
                     kMinBlindRsaModulusBits, " to ", kMaxBlindRsaModulusBits));
  }
  if (!BN_is_odd(n)) {
    return absl::InvalidArgumentError("RSA modulus is even");
  }
  // Odd with at least 2 bits means e >= 3.
  if (BN_is_negative(e) || !BN_is_odd(e) || BN_num_bits(e) < 2 ||
      BN_num_bits(e) > kMaxPublicExponentBits || BN_cmp(e, n) >= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("RSA public exponent must be odd, at least 3 and at most ",
                     kMaxPublicExponentBits, " bits"));
  }
  return absl::OkStatus();
}

// RsaKeyFromParams builds an RSA EVP_PKEY (`selection`: public key or key
// pair) from `params`.
absl::StatusOr<EvpPkeyPtr> RsaKeyFromParams(const OSSL_PARAM* params,
                                            int selection) {
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* raw = nullptr;
  if (ctx == nullptr || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, selection,
                        const_cast<OSSL_PARAM*>(params)) != 1) {
    return OpenSslError(absl::StatusCode::kInvalidArgument,
                        "EVP_PKEY_fromdata(RSA)");
  }
  return EvpPkeyPtr(raw);
}

}  // namespace

// BlindRsaKeyAccess reaches the internals of the classes in blind_rsa.h for
// the functions in this file (it is their friend).
class BlindRsaKeyAccess {
 public:
  static EVP_PKEY* pkey(const BlindRsaPublicKey& key) { return key.key_.get(); }
  static const BIGNUM* n(const BlindRsaPublicKey& key) { return key.n_.get(); }
  static const BIGNUM* e(const BlindRsaPublicKey& key) { return key.e_.get(); }

  static absl::StatusOr<BlindRsaPublicKey> PublicKeyFromEvpPkey(
      EvpPkeyPtr key) {
    return BlindRsaPublicKey::FromEvpPkey(std::move(key));
  }

  static BlindRsaBlindingState MakeState(std::string blinded_msg,
                                         SecretData inv, std::string modulus,
                                         BlindRsaVariant variant) {
    return BlindRsaBlindingState(std::move(blinded_msg), std::move(inv),
                                 std::move(modulus), variant);
  }
  static const SecretData& inv(const BlindRsaBlindingState& state) {
    return state.inv_;
  }
  static const std::string& modulus(const BlindRsaBlindingState& state) {
    return state.modulus_;
  }
};

namespace {

using Access = BlindRsaKeyAccess;

// PublicKeyFromComponents returns the public key (n, e), in an EVP_PKEY of
// its own that holds no secret.
absl::StatusOr<BlindRsaPublicKey> PublicKeyFromComponents(const BIGNUM* n,
                                                          const BIGNUM* e) {
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (bld == nullptr ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e) != 1) {
    return Internal("OSSL_PARAM_BLD_push_BN");
  }
  ParamsPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  if (params == nullptr) return Internal("OSSL_PARAM_BLD_to_param");
  ASSIGN_OR_RETURN(EvpPkeyPtr key,
                   RsaKeyFromParams(params.get(), EVP_PKEY_PUBLIC_KEY));
  return Access::PublicKeyFromEvpPkey(std::move(key));
}

// RsaVp1 returns x^e mod n (RFC 8017 RSAVP1) as modulus_bytes() bytes, for
// BlindSign's self-check. Requires x < n. x is handled as a secret: until
// the check passes it may be a faulty signature, which would reveal a
// factor of n.
absl::StatusOr<std::string> RsaVp1(const BlindRsaPublicKey& key,
                                   absl::string_view x_bytes) {
  ASSIGN_OR_RETURN(SecretBignumPtr x, SecretBignumFromBytes(x_bytes));
  ASSIGN_OR_RETURN(BignumPtr y, NewBignum());
  ASSIGN_OR_RETURN(BnCtxPtr ctx, NewSecureBnCtx());
  if (BN_mod_exp(y.get(), x.get(), Access::e(key), Access::n(key), ctx.get()) !=
      1) {
    return Internal("BN_mod_exp");
  }
  return BignumToBytes(y.get(), key.modulus_bytes());
}

// Sha384 returns the SHA-384 digest of the concatenation of `parts`.
absl::StatusOr<std::string> Sha384(
    std::initializer_list<absl::string_view> parts) {
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (ctx == nullptr ||
      EVP_DigestInit_ex(ctx.get(), EVP_sha384(), nullptr) != 1) {
    return Internal("EVP_DigestInit_ex(SHA-384)");
  }
  for (absl::string_view part : parts) {
    if (EVP_DigestUpdate(ctx.get(), part.data(), part.size()) != 1) {
      return Internal("EVP_DigestUpdate");
    }
  }
  std::string digest(kSha384Size, '\0');
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(ctx.get(),
                         reinterpret_cast<unsigned char*>(digest.data()),
                         &size) != 1 ||
      size != kSha384Size) {
    return Internal("EVP_DigestFinal_ex");
  }
  return digest;
}

// Mgf1Sha384 returns `length` bytes of MGF1 (RFC 8017 appendix B.2.1) with
// SHA-384: Hash(seed || C) for the 4-byte big-endian counters C = 0, 1, ...
// concatenated and truncated.
absl::StatusOr<std::string> Mgf1Sha384(absl::string_view seed, size_t length) {
  std::string mask;
  mask.reserve(length + kSha384Size);
  for (uint32_t counter = 0; mask.size() < length; ++counter) {
    const char c[4] = {
        static_cast<char>(counter >> 24), static_cast<char>(counter >> 16),
        static_cast<char>(counter >> 8), static_cast<char>(counter)};
    ASSIGN_OR_RETURN(std::string block,
                     Sha384({seed, absl::string_view(c, sizeof(c))}));
    mask += block;
  }
  mask.resize(length);
  return mask;
}

// EmsaPssEncode returns EMSA-PSS-ENCODE(msg, em_bits) with SHA-384,
// MGF1-SHA-384 and `salt` (RFC 8017 section 9.1.1), ceil(em_bits / 8)
// bytes long.
absl::StatusOr<std::string> EmsaPssEncode(absl::string_view msg,
                                          absl::string_view salt, int em_bits) {
  const size_t em_len = (static_cast<size_t>(em_bits) + 7) / 8;
  if (em_len < kSha384Size + salt.size() + 2) {
    return absl::InvalidArgumentError("EMSA-PSS: modulus too small");
  }
  ASSIGN_OR_RETURN(std::string m_hash, Sha384({msg}));
  // M' = 0x00 * 8 || mHash || salt; H = Hash(M').
  ASSIGN_OR_RETURN(
      std::string h,
      Sha384({absl::string_view("\0\0\0\0\0\0\0\0", 8), m_hash, salt}));
  // DB = PS || 0x01 || salt, with PS all zero.
  const size_t db_len = em_len - kSha384Size - 1;
  std::string db(db_len - salt.size() - 1, '\0');
  db.push_back('\x01');
  db.append(salt.data(), salt.size());
  ASSIGN_OR_RETURN(std::string db_mask, Mgf1Sha384(h, db_len));
  for (size_t i = 0; i < db_len; ++i) db[i] ^= db_mask[i];
  // Clear the leftmost 8 * em_len - em_bits bits, so EM < 2^em_bits.
  db[0] &= static_cast<char>(0xff >> (8 * em_len - em_bits));
  return absl::StrCat(db, h, "\xbc");
}

// BlindWith implements Blind given the salt and either an injected `inv`
// (tests) or none (a uniformly random r).
absl::StatusOr<BlindRsaBlindingState> BlindWith(
    const BlindRsaPublicKey& key, absl::string_view prepared_msg,
    absl::string_view salt, const absl::string_view* injected_inv,
    BlindRsaVariant variant) {
  const BIGNUM* n = Access::n(key);
  const size_t size = key.modulus_bytes();

  // emBits = modBits - 1, as RFC 8017 RSASSA-PSS-SIGN does; RFC 9474's
  // "bit_len(n)" read literally would disagree with every verifier whenever
  // modBits = 1 mod 8. So m < 2^(modBits-1) < n.
  ASSIGN_OR_RETURN(std::string encoded,
                   EmsaPssEncode(prepared_msg, salt, key.modulus_bits() - 1));
  ASSIGN_OR_RETURN(BignumPtr m, BignumFromBytes(encoded));

  ASSIGN_OR_RETURN(BnCtxPtr ctx, NewSecureBnCtx());
  ASSIGN_OR_RETURN(BignumPtr gcd, NewBignum());
  if (BN_gcd(gcd.get(), m.get(), n, ctx.get()) != 1) return Internal("BN_gcd");
  if (!BN_is_one(gcd.get())) {
    return absl::InvalidArgumentError(
        "BlindRsaBlind: encoded message is not coprime to the modulus");
  }

  ASSIGN_OR_RETURN(SecretBignumPtr r, NewSecretBignum());
  ASSIGN_OR_RETURN(SecretBignumPtr inv, NewSecretBignum());
  if (injected_inv != nullptr) {
    if (injected_inv->size() > size) {
      return absl::InvalidArgumentError(
          "BlindRsaBlindForTesting: inv is longer than the modulus");
    }
    ASSIGN_OR_RETURN(inv, SecretBignumFromBytes(*injected_inv));
    if (BN_is_zero(inv.get()) || BN_cmp(inv.get(), n) >= 0) {
      return absl::InvalidArgumentError(
          "BlindRsaBlindForTesting: inv must be in [1, n)");
    }
    if (BN_mod_inverse(r.get(), inv.get(), n, ctx.get()) == nullptr) {
      ClearOpenSslErrors();
      return absl::InvalidArgumentError(
          "BlindRsaBlindForTesting: inv is not invertible mod n");
    }
  } else {
    // r uniform in [1, n) with gcd(r, n) = 1, by rejection sampling.
    bool drawn = false;
    for (int i = 0; i < kMaxBlindingDraws && !drawn; ++i) {
      if (BN_priv_rand_range(r.get(), n) != 1) {
        return Internal("BN_priv_rand_range");
      }
      BN_set_flags(r.get(), BN_FLG_CONSTTIME);
      if (BN_is_zero(r.get())) continue;
      if (BN_gcd(gcd.get(), r.get(), n, ctx.get()) != 1) {
        return Internal("BN_gcd");
      }
      drawn = BN_is_one(gcd.get());
    }
    if (!drawn) {
      return absl::InternalError(
          "BlindRsaBlind: no blinding factor coprime to n; broken CSPRNG?");
    }
    if (BN_mod_inverse(inv.get(), r.get(), n, ctx.get()) == nullptr) {
      return Internal("BN_mod_inverse");
    }
  }
  BN_set_flags(r.get(), BN_FLG_CONSTTIME);
  BN_set_flags(inv.get(), BN_FLG_CONSTTIME);

  // x = r^e mod n (secret: it reveals r); z = m * x mod n.
  ASSIGN_OR_RETURN(BnMontCtxPtr mont, NewMontCtx(n, ctx.get()));
  ASSIGN_OR_RETURN(SecretBignumPtr x, NewSecretBignum());
  if (BN_mod_exp_mont_consttime(x.get(), r.get(), Access::e(key), n, ctx.get(),
                                mont.get()) != 1) {
    return Internal("BN_mod_exp_mont_consttime");
  }
  ASSIGN_OR_RETURN(BignumPtr z, NewBignum());
  RETURN_IF_ERROR(ModMul(z.get(), m.get(), x.get(), mont.get(), ctx.get()));

  ASSIGN_OR_RETURN(std::string blinded_msg, BignumToBytes(z.get(), size));
  ASSIGN_OR_RETURN(SecretData inv_bytes, SecretBignumToBytes(inv.get(), size));
  return Access::MakeState(std::move(blinded_msg), std::move(inv_bytes),
                           key.modulus(), variant);
}

}  // namespace

absl::string_view BlindRsaVariantName(BlindRsaVariant variant) {
  switch (variant) {
    case BlindRsaVariant::kSha384PssRandomized:
      return "RSABSSA-SHA384-PSS-Randomized";
    case BlindRsaVariant::kSha384PssZeroRandomized:
      return "RSABSSA-SHA384-PSSZERO-Randomized";
    case BlindRsaVariant::kSha384PssDeterministic:
      return "RSABSSA-SHA384-PSS-Deterministic";
    case BlindRsaVariant::kSha384PssZeroDeterministic:
      return "RSABSSA-SHA384-PSSZERO-Deterministic";
  }
  return "unknown";
}

// --- BlindRsaPublicKey ---

BlindRsaPublicKey::BlindRsaPublicKey(EvpPkeyPtr key, BignumPtr n, BignumPtr e,
                                     std::string modulus, int modulus_bits)
    : key_(std::move(key)),
      n_(std::move(n)),
      e_(std::move(e)),
      modulus_(std::move(modulus)),
      modulus_bits_(modulus_bits) {}

BlindRsaPublicKey::BlindRsaPublicKey(const BlindRsaPublicKey& other)
    : modulus_(other.modulus_), modulus_bits_(other.modulus_bits_) {
  if (other.key_ == nullptr) return;
  // The EVP_PKEY is immutable once built, so copies share it.
  if (EVP_PKEY_up_ref(other.key_.get()) != 1) {
    DieWithOpenSslError("EVP_PKEY_up_ref");
  }
  key_.reset(other.key_.get());
  n_.reset(BN_dup(other.n_.get()));
  e_.reset(BN_dup(other.e_.get()));
  if (n_ == nullptr || e_ == nullptr) DieWithOpenSslError("BN_dup");
}

BlindRsaPublicKey& BlindRsaPublicKey::operator=(
    const BlindRsaPublicKey& other) {
  if (this != &other) *this = BlindRsaPublicKey(other);
  return *this;
}

absl::StatusOr<BlindRsaPublicKey> BlindRsaPublicKey::FromEvpPkey(
    EvpPkeyPtr key) {
  RETURN_IF_ERROR(CheckIsRsa(key.get()));
  ASSIGN_OR_RETURN(BignumPtr n,
                   GetBignumParam(key.get(), OSSL_PKEY_PARAM_RSA_N));
  ASSIGN_OR_RETURN(BignumPtr e,
                   GetBignumParam(key.get(), OSSL_PKEY_PARAM_RSA_E));
  RETURN_IF_ERROR(CheckPublicParams(n.get(), e.get()));
  const int bits = BN_num_bits(n.get());
  ASSIGN_OR_RETURN(std::string modulus,
                   BignumToBytes(n.get(), BN_num_bytes(n.get())));
  return BlindRsaPublicKey(std::move(key), std::move(n), std::move(e),
                           std::move(modulus), bits);
}

absl::StatusOr<BlindRsaPublicKey> BlindRsaPublicKey::FromPem(
    absl::string_view spki_pem) {
  ASSIGN_OR_RETURN(EvpPkeyPtr key, PublicKeyFromPem(spki_pem));
  return FromEvpPkey(std::move(key));
}

absl::StatusOr<BlindRsaPublicKey> BlindRsaPublicKey::FromDer(
    absl::string_view spki_der) {
  if (spki_der.size() > LONG_MAX) {
    return absl::InvalidArgumentError("DER public key too large");
  }
  const unsigned char* p = Bytes(spki_der);
  EvpPkeyPtr key(d2i_PUBKEY(nullptr, &p, static_cast<long>(spki_der.size())));
  if (key == nullptr) {
    return OpenSslError(absl::StatusCode::kInvalidArgument,
                        "not a DER public key (SubjectPublicKeyInfo)");
  }
  if (p != Bytes(spki_der) + spki_der.size()) {
    return absl::InvalidArgumentError(
        "trailing bytes after the DER SubjectPublicKeyInfo");
  }
  return FromEvpPkey(std::move(key));
}

std::string BlindRsaPublicKey::ToPem() const {
  absl::StatusOr<std::string> pem = PublicKeyToPem(key_.get());
  if (!pem.ok()) DieWithOpenSslError(pem.status().message());
  return *std::move(pem);
}

std::string BlindRsaPublicKey::ToDer() const {
  unsigned char* der = nullptr;
  const int size = i2d_PUBKEY(key_.get(), &der);
  if (size <= 0 || der == nullptr) DieWithOpenSslError("i2d_PUBKEY");
  std::string out(reinterpret_cast<const char*>(der), size);
  OPENSSL_free(der);
  return out;
}

// --- BlindRsaPrivateKey ---

BlindRsaPrivateKey::BlindRsaPrivateKey(EvpPkeyPtr key,
                                       BlindRsaPublicKey public_key)
    : key_(std::move(key)), public_key_(std::move(public_key)) {}

absl::StatusOr<BlindRsaPrivateKey> BlindRsaPrivateKey::FromEvpPkey(
    EvpPkeyPtr key) {
  RETURN_IF_ERROR(CheckIsRsa(key.get()));
  ASSIGN_OR_RETURN(BignumPtr n,
                   GetBignumParam(key.get(), OSSL_PKEY_PARAM_RSA_N));
  ASSIGN_OR_RETURN(BignumPtr e,
                   GetBignumParam(key.get(), OSSL_PKEY_PARAM_RSA_E));
  // The public half gets its own EVP_PKEY, so copies of the public key never
  // keep the secret alive.
  ASSIGN_OR_RETURN(BlindRsaPublicKey public_key,
                   PublicKeyFromComponents(n.get(), e.get()));
  BlindRsaPrivateKey private_key(std::move(key), std::move(public_key));

  // Pairwise consistency: sign a random value below n and let BlindSign's
  // own check compare. Catches a d, p, q or CRT value that does not belong
  // to (n, e) now rather than at the first request.
  const size_t size = private_key.public_key().modulus_bytes();
  ASSIGN_OR_RETURN(std::string probe, RandomBytes(size));
  probe[0] = '\0';  // n's top byte is nonzero, so probe < n
  absl::StatusOr<std::string> signed_probe = private_key.BlindSign(probe);
  if (!signed_probe.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("RSA private key fails its signing check: ",
                     signed_probe.status().message()));
  }
  return private_key;
}

absl::StatusOr<BlindRsaPrivateKey> BlindRsaPrivateKey::Generate(
    int modulus_bits) {
  if (modulus_bits < kMinBlindRsaModulusBits ||
      modulus_bits > kMaxBlindRsaModulusBits) {
    return absl::InvalidArgumentError(
        absl::StrCat("RSA modulus of ", modulus_bits,
                     " bits requested; blind signatures need ",
                     kMinBlindRsaModulusBits, " to ", kMaxBlindRsaModulusBits));
  }
  // OpenSSL's default public exponent is 65537.
  EvpPkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA",
                                   static_cast<size_t>(modulus_bits)));
  if (key == nullptr) return Internal("RSA key generation");
  return FromEvpPkey(std::move(key));
}

absl::StatusOr<BlindRsaPrivateKey> BlindRsaPrivateKey::FromPem(
    absl::string_view private_pem) {
  ASSIGN_OR_RETURN(EvpPkeyPtr key, PrivateKeyFromPem(private_pem));
  return FromEvpPkey(std::move(key));
}

absl::StatusOr<BlindRsaPrivateKey> BlindRsaPrivateKey::FromComponentsForTesting(
    absl::string_view n_bytes, absl::string_view e_bytes,
    absl::string_view d_bytes, absl::string_view p_bytes,
    absl::string_view q_bytes) {
  ASSIGN_OR_RETURN(BignumPtr n, BignumFromBytes(n_bytes));
  ASSIGN_OR_RETURN(BignumPtr e, BignumFromBytes(e_bytes));
  RETURN_IF_ERROR(CheckPublicParams(n.get(), e.get()));
  ASSIGN_OR_RETURN(SecretBignumPtr d, SecretBignumFromBytes(d_bytes));
  ASSIGN_OR_RETURN(SecretBignumPtr p, SecretBignumFromBytes(p_bytes));
  ASSIGN_OR_RETURN(SecretBignumPtr q, SecretBignumFromBytes(q_bytes));
  ASSIGN_OR_RETURN(BnCtxPtr ctx, NewSecureBnCtx());

  ASSIGN_OR_RETURN(SecretBignumPtr pq, NewSecretBignum());
  if (BN_mul(pq.get(), p.get(), q.get(), ctx.get()) != 1) {
    return Internal("BN_mul");
  }
  if (BN_cmp(pq.get(), n.get()) != 0) {
    return absl::InvalidArgumentError("RSA components: p * q != n");
  }

  // The CRT values OpenSSL needs for its fast constant-time private
  // operation: dP = d mod (p-1), dQ = d mod (q-1), qInv = q^-1 mod p.
  ASSIGN_OR_RETURN(SecretBignumPtr p1, NewSecretBignum());
  ASSIGN_OR_RETURN(SecretBignumPtr q1, NewSecretBignum());
  ASSIGN_OR_RETURN(SecretBignumPtr dp, NewSecretBignum());
  ASSIGN_OR_RETURN(SecretBignumPtr dq, NewSecretBignum());
  ASSIGN_OR_RETURN(SecretBignumPtr qinv, NewSecretBignum());
  if (BN_sub(p1.get(), p.get(), BN_value_one()) != 1 ||
      BN_sub(q1.get(), q.get(), BN_value_one()) != 1 ||
      BN_mod(dp.get(), d.get(), p1.get(), ctx.get()) != 1 ||
      BN_mod(dq.get(), d.get(), q1.get(), ctx.get()) != 1) {
    return Internal("RSA CRT exponents");
  }
  if (BN_mod_inverse(qinv.get(), q.get(), p.get(), ctx.get()) == nullptr) {
    ClearOpenSslErrors();
    return absl::InvalidArgumentError(
        "RSA components: q is not invertible mod p");
  }

  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (bld == nullptr ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_D, d.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR1, p.get()) !=
          1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR2, q.get()) !=
          1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT1,
                             dp.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT2,
                             dq.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
                             qinv.get()) != 1) {
    return Internal("OSSL_PARAM_BLD_push_BN");
  }
  ParamsPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  if (params == nullptr) return Internal("OSSL_PARAM_BLD_to_param");
  ASSIGN_OR_RETURN(EvpPkeyPtr key,
                   RsaKeyFromParams(params.get(), EVP_PKEY_KEYPAIR));
  return FromEvpPkey(std::move(key));
}

absl::StatusOr<SecretData> BlindRsaPrivateKey::ToPem() const {
  ASSIGN_OR_RETURN(std::string pem, PrivateKeyToPem(key_.get()));
  SecretData secret(pem);
  OPENSSL_cleanse(pem.data(), pem.size());
  return secret;
}

absl::StatusOr<std::string> BlindRsaPrivateKey::BlindSign(
    absl::string_view blinded_msg) const {
  const size_t size = public_key_.modulus_bytes();
  RETURN_IF_ERROR(CheckSize("blinded message", blinded_msg, size));
  ASSIGN_OR_RETURN(BignumPtr m, BignumFromBytes(blinded_msg));
  if (BN_cmp(m.get(), Access::n(public_key_)) >= 0) {
    return absl::InvalidArgumentError(
        "blinded message is not below the RSA modulus");
  }

  // s = m^d mod n: OpenSSL's raw RSA private operation (RSASP1), which uses
  // CRT, constant-time exponentiation and base blinding. A context per
  // call: EVP_PKEY_CTX is not thread-safe, the EVP_PKEY is.
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key_.get(), nullptr));
  if (ctx == nullptr || EVP_PKEY_decrypt_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_NO_PADDING) != 1) {
    return Internal("RSA private operation setup");
  }
  // Held as a secret until checked: a faulty s can reveal a factor of n.
  SecretData s = SecretData::OfSize(size);
  size_t s_size = s.size();
  if (EVP_PKEY_decrypt(ctx.get(), s.data(), &s_size, Bytes(blinded_msg),
                       blinded_msg.size()) != 1 ||
      s_size != size) {
    return Internal("RSA private operation");
  }

  // RFC 9474 section 4.3 step 4-5: s^e mod n must give back m.
  ASSIGN_OR_RETURN(std::string check, RsaVp1(public_key_, s.AsStringView()));
  if (!ConstantTimeEquals(check, blinded_msg)) {
    return absl::InternalError(
        "BlindSign: signature failed its own check (computation fault); "
        "result withheld");
  }
  return std::string(s.AsStringView());
}

// --- BlindRsaBlindingState ---

BlindRsaBlindingState::BlindRsaBlindingState(std::string blinded_msg,
                                             SecretData inv,
                                             std::string modulus,
                                             BlindRsaVariant variant)
    : blinded_msg_(std::move(blinded_msg)),
      inv_(std::move(inv)),
      modulus_(std::move(modulus)),
      variant_(variant) {}

absl::StatusOr<BlindRsaBlindingState> BlindRsaBlindingState::RestoreFromPersistence(
    const BlindRsaPublicKey& public_key, absl::string_view blinded_msg,
    absl::string_view inverse, BlindRsaVariant variant) {
  if (blinded_msg.size() != public_key.modulus_bytes() ||
      inverse.size() != public_key.modulus_bytes()) {
    return absl::InvalidArgumentError(
        "RestoreFromPersistence: blinded message and inverse must each be modulus_bytes() long");
  }
  return BlindRsaBlindingState(std::string(blinded_msg), SecretData(inverse),
                               public_key.modulus(), variant);
}

// --- Client side ---

absl::StatusOr<std::string> BlindRsaPrepare(absl::string_view msg,
                                            BlindRsaVariant variant) {
  ASSIGN_OR_RETURN(VariantParams params, ParamsFor(variant));
  if (params.prefix_size == 0) return std::string(msg);
  ASSIGN_OR_RETURN(std::string prefix, RandomBytes(params.prefix_size));
  return absl::StrCat(prefix, msg);
}

absl::StatusOr<std::string> BlindRsaPrepareForTesting(absl::string_view msg,
                                                      absl::string_view prefix,
                                                      BlindRsaVariant variant) {
  ASSIGN_OR_RETURN(VariantParams params, ParamsFor(variant));
  RETURN_IF_ERROR(
      CheckSize(absl::StrCat(BlindRsaVariantName(variant), " message prefix"),
                prefix, params.prefix_size));
  return absl::StrCat(prefix, msg);
}

absl::StatusOr<BlindRsaBlindingState> BlindRsaBlind(
    const BlindRsaPublicKey& public_key, absl::string_view prepared_msg,
    BlindRsaVariant variant) {
  ASSIGN_OR_RETURN(VariantParams params, ParamsFor(variant));
  ASSIGN_OR_RETURN(std::string salt, RandomBytes(params.salt_size));
  return BlindWith(public_key, prepared_msg, salt, nullptr, variant);
}

absl::StatusOr<BlindRsaBlindingState> BlindRsaBlindForTesting(
    const BlindRsaPublicKey& public_key, absl::string_view prepared_msg,
    absl::string_view salt, absl::string_view inv, BlindRsaVariant variant) {
  ASSIGN_OR_RETURN(VariantParams params, ParamsFor(variant));
  RETURN_IF_ERROR(CheckSize(absl::StrCat(BlindRsaVariantName(variant), " salt"),
                            salt, params.salt_size));
  return BlindWith(public_key, prepared_msg, salt, &inv, variant);
}

absl::StatusOr<std::string> BlindRsaFinalize(
    const BlindRsaPublicKey& public_key, absl::string_view prepared_msg,
    absl::string_view blind_sig, const BlindRsaBlindingState& state,
    BlindRsaVariant variant) {
  RETURN_IF_ERROR(ParamsFor(variant).status());
  if (state.variant() != variant) {
    return absl::InvalidArgumentError(
        absl::StrCat("BlindRsaFinalize: blinding state is for ",
                     BlindRsaVariantName(state.variant()), ", not ",
                     BlindRsaVariantName(variant)));
  }
  if (Access::modulus(state) != public_key.modulus()) {
    return absl::InvalidArgumentError(
        "BlindRsaFinalize: blinding state is for another key");
  }
  const size_t size = public_key.modulus_bytes();
  RETURN_IF_ERROR(CheckSize("blind signature", blind_sig, size));
  const BIGNUM* n = Access::n(public_key);
  ASSIGN_OR_RETURN(BignumPtr z, BignumFromBytes(blind_sig));
  if (BN_cmp(z.get(), n) >= 0) {
    return absl::InvalidArgumentError(
        "blind signature is not below the RSA modulus");
  }

  // s = z * inv mod n.
  ASSIGN_OR_RETURN(BnCtxPtr ctx, NewSecureBnCtx());
  ASSIGN_OR_RETURN(SecretBignumPtr inv,
                   SecretBignumFromBytes(Access::inv(state).AsStringView()));
  ASSIGN_OR_RETURN(BnMontCtxPtr mont, NewMontCtx(n, ctx.get()));
  ASSIGN_OR_RETURN(BignumPtr s, NewBignum());
  RETURN_IF_ERROR(ModMul(s.get(), z.get(), inv.get(), mont.get(), ctx.get()));
  ASSIGN_OR_RETURN(std::string sig, BignumToBytes(s.get(), size));

  absl::Status verified =
      BlindRsaVerify(public_key, prepared_msg, sig, variant);
  if (absl::IsUnauthenticated(verified)) {
    return absl::UnauthenticatedError(
        "BlindRsaFinalize: the unblinded signature does not verify (the "
        "signer used another key or answered wrongly, or the prepared "
        "message is not the one blinded)");
  }
  RETURN_IF_ERROR(verified);
  return sig;
}

absl::Status BlindRsaVerify(const BlindRsaPublicKey& public_key,
                            absl::string_view prepared_msg,
                            absl::string_view sig, BlindRsaVariant variant) {
  ASSIGN_OR_RETURN(VariantParams params, ParamsFor(variant));
  RETURN_IF_ERROR(
      CheckSize("RSA blind signature", sig, public_key.modulus_bytes()));
  ASSIGN_OR_RETURN(std::string digest, Sha384({prepared_msg}));

  // A context per call: EVP_PKEY_CTX is not thread-safe, the EVP_PKEY is.
  // The salt length is set explicitly: OpenSSL's default for verification
  // would accept any.
  EvpPkeyCtxPtr ctx(
      EVP_PKEY_CTX_new_from_pkey(nullptr, Access::pkey(public_key), nullptr));
  if (ctx == nullptr || EVP_PKEY_verify_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PSS_PADDING) != 1 ||
      EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha384()) != 1 ||
      EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), EVP_sha384()) != 1 ||
      EVP_PKEY_CTX_set_rsa_pss_saltlen(
          ctx.get(), static_cast<int>(params.salt_size)) != 1) {
    return Internal("RSASSA-PSS verification setup");
  }
  if (EVP_PKEY_verify(ctx.get(), Bytes(sig), sig.size(), Bytes(digest),
                      digest.size()) != 1) {
    ClearOpenSslErrors();
    return absl::UnauthenticatedError("RSA blind signature does not verify");
  }
  return absl::OkStatus();
}

}  // namespace gongxin::crypto
