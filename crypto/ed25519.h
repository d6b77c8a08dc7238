// Ed25519 (RFC 8032) signing keys and verification, e.g. for the server's
// signed ledger checkpoints. Keys travel as PEM: SubjectPublicKeyInfo for
// public keys, unencrypted PKCS#8 for private keys.
#ifndef GONGXIN_CRYPTO_ED25519_H_
#define GONGXIN_CRYPTO_ED25519_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "crypto/openssl_handles.h"

namespace gongxin::crypto {

// kEd25519PublicKeySize is the length in bytes of a raw Ed25519 public key.
inline constexpr size_t kEd25519PublicKeySize = 32;
// kEd25519SignatureSize is the length in bytes of an Ed25519 signature.
inline constexpr size_t kEd25519SignatureSize = 64;
// kEd25519SeedSize is the length in bytes of a raw Ed25519 private key (the
// RFC 8032 "secret key", a seed from which the signing scalar is derived).
inline constexpr size_t kEd25519SeedSize = 32;

// Ed25519PublicKey verifies Ed25519 signatures. Immutable, cheap to copy;
// all methods are safe to call from many threads at once.
class Ed25519PublicKey {
 public:
  // FromRaw returns the key whose RFC 8032 encoding is `raw`.
  // Errors: INVALID_ARGUMENT unless `raw` has kEd25519PublicKeySize bytes.
  static absl::StatusOr<Ed25519PublicKey> FromRaw(absl::string_view raw);

  // FromPem parses the first "BEGIN PUBLIC KEY" (SubjectPublicKeyInfo) block
  // in `pem`. Errors: INVALID_ARGUMENT if it is missing, malformed, or holds
  // a key of another algorithm.
  static absl::StatusOr<Ed25519PublicKey> FromPem(absl::string_view pem);

  Ed25519PublicKey(const Ed25519PublicKey& other);
  Ed25519PublicKey& operator=(const Ed25519PublicKey& other);
  Ed25519PublicKey(Ed25519PublicKey&&) = default;
  Ed25519PublicKey& operator=(Ed25519PublicKey&&) = default;

  // raw returns the kEd25519PublicKeySize-byte RFC 8032 encoding.
  const std::string& raw() const { return raw_; }

  // ToPem returns the key as SubjectPublicKeyInfo PEM.
  std::string ToPem() const;

  // Verify checks that `signature` is this key's signature of `message`
  // (pure Ed25519, no prehash, no context).
  // Returns OK if it verifies. Errors: INVALID_ARGUMENT if the signature is
  // not kEd25519SignatureSize bytes (malformed); UNAUTHENTICATED if it is
  // well-formed but does not verify (wrong key, message or signature bytes,
  // or a non-canonical S). Only OK means the message is authentic.
  absl::Status Verify(absl::string_view message,
                      absl::string_view signature) const;

 private:
  Ed25519PublicKey(EvpPkeyPtr key, std::string raw);

  EvpPkeyPtr key_;  // never null, except in a moved-from object
  std::string raw_;
};

// Ed25519PrivateKey signs messages. Movable, not copyable: the secret lives in
// one EVP_PKEY, zeroed by OpenSSL when freed. Sign and public_key are safe to
// call from many threads at once.
class Ed25519PrivateKey {
 public:
  // Generate returns a fresh key from the OS-seeded CSPRNG.
  // Errors: INTERNAL if OpenSSL fails.
  static absl::StatusOr<Ed25519PrivateKey> Generate();

  // FromPem parses the first unencrypted PKCS#8 private-key PEM block in
  // `pem`. Errors: INVALID_ARGUMENT if it is missing, malformed, encrypted,
  // or holds a key of another algorithm.
  static absl::StatusOr<Ed25519PrivateKey> FromPem(absl::string_view pem);

  // FromSeedForTesting returns the key with the kEd25519SeedSize-byte RFC 8032
  // secret key `seed`. For known-answer tests only: production keys come from
  // Generate, never from caller-chosen bytes.
  // Errors: INVALID_ARGUMENT unless `seed` has kEd25519SeedSize bytes.
  static absl::StatusOr<Ed25519PrivateKey> FromSeedForTesting(
      absl::string_view seed);

  Ed25519PrivateKey(Ed25519PrivateKey&&) = default;
  Ed25519PrivateKey& operator=(Ed25519PrivateKey&&) = default;
  Ed25519PrivateKey(const Ed25519PrivateKey&) = delete;
  Ed25519PrivateKey& operator=(const Ed25519PrivateKey&) = delete;

  // ToPem returns the key as unencrypted PKCS#8 PEM. The result is a secret:
  // write it only to a 0600 file (see key_file.h) and OPENSSL_cleanse it.
  // Errors: INTERNAL if OpenSSL fails.
  absl::StatusOr<std::string> ToPem() const;

  // Sign returns the kEd25519SignatureSize-byte signature of `message`
  // (pure Ed25519; deterministic). Errors: INTERNAL if OpenSSL fails.
  absl::StatusOr<std::string> Sign(absl::string_view message) const;

  // public_key returns the matching public key.
  const Ed25519PublicKey& public_key() const { return public_key_; }

 private:
  Ed25519PrivateKey(EvpPkeyPtr key, Ed25519PublicKey public_key);
  static absl::StatusOr<Ed25519PrivateKey> FromEvpPkey(EvpPkeyPtr key);

  EvpPkeyPtr key_;  // never null, except in a moved-from object
  Ed25519PublicKey public_key_;
};

}  // namespace gongxin::crypto

#endif  // GONGXIN_CRYPTO_ED25519_H_
