// Byte-level helpers for tampering tests: one bit of a string flipped.
#ifndef GONGXIN_TESTS_TESTING_BYTES_H_
#define GONGXIN_TESTS_TESTING_BYTES_H_

#include <cstddef>
#include <string>

namespace gongxin::testing {

// `bytes` with bit `bit` (0 = the lowest bit of the first byte) flipped.
inline std::string FlipBit(std::string bytes, size_t bit) {
  bytes[bit / 8] = static_cast<char>(bytes[bit / 8] ^ (1 << (bit % 8)));
  return bytes;
}

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_TESTING_BYTES_H_
