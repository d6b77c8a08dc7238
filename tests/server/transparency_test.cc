// TransparencyService in process: the real server over mutual TLS with a
// real RocksDB directory. Every checkpoint is opened and every proof checked
// with the crypto library's own verifiers, against roots recomputed from the
// exported entry bytes.
#include <map>
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
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_server.h"

namespace gongxin {
namespace {

using ::testing::HasSubstr;

class TransparencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::TestServer>(dir_.path());
    ASSERT_OK(server_->Start());
    Connect();
  }

  void Connect() {
    admin_ = v1::MeetingService::NewStub(server_->Channel("admin"));
    kiosk_ = v1::KioskService::NewStub(server_->Channel("kiosk"));
    auditor_ = v1::AuditService::NewStub(server_->Channel("auditor"));
    for (const char* role : {"admin", "kiosk", "officer", "auditor"}) {
      log_[role] = v1::TransparencyService::NewStub(server_->Channel(role));
    }
  }

  static std::unique_ptr<grpc::ClientContext> Ctx() {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return ctx;
  }

  void CreateOpenMeeting() {
    v1::CreateMeetingRequest req;
    *req.mutable_spec() = testing::SampleSpec();
    *req.mutable_roll() = testing::SampleRoll(20);
    v1::CreateMeetingResponse resp;
    grpc::Status s = admin_->CreateMeeting(Ctx().get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    meeting_ = resp.meeting_id();
    for (auto target : {v1::MEETING_STATUS_ANNOUNCED, v1::MEETING_STATUS_OPEN}) {
      v1::TransitionMeetingRequest t;
      t.set_meeting_id(meeting_);
      t.set_target(target);
      v1::TransitionMeetingResponse tr;
      ASSERT_TRUE(admin_->TransitionMeeting(Ctx().get(), t, &tr).ok());
    }
  }

  // Checks voter i in and casts a ballot: two entries.
  void Vote(int i) {
    v1::CheckInRequest in;
    in.set_meeting_id(meeting_);
    in.set_voter_id(testing::VoterId(i));
    v1::CheckInResponse credentials;
    grpc::Status s = kiosk_->CheckIn(Ctx().get(), in, &credentials);
    ASSERT_TRUE(s.ok()) << s.error_message();
    v1::CastRequest cast;
    *cast.mutable_credential() = credentials.credentials(0);
    v1::Ballot* b = cast.mutable_ballot();
    b->set_form_id("rec");
    auto* a = b->add_answers();
    a->set_question_id("head");
    a->add_choices("c1");
    v1::CastResponse receipt;
    s = kiosk_->Cast(Ctx().get(), cast, &receipt);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // The leaf hashes of the exported entries, in order.
  std::vector<std::string> ExportedLeafHashes() {
    v1::ExportRequest req;
    req.set_meeting_id(meeting_);
    auto ctx = Ctx();
    auto reader = auditor_->Export(ctx.get(), req);
    std::vector<std::string> leaves;
    v1::ExportRecord record;
    while (reader->Read(&record)) {
      if (record.has_entry()) leaves.push_back(crypto::LeafHash(record.entry()));
    }
    grpc::Status s = reader->Finish();
    EXPECT_TRUE(s.ok()) << s.error_message();
    return leaves;
  }

  static std::string RootOf(const std::vector<std::string>& leaves, uint64_t size) {
    return crypto::RootFromLeafHashes(
        std::vector<std::string>(leaves.begin(), leaves.begin() + size));
  }

  crypto::NoteVerifier ServerVerifier() {
    auto key = crypto::Ed25519PublicKey::FromRaw(server_->server()->public_key().raw());
    EXPECT_TRUE(key.ok());
    auto verifier = crypto::NoteVerifier::FromEd25519("gongxin.local", *key);
    EXPECT_TRUE(verifier.ok());
    return *verifier;
  }

  grpc::Status GetCheckpoint(const std::string& meeting, v1::Checkpoint* resp,
                             const char* role = "auditor") {
    v1::GetCheckpointRequest req;
    req.set_meeting_id(meeting);
    return log_[role]->GetCheckpoint(Ctx().get(), req, resp);
  }

  // Fetches, opens and parses the latest checkpoint.
  crypto::Checkpoint VerifiedCheckpoint(const char* role = "auditor") {
    v1::Checkpoint resp;
    grpc::Status s = GetCheckpoint(meeting_, &resp, role);
    EXPECT_TRUE(s.ok()) << s.error_message();
    absl::StatusOr<crypto::OpenedNote> opened =
        crypto::OpenNote(resp.signed_note(), {ServerVerifier()});
    EXPECT_TRUE(opened.ok()) << opened.status();
    if (!opened.ok()) return {};
    absl::StatusOr<crypto::Checkpoint> checkpoint = crypto::ParseCheckpoint(opened->text);
    EXPECT_TRUE(checkpoint.ok()) << checkpoint.status();
    if (!checkpoint.ok()) return {};
    EXPECT_EQ(checkpoint->size, resp.size());
    EXPECT_EQ(checkpoint->root_hash, resp.root_hash());
    return *checkpoint;
  }

  grpc::Status Inclusion(const std::string& meeting, uint64_t index, uint64_t size,
                         v1::Proof* proof) {
    v1::InclusionProofRequest req;
    req.set_meeting_id(meeting);
    req.set_leaf_index(index);
    req.set_tree_size(size);
    return log_["auditor"]->GetInclusionProof(Ctx().get(), req, proof);
  }
  grpc::Status Consistency(const std::string& meeting, uint64_t first, uint64_t second,
                           v1::Proof* proof) {
    v1::ConsistencyProofRequest req;
    req.set_meeting_id(meeting);
    req.set_first(first);
    req.set_second(second);
    return log_["auditor"]->GetConsistencyProof(Ctx().get(), req, proof);
  }
  static std::vector<std::string> Hashes(const v1::Proof& proof) {
    return {proof.hashes().begin(), proof.hashes().end()};
  }

  // Every leaf's inclusion proof in the tree of `size` verifies against `root`.
  void ExpectEveryInclusionVerifies(const std::vector<std::string>& leaves, uint64_t size,
                                    const std::string& root, uint64_t request_size) {
    for (uint64_t i = 0; i < size; ++i) {
      v1::Proof proof;
      grpc::Status s = Inclusion(meeting_, i, request_size, &proof);
      ASSERT_TRUE(s.ok()) << "leaf " << i << ": " << s.error_message();
      EXPECT_EQ(proof.tree_size(), size);
      EXPECT_EQ(proof.leaf_hash(), leaves[i]) << "leaf " << i;
      EXPECT_OK(crypto::VerifyInclusion(i, size, leaves[i], Hashes(proof), root))
          << "leaf " << i << " of " << size;
    }
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::TestServer> server_;
  std::unique_ptr<v1::MeetingService::Stub> admin_;
  std::unique_ptr<v1::KioskService::Stub> kiosk_;
  std::unique_ptr<v1::AuditService::Stub> auditor_;
  std::map<std::string, std::unique_ptr<v1::TransparencyService::Stub>> log_;
  std::string meeting_;
};

TEST_F(TransparencyTest, CheckpointIsSignedAndCommitsToTheExportedEntries) {
  CreateOpenMeeting();
  for (int i = 1; i <= 5; ++i) Vote(i);
  const std::vector<std::string> leaves = ExportedLeafHashes();
  ASSERT_EQ(leaves.size(), 13u);  // genesis, announce, open, 5 × (check-in, cast)

  // Every role may read it.
  for (const char* role : {"admin", "kiosk", "officer", "auditor"}) {
    SCOPED_TRACE(role);
    crypto::Checkpoint checkpoint = VerifiedCheckpoint(role);
    EXPECT_EQ(checkpoint.origin, "gongxin.local/meeting/" + meeting_);
    EXPECT_EQ(checkpoint.size, leaves.size());
    EXPECT_EQ(checkpoint.root_hash, crypto::RootFromLeafHashes(leaves));
    EXPECT_TRUE(checkpoint.extensions.empty());
  }
  // The note is signed by the server key under the log name, and nothing else.
  v1::Checkpoint resp;
  ASSERT_TRUE(GetCheckpoint(meeting_, &resp).ok());
  ASSERT_OK_AND_ASSIGN(crypto::OpenedNote opened,
                       crypto::OpenNote(resp.signed_note(), {ServerVerifier()}));
  ASSERT_EQ(opened.verified.size(), 1u);
  EXPECT_EQ(opened.verified[0].name, "gongxin.local");
  EXPECT_TRUE(opened.unverified.empty());
  // Another key does not open it.
  ASSERT_OK_AND_ASSIGN(auto other, crypto::Ed25519PrivateKey::Generate());
  ASSERT_OK_AND_ASSIGN(auto other_verifier,
                       crypto::NoteVerifier::FromEd25519("gongxin.local", other.public_key()));
  EXPECT_FALSE(crypto::OpenNote(resp.signed_note(), {other_verifier}).ok());
}

TEST_F(TransparencyTest, VerifierKeyIsTheServerKey) {
  v1::VerifierKey vkey;
  grpc::Status s = log_["kiosk"]->GetVerifierKey(Ctx().get(), v1::GetVerifierKeyRequest(), &vkey);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_OK_AND_ASSIGN(crypto::NoteVerifier verifier, crypto::ParseVerifierKey(vkey.verifier_key()));
  EXPECT_EQ(verifier.name(), "gongxin.local");
  EXPECT_EQ(verifier.key_id(),
            crypto::NoteKeyId("gongxin.local", server_->server()->public_key().raw()));
  ASSERT_OK_AND_ASSIGN(std::string expected,
                       crypto::VerifierKeyString("gongxin.local",
                                                 server_->server()->public_key().raw()));
  EXPECT_EQ(vkey.verifier_key(), expected);
  // It opens a checkpoint.
  CreateOpenMeeting();
  v1::Checkpoint resp;
  ASSERT_TRUE(GetCheckpoint(meeting_, &resp).ok());
  EXPECT_OK(crypto::OpenNote(resp.signed_note(), {verifier}).status());
}

TEST_F(TransparencyTest, EveryInclusionProofVerifies) {
  CreateOpenMeeting();
  for (int i = 1; i <= 6; ++i) Vote(i);
  const std::vector<std::string> leaves = ExportedLeafHashes();
  const crypto::Checkpoint checkpoint = VerifiedCheckpoint();
  ASSERT_EQ(checkpoint.size, leaves.size());
  // Latest (tree_size 0) against the checkpoint's root.
  ExpectEveryInclusionVerifies(leaves, checkpoint.size, checkpoint.root_hash, 0);
  // Every earlier tree size too.
  for (uint64_t size = 1; size <= leaves.size(); ++size) {
    SCOPED_TRACE(size);
    ExpectEveryInclusionVerifies(leaves, size, RootOf(leaves, size), size);
  }
}

TEST_F(TransparencyTest, ConsistencyProofsLinkEarlierCheckpointsToLater) {
  CreateOpenMeeting();
  Vote(1);
  const crypto::Checkpoint earlier = VerifiedCheckpoint();
  for (int i = 2; i <= 7; ++i) Vote(i);
  const crypto::Checkpoint later = VerifiedCheckpoint();
  ASSERT_LT(earlier.size, later.size);

  v1::Proof proof;
  grpc::Status s = Consistency(meeting_, earlier.size, later.size, &proof);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(proof.tree_size(), later.size);
  EXPECT_OK(crypto::VerifyConsistency(earlier.size, later.size, earlier.root_hash,
                                      later.root_hash, Hashes(proof)));
  // A proof between other sizes does not link these two roots.
  ASSERT_TRUE(Consistency(meeting_, earlier.size + 1, later.size, &proof).ok());
  EXPECT_FALSE(crypto::VerifyConsistency(earlier.size, later.size, earlier.root_hash,
                                         later.root_hash, Hashes(proof))
                   .ok());

  // Every pair of sizes, against roots recomputed from the export.
  const std::vector<std::string> leaves = ExportedLeafHashes();
  ASSERT_EQ(leaves.size(), later.size);
  for (uint64_t first = 0; first <= leaves.size(); ++first) {
    for (uint64_t second = first; second <= leaves.size(); ++second) {
      v1::Proof p;
      s = Consistency(meeting_, first, second, &p);
      ASSERT_TRUE(s.ok()) << first << " → " << second << ": " << s.error_message();
      EXPECT_OK(crypto::VerifyConsistency(first, second, RootOf(leaves, first),
                                          RootOf(leaves, second), Hashes(p)))
          << first << " → " << second;
    }
  }
}

TEST_F(TransparencyTest, TreeSurvivesARestart) {
  CreateOpenMeeting();
  for (int i = 1; i <= 4; ++i) Vote(i);
  const crypto::Checkpoint before = VerifiedCheckpoint();

  server_->Stop();
  ASSERT_OK(server_->Start());
  Connect();

  const crypto::Checkpoint after = VerifiedCheckpoint();
  EXPECT_EQ(after, before);
  const std::vector<std::string> leaves = ExportedLeafHashes();
  ExpectEveryInclusionVerifies(leaves, after.size, after.root_hash, 0);

  // Writes after the restart extend the same tree.
  for (int i = 5; i <= 7; ++i) Vote(i);
  const crypto::Checkpoint later = VerifiedCheckpoint();
  v1::Proof proof;
  ASSERT_TRUE(Consistency(meeting_, before.size, later.size, &proof).ok());
  EXPECT_OK(crypto::VerifyConsistency(before.size, later.size, before.root_hash,
                                      later.root_hash, Hashes(proof)));
  EXPECT_EQ(later.root_hash, crypto::RootFromLeafHashes(ExportedLeafHashes()));
}

TEST_F(TransparencyTest, ClosingTheMeetingExtendsTheTreeConsistently) {
  CreateOpenMeeting();
  Vote(1);
  const crypto::Checkpoint open = VerifiedCheckpoint();
  v1::TransitionMeetingRequest t;
  t.set_meeting_id(meeting_);
  t.set_target(v1::MEETING_STATUS_CLOSED);
  v1::TransitionMeetingResponse tr;
  ASSERT_TRUE(admin_->TransitionMeeting(Ctx().get(), t, &tr).ok());
  const crypto::Checkpoint closed = VerifiedCheckpoint();
  EXPECT_EQ(closed.size, tr.head().size()) << "the tree and the signed chain head disagree";
  EXPECT_EQ(closed.root_hash, crypto::RootFromLeafHashes(ExportedLeafHashes()));
  v1::Proof proof;
  ASSERT_TRUE(Consistency(meeting_, open.size, closed.size, &proof).ok());
  EXPECT_OK(crypto::VerifyConsistency(open.size, closed.size, open.root_hash,
                                      closed.root_hash, Hashes(proof)));
}

TEST_F(TransparencyTest, RefusalsNameTheField) {
  CreateOpenMeeting();
  Vote(1);
  const uint64_t size = VerifiedCheckpoint().size;
  v1::Proof proof;

  grpc::Status s = Inclusion(meeting_, size, 0, &proof);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("leaf_index"));
  s = Inclusion(meeting_, 3, 3, &proof);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("leaf_index"));
  s = Inclusion(meeting_, 0, size + 1, &proof);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("tree_size"));

  s = Consistency(meeting_, 3, 2, &proof);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("first"));
  s = Consistency(meeting_, 1, size + 1, &proof);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("second"));
  // first > second is refused before the meeting is even looked up.
  s = Consistency("no-such-meeting", 3, 2, &proof);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("first"));

  v1::Checkpoint checkpoint;
  s = GetCheckpoint("no-such-meeting", &checkpoint);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(s.error_message(), HasSubstr("meeting_id"));
  s = Inclusion("no-such-meeting", 0, 0, &proof);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(s.error_message(), HasSubstr("meeting_id"));
  s = Consistency("no-such-meeting", 0, 1, &proof);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(s.error_message(), HasSubstr("meeting_id"));
  // meeting_id "" is the registry log (registry_service_test.cc), not an error.
  s = GetCheckpoint("", &checkpoint);
  EXPECT_TRUE(s.ok()) << s.error_message();
  EXPECT_THAT(checkpoint.signed_note(), HasSubstr("gongxin.local/registry\n"));

  // A client without a role is turned away.
  auto anonymous = v1::TransparencyService::NewStub(server_->AnonymousChannel());
  s = anonymous->GetCheckpoint(Ctx().get(), v1::GetCheckpointRequest(), &checkpoint);
  EXPECT_FALSE(s.ok());
}

TEST(TransparencyOptionsTest, LogNameMustBeANoteKeyName) {
  testing::TempDir dir;
  server::ServerOptions o;
  o.insecure = true;
  o.data_dir = dir.path() + "/data";
  for (const char* bad : {"", "has space", "a+b"}) {
    o.log_name = bad;
    EXPECT_THAT(server::Server::Start(o).status(),
                testing::StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--log-name")))
        << bad;
  }
}

}  // namespace
}  // namespace gongxin
