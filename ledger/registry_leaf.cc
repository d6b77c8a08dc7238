#include "ledger/registry_leaf.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "crypto/encoding.h"
#include "crypto/sha256.h"

namespace gongxin::ledger {
namespace {

constexpr absl::string_view kTag = "gongxin/v1/registry-leaf";

bool IsMeetingIdChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '-';
}

}  // namespace

std::string EncodeRegistryLeaf(const RegistryLeaf& leaf) {
  return absl::StrCat(kTag, "\n", leaf.meeting_id, "\n", crypto::HexEncode(leaf.genesis_hash),
                      "\n", leaf.created_at, "\n");
}

absl::StatusOr<RegistryLeaf> ParseRegistryLeaf(absl::string_view bytes) {
  std::vector<absl::string_view> lines = absl::StrSplit(bytes, '\n');
  // Four lines, each ending in '\n': the split leaves one empty piece last.
  if (lines.size() != 5 || !lines[4].empty()) {
    return absl::InvalidArgumentError(
        "registry leaf: want 4 lines, each ending in a newline");
  }
  if (lines[0] != kTag) {
    return absl::InvalidArgumentError(
        absl::StrCat("registry leaf: first line must be \"", kTag, "\""));
  }
  RegistryLeaf leaf;
  if (lines[1].empty() || lines[1].size() > 64) {
    return absl::InvalidArgumentError("registry leaf: meeting id must be 1 to 64 characters");
  }
  for (char c : lines[1]) {
    if (!IsMeetingIdChar(c)) {
      return absl::InvalidArgumentError(
          "registry leaf: meeting id has a character outside [A-Za-z0-9_-]");
    }
  }
  leaf.meeting_id = std::string(lines[1]);
  absl::StatusOr<std::string> hash = crypto::HexDecode(lines[2]);
  if (!hash.ok() || hash->size() != crypto::kSha256Size) {
    return absl::InvalidArgumentError(
        "registry leaf: genesis hash must be 64 hex digits");
  }
  leaf.genesis_hash = *std::move(hash);
  if (!absl::SimpleAtoi(lines[3], &leaf.created_at)) {
    return absl::InvalidArgumentError("registry leaf: created_at is not a decimal integer");
  }
  // One leaf, one encoding: upper-case hex, a '+' sign or leading zeros
  // would make two byte strings for the same meeting.
  if (EncodeRegistryLeaf(leaf) != bytes) {
    return absl::InvalidArgumentError(
        "registry leaf: not in canonical form (lowercase hex, decimal without sign or "
        "leading zeros)");
  }
  return leaf;
}

}  // namespace gongxin::ledger
