// The replicas' key pool (server/replica_keys.h) and what gongxind does with
// it on a store shared by several replicas, played in process by two
// registries on one store that says it has other writers: each meeting with
// anonymous forms takes its own slot, the other replica opens its secrets,
// and once one replica closes the meeting the other destroys its copy of the
// slot by itself (the sweep), without serving the meeting again.
#include "server/replica_keys.h"

#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "crypto/ed25519.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/meeting_secrets.h"
#include "server/registry.h"
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
using ::testing::Not;

TEST(ReplicaKeysTest, APoolIsMadeOnceAndASlotDestroyedStaysDestroyed) {
  testing::TempDir dir;
  const std::string path = ReplicaKeys::PathIn(dir.path());
  bool created = false;
  ASSERT_OK_AND_ASSIGN(auto pool, ReplicaKeys::OpenOrCreate(path, &created));
  EXPECT_TRUE(created);
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "the pool must be readable by its owner only";
  ASSERT_OK_AND_ASSIGN(crypto::SecretData key7, pool->Key(7));
  ASSERT_OK(pool->Destroy(7));
  EXPECT_THAT(pool->Key(7), StatusIs(absl::StatusCode::kNotFound, HasSubstr("slot 7")));
  ASSERT_OK(pool->Destroy(7)) << "destroying twice must be harmless";
  EXPECT_THAT(pool->Key(ReplicaKeys::kSlots), StatusIs(absl::StatusCode::kOutOfRange));

  ASSERT_OK_AND_ASSIGN(auto again, ReplicaKeys::OpenOrCreate(path, &created));
  EXPECT_FALSE(created) << "an existing pool was replaced";
  EXPECT_EQ(again->pool_id(), pool->pool_id());
  EXPECT_THAT(again->Key(7), StatusIs(absl::StatusCode::kNotFound));
  ASSERT_OK_AND_ASSIGN(crypto::SecretData key8, again->Key(8));
  EXPECT_NE(key8.AsStringView(), key7.AsStringView());
}

TEST(ReplicaKeysTest, ATruncatedPoolIsRefusedNamingTheFile) {
  testing::TempDir dir;
  const std::string path = ReplicaKeys::PathIn(dir.path());
  ASSERT_OK(ReplicaKeys::OpenOrCreate(path).status());
  std::filesystem::resize_file(path, 1000);
  EXPECT_THAT(ReplicaKeys::OpenOrCreate(path).status(),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr(path)));
}

class SharedSecretsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(auto key, crypto::Ed25519PrivateKey::Generate());
    ASSERT_OK_AND_ASSIGN(key_pem_, key.ToPem());
    std::filesystem::create_directories(dir_a_.path());
    a_ = Open(dir_a_.path());
    std::filesystem::copy_file(ReplicaKeys::PathIn(dir_a_.path()),
                               ReplicaKeys::PathIn(dir_b_.path()));
    b_ = Open(dir_b_.path());
  }

  std::unique_ptr<Registry> Open(const std::string& dir) {
    auto key = crypto::Ed25519PrivateKey::FromPem(key_pem_);
    EXPECT_OK(key.status());
    auto store = std::make_unique<testing::ForwardingStore>(store_.get());
    store->other_writers = true;
    auto r = Registry::Open(std::move(store), *std::move(key), dir, {}, /*archive_dir=*/"",
                            /*sweep_every=*/absl::Milliseconds(50));
    EXPECT_OK(r.status());
    return r.ok() ? *std::move(r) : nullptr;
  }

  std::string CreateAnonymous(Registry& registry) {
    v1::CreateMeetingRequest req;
    *req.mutable_spec() = testing::SampleSpec({.satisfaction = true});
    *req.mutable_roll() = testing::SampleRoll(6);
    auto resp = registry.Create(req, "admin");
    EXPECT_OK(resp.status());
    return resp.ok() ? resp->meeting_id() : "";
  }

  // The meeting's slot, as claimed in the store.
  uint32_t SlotOf(const std::string& id) {
    auto name = store_->GetKey(id, kReplicaKeySlotKey);
    EXPECT_OK(name.status());
    if (!name.ok() || !name->has_value()) return ReplicaKeys::kSlots;
    auto parsed = ParseReplicaKeySlotName(**name);
    EXPECT_OK(parsed.status());
    return parsed.ok() ? parsed->second : ReplicaKeys::kSlots;
  }

  std::unique_ptr<storage::Store> store_ = storage::NewMemoryStore();
  std::string key_pem_;
  testing::TempDir dir_a_, dir_b_;
  std::unique_ptr<Registry> a_, b_;
};

TEST_F(SharedSecretsTest, EachMeetingTakesItsOwnSlotAndKeepsNoSecretsFile) {
  const std::string first = CreateAnonymous(*a_);
  const std::string second = CreateAnonymous(*b_);
  ASSERT_FALSE(first.empty());
  ASSERT_FALSE(second.empty());
  EXPECT_NE(SlotOf(first), SlotOf(second)) << "two meetings share one key slot";
  EXPECT_EQ(store_->Size(SecretsChain(first)).value_or(0), 1u);
  EXPECT_FALSE(std::filesystem::exists(dir_a_.path() + "/secrets"))
      << "the secrets went to the data directory instead of the shared store";
}

TEST_F(SharedSecretsTest, TheOtherReplicaOpensTheSecretsAndDestroysItsSlotOnceTheMeetingCloses) {
  const std::string id = CreateAnonymous(*a_);
  ASSERT_FALSE(id.empty());
  const uint32_t slot = SlotOf(id);
  ASSERT_OK_AND_ASSIGN(Meeting * at_b, b_->Find(id));
  ASSERT_OK(at_b->damage()) << "B cannot take up a meeting with anonymous forms A created";
  for (v1::MeetingStatus s : {v1::MEETING_STATUS_ANNOUNCED, v1::MEETING_STATUS_OPEN,
                              v1::MEETING_STATUS_CLOSED}) {
    ASSERT_OK(at_b->Transition(s, "admin", nullptr).status()) << v1::MeetingStatus_Name(s);
  }
  // B closed it: its own slot at once, the urn and secrets chains purged.
  EXPECT_THAT(b_->replica_keys()->Key(slot), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(store_->Size(SecretsChain(id)).value_or(1), 0u);
  EXPECT_EQ(store_->Size(UrnChain(id)).value_or(1), 0u);
  // A serves no request for it, yet its sweep destroys A's copy.
  bool destroyed = false;
  for (int i = 0; i < 100 && !destroyed; ++i) {
    destroyed = absl::IsNotFound(a_->replica_keys()->Key(slot).status());
    if (!destroyed) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(destroyed) << "replica A still holds the slot of a meeting B closed";
}

TEST_F(SharedSecretsTest, AReplicaWithAnotherPoolSaysWhichPoolTheMeetingNeeds) {
  const std::string id = CreateAnonymous(*a_);
  ASSERT_FALSE(id.empty());
  b_.reset();
  std::filesystem::remove(ReplicaKeys::PathIn(dir_b_.path()));
  b_ = Open(dir_b_.path());  // makes a pool of its own
  ASSERT_OK_AND_ASSIGN(Meeting * at_b, b_->Find(id));
  EXPECT_THAT(at_b->damage(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("copy replica-keys from the replica"),
                             HasSubstr("the record is not damaged"), Not(HasSubstr("is damaged")))))
      << "another replica's key pool is this replica's set-up, not damage to the record";
}

}  // namespace
}  // namespace gongxin::server
