#include "chainlog/stored_node_check.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "chainlog/chain_log.h"
#include "crypto/encoding.h"
#include "util/status_macros.h"

namespace gongxin::chainlog {

absl::Status StoredNodeCheck::Add(uint64_t level, uint64_t index, absl::string_view hash) {
  if (levels_.size() <= level) levels_.resize(level + 1);
  Level& l = levels_[level];
  if (index != l.first + l.hashes.size()) {
    return absl::InternalError(absl::StrCat("merkle node ", level, "/", index,
                                            " recomputed out of order"));
  }
  l.hashes.emplace_back(hash);
  if (l.hashes.size() == kBlock) return CheckBlock(level);
  return absl::OkStatus();
}

absl::Status StoredNodeCheck::Finish() {
  for (uint64_t level = 0; level < levels_.size(); ++level) {
    if (!levels_[level].hashes.empty()) RETURN_IF_ERROR(CheckBlock(level));
  }
  return absl::OkStatus();
}

absl::Status StoredNodeCheck::CheckBlock(uint64_t level) {
  Level& l = levels_[level];
  std::string prefix = TreeNodeKey(level, l.first);
  prefix.resize(prefix.size() - 3);  // the block's 1,000 keys share the rest
  std::vector<bool> seen(l.hashes.size(), false);
  RETURN_IF_ERROR(store_->ScanKeys(
      chain_, prefix, [&](absl::string_view key, absl::string_view value) -> absl::Status {
        uint32_t offset = 0;
        if (key.size() != prefix.size() + 3 ||
            !absl::SimpleAtoi(key.substr(prefix.size()), &offset)) {
          return absl::DataLossError(absl::StrCat("stored key ", key, " is not a merkle node"));
        }
        if (offset >= l.hashes.size()) return absl::OkStatus();
        seen[offset] = true;
        if (value != l.hashes[offset]) {
          const uint64_t index = l.first + offset;
          // The entry whose leaf completed the node, as a replay reaches it.
          const uint64_t seq = ((index + 1) << level) - 1;
          return absl::DataLossError(absl::StrCat("entry ", seq, ": stored merkle node ", key,
                                                  " is ", crypto::HexEncode(value),
                                                  " but the entries give ",
                                                  crypto::HexEncode(l.hashes[offset])));
        }
        return absl::OkStatus();
      }));
  for (size_t offset = 0; offset < l.hashes.size(); ++offset) {
    if (!seen[offset]) {
      missing_.emplace_back(TreeNodeKey(level, l.first + offset), std::move(l.hashes[offset]));
    }
  }
  l.first += kBlock;
  l.hashes.clear();
  return absl::OkStatus();
}

}  // namespace gongxin::chainlog
