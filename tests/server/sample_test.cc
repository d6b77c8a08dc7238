// A sampled survey over the real server (mutual TLS on 127.0.0.1,
// RocksDB): the admin draws the sample with the public value once, before
// the meeting opens; only drawn voters (and groups taken whole) check in;
// the draw survives a restart, which re-checks it against the roll. Each
// refusal is checked for its code, a message naming the field, and an
// unchanged ledger.
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "gmock/gmock.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "gtest/gtest.h"
#include "ledger/sample_draw.h"
#include "tests/server/meeting_fixture.h"
#include "tests/server/refusals.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"

namespace gongxin {
namespace {

constexpr char kLottery[] = "2026年12月10日 福彩3D 第2026333期 417";

class SampleServerTest : public testing::MeetingServerTest {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::TestServer>(dir_.path());
    ASSERT_OK(server_->Start());
    Stubs();
    // SampleSpec() over 30 voters (10 leaders, 20 staff), drawing 6 staff.
    v1::MeetingSpec spec = testing::SampleSpec();
    spec.mutable_sample()->set_beacon_source("2026年12月10日 福彩3D 开奖号码");
    v1::SampleStratum* stratum = spec.mutable_sample()->add_strata();
    stratum->set_group("staff");
    stratum->set_size(6);
    v1::CreateMeetingRequest req;
    *req.mutable_spec() = spec;
    *req.mutable_roll() = testing::SampleRoll(30);
    v1::CreateMeetingResponse resp;
    grpc::Status s = admin_->CreateMeeting(Ctx().get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    meeting_ = resp.meeting_id();
  }

  void Stubs() {
    admin_ = v1::MeetingService::NewStub(server_->Channel("admin"));
    officer_ = v1::MeetingService::NewStub(server_->Channel("officer"));
    auditor_ = v1::AuditService::NewStub(server_->Channel("auditor"));
    kiosk_ = v1::KioskService::NewStub(server_->Channel("kiosk"));
  }

  grpc::Status Draw(const std::string& beacon, v1::DrawSampleResponse* out = nullptr,
                    v1::MeetingService::Stub* stub = nullptr) {
    v1::DrawSampleRequest req;
    req.set_meeting_id(meeting_);
    req.set_beacon(beacon);
    v1::DrawSampleResponse resp;
    return (stub == nullptr ? admin_.get() : stub)
        ->DrawSample(Ctx().get(), req, out == nullptr ? &resp : out);
  }

  grpc::Status CheckIn(const std::string& voter) {
    v1::CheckInRequest req;
    req.set_meeting_id(meeting_);
    req.set_voter_id(voter);
    v1::CheckInResponse resp;
    return kiosk_->CheckIn(Ctx().get(), req, &resp);
  }

  v1::MeetingInfo Info() {
    v1::GetMeetingRequest req;
    req.set_meeting_id(meeting_);
    v1::MeetingInfo info;
    grpc::Status s = admin_->GetMeeting(Ctx().get(), req, &info);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return info;
  }

  std::unique_ptr<v1::MeetingService::Stub> officer_;
  std::unique_ptr<v1::KioskService::Stub> kiosk_;
};

TEST_F(SampleServerTest, DrawTakesTheSpecsNumberWithTheChainsSeed) {
  const v1::SignedHead before = Info().head();
  v1::DrawSampleResponse drawn;
  ASSERT_TRUE(Draw(kLottery, &drawn).ok());
  EXPECT_EQ(drawn.seq(), before.size());
  // The seed is the one anyone computes from the head before the draw.
  EXPECT_EQ(drawn.seed(), ledger::SampleSeed(before.head_hash(), kLottery));
  EXPECT_EQ(drawn.voter_ids_size(), 6);
  EXPECT_EQ(drawn.population(), 30u);
  EXPECT_EQ(drawn.sample_size(), 16u);  // 6 staff drawn, 10 leaders whole
  for (const std::string& id : drawn.voter_ids()) {
    EXPECT_GE(id, "v011") << id << " is not a staff member";
  }
  const v1::MeetingInfo info = Info();
  EXPECT_EQ(info.sample_size(), 16u);
  EXPECT_EQ(info.roll_size(), 30u);
  EXPECT_TRUE(info.sample().drawn());
  EXPECT_EQ(info.sample().beacon(), kLottery);
  for (const v1::FormProgress& f : info.forms()) EXPECT_EQ(f.due(), 16u) << f.form_id();
}

TEST_F(SampleServerTest, DrawRefusals) {
  EXPECT_REFUSED(Draw(""), INVALID_ARGUMENT, "beacon: ");
  EXPECT_REFUSED(Draw(std::string(201, '7')), INVALID_ARGUMENT, "beacon: ");
  EXPECT_REFUSED(Draw(kLottery, nullptr, officer_.get()), PERMISSION_DENIED, "");
  ASSERT_TRUE(Transition(v1::MEETING_STATUS_ANNOUNCED).ok());
  EXPECT_REFUSED(Transition(v1::MEETING_STATUS_OPEN), FAILED_PRECONDITION,
                 "cannot open before its sample is drawn");
  ASSERT_TRUE(Draw(kLottery).ok());
  EXPECT_REFUSED(Draw(kLottery), ALREADY_EXISTS, "the sample was drawn at entry 2");
  ASSERT_TRUE(Transition(v1::MEETING_STATUS_OPEN).ok());
  EXPECT_REFUSED(Draw("418"), ALREADY_EXISTS, "the sample was drawn");
}

TEST_F(SampleServerTest, OnlyDrawnVotersAndGroupsTakenWholeCheckIn) {
  v1::DrawSampleResponse drawn;
  ASSERT_TRUE(Draw(kLottery, &drawn).ok());
  ASSERT_TRUE(Transition(v1::MEETING_STATUS_ANNOUNCED).ok());
  ASSERT_TRUE(Transition(v1::MEETING_STATUS_OPEN).ok());
  const absl::flat_hash_set<std::string> sample(drawn.voter_ids().begin(),
                                                drawn.voter_ids().end());
  std::string left_out;
  for (int i = 11; i <= 30 && left_out.empty(); ++i) {
    const std::string id = absl::StrCat("v0", i);
    if (!sample.contains(id)) left_out = id;
  }
  ASSERT_FALSE(left_out.empty());
  EXPECT_REFUSED(CheckIn(left_out), FAILED_PRECONDITION,
                 absl::StrCat("voter_id: \"", left_out,
                              "\" is on the population roll of survey "));
  for (const std::string& id : drawn.voter_ids()) {
    grpc::Status s = CheckIn(id);
    EXPECT_TRUE(s.ok()) << id << ": " << s.error_message();
  }
  grpc::Status leader = CheckIn("v001");
  EXPECT_TRUE(leader.ok()) << leader.error_message();
  EXPECT_EQ(Info().checked_in(), 7u);
}

TEST_F(SampleServerTest, ARestartReplaysAndRechecksTheDraw) {
  v1::DrawSampleResponse drawn;
  ASSERT_TRUE(Draw(kLottery, &drawn).ok());
  server_->Stop();
  ASSERT_OK(server_->Start());
  Stubs();
  const v1::MeetingInfo info = Info();
  EXPECT_TRUE(info.sample().drawn());
  EXPECT_EQ(info.sample().seq(), drawn.seq());
  EXPECT_EQ(info.sample().seed(), drawn.seed());
  ASSERT_TRUE(Transition(v1::MEETING_STATUS_ANNOUNCED).ok());
  ASSERT_TRUE(Transition(v1::MEETING_STATUS_OPEN).ok());
  grpc::Status s = CheckIn(drawn.voter_ids(0));
  EXPECT_TRUE(s.ok()) << s.error_message();
}

}  // namespace
}  // namespace gongxin
