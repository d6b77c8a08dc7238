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

RegistryLog::RegistryLog(storage::Store* store) : store_(store) {
  chainlog::ChainLog::Hooks hooks;
  hooks.state_mu = &mu_;
  hooks.name = "the registry log";
  hooks.log_error = [](absl::string_view line) { LogError(line); };
  log_ = std::make_unique<chainlog::ChainLog>(store, std::string(ledger::kRegistryChain),
                                              std::move(hooks));
}

absl::Status RegistryLog::Replay() {
  std::vector<std::string> ids;
  absl::flat_hash_map<std::string, uint64_t> index;
  // The log recomputes the tree from the leaf bytes and checks every stored
  // node against it.
  RETURN_IF_ERROR(log_->Replay([&](uint64_t i, absl::string_view bytes) -> absl::Status {
    absl::StatusOr<ledger::RegistryLeaf> leaf = ledger::ParseRegistryLeaf(bytes);
    if (!leaf.ok()) {
      return absl::DataLossError(absl::StrCat("leaf ", i, ": ", leaf.status().message()));
    }
    if (!index.emplace(leaf->meeting_id, i).second) {
      return absl::DataLossError(absl::StrCat("leaf ", i, ": meeting ", leaf->meeting_id,
                                              " is already leaf ", index[leaf->meeting_id]));
    }
    ids.push_back(leaf->meeting_id);
    return absl::OkStatus();
  }));
  absl::MutexLock lock(&mu_);
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
  ASSIGN_OR_RETURN(p.linked, log_->StageLinked({ledger::EncodeRegistryLeaf(leaf)}));
  p.batch = p.linked.batch;
  return p;
}

void RegistryLog::Commit(Pending pending) {
  absl::MutexLock lock(&mu_);
  index_[pending.meeting_id] = ids_.size();
  ids_.push_back(std::move(pending.meeting_id));
  log_->CommitLinked(std::move(pending.linked));
}

absl::StatusOr<chainlog::TreeHead> RegistryLog::TreeHead() const {
  if (!damage_.ok()) return damage_;
  return log_->Head();
}

crypto::NodeSource RegistryLog::TreeNodes() const { return log_->TreeNodes(); }

absl::StatusOr<std::vector<std::string>> RegistryLog::Leaves(uint64_t start, uint64_t end) const {
  return log_->Entries(start, end);
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
