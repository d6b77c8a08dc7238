// Typed codes: see typed_code.h.
#include "util/typed_code.h"

#include <cstdint>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace gongxin::util {
namespace {

constexpr absl::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr size_t kDataChars = kTypedCodeBytes * 8 / 5;  // 16

int ValueOf(char c) {
  c = absl::ascii_toupper(static_cast<unsigned char>(c));
  if (c == '0') c = 'O';
  if (c == '1') c = 'I';
  if (c == '8') c = 'B';
  const size_t at = kAlphabet.find(c);
  return at == absl::string_view::npos ? -1 : static_cast<int>(at);
}

// Luhn mod N over the base32 values: catches every single mistyped
// character and every swap of two neighbours but A with 7 (values 0 and 31).
int CheckValue(const std::vector<int>& values) {
  int factor = 2;
  int sum = 0;
  for (size_t i = values.size(); i-- > 0;) {
    int addend = factor * values[i];
    factor = factor == 2 ? 1 : 2;
    addend = addend / 32 + addend % 32;
    sum += addend;
  }
  return (32 - sum % 32) % 32;
}

}  // namespace

std::string EncodeTypedCode(absl::string_view hash) {
  std::vector<int> values;
  uint32_t buffer = 0;
  int bits = 0;
  for (size_t i = 0; i < kTypedCodeBytes && i < hash.size(); ++i) {
    buffer = (buffer << 8) | static_cast<unsigned char>(hash[i]);
    bits += 8;
    while (bits >= 5) {
      values.push_back((buffer >> (bits - 5)) & 31);
      bits -= 5;
    }
  }
  values.push_back(CheckValue(values));
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += '-';
    out += kAlphabet[values[i]];
  }
  return out;
}

absl::StatusOr<std::string> ParseTypedCode(absl::string_view code, absl::string_view what) {
  std::vector<int> values;
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    const int v = ValueOf(c);
    if (v < 0) {
      // A byte of a multi-byte character is not quoted: the message stays UTF-8.
      const bool ascii = static_cast<unsigned char>(c) < 0x80;
      return absl::InvalidArgumentError(absl::StrCat(
          what, ": ",
          ascii ? absl::StrCat("\"", std::string(1, c), "\"") : std::string("a non-ASCII character"),
          " is not one of its characters (A–Z and 2–7; 0, 1 and 8 are read as O, I and B)"));
    }
    values.push_back(v);
  }
  if (values.size() != kDataChars + 1) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": ", values.size(),
                                                   " characters; a ", what, " has ",
                                                   kDataChars + 1, " (without the dashes)"));
  }
  const int check = values.back();
  values.pop_back();
  if (CheckValue(values) != check) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": the check character does not match: a character is mistyped or "
                           "two are swapped"));
  }
  std::string bytes;
  uint32_t buffer = 0;
  int bits = 0;
  for (int v : values) {
    buffer = (buffer << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bytes += static_cast<char>((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return bytes;
}

}  // namespace gongxin::util
