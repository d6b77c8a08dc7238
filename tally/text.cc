// Checks on human-readable text and quoting for error messages.
#include "tally/text.h"

#include <cstdint>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "unicode/bytestream.h"
#include "unicode/normalizer2.h"
#include "unicode/stringpiece.h"

namespace gongxin::tally {
namespace {

constexpr size_t kQuoteMaxChars = 64;

// Length of the well-formed UTF-8 sequence at the start of `s`, or 0.
size_t SequenceLength(absl::string_view s) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(s[i]); };
  const uint8_t b0 = byte(0);
  if (b0 < 0x80) return 1;
  size_t len;
  uint8_t lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (s.size() < len) return 0;
  if (byte(1) < lo || byte(1) > hi) return 0;
  for (size_t i = 2; i < len; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
  }
  return len;
}

bool IsControl(char c, bool multiline) {
  const auto b = static_cast<uint8_t>(c);
  if (multiline && (c == '\n' || c == '\t')) return false;
  return b < 0x20 || b == 0x7F;
}

}  // namespace

bool IsValidUtf8(absl::string_view s) {
  while (!s.empty()) {
    const size_t len = SequenceLength(s);
    if (len == 0) return false;
    s.remove_prefix(len);
  }
  return true;
}

size_t CodePointCount(absl::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if ((static_cast<uint8_t>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string Quote(absl::string_view s) {
  std::string out = "\"";
  size_t chars = 0;
  while (!s.empty()) {
    if (chars == kQuoteMaxChars) {
      absl::StrAppend(&out, "...");
      break;
    }
    size_t len = SequenceLength(s);
    if (len == 0) {
      absl::StrAppend(&out, absl::StrFormat("\\x%02x", static_cast<uint8_t>(s[0])));
      len = 1;
    } else if (len == 1 && (IsControl(s[0], false) || s[0] == '"' || s[0] == '\\')) {
      absl::StrAppend(&out, absl::CHexEscape(s.substr(0, 1)));
    } else {
      absl::StrAppend(&out, s.substr(0, len));
    }
    s.remove_prefix(len);
    ++chars;
  }
  out += '"';
  return out;
}

namespace {

absl::StatusOr<const icu::Normalizer2*> Nfc() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status) || nfc == nullptr) {
    return absl::InternalError(
        absl::StrCat("Unicode normalisation data unavailable: ", u_errorName(status)));
  }
  return nfc;
}

}  // namespace

absl::Status CheckNfc(absl::string_view field_path, absl::string_view value) {
  absl::StatusOr<const icu::Normalizer2*> nfc = Nfc();
  if (!nfc.ok()) return nfc.status();
  UErrorCode status = U_ZERO_ERROR;
  const bool normalized =
      (*nfc)->isNormalizedUTF8(icu::StringPiece(value.data(), static_cast<int32_t>(value.size())),
                               status);
  if (U_FAILURE(status)) {
    return absl::InvalidArgumentError(absl::StrCat(field_path, ": cannot be normalised (",
                                                   u_errorName(status), ")"));
  }
  if (normalized) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      field_path, ": not in Unicode normalization form C (got ", Quote(value),
      "); the kiosk must send it normalised (NFC)"));
}

absl::StatusOr<std::string> ToNfc(absl::string_view value) {
  absl::StatusOr<const icu::Normalizer2*> nfc = Nfc();
  if (!nfc.ok()) return nfc.status();
  std::string out;
  icu::StringByteSink<std::string> sink(&out);
  UErrorCode status = U_ZERO_ERROR;
  (*nfc)->normalizeUTF8(0, icu::StringPiece(value.data(), static_cast<int32_t>(value.size())),
                        sink, nullptr, status);
  if (U_FAILURE(status)) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot normalise ", Quote(value), ": ", u_errorName(status)));
  }
  return out;
}

absl::Status ValidateText(absl::string_view field_path, absl::string_view value,
                          TextLimits limits) {
  if (value.empty()) {
    if (!limits.required) return absl::OkStatus();
    return absl::InvalidArgumentError(absl::StrCat(field_path, ": must not be empty"));
  }
  if (!IsValidUtf8(value)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field_path, ": not well-formed UTF-8 (got ", Quote(value), ")"));
  }
  const size_t chars = CodePointCount(value);
  if (chars > limits.max_chars) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: must be at most %d characters (got %d)",
                                                      field_path, limits.max_chars, chars));
  }
  for (char c : value) {
    if (IsControl(c, limits.multiline)) {
      return absl::InvalidArgumentError(absl::StrCat(
          field_path, ": must not contain control characters (got ", Quote(value), ")"));
    }
  }
  return absl::OkStatus();
}

}  // namespace gongxin::tally
