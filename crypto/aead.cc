#include "crypto/aead.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "crypto/openssl_error.h"
#include "crypto/openssl_handles.h"
#include "crypto/random.h"
#include "util/status_macros.h"

namespace gongxin::crypto {
namespace {

using CipherCtxPtr = OpenSslPtr<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free>;

const unsigned char* U(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

absl::StatusOr<std::string> AeadSeal(absl::string_view key, absl::string_view plaintext,
                                     absl::string_view associated_data) {
  if (key.size() != kAeadKeySize) {
    return absl::InvalidArgumentError("AEAD key must be 32 bytes");
  }
  ASSIGN_OR_RETURN(std::string nonce, RandomBytes(kAeadNonceSize));
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  std::string out = nonce;
  out.resize(kAeadNonceSize + plaintext.size() + kAeadTagSize);
  unsigned char* body = reinterpret_cast<unsigned char*>(out.data()) + kAeadNonceSize;
  if (ctx == nullptr ||
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, U(key), U(nonce)) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, U(associated_data),
                        static_cast<int>(associated_data.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), body, &len, U(plaintext), static_cast<int>(plaintext.size())) !=
          1 ||
      EVP_EncryptFinal_ex(ctx.get(), body + len, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kAeadTagSize,
                          body + plaintext.size()) != 1) {
    return OpenSslError(absl::StatusCode::kInternal, "AES-256-GCM seal");
  }
  return out;
}

absl::StatusOr<std::string> AeadOpen(absl::string_view key, absl::string_view sealed,
                                     absl::string_view associated_data) {
  if (key.size() != kAeadKeySize) {
    return absl::InvalidArgumentError("AEAD key must be 32 bytes");
  }
  if (sealed.size() < kAeadNonceSize + kAeadTagSize) {
    return absl::InvalidArgumentError("sealed data is shorter than nonce and tag");
  }
  absl::string_view nonce = sealed.substr(0, kAeadNonceSize);
  absl::string_view body = sealed.substr(kAeadNonceSize, sealed.size() - kAeadNonceSize - kAeadTagSize);
  absl::string_view tag = sealed.substr(sealed.size() - kAeadTagSize);
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  std::string out(body.size(), '\0');
  int len = 0;
  if (ctx == nullptr ||
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, U(key), U(nonce)) != 1 ||
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, U(associated_data),
                        static_cast<int>(associated_data.size())) != 1 ||
      EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len, U(body),
                        static_cast<int>(body.size())) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kAeadTagSize,
                          const_cast<char*>(tag.data())) != 1) {
    return OpenSslError(absl::StatusCode::kInternal, "AES-256-GCM open");
  }
  if (EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + len, &len) !=
      1) {
    OPENSSL_cleanse(out.data(), out.size());
    return absl::UnauthenticatedError("sealed data does not authenticate under this key");
  }
  return out;
}

std::string HmacSha256(absl::string_view key, absl::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), U(data), data.size(), mac,
           &len) == nullptr) {
    DieWithOpenSslError("HMAC-SHA256");
  }
  return std::string(reinterpret_cast<char*>(mac), len);
}

}  // namespace gongxin::crypto
