#include "crypto/ed25519.h"

#include <openssl/evp.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "crypto/byte_views.h"
#include "crypto/openssl_error.h"
#include "crypto/pem.h"
#include "util/status_macros.h"

namespace gongxin::crypto {
namespace {

absl::Status CheckIsEd25519(const EVP_PKEY* key) {
  if (EVP_PKEY_is_a(key, "ED25519")) return absl::OkStatus();
  const char* type = EVP_PKEY_get0_type_name(key);
  return absl::InvalidArgumentError(absl::StrCat(
      "expected an Ed25519 key, got ", type != nullptr ? type : "unknown"));
}

absl::StatusOr<std::string> RawPublicKey(const EVP_PKEY* key) {
  std::string raw(kEd25519PublicKeySize, '\0');
  size_t size = raw.size();
  if (EVP_PKEY_get_raw_public_key(
          key, reinterpret_cast<unsigned char*>(raw.data()), &size) != 1 ||
      size != kEd25519PublicKeySize) {
    return OpenSslError(absl::StatusCode::kInternal,
                        "EVP_PKEY_get_raw_public_key");
  }
  return raw;
}

}  // namespace

// --- Ed25519PublicKey ---

Ed25519PublicKey::Ed25519PublicKey(EvpPkeyPtr key, std::string raw)
    : key_(std::move(key)), raw_(std::move(raw)) {}

Ed25519PublicKey::Ed25519PublicKey(const Ed25519PublicKey& other)
    : raw_(other.raw_) {
  // The EVP_PKEY is immutable once built, so copies share it.
  if (other.key_ == nullptr) return;
  if (EVP_PKEY_up_ref(other.key_.get()) != 1) {
    DieWithOpenSslError("EVP_PKEY_up_ref");
  }
  key_.reset(other.key_.get());
}

Ed25519PublicKey& Ed25519PublicKey::operator=(const Ed25519PublicKey& other) {
  if (this != &other) *this = Ed25519PublicKey(other);
  return *this;
}

absl::StatusOr<Ed25519PublicKey> Ed25519PublicKey::FromRaw(
    absl::string_view raw) {
  RETURN_IF_ERROR(CheckSize("Ed25519 public key", raw, kEd25519PublicKeySize));
  EvpPkeyPtr key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                             Bytes(raw), raw.size()));
  if (key == nullptr) {
    return OpenSslError(absl::StatusCode::kInvalidArgument,
                        "invalid Ed25519 public key");
  }
  return Ed25519PublicKey(std::move(key), std::string(raw));
}

absl::StatusOr<Ed25519PublicKey> Ed25519PublicKey::FromPem(
    absl::string_view pem) {
  ASSIGN_OR_RETURN(EvpPkeyPtr key, PublicKeyFromPem(pem));
  RETURN_IF_ERROR(CheckIsEd25519(key.get()));
  ASSIGN_OR_RETURN(std::string raw, RawPublicKey(key.get()));
  return Ed25519PublicKey(std::move(key), std::move(raw));
}

std::string Ed25519PublicKey::ToPem() const {
  absl::StatusOr<std::string> pem = PublicKeyToPem(key_.get());
  if (!pem.ok()) DieWithOpenSslError(pem.status().message());
  return *std::move(pem);
}

absl::Status Ed25519PublicKey::Verify(absl::string_view message,
                                      absl::string_view signature) const {
  RETURN_IF_ERROR(
      CheckSize("Ed25519 signature", signature, kEd25519SignatureSize));
  // A context per call: EVP_MD_CTX is not thread-safe, the EVP_PKEY is.
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (ctx == nullptr || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr,
                                             nullptr, key_.get()) != 1) {
    return OpenSslError(absl::StatusCode::kInternal, "EVP_DigestVerifyInit");
  }
  if (EVP_DigestVerify(ctx.get(), Bytes(signature), signature.size(),
                       Bytes(message), message.size()) != 1) {
    ClearOpenSslErrors();
    return absl::UnauthenticatedError("Ed25519 signature does not verify");
  }
  return absl::OkStatus();
}

// --- Ed25519PrivateKey ---

Ed25519PrivateKey::Ed25519PrivateKey(EvpPkeyPtr key,
                                     Ed25519PublicKey public_key)
    : key_(std::move(key)), public_key_(std::move(public_key)) {}

absl::StatusOr<Ed25519PrivateKey> Ed25519PrivateKey::FromEvpPkey(
    EvpPkeyPtr key) {
  RETURN_IF_ERROR(CheckIsEd25519(key.get()));
  // The public half gets its own EVP_PKEY, so copies of the public key never
  // keep the secret alive.
  ASSIGN_OR_RETURN(std::string raw, RawPublicKey(key.get()));
  ASSIGN_OR_RETURN(Ed25519PublicKey public_key, Ed25519PublicKey::FromRaw(raw));
  return Ed25519PrivateKey(std::move(key), std::move(public_key));
}

absl::StatusOr<Ed25519PrivateKey> Ed25519PrivateKey::Generate() {
  EvpPkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (key == nullptr) {
    return OpenSslError(absl::StatusCode::kInternal, "Ed25519 key generation");
  }
  return FromEvpPkey(std::move(key));
}

absl::StatusOr<Ed25519PrivateKey> Ed25519PrivateKey::FromPem(
    absl::string_view pem) {
  ASSIGN_OR_RETURN(EvpPkeyPtr key, PrivateKeyFromPem(pem));
  return FromEvpPkey(std::move(key));
}

absl::StatusOr<Ed25519PrivateKey> Ed25519PrivateKey::FromSeedForTesting(
    absl::string_view seed) {
  RETURN_IF_ERROR(CheckSize("Ed25519 seed", seed, kEd25519SeedSize));
  EvpPkeyPtr key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr,
                                              Bytes(seed), seed.size()));
  if (key == nullptr) {
    return OpenSslError(absl::StatusCode::kInternal,
                        "EVP_PKEY_new_raw_private_key");
  }
  return FromEvpPkey(std::move(key));
}

absl::StatusOr<std::string> Ed25519PrivateKey::ToPem() const {
  return PrivateKeyToPem(key_.get());
}

absl::StatusOr<std::string> Ed25519PrivateKey::Sign(
    absl::string_view message) const {
  // A context per call: EVP_MD_CTX is not thread-safe, the EVP_PKEY is.
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  std::string signature(kEd25519SignatureSize, '\0');
  size_t size = signature.size();
  if (ctx == nullptr ||
      EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) !=
          1 ||
      EVP_DigestSign(ctx.get(),
                     reinterpret_cast<unsigned char*>(signature.data()), &size,
                     Bytes(message), message.size()) != 1 ||
      size != kEd25519SignatureSize) {
    return OpenSslError(absl::StatusCode::kInternal, "Ed25519 signing");
  }
  return signature;
}

}  // namespace gongxin::crypto
