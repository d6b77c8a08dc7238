#include "crypto/sha256.h"

#include <openssl/evp.h>

#include <cstdint>

#include "crypto/openssl_error.h"

namespace gongxin::crypto {
namespace {

// SHA-256 fails only when memory runs out; there is nothing to recover.
void CheckOrDie(bool ok, const char* what) {
  if (!ok) DieWithOpenSslError(what);
}

}  // namespace

std::string Sha256(absl::string_view data) {
  Sha256Hasher hasher;
  hasher.Update(data);
  return hasher.Finish();
}

std::string DomainHash(absl::string_view tag,
                       std::initializer_list<absl::string_view> parts) {
  CheckOrDie(tag.find('\0') == absl::string_view::npos,
             "DomainHash: tag contains a 0x00 byte");
  Sha256Hasher hasher;
  hasher.Update(tag);
  hasher.Update(absl::string_view("\0", 1));
  for (absl::string_view part : parts) {
    char length[8];
    uint64_t n = part.size();
    for (int i = 7; i >= 0; --i, n >>= 8) length[i] = static_cast<char>(n);
    hasher.Update(absl::string_view(length, sizeof(length)));
    hasher.Update(part);
  }
  return hasher.Finish();
}

Sha256Hasher::Sha256Hasher() : ctx_(EVP_MD_CTX_new()) {
  CheckOrDie(ctx_ != nullptr, "EVP_MD_CTX_new");
  CheckOrDie(EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) == 1,
             "EVP_DigestInit_ex(SHA-256)");
}

void Sha256Hasher::Update(absl::string_view data) {
  CheckOrDie(EVP_DigestUpdate(ctx_.get(), data.data(), data.size()) == 1,
             "EVP_DigestUpdate");
}

std::string Sha256Hasher::Finish() {
  std::string digest(kSha256Size, '\0');
  unsigned int size = 0;
  CheckOrDie(EVP_DigestFinal_ex(ctx_.get(),
                                reinterpret_cast<unsigned char*>(digest.data()),
                                &size) == 1 &&
                 size == kSha256Size,
             "EVP_DigestFinal_ex");
  CheckOrDie(EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) == 1,
             "EVP_DigestInit_ex(SHA-256)");
  return digest;
}

}  // namespace gongxin::crypto
