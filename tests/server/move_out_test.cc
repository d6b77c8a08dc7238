// Moving a PUBLISHED meeting out of the store into an export file
// (Registry::MoveOut), in process: each refusal changes nothing; the move
// serves the meeting from the file with the same export, count and head; a
// restart reads it back; a changed or missing file is not served; and every
// crash point reachable with injected store failures (before the marker,
// marker written but reported failed, erasure failed) leaves the live
// meeting or the moved one served, never neither. On RocksDB too.
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "crypto/ed25519.h"
#include "crypto/key_file.h"
#include "crypto/sha256.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/export.h"
#include "server/archive.h"
#include "server/registry.h"
#include "storage/fault_injection.h"
#include "storage/memory_store.h"
#include "storage/rocksdb_store.h"
#include "tests/testing/forwarding_store.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/untimed_export.h"
#include "tests/testing/temp_dir.h"

namespace gongxin::server {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

// Passes everything on; PurgeChain fails while `fail_purge` is set (the
// server stopping between the move's marker and the erasure).
class PurgeStopStore : public ::gongxin::testing::ForwardingStore {
 public:
  using ForwardingStore::ForwardingStore;
  bool fail_purge = false;
  absl::Status PurgeChain(absl::string_view chain) override {
    if (fail_purge) return absl::UnavailableError("injected: stopped before the erasure");
    return ForwardingStore::PurgeChain(chain);
  }
};

v1::Ballot RecBallot() { return testing::MakeBallot("rec", {{"head", {"c1"}}}); }

std::string ExportOf(const std::function<absl::Status(
                         const std::function<absl::Status(const v1::ExportRecord&)>&)>& run) {
  std::ostringstream out;
  ledger::ExportWriter writer(&out);
  EXPECT_OK(run([&](const v1::ExportRecord& r) { return writer.Write(r); }));
  return out.str();
}

class MoveOutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    key_pem_ = *crypto::Ed25519PrivateKey::Generate()->ToPem();
    store_ = storage::NewMemoryStore();
    archive_dir_ = dir_.path() + "/archive";
    std::filesystem::create_directories(archive_dir_);
    registry_ = Open();
  }

  std::unique_ptr<Registry> Open(bool with_archive_dir = true) {
    auto purge_stop = std::make_unique<PurgeStopStore>(store_.get());
    purge_stop_ = purge_stop.get();
    auto faults = std::make_unique<storage::FaultInjectingStore>(std::move(purge_stop));
    faults_ = faults.get();
    auto r = Registry::Open(std::move(faults), *crypto::Ed25519PrivateKey::FromPem(key_pem_),
                            dir_.path(), {}, with_archive_dir ? archive_dir_ : "");
    EXPECT_OK(r.status());
    return *std::move(r);
  }

  // A meeting with one named ballot, moved on to `until`.
  std::string Create(v1::MeetingStatus until = v1::MEETING_STATUS_PUBLISHED) {
    v1::CreateMeetingRequest req;
    *req.mutable_spec() = testing::SampleSpec();
    *req.mutable_roll() = testing::SampleRoll(6);
    auto resp = registry_->Create(req, "admin");
    EXPECT_OK(resp.status());
    Meeting* m = *registry_->Find(resp->meeting_id());
    for (v1::MeetingStatus to : {v1::MEETING_STATUS_ANNOUNCED, v1::MEETING_STATUS_OPEN,
                                 v1::MEETING_STATUS_CLOSED, v1::MEETING_STATUS_COUNTED,
                                 v1::MEETING_STATUS_PUBLISHED}) {
      if (to == v1::MEETING_STATUS_COUNTED) {
        EXPECT_OK(m->Count("officer").status());
      } else {
        EXPECT_OK(m->Transition(to, "admin").status());
      }
      if (to == v1::MEETING_STATUS_OPEN) {
        auto in = m->CheckIn(testing::VoterId(1), "kiosk-1");
        EXPECT_OK(in.status());
        EXPECT_OK(m->Cast(in->credentials(0), RecBallot()).status());
      }
      if (to == until) break;
    }
    return resp->meeting_id();
  }

  std::string LiveExport(const std::string& id) {
    Meeting* m = *registry_->Find(id);
    return testing::UntimedExport(ExportOf([&](const auto& emit) { return m->Export(emit, true); }));
  }

  std::string ArchiveExport(const Registry& r, const std::string& id) {
    const ArchivedMeeting* a = r.FindArchive(id);
    EXPECT_NE(a, nullptr) << "meeting " << id << " is not served as moved";
    if (a == nullptr) return "";
    const std::string served =
        ExportOf([&](const auto& emit) { return a->Export(r.store(), emit, true); });
    // Served from the file, byte for byte.
    EXPECT_EQ(served, *crypto::ReadFile(a->file_path()));
    return testing::UntimedExport(served);
  }

  std::string FilePath(const std::string& id) {
    return archive_dir_ + "/" + MovedExportFileName(id);
  }

  uint64_t ChainSize(const std::string& id) { return *store_->Size(id); }

  testing::TempDir dir_;
  std::string key_pem_;
  std::string archive_dir_;
  std::unique_ptr<storage::Store> store_;
  PurgeStopStore* purge_stop_ = nullptr;
  storage::FaultInjectingStore* faults_ = nullptr;
  std::unique_ptr<Registry> registry_;
};

TEST_F(MoveOutTest, MoveServesTheMeetingFromTheFileAndErasesItsChain) {
  const std::string id = Create();
  const std::string before = LiveExport(id);
  const v1::CountResponse count = *(*registry_->Find(id))->Result();
  const v1::SignedHead head = (*registry_->Find(id))->Info(false).head();
  ASSERT_OK_AND_ASSIGN(v1::MoveOutResponse moved, registry_->MoveOut(id, "admin"));

  EXPECT_EQ(moved.file(), MovedExportFileName(id));
  ASSERT_OK_AND_ASSIGN(std::string file, crypto::ReadFile(FilePath(id)));
  EXPECT_EQ(testing::UntimedExport(file), before) << "the file is not the meeting's full export";
  EXPECT_EQ(moved.export_sha256(), crypto::Sha256(file));
  EXPECT_EQ(moved.export_bytes(), file.size());
  EXPECT_EQ(std::filesystem::status(FilePath(id)).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write)
      << "the file holds the openings of named forms";

  EXPECT_EQ(ChainSize(id), 0u) << "the meeting's chain is still in the store";
  EXPECT_EQ(*store_->Size(ArchiveChain(id)), 1u) << "the marker is one entry";
  const ArchivedMeeting* a = registry_->FindArchive(id);
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(a->moved());
  EXPECT_EQ(ArchiveExport(*registry_, id), before);
  EXPECT_EQ(a->head().SerializeAsString(), head.SerializeAsString());
  ASSERT_OK_AND_ASSIGN(v1::CountResponse after, a->Result());
  EXPECT_EQ(after.result().SerializeAsString(), count.result().SerializeAsString());
  EXPECT_EQ(a->Info(true).archive().moved_file(), moved.file());
  EXPECT_THAT(registry_->Find(id), StatusIs(absl::StatusCode::kFailedPrecondition,
                                            HasSubstr("moved out of the store into")));
  for (const Meeting* m : registry_->List()) EXPECT_NE(m->id(), id) << "listed as live";
  ASSERT_EQ(registry_->ListArchives().size(), 1u);
  // The registry log keeps its leaf, and the entries an auditor fetches
  // (its genesis) are served from the file.
  EXPECT_TRUE(registry_->log().IndexOf(id).has_value());
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> genesis, a->Entries(registry_->store(), 0, 1));
  EXPECT_EQ(genesis.size(), 1u);
}

TEST_F(MoveOutTest, MovedMeetingSurvivesARestart) {
  const std::string id = Create();
  const std::string before = LiveExport(id);
  ASSERT_OK(registry_->MoveOut(id, "admin").status());
  registry_.reset();
  registry_ = Open();
  EXPECT_THAT(registry_->problems(), ::testing::IsEmpty());
  EXPECT_EQ(ArchiveExport(*registry_, id), before);
  EXPECT_THAT(registry_->MoveOut(id, "admin"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("moved out already")));
}

TEST_F(MoveOutTest, RefusesWithoutAnArchiveDirectoryChangingNothing) {
  registry_.reset();
  registry_ = Open(/*with_archive_dir=*/false);
  const std::string id = Create();
  const uint64_t size = ChainSize(id);
  EXPECT_THAT(registry_->MoveOut(id, "admin"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("--archive-dir")));
  EXPECT_EQ(ChainSize(id), size);
  EXPECT_EQ(*store_->Size(ArchiveChain(id)), 0u);
  EXPECT_OK(registry_->Find(id).status());
}

TEST_F(MoveOutTest, RefusesAMeetingNotPublishedNamingItsStatus) {
  for (v1::MeetingStatus until : {v1::MEETING_STATUS_OPEN, v1::MEETING_STATUS_CLOSED,
                                  v1::MEETING_STATUS_COUNTED}) {
    const std::string id = Create(until);
    const uint64_t size = ChainSize(id);
    EXPECT_THAT(registry_->MoveOut(id, "admin"),
                StatusIs(absl::StatusCode::kFailedPrecondition,
                         HasSubstr(v1::MeetingStatus_Name(until))));
    EXPECT_EQ(ChainSize(id), size) << v1::MeetingStatus_Name(until);
    EXPECT_EQ(*store_->Size(ArchiveChain(id)), 0u);
    EXPECT_FALSE(std::filesystem::exists(FilePath(id))) << "a file was written";
    EXPECT_EQ(registry_->FindArchive(id), nullptr);
  }
  // Still writable: the refusal retired nothing.
  const std::string id = Create(v1::MEETING_STATUS_COUNTED);
  ASSERT_THAT(registry_->MoveOut(id, "admin"), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_OK((*registry_->Find(id))->Transition(v1::MEETING_STATUS_PUBLISHED, "admin").status());
  EXPECT_OK(registry_->MoveOut(id, "admin").status());
}

TEST_F(MoveOutTest, RefusesAnUnknownMeeting) {
  EXPECT_THAT(registry_->MoveOut("00000000deadbeef", "admin"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("00000000deadbeef")));
  EXPECT_THAT(registry_->MoveOut("", "admin"), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(MoveOutTest, AChangedFileIsNotServedAndNamed) {
  const std::string id = Create();
  ASSERT_OK(registry_->MoveOut(id, "admin").status());
  std::string file = *crypto::ReadFile(FilePath(id));
  file[file.size() / 2] ^= 1;
  {
    std::ofstream out(FilePath(id), std::ios::binary | std::ios::trunc);
    out << file;
  }
  // Already loaded: the export that reads the file fails rather than
  // passing changed bytes off as the record.
  const ArchivedMeeting* a = registry_->FindArchive(id);
  ASSERT_NE(a, nullptr);
  absl::Status served = a->Export(
      registry_->store(), [](const v1::ExportRecord&) { return absl::OkStatus(); }, true);
  EXPECT_THAT(served, StatusIs(absl::StatusCode::kDataLoss, HasSubstr(FilePath(id))));

  registry_.reset();
  registry_ = Open();
  EXPECT_EQ(registry_->FindArchive(id), nullptr) << "a changed file is served";
  ASSERT_FALSE(registry_->problems().empty());
  EXPECT_THAT(registry_->problems()[0], HasSubstr(FilePath(id)));
  EXPECT_THAT(registry_->problems()[0], HasSubstr("has changed"));
  EXPECT_THAT(registry_->Find(id), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(MoveOutTest, AMissingFileIsNotServedAndNamed) {
  const std::string id = Create();
  ASSERT_OK(registry_->MoveOut(id, "admin").status());
  std::filesystem::remove(FilePath(id));
  registry_.reset();
  registry_ = Open();
  EXPECT_EQ(registry_->FindArchive(id), nullptr);
  ASSERT_FALSE(registry_->problems().empty());
  EXPECT_THAT(registry_->problems()[0], HasSubstr(FilePath(id)));
  // Without --archive-dir the marker is named too, and nothing is served.
  registry_.reset();
  registry_ = Open(/*with_archive_dir=*/false);
  EXPECT_EQ(registry_->FindArchive(id), nullptr);
  ASSERT_FALSE(registry_->problems().empty());
  EXPECT_THAT(registry_->problems()[0], HasSubstr("--archive-dir"));
}

TEST_F(MoveOutTest, FailureBeforeTheMarkerLeavesTheLiveMeetingWritable) {
  const std::string id = Create();
  const std::string before = LiveExport(id);
  const uint64_t size = ChainSize(id);
  // The marker's batch refused (a full disk): nothing written.
  faults_->FailNextAppends(1, absl::ResourceExhaustedError("injected: disk full"),
                           storage::FaultInjectingStore::InjectAt::kRefuse);
  EXPECT_THAT(registry_->MoveOut(id, "admin"), StatusIs(absl::StatusCode::kResourceExhausted,
                                                        HasSubstr("stays in the store")));
  EXPECT_EQ(ChainSize(id), size);
  EXPECT_EQ(*store_->Size(ArchiveChain(id)), 0u);
  EXPECT_EQ(registry_->FindArchive(id), nullptr);
  // Served live, and still takes what is recorded after the publication.
  Meeting* m = *registry_->Find(id);
  EXPECT_EQ(LiveExport(id), before);
  v1::RecordDocumentRequest doc;
  doc.set_kind(v1::DOCUMENT_KIND_INSPECTION_REPORT);
  doc.set_sha256(crypto::Sha256("report"));
  doc.set_size(6);
  doc.set_file_name("考察报告.pdf");
  EXPECT_OK(m->RecordDocument(doc, "admin", "admin").status());
  // A restart serves it live (the stray file is not the record) and the
  // move then goes through, with the document.
  const std::string with_doc = LiveExport(id);
  registry_.reset();
  registry_ = Open();
  EXPECT_THAT(registry_->problems(), ::testing::IsEmpty());
  EXPECT_EQ(registry_->FindArchive(id), nullptr);
  EXPECT_EQ(LiveExport(id), with_doc);
  ASSERT_OK(registry_->MoveOut(id, "admin").status());
  EXPECT_EQ(ArchiveExport(*registry_, id), with_doc);
}

TEST_F(MoveOutTest, MarkerWrittenButReportedFailedIsFinishedAtRestart) {
  const std::string id = Create();
  const std::string before = LiveExport(id);
  // The marker reaches the store, then the write is reported failed (a sync
  // error): the store turns read-only, as after a crash right after it.
  faults_->FailNextAppends(1, absl::UnavailableError("injected: sync failed"),
                           storage::FaultInjectingStore::InjectAt::kAfterWrite);
  EXPECT_THAT(registry_->MoveOut(id, "admin"), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(*store_->Size(ArchiveChain(id)), 1u) << "the marker did not land";
  // Until the restart it is served live (never neither).
  EXPECT_EQ(LiveExport(id), before);
  registry_.reset();
  registry_ = Open();
  EXPECT_THAT(registry_->problems(), ::testing::IsEmpty());
  EXPECT_EQ(ChainSize(id), 0u) << "the restart did not finish the move";
  EXPECT_EQ(ArchiveExport(*registry_, id), before);
}

TEST_F(MoveOutTest, ErasureInterruptedIsFinishedAtRestart) {
  const std::string id = Create();
  const std::string before = LiveExport(id);
  purge_stop_->fail_purge = true;
  EXPECT_THAT(registry_->MoveOut(id, "admin"), StatusIs(absl::StatusCode::kUnavailable));
  // The move stands: served from the file, though the chain is still there.
  EXPECT_GT(ChainSize(id), 0u);
  EXPECT_EQ(ArchiveExport(*registry_, id), before);
  registry_.reset();
  registry_ = Open();
  EXPECT_EQ(ChainSize(id), 0u) << "the restart did not finish the erasure";
  EXPECT_EQ(ArchiveExport(*registry_, id), before);
  EXPECT_THAT(registry_->problems(), ::testing::IsEmpty());
}

TEST_F(MoveOutTest, MarkerWithoutItsFileLeavesTheLiveChainServed) {
  const std::string id = Create();
  const std::string before = LiveExport(id);
  purge_stop_->fail_purge = true;
  ASSERT_THAT(registry_->MoveOut(id, "admin"), StatusIs(absl::StatusCode::kUnavailable));
  std::filesystem::remove(FilePath(id));
  registry_.reset();
  registry_ = Open();
  // The marker does not verify without its file: the chain is not erased,
  // and the meeting stays served live, with the problem named.
  EXPECT_GT(ChainSize(id), 0u);
  EXPECT_EQ(LiveExport(id), before);
  ASSERT_FALSE(registry_->problems().empty());
  EXPECT_THAT(registry_->problems()[0], HasSubstr(FilePath(id)));
  // The move can be made again: a second marker after the first.
  ASSERT_OK(registry_->MoveOut(id, "admin").status());
  EXPECT_EQ(ChainSize(id), 0u);
  registry_.reset();
  registry_ = Open();
  EXPECT_THAT(registry_->problems(), ::testing::IsEmpty());
  EXPECT_EQ(ArchiveExport(*registry_, id), before);
}

TEST_F(MoveOutTest, ArchiveDirectoryGoneRefusesAndChangesNothing) {
  const std::string id = Create();
  const uint64_t size = ChainSize(id);
  std::filesystem::remove_all(archive_dir_);
  EXPECT_THAT(registry_->MoveOut(id, "admin"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr(archive_dir_)));
  EXPECT_EQ(ChainSize(id), size);
  EXPECT_EQ(*store_->Size(ArchiveChain(id)), 0u);
  EXPECT_OK(registry_->Find(id).status());
}

TEST(MoveOutRocksDbTest, MoveAndRestartOnRocksDb) {
  testing::TempDir dir;
  const std::string pem = *crypto::Ed25519PrivateKey::Generate()->ToPem();
  const std::string archive = dir.path() + "/archive";
  std::filesystem::create_directories(archive);
  auto open = [&] {
    auto store = storage::OpenRocksDbStore(dir.path() + "/ledger");
    EXPECT_OK(store.status());
    auto r = Registry::Open(*std::move(store), *crypto::Ed25519PrivateKey::FromPem(pem),
                            dir.path(), {}, archive);
    EXPECT_OK(r.status());
    return *std::move(r);
  };
  std::unique_ptr<Registry> r = open();
  v1::CreateMeetingRequest req;
  *req.mutable_spec() = testing::SampleSpec();
  *req.mutable_roll() = testing::SampleRoll(6);
  ASSERT_OK_AND_ASSIGN(v1::CreateMeetingResponse created, r->Create(req, "admin"));
  const std::string id = created.meeting_id();
  Meeting* m = *r->Find(id);
  for (v1::MeetingStatus to : {v1::MEETING_STATUS_ANNOUNCED, v1::MEETING_STATUS_OPEN,
                               v1::MEETING_STATUS_CLOSED}) {
    ASSERT_OK(m->Transition(to, "admin").status());
  }
  ASSERT_OK(m->Count("officer").status());
  ASSERT_OK(m->Transition(v1::MEETING_STATUS_PUBLISHED, "admin").status());
  const std::string before =
      testing::UntimedExport(ExportOf([&](const auto& emit) { return m->Export(emit, true); }));
  ASSERT_OK(r->MoveOut(id, "admin").status());
  EXPECT_EQ(*r->store()->Size(id), 0u);
  r.reset();
  r = open();
  EXPECT_THAT(r->problems(), ::testing::IsEmpty());
  const ArchivedMeeting* a = r->FindArchive(id);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(testing::UntimedExport(
                ExportOf([&](const auto& emit) { return a->Export(r->store(), emit, true); })),
            before);
  EXPECT_THAT(*r->store()->ListChains(), ::testing::Not(::testing::Contains(id)));
}

}  // namespace
}  // namespace gongxin::server
