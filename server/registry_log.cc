#include "server/registry_log.h"

#include <optional>
#include <utility>
#include <variant>

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
  absl::flat_hash_map<std::string, uint64_t> purged;
  absl::flat_hash_map<std::string, std::string> genesis;
  // The log recomputes the tree from the leaf bytes and checks every stored
  // node against it.
  RETURN_IF_ERROR(log_->Replay([&](uint64_t i, absl::string_view bytes) -> absl::Status {
    absl::StatusOr<ledger::RegistryEntry> entry = ledger::ParseRegistryEntry(bytes);
    if (!entry.ok()) {
      return absl::DataLossError(absl::StrCat("leaf ", i, ": ", entry.status().message()));
    }
    if (const auto* purge = std::get_if<ledger::RegistryPurge>(&*entry)) {
      // A purge follows its meeting's leaf, once, with the same genesis.
      auto it = genesis.find(purge->meeting_id);
      if (it == genesis.end()) {
        return absl::DataLossError(absl::StrCat("leaf ", i, ": purges meeting ",
                                                purge->meeting_id,
                                                ", which no earlier leaf names"));
      }
      if (it->second != purge->genesis_hash) {
        return absl::DataLossError(absl::StrCat("leaf ", i, ": purges meeting ",
                                                purge->meeting_id, " with another genesis "
                                                "than its leaf ", index[purge->meeting_id]));
      }
      if (!purged.emplace(purge->meeting_id, i).second) {
        return absl::DataLossError(absl::StrCat("leaf ", i, ": meeting ", purge->meeting_id,
                                                " was already purged at leaf ",
                                                purged[purge->meeting_id]));
      }
      ids.push_back(purge->meeting_id);
      return absl::OkStatus();
    }
    const auto& leaf = std::get<ledger::RegistryLeaf>(*entry);
    if (!index.emplace(leaf.meeting_id, i).second) {
      return absl::DataLossError(absl::StrCat("leaf ", i, ": meeting ", leaf.meeting_id,
                                              " is already leaf ", index[leaf.meeting_id]));
    }
    genesis[leaf.meeting_id] = leaf.genesis_hash;
    ids.push_back(leaf.meeting_id);
    return absl::OkStatus();
  }));
  absl::MutexLock lock(&mu_);
  ids_ = std::move(ids);
  index_ = std::move(index);
  purged_ = std::move(purged);
  genesis_ = std::move(genesis);
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
  p.genesis_hash = leaf.genesis_hash;
  ASSIGN_OR_RETURN(p.linked, log_->StageLinked({ledger::EncodeRegistryLeaf(leaf)}));
  p.batch = p.linked.batch;
  return p;
}

absl::StatusOr<RegistryLog::Pending> RegistryLog::StagePurge(
    const ledger::RegistryPurge& purge) const {
  if (!damage_.ok()) return damage_;
  absl::MutexLock lock(&mu_);
  auto it = genesis_.find(purge.meeting_id);
  if (it == genesis_.end()) {
    return absl::NotFoundError(
        absl::StrCat("meeting ", purge.meeting_id, " is not in the registry log"));
  }
  if (it->second != purge.genesis_hash) {
    return absl::FailedPreconditionError(absl::StrCat(
        "meeting ", purge.meeting_id, ": genesis hash differs from its registry leaf"));
  }
  if (auto p = purged_.find(purge.meeting_id); p != purged_.end()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "meeting ", purge.meeting_id, " was purged already (registry leaf ", p->second, ")"));
  }
  Pending p;
  p.meeting_id = purge.meeting_id;
  p.purge = true;
  ASSIGN_OR_RETURN(p.linked, log_->StageLinked({ledger::EncodeRegistryPurge(purge)}));
  p.batch = p.linked.batch;
  return p;
}

void RegistryLog::Commit(Pending pending) {
  absl::MutexLock lock(&mu_);
  if (pending.purge) {
    purged_[pending.meeting_id] = ids_.size();
  } else {
    index_[pending.meeting_id] = ids_.size();
    genesis_[pending.meeting_id] = std::move(pending.genesis_hash);
  }
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

std::optional<uint64_t> RegistryLog::PurgeIndexOf(absl::string_view meeting_id) const {
  absl::MutexLock lock(&mu_);
  auto it = purged_.find(meeting_id);
  if (it == purged_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> RegistryLog::MeetingIds() const {
  absl::MutexLock lock(&mu_);
  return ids_;
}

}  // namespace gongxin::server
