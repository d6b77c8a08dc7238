// RAII owners for OpenSSL handles, so no code path has to remember a *_free.
// Internal to crypto/: public headers use them only for private members.
#ifndef GONGXIN_CRYPTO_OPENSSL_HANDLES_H_
#define GONGXIN_CRYPTO_OPENSSL_HANDLES_H_

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace gongxin::crypto {

// OpenSslDeleter<F> frees a handle with OpenSSL's function F.
template <auto F>
struct OpenSslDeleter {
  template <typename T>
  void operator()(T* p) const {
    F(p);
  }
};

template <typename T, auto F>
using OpenSslPtr = std::unique_ptr<T, OpenSslDeleter<F>>;

using BioPtr = OpenSslPtr<BIO, BIO_free_all>;
using BignumPtr = OpenSslPtr<BIGNUM, BN_free>;
using EvpMdCtxPtr = OpenSslPtr<EVP_MD_CTX, EVP_MD_CTX_free>;
using EvpPkeyPtr = OpenSslPtr<EVP_PKEY, EVP_PKEY_free>;
using GeneralNamePtr = OpenSslPtr<GENERAL_NAME, GENERAL_NAME_free>;
using GeneralNamesPtr = OpenSslPtr<GENERAL_NAMES, GENERAL_NAMES_free>;
using X509Ptr = OpenSslPtr<X509, X509_free>;
using X509ExtensionPtr = OpenSslPtr<X509_EXTENSION, X509_EXTENSION_free>;

}  // namespace gongxin::crypto

#endif  // GONGXIN_CRYPTO_OPENSSL_HANDLES_H_
