// SecretData: bytes that are overwritten with zeros when released, for keys,
// blinding factors and other secrets that must not linger in freed memory.
#ifndef GONGXIN_CRYPTO_SECRET_DATA_H_
#define GONGXIN_CRYPTO_SECRET_DATA_H_

#include <openssl/crypto.h>

#include <cstddef>
#include <memory>
#include <type_traits>
#include <vector>

#include "absl/strings/string_view.h"

namespace gongxin::crypto {
namespace internal {

// SanitizingAllocator is std::allocator, except that it overwrites memory
// with zeros (OPENSSL_cleanse, which the compiler may not elide) before
// handing it back. Every buffer a container ever owned is wiped: on
// destruction, on reallocation when it grows, and on assignment.
template <typename T>
struct SanitizingAllocator {
  using value_type = T;
  using propagate_on_container_move_assignment = std::true_type;
  using is_always_equal = std::true_type;

  SanitizingAllocator() = default;
  template <typename U>
  SanitizingAllocator(const SanitizingAllocator<U>&) noexcept {}

  T* allocate(size_t n) { return std::allocator<T>().allocate(n); }
  void deallocate(T* p, size_t n) noexcept {
    OPENSSL_cleanse(p, n * sizeof(T));
    std::allocator<T>().deallocate(p, n);
  }

  template <typename U>
  bool operator==(const SanitizingAllocator<U>&) const noexcept {
    return true;
  }
};

}  // namespace internal

// SecretData holds secret bytes and zeroes every buffer it used when it is
// destroyed, assigned or grows. Copies are independent and wipe themselves
// too; a moved-from SecretData is empty.
//
// It has no operator==: compare secrets with ConstantTimeEquals (encoding.h)
// on AsStringView(). It is not printable, so it cannot end up in a log line
// by accident. Like any object, it is used by one thread at a time unless
// all users only read it.
class SecretData {
 public:
  // SecretData() holds no bytes.
  SecretData() = default;

  // SecretData(bytes) holds a copy of `bytes`. The caller stays responsible
  // for wiping the original.
  explicit SecretData(absl::string_view bytes)
      : bytes_(bytes.begin(), bytes.end()) {}

  // OfSize returns `size` zero bytes, a buffer for OpenSSL to write into.
  static SecretData OfSize(size_t size) {
    SecretData secret;
    secret.bytes_.resize(size);
    return secret;
  }

  SecretData(const SecretData&) = default;
  SecretData& operator=(const SecretData&) = default;
  SecretData(SecretData&&) noexcept = default;
  SecretData& operator=(SecretData&&) noexcept = default;

  size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }

  // data returns the bytes, for OpenSSL calls that read or fill them.
  unsigned char* data() { return bytes_.data(); }
  const unsigned char* data() const { return bytes_.data(); }

  // AsStringView exposes the secret bytes; the view is valid until this
  // object is modified or destroyed. Every call site handles a secret, so
  // keep them few (grep for AsStringView) and never copy the view into a
  // plain std::string that outlives the call.
  absl::string_view AsStringView() const {
    return absl::string_view(reinterpret_cast<const char*>(bytes_.data()),
                             bytes_.size());
  }

 private:
  std::vector<unsigned char, internal::SanitizingAllocator<unsigned char>>
      bytes_;
};

}  // namespace gongxin::crypto

#endif  // GONGXIN_CRYPTO_SECRET_DATA_H_
