// Moving a published meeting out of etcd (Registry::MoveOut, issue 15 item
// 8) with two replicas on one etcd and one archive directory: the replica
// that did not move it notices at its next lookup and list, serves it from
// the file with the same export, no longer lists it as live, and both serve
// it after a restart; the meeting's chain is gone from etcd.
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>

#include "crypto/ed25519.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/export.h"
#include "server/archive.h"
#include "server/registry.h"
#include "storage/etcd_store.h"
#include "tests/testing/etcd_server.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/untimed_export.h"
#include "tests/testing/temp_dir.h"

namespace gongxin::server {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

class MoveOutEtcdTest : public ::testing::Test {
 protected:
  void SetUp() override {
    etcd_ = std::make_unique<testing::EtcdServer>(etcd_dir_.path());
    ASSERT_OK(etcd_->Start());
    key_pem_ = *crypto::Ed25519PrivateKey::Generate()->ToPem();
    archive_dir_ = dir_.path() + "/archive";
    std::filesystem::create_directories(archive_dir_);
    a_ = Open("a");
    b_ = Open("b");
    ASSERT_NE(a_, nullptr);
    ASSERT_NE(b_, nullptr);
  }

  // A replica: its own data directory, the shared etcd prefix and archive
  // directory, the shared server key.
  std::unique_ptr<Registry> Open(const std::string& name) {
    std::filesystem::create_directories(dir_.path() + "/" + name);
    auto store = storage::OpenEtcdStore(etcd_->StoreOptions("move/"));
    EXPECT_OK(store.status());
    if (!store.ok()) return nullptr;
    auto r = Registry::Open(*std::move(store), *crypto::Ed25519PrivateKey::FromPem(key_pem_),
                            dir_.path() + "/" + name, {}, archive_dir_);
    EXPECT_OK(r.status());
    return r.ok() ? *std::move(r) : nullptr;
  }

  static std::string Export(const std::function<absl::Status(
                                const std::function<absl::Status(const v1::ExportRecord&)>&)>& run) {
    std::ostringstream out;
    {
      ledger::ExportWriter writer(&out);
      EXPECT_OK(run([&](const v1::ExportRecord& r) { return writer.Write(r); }));
    }
    return testing::UntimedExport(out.str());
  }

  std::string Published(Registry& r, int voters) {
    v1::CreateMeetingRequest req;
    *req.mutable_spec() = testing::SampleSpec();
    *req.mutable_roll() = testing::SampleRoll(voters);
    auto created = r.Create(req, "admin");
    EXPECT_OK(created.status());
    Meeting* m = *r.Find(created->meeting_id());
    for (v1::MeetingStatus s : {v1::MEETING_STATUS_ANNOUNCED, v1::MEETING_STATUS_OPEN,
                                v1::MEETING_STATUS_CLOSED}) {
      EXPECT_OK(m->Transition(s, "admin").status());
    }
    EXPECT_OK(m->Count("officer").status());
    EXPECT_OK(m->Transition(v1::MEETING_STATUS_PUBLISHED, "admin").status());
    return created->meeting_id();
  }

  static bool Listed(const Registry& r, const std::string& id) {
    for (const Meeting* m : r.List()) {
      if (m->id() == id) return true;
    }
    return false;
  }

  testing::TempDir etcd_dir_, dir_;
  std::unique_ptr<testing::EtcdServer> etcd_;
  std::string key_pem_;
  std::string archive_dir_;
  std::unique_ptr<Registry> a_, b_;
};

TEST_F(MoveOutEtcdTest, TheOtherReplicaServesTheMovedMeetingFromTheFile) {
  const std::string id = Published(*a_, 200);
  // Replica b takes the meeting up and serves it live first.
  ASSERT_OK_AND_ASSIGN(Meeting * live_b, b_->Find(id));
  const std::string before =
      Export([&](const auto& emit) { return live_b->Export(emit, true); });
  ASSERT_TRUE(Listed(*b_, id));

  ASSERT_OK_AND_ASSIGN(v1::MoveOutResponse moved, a_->MoveOut(id, "admin"));
  EXPECT_EQ(*a_->store()->Size(id), 0u) << "the meeting's chain is still on etcd";
  EXPECT_THAT(*a_->store()->ListChains(), ::testing::Not(::testing::Contains(id)));

  // b: a lookup finds it moved; the list has it once, as an archive.
  EXPECT_THAT(b_->Find(id), StatusIs(absl::StatusCode::kFailedPrecondition,
                                     HasSubstr(MovedExportFileName(id))));
  EXPECT_FALSE(Listed(*b_, id)) << "still listed as a live meeting on the other replica";
  const ArchivedMeeting* on_b = b_->FindArchive(id);
  ASSERT_NE(on_b, nullptr);
  EXPECT_TRUE(on_b->moved());
  EXPECT_EQ(Export([&](const auto& emit) { return on_b->Export(b_->store(), emit, true); }),
            before);
  EXPECT_EQ(b_->ListArchives().size(), 1u);

  // Both again after a restart.
  a_.reset();
  b_.reset();
  b_ = Open("b");
  ASSERT_NE(b_, nullptr);
  EXPECT_THAT(b_->problems(), ::testing::IsEmpty());
  const ArchivedMeeting* again = b_->FindArchive(id);
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(Export([&](const auto& emit) { return again->Export(b_->store(), emit, true); }),
            before);
  EXPECT_THAT(b_->MoveOut(id, "admin"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("moved out already")));
}

TEST_F(MoveOutEtcdTest, AMeetingTheOtherReplicaWroteSinceIsMovedWithItsWrites) {
  const std::string id = Published(*a_, 20);
  // b records a document after the publication; a moves it without having
  // read it since: the move refreshes first, so the document is in the file.
  ASSERT_OK_AND_ASSIGN(Meeting * on_b, b_->Find(id));
  v1::RecordDocumentRequest doc;
  doc.set_kind(v1::DOCUMENT_KIND_INSPECTION_REPORT);
  doc.set_sha256(std::string(32, 'x'));
  doc.set_size(1);
  doc.set_file_name("考察报告.pdf");
  ASSERT_OK(on_b->RecordDocument(doc, "admin", "admin").status());
  const std::string with_doc = Export([&](const auto& emit) { return on_b->Export(emit, true); });
  ASSERT_OK(a_->MoveOut(id, "admin").status());
  const ArchivedMeeting* moved = a_->FindArchive(id);
  ASSERT_NE(moved, nullptr);
  EXPECT_EQ(Export([&](const auto& emit) { return moved->Export(a_->store(), emit, true); }),
            with_doc);
}

}  // namespace
}  // namespace gongxin::server
