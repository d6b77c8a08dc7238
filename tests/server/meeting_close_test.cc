// A meeting's close: the urn's anonymous ballots join the chain sorted by
// hash, in groups that each fit one etcd transaction (chainlog::Limits), and
// a close that stops half-way leaves the meeting closing until it is
// repeated — with every ballot on the chain exactly once.
#include <algorithm>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "chainlog/chain_log.h"
#include "kiosk/token.h"
#include "verifier/verifier.h"
#include "ledger/export.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/format.h"
#include "server/meeting.h"
#include "storage/fault_injection.h"
#include "storage/memory_store.h"
#include "tests/testing/forwarding_store.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "util/status_macros.h"

namespace gongxin::server {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

// 70 voters casting both anonymous forms: 140 ballots, more than one etcd
// transaction's 128 operations hold with their tree nodes.
constexpr int kVoters = 70;
// Two on the roll never check in.
constexpr int kRoll = kVoters + 2;

class MeetingCloseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(auto key, crypto::Ed25519PrivateKey::Generate());
    key_ = std::make_unique<crypto::Ed25519PrivateKey>(std::move(key));
    base_ = storage::NewMemoryStore();
    store_ = std::make_unique<testing::ForwardingStore>(base_.get());
    ASSERT_OK_AND_ASSIGN(meeting_, Meeting::Create(store_.get(), key_.get(), "m1",
                                                   testing::SampleSpec({.satisfaction = true}),
                                                   testing::SampleRoll(kRoll), "admin-1",
                                                   secrets_.path() + "/m1"));
    ASSERT_OK(meeting_->Transition(v1::MEETING_STATUS_ANNOUNCED, "admin-1").status());
    ASSERT_OK(meeting_->Transition(v1::MEETING_STATUS_OPEN, "admin-1").status());
  }

  crypto::BlindRsaPublicKey Key(const Meeting& m, const std::string& form,
                                const std::string& group) {
    const v1::MeetingInfo info = m.Info(false);
    for (const v1::TokenKey& k : info.token_keys()) {
      if (k.form_id() == form && k.group() == group) {
        return *crypto::BlindRsaPublicKey::FromDer(k.public_key_der());
      }
    }
    ADD_FAILURE() << "no token key for form " << form << " group " << group;
    return *crypto::BlindRsaPublicKey::FromDer("");
  }

  // Checks voter `i` in and returns the finished tokens for "sat", "sat2".
  std::vector<v1::AnonymousToken> Tokens(Meeting& m, int i) {
    const std::string group = i <= kRoll / 3 ? "leaders" : "staff";
    std::vector<kiosk::PendingToken> pending;
    std::vector<v1::BlindedToken> blinded;
    for (const char* form : {"sat", "sat2"}) {
      auto p = kiosk::MakePendingToken("m1", form, Key(m, form, group), group);
      EXPECT_OK(p.status());
      v1::BlindedToken b;
      b.set_form_id(form);
      b.set_group(group);
      b.set_blinded_message(p->blinding.blinded_msg());
      blinded.push_back(b);
      pending.push_back(*std::move(p));
    }
    auto resp = m.CheckIn(testing::VoterId(i), "kiosk-1", blinded);
    EXPECT_OK(resp.status());
    std::vector<v1::AnonymousToken> tokens;
    for (const kiosk::PendingToken& p : pending) {
      for (const auto& bs : resp->blind_signatures()) {
        if (bs.form_id() != p.form_id) continue;
        auto token = kiosk::FinishToken(p, Key(m, p.form_id, group), bs.blind_signature());
        EXPECT_OK(token.status());
        tokens.push_back(*std::move(token));
      }
    }
    return tokens;
  }

  // Voters 1..n cast both anonymous forms.
  void CastAll(int n) {
    const char* grades[] = {"satisfied", "basic", "dissatisfied"};
    for (int i = 1; i <= n; ++i) {
      for (const v1::AnonymousToken& token : Tokens(*meeting_, i)) {
        ASSERT_OK(meeting_->CastAnonymous(token, testing::SatisfactionBallot(
                                                      token.form_id(), grades[i % 3]))
                      .status());
      }
    }
  }

  // The hashes of the anonymous ballots on the chain, in chain order; and
  // where the close entry sits.
  struct OnChain {
    std::vector<std::string> hashes;
    int64_t close_seq = -1;
  };
  static OnChain ReadChain(storage::Store* store) {
    OnChain out;
    EXPECT_OK(store->ReadEntries("m1", 0, *store->Size("m1"),
                                 [&](uint64_t seq, absl::string_view bytes) {
                                   v1::Entry entry;
                                   EXPECT_TRUE(entry.ParseFromArray(bytes.data(), bytes.size()));
                                   if (entry.has_anonymous_ballot()) {
                                     out.hashes.push_back(
                                         ledger::AnonymousBallotHash(entry.anonymous_ballot()));
                                   }
                                   if (entry.has_state_changed() &&
                                       entry.state_changed().to() == v1::MEETING_STATUS_CLOSED) {
                                     out.close_seq = static_cast<int64_t>(seq);
                                   }
                                   return absl::OkStatus();
                                 }));
    return out;
  }

  // What an auditor makes of the meeting's export as it stands.
  absl::StatusOr<verifier::Verdict> Audit() {
    std::stringstream out;
    ledger::ExportWriter writer(&out);
    RETURN_IF_ERROR(meeting_->Export([&](const v1::ExportRecord& r) { return writer.Write(r); }));
    verifier::VerifyOptions options;
    options.threads = 1;
    return verifier::VerifyExport(out, key_->public_key(), options);
  }

  testing::TempDir secrets_;
  std::unique_ptr<crypto::Ed25519PrivateKey> key_;
  std::unique_ptr<storage::Store> base_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<Meeting> meeting_;
};

TEST_F(MeetingCloseTest, UrnJoinsTheChainInBatchesThatEachFitAnEtcdTransaction) {
  CastAll(kVoters);
  auto* watched = static_cast<testing::ForwardingStore*>(store_.get());
  std::vector<storage::AppendBatch> batches;
  watched->on_append = [&](const storage::AppendBatch& b) { batches.push_back(b); };
  ASSERT_OK(meeting_->Transition(v1::MEETING_STATUS_CLOSED, "admin-1").status());

  const chainlog::Limits limits;
  int with_ballots = 0;
  for (const storage::AppendBatch& b : batches) {
    EXPECT_LE(chainlog::BatchOperations(b), limits.max_operations)
        << "a batch of the close does not fit one etcd transaction";
    EXPECT_LE(chainlog::BatchBytes(b), limits.max_bytes);
    if (!b.entries.empty()) ++with_ballots;
  }
  EXPECT_GE(with_ballots, 2) << "140 ballots went in one batch: the close was not split";

  const OnChain chain = ReadChain(base_.get());
  ASSERT_EQ(chain.hashes.size(), 2u * kVoters);
  EXPECT_TRUE(std::is_sorted(chain.hashes.begin(), chain.hashes.end()))
      << "the urn's ballots are not in hash order across the batches";
  EXPECT_EQ(std::set<std::string>(chain.hashes.begin(), chain.hashes.end()).size(),
            chain.hashes.size());
  EXPECT_EQ(chain.close_seq + 1, static_cast<int64_t>(*base_->Size("m1")));
  EXPECT_EQ(meeting_->Info(false).status(), v1::MEETING_STATUS_CLOSED);
  EXPECT_EQ(meeting_->Info(false).cast(), 2u * kVoters);
}

// The disk fails after the first batch of the close landed: the meeting is
// then closing — after a restart too — and refuses every write but the
// close; repeating the close writes the rest, each ballot exactly once.
TEST_F(MeetingCloseTest, CloseStoppedHalfWayIsFinishedByRepeatingIt) {
  CastAll(kVoters - 1);
  // The last voter checks in now and casts only after the failure.
  const std::vector<v1::AnonymousToken> late = Tokens(*meeting_, kVoters);
  ASSERT_EQ(late.size(), 2u);

  // The meeting writes through a fault injector to a tap on the data; the
  // tap arms the injector while the close's first batch of ballots passes,
  // so that batch lands and the next one fails.
  meeting_.reset();
  auto tap = std::make_unique<testing::ForwardingStore>(base_.get());
  testing::ForwardingStore* tapped = tap.get();
  auto faulty = std::make_unique<storage::FaultInjectingStore>(std::move(tap));
  storage::FaultInjectingStore* fault = faulty.get();
  store_ = std::move(faulty);
  int ballot_batches = 0;
  tapped->on_append = [&](const storage::AppendBatch& b) {
    if (!b.entries.empty() && ++ballot_batches == 1) {
      fault->FailNextAppends(1, absl::UnavailableError("disk pulled"));
    }
  };
  meeting_ = Meeting::Load(store_.get(), key_.get(), "m1", secrets_.path() + "/m1");
  ASSERT_OK(meeting_->damage());
  EXPECT_THAT(meeting_->Transition(v1::MEETING_STATUS_CLOSED, "admin-1").status(),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("disk pulled")));
  const OnChain half = ReadChain(base_.get());
  ASSERT_GT(half.hashes.size(), 0u) << "the first batch of the close did not land";
  ASSERT_LT(half.hashes.size(), 2u * (kVoters - 1)) << "the close was not split";
  EXPECT_EQ(half.close_seq, -1);

  // Restart on the same data.
  meeting_.reset();
  store_ = std::make_unique<testing::ForwardingStore>(base_.get());
  meeting_ = Meeting::Load(store_.get(), key_.get(), "m1", secrets_.path() + "/m1");
  ASSERT_OK(meeting_->damage());
  const v1::MeetingInfo closing = meeting_->Info(false);
  EXPECT_EQ(closing.status(), v1::MEETING_STATUS_OPEN);
  EXPECT_TRUE(closing.closing()) << "nothing tells the officer the close must be repeated";
  EXPECT_EQ(closing.cast(), 2u * (kVoters - 1))
      << "ballots half-way onto the chain are counted twice or not at all";
  // Closing: no vote, no check-in, no other transition.
  EXPECT_THAT(meeting_->CastAnonymous(late[0], testing::SatisfactionBallot("sat", "basic"))
                  .status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("closing")));
  EXPECT_THAT(meeting_->CheckIn(testing::VoterId(kRoll), "kiosk-1").status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("closing")));
  EXPECT_THAT(meeting_->CheckIn(testing::VoterId(kVoters), "kiosk-1").status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("closing")))
      << "a voter already checked in was handed a credential while the meeting closes";
  EXPECT_THAT(meeting_->Transition(v1::MEETING_STATUS_PUBLISHED, "admin-1").status(),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  // An auditor handed the record now finds it sound: one sorted run, no close yet.
  absl::StatusOr<verifier::Verdict> midway = Audit();
  ASSERT_OK(midway.status());
  EXPECT_EQ(midway->anonymous_ballots, half.hashes.size());
  const uint64_t size = *base_->Size("m1");
  EXPECT_EQ(ReadChain(base_.get()).hashes.size(), half.hashes.size());
  EXPECT_EQ(*base_->Size("m1"), size) << "a refused request wrote to the chain";

  // The officer repeats the close: the rest of the urn, then the close.
  ASSERT_OK(meeting_->Transition(v1::MEETING_STATUS_CLOSED, "admin-1").status());
  const OnChain chain = ReadChain(base_.get());
  ASSERT_EQ(chain.hashes.size(), 2u * (kVoters - 1));
  EXPECT_TRUE(std::is_sorted(chain.hashes.begin(), chain.hashes.end()));
  EXPECT_EQ(std::set<std::string>(chain.hashes.begin(), chain.hashes.end()).size(),
            chain.hashes.size())
      << "a ballot joined the chain twice";
  EXPECT_EQ(chain.close_seq + 1, static_cast<int64_t>(*base_->Size("m1")));
  EXPECT_EQ(meeting_->Info(false).cast(), 2u * (kVoters - 1));
  absl::StatusOr<verifier::Verdict> verdict = Audit();
  ASSERT_OK(verdict.status());
  EXPECT_EQ(verdict->status, v1::MEETING_STATUS_CLOSED);
  EXPECT_EQ(verdict->anonymous_ballots, 2u * (kVoters - 1));

  // And a replay agrees: the meeting is closed, the secrets are gone.
  meeting_.reset();
  meeting_ = Meeting::Load(store_.get(), key_.get(), "m1", secrets_.path() + "/m1");
  ASSERT_OK(meeting_->damage());
  EXPECT_EQ(meeting_->Info(false).status(), v1::MEETING_STATUS_CLOSED);
  EXPECT_FALSE(meeting_->Info(false).closing());
  EXPECT_EQ(meeting_->Info(false).cast(), 2u * (kVoters - 1));
}

}  // namespace
}  // namespace gongxin::server
