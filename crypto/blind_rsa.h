// RSA blind signatures (RFC 9474, RSABSSA) on OpenSSL 3.
//
// A client obtains the signer's signature on a message the signer never
// sees; anyone can later check the signature as an ordinary RSASSA-PSS
// signature (RFC 8017) of the *prepared* message under the signer's public
// key. The flow, with the production variant kSha384PssRandomized:
//
//   client:  prepared = BlindRsaPrepare(msg)                 (keep it)
//            state    = BlindRsaBlind(pk, prepared)          (keep it, secret)
//            send state.blinded_msg() to the signer
//   signer:  blind_sig = sk.BlindSign(blinded_msg)           (after its own
//                                                             authorisation)
//   client:  sig = BlindRsaFinalize(pk, prepared, blind_sig, state)
//   anyone:  BlindRsaVerify(pk, prepared, sig)
//
// Protocol warnings:
//  - What is signed, and what must be published with the signature, is the
//    prepared message (for randomized variants a 32-byte random prefix
//    followed by msg), not msg.
//  - The signer learns nothing about msg, so it signs whatever it is sent:
//    it must decide *whether* to sign from who asks, never from the blinded
//    message.
//  - RFC 9474 section 6.2: a key pair must serve RSABSSA with one variant
//    only, and no other protocol. gongxin uses kSha384PssRandomized; the
//    other variants exist for the RFC's known-answer tests.
//  - The RFC says a public key carried in an X.509 certificate must use the
//    id-RSASSA-PSS OID, not rsaEncryption. ToPem/ToDer write a bare
//    SubjectPublicKeyInfo with rsaEncryption so that any RSASSA-PSS verifier
//    (e.g. `openssl dgst -sigopt rsa_padding_mode:pss`) reads it; do not put
//    this key into a certificate as is.
#ifndef GONGXIN_CRYPTO_BLIND_RSA_H_
#define GONGXIN_CRYPTO_BLIND_RSA_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "crypto/openssl_handles.h"
#include "crypto/secret_data.h"

namespace gongxin::crypto {

// BlindRsaVariant names the four RFC 9474 section 5 variants. All use
// SHA-384 for the message hash and for MGF1.
enum class BlindRsaVariant {
  // RSABSSA-SHA384-PSS-Randomized: 48-byte salt, 32-byte random message
  // prefix. The production variant and the default everywhere.
  kSha384PssRandomized,
  // RSABSSA-SHA384-PSSZERO-Randomized: no salt, 32-byte random prefix.
  kSha384PssZeroRandomized,
  // RSABSSA-SHA384-PSS-Deterministic: 48-byte salt, no prefix.
  kSha384PssDeterministic,
  // RSABSSA-SHA384-PSSZERO-Deterministic: no salt, no prefix; signatures
  // are a deterministic function of the message.
  kSha384PssZeroDeterministic,
};

// BlindRsaVariantName returns the RFC 9474 name of `variant`, e.g.
// "RSABSSA-SHA384-PSS-Randomized", or "unknown" for a value outside the enum.
absl::string_view BlindRsaVariantName(BlindRsaVariant variant);

// kMinBlindRsaModulusBits is the smallest accepted RSA modulus, in bits.
inline constexpr int kMinBlindRsaModulusBits = 2048;
// kMaxBlindRsaModulusBits is the largest accepted RSA modulus, in bits
// (OpenSSL's OPENSSL_RSA_MAX_MODULUS_BITS).
inline constexpr int kMaxBlindRsaModulusBits = 16384;
// kBlindRsaMessagePrefixSize is the length in bytes of the random prefix
// that the randomized variants put before the message.
inline constexpr size_t kBlindRsaMessagePrefixSize = 32;
// kBlindRsaSaltSize is the PSS salt length in bytes of the PSS (not PSSZERO)
// variants: the SHA-384 output length.
inline constexpr size_t kBlindRsaSaltSize = 48;

// BlindRsaPublicKey is an RSA public key (n, e) for RSA blind signatures.
// Immutable and cheap to copy; all methods and the functions below that take
// one are safe to call from many threads at once.
//
// Every key satisfies: kMinBlindRsaModulusBits <= bits(n) <=
// kMaxBlindRsaModulusBits, n odd, e odd, 3 <= e < n, and e has at most 64
// bits. RFC 9474 allows any e; the 64-bit cap is OpenSSL's own limit for
// moduli above 3072 bits, applied to all sizes so that a key's acceptance
// does not depend on its size. Keys made by Generate have e = 65537.
class BlindRsaPublicKey {
 public:
  // FromPem parses the first "BEGIN PUBLIC KEY" (SubjectPublicKeyInfo) block
  // in `spki_pem`.
  // Errors: INVALID_ARGUMENT if it is missing or malformed, holds a key that
  // is not rsaEncryption (this includes id-RSASSA-PSS keys), or breaks the
  // class invariants above (e.g. a 1024-bit modulus).
  static absl::StatusOr<BlindRsaPublicKey> FromPem(absl::string_view spki_pem);

  // FromDer parses a DER SubjectPublicKeyInfo that fills all of `spki_der`.
  // Errors: as FromPem, and INVALID_ARGUMENT for trailing bytes.
  static absl::StatusOr<BlindRsaPublicKey> FromDer(absl::string_view spki_der);

  BlindRsaPublicKey(const BlindRsaPublicKey& other);
  BlindRsaPublicKey& operator=(const BlindRsaPublicKey& other);
  BlindRsaPublicKey(BlindRsaPublicKey&&) = default;
  BlindRsaPublicKey& operator=(BlindRsaPublicKey&&) = default;

  // ToPem returns the key as SubjectPublicKeyInfo PEM ("BEGIN PUBLIC KEY")
  // with the rsaEncryption OID; see the certificate warning at the top.
  std::string ToPem() const;

  // ToDer returns the key as DER SubjectPublicKeyInfo, as in ToPem.
  std::string ToDer() const;

  // modulus_bits returns the length of n in bits.
  int modulus_bits() const { return modulus_bits_; }

  // modulus_bytes returns the length of n in bytes: the length of every
  // blinded message, blind signature and signature under this key.
  size_t modulus_bytes() const { return modulus_.size(); }

  // modulus returns n as a modulus_bytes()-byte big-endian integer.
  const std::string& modulus() const { return modulus_; }

 private:
  friend class BlindRsaKeyAccess;  // blind_rsa.cc
  BlindRsaPublicKey(EvpPkeyPtr key, BignumPtr n, BignumPtr e,
                    std::string modulus, int modulus_bits);
  static absl::StatusOr<BlindRsaPublicKey> FromEvpPkey(EvpPkeyPtr key);

  // All never null, except in a moved-from object.
  EvpPkeyPtr key_;  // public half only
  BignumPtr n_;
  BignumPtr e_;
  std::string modulus_;  // n, big-endian, modulus_bytes() long
  int modulus_bits_ = 0;
};

// BlindRsaPrivateKey is the signer's RSA private key. Movable, not copyable:
// the secret lives in one EVP_PKEY, which OpenSSL wipes when it is freed.
// BlindSign, ToPem and public_key are safe to call from many threads at
// once. The key satisfies BlindRsaPublicKey's invariants.
class BlindRsaPrivateKey {
 public:
  // Generate returns a fresh key with a `modulus_bits`-bit modulus and
  // e = 65537, from OpenSSL's OS-seeded CSPRNG. Slow and variable (prime
  // search): up to about a second for 2048 bits, many seconds for 4096;
  // call it once, at provisioning, never on a request path.
  // Errors: INVALID_ARGUMENT unless kMinBlindRsaModulusBits <= modulus_bits
  // <= kMaxBlindRsaModulusBits; INTERNAL if OpenSSL fails.
  static absl::StatusOr<BlindRsaPrivateKey> Generate(int modulus_bits);

  // FromPem parses the first unencrypted private key PEM block in
  // `private_pem`: PKCS#8 (as ToPem writes), or PKCS#1 (the "RSA" PEM
  // label). It then signs one random value and checks the
  // result, so a key whose parts do not match is refused here, not at the
  // first BlindSign.
  // Errors: INVALID_ARGUMENT if the block is missing, malformed, encrypted,
  // not an rsaEncryption key, breaks the public key invariants, or fails
  // the signing check.
  static absl::StatusOr<BlindRsaPrivateKey> FromPem(
      absl::string_view private_pem);

  // FromComponentsForTesting returns the key with modulus n = p * q, public
  // exponent e and private exponent d, each a big-endian integer. For
  // known-answer tests only: production keys come from Generate or FromPem.
  // Errors: INVALID_ARGUMENT if p * q != n, the components do not form a
  // working key (checked as in FromPem), or the public key invariants fail.
  static absl::StatusOr<BlindRsaPrivateKey> FromComponentsForTesting(
      absl::string_view n, absl::string_view e, absl::string_view d,
      absl::string_view p, absl::string_view q);

  BlindRsaPrivateKey(BlindRsaPrivateKey&&) = default;
  BlindRsaPrivateKey& operator=(BlindRsaPrivateKey&&) = default;
  BlindRsaPrivateKey(const BlindRsaPrivateKey&) = delete;
  BlindRsaPrivateKey& operator=(const BlindRsaPrivateKey&) = delete;

  // ToPem returns the key as unencrypted PKCS#8 PEM. Write it only to a
  // 0600 file (key_file.h, via AsStringView()).
  // Errors: INTERNAL if OpenSSL fails.
  absl::StatusOr<SecretData> ToPem() const;

  // public_key returns the matching public key. It shares no secret state.
  const BlindRsaPublicKey& public_key() const { return public_key_; }

  // BlindSign returns s = m^d mod n, where m is `blinded_msg` read as a
  // big-endian integer, as public_key().modulus_bytes() bytes (RFC 9474
  // section 4.3). The private operation is OpenSSL's constant-time CRT
  // exponentiation with base blinding; before returning, BlindSign checks
  // s^e mod n == m so that a faulty computation (which could reveal a
  // factor of n) is never released.
  //
  // It signs any m: deciding whether the requester may have a signature is
  // the caller's job, done before calling.
  // Errors: INVALID_ARGUMENT if `blinded_msg` is not modulus_bytes() long or
  // m >= n; INTERNAL if OpenSSL fails or the self-check fails (nothing of
  // the faulty result is returned).
  absl::StatusOr<std::string> BlindSign(absl::string_view blinded_msg) const;

 private:
  friend class BlindRsaKeyAccess;  // blind_rsa.cc
  BlindRsaPrivateKey(EvpPkeyPtr key, BlindRsaPublicKey public_key);
  static absl::StatusOr<BlindRsaPrivateKey> FromEvpPkey(EvpPkeyPtr key);

  EvpPkeyPtr key_;  // never null, except in a moved-from object
  BlindRsaPublicKey public_key_;
};

// BlindRsaBlindingState is what a client keeps between BlindRsaBlind and
// BlindRsaFinalize: the blinded message to send to the signer and the secret
// unblinding factor inv = r^-1 mod n. Whoever learns inv can link the final
// signature to the blinded message the signer saw, defeating the blinding:
// keep the state in memory, use it for one Finalize, then destroy it (inv is
// wiped on destruction). Movable, not copyable.
class BlindRsaBlindingState {
 public:
  BlindRsaBlindingState(BlindRsaBlindingState&&) = default;
  BlindRsaBlindingState& operator=(BlindRsaBlindingState&&) = default;
  BlindRsaBlindingState(const BlindRsaBlindingState&) = delete;
  BlindRsaBlindingState& operator=(const BlindRsaBlindingState&) = delete;

  // blinded_msg returns the modulus_bytes()-byte message for BlindSign. It
  // reveals nothing about the prepared message; send it to the signer.
  const std::string& blinded_msg() const { return blinded_msg_; }

  // variant returns the variant the message was blinded for.
  BlindRsaVariant variant() const { return variant_; }

  // InverseForPersistence returns the secret unblinding factor, for a client
  // that must survive a crash between Blind and Finalize (a voting kiosk):
  // write it only to a 0600 file and delete that file after Finalize.
  SecretData InverseForPersistence() const { return inv_; }

  // RestoreFromPersistence rebuilds the state saved with blinded_msg() and
  // InverseForPersistence() for `public_key`.
  // Errors: INVALID_ARGUMENT if either is not modulus_bytes() long.
  static absl::StatusOr<BlindRsaBlindingState> RestoreFromPersistence(
      const BlindRsaPublicKey& public_key, absl::string_view blinded_msg,
      absl::string_view inverse,
      BlindRsaVariant variant = BlindRsaVariant::kSha384PssRandomized);

 private:
  friend class BlindRsaKeyAccess;  // blind_rsa.cc
  BlindRsaBlindingState(std::string blinded_msg, SecretData inv,
                        std::string modulus, BlindRsaVariant variant);

  std::string blinded_msg_;
  SecretData inv_;       // r^-1 mod n, big-endian, modulus_bytes() long
  std::string modulus_;  // the key it was made for, to refuse another
  BlindRsaVariant variant_;
};

// BlindRsaPrepare returns the message to blind and, later, to verify
// (RFC 9474 section 4.1): for the randomized variants
// kBlindRsaMessagePrefixSize fresh random bytes followed by `msg`; for the
// deterministic ones `msg` itself. Keep the result: Finalize and Verify take
// it, and verifiers need it.
// Errors: INVALID_ARGUMENT for a variant outside the enum; INTERNAL if the
// CSPRNG fails.
absl::StatusOr<std::string> BlindRsaPrepare(
    absl::string_view msg,
    BlindRsaVariant variant = BlindRsaVariant::kSha384PssRandomized);

// BlindRsaPrepareForTesting is BlindRsaPrepare with the caller's `prefix`
// in place of fresh random bytes: `prefix` must be
// kBlindRsaMessagePrefixSize bytes for randomized variants and empty for
// deterministic ones. For known-answer tests only.
// Errors: INVALID_ARGUMENT for a prefix of the wrong length or a variant
// outside the enum.
absl::StatusOr<std::string> BlindRsaPrepareForTesting(
    absl::string_view msg, absl::string_view prefix,
    BlindRsaVariant variant = BlindRsaVariant::kSha384PssRandomized);

// BlindRsaBlind blinds `prepared_msg` for signing under `public_key`
// (RFC 9474 section 4.2): it EMSA-PSS-encodes the message (RFC 8017
// section 9.1.1, SHA-384, MGF1-SHA-384, emBits = bits(n) - 1) with a fresh
// salt from the CSPRNG (kBlindRsaSaltSize bytes, or none for PSSZERO
// variants), reads the encoding as an integer m, draws r uniformly from
// [1, n) with gcd(r, n) = 1, and returns x = m * r^e mod n with
// inv = r^-1 mod n. Every call draws a new r, so blinding the same message
// twice gives unrelated blinded messages.
// Errors: INVALID_ARGUMENT for a variant outside the enum, or if
// gcd(m, n) != 1 (which happens only if the message reveals a factor of n);
// INTERNAL if OpenSSL or the CSPRNG fails.
absl::StatusOr<BlindRsaBlindingState> BlindRsaBlind(
    const BlindRsaPublicKey& public_key, absl::string_view prepared_msg,
    BlindRsaVariant variant = BlindRsaVariant::kSha384PssRandomized);

// BlindRsaBlindForTesting is BlindRsaBlind with the caller's PSS `salt`
// (kBlindRsaSaltSize bytes, or empty for PSSZERO variants) and blinding
// inverse `inv` (a big-endian integer of at most modulus_bytes() bytes, in
// [1, n) and coprime to n; r is derived as inv^-1 mod n). For known-answer
// tests only: reusing a salt or an inv breaks the blinding.
// Errors: as BlindRsaBlind, and INVALID_ARGUMENT for a salt of the wrong
// length or an inv that is out of range or not invertible mod n.
absl::StatusOr<BlindRsaBlindingState> BlindRsaBlindForTesting(
    const BlindRsaPublicKey& public_key, absl::string_view prepared_msg,
    absl::string_view salt, absl::string_view inv,
    BlindRsaVariant variant = BlindRsaVariant::kSha384PssRandomized);

// BlindRsaFinalize unblinds the signer's `blind_sig` into a signature of
// `prepared_msg` (RFC 9474 section 4.4): s = z * inv mod n, where z is
// `blind_sig` read as an integer, as public_key.modulus_bytes() bytes. It
// returns s only if BlindRsaVerify accepts it, so a wrong or malicious
// answer from the signer is caught here.
// Requires: `state` came from BlindRsaBlind(public_key, prepared_msg,
// variant).
// Errors: INVALID_ARGUMENT if `blind_sig` is not modulus_bytes() long or
// z >= n, if `state` was made for another key or variant, or for a variant
// outside the enum; UNAUTHENTICATED if the result does not verify (the
// signer used another key or returned garbage, or `prepared_msg` is not the
// blinded one); INTERNAL if OpenSSL fails.
absl::StatusOr<std::string> BlindRsaFinalize(
    const BlindRsaPublicKey& public_key, absl::string_view prepared_msg,
    absl::string_view blind_sig, const BlindRsaBlindingState& state,
    BlindRsaVariant variant = BlindRsaVariant::kSha384PssRandomized);

// BlindRsaVerify checks that `sig` is a valid RSASSA-PSS signature of
// `prepared_msg` under `public_key` (RFC 8017 section 8.1.2) with SHA-384,
// MGF1-SHA-384 and the variant's salt length, which is fixed (48 or 0),
// never detected from the signature.
// Returns OK if it verifies. Errors: INVALID_ARGUMENT if `sig` is not
// modulus_bytes() long or for a variant outside the enum; UNAUTHENTICATED
// if it is well-formed but does not verify (wrong key, message, prefix,
// salt length or signature bytes, or a value >= n); INTERNAL if OpenSSL
// fails. Only OK means the signature is authentic.
absl::Status BlindRsaVerify(
    const BlindRsaPublicKey& public_key, absl::string_view prepared_msg,
    absl::string_view sig,
    BlindRsaVariant variant = BlindRsaVariant::kSha384PssRandomized);

}  // namespace gongxin::crypto

#endif  // GONGXIN_CRYPTO_BLIND_RSA_H_
