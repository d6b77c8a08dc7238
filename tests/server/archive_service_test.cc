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

// A room's published meeting's full export, signed by `key`, with
// `votes_for_c1` named ballots for c1 on rec/head.
std::string RoomExport(const crypto::Ed25519PrivateKey& key, const std::string& dir,
                       int votes_for_c1 = 0) {
  auto store = storage::NewMemoryStore();
  auto m = server::Meeting::Create(store.get(), &key, "00ff00ff00ff00ff", testing::SampleSpec(),
                                   testing::SampleRoll(4), "admin",
                                   server::MeetingSecretsPath(dir, "00ff00ff00ff00ff"));
  EXPECT_OK(m.status());
  for (v1::MeetingStatus s : {v1::MEETING_STATUS_ANNOUNCED, v1::MEETING_STATUS_OPEN,
                              v1::MEETING_STATUS_CLOSED}) {
    if (s == v1::MEETING_STATUS_CLOSED) {
      for (int i = 1; i <= votes_for_c1; ++i) {
        absl::StatusOr<v1::CheckInResponse> in = (*m)->CheckIn(testing::VoterId(i), "kiosk-1");
        EXPECT_OK(in.status());
        v1::Ballot b;
        b.set_form_id("rec");
        v1::Answer* a = b.add_answers();
        a->set_question_id("head");
        a->add_choices("c1");
        EXPECT_OK((*m)->Cast(in->credentials(0), b).status());
      }
    }
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

// MoveOut is the admin's: other roles are refused before anything is
// looked at; the admin on a server without --archive-dir is told so.
TEST_F(ArchiveServiceTest, MoveOutIsForTheAdminAndNeedsAnArchiveDirectory) {
  auto move = [&](const std::string& identity) {
    auto stub = v1::ArchiveService::NewStub(server_.Channel(identity));
    grpc::ClientContext ctx;
    v1::MoveOutRequest req;
    req.set_meeting_id("00000000deadbeef");
    v1::MoveOutResponse resp;
    return stub->MoveOut(&ctx, req, &resp);
  };
  for (const char* other : {"auditor", "kiosk", "officer"}) {
    EXPECT_EQ(move(other).error_code(), grpc::StatusCode::PERMISSION_DENIED) << other;
  }
  grpc::Status s = move("admin");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("--archive-dir"));
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

// A room meeting archived centrally is the first round of a recommendation
// whose next round the organisation department holds on the central server
// (rules S-8, A9): the link may name the archive, which is read-only but
// holds the count.
TEST_F(ArchiveServiceTest, NextRoundMayFollowAnArchivedMeeting) {
  v1::ImportArchiveResponse resp;
  grpc::Status s =
      Import({Message(room_key_.public_key().raw(), RoomExport(room_key_, room_dir_.path(), 3))}, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  auto meetings = v1::MeetingService::NewStub(server_.Channel("admin"));
  auto tally = v1::TallyService::NewStub(server_.Channel("admin"));
  grpc::ClientContext result_ctx;
  v1::GetResultRequest get;
  get.set_meeting_id(resp.meeting_id());
  v1::CountResponse count;
  s = tally->GetResult(&result_ctx, get, &count);
  ASSERT_TRUE(s.ok()) << s.error_message();

  v1::MeetingSpec next = testing::SampleSpec();
  next.mutable_forms(0)->set_id("rec2");
  next.mutable_forms(0)->mutable_questions()->DeleteSubrange(1, 1);
  v1::RoundLink* link = next.mutable_forms(0)->mutable_previous_round();
  link->set_previous_meeting_id(resp.meeting_id());
  link->set_previous_form_id("rec");
  link->set_previous_question_id("head");
  link->set_question_id("head");
  link->set_round(2);
  link->set_top(1);
  link->set_count_seq(count.seq());
  link->set_count_entry_hash(count.entry_hash());
  // The room's top 1 is c1 (3 votes): the next round lists exactly c1.
  auto* approval = next.mutable_forms(0)->mutable_questions(0)->mutable_approval();
  approval->clear_candidates();
  v1::Candidate* c1 = approval->add_candidates();
  c1->set_id("c1");
  c1->set_name("张伟");
  v1::CreateMeetingRequest create;
  *create.mutable_spec() = next;
  *create.mutable_roll() = testing::SampleRoll(4);
  v1::CreateMeetingResponse created;
  grpc::ClientContext create_ctx;
  s = meetings->CreateMeeting(&create_ctx, create, &created);
  ASSERT_TRUE(s.ok()) << s.error_message();
  grpc::ClientContext info_ctx;
  v1::GetMeetingRequest info_req;
  info_req.set_meeting_id(created.meeting_id());
  v1::MeetingInfo info;
  ASSERT_TRUE(meetings->GetMeeting(&info_ctx, info_req, &info).ok());
  EXPECT_EQ(info.spec().forms(0).previous_round().previous_meeting_id(), resp.meeting_id());
  EXPECT_EQ(info.spec().forms(0).previous_round().count_entry_hash(), count.entry_hash());
}

}  // namespace
}  // namespace gongxin
