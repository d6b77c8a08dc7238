// WitnessService.AddCosignature and the k-of-n publication rule through the
// real server (mutual TLS, RocksDB): every refusal code, cosignatures served
// with GetCheckpoint and surviving a restart, publication refused with k
// unmet and accepted with k met, and the export's publish entry checked by
// the offline verifier.
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/server/refusals.h"
#include "verifier/verifier.h"
#include "crypto/checkpoint.h"
#include "crypto/cosignature.h"
#include "crypto/merkle.h"
#include "crypto/signed_note.h"
#include "gmock/gmock.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "gongxin/v1/transparency.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "ledger/export.h"
#include "ledger/format.h"
#include "ledger/signing.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_server.h"

namespace gongxin {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr uint64_t kTime = 1700000000;

struct Witness {
  std::string name;
  crypto::Ed25519PrivateKey key;
  std::string vkey;
  crypto::Cosigner cosigner() const { return {name, key.public_key()}; }
};

Witness MakeWitness(const std::string& name) {
  auto key = crypto::Ed25519PrivateKey::Generate();
  EXPECT_TRUE(key.ok()) << key.status();
  auto vkey = crypto::CosignerVerifierKeyString(name, key->public_key().raw());
  EXPECT_TRUE(vkey.ok()) << vkey.status();
  return Witness{name, *std::move(key), *std::move(vkey)};
}

class WitnessServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    witnesses_.push_back(MakeWitness("alice.example"));
    witnesses_.push_back(MakeWitness("bob.example"));
    server_ = std::make_unique<testing::TestServer>(dir_.path());
    for (const Witness& w : witnesses_) server_->witness_keys.push_back(w.vkey);
    server_->require_cosignatures = 2;
    ASSERT_OK(server_->Start());
    Connect();
    CreateOpenMeeting();
  }

  void Connect() {
    admin_ = v1::MeetingService::NewStub(server_->Channel("admin"));
    officer_ = v1::TallyService::NewStub(server_->Channel("officer"));
    auditor_ = v1::AuditService::NewStub(server_->Channel("auditor"));
    log_ = v1::TransparencyService::NewStub(server_->Channel("auditor"));
    witness_ = v1::WitnessService::NewStub(server_->Channel("auditor"));
  }

  static std::unique_ptr<grpc::ClientContext> Ctx() {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return ctx;
  }

  grpc::Status Transition(v1::MeetingStatus target) {
    v1::TransitionMeetingRequest t;
    t.set_meeting_id(meeting_);
    t.set_target(target);
    v1::TransitionMeetingResponse tr;
    return admin_->TransitionMeeting(Ctx().get(), t, &tr);
  }

  void CreateOpenMeeting() {
    v1::CreateMeetingRequest req;
    *req.mutable_spec() = testing::SampleSpec();
    *req.mutable_roll() = testing::SampleRoll(10);
    v1::CreateMeetingResponse resp;
    grpc::Status s = admin_->CreateMeeting(Ctx().get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    meeting_ = resp.meeting_id();
    ASSERT_TRUE(Transition(v1::MEETING_STATUS_ANNOUNCED).ok());
    ASSERT_TRUE(Transition(v1::MEETING_STATUS_OPEN).ok());
  }

  void CloseAndCount() {
    ASSERT_TRUE(Transition(v1::MEETING_STATUS_CLOSED).ok());
    v1::CountRequest req;
    req.set_meeting_id(meeting_);
    v1::CountResponse resp;
    grpc::Status s = officer_->Count(Ctx().get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  v1::Checkpoint Checkpoint() {
    v1::GetCheckpointRequest req;
    req.set_meeting_id(meeting_);
    v1::Checkpoint resp;
    grpc::Status s = log_->GetCheckpoint(Ctx().get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp;
  }

  // The checkpoint text of the served note (everything before the blank line).
  static std::string TextOf(const std::string& note) {
    return note.substr(0, note.find("\n\n") + 1);
  }

  std::string Cosigned(const std::string& text, const Witness& w, uint64_t time = kTime) {
    auto line = crypto::SignCosignature(text, w.name, w.key, time);
    EXPECT_TRUE(line.ok()) << line.status();
    return absl::StrCat(text, "\n", *line);
  }

  grpc::Status Add(const std::string& note, v1::AddCosignatureResponse* resp = nullptr,
                   const std::string& meeting = "") {
    v1::AddCosignatureRequest req;
    req.set_meeting_id(meeting.empty() ? meeting_ : meeting);
    req.set_cosigned_note(note);
    v1::AddCosignatureResponse ignored;
    return witness_->AddCosignature(Ctx().get(), req, resp == nullptr ? &ignored : resp);
  }

  crypto::NoteVerifier ServerVerifier() {
    auto verifier =
        crypto::NoteVerifier::FromEd25519("gongxin.local", server_->server()->public_key());
    EXPECT_TRUE(verifier.ok());
    return *verifier;
  }

  std::string Export() {
    v1::ExportRequest req;
    req.set_meeting_id(meeting_);
    auto ctx = Ctx();
    auto reader = auditor_->Export(ctx.get(), req);
    std::ostringstream out;
    ledger::ExportWriter writer(&out);
    v1::ExportRecord record;
    while (reader->Read(&record)) EXPECT_OK(writer.Write(record));
    grpc::Status s = reader->Finish();
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out.str();
  }

  testing::TempDir dir_;
  std::vector<Witness> witnesses_;
  std::unique_ptr<testing::TestServer> server_;
  std::unique_ptr<v1::MeetingService::Stub> admin_;
  std::unique_ptr<v1::TallyService::Stub> officer_;
  std::unique_ptr<v1::AuditService::Stub> auditor_;
  std::unique_ptr<v1::TransparencyService::Stub> log_;
  std::unique_ptr<v1::WitnessService::Stub> witness_;
  std::string meeting_;
};

TEST_F(WitnessServiceTest, AddCosignatureRefusesWithTheRightCode) {
  const std::string text = TextOf(Checkpoint().signed_note());
  EXPECT_RPC_REFUSED(Add(""), INVALID_ARGUMENT, "cosigned_note: required");
  EXPECT_RPC_REFUSED(Add(Cosigned(text, witnesses_[0]), nullptr, "nope"), NOT_FOUND, "nope");

  const Witness stranger = MakeWitness("stranger.example");
  EXPECT_RPC_REFUSED(Add(Cosigned(text, stranger)), PERMISSION_DENIED,
                 "stranger.example+");

  // alice's line over another text, pasted under the real one: a bad signature.
  const std::string other = Cosigned("gongxin.local/meeting/x\n1\n" +
                                         std::string("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"),
                                     witnesses_[0]);
  EXPECT_RPC_REFUSED(Add(absl::StrCat(text, other.substr(other.find("\n\n") + 1))), INVALID_ARGUMENT,
                 "cosigned_note: the cosignature of witness alice.example does not verify");

  crypto::Checkpoint forged{"gongxin.local/meeting/" + meeting_, 3,
                            crypto::LeafHash("a rewritten history"), {}};
  auto forged_text = crypto::FormatCheckpoint(forged);
  ASSERT_OK(forged_text.status());
  EXPECT_RPC_REFUSED(Add(Cosigned(*forged_text, witnesses_[0])), FAILED_PRECONDITION,
                 "at 3 entries has root");

  ASSERT_TRUE(Add(Cosigned(text, witnesses_[0], kTime)).ok());
  EXPECT_RPC_REFUSED(Add(Cosigned(text, witnesses_[0], kTime + 60)), ALREADY_EXISTS,
                 "already cosigned");
  v1::AddCosignatureResponse again;
  ASSERT_TRUE(Add(Cosigned(text, witnesses_[0], kTime), &again).ok())
      << "an identical resubmission is idempotent";
  EXPECT_EQ(again.stored(), 0u);
}

TEST_F(WitnessServiceTest, CheckpointCarriesTheCosignaturesAndTheyAreDurable) {
  const v1::Checkpoint served = Checkpoint();
  const std::string text = TextOf(served.signed_note());
  v1::AddCosignatureResponse r;
  ASSERT_TRUE(Add(Cosigned(text, witnesses_[0]), &r).ok());
  EXPECT_EQ(r.size(), served.size());
  EXPECT_EQ(r.stored(), 1u);
  ASSERT_TRUE(Add(Cosigned(text, witnesses_[1])).ok());

  // Acknowledged means durable: a restarted server still serves both.
  server_->Stop();
  ASSERT_OK(server_->Start());
  Connect();
  const v1::Checkpoint after = Checkpoint();
  auto alice = crypto::CosignatureNoteVerifier(witnesses_[0].cosigner());
  auto bob = crypto::CosignatureNoteVerifier(witnesses_[1].cosigner());
  ASSERT_OK(alice.status());
  ASSERT_OK(bob.status());
  auto opened = crypto::OpenNote(after.signed_note(), {ServerVerifier(), *alice, *bob});
  ASSERT_OK(opened.status());
  EXPECT_EQ(opened->text, text);
  ASSERT_EQ(opened->verified.size(), 3u) << after.signed_note();
  EXPECT_EQ(opened->verified[1].name, "alice.example");
  EXPECT_EQ(opened->verified[2].name, "bob.example");
}

TEST_F(WitnessServiceTest, PublishRefusedUntilKWitnessesCosignedTheCurrentCheckpoint) {
  // Cosigned while open: the log grows after, so these do not count.
  const std::string early = TextOf(Checkpoint().signed_note());
  ASSERT_TRUE(Add(Cosigned(early, witnesses_[0])).ok());
  ASSERT_TRUE(Add(Cosigned(early, witnesses_[1])).ok());
  CloseAndCount();
  EXPECT_RPC_REFUSED(Transition(v1::MEETING_STATUS_PUBLISHED), FAILED_PRECONDITION,
                 "needs cosignatures of 2 distinct configured witnesses on the current "
                 "checkpoint");

  const v1::Checkpoint counted = Checkpoint();
  const std::string text = TextOf(counted.signed_note());
  ASSERT_TRUE(Add(Cosigned(text, witnesses_[0])).ok());
  EXPECT_RPC_REFUSED(Transition(v1::MEETING_STATUS_PUBLISHED), FAILED_PRECONDITION,
                 "but it has 1 (alice.example)");
  ASSERT_TRUE(Add(Cosigned(text, witnesses_[1])).ok());
  grpc::Status published = Transition(v1::MEETING_STATUS_PUBLISHED);
  ASSERT_TRUE(published.ok()) << published.error_message();

  // The publish entry names the cosigned checkpoint; the offline verifier
  // checks it against the chain and the witnesses' keys.
  std::istringstream in(Export());
  verifier::VerifyOptions options;
  options.witnesses = {witnesses_[0].cosigner(), witnesses_[1].cosigner()};
  options.required_cosignatures = 2;
  auto verdict = verifier::VerifyExport(in, server_->server()->public_key(), options);
  ASSERT_OK(verdict.status());
  EXPECT_EQ(verdict->status, v1::MEETING_STATUS_PUBLISHED);
  EXPECT_EQ(verdict->published_checkpoint_size, counted.size());
  EXPECT_THAT(verdict->published_witnesses, ElementsAre("alice.example", "bob.example"));
  EXPECT_THAT(verdict->Summary(), HasSubstr("cosigned by 2 trusted witnesses"));

  // An auditor who trusts a third witness only finds 1 of the 2 it requires.
  std::istringstream again(Export());
  const Witness carol = MakeWitness("carol.example");
  options.witnesses = {witnesses_[0].cosigner(), carol.cosigner()};
  EXPECT_THAT(verifier::VerifyExport(again, server_->server()->public_key(), options).status(),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("valid cosignatures of 1 trusted witnesses, 2 required")));
}

// A server (or anyone with its key) that rewrites which checkpoint a
// publication refers to, and re-signs the head so the hash chain is intact:
// the verifier still catches it.
TEST_F(WitnessServiceTest, VerifierRejectsAPublicationWhoseCheckpointIsNotTheChains) {
  CloseAndCount();
  const std::string text = TextOf(Checkpoint().signed_note());
  ASSERT_TRUE(Add(Cosigned(text, witnesses_[0])).ok());
  ASSERT_TRUE(Add(Cosigned(text, witnesses_[1])).ok());
  ASSERT_TRUE(Transition(v1::MEETING_STATUS_PUBLISHED).ok());

  std::istringstream in(Export());
  ledger::ExportReader reader(&in);
  ASSERT_OK(reader.ReadMagic());
  std::vector<v1::ExportRecord> records;
  v1::ExportRecord record;
  for (;;) {
    auto more = reader.Next(&record);
    ASSERT_OK(more.status());
    if (!*more) break;
    records.push_back(record);
  }
  ASSERT_GE(records.size(), 2u);
  ASSERT_TRUE(records.back().has_head());
  const size_t last = records.size() - 2;  // the publication, just before the head
  v1::Entry publish;
  ASSERT_TRUE(publish.ParseFromString(records[last].entry()));
  const v1::PublishedCheckpoint& p = publish.state_changed().published_checkpoint();
  EXPECT_EQ(p.size(), publish.seq()) << "the cosigned size is the size before the publish entry";
  EXPECT_THAT(p.witnesses(), ElementsAre("alice.example", "bob.example"));

  const crypto::Ed25519PrivateKey server_key = server_->SigningKey();
  const std::string bob_line = p.cosigned_note().substr(p.cosigned_note().find("— bob.example"));
  struct Case {
    std::string name;
    std::function<void(v1::PublishedCheckpoint*)> tamper;
    std::string why;
  } cases[] = {
      {"another root", [](v1::PublishedCheckpoint* c) { c->set_root_hash(crypto::LeafHash("x")); },
       "is not the Merkle root of the"},
      {"another size", [](v1::PublishedCheckpoint* c) { c->set_size(c->size() - 1); },
       "published_checkpoint.size is"},
      {"a cosignature dropped",
       [&](v1::PublishedCheckpoint* c) {
         std::string note = c->cosigned_note();
         note.erase(note.find(bob_line), bob_line.size());
         c->set_cosigned_note(note);
       },
       "valid cosignatures of 1 trusted witnesses, 2 required"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    v1::Entry tampered = publish;
    c.tamper(tampered.mutable_state_changed()->mutable_published_checkpoint());
    std::vector<v1::ExportRecord> altered = records;
    altered[last].set_entry(tampered.SerializeAsString());
    auto head = ledger::SignHead(server_key, meeting_, tampered.seq() + 1,
                                 ledger::EntryHash(altered[last].entry()));
    ASSERT_OK(head.status());
    *altered.back().mutable_head() = *head;
    std::ostringstream out;
    ledger::ExportWriter writer(&out);
    for (const v1::ExportRecord& r : altered) ASSERT_OK(writer.Write(r));
    std::istringstream tampered_in(out.str());
    verifier::VerifyOptions options;
    options.witnesses = {witnesses_[0].cosigner(), witnesses_[1].cosigner()};
    options.required_cosignatures = 2;
    EXPECT_THAT(verifier::VerifyExport(tampered_in, server_->server()->public_key(), options)
                    .status(),
                StatusIs(absl::StatusCode::kDataLoss, HasSubstr(c.why)));
  }
}

TEST(WitnessServiceConfigTest, ServerRefusesToStartWithABadWitnessConfiguration) {
  testing::TempDir dir;
  testing::TestServer server(dir.path());
  server.witness_keys = {"not-a-key"};
  EXPECT_THAT(server.Start(), StatusIs(absl::StatusCode::kInvalidArgument,
                                       HasSubstr("--witness-key")));
  server.witness_keys = {};
  server.require_cosignatures = 1;
  EXPECT_THAT(server.Start(), StatusIs(absl::StatusCode::kInvalidArgument,
                                       HasSubstr("--require-cosignatures")));
}

TEST(WitnessServiceConfigTest, AddCosignatureWithoutWitnessesIsFailedPrecondition) {
  testing::TempDir dir;
  testing::TestServer server(dir.path());
  ASSERT_OK(server.Start());
  auto witness = v1::WitnessService::NewStub(server.Channel("auditor"));
  v1::AddCosignatureRequest req;
  req.set_meeting_id("m");
  req.set_cosigned_note("x\n\n— a b\n");
  v1::AddCosignatureResponse resp;
  grpc::ClientContext ctx;
  grpc::Status s = witness->AddCosignature(&ctx, req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("no witnesses configured"));
}

}  // namespace
}  // namespace gongxin
