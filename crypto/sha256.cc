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

// Fetched once: EVP_sha256() makes every EVP_DigestInit_ex look the
// algorithm up in the provider tables under a lock, which cost as much as
// hashing a 200-byte entry (a fifth of a start-up replay).
const EVP_MD* Sha256Md() {
  static const EVP_MD* const md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
    CheckOrDie(fetched != nullptr, "EVP_MD_fetch(SHA2-256)");
    return fetched;
  }();
  return md;
}

// The one-shot functions reuse one hasher per thread instead of allocating
// an EVP_MD_CTX per hash.
Sha256Hasher& ThreadHasher() {
  thread_local Sha256Hasher hasher;
  return hasher;
}

}  // namespace

std::string Sha256(absl::string_view data) {
  Sha256Hasher& hasher = ThreadHasher();
  hasher.Update(data);
  return hasher.Finish();
}

std::string Sha256Concat(std::initializer_list<absl::string_view> parts) {
  Sha256Hasher& hasher = ThreadHasher();
  for (absl::string_view part : parts) hasher.Update(part);
  return hasher.Finish();
}

std::string DomainHash(absl::string_view tag,
                       std::initializer_list<absl::string_view> parts) {
  CheckOrDie(tag.find('\0') == absl::string_view::npos,
             "DomainHash: tag contains a 0x00 byte");
  Sha256Hasher& hasher = ThreadHasher();
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
}

void Sha256Hasher::Update(absl::string_view data) {
  if (!started_) {
    // Lazily, so that a hasher used once does not initialise twice.
    CheckOrDie(EVP_DigestInit_ex2(ctx_.get(), Sha256Md(), nullptr) == 1,
               "EVP_DigestInit_ex2(SHA-256)");
    started_ = true;
  }
  CheckOrDie(EVP_DigestUpdate(ctx_.get(), data.data(), data.size()) == 1,
             "EVP_DigestUpdate");
}

std::string Sha256Hasher::Finish() {
  if (!started_) Update("");
  std::string digest(kSha256Size, '\0');
  unsigned int size = 0;
  CheckOrDie(EVP_DigestFinal_ex(ctx_.get(),
                                reinterpret_cast<unsigned char*>(digest.data()),
                                &size) == 1 &&
                 size == kSha256Size,
             "EVP_DigestFinal_ex");
  started_ = false;
  return digest;
}

}  // namespace gongxin::crypto
