// Keys of other kinds made at test time for negative tests (a too-small
// RSA key, an X25519 key, a passphrase-protected key), so that no private
// key is ever committed.
#ifndef GONGXIN_TESTS_TESTING_OPENSSL_KEYS_H_
#define GONGXIN_TESTS_TESTING_OPENSSL_KEYS_H_

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <string>

#include "gtest/gtest.h"

namespace gongxin::testing {

struct PemPair {
  std::string private_pem;
  std::string public_pem;
};

namespace internal {
inline std::string BioText(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(len));
  BIO_free(bio);
  return out;
}
}  // namespace internal

// GeneratePem makes a key pair: "RSA1024", "X25519" or "ED25519". With a
// passphrase, the private PEM is PKCS#8 encrypted with AES-256-CBC.
inline PemPair GeneratePem(const std::string& kind, const std::string& passphrase = "") {
  EVP_PKEY* key = nullptr;
  if (kind == "RSA1024") {
    key = EVP_RSA_gen(1024);
  } else {
    key = EVP_PKEY_Q_keygen(nullptr, nullptr, kind.c_str());
  }
  EXPECT_NE(key, nullptr) << "could not generate a " << kind << " key";
  PemPair pair;
  if (key == nullptr) return pair;
  BIO* priv = BIO_new(BIO_s_mem());
  if (passphrase.empty()) {
    PEM_write_bio_PrivateKey(priv, key, nullptr, nullptr, 0, nullptr, nullptr);
  } else {
    PEM_write_bio_PKCS8PrivateKey(priv, key, EVP_aes_256_cbc(), passphrase.c_str(),
                                  static_cast<int>(passphrase.size()), nullptr, nullptr);
  }
  pair.private_pem = internal::BioText(priv);
  BIO* pub = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(pub, key);
  pair.public_pem = internal::BioText(pub);
  EVP_PKEY_free(key);
  return pair;
}

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_TESTING_OPENSSL_KEYS_H_
