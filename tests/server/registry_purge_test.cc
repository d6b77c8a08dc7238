// Purging a trial vote (试投票) in process, at the Registry: each refusal
// (a formal meeting, a trial not yet closed, an unknown or purged id), the
// purge leaf in the registry log with the trial's last signed head, the
// chain erased from the store, and a restart that neither resurrects the
// trial nor reports it missing — also when the erasure was interrupted.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "crypto/ed25519.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/format.h"
#include "ledger/registry_leaf.h"
#include "server/meeting_secrets.h"
#include "server/registry.h"
#include "storage/memory_store.h"
#include "tests/storage/store_testing.h"
#include "tests/testing/forwarding_store.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace gongxin::server {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// A store whose PurgeChain fails while `fail_purge` is set: the server
// stopping between the purge leaf and the erasure.
class PurgeFailingStore : public ::gongxin::testing::ForwardingStore {
 public:
  using ForwardingStore::ForwardingStore;
  bool fail_purge = false;
  absl::Status PurgeChain(absl::string_view chain) override {
    if (fail_purge) return absl::UnavailableError("injected: purge interrupted");
    return ForwardingStore::PurgeChain(chain);
  }
};

class RegistryPurgeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = crypto::Ed25519PrivateKey::Generate();
    ASSERT_OK(key.status());
    auto pem = key->ToPem();
    ASSERT_OK(pem.status());
    key_pem_ = *pem;
    store_ = storage::NewMemoryStore();
    registry_ = Open();
  }

  std::unique_ptr<Registry> Open() {
    auto key = crypto::Ed25519PrivateKey::FromPem(key_pem_);
    EXPECT_OK(key.status());
    auto shared = std::make_unique<PurgeFailingStore>(store_.get());
    shared_ = shared.get();
    auto r = Registry::Open(std::move(shared), *std::move(key), dir_.path());
    EXPECT_OK(r.status());
    return *std::move(r);
  }

  // A meeting of the sample spec, moved through `path` of transitions.
  std::string Create(bool trial, const std::vector<v1::MeetingStatus>& path) {
    v1::CreateMeetingRequest req;
    *req.mutable_spec() = testing::SampleSpec();
    req.mutable_spec()->set_trial(trial);
    *req.mutable_roll() = testing::SampleRoll(4);
    auto resp = registry_->Create(req, "admin");
    EXPECT_OK(resp.status());
    if (!resp.ok()) return "";
    Meeting* m = *registry_->Find(resp->meeting_id());
    for (v1::MeetingStatus to : path) {
      EXPECT_OK(m->Transition(to, "admin").status());
      if (to == v1::MEETING_STATUS_OPEN) {
        EXPECT_OK(m->CheckIn(testing::VoterId(1), "kiosk-1").status());
      }
    }
    return resp->meeting_id();
  }

  std::string ClosedTrial() {
    return Create(true, {v1::MEETING_STATUS_ANNOUNCED, v1::MEETING_STATUS_OPEN,
                         v1::MEETING_STATUS_CLOSED});
  }

  std::vector<std::string> Leaves(const Registry& registry) {
    auto head = registry.log().TreeHead();
    EXPECT_OK(head.status());
    auto leaves = registry.log().Leaves(0, head->size);
    EXPECT_OK(leaves.status());
    return *leaves;
  }

  testing::TempDir dir_;
  std::string key_pem_;
  std::unique_ptr<storage::Store> store_;
  PurgeFailingStore* shared_ = nullptr;
  std::unique_ptr<Registry> registry_;
};

TEST_F(RegistryPurgeTest, PurgeRefusesFormalMeeting) {
  const std::string id = Create(false, {v1::MEETING_STATUS_ANNOUNCED, v1::MEETING_STATUS_OPEN,
                                        v1::MEETING_STATUS_CLOSED});
  EXPECT_THAT(registry_->PurgeTrial(id, "admin"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("formal meeting, not a trial")));
  EXPECT_OK(registry_->Find(id).status());
  EXPECT_THAT(Leaves(*registry_).size(), 1u);
}

TEST_F(RegistryPurgeTest, PurgeRefusesTrialNotYetClosed) {
  const std::string draft = Create(true, {});
  EXPECT_THAT(registry_->PurgeTrial(draft, "admin"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("close it first")));
  const std::string open =
      Create(true, {v1::MEETING_STATUS_ANNOUNCED, v1::MEETING_STATUS_OPEN});
  EXPECT_THAT(registry_->PurgeTrial(open, "admin"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("MEETING_STATUS_OPEN; close it first")));
  // Refused means untouched: it still takes check-ins.
  Meeting* m = *registry_->Find(open);
  EXPECT_OK(m->CheckIn(testing::VoterId(2), "kiosk-1").status());
  EXPECT_THAT(Leaves(*registry_).size(), 2u);
}

TEST_F(RegistryPurgeTest, PurgeRefusesUnknownId) {
  EXPECT_THAT(registry_->PurgeTrial("00000000deadbeef", "admin"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("no meeting")));
  EXPECT_THAT(registry_->PurgeTrial("", "admin"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("meeting_id")));
}

TEST_F(RegistryPurgeTest, PurgeRecordsTheFinalHeadAndErasesTheTrial) {
  const std::string formal = Create(false, {v1::MEETING_STATUS_ANNOUNCED});
  const std::string id = ClosedTrial();
  Meeting* held = *registry_->Find(id);
  const v1::MeetingInfo before = held->Info(false);
  ASSERT_OK_AND_ASSIGN(const chainlog::TreeHead tree, held->TreeHead());
  const std::string genesis = *store_->ReadEntry(id, 0);

  ASSERT_OK_AND_ASSIGN(v1::PurgeTrialResponse resp, registry_->PurgeTrial(id, "admin"));

  EXPECT_EQ(resp.final_head().size(), before.head().size());
  EXPECT_EQ(resp.final_head().head_hash(), before.head().head_hash());
  EXPECT_EQ(resp.final_tree_root(), tree.root_hash);
  EXPECT_EQ(resp.registry_leaf_index(), 2u);
  const std::vector<std::string> leaves = Leaves(*registry_);
  ASSERT_EQ(leaves.size(), 3u);
  ASSERT_OK_AND_ASSIGN(ledger::RegistryPurge purge, ledger::ParseRegistryPurge(leaves[2]));
  EXPECT_EQ(purge.meeting_id, id);
  EXPECT_EQ(purge.genesis_entry, genesis);
  EXPECT_EQ(purge.genesis_hash, ledger::EntryHash(genesis));
  EXPECT_EQ(purge.final_size, before.head().size());
  EXPECT_EQ(purge.final_head_hash, before.head().head_hash());
  EXPECT_EQ(purge.final_tree_root, tree.root_hash);
  EXPECT_EQ(purge.purged_at, resp.purged_at());

  // Gone from the store: entries, keys (roll, openings, tree nodes), head.
  EXPECT_THAT(store_->Size(id), storage::IsOkAndHolds(0u));
  EXPECT_THAT(store_->HeadRecord(id), storage::IsOkAndHolds(std::nullopt));
  int keys = 0;
  ASSERT_OK(store_->ScanKeys(id, "", [&](absl::string_view, absl::string_view) {
    ++keys;
    return absl::OkStatus();
  }));
  EXPECT_EQ(keys, 0);
  EXPECT_FALSE(std::filesystem::exists(MeetingSecretsPath(dir_.path(), id)));
  // Gone from the server, with the reason; the formal meeting is untouched.
  EXPECT_THAT(registry_->Find(id),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("trial vote, purged")));
  EXPECT_OK(registry_->Find(formal).status());
  for (const Meeting* m : registry_->List()) EXPECT_NE(m->id(), id);
  // A request that found the trial before the purge writes nothing now.
  EXPECT_THAT(held->Count("officer"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("purged")));
  EXPECT_THAT(store_->Size(id), storage::IsOkAndHolds(0u));
  // A second purge finds nothing to purge and says why.
  EXPECT_THAT(registry_->PurgeTrial(id, "admin"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("purged (registry log leaf 2)")));
  EXPECT_EQ(Leaves(*registry_).size(), 3u);
}

TEST_F(RegistryPurgeTest, RestartDoesNotResurrectAPurgedTrial) {
  const std::string id = ClosedTrial();
  ASSERT_OK(registry_->PurgeTrial(id, "admin").status());
  const std::vector<std::string> leaves = Leaves(*registry_);
  registry_.reset();
  registry_ = Open();
  EXPECT_THAT(registry_->Find(id), StatusIs(absl::StatusCode::kNotFound, HasSubstr("purged")));
  EXPECT_THAT(registry_->problems(), IsEmpty());
  EXPECT_EQ(Leaves(*registry_), leaves);
  ASSERT_OK(registry_->log().damage());
  EXPECT_EQ(registry_->log().PurgeIndexOf(id), std::optional<uint64_t>(1));
}

TEST_F(RegistryPurgeTest, InterruptedPurgeIsFinishedAtStart) {
  const std::string id = ClosedTrial();
  shared_->fail_purge = true;
  EXPECT_THAT(registry_->PurgeTrial(id, "admin"),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("interrupted")));
  // The leaf is in; the chain is still there until the next start.
  EXPECT_THAT(store_->Size(id), storage::IsOkAndHolds(::testing::Gt(0u)));
  EXPECT_THAT(registry_->Find(id), StatusIs(absl::StatusCode::kNotFound, HasSubstr("purged")));
  registry_.reset();
  registry_ = Open();
  EXPECT_THAT(store_->Size(id), storage::IsOkAndHolds(0u));
  EXPECT_THAT(store_->ListChains(), storage::IsOkAndHolds(::testing::ElementsAre(
                                        std::string(ledger::kRegistryChain))));
  EXPECT_THAT(registry_->Find(id), StatusIs(absl::StatusCode::kNotFound, HasSubstr("purged")));
  EXPECT_THAT(registry_->problems(), IsEmpty());
}

}  // namespace
}  // namespace gongxin::server
