// CosignatureBook on an in-memory store under a real Meeting: what it
// accepts as a witness cosignature, what it refuses and with which code,
// that nothing is acknowledged before the store write, and the k-of-n rule
// a publication must meet.
#include "server/cosignature_book.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "crypto/checkpoint.h"
#include "crypto/merkle.h"
#include "crypto/signed_note.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/fault_injection.h"
#include "storage/memory_store.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::server {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kLogName[] = "gongxin.test";
constexpr uint64_t kTime = 1700000000;

struct Witness {
  std::string name;
  crypto::Ed25519PrivateKey key;
  std::string vkey;
};

Witness MakeWitness(const std::string& name) {
  auto key = crypto::Ed25519PrivateKey::Generate();
  EXPECT_TRUE(key.ok()) << key.status();
  auto vkey = crypto::CosignerVerifierKeyString(name, key->public_key().raw());
  EXPECT_TRUE(vkey.ok()) << vkey.status();
  return Witness{name, *std::move(key), *std::move(vkey)};
}

class CosignatureBookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(auto key, crypto::Ed25519PrivateKey::Generate());
    key_ = std::make_unique<crypto::Ed25519PrivateKey>(std::move(key));
    store_ = std::make_unique<storage::FaultInjectingStore>(storage::NewMemoryStore());
    ASSERT_OK_AND_ASSIGN(meeting_, Meeting::Create(store_.get(), key_.get(), "m1",
                                                   testing::SampleSpec(),
                                                   testing::SampleRoll(10), "admin-1",
                                                   "/nonexistent/secrets"));
    ASSERT_OK(meeting_->Transition(v1::MEETING_STATUS_ANNOUNCED, "admin-1").status());
    ASSERT_OK(meeting_->Transition(v1::MEETING_STATUS_OPEN, "admin-1").status());
    witnesses_.push_back(MakeWitness("alice.example"));
    witnesses_.push_back(MakeWitness("bob.example"));
    witnesses_.push_back(MakeWitness("carol.example"));
    MakeBook(2);
  }

  void MakeBook(int required) {
    std::vector<std::string> vkeys;
    for (const Witness& w : witnesses_) vkeys.push_back(w.vkey);
    auto book = CosignatureBook::Create(store_.get(), key_.get(), kLogName, vkeys, required);
    ASSERT_TRUE(book.ok()) << book.status();
    book_ = *std::move(book);
  }

  Meeting::LogHead Head() {
    auto head = meeting_->TreeHead();
    EXPECT_TRUE(head.ok()) << head.status();
    return *head;
  }

  std::string Text(const Meeting::LogHead& head) {
    auto text = book_->CheckpointText(*meeting_, head);
    EXPECT_TRUE(text.ok()) << text.status();
    return *text;
  }

  // What `audit cosign` submits: the checkpoint text, a blank line, and the
  // witness's cosignature line.
  std::string Cosigned(const std::string& text, const Witness& w, uint64_t time = kTime) {
    auto line = crypto::SignCosignature(text, w.name, w.key, time);
    EXPECT_TRUE(line.ok()) << line.status();
    return absl::StrCat(text, "\n", *line);
  }

  void Advance() {
    static int voter = 0;
    ASSERT_OK(meeting_->CheckIn(testing::VoterId(++voter), "kiosk-1").status());
  }

  std::unique_ptr<crypto::Ed25519PrivateKey> key_;
  std::unique_ptr<storage::FaultInjectingStore> store_;
  std::unique_ptr<Meeting> meeting_;
  std::vector<Witness> witnesses_;
  std::unique_ptr<CosignatureBook> book_;
};

TEST_F(CosignatureBookTest, ConfigurationIsCheckedAtStart) {
  const std::string a = witnesses_[0].vkey;
  auto server_vkey = crypto::VerifierKeyString("server", key_->public_key().raw());
  ASSERT_OK(server_vkey.status());
  struct Case {
    std::vector<std::string> vkeys;
    int required;
    std::string why;
  } cases[] = {
      {{"not a key"}, 0, "--witness-key \"not a key\""},
      {{*server_vkey}, 0, "expected 04 (cosignature/v1)"},
      {{a, a}, 1, "two witnesses are named \"alice.example\""},
      {{a}, 2, "--require-cosignatures: 2 must be between 0 and"},
      {{a}, -1, "--require-cosignatures: -1"},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(CosignatureBook::Create(store_.get(), key_.get(), kLogName, c.vkeys, c.required)
                    .status(),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.why)));
  }
  auto same_key =
      crypto::CosignerVerifierKeyString("mallory", witnesses_[0].key.public_key().raw());
  ASSERT_OK(same_key.status());
  EXPECT_THAT(
      CosignatureBook::Create(store_.get(), key_.get(), kLogName, {a, *same_key}, 2).status(),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("public key of another witness")));
}

TEST_F(CosignatureBookTest, StoresAValidCosignatureAndServesItWithTheCheckpoint) {
  const Meeting::LogHead head = Head();
  const std::string submitted = Cosigned(Text(head), witnesses_[0]);
  ASSERT_OK_AND_ASSIGN(v1::AddCosignatureResponse r, book_->Add(*meeting_, submitted));
  EXPECT_EQ(r.size(), head.size);
  EXPECT_EQ(r.stored(), 1u);

  // The served note is one valid signed note: the server's signature and
  // the witness's cosignature, both verifying.
  ASSERT_OK_AND_ASSIGN(std::string note, book_->CheckpointNote(*meeting_, head));
  ASSERT_OK_AND_ASSIGN(auto server, crypto::NoteVerifier::FromEd25519(kLogName, key_->public_key()));
  ASSERT_OK_AND_ASSIGN(auto alice, crypto::CosignatureNoteVerifier(
                                       {witnesses_[0].name, witnesses_[0].key.public_key()}));
  ASSERT_OK_AND_ASSIGN(crypto::OpenedNote opened, crypto::OpenNote(note, {server, alice}));
  EXPECT_EQ(opened.text, Text(head));
  ASSERT_EQ(opened.verified.size(), 2u);
  EXPECT_EQ(opened.verified[1].name, "alice.example");

  // The server's own signature line may stay in the submission.
  ASSERT_OK_AND_ASSIGN(std::string plain, crypto::SignNote(Text(head), kLogName, *key_));
  auto bob = crypto::SignCosignature(Text(head), "bob.example", witnesses_[1].key, kTime);
  ASSERT_OK(bob.status());
  ASSERT_OK_AND_ASSIGN(r, book_->Add(*meeting_, plain + *bob));
  EXPECT_EQ(r.stored(), 1u);
}

TEST_F(CosignatureBookTest, UnknownWitnessIsPermissionDenied) {
  const Witness stranger = MakeWitness("stranger.example");
  EXPECT_THAT(book_->Add(*meeting_, Cosigned(Text(Head()), stranger)).status(),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("stranger.example+")));
  // A configured name with another key is a stranger too.
  const Witness impostor{"alice.example", MakeWitness("x").key, ""};
  EXPECT_THAT(book_->Add(*meeting_, Cosigned(Text(Head()), impostor)).status(),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("not a witness of this server")));
}

TEST_F(CosignatureBookTest, BadSignatureIsInvalidArgumentNamingTheField) {
  const std::string text = Text(Head());
  std::string submitted = Cosigned(text, witnesses_[0]);
  // Flip one bit of the Ed25519 signature (base64 near the end of the line).
  std::string line = submitted.substr(text.size() + 1);
  auto parsed = crypto::ParseNoteSignatureLine(line);
  ASSERT_OK(parsed.status());
  parsed->signature[20] ^= 0x01;
  ASSERT_OK_AND_ASSIGN(std::string bad_line, crypto::FormatNoteSignatureLine(*parsed));
  EXPECT_THAT(book_->Add(*meeting_, absl::StrCat(text, "\n", bad_line)).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("cosigned_note: the cosignature of witness alice.example does "
                                 "not verify")));

  // Malformed notes.
  for (const std::string& note :
       {text, absl::StrCat(text, "\n"), absl::StrCat("not a checkpoint\n\n", line),
        absl::StrCat(text, "\n", "— alice.example !!!\n")}) {
    EXPECT_THAT(book_->Add(*meeting_, note).status(),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("cosigned_note")));
  }
  // Only the server's own line: nothing to store.
  ASSERT_OK_AND_ASSIGN(std::string plain, crypto::SignNote(text, kLogName, *key_));
  EXPECT_THAT(book_->Add(*meeting_, plain).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no cosignature line")));
}

TEST_F(CosignatureBookTest, CheckpointTheServerNeverHadIsFailedPrecondition) {
  const Meeting::LogHead head = Head();
  // Another root for the current size: a rewritten history.
  Meeting::LogHead forged = head;
  forged.root_hash = crypto::LeafHash("a rewritten history");
  EXPECT_THAT(book_->Add(*meeting_, Cosigned(Text(forged), witnesses_[0])).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("has root")));
  // A size the log never reached.
  Meeting::LogHead future{head.size + 5, head.root_hash};
  EXPECT_THAT(book_->Add(*meeting_, Cosigned(Text(future), witnesses_[0])).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr(absl::StrCat("never had ", head.size + 5, " entries"))));
  // Another meeting's (or log's) origin.
  crypto::Checkpoint other{"elsewhere/meeting/m1", head.size, head.root_hash, {}};
  ASSERT_OK_AND_ASSIGN(std::string other_text, crypto::FormatCheckpoint(other));
  EXPECT_THAT(book_->Add(*meeting_, Cosigned(other_text, witnesses_[0])).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("origin")));
  // Nothing was stored by any refusal.
  ASSERT_OK_AND_ASSIGN(std::string note, book_->CheckpointNote(*meeting_, head));
  EXPECT_THAT(note, Not(HasSubstr("alice.example")));
}

TEST_F(CosignatureBookTest, EarlierSizeTheLogHadIsAccepted) {
  const Meeting::LogHead before = Head();
  Advance();
  ASSERT_OK_AND_ASSIGN(auto r, book_->Add(*meeting_, Cosigned(Text(before), witnesses_[0])));
  EXPECT_EQ(r.size(), before.size);
  // Served with the checkpoint of that size, not with the latest one.
  ASSERT_OK_AND_ASSIGN(std::string old_note, book_->CheckpointNote(*meeting_, before));
  EXPECT_THAT(old_note, HasSubstr("alice.example"));
  ASSERT_OK_AND_ASSIGN(std::string new_note, book_->CheckpointNote(*meeting_, Head()));
  EXPECT_THAT(new_note, Not(HasSubstr("alice.example")));
}

TEST_F(CosignatureBookTest, ResubmissionIsIdempotentButASecondCosignatureIsAlreadyExists) {
  const std::string text = Text(Head());
  const std::string first = Cosigned(text, witnesses_[0], kTime);
  ASSERT_OK(book_->Add(*meeting_, first).status());
  ASSERT_OK_AND_ASSIGN(auto again, book_->Add(*meeting_, first));
  EXPECT_EQ(again.stored(), 0u) << "an identical resubmission writes nothing";
  EXPECT_THAT(book_->Add(*meeting_, Cosigned(text, witnesses_[0], kTime + 1)).status(),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       HasSubstr("already cosigned meeting m1")));
  // The first one is what is served.
  ASSERT_OK_AND_ASSIGN(std::string note, book_->CheckpointNote(*meeting_, Head()));
  EXPECT_THAT(note, HasSubstr(first.substr(text.size() + 1)));
}

TEST_F(CosignatureBookTest, NothingIsAcknowledgedWhenTheStoreWriteFails) {
  store_->FailNextAppends(1, absl::UnavailableError("disk on fire"));
  EXPECT_THAT(book_->Add(*meeting_, Cosigned(Text(Head()), witnesses_[0])).status(),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("disk on fire")));
  ASSERT_OK_AND_ASSIGN(std::string note, book_->CheckpointNote(*meeting_, Head()));
  EXPECT_THAT(note, Not(HasSubstr("alice.example")));
}

TEST_F(CosignatureBookTest, PublicationNeedsKDistinctConfiguredWitnesses) {
  const Meeting::LogHead head = Head();
  EXPECT_THAT(book_->PublicationCheckpoint(*meeting_, head).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("needs cosignatures of 2 distinct configured witnesses on the "
                                 "current checkpoint")));
  ASSERT_OK(book_->Add(*meeting_, Cosigned(Text(head), witnesses_[0])).status());
  EXPECT_THAT(book_->PublicationCheckpoint(*meeting_, head).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("but it has 1 (alice.example)")));
  // Cosignatures of an older size do not count for the current one.
  Advance();
  const Meeting::LogHead grown = Head();
  ASSERT_OK(book_->Add(*meeting_, Cosigned(Text(head), witnesses_[1])).status());
  EXPECT_THAT(book_->PublicationCheckpoint(*meeting_, grown).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("but it has 0")));

  ASSERT_OK(book_->Add(*meeting_, Cosigned(Text(grown), witnesses_[2])).status());
  ASSERT_OK(book_->Add(*meeting_, Cosigned(Text(grown), witnesses_[0])).status());
  ASSERT_OK_AND_ASSIGN(v1::PublishedCheckpoint p,
                       book_->PublicationCheckpoint(*meeting_, grown));
  EXPECT_EQ(p.size(), grown.size);
  EXPECT_EQ(p.root_hash(), grown.root_hash);
  EXPECT_THAT(p.witnesses(), ElementsAre("alice.example", "carol.example"));
  ASSERT_OK_AND_ASSIGN(auto server, crypto::NoteVerifier::FromEd25519(kLogName, key_->public_key()));
  ASSERT_OK_AND_ASSIGN(crypto::OpenedNote opened, crypto::OpenNote(p.cosigned_note(), {server}));
  EXPECT_EQ(opened.text, Text(grown));
  EXPECT_EQ(opened.unverified.size(), 2u);
}

TEST_F(CosignatureBookTest, WitnessRemovedFromTheConfigurationNoLongerCounts) {
  const Meeting::LogHead head = Head();
  ASSERT_OK(book_->Add(*meeting_, Cosigned(Text(head), witnesses_[0])).status());
  ASSERT_OK(book_->Add(*meeting_, Cosigned(Text(head), witnesses_[1])).status());
  witnesses_.erase(witnesses_.begin());  // alice is no longer trusted
  MakeBook(2);
  EXPECT_THAT(book_->PublicationCheckpoint(*meeting_, head).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("but it has 1 (bob.example)")));
}

TEST_F(CosignatureBookTest, WithoutARequirementPublicationStillRecordsTheCheckpoint) {
  MakeBook(0);
  ASSERT_OK_AND_ASSIGN(v1::PublishedCheckpoint p, book_->PublicationCheckpoint(*meeting_, Head()));
  EXPECT_EQ(p.size(), Head().size);
  EXPECT_THAT(p.witnesses(), IsEmpty());
}

}  // namespace
}  // namespace gongxin::server
