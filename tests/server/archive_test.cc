// A room's record imported into a central Registry (server/archive.h), in
// process: verified with the room's key, stored byte for byte, served
// read-only with its registry leaf, read back and verified again at a
// restart; refusals of another record under the same id, an unpublished
// meeting, a tampered export; an import after one that stopped half-way.
#include <memory>
#include <sstream>
#include <string>

#include "crypto/ed25519.h"
#include "crypto/sha256.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/export.h"
#include "ledger/format.h"
#include "ledger/registry_leaf.h"
#include "server/archive.h"
#include "server/meeting.h"
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
using ::testing::HasSubstr;

constexpr char kId[] = "0123456789abcdef";

// A room: its own store and key, one meeting with the id kId.
struct Room {
  Room() : key(*crypto::Ed25519PrivateKey::Generate()), store(storage::NewMemoryStore()) {}
  // Another room under the same key (a second laptop given the same key).
  explicit Room(const Room& same_key)
      : key(*crypto::Ed25519PrivateKey::FromPem(*same_key.key.ToPem())),
        store(storage::NewMemoryStore()) {}

  // The meeting's full export once it has reached `until`, over a roll of
  // `voters`.
  std::string Export(v1::MeetingStatus until = v1::MEETING_STATUS_PUBLISHED, int voters = 4) {
    auto m = Meeting::Create(store.get(), &key, kId, testing::SampleSpec(),
                             testing::SampleRoll(voters), "admin",
                             MeetingSecretsPath(dir.path(), kId));
    EXPECT_OK(m.status());
    meeting = *std::move(m);
    for (v1::MeetingStatus s : {v1::MEETING_STATUS_ANNOUNCED, v1::MEETING_STATUS_OPEN,
                                v1::MEETING_STATUS_CLOSED}) {
      EXPECT_OK(meeting->Transition(s, "admin").status());
    }
    EXPECT_OK(meeting->Count("officer").status());
    if (until == v1::MEETING_STATUS_PUBLISHED) {
      EXPECT_OK(meeting->Transition(v1::MEETING_STATUS_PUBLISHED, "admin").status());
    }
    return Reexport();
  }

  // The meeting's full export as it stands.
  std::string Reexport() {
    std::ostringstream out;
    ledger::ExportWriter writer(&out);
    EXPECT_OK(meeting->Export([&](const v1::ExportRecord& r) { return writer.Write(r); }));
    return out.str();
  }

  // What the room records after the publication: a 考察报告 by hash.
  void RecordDocument(const std::string& content) {
    v1::RecordDocumentRequest req;
    req.set_kind(v1::DOCUMENT_KIND_INSPECTION_REPORT);
    req.set_sha256(crypto::Sha256(content));
    req.set_size(content.size());
    req.set_file_name("考察报告-c1.pdf");
    EXPECT_OK(meeting->RecordDocument(req, "admin", "admin").status());
  }

  testing::TempDir dir;
  crypto::Ed25519PrivateKey key;
  std::unique_ptr<storage::Store> store;
  std::unique_ptr<Meeting> meeting;
};

class ArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    key_pem_ = *crypto::Ed25519PrivateKey::Generate()->ToPem();
    store_ = storage::NewMemoryStore();
    central_ = Open();
  }

  std::unique_ptr<Registry> Open() {
    auto r = Registry::Open(std::make_unique<testing::ForwardingStore>(store_.get()),
                            *crypto::Ed25519PrivateKey::FromPem(key_pem_), dir_.path());
    EXPECT_OK(r.status());
    return *std::move(r);
  }

  std::string Reexport(const Registry& registry, bool with_openings = true) {
    const ArchivedMeeting* a = registry.FindArchive(kId);
    EXPECT_NE(a, nullptr);
    if (a == nullptr) return "";
    std::ostringstream out;
    ledger::ExportWriter writer(&out);
    EXPECT_OK(a->Export(store_.get(), [&](const v1::ExportRecord& r) { return writer.Write(r); },
                        with_openings));
    return out.str();
  }

  testing::TempDir dir_;
  std::string key_pem_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<Registry> central_;
  Room room_;
};

TEST_F(ArchiveTest, ImportServesTheRoomsRecordReadOnly) {
  const std::string exported = room_.Export();
  ASSERT_OK_AND_ASSIGN(v1::ImportArchiveResponse r,
                       central_->ImportArchive(exported, room_.key.public_key(), "admin-c"));
  EXPECT_EQ(r.meeting_id(), kId);
  EXPECT_FALSE(r.already_archived());
  const ArchivedMeeting* a = central_->FindArchive(kId);
  ASSERT_NE(a, nullptr);
  const v1::MeetingInfo room_info = room_.meeting->Info(true);
  const v1::MeetingInfo info = a->Info(true);
  EXPECT_EQ(info.status(), v1::MEETING_STATUS_PUBLISHED);
  EXPECT_EQ(info.head().SerializeAsString(), room_info.head().SerializeAsString());
  EXPECT_EQ(info.roll_size(), room_info.roll_size());
  ASSERT_EQ(info.forms_size(), room_info.forms_size());
  for (int i = 0; i < info.forms_size(); ++i) {
    EXPECT_EQ(info.forms(i).SerializeAsString(), room_info.forms(i).SerializeAsString());
  }
  EXPECT_EQ(info.archive().room_public_key(), room_.key.public_key().raw());
  EXPECT_EQ(info.archive().imported_by(), "admin-c");
  ASSERT_OK_AND_ASSIGN(v1::CountResponse result, a->Result());
  ASSERT_OK_AND_ASSIGN(v1::CountResponse room_result, room_.meeting->Result());
  EXPECT_EQ(result.SerializeAsString(), room_result.SerializeAsString());
  // Exactly the room's bytes; a public export leaves the openings out.
  EXPECT_EQ(Reexport(*central_), exported);
  std::istringstream public_export(Reexport(*central_, /*with_openings=*/false));
  ledger::ExportReader reader(&public_export);
  ASSERT_OK(reader.ReadMagic());
  v1::ExportRecord record;
  ASSERT_OK_AND_ASSIGN(bool more, reader.Next(&record));
  ASSERT_TRUE(more && record.has_header());
  EXPECT_TRUE(record.header().openings_omitted());
  for (;;) {
    ASSERT_OK_AND_ASSIGN(more, reader.Next(&record));
    if (!more) break;
    EXPECT_FALSE(record.has_opening());
  }
  // No write reaches it.
  EXPECT_THAT(central_->Find(kId).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("archived meeting")));
  // Its leaf in the central registry log commits to the room's genesis.
  ASSERT_TRUE(central_->log().IndexOf(kId).has_value());
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> leaves, central_->log().Leaves(0, 1));
  ASSERT_OK_AND_ASSIGN(ledger::RegistryLeaf leaf, ledger::ParseRegistryLeaf(leaves[0]));
  ASSERT_OK_AND_ASSIGN(std::string genesis, room_.store->ReadEntry(kId, 0));
  EXPECT_EQ(leaf.genesis_hash, ledger::EntryHash(genesis));
}

TEST_F(ArchiveTest, ArchiveSurvivesARestartAndVerifiesAgain) {
  const std::string exported = room_.Export();
  ASSERT_OK(central_->ImportArchive(exported, room_.key.public_key(), "admin").status());
  central_.reset();
  central_ = Open();
  EXPECT_TRUE(central_->problems().empty()) << central_->problems()[0];
  EXPECT_EQ(Reexport(*central_), exported);
}

TEST_F(ArchiveTest, SameRecordAgainWritesNothing) {
  const std::string exported = room_.Export();
  ASSERT_OK(central_->ImportArchive(exported, room_.key.public_key(), "admin").status());
  ASSERT_OK_AND_ASSIGN(uint64_t size, store_->Size(ArchiveChain(kId)));
  // A fresh export of the same record differs in its header's time only.
  std::ostringstream out;
  ledger::ExportWriter writer(&out);
  ASSERT_OK(room_.meeting->Export([&](const v1::ExportRecord& r) { return writer.Write(r); }));
  ASSERT_OK_AND_ASSIGN(v1::ImportArchiveResponse r,
                       central_->ImportArchive(out.str(), room_.key.public_key(), "admin"));
  EXPECT_TRUE(r.already_archived());
  EXPECT_EQ(*store_->Size(ArchiveChain(kId)), size);
}

TEST_F(ArchiveTest, AnotherRecordUnderTheSameIdIsRefused) {
  ASSERT_OK(central_->ImportArchive(room_.Export(), room_.key.public_key(), "admin").status());
  Room other;
  EXPECT_THAT(central_->ImportArchive(other.Export(), other.key.public_key(), "admin").status(),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("another record")));
}

// The room archives after publishing, then records the 考察报告 (or the
// 任前公示) and archives again: the later record replaces the earlier,
// under the same registry leaf, and survives a restart.
TEST_F(ArchiveTest, LaterRecordOfTheSameRoomExtendsTheArchive) {
  const std::string first = room_.Export();
  ASSERT_OK(central_->ImportArchive(first, room_.key.public_key(), "admin").status());
  const ArchivedMeeting* before = central_->FindArchive(kId);
  ASSERT_NE(before, nullptr);
  const uint64_t first_size = before->head().size();
  const std::optional<uint64_t> leaf = central_->log().IndexOf(kId);
  ASSERT_TRUE(leaf.has_value());
  room_.RecordDocument("张三同志考察报告");
  room_.RecordDocument("李四同志考察报告");
  const std::string later = room_.Reexport();
  ASSERT_OK_AND_ASSIGN(v1::ImportArchiveResponse r,
                       central_->ImportArchive(later, room_.key.public_key(), "admin"));
  EXPECT_FALSE(r.already_archived());
  EXPECT_EQ(r.extended_from(), first_size);
  EXPECT_EQ(r.meeting().head().size(), first_size + 2);
  EXPECT_EQ(before->head().size(), first_size) << "a pointer handed out before must stay valid";
  EXPECT_EQ(Reexport(*central_), later);
  EXPECT_EQ(central_->log().IndexOf(kId), leaf) << "the meeting keeps its one registry leaf";
  // The earlier record again is not a later one.
  EXPECT_THAT(central_->ImportArchive(first, room_.key.public_key(), "admin").status(),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       HasSubstr("holds no more entries, so it is not a later record")));
  central_.reset();
  central_ = Open();
  EXPECT_TRUE(central_->problems().empty()) << central_->problems()[0];
  EXPECT_EQ(Reexport(*central_), later);
}

TEST_F(ArchiveTest, ARecordThatForksFromTheArchivedOneIsRefused) {
  ASSERT_OK(central_->ImportArchive(room_.Export(), room_.key.public_key(), "admin").status());
  // The same key and meeting id, another history (another roll), longer.
  Room fork(room_);
  fork.Export(v1::MEETING_STATUS_PUBLISHED, /*voters=*/5);
  fork.RecordDocument("a");
  fork.RecordDocument("b");
  fork.RecordDocument("c");
  const uint64_t size_before = *store_->Size(ArchiveChain(kId));
  EXPECT_THAT(central_->ImportArchive(fork.Reexport(), fork.key.public_key(), "admin").status(),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       HasSubstr("its history forks from the archived one")));
  EXPECT_EQ(*store_->Size(ArchiveChain(kId)), size_before) << "a refused import wrote chunks";
}

TEST_F(ArchiveTest, UnpublishedMeetingIsRefused) {
  EXPECT_THAT(central_
                  ->ImportArchive(room_.Export(v1::MEETING_STATUS_CLOSED),
                                  room_.key.public_key(), "admin")
                  .status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("PUBLISHED")));
  EXPECT_EQ(central_->FindArchive(kId), nullptr);
  EXPECT_EQ(*store_->Size(ArchiveChain(kId)), 0u);
}

TEST_F(ArchiveTest, TamperedExportOrWrongKeyIsRefused) {
  std::string exported = room_.Export();
  std::string tampered = exported;
  tampered[tampered.size() / 2] ^= 1;
  EXPECT_THAT(central_->ImportArchive(tampered, room_.key.public_key(), "admin").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("does not verify")));
  Room other;
  EXPECT_THAT(central_->ImportArchive(exported, other.key.public_key(), "admin").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("does not verify")));
  EXPECT_FALSE(central_->log().IndexOf(kId).has_value());
}

TEST_F(ArchiveTest, ImportAfterOneThatStoppedHalfWay) {
  // Chunks of an import that never wrote its record: not served, reported.
  storage::AppendBatch stray;
  stray.chain = ArchiveChain(kId);
  stray.entries = {"GONGXIN-EXPORT v1\n"};
  ASSERT_OK(store_->Append(stray));
  central_ = Open();
  EXPECT_EQ(central_->FindArchive(kId), nullptr);
  ASSERT_EQ(central_->problems().size(), 1u);
  EXPECT_THAT(central_->problems()[0], HasSubstr("never completed"));
  const std::string exported = room_.Export();
  ASSERT_OK(central_->ImportArchive(exported, room_.key.public_key(), "admin").status());
  EXPECT_EQ(central_->FindArchive(kId)->archive().first_chunk(), 1u);
  central_ = Open();
  EXPECT_TRUE(central_->problems().empty());
  EXPECT_EQ(Reexport(*central_), exported);
}

}  // namespace
}  // namespace gongxin::server
