// SHA-256 hashing, incremental hashing, and domain-separated hashing of
// several fields.
#ifndef GONGXIN_CRYPTO_SHA256_H_
#define GONGXIN_CRYPTO_SHA256_H_

#include <cstddef>
#include <initializer_list>
#include <string>

#include "absl/strings/string_view.h"
#include "crypto/openssl_handles.h"

namespace gongxin::crypto {

// kSha256Size is the length in bytes of a SHA-256 digest.
inline constexpr size_t kSha256Size = 32;

// Sha256 returns the kSha256Size-byte SHA-256 digest of `data`.
std::string Sha256(absl::string_view data);

// Sha256Concat returns the SHA-256 digest of the parts concatenated, without
// copying them together.
std::string Sha256Concat(std::initializer_list<absl::string_view> parts);

// DomainHash returns the kSha256Size-byte SHA-256 digest of
//
//   tag || 0x00 || len(p1) || p1 || len(p2) || p2 || ...
//
// where len(p) is the length of part p in bytes as an 8-byte big-endian
// integer. Because the tag ends at the 0x00 byte and every part carries its
// length, distinct (tag, parts) inputs never hash the same bytes: ("ab", "c")
// and ("a", "bc") differ, and so do hashes under different tags.
//
// Requires: `tag` is a fixed protocol constant (e.g. "gongxin/v1/ballot")
// containing no 0x00 byte; a tag with one aborts the process, since it would
// break the separation above. Give every distinct use its own tag.
std::string DomainHash(absl::string_view tag,
                       std::initializer_list<absl::string_view> parts);

// Sha256Hasher computes a SHA-256 digest of data passed in pieces. An object
// is used by one thread at a time; a moved-from hasher may only be destroyed
// or assigned to.
class Sha256Hasher {
 public:
  Sha256Hasher();

  // Update appends `data` to the hashed input.
  void Update(absl::string_view data);

  // Finish returns the kSha256Size-byte digest of everything passed to Update
  // since construction or the previous Finish, and resets the hasher to hash
  // a new, empty input.
  std::string Finish();

 private:
  EvpMdCtxPtr ctx_;
  bool started_ = false;  // EVP_DigestInit_ex2 done for the current input
};

}  // namespace gongxin::crypto

#endif  // GONGXIN_CRYPTO_SHA256_H_
