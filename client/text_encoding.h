// The text of files people save from a spreadsheet. Excel on a Chinese
// Windows saves "CSV" in the ANSI code page, GBK (CP936), and "CSV UTF-8"
// with a byte-order mark; officers send either. DecodeSpreadsheetText turns
// both into UTF-8, the one encoding the rest of gongxin handles.
//
// Detection is "valid UTF-8 or not": a file that is valid UTF-8 is UTF-8
// (a UTF-8 byte-order mark settles it and is dropped); any other file is
// read as GB18030, the superset of GBK and GB2312, through glibc's iconv.
// Chinese text in GBK is, in practice, never valid UTF-8 (its two-byte
// characters start with a byte that UTF-8 would need a continuation byte
// after, in the wrong range), so the rule does not guess wrong on real rolls.
#ifndef GONGXIN_CLIENT_TEXT_ENCODING_H_
#define GONGXIN_CLIENT_TEXT_ENCODING_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gongxin::client {

enum class TextEncoding { kUtf8, kGb18030 };

struct DecodedText {
  std::string utf8;  // without a byte-order mark
  TextEncoding encoding = TextEncoding::kUtf8;
};

// DecodeSpreadsheetText decodes `bytes` as above. Bytes that are neither
// (a UTF-8 file with a bad byte after its byte-order mark, or bytes GB18030
// has no character for) are INVALID_ARGUMENT naming `file_name`, the line
// ("voters.csv:row 7: …", rows counted as a text editor does) and the byte.
absl::StatusOr<DecodedText> DecodeSpreadsheetText(absl::string_view bytes,
                                                  absl::string_view file_name);

// ConvertToUtf8 converts `bytes` from `charset` (an iconv name such as
// "GB18030") to UTF-8. On a byte sequence the charset cannot decode it
// returns INVALID_ARGUMENT and sets `*bad_offset` to where it starts.
absl::StatusOr<std::string> ConvertToUtf8(absl::string_view bytes, const char* charset,
                                          size_t* bad_offset);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_TEXT_ENCODING_H_
