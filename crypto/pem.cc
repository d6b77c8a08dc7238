#include "crypto/pem.h"

#include <openssl/buffer.h>
#include <openssl/pem.h>

#include <climits>

#include "crypto/openssl_error.h"
#include "util/status_macros.h"

namespace gongxin::crypto {
namespace {

// A passphrase callback that supplies none, so OpenSSL never reads a
// passphrase from the terminal.
int NoPassphrase(char*, int, int, void*) { return 0; }

absl::StatusOr<BioPtr> ReadBio(absl::string_view pem) {
  if (pem.size() > INT_MAX) return absl::InvalidArgumentError("PEM too large");
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (bio == nullptr) {
    return OpenSslError(absl::StatusCode::kInternal, "BIO_new_mem_buf");
  }
  return bio;
}

// Writes with `write` into a new BIO of `method` and returns what was written.
template <typename Write>
absl::StatusOr<std::string> WriteBio(const BIO_METHOD* method, const char* what,
                                     Write write) {
  BioPtr bio(BIO_new(method));
  if (bio == nullptr) return OpenSslError(absl::StatusCode::kInternal, what);
  if (!write(bio.get())) return OpenSslError(absl::StatusCode::kInternal, what);
  BUF_MEM* mem = nullptr;
  BIO_get_mem_ptr(bio.get(), &mem);
  if (mem == nullptr) return OpenSslError(absl::StatusCode::kInternal, what);
  return std::string(mem->data, mem->length);
}

}  // namespace

absl::StatusOr<EvpPkeyPtr> PrivateKeyFromPem(absl::string_view pem) {
  ASSIGN_OR_RETURN(BioPtr bio, ReadBio(pem));
  EvpPkeyPtr key(
      PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr));
  if (key == nullptr) {
    return OpenSslError(absl::StatusCode::kInvalidArgument,
                        "not an unencrypted PEM private key");
  }
  return key;
}

absl::StatusOr<std::string> PrivateKeyToPem(const EVP_PKEY* key) {
  return WriteBio(
      BIO_s_secmem(), "PEM_write_bio_PKCS8PrivateKey", [key](BIO* bio) {
        return PEM_write_bio_PKCS8PrivateKey(bio, key, nullptr, nullptr, 0,
                                             nullptr, nullptr) == 1;
      });
}

absl::StatusOr<EvpPkeyPtr> PublicKeyFromPem(absl::string_view pem) {
  ASSIGN_OR_RETURN(BioPtr bio, ReadBio(pem));
  EvpPkeyPtr key(
      PEM_read_bio_PUBKEY(bio.get(), nullptr, NoPassphrase, nullptr));
  if (key == nullptr) {
    return OpenSslError(absl::StatusCode::kInvalidArgument,
                        "not a PEM public key (SubjectPublicKeyInfo)");
  }
  return key;
}

absl::StatusOr<std::string> PublicKeyToPem(const EVP_PKEY* key) {
  return WriteBio(BIO_s_mem(), "PEM_write_bio_PUBKEY", [key](BIO* bio) {
    return PEM_write_bio_PUBKEY(bio, key) == 1;
  });
}

absl::StatusOr<X509Ptr> CertificateFromPem(absl::string_view pem) {
  ASSIGN_OR_RETURN(BioPtr bio, ReadBio(pem));
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, NoPassphrase, nullptr));
  if (cert == nullptr) {
    return OpenSslError(absl::StatusCode::kInvalidArgument,
                        "not a PEM certificate");
  }
  return cert;
}

absl::StatusOr<std::string> CertificateToPem(const X509* cert) {
  return WriteBio(BIO_s_mem(), "PEM_write_bio_X509", [cert](BIO* bio) {
    return PEM_write_bio_X509(bio, cert) == 1;
  });
}

}  // namespace gongxin::crypto
