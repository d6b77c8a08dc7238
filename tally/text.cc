// Checks on human-readable text and quoting for error messages.
#include "tally/text.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "utf8proc.h"

namespace gongxin::tally {
namespace {

constexpr size_t kQuoteMaxChars = 64;

// Length of the well-formed UTF-8 sequence at the start of `s` (not
// empty), or 0; its code point in `*cp`. utf8proc refuses what Table 3-7 of
// the Unicode standard does: stray or missing continuation bytes, overlong
// forms, surrogates, anything above U+10FFFF.
size_t SequenceLength(absl::string_view s, utf8proc_int32_t* cp = nullptr) {
  utf8proc_int32_t decoded = -1;
  const utf8proc_ssize_t len =
      utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                       static_cast<utf8proc_ssize_t>(std::min<size_t>(s.size(), 4)), &decoded);
  if (len <= 0 || decoded < 0) return 0;
  if (cp != nullptr) *cp = decoded;
  return static_cast<size_t>(len);
}

bool IsControl(char c, bool multiline) {
  const auto b = static_cast<uint8_t>(c);
  if (multiline && (c == '\n' || c == '\t')) return false;
  return b < 0x20 || b == 0x7F;
}

}  // namespace

std::optional<size_t> FirstInvalidUtf8(absl::string_view s) {
  size_t offset = 0;
  while (offset < s.size()) {
    const size_t len = SequenceLength(s.substr(offset));
    if (len == 0) return offset;
    offset += len;
  }
  return std::nullopt;
}

bool IsValidUtf8(absl::string_view s) { return !FirstInvalidUtf8(s).has_value(); }

int DisplayWidth(absl::string_view s) {
  int width = 0;
  while (!s.empty()) {
    utf8proc_int32_t cp = 0;
    size_t len = SequenceLength(s, &cp);
    if (len == 0) {
      width += 1;
      len = 1;
    } else {
      width += utf8proc_charwidth(cp);
    }
    s.remove_prefix(len);
  }
  return width;
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

// utf8proc_NFC's result, freed with free().
struct FreeDeleter {
  void operator()(utf8proc_uint8_t* p) const { std::free(p); }
};

absl::StatusOr<std::string> Normalise(absl::string_view value) {
  if (!IsValidUtf8(value)) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot normalise ", Quote(value), ": not well-formed UTF-8"));
  }
  utf8proc_uint8_t* out = nullptr;
  const utf8proc_ssize_t n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(value.data()),
      static_cast<utf8proc_ssize_t>(value.size()), &out,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  std::unique_ptr<utf8proc_uint8_t, FreeDeleter> owned(out);
  if (n < 0) {
    return absl::InvalidArgumentError(absl::StrCat("cannot normalise ", Quote(value), ": ",
                                                   utf8proc_errmsg(n)));
  }
  return std::string(reinterpret_cast<const char*>(out), static_cast<size_t>(n));
}

}  // namespace

absl::Status CheckNfc(absl::string_view field_path, absl::string_view value) {
  absl::StatusOr<std::string> nfc = Normalise(value);
  if (!nfc.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field_path, ": cannot be normalised (", nfc.status().message(), ")"));
  }
  if (*nfc == value) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      field_path, ": not in Unicode normalization form C (got ", Quote(value),
      "); the kiosk must send it normalised (NFC)"));
}

absl::StatusOr<std::string> ToNfc(absl::string_view value) { return Normalise(value); }

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
