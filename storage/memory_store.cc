#include "storage/memory_store.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "storage/store_checks.h"
#include "util/status_macros.h"

namespace gongxin::storage {
namespace {

struct Chain {
  std::vector<std::string> entries;
  std::map<std::string, std::string> index;  // ordered for ScanKeys
  std::optional<std::string> head;
};

class MemoryStore final : public Store {
 public:
  absl::Status Append(const AppendBatch& batch) override {
    RETURN_IF_ERROR(ValidateBatch(batch));
    absl::MutexLock lock(&mu_);
    std::vector<const AppendBatch*> parts = {&batch};
    for (const AppendBatch& linked : batch.linked) parts.push_back(&linked);
    for (const AppendBatch* part : parts) {
      Chain& chain = chains_[part->chain];  // may add an empty chain: harmless
      if (chain.entries.size() != part->expected_size) {
        return StaleSizeError(part->chain, part->expected_size,
                              chain.entries.size());
      }
      for (const auto& [key, value] : part->create_keys) {
        if (chain.index.contains(key)) return KeyExistsError(part->chain, key);
      }
    }
    // Every check passed: nothing below can fail, so the batch is atomic.
    for (const AppendBatch* part : parts) {
      Chain& chain = chains_[part->chain];
      chain.entries.insert(chain.entries.end(), part->entries.begin(),
                           part->entries.end());
      for (const auto& [key, value] : part->create_keys) {
        chain.index.emplace(key, value);
      }
      if (part->head_record.has_value()) chain.head = part->head_record;
    }
    return absl::OkStatus();
  }

  absl::StatusOr<uint64_t> Size(absl::string_view chain) override {
    RETURN_IF_ERROR(ValidateChainId(chain));
    absl::MutexLock lock(&mu_);
    const Chain* c = Find(chain);
    return c == nullptr ? 0 : c->entries.size();
  }

  absl::Status ReadEntries(
      absl::string_view chain, uint64_t from, uint64_t to,
      const std::function<absl::Status(uint64_t, absl::string_view)>& visit)
      override {
    RETURN_IF_ERROR(ValidateChainId(chain));
    // Copy under the lock, visit without it: visit may call back into the
    // store, and a slow visitor must not hold up writers.
    std::vector<std::string> copy;
    {
      absl::MutexLock lock(&mu_);
      const Chain* c = Find(chain);
      RETURN_IF_ERROR(CheckReadRange(chain, from, to,
                                     c == nullptr ? 0 : c->entries.size()));
      if (from == to) return absl::OkStatus();
      copy.assign(c->entries.begin() + from, c->entries.begin() + to);
    }
    for (uint64_t i = 0; i < copy.size(); ++i) {
      RETURN_IF_ERROR(visit(from + i, copy[i]));
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::string> ReadEntry(absl::string_view chain,
                                        uint64_t seq) override {
    RETURN_IF_ERROR(ValidateChainId(chain));
    absl::MutexLock lock(&mu_);
    const Chain* c = Find(chain);
    if (c == nullptr || seq >= c->entries.size()) {
      return absl::NotFoundError(
          absl::StrCat("chain ", chain, " has no entry ", seq));
    }
    return c->entries[seq];
  }

  absl::StatusOr<std::optional<std::string>> GetKey(
      absl::string_view chain, absl::string_view key) override {
    RETURN_IF_ERROR(ValidateChainId(chain));
    absl::MutexLock lock(&mu_);
    const Chain* c = Find(chain);
    if (c == nullptr) return std::nullopt;
    auto it = c->index.find(std::string(key));
    if (it == c->index.end()) return std::nullopt;
    return it->second;
  }

  absl::Status ScanKeys(
      absl::string_view chain, absl::string_view prefix,
      const std::function<absl::Status(absl::string_view, absl::string_view)>&
          visit) override {
    RETURN_IF_ERROR(ValidateChainId(chain));
    std::vector<std::pair<std::string, std::string>> copy;
    {
      absl::MutexLock lock(&mu_);
      const Chain* c = Find(chain);
      if (c == nullptr) return absl::OkStatus();
      for (auto it = c->index.lower_bound(std::string(prefix));
           it != c->index.end() && absl::StartsWith(it->first, prefix); ++it) {
        copy.push_back(*it);
      }
    }
    for (const auto& [key, value] : copy) RETURN_IF_ERROR(visit(key, value));
    return absl::OkStatus();
  }

  absl::StatusOr<std::optional<std::string>> HeadRecord(
      absl::string_view chain) override {
    RETURN_IF_ERROR(ValidateChainId(chain));
    absl::MutexLock lock(&mu_);
    const Chain* c = Find(chain);
    if (c == nullptr) return std::nullopt;
    return c->head;
  }

  absl::Status PurgeChain(absl::string_view chain) override {
    RETURN_IF_ERROR(ValidateChainId(chain));
    absl::MutexLock lock(&mu_);
    chains_.erase(chain);
    return absl::OkStatus();
  }

  absl::StatusOr<std::vector<std::string>> ListChains() override {
    std::vector<std::string> ids;
    {
      absl::MutexLock lock(&mu_);
      for (const auto& [id, chain] : chains_) {
        if (!chain.entries.empty()) ids.push_back(id);
      }
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }

 private:
  const Chain* Find(absl::string_view chain) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    auto it = chains_.find(chain);
    return it == chains_.end() ? nullptr : &it->second;
  }

  // One lock for all state: critical sections are short copies, and this
  // store exists to be obviously correct, not fast.
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Chain> chains_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

std::unique_ptr<Store> NewMemoryStore() {
  return std::make_unique<MemoryStore>();
}

}  // namespace gongxin::storage
