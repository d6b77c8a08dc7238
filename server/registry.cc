#include "server/registry.h"

#include <algorithm>
#include <optional>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "crypto/encoding.h"
#include "crypto/random.h"
#include "ledger/format.h"
#include "ledger/registry_leaf.h"
#include "server/log.h"
#include "server/meeting_secrets.h"
#include "tally/round.h"
#include "tally/spec.h"
#include "util/status_macros.h"

namespace gongxin::server {

absl::StatusOr<std::unique_ptr<Registry>> Registry::Open(
    std::unique_ptr<storage::Store> store, crypto::Ed25519PrivateKey key, std::string data_dir,
    storage::RocksDbStoreOptions urn_options) {
  std::unique_ptr<Registry> registry(new Registry(std::move(store), std::move(key),
                                                  std::move(data_dir), std::move(urn_options)));
  ASSIGN_OR_RETURN(std::vector<std::string> chains, registry->store_->ListChains());
  size_t loaded = 0;
  {
    absl::MutexLock lock(&registry->mu_);
    for (const std::string& id : chains) {
      if (id == ledger::kRegistryChain) continue;
      registry->meetings_[id] =
          Meeting::Load(registry->store_.get(), &registry->key_, id,
                        MeetingSecretsPath(registry->data_dir_, id), registry->urn_options_);
      ++loaded;
    }
  }
  LogInfo("loaded ", loaded, " meeting(s)");
  registry->log_ = RegistryLog::Open(registry->store_.get());
  if (registry->log_->damage().ok()) RETURN_IF_ERROR(registry->CheckLog());
  return registry;
}

absl::Status Registry::CheckLog() {
  const std::vector<std::string> ids = log_->MeetingIds();
  ASSIGN_OR_RETURN(std::vector<std::string> leaves, log_->Leaves(0, ids.size()));
  absl::MutexLock lock(&mu_);
  for (size_t i = 0; i < leaves.size(); ++i) {
    ASSIGN_OR_RETURN(ledger::RegistryLeaf leaf, ledger::ParseRegistryLeaf(leaves[i]));
    auto it = meetings_.find(leaf.meeting_id);
    if (it == meetings_.end()) {
      problems_.push_back(absl::StrCat("meeting ", leaf.meeting_id, " is leaf ", i,
                                       " of the registry log but its chain is missing from "
                                       "the store (deleted?)"));
      LogError(problems_.back());
      continue;
    }
    absl::StatusOr<std::string> genesis = store_->ReadEntry(leaf.meeting_id, 0);
    if (!genesis.ok() || ledger::EntryHash(*genesis) != leaf.genesis_hash) {
      problems_.push_back(absl::StrCat("meeting ", leaf.meeting_id, ": its genesis entry does "
                                       "not match leaf ", i, " of the registry log"));
      LogError(problems_.back());
    }
  }
  // Meetings created before the registry log existed join it now, oldest
  // first, each in its own conditional batch.
  struct Unlisted {
    int64_t created_at;
    std::string id;
    std::string genesis_hash;
  };
  std::vector<Unlisted> unlisted;
  for (const auto& [id, m] : meetings_) {
    if (log_->IndexOf(id).has_value()) continue;
    absl::StatusOr<std::string> genesis = store_->ReadEntry(id, 0);
    v1::Entry entry;
    if (!genesis.ok() || !entry.ParseFromString(*genesis) || !entry.has_meeting_created()) {
      LogError("meeting ", id, ": no readable genesis entry, so it cannot join the registry log");
      continue;
    }
    unlisted.push_back({entry.meeting_created().created_at(), id, ledger::EntryHash(*genesis)});
  }
  std::sort(unlisted.begin(), unlisted.end(), [](const Unlisted& a, const Unlisted& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });
  for (const Unlisted& u : unlisted) {
    ASSIGN_OR_RETURN(RegistryLog::Pending pending,
                     log_->Stage({u.id, u.genesis_hash, u.created_at}));
    RETURN_IF_ERROR(store_->Append(pending.batch));
    log_->Commit(std::move(pending));
    LogInfo("meeting ", u.id, " added to the registry log");
  }
  return absl::OkStatus();
}

absl::Status Registry::CheckRoundLinks(const v1::MeetingSpec& spec) const {
  for (int i = 0; i < spec.forms_size(); ++i) {
    const v1::Form& form = spec.forms(i);
    if (!form.has_previous_round()) continue;
    // CheckRoundLink relies on the link's own shape, which ValidateSpec checks.
    RETURN_IF_ERROR(tally::ValidateSpec(spec));
    const std::string path = absl::StrCat("spec.forms[", i, "].previous_round");
    const std::string& previous_id = form.previous_round().previous_meeting_id();
    absl::StatusOr<Meeting*> previous = Find(previous_id);
    if (!previous.ok()) {
      return absl::NotFoundError(absl::StrCat(path, ".previous_meeting_id: no meeting \"",
                                              previous_id, "\" on this server"));
    }
    tally::PreviousRound round;
    const v1::MeetingInfo info = (*previous)->Info(/*with_spec=*/true);
    round.status = info.status();
    round.spec = info.spec();
    if (absl::StatusOr<v1::CountResponse> count = (*previous)->Result(); count.ok()) {
      round.result = count->result();
      round.count_seq = count->seq();
      round.count_entry_hash = count->entry_hash();
    }
    RETURN_IF_ERROR(tally::CheckRoundLink(path, form, round));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::CreateMeetingResponse> Registry::Create(
    const v1::CreateMeetingRequest& request, const std::string& actor) {
  // Rules S-8, A9: a next round must start from the previous round's
  // recorded top; checked before anything is written.
  RETURN_IF_ERROR(CheckRoundLinks(request.spec()));
  // 64 random bits: unguessable enough that ids do not leak how many
  // meetings a server holds, short enough to read out in a meeting room.
  ASSIGN_OR_RETURN(std::string raw, crypto::RandomBytes(8));
  std::string id = crypto::HexEncode(raw);
  // The RSA keys of the anonymous forms (about 0.3 s each) are made before
  // the lock, so creating one meeting does not hold up another.
  ASSIGN_OR_RETURN(Meeting::TokenKeySet token_keys,
                   Meeting::GenerateTokenKeys(request.spec(), request.roll()));
  absl::MutexLock one_creation(&create_mu_);
  // The registry leaf is linked into the genesis batch: the meeting and its
  // leaf are durable together or not at all.
  std::optional<RegistryLog::Pending> pending;
  auto link = [&](const ledger::SealedEntry& genesis, int64_t created_at,
                  storage::AppendBatch& batch) -> absl::Status {
    ASSIGN_OR_RETURN(pending, log_->Stage({id, genesis.hash, created_at}));
    batch.linked.push_back(pending->batch);
    return absl::OkStatus();
  };
  ASSIGN_OR_RETURN(std::unique_ptr<Meeting> meeting,
                   Meeting::Create(store_.get(), &key_, id, request.spec(),
                                   request.roll(), actor, MeetingSecretsPath(data_dir_, id),
                                   link, urn_options_, &token_keys));
  if (pending.has_value()) log_->Commit(*std::move(pending));
  v1::CreateMeetingResponse response;
  response.set_meeting_id(id);
  *response.mutable_head() = meeting->Info(false).head();
  absl::MutexLock lock(&mu_);
  meetings_[id] = std::move(meeting);
  LogInfo("meeting ", id, " created by ", actor);
  return response;
}

absl::StatusOr<Meeting*> Registry::Find(absl::string_view meeting_id) const {
  if (meeting_id.empty()) return absl::InvalidArgumentError("meeting_id: required");
  absl::MutexLock lock(&mu_);
  auto it = meetings_.find(meeting_id);
  if (it == meetings_.end()) {
    return absl::NotFoundError(
        absl::StrCat("meeting_id: no meeting \"", meeting_id, "\""));
  }
  return it->second.get();
}

std::vector<const Meeting*> Registry::List() const {
  absl::MutexLock lock(&mu_);
  std::vector<const Meeting*> list;
  for (const auto& [id, m] : meetings_) list.push_back(m.get());
  std::sort(list.begin(), list.end(),
            [](const Meeting* a, const Meeting* b) { return a->id() < b->id(); });
  return list;
}

}  // namespace gongxin::server
