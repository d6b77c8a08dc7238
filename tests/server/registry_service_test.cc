// The registry log and GetEntries over gRPC, against the real server: the
// registry checkpoint (meeting_id "") grows with each CreateMeeting and its
// proofs verify against leaves fetched with GetEntries; GetEntries returns
// the exact entry bytes and refuses bad ranges; a named receipt carries the
// checkpoint of the tree that first held its entry, with a proof that holds.
#include <string>
#include <vector>

#include "crypto/checkpoint.h"
#include "crypto/merkle.h"
#include "crypto/signed_note.h"
#include "gmock/gmock.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "gongxin/v1/transparency.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "ledger/format.h"
#include "ledger/registry_leaf.h"
#include "ledger/signing.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_server.h"

namespace gongxin {
namespace {

using ::testing::HasSubstr;

class RegistryServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::TestServer>(dir_.path());
    ASSERT_OK(server_->Start());
    admin_ = v1::MeetingService::NewStub(server_->Channel("admin"));
    kiosk_ = v1::KioskService::NewStub(server_->Channel("kiosk"));
    log_ = v1::TransparencyService::NewStub(server_->Channel("officer"));
    entries_ = v1::LogEntryService::NewStub(server_->Channel("kiosk"));
  }

  static std::unique_ptr<grpc::ClientContext> Ctx() {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return ctx;
  }

  std::string Create(bool open = false) {
    v1::CreateMeetingRequest req;
    *req.mutable_spec() = testing::SampleSpec();
    *req.mutable_roll() = testing::SampleRoll(8);
    v1::CreateMeetingResponse resp;
    grpc::Status s = admin_->CreateMeeting(Ctx().get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    if (open) {
      for (auto target : {v1::MEETING_STATUS_ANNOUNCED, v1::MEETING_STATUS_OPEN}) {
        v1::TransitionMeetingRequest t;
        t.set_meeting_id(resp.meeting_id());
        t.set_target(target);
        v1::TransitionMeetingResponse tr;
        EXPECT_TRUE(admin_->TransitionMeeting(Ctx().get(), t, &tr).ok());
      }
    }
    return resp.meeting_id();
  }

  crypto::NoteVerifier Verifier() {
    auto key = crypto::Ed25519PublicKey::FromRaw(server_->server()->public_key().raw());
    auto verifier = crypto::NoteVerifier::FromEd25519("gongxin.local", *key);
    EXPECT_TRUE(verifier.ok());
    return *verifier;
  }

  crypto::Checkpoint Open(const std::string& note) {
    auto opened = crypto::OpenNote(note, {Verifier()});
    EXPECT_TRUE(opened.ok()) << opened.status();
    if (!opened.ok()) return {};
    auto cp = crypto::ParseCheckpoint(opened->text);
    EXPECT_TRUE(cp.ok()) << cp.status();
    return cp.ok() ? *cp : crypto::Checkpoint{};
  }

  crypto::Checkpoint RegistryCheckpoint() {
    v1::GetCheckpointRequest req;  // meeting_id "": the registry log
    v1::Checkpoint resp;
    grpc::Status s = log_->GetCheckpoint(Ctx().get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return Open(resp.signed_note());
  }

  grpc::Status GetEntries(const std::string& id, uint64_t start, uint64_t end, v1::Entries* out) {
    v1::GetEntriesRequest req;
    req.set_meeting_id(id);
    req.set_start(start);
    req.set_end(end);
    return entries_->GetEntries(Ctx().get(), req, out);
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::TestServer> server_;
  std::unique_ptr<v1::MeetingService::Stub> admin_;
  std::unique_ptr<v1::KioskService::Stub> kiosk_;
  std::unique_ptr<v1::TransparencyService::Stub> log_;
  std::unique_ptr<v1::LogEntryService::Stub> entries_;
};

TEST_F(RegistryServiceTest, RegistryCheckpointGrowsWithEachMeetingAndItsProofsVerify) {
  crypto::Checkpoint empty = RegistryCheckpoint();
  EXPECT_EQ(empty.origin, "gongxin.local/registry");
  EXPECT_EQ(empty.size, 0u);
  std::vector<std::string> ids;
  std::vector<crypto::Checkpoint> seen;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(Create());
    seen.push_back(RegistryCheckpoint());
    EXPECT_EQ(seen.back().size, static_cast<uint64_t>(i + 1)) << "after meeting " << i;
  }
  v1::Entries leaves;
  grpc::Status s = GetEntries("", 0, 3, &leaves);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(leaves.entries_size(), 3);
  std::vector<std::string> hashes;
  for (int i = 0; i < 3; ++i) {
    auto leaf = ledger::ParseRegistryLeaf(leaves.entries(i));
    ASSERT_TRUE(leaf.ok()) << leaf.status();
    EXPECT_EQ(leaf->meeting_id, ids[i]);
    v1::Entries genesis;
    ASSERT_TRUE(GetEntries(ids[i], 0, 1, &genesis).ok());
    EXPECT_EQ(leaf->genesis_hash, ledger::EntryHash(genesis.entries(0)));
    hashes.push_back(crypto::LeafHash(leaves.entries(i)));
  }
  EXPECT_EQ(seen[2].root_hash, crypto::RootFromLeafHashes(hashes));
  for (uint64_t i = 0; i < 3; ++i) {
    v1::InclusionProofRequest req;
    req.set_leaf_index(i);
    v1::Proof proof;
    ASSERT_TRUE(log_->GetInclusionProof(Ctx().get(), req, &proof).ok());
    EXPECT_EQ(proof.leaf_hash(), hashes[i]);
    EXPECT_OK(crypto::VerifyInclusion(i, 3, hashes[i], {proof.hashes().begin(), proof.hashes().end()},
                                      seen[2].root_hash));
  }
  v1::ConsistencyProofRequest creq;
  creq.set_first(1);
  creq.set_second(3);
  v1::Proof consistency;
  ASSERT_TRUE(log_->GetConsistencyProof(Ctx().get(), creq, &consistency).ok());
  EXPECT_OK(crypto::VerifyConsistency(1, 3, seen[0].root_hash, seen[2].root_hash,
                                      {consistency.hashes().begin(), consistency.hashes().end()}));

  // The same tree after a restart.
  server_->Stop();
  ASSERT_OK(server_->Start());
  log_ = v1::TransparencyService::NewStub(server_->Channel("officer"));
  crypto::Checkpoint after = RegistryCheckpoint();
  EXPECT_EQ(after.size, 3u);
  EXPECT_EQ(after.root_hash, seen[2].root_hash);
}

TEST_F(RegistryServiceTest, GetEntriesReturnsTheExactChainBytes) {
  const std::string id = Create(/*open=*/true);
  v1::Entries page;
  grpc::Status s = GetEntries(id, 0, 3, &page);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(page.start(), 0u);
  EXPECT_EQ(page.log_size(), 3u);
  ASSERT_EQ(page.entries_size(), 3);
  // Each links to the one before by hash: they are the chain's bytes.
  for (int i = 1; i < 3; ++i) {
    v1::Entry entry;
    ASSERT_TRUE(entry.ParseFromString(page.entries(i)));
    EXPECT_EQ(entry.prev_hash(), ledger::EntryHash(page.entries(i - 1)));
  }
  v1::Checkpoint cp;
  v1::GetCheckpointRequest creq;
  creq.set_meeting_id(id);
  ASSERT_TRUE(log_->GetCheckpoint(Ctx().get(), creq, &cp).ok());
  std::vector<std::string> hashes;
  for (const std::string& e : page.entries()) hashes.push_back(crypto::LeafHash(e));
  EXPECT_EQ(cp.root_hash(), crypto::RootFromLeafHashes(hashes));
}

TEST_F(RegistryServiceTest, GetEntriesRefusesBadRanges) {
  const std::string id = Create(/*open=*/true);
  v1::Entries page;
  grpc::Status s = GetEntries(id, 2, 2, &page);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("end: 2 must be larger than start (2)"));
  s = GetEntries(id, 0, 1001, &page);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("at most 1000 entries per call"));
  s = GetEntries(id, 0, 4, &page);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("end: 4 is past the end of the log of meeting"));
  s = GetEntries("", 0, 2, &page);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("the registry log (1 entries)"));
  s = GetEntries("no-such-meeting", 0, 1, &page);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(s.error_message(), HasSubstr("meeting_id"));
  // Exactly 1000 is a page; the limit is on the size, not the position.
  s = GetEntries(id, 1000, 2000, &page);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("past the end"));
}

TEST_F(RegistryServiceTest, NamedReceiptCarriesTheCheckpointOfItsCommitWithAProof) {
  const std::string id = Create(/*open=*/true);
  v1::CheckInRequest in;
  in.set_meeting_id(id);
  in.set_voter_id(testing::VoterId(1));
  v1::CheckInResponse credentials;
  grpc::Status checked_in = kiosk_->CheckIn(Ctx().get(), in, &credentials);
  ASSERT_TRUE(checked_in.ok()) << checked_in.error_message();
  v1::CastRequest cast;
  *cast.mutable_credential() = credentials.credentials(0);
  v1::Ballot* b = cast.mutable_ballot();
  b->set_form_id("rec");
  auto* a = b->add_answers();
  a->set_question_id("head");
  a->add_choices("c1");
  v1::CastResponse resp;
  grpc::Status s = kiosk_->Cast(Ctx().get(), cast, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const v1::Receipt& r = resp.receipt();
  EXPECT_OK(ledger::VerifyReceipt(server_->server()->public_key(), r));

  crypto::Checkpoint cp = Open(r.checkpoint());
  EXPECT_EQ(cp.origin, "gongxin.local/meeting/" + id);
  EXPECT_EQ(cp.size, r.seq() + 1) << "the tree right after the commit that wrote the ballot";
  v1::Entries entry;
  ASSERT_TRUE(GetEntries(id, r.seq(), r.seq() + 1, &entry).ok());
  EXPECT_EQ(r.leaf_hash(), crypto::LeafHash(entry.entries(0)));
  EXPECT_EQ(r.entry_hash(), ledger::EntryHash(entry.entries(0)));
  EXPECT_OK(crypto::VerifyInclusion(r.seq(), cp.size, r.leaf_hash(),
                                    {r.inclusion_proof().begin(), r.inclusion_proof().end()},
                                    cp.root_hash));
  // The leaf hash is signed: a receipt with another leaf hash does not verify.
  v1::Receipt altered = r;
  altered.set_leaf_hash(crypto::LeafHash("another entry"));
  EXPECT_FALSE(ledger::VerifyReceipt(server_->server()->public_key(), altered).ok());
}

}  // namespace
}  // namespace gongxin
