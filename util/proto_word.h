// One message as one word: serialised protos (credentials, tokens,
// receipts) travel between the kiosk, the voter and the auditor as a single
// URL-safe base64 word, so they can be printed, piped and pasted whole.
#ifndef GONGXIN_UTIL_PROTO_WORD_H_
#define GONGXIN_UTIL_PROTO_WORD_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "google/protobuf/message.h"

namespace gongxin::util {

inline std::string EncodeWord(const google::protobuf::Message& m) {
  return absl::WebSafeBase64Escape(m.SerializeAsString());
}

// INVALID_ARGUMENT "<what>: not a valid encoded <what>" unless `text`
// (surrounding whitespace ignored) is the word of a T.
template <typename T>
absl::StatusOr<T> DecodeWord(absl::string_view what, absl::string_view text) {
  std::string bytes;
  T message;
  if (!absl::WebSafeBase64Unescape(absl::StripAsciiWhitespace(text), &bytes) ||
      !message.ParseFromString(bytes)) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": not a valid encoded ", what));
  }
  return message;
}

}  // namespace gongxin::util

#endif  // GONGXIN_UTIL_PROTO_WORD_H_
