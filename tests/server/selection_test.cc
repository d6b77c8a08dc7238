// The selection around the meeting over the real server (mutual TLS on
// 127.0.0.1, RocksDB): documents by hash, the 任前公示 and its outcomes, and
// the observer role — which sees progress and records opinions and is
// refused everything else. Every refusal is checked for its code, a message
// naming the field, and an unchanged ledger.
#include <map>
#include <memory>
#include <string>

#include "crypto/sha256.h"
#include "gmock/gmock.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "tests/server/meeting_fixture.h"
#include "tests/server/refusals.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_server.h"

namespace gongxin {
namespace {

using ::testing::HasSubstr;

class SelectionTest : public testing::MeetingServerTest {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::TestServer>(dir_.path());
    ASSERT_OK(server_->Start());
    admin_ = v1::MeetingService::NewStub(server_->Channel("admin"));
    observer_meetings_ = v1::MeetingService::NewStub(server_->Channel("observer"));
    auditor_ = v1::AuditService::NewStub(server_->Channel("auditor"));
    observer_audit_ = v1::AuditService::NewStub(server_->Channel("observer"));
    for (const char* role : {"admin", "officer", "kiosk", "observer"}) {
      records_[role] = v1::RecordService::NewStub(server_->Channel(role));
    }
    v1::CreateMeetingRequest req;
    *req.mutable_spec() = testing::SampleSpec();
    *req.mutable_roll() = testing::SampleRoll(6);
    v1::CreateMeetingResponse resp;
    ASSERT_TRUE(admin_->CreateMeeting(Ctx().get(), req, &resp).ok());
    meeting_ = resp.meeting_id();
  }

  void Counted() {
    ASSERT_TRUE(Transition(v1::MEETING_STATUS_ANNOUNCED).ok());
    ASSERT_TRUE(Transition(v1::MEETING_STATUS_OPEN).ok());
    ASSERT_TRUE(Transition(v1::MEETING_STATUS_CLOSED).ok());
    auto tally = v1::TallyService::NewStub(server_->Channel("officer"));
    v1::CountRequest req;
    req.set_meeting_id(meeting_);
    v1::CountResponse resp;
    grpc::Status s = tally->Count(Ctx().get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  grpc::Status Document(const std::string& role, const std::string& content,
                        v1::DocumentKind kind = v1::DOCUMENT_KIND_INSPECTION_REPORT,
                        v1::OfficerInputResponse* out = nullptr) {
    v1::RecordDocumentRequest req;
    req.set_meeting_id(meeting_);
    req.set_kind(kind);
    req.set_sha256(crypto::Sha256(content));
    req.set_size(content.size());
    req.set_file_name("考察报告.pdf");
    req.set_candidate_id("c1");
    v1::OfficerInputResponse resp;
    return records_[role]->RecordDocument(Ctx().get(), req, out == nullptr ? &resp : out);
  }
  grpc::Status Notice(const std::string& role, const std::string& end) {
    v1::PublishNoticeRequest req;
    req.set_meeting_id(meeting_);
    req.set_start_date("2020-01-01");
    req.set_end_date(end);
    req.add_channels("南漳党建网");
    req.add_subjects()->set_candidate_id("c1");
    req.add_subjects()->set_candidate_id("c2");
    v1::OfficerInputResponse resp;
    return records_[role]->PublishNotice(Ctx().get(), req, &resp);
  }
  grpc::Status Outcome(const std::string& candidate, v1::AppointmentOutcome outcome,
                       const std::string& reason) {
    v1::RecordOutcomeRequest req;
    req.set_meeting_id(meeting_);
    req.set_candidate_id(candidate);
    req.set_outcome(outcome);
    req.set_reason(reason);
    v1::OfficerInputResponse resp;
    return records_["admin"]->RecordOutcome(Ctx().get(), req, &resp);
  }
  grpc::Status Opinion(const std::string& role, const std::string& text) {
    v1::RecordOpinionRequest req;
    req.set_meeting_id(meeting_);
    req.set_text(text);
    v1::OfficerInputResponse resp;
    return records_[role]->RecordOpinion(Ctx().get(), req, &resp);
  }
  std::unique_ptr<v1::MeetingService::Stub> observer_meetings_;
  std::unique_ptr<v1::AuditService::Stub> observer_audit_;
  std::map<std::string, std::unique_ptr<v1::RecordService::Stub>> records_;
};

TEST_F(SelectionTest, DocumentIsRecordedByOfficerOrAdminOnceAndNamesTheRole) {
  v1::OfficerInputResponse resp;
  grpc::Status s = Document("officer", "the inspection report", v1::DOCUMENT_KIND_INSPECTION_REPORT, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resp.seq(), 1u);
  EXPECT_EQ(resp.head().size(), 2u);
  s = Document("admin", "the minutes", v1::DOCUMENT_KIND_MEETING_MINUTES);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_REFUSED(Document("admin", "the inspection report"), ALREADY_EXISTS,
                 "sha256: this file was recorded at entry 1");
  EXPECT_REFUSED(Document("kiosk", "other"), PERMISSION_DENIED, "RecordDocument");
  EXPECT_REFUSED(Document("observer", "other"), PERMISSION_DENIED, "RecordDocument");
  EXPECT_REFUSED(Document("officer", "other", v1::DOCUMENT_KIND_UNSPECIFIED), INVALID_ARGUMENT,
                 "kind: must be one of");
}

TEST_F(SelectionTest, NoticeAfterTheCountThenOutcomesOncePerNamedPerson) {
  EXPECT_REFUSED(Notice("admin", "2020-01-07"), FAILED_PRECONDITION, "not counted yet");
  Counted();
  EXPECT_REFUSED(Notice("officer", "2020-01-07"), PERMISSION_DENIED, "PublishNotice");
  EXPECT_REFUSED(Notice("admin", "2020-13-07"), INVALID_ARGUMENT, "end_date: \"2020-13-07\"");
  grpc::Status s = Notice("admin", "2020-01-07");
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_REFUSED(Notice("admin", "2020-01-07"), ALREADY_EXISTS, "notice was recorded");
  EXPECT_REFUSED(Outcome("c3", v1::APPOINTMENT_OUTCOME_APPOINTED, ""), NOT_FOUND,
                 "candidate_id: \"c3\" is not named by the notice");
  EXPECT_REFUSED(Outcome("c2", v1::APPOINTMENT_OUTCOME_DEFERRED, ""), INVALID_ARGUMENT,
                 "reason: required");
  s = Outcome("c1", v1::APPOINTMENT_OUTCOME_APPOINTED, "");
  ASSERT_TRUE(s.ok()) << s.error_message();
  s = Outcome("c2", v1::APPOINTMENT_OUTCOME_DISQUALIFIED, "群众反映的经济问题经核实属实");
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_REFUSED(Outcome("c1", v1::APPOINTMENT_OUTCOME_DEFERRED, "再议"), ALREADY_EXISTS,
                 "already has an outcome");
}

TEST_F(SelectionTest, OutcomeIsRefusedWhileTheNoticeRuns) {
  Counted();
  grpc::Status s = Notice("admin", "2099-12-31");
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_REFUSED(Outcome("c1", v1::APPOINTMENT_OUTCOME_APPOINTED, ""), FAILED_PRECONDITION,
                 "the notice runs until 2099-12-31");
}

TEST_F(SelectionTest, ObserverSeesProgressAndRecordsOpinionsOnly) {
  ASSERT_TRUE(Transition(v1::MEETING_STATUS_ANNOUNCED).ok());
  ASSERT_TRUE(Transition(v1::MEETING_STATUS_OPEN).ok());
  // Progress: the state and the turnout counts, as the big screen shows them.
  v1::GetMeetingRequest get;
  get.set_meeting_id(meeting_);
  v1::MeetingInfo info;
  grpc::Status s = observer_meetings_->GetMeeting(Ctx().get(), get, &info);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(info.status(), v1::MEETING_STATUS_OPEN);
  EXPECT_EQ(info.roll_size(), 6u);
  v1::ListMeetingsResponse list;
  EXPECT_TRUE(observer_meetings_->ListMeetings(Ctx().get(), {}, &list).ok());
  v1::GetHeadRequest head_req;
  head_req.set_meeting_id(meeting_);
  v1::SignedHead head;
  EXPECT_TRUE(observer_audit_->GetHead(Ctx().get(), head_req, &head).ok());

  s = Opinion("observer", "建议公开考察组成员名单");
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_REFUSED(Opinion("observer", ""), INVALID_ARGUMENT, "text: must not be empty");
  EXPECT_REFUSED(Opinion("officer", "我也有意见"), PERMISSION_DENIED, "RecordOpinion");

  // Everything else: no export (even public: it holds the ballots), no
  // result, no write.
  v1::ExportRequest exp;
  exp.set_meeting_id(meeting_);
  exp.set_public_export(true);
  auto export_ctx = Ctx();  // outlives the stream
  auto reader = observer_audit_->Export(export_ctx.get(), exp);
  v1::ExportRecord record;
  while (reader->Read(&record)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
  auto observer_tally = v1::TallyService::NewStub(server_->Channel("observer"));
  v1::GetResultRequest result_req;
  result_req.set_meeting_id(meeting_);
  v1::CountResponse result;
  EXPECT_REFUSED(observer_tally->GetResult(Ctx().get(), result_req, &result), PERMISSION_DENIED,
                 "GetResult");
  auto observer_kiosk = v1::KioskService::NewStub(server_->Channel("observer"));
  v1::CheckInRequest in;
  in.set_meeting_id(meeting_);
  in.set_voter_id(testing::VoterId(1));
  v1::CheckInResponse checked;
  EXPECT_REFUSED(observer_kiosk->CheckIn(Ctx().get(), in, &checked), PERMISSION_DENIED, "CheckIn");
  v1::TransitionMeetingRequest close;
  close.set_meeting_id(meeting_);
  close.set_target(v1::MEETING_STATUS_CLOSED);
  v1::TransitionMeetingResponse moved;
  EXPECT_REFUSED(observer_meetings_->TransitionMeeting(Ctx().get(), close, &moved),
                 PERMISSION_DENIED, "TransitionMeeting");
}

}  // namespace
}  // namespace gongxin
