// The registry log in process: each created meeting adds one leaf, in the
// same atomic batch as its genesis; the tree is recomputed from the leaf
// bytes at start-up, so a tampered stored node makes the log damaged (and
// meeting creation refused); a meeting deleted from the store is reported;
// meetings from before the registry log join it at start-up.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "crypto/ed25519.h"
#include "crypto/merkle.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/format.h"
#include "ledger/registry_leaf.h"
#include "server/registry.h"
#include "storage/fault_injection.h"
#include "storage/memory_store.h"
#include "tests/testing/forwarding_store.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace gongxin::server {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::SizeIs;

// A store the test keeps looking at while a Registry owns a handle to it.
using SharedStore = ::gongxin::testing::ForwardingStore;

// Copies every chain of `from` but those `drop` names; `edit` may change or
// (returning false) drop an index key.
std::unique_ptr<storage::Store> CopyStore(
    storage::Store& from, const std::vector<std::string>& drop,
    const std::function<bool(const std::string& chain, const std::string& key,
                             std::string& value)>& edit) {
  auto to = storage::NewMemoryStore();
  const std::vector<std::string> chains = *from.ListChains();
  for (const std::string& chain : chains) {
    if (std::find(drop.begin(), drop.end(), chain) != drop.end()) continue;
    storage::AppendBatch batch;
    batch.chain = chain;
    EXPECT_OK(from.ReadEntries(chain, 0, *from.Size(chain), [&](uint64_t, absl::string_view b) {
      batch.entries.emplace_back(b);
      return absl::OkStatus();
    }));
    EXPECT_OK(from.ScanKeys(chain, "", [&](absl::string_view k, absl::string_view v) {
      std::string key(k), value(v);
      if (edit(chain, key, value)) batch.create_keys.emplace_back(key, value);
      return absl::OkStatus();
    }));
    if (auto head = *from.HeadRecord(chain); head.has_value()) batch.head_record = *head;
    EXPECT_OK(to->Append(batch));
  }
  return to;
}

bool KeepAll(const std::string&, const std::string&, std::string&) { return true; }

class RegistryLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // One server key for the test, made now; restarts reload it.
    auto key = crypto::Ed25519PrivateKey::Generate();
    ASSERT_OK(key.status());
    auto pem = key->ToPem();
    ASSERT_OK(pem.status());
    key_pem_ = *pem;
    store_ = storage::NewMemoryStore();
    registry_ = Open(store_.get());
  }

  std::unique_ptr<Registry> Open(storage::Store* store) {
    auto key = crypto::Ed25519PrivateKey::FromPem(key_pem_);
    EXPECT_OK(key.status());
    auto r = Registry::Open(std::make_unique<SharedStore>(store), *std::move(key), dir_.path());
    EXPECT_OK(r.status());
    return *std::move(r);
  }

  static v1::CreateMeetingRequest SampleRequest() {
    v1::CreateMeetingRequest req;
    *req.mutable_spec() = testing::SampleSpec();
    *req.mutable_roll() = testing::SampleRoll(4);
    return req;
  }

  std::string Create(Registry& registry) {
    auto resp = registry.Create(SampleRequest(), "admin");
    EXPECT_OK(resp.status());
    return resp.ok() ? resp->meeting_id() : "";
  }

  // A registry of its own on a fault-injecting memory store, `*faults`.
  std::unique_ptr<Registry> OpenOnFaults(storage::FaultInjectingStore** faults) {
    auto store = std::make_unique<storage::FaultInjectingStore>(storage::NewMemoryStore());
    *faults = store.get();
    auto key = crypto::Ed25519PrivateKey::Generate();
    EXPECT_OK(key.status());
    auto r = Registry::Open(std::move(store), *std::move(key), dir_.path());
    EXPECT_OK(r.status());
    return r.ok() ? *std::move(r) : nullptr;
  }

  std::vector<std::string> LeafHashes(const Registry& registry) {
    auto head = registry.log().TreeHead();
    EXPECT_OK(head.status());
    auto leaves = registry.log().Leaves(0, head->size);
    EXPECT_OK(leaves.status());
    std::vector<std::string> hashes;
    for (const std::string& l : *leaves) hashes.push_back(crypto::LeafHash(l));
    return hashes;
  }

  testing::TempDir dir_;
  std::string key_pem_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<Registry> registry_;
};

TEST_F(RegistryLogTest, EachCreatedMeetingIsTheNextLeafCommittingToItsGenesis) {
  const std::string a = Create(*registry_);
  const std::string b = Create(*registry_);
  ASSERT_OK_AND_ASSIGN(Meeting::LogHead head, registry_->log().TreeHead());
  EXPECT_EQ(head.size, 2u);
  EXPECT_EQ(head.root_hash, crypto::RootFromLeafHashes(LeafHashes(*registry_)));
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> leaves, registry_->log().Leaves(0, 2));
  ASSERT_OK_AND_ASSIGN(ledger::RegistryLeaf first, ledger::ParseRegistryLeaf(leaves[0]));
  EXPECT_EQ(first.meeting_id, a);
  ASSERT_OK_AND_ASSIGN(std::string genesis, store_->ReadEntry(a, 0));
  EXPECT_EQ(first.genesis_hash, ledger::EntryHash(genesis));
  EXPECT_EQ(registry_->log().IndexOf(b), 1u);
  EXPECT_TRUE(registry_->problems().empty());
}

TEST_F(RegistryLogTest, RestartRecomputesTheSameTree) {
  Create(*registry_);
  Create(*registry_);
  Create(*registry_);
  ASSERT_OK_AND_ASSIGN(Meeting::LogHead before, registry_->log().TreeHead());
  registry_.reset();
  auto reopened = Open(store_.get());
  ASSERT_OK(reopened->log().damage());
  ASSERT_OK_AND_ASSIGN(Meeting::LogHead after, reopened->log().TreeHead());
  EXPECT_EQ(after.size, 3u);
  EXPECT_EQ(after.root_hash, before.root_hash);
  Create(*reopened);
  ASSERT_OK_AND_ASSIGN(Meeting::LogHead grown, reopened->log().TreeHead());
  EXPECT_EQ(grown.root_hash, crypto::RootFromLeafHashes(LeafHashes(*reopened)));
}

TEST_F(RegistryLogTest, TamperedStoredNodeIsDetectedAtStartAndRefusesCreation) {
  Create(*registry_);
  Create(*registry_);
  auto tampered = CopyStore(*store_, {}, [](const std::string& chain, const std::string& key,
                                            std::string& value) {
    if (chain == ledger::kRegistryChain && key == Meeting::TreeNodeKey(1, 0)) value[0] ^= 0x01;
    return true;
  });
  auto reopened = Open(tampered.get());
  EXPECT_THAT(reopened->log().damage(),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("stored merkle node tree/01/00000000000000000000")));
  EXPECT_THAT(reopened->log().TreeHead().status(), StatusIs(absl::StatusCode::kDataLoss));
  v1::CreateMeetingRequest req;
  *req.mutable_spec() = testing::SampleSpec();
  *req.mutable_roll() = testing::SampleRoll(4);
  EXPECT_THAT(reopened->Create(req, "admin").status(),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("registry log is damaged")));
}

TEST_F(RegistryLogTest, MissingStoredNodesAreRestoredFromTheLeaves) {
  Create(*registry_);
  Create(*registry_);
  ASSERT_OK_AND_ASSIGN(Meeting::LogHead before, registry_->log().TreeHead());
  auto stripped = CopyStore(*store_, {}, [](const std::string& chain, const std::string& key,
                                            std::string&) {
    return !(chain == ledger::kRegistryChain && absl::StartsWith(key, "tree/"));
  });
  auto reopened = Open(stripped.get());
  ASSERT_OK(reopened->log().damage());
  ASSERT_OK_AND_ASSIGN(std::optional<std::string> node,
                       stripped->GetKey(ledger::kRegistryChain, Meeting::TreeNodeKey(1, 0)));
  EXPECT_TRUE(node.has_value()) << "the missing node was not stored again";
  EXPECT_EQ(reopened->log().TreeHead()->root_hash, before.root_hash);
}

TEST_F(RegistryLogTest, DeletedMeetingIsReportedAndKeepsItsLeaf) {
  Create(*registry_);
  const std::string doomed = Create(*registry_);
  auto deleted = CopyStore(*store_, {doomed}, KeepAll);
  auto reopened = Open(deleted.get());
  ASSERT_OK(reopened->log().damage());
  EXPECT_EQ(reopened->log().TreeHead()->size, 2u);
  ASSERT_THAT(reopened->problems(), SizeIs(1));
  EXPECT_THAT(reopened->problems()[0],
              HasSubstr("meeting " + doomed + " is leaf 1 of the registry log"));
  EXPECT_THAT(reopened->Find(doomed).status(), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(RegistryLogTest, MeetingsFromBeforeTheRegistryJoinItAtStart) {
  const std::string a = Create(*registry_);
  const std::string b = Create(*registry_);
  auto legacy = CopyStore(*store_, {std::string(ledger::kRegistryChain)}, KeepAll);
  auto reopened = Open(legacy.get());
  ASSERT_OK(reopened->log().damage());
  EXPECT_EQ(reopened->log().TreeHead()->size, 2u);
  EXPECT_TRUE(reopened->log().IndexOf(a).has_value());
  EXPECT_TRUE(reopened->log().IndexOf(b).has_value());
  EXPECT_TRUE(reopened->problems().empty());
}

TEST_F(RegistryLogTest, FailedGenesisWriteLeavesNoLeafAndNoMeeting) {
  storage::FaultInjectingStore* f = nullptr;
  std::unique_ptr<Registry> registry = OpenOnFaults(&f);
  ASSERT_NE(registry, nullptr);
  f->FailNextAppends(1, absl::AbortedError("lost a race"));
  const v1::CreateMeetingRequest req = SampleRequest();
  EXPECT_FALSE(registry->Create(req, "admin").ok());
  EXPECT_EQ(registry->log().TreeHead()->size, 0u);
  EXPECT_EQ(*f->Size(ledger::kRegistryChain), 0u);
  // The next creation takes leaf 0.
  ASSERT_OK_AND_ASSIGN(v1::CreateMeetingResponse created, registry->Create(req, "admin"));
  EXPECT_EQ(registry->log().IndexOf(created.meeting_id()), 0u);
}

// What the health check reports (server/health_watch.h): a refusal leaves
// the store writable; a write of unknown outcome does not.
TEST_F(RegistryLogTest, WriteFailureNamesTheLedgerOnlyAfterAWriteOfUnknownOutcome) {
  storage::FaultInjectingStore* f = nullptr;
  std::unique_ptr<Registry> registry = OpenOnFaults(&f);
  ASSERT_NE(registry, nullptr);
  const v1::CreateMeetingRequest req = SampleRequest();
  ASSERT_OK(registry->Create(req, "admin").status());
  EXPECT_OK(registry->WriteFailure());

  f->FailNextAppends(1, absl::ResourceExhaustedError("disk almost full"));
  EXPECT_FALSE(registry->Create(req, "admin").ok());
  EXPECT_OK(registry->WriteFailure()) << "a refusal that wrote nothing needs no restart";

  f->FailNextAppends(1, absl::UnavailableError("fsync: Input/output error"),
                     storage::FaultInjectingStore::InjectAt::kAfterWrite);
  EXPECT_FALSE(registry->Create(req, "admin").ok());
  EXPECT_THAT(registry->WriteFailure(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("the ledger"), HasSubstr("read-only"),
                             HasSubstr("Input/output error"))));
}

}  // namespace
}  // namespace gongxin::server
