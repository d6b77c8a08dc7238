#include "server/registry_log.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "crypto/encoding.h"
#include "server/log.h"
#include "util/status_macros.h"

namespace gongxin::server {

std::unique_ptr<RegistryLog> RegistryLog::Open(storage::Store* store) {
  std::unique_ptr<RegistryLog> log(new RegistryLog(store));
  absl::Status s = log->Replay();
  if (!s.ok()) {
    log->damage_ = absl::DataLossError(
        absl::StrCat("the registry log is damaged: ", s.message()));
    LogError(log->damage_.message(), " — no meeting can be created until it is repaired");
  }
  return log;
}

absl::Status RegistryLog::Replay() {
  const std::string chain(ledger::kRegistryChain);
  ASSIGN_OR_RETURN(uint64_t size, store_->Size(chain));
  crypto::CompactRange range;
  std::vector<std::string> ids;
  absl::flat_hash_map<std::string, uint64_t> index;
  std::vector<std::pair<std::string, std::string>> nodes, missing;
  RETURN_IF_ERROR(store_->ReadEntries(
      chain, 0, size, [&](uint64_t i, absl::string_view bytes) -> absl::Status {
        absl::StatusOr<ledger::RegistryLeaf> leaf = ledger::ParseRegistryLeaf(bytes);
        if (!leaf.ok()) {
          return absl::DataLossError(absl::StrCat("leaf ", i, ": ", leaf.status().message()));
        }
        if (!index.emplace(leaf->meeting_id, i).second) {
          return absl::DataLossError(absl::StrCat("leaf ", i, ": meeting ", leaf->meeting_id,
                                                  " is already leaf ",
                                                  index[leaf->meeting_id]));
        }
        ids.push_back(leaf->meeting_id);
        // Recomputed from the leaf bytes, never trusted from the store.
        nodes.clear();
        RETURN_IF_ERROR(range.Append(
            crypto::LeafHash(bytes), [&](uint64_t level, uint64_t idx, absl::string_view hash) {
              nodes.emplace_back(Meeting::TreeNodeKey(level, idx), std::string(hash));
            }));
        for (auto& [key, hash] : nodes) {
          ASSIGN_OR_RETURN(std::optional<std::string> stored, store_->GetKey(chain, key));
          if (!stored.has_value()) {
            missing.emplace_back(std::move(key), std::move(hash));
          } else if (*stored != hash) {
            return absl::DataLossError(absl::StrCat(
                "leaf ", i, ": stored merkle node ", key, " is ", crypto::HexEncode(*stored),
                " but the leaves give ", crypto::HexEncode(hash)));
          }
        }
        return absl::OkStatus();
      }));
  if (!missing.empty()) {
    storage::AppendBatch backfill;
    backfill.chain = chain;
    backfill.expected_size = size;
    backfill.create_keys = std::move(missing);
    LogInfo("registry log: storing ", backfill.create_keys.size(), " missing merkle tree nodes");
    RETURN_IF_ERROR(store_->Append(backfill));
  }
  absl::MutexLock lock(&mu_);
  range_ = std::move(range);
  ids_ = std::move(ids);
  index_ = std::move(index);
  return absl::OkStatus();
}

absl::StatusOr<RegistryLog::Pending> RegistryLog::Stage(const ledger::RegistryLeaf& leaf) const {
  if (!damage_.ok()) return damage_;
  absl::MutexLock lock(&mu_);
  if (index_.contains(leaf.meeting_id)) {
    return absl::AlreadyExistsError(
        absl::StrCat("meeting ", leaf.meeting_id, " is already in the registry log"));
  }
  Pending p;
  p.meeting_id = leaf.meeting_id;
  p.range = range_;
  p.batch.chain = std::string(ledger::kRegistryChain);
  p.batch.expected_size = range_.size();
  const std::string bytes = ledger::EncodeRegistryLeaf(leaf);
  RETURN_IF_ERROR(p.range.Append(
      crypto::LeafHash(bytes), [&](uint64_t level, uint64_t index, absl::string_view hash) {
        p.batch.create_keys.emplace_back(Meeting::TreeNodeKey(level, index), std::string(hash));
      }));
  p.batch.entries.push_back(bytes);
  return p;
}

void RegistryLog::Commit(Pending pending) {
  absl::MutexLock lock(&mu_);
  index_[pending.meeting_id] = ids_.size();
  ids_.push_back(std::move(pending.meeting_id));
  range_ = std::move(pending.range);
}

absl::StatusOr<Meeting::LogHead> RegistryLog::TreeHead() const {
  if (!damage_.ok()) return damage_;
  absl::MutexLock lock(&mu_);
  return Meeting::LogHead{range_.size(), range_.Root()};
}

crypto::NodeSource RegistryLog::TreeNodes() const {
  return [this](uint64_t level, uint64_t index) -> absl::StatusOr<std::string> {
    const std::string key = Meeting::TreeNodeKey(level, index);
    ASSIGN_OR_RETURN(std::optional<std::string> hash,
                     store_->GetKey(ledger::kRegistryChain, key));
    if (!hash.has_value()) {
      return absl::DataLossError(
          absl::StrCat("registry log: merkle tree node ", key, " is missing from the store"));
    }
    return *std::move(hash);
  };
}

absl::StatusOr<std::vector<std::string>> RegistryLog::Leaves(uint64_t start, uint64_t end) const {
  std::vector<std::string> leaves;
  RETURN_IF_ERROR(store_->ReadEntries(ledger::kRegistryChain, start, end,
                                      [&](uint64_t, absl::string_view bytes) {
                                        leaves.emplace_back(bytes);
                                        return absl::OkStatus();
                                      }));
  return leaves;
}

std::optional<uint64_t> RegistryLog::IndexOf(absl::string_view meeting_id) const {
  absl::MutexLock lock(&mu_);
  auto it = index_.find(meeting_id);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> RegistryLog::MeetingIds() const {
  absl::MutexLock lock(&mu_);
  return ids_;
}

}  // namespace gongxin::server
