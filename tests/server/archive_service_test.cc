// ArchiveService over real mutual TLS: the client stream's own refusals
// (no room key, a key sent twice, no bytes, not the admin), and an export
// sent in many small chunks archived and then served by the other services
// — GetMeeting, Export byte for byte, a write refused as archived.
#include <memory>
#include <sstream>
#include <string>

#include "crypto/ed25519.h"
#include "gmock/gmock.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "gtest/gtest.h"
#include "ledger/export.h"
#include "server/meeting.h"
#include "server/meeting_secrets.h"
#include "storage/memory_store.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_server.h"

namespace gongxin {
namespace {

using ::testing::HasSubstr;

// A room's published meeting's full export, signed by `key`.
std::string RoomExport(const crypto::Ed25519PrivateKey& key, const std::string& dir) {
  auto store = storage::NewMemoryStore();
  auto m = server::Meeting::Create(store.get(), &key, "00ff00ff00ff00ff", testing::SampleSpec(),
                                   testing::SampleRoll(4), "admin",
                                   server::MeetingSecretsPath(dir, "00ff00ff00ff00ff"));
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

class ArchiveServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_OK(server_.Start()); }

  // Sends `messages` on one ImportArchive call as `identity`.
  grpc::Status Import(const std::vector<v1::ImportArchiveRequest>& messages,
                      v1::ImportArchiveResponse* resp, const std::string& identity = "admin") {
    auto stub = v1::ArchiveService::NewStub(server_.Channel(identity));
    grpc::ClientContext ctx;
    auto writer = stub->ImportArchive(&ctx, resp);
    for (const auto& m : messages) {
      if (!writer->Write(m)) break;
    }
    writer->WritesDone();
    return writer->Finish();
  }

  static v1::ImportArchiveRequest Message(const std::string& key, const std::string& chunk) {
    v1::ImportArchiveRequest r;
    r.set_room_public_key(key);
    r.set_chunk(chunk);
    return r;
  }

  testing::TempDir dir_;
  testing::TempDir room_dir_;
  testing::TestServer server_{dir_.path()};
  crypto::Ed25519PrivateKey room_key_ = *crypto::Ed25519PrivateKey::Generate();
};

TEST_F(ArchiveServiceTest, StreamRefusals) {
  const std::string key = room_key_.public_key().raw();
  v1::ImportArchiveResponse resp;
  grpc::Status s = Import({Message("", "GONGXIN-EXPORT v1\n")}, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("room_public_key: required"));
  s = Import({Message("short", "x")}, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("room_public_key: "));
  s = Import({Message(key, "GONGXIN"), Message(key, "-EXPORT v1\n")}, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("message 1: room_public_key"));
  s = Import({Message(key, "")}, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("chunk: no export bytes"));
  s = Import({Message(key, "not an export")}, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("export: does not verify"));
  s = Import({Message(key, RoomExport(room_key_, room_dir_.path()))}, &resp, "auditor");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(ArchiveServiceTest, ChunkedImportIsServedReadOnly) {
  const std::string exported = RoomExport(room_key_, room_dir_.path());
  std::vector<v1::ImportArchiveRequest> messages;
  for (size_t at = 0; at < exported.size(); at += 100) {
    messages.push_back(
        Message(at == 0 ? room_key_.public_key().raw() : "", exported.substr(at, 100)));
  }
  ASSERT_GT(messages.size(), 2u);
  v1::ImportArchiveResponse resp;
  grpc::Status s = Import(messages, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resp.meeting_id(), "00ff00ff00ff00ff");

  auto meetings = v1::MeetingService::NewStub(server_.Channel("auditor"));
  grpc::ClientContext info_ctx;
  v1::GetMeetingRequest get;
  get.set_meeting_id("00ff00ff00ff00ff");
  v1::MeetingInfo info;
  ASSERT_TRUE(meetings->GetMeeting(&info_ctx, get, &info).ok());
  EXPECT_EQ(info.status(), v1::MEETING_STATUS_PUBLISHED);
  EXPECT_EQ(info.archive().room_public_key(), room_key_.public_key().raw());

  auto audit = v1::AuditService::NewStub(server_.Channel("auditor"));
  grpc::ClientContext export_ctx;
  v1::ExportRequest req;
  req.set_meeting_id("00ff00ff00ff00ff");
  auto reader = audit->Export(&export_ctx, req);
  std::ostringstream out;
  ledger::ExportWriter writer(&out);
  v1::ExportRecord record;
  while (reader->Read(&record)) ASSERT_OK(writer.Write(record));
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_EQ(out.str(), exported);

  auto kiosk = v1::KioskService::NewStub(server_.Channel("kiosk"));
  grpc::ClientContext checkin_ctx;
  v1::CheckInRequest checkin;
  checkin.set_meeting_id("00ff00ff00ff00ff");
  checkin.set_voter_id(testing::VoterId(1));
  v1::CheckInResponse checked;
  s = kiosk->CheckIn(&checkin_ctx, checkin, &checked);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("archived meeting"));
}

}  // namespace
}  // namespace gongxin
