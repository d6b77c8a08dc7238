#include "storage/store_checks.h"

#include <limits>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/cord.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "util/status_macros.h"

namespace gongxin::storage {
namespace {

bool IsChainIdChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '-';
}

}  // namespace

absl::Status ValidateChainId(absl::string_view chain) {
  if (chain.empty() || chain.size() > kMaxChainIdLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("chain id must be 1 to ", kMaxChainIdLength,
                     " characters, got ", chain.size()));
  }
  for (char c : chain) {
    if (!IsChainIdChar(c)) {
      return absl::InvalidArgumentError(
          absl::StrCat("chain id \"", absl::CHexEscape(chain),
                       "\" has a character outside [A-Za-z0-9_-]"));
    }
  }
  return absl::OkStatus();
}

namespace {

absl::Status ValidateOneBatch(const AppendBatch& batch) {
  if (absl::Status s = ValidateChainId(batch.chain); !s.ok()) return s;
  // A batch of only linked batches is a condition on its chain's size.
  if (batch.entries.empty() && batch.create_keys.empty() &&
      !batch.head_record.has_value() && batch.linked.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("empty batch for chain ", batch.chain,
                     ": no entries, no create_keys and no head_record"));
  }
  if (batch.entries.size() >
      std::numeric_limits<uint64_t>::max() - batch.expected_size) {
    return absl::InvalidArgumentError(
        absl::StrCat("chain ", batch.chain, ": seq would overflow"));
  }
  absl::flat_hash_set<absl::string_view> seen;
  for (const auto& [key, value] : batch.create_keys) {
    if (!seen.insert(key).second) {
      return absl::AlreadyExistsError(
          absl::StrCat("chain ", batch.chain, ": key \"", absl::CHexEscape(key),
                       "\" appears twice in the batch"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateBatch(const AppendBatch& batch) {
  RETURN_IF_ERROR(ValidateOneBatch(batch));
  // Not `= {batch.chain}`: that braced list deduces std::string and leaves
  // the set holding a view of a temporary copy (AddressSanitizer's
  // heap-use-after-free on the next insert).
  absl::flat_hash_set<absl::string_view> chains;
  chains.insert(batch.chain);
  for (const AppendBatch& linked : batch.linked) {
    RETURN_IF_ERROR(ValidateOneBatch(linked));
    if (!linked.linked.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "chain ", linked.chain, ": a linked batch cannot have linked batches of its own"));
    }
    if (!chains.insert(linked.chain).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("chain ", linked.chain, " appears twice in one batch"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckReadRange(absl::string_view chain, uint64_t from, uint64_t to,
                            uint64_t size) {
  if (from > to) {
    return absl::InvalidArgumentError(absl::StrCat(
        "chain ", chain, ": read range [", from, ", ", to, ") is reversed"));
  }
  if (to > size) {
    return absl::OutOfRangeError(
        absl::StrCat("chain ", chain, ": read to ", to, " past size ", size));
  }
  return absl::OkStatus();
}

absl::Status StaleSizeError(absl::string_view chain, uint64_t expected,
                            uint64_t actual) {
  return absl::AbortedError(absl::StrCat("chain ", chain, " holds ", actual,
                                         " entries, batch expected ", expected,
                                         "; re-read and retry"));
}

absl::Status KeyExistsError(absl::string_view chain, absl::string_view key) {
  return absl::AlreadyExistsError(absl::StrCat(
      "chain ", chain, ": key \"", absl::CHexEscape(key), "\" already exists"));
}

namespace {
// The payload that marks a write whose outcome is unknown. Its presence is
// all that counts; the value says why, for a debugger.
constexpr absl::string_view kOutcomeUnknownPayload =
    "type.googleapis.com/gongxin.storage.WriteOutcomeUnknown";
}  // namespace

bool WriteOutcomeUnknown(const absl::Status& append_status) {
  return append_status.GetPayload(kOutcomeUnknownPayload).has_value();
}

absl::Status MarkWriteOutcomeUnknown(absl::Status status) {
  if (status.ok()) status = absl::InternalError("a write failed without an error");
  status.SetPayload(kOutcomeUnknownPayload,
                    absl::Cord("the write may or may not have reached the disk"));
  return status;
}

}  // namespace gongxin::storage
