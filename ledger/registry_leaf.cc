#include "ledger/registry_leaf.h"

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "crypto/encoding.h"
#include "crypto/sha256.h"
#include "gongxin/v1/ledger.pb.h"
#include "ledger/format.h"
#include "util/status_macros.h"

namespace gongxin::ledger {
namespace {

constexpr absl::string_view kTag = "gongxin/v1/registry-leaf";

bool IsMeetingIdChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '-';
}

absl::Status CheckMeetingId(absl::string_view kind, absl::string_view id) {
  if (id.empty() || id.size() > 64) {
    return absl::InvalidArgumentError(
        absl::StrCat(kind, ": meeting id must be 1 to 64 characters"));
  }
  for (char c : id) {
    if (!IsMeetingIdChar(c)) {
      return absl::InvalidArgumentError(
          absl::StrCat(kind, ": meeting id has a character outside [A-Za-z0-9_-]"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> DecodeHash(absl::string_view kind, absl::string_view what,
                                 absl::string_view hex) {
  absl::StatusOr<std::string> hash = crypto::HexDecode(hex);
  if (!hash.ok() || hash->size() != crypto::kSha256Size) {
    return absl::InvalidArgumentError(absl::StrCat(kind, ": ", what, " must be 64 hex digits"));
  }
  return *std::move(hash);
}

constexpr absl::string_view kPurgeTag = "gongxin/v1/registry-purge";

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

std::string EncodeRegistryPurge(const RegistryPurge& purge) {
  return absl::StrCat(kPurgeTag, "\n", purge.meeting_id, "\n",
                      crypto::HexEncode(purge.genesis_hash), "\n",
                      absl::Base64Escape(purge.genesis_entry), "\n", purge.final_size, "\n",
                      crypto::HexEncode(purge.final_head_hash), "\n",
                      crypto::HexEncode(purge.final_tree_root), "\n", purge.purged_at, "\n");
}

absl::StatusOr<RegistryPurge> ParseRegistryPurge(absl::string_view bytes) {
  constexpr absl::string_view kKind = "registry purge leaf";
  std::vector<absl::string_view> lines = absl::StrSplit(bytes, '\n');
  // Eight lines, each ending in '\n': the split leaves one empty piece last.
  if (lines.size() != 9 || !lines[8].empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(kKind, ": want 8 lines, each ending in a newline"));
  }
  if (lines[0] != kPurgeTag) {
    return absl::InvalidArgumentError(
        absl::StrCat(kKind, ": first line must be \"", kPurgeTag, "\""));
  }
  RegistryPurge purge;
  RETURN_IF_ERROR(CheckMeetingId(kKind, lines[1]));
  purge.meeting_id = std::string(lines[1]);
  ASSIGN_OR_RETURN(purge.genesis_hash, DecodeHash(kKind, "genesis hash", lines[2]));
  if (!absl::Base64Unescape(lines[3], &purge.genesis_entry) || purge.genesis_entry.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(kKind, ": genesis entry is not base64"));
  }
  if (!absl::SimpleAtoi(lines[4], &purge.final_size)) {
    return absl::InvalidArgumentError(
        absl::StrCat(kKind, ": final size is not a decimal integer"));
  }
  ASSIGN_OR_RETURN(purge.final_head_hash, DecodeHash(kKind, "final head hash", lines[5]));
  ASSIGN_OR_RETURN(purge.final_tree_root, DecodeHash(kKind, "final tree root", lines[6]));
  if (!absl::SimpleAtoi(lines[7], &purge.purged_at)) {
    return absl::InvalidArgumentError(
        absl::StrCat(kKind, ": purged_at is not a decimal integer"));
  }
  if (EntryHash(purge.genesis_entry) != purge.genesis_hash) {
    return absl::InvalidArgumentError(
        absl::StrCat(kKind, ": the genesis entry does not hash to the genesis hash"));
  }
  v1::Entry genesis;
  if (!genesis.ParseFromString(purge.genesis_entry) || !genesis.has_meeting_created()) {
    return absl::InvalidArgumentError(
        absl::StrCat(kKind, ": the genesis entry is not a MeetingCreated entry"));
  }
  if (!genesis.meeting_created().spec().trial()) {
    return absl::InvalidArgumentError(absl::StrCat(
        kKind, ": meeting ", purge.meeting_id,
        " was not a trial vote (its genesis spec has no trial); only a trial may be purged"));
  }
  if (purge.final_size == 0) {
    return absl::InvalidArgumentError(absl::StrCat(kKind, ": final size must be at least 1"));
  }
  // One leaf, one encoding, as for a meeting's leaf.
  if (EncodeRegistryPurge(purge) != bytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        kKind, ": not in canonical form (lowercase hex, decimal without sign or leading zeros)"));
  }
  return purge;
}

absl::StatusOr<RegistryEntry> ParseRegistryEntry(absl::string_view bytes) {
  const absl::string_view first = bytes.substr(0, bytes.find('\n'));
  if (first == kPurgeTag) {
    ASSIGN_OR_RETURN(RegistryPurge purge, ParseRegistryPurge(bytes));
    return RegistryEntry(std::move(purge));
  }
  if (first == kTag) {
    ASSIGN_OR_RETURN(RegistryLeaf leaf, ParseRegistryLeaf(bytes));
    return RegistryEntry(std::move(leaf));
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "registry leaf: first line must be \"", kTag, "\" or \"", kPurgeTag, "\""));
}

}  // namespace gongxin::ledger
