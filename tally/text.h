// Human-readable text (titles, names, write-ins): the project's one UTF-8
// decoder (utf8proc underneath) — validity, code points, terminal width,
// Unicode normalisation (NFC) — and quoting of untrusted strings inside
// error messages. Everything that reads UTF-8 (the roll and spec loaders,
// the terminal tables, the charts) goes through here.
#ifndef GONGXIN_TALLY_TEXT_H_
#define GONGXIN_TALLY_TEXT_H_

#include <cstddef>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gongxin::tally {

// IsValidUtf8 returns whether `s` is well-formed UTF-8: no stray or missing
// continuation bytes, no overlong forms, no surrogates, nothing above U+10FFFF.
bool IsValidUtf8(absl::string_view s);

// FirstInvalidUtf8 returns the byte offset of the first byte that does not
// start a well-formed UTF-8 sequence, or nullopt if `s` is well-formed.
std::optional<size_t> FirstInvalidUtf8(absl::string_view s);

// CodePointCount returns the number of code points in `s`, which must be
// well-formed UTF-8 (otherwise it counts lead bytes).
size_t CodePointCount(absl::string_view s);

// DisplayWidth is the number of terminal columns `s` occupies: East Asian
// wide and full-width characters take two, combining marks none, others
// one; an ill-formed byte one (a terminal shows one replacement character).
int DisplayWidth(absl::string_view s);

// Quote returns `s` in double quotes for an error message: at most 64 code
// points (then "..."), with quotes, backslashes and control characters
// escaped; ill-formed UTF-8 is shown byte by byte in hex.
std::string Quote(absl::string_view s);

// CheckNfc fails with INVALID_ARGUMENT naming `field_path` when
// well-formed UTF-8 `value` is not in Unicode Normalization Form C (e.g. "e"
// followed by U+0301 instead of "é", or a CJK compatibility ideograph such as
// U+F90A instead of U+91D1 金): two encodings of one name would otherwise
// count as two names and read the same. Uses utf8proc's Unicode data
// (Debian 12: utf8proc 2.8, Unicode 15); by Unicode's stability policy a
// string of assigned characters in NFC stays in NFC under every later
// version.
absl::Status CheckNfc(absl::string_view field_path, absl::string_view value);

// ToNfc returns well-formed UTF-8 `value` in NFC (unchanged when it already
// is): what a client applies to typed text before sending it.
absl::StatusOr<std::string> ToNfc(absl::string_view value);

struct TextLimits {
  bool required = true;    // must not be empty
  size_t max_chars = 200;  // in code points
  bool multiline = false;  // allows '\n' and '\t'
};

// The limits most spec fields share: a title, a person's name, an optional
// one-line note.
inline constexpr TextLimits kTitleText{.required = true, .max_chars = 200};
inline constexpr TextLimits kNameText{.required = true, .max_chars = 100};
inline constexpr TextLimits kOptionalLineText{.required = false, .max_chars = 200};

// ValidateText checks a human string. Fails with INVALID_ARGUMENT, naming
// `field_path`, when `value` is empty although required, is not well-formed
// UTF-8, is longer than `limits.max_chars` code points, or holds a control
// character (U+0000–U+001F, U+007F; '\n' and '\t' pass if multiline).
absl::Status ValidateText(absl::string_view field_path, absl::string_view value, TextLimits limits);

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_TEXT_H_
