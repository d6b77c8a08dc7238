#include "crypto/checkpoint.h"

#include <cstddef>
#include <limits>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "crypto/sha256.h"
#include "crypto/signed_note.h"
#include "util/status_macros.h"

namespace gongxin::crypto {
namespace {

// CheckLine returns OK if `line` may be a non-empty checkpoint line.
absl::Status CheckLine(absl::string_view what, absl::string_view line) {
  if (line.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(what, " is empty"));
  }
  if (line.find('\n') != absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " contains a newline"));
  }
  // Reuse the note rules (UTF-8, no control characters) on the line.
  absl::Status status = CheckNoteText(absl::StrCat(line, "\n"));
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": ", status.message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> ParseSize(absl::string_view line) {
  if (line.empty() || line.size() > 20 || (line.size() > 1 && line[0] == '0')) {
    return absl::InvalidArgumentError(
        "checkpoint size must be decimal without leading zeros");
  }
  uint64_t size = 0;
  for (char c : line) {
    if (c < '0' || c > '9') {
      return absl::InvalidArgumentError(
          "checkpoint size must be decimal digits only");
    }
    const uint64_t digit = c - '0';
    if (size > (std::numeric_limits<uint64_t>::max() - digit) / 10) {
      return absl::InvalidArgumentError(
          "checkpoint size does not fit in 64 bits");
    }
    size = size * 10 + digit;
  }
  return size;
}

absl::StatusOr<std::string> ParseRootHash(absl::string_view line) {
  std::string root;
  if (!absl::Base64Unescape(line, &root) || absl::Base64Escape(root) != line) {
    return absl::InvalidArgumentError(
        "checkpoint root hash is not canonical standard base64");
  }
  if (root.size() != kSha256Size) {
    return absl::InvalidArgumentError(
        absl::StrCat("checkpoint root hash must be ", kSha256Size,
                     " bytes, got ", root.size()));
  }
  return root;
}

}  // namespace

absl::StatusOr<std::string> FormatCheckpoint(const Checkpoint& checkpoint) {
  RETURN_IF_ERROR(CheckLine("checkpoint origin", checkpoint.origin));
  if (checkpoint.root_hash.size() != kSha256Size) {
    return absl::InvalidArgumentError(
        absl::StrCat("checkpoint root hash must be ", kSha256Size,
                     " bytes, got ", checkpoint.root_hash.size()));
  }
  std::string text = absl::StrCat(checkpoint.origin, "\n", checkpoint.size,
                                  "\n", absl::Base64Escape(checkpoint.root_hash),
                                  "\n");
  for (size_t i = 0; i < checkpoint.extensions.size(); ++i) {
    RETURN_IF_ERROR(CheckLine(absl::StrCat("checkpoint extension ", i),
                              checkpoint.extensions[i]));
    absl::StrAppend(&text, checkpoint.extensions[i], "\n");
  }
  return text;
}

absl::StatusOr<Checkpoint> ParseCheckpoint(absl::string_view text) {
  RETURN_IF_ERROR(CheckNoteText(text));
  text.remove_suffix(1);  // the final newline; every line now ends at a '\n'
  const std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  if (lines.size() < 3) {
    return absl::InvalidArgumentError(absl::StrCat(
        "checkpoint needs origin, size and root hash lines, got ",
        lines.size(), " lines"));
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("checkpoint line ", i + 1, " is empty"));
    }
  }
  Checkpoint checkpoint;
  checkpoint.origin = std::string(lines[0]);
  ASSIGN_OR_RETURN(checkpoint.size, ParseSize(lines[1]));
  ASSIGN_OR_RETURN(checkpoint.root_hash, ParseRootHash(lines[2]));
  for (size_t i = 3; i < lines.size(); ++i) {
    checkpoint.extensions.emplace_back(lines[i]);
  }
  return checkpoint;
}

}  // namespace gongxin::crypto
