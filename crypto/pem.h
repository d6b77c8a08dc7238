// PEM encoding and decoding of OpenSSL keys and certificates, shared by
// ed25519.cc and x509.cc. Internal to crypto/.
//
// Decoders never prompt for a passphrase: an encrypted PEM is an error.
// Errors: INVALID_ARGUMENT for input that does not parse (with OpenSSL's
// reason), INTERNAL for encoder failures.
#ifndef GONGXIN_CRYPTO_PEM_H_
#define GONGXIN_CRYPTO_PEM_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "crypto/openssl_handles.h"

namespace gongxin::crypto {

// PrivateKeyFromPem parses the first unencrypted private key in `pem`.
absl::StatusOr<EvpPkeyPtr> PrivateKeyFromPem(absl::string_view pem);

// PrivateKeyToPem encodes `key` as unencrypted PKCS#8 PEM
// (PKCS#8 PEM), staging it in OpenSSL's secure heap. The caller owns
// a secret and should OPENSSL_cleanse it after use.
absl::StatusOr<std::string> PrivateKeyToPem(const EVP_PKEY* key);

// PublicKeyFromPem parses the first SubjectPublicKeyInfo ("BEGIN PUBLIC KEY")
// in `pem`.
absl::StatusOr<EvpPkeyPtr> PublicKeyFromPem(absl::string_view pem);

// PublicKeyToPem encodes `key` as SubjectPublicKeyInfo PEM.
absl::StatusOr<std::string> PublicKeyToPem(const EVP_PKEY* key);

// CertificateFromPem parses the first certificate in `pem`.
absl::StatusOr<X509Ptr> CertificateFromPem(absl::string_view pem);

// CertificateToPem encodes `cert` as PEM ("BEGIN CERTIFICATE").
absl::StatusOr<std::string> CertificateToPem(const X509* cert);

}  // namespace gongxin::crypto

#endif  // GONGXIN_CRYPTO_PEM_H_
