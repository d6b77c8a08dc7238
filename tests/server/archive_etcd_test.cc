// A room's record imported into a central gongxind whose ledger is on etcd
// (issue 15): an export larger than one etcd transaction (1.5 MiB) is
// stored in batches that each fit one, read back byte for byte, and
// survives a restart of the central registry.
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>

#include "crypto/ed25519.h"
#include "gtest/gtest.h"
#include "ledger/export.h"
#include "server/archive.h"
#include "server/meeting.h"
#include "server/meeting_secrets.h"
#include "server/registry.h"
#include "storage/etcd_store.h"
#include "storage/memory_store.h"
#include "tests/testing/etcd_server.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace gongxin::server {
namespace {

constexpr char kRoomMeeting[] = "00aa00aa00aa00aa";

// A published room meeting over `voters` voters (the roll makes the export
// large), exported in full.
std::string LargeRoomExport(const crypto::Ed25519PrivateKey& key, const std::string& dir,
                            int voters) {
  auto store = storage::NewMemoryStore();
  auto m = Meeting::Create(store.get(), &key, kRoomMeeting, testing::SampleSpec(),
                           testing::SampleRoll(voters), "admin",
                           MeetingSecretsPath(dir, kRoomMeeting));
  EXPECT_OK(m.status());
  for (v1::MeetingStatus s : {v1::MEETING_STATUS_ANNOUNCED, v1::MEETING_STATUS_OPEN,
                              v1::MEETING_STATUS_CLOSED}) {
    EXPECT_OK((*m)->Transition(s, "admin").status());
  }
  EXPECT_OK((*m)->Count("officer").status());
  EXPECT_OK((*m)->Transition(v1::MEETING_STATUS_PUBLISHED, "admin").status());
  std::ostringstream out;
  ledger::ExportWriter writer(&out);
  EXPECT_OK((*m)->Export([&](const v1::ExportRecord& r) { return writer.Write(r); }));
  return out.str();
}

TEST(ArchiveOnEtcdTest, AnExportLargerThanOneTransactionIsArchivedAndReadBack) {
  testing::TempDir etcd_dir, dir;
  testing::EtcdServer etcd(etcd_dir.path());
  ASSERT_OK(etcd.Start());
  const crypto::Ed25519PrivateKey room_key = *crypto::Ed25519PrivateKey::Generate();
  const std::string exported = LargeRoomExport(room_key, dir.path(), 80000);
  ASSERT_GT(exported.size(), size_t{3} << 19) << "the export must not fit one etcd transaction";
  const std::string central_pem = *crypto::Ed25519PrivateKey::Generate()->ToPem();
  auto open = [&]() {
    absl::StatusOr<std::unique_ptr<storage::Store>> store =
        storage::OpenEtcdStore(etcd.StoreOptions("central/"));
    EXPECT_OK(store);
    absl::StatusOr<std::unique_ptr<Registry>> r =
        Registry::Open(*std::move(store), *crypto::Ed25519PrivateKey::FromPem(central_pem),
                       dir.path() + "/central");
    EXPECT_OK(r);
    return r.ok() ? *std::move(r) : nullptr;
  };
  std::filesystem::create_directories(dir.path() + "/central");
  std::unique_ptr<Registry> central = open();
  ASSERT_NE(central, nullptr);
  ASSERT_OK(central->ImportArchive(exported, room_key.public_key(), "admin").status());
  central.reset();
  central = open();
  ASSERT_NE(central, nullptr);
  const ArchivedMeeting* a = central->FindArchive(kRoomMeeting);
  ASSERT_NE(a, nullptr) << "the archive was not read back after a restart";
  std::ostringstream out;
  ledger::ExportWriter writer(&out);
  ASSERT_OK(a->Export(central->store(), [&](const v1::ExportRecord& r) { return writer.Write(r); },
                      /*with_openings=*/true));
  EXPECT_EQ(out.str(), exported);
}

}  // namespace
}  // namespace gongxin::server
