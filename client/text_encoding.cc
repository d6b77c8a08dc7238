#include "client/text_encoding.h"

#include <iconv.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tally/text.h"

namespace gongxin::client {
namespace {

constexpr absl::string_view kUtf8Bom = "\xEF\xBB\xBF";

// An iconv conversion descriptor, closed on every return path.
class Iconv {
 public:
  static absl::StatusOr<Iconv> Open(const char* to, const char* from) {
    iconv_t cd = iconv_open(to, from);
    if (cd == reinterpret_cast<iconv_t>(-1)) {
      // glibc without its gconv modules (a stripped container): say so
      // rather than calling the file undecodable.
      return absl::FailedPreconditionError(absl::StrCat(
          "iconv cannot convert ", from, " to ", to, ": ", std::strerror(errno),
          " (are glibc's gconv modules installed?)"));
    }
    return Iconv(cd);
  }
  Iconv(Iconv&& other) noexcept : cd_(std::exchange(other.cd_, kClosed)) {}
  Iconv& operator=(Iconv&&) = delete;
  Iconv(const Iconv&) = delete;
  ~Iconv() {
    if (cd_ != kClosed) iconv_close(cd_);
  }
  iconv_t get() const { return cd_; }

 private:
  static inline const iconv_t kClosed = reinterpret_cast<iconv_t>(-1);
  explicit Iconv(iconv_t cd) : cd_(cd) {}
  iconv_t cd_;
};

// The 1-based line `offset` is on, counting LF, CR and CRLF as one break
// each (as roll_csv.h's row numbers do). In GB18030 the bytes 0x0A and
// 0x0D are never part of a multi-byte character, so this holds for both
// encodings.
int LineOf(absl::string_view bytes, size_t offset) {
  int line = 1;
  for (size_t i = 0; i < offset && i < bytes.size(); ++i) {
    if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 == bytes.size() || bytes[i + 1] != '\n'))) {
      ++line;
    }
  }
  return line;
}

absl::Status Undecodable(absl::string_view file, absl::string_view bytes, size_t offset,
                         absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrFormat(
      "%s:row %d: %s (byte 0x%02x at byte %d of the file); save it from the spreadsheet as "
      "\"CSV UTF-8\" or as CSV in the Chinese (GBK) code page",
      file, LineOf(bytes, offset), why,
      offset < bytes.size() ? static_cast<unsigned char>(bytes[offset]) : 0, offset + 1));
}

}  // namespace

absl::StatusOr<std::string> ConvertToUtf8(absl::string_view bytes, const char* charset,
                                          size_t* bad_offset) {
  absl::StatusOr<Iconv> cd = Iconv::Open("UTF-8", charset);
  if (!cd.ok()) return cd.status();
  std::string out;
  // Chinese text grows by half from GBK to UTF-8; grown again on E2BIG.
  out.resize(bytes.size() * 3 / 2 + 16);
  char* in = const_cast<char*>(bytes.data());  // iconv's signature; it does not write
  size_t in_left = bytes.size();
  size_t used = 0;
  while (in_left > 0) {
    char* dst = out.data() + used;
    size_t dst_left = out.size() - used;
    const size_t r = iconv(cd->get(), &in, &in_left, &dst, &dst_left);
    used = out.size() - dst_left;
    if (r != static_cast<size_t>(-1)) continue;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    // EILSEQ: no character for these bytes; EINVAL: the file ends inside
    // a multi-byte character.
    *bad_offset = static_cast<size_t>(in - bytes.data());
    return absl::InvalidArgumentError(errno == EINVAL ? "incomplete character at the end"
                                                      : "no character for these bytes");
  }
  out.resize(used);
  return out;
}

absl::StatusOr<DecodedText> DecodeSpreadsheetText(absl::string_view bytes,
                                                  absl::string_view file_name) {
  if (bytes.substr(0, kUtf8Bom.size()) == kUtf8Bom) {
    // The byte-order mark says UTF-8: a bad byte after it is an error, not
    // a sign of another encoding.
    const absl::string_view text = bytes.substr(kUtf8Bom.size());
    if (std::optional<size_t> bad = tally::FirstInvalidUtf8(text)) {
      return Undecodable(file_name, bytes, *bad + kUtf8Bom.size(),
                         "not valid UTF-8, though the file starts with UTF-8's byte-order mark");
    }
    return DecodedText{std::string(text), TextEncoding::kUtf8};
  }
  if (!tally::FirstInvalidUtf8(bytes)) return DecodedText{std::string(bytes), TextEncoding::kUtf8};
  size_t bad = 0;
  absl::StatusOr<std::string> utf8 = ConvertToUtf8(bytes, "GB18030", &bad);
  if (!utf8.ok()) {
    if (!absl::IsInvalidArgument(utf8.status())) return utf8.status();
    return Undecodable(file_name, bytes, bad,
                       absl::StrCat("neither UTF-8 nor GB18030/GBK: ", utf8.status().message()));
  }
  // GB18030's own byte-order mark (84 31 95 33) decodes to U+FEFF.
  absl::string_view text = *utf8;
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) utf8->erase(0, kUtf8Bom.size());
  return DecodedText{*std::move(utf8), TextEncoding::kGb18030};
}

}  // namespace gongxin::client
