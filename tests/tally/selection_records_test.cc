// Tests of tally/selection_records.cc through the meeting state machine —
// the rules the server and the offline verifier both apply to documents by
// hash (003, 第五篇), the 任前公示 and its outcomes (000, 再公示) and
// observers' opinions (000, 旁听意见).
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tally/meeting_state.h"
#include "tally/roll.h"
#include "tally/selection_records.h"
#include "tests/testing/sample_ledger.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::tally {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

// 2020-01-01 .. 2020-01-07 (UTC+8) ends at 2020-01-08 00:00 UTC+8.
constexpr int64_t kEndOfJan7 = 1578412800;

class SelectionRecordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Accept(testing::MeetingCreatedEntry(testing::SampleSpec()));
    ASSERT_OK_AND_ASSIGN(Roll roll, Roll::Create(testing::SampleRoll(), state_.spec()));
    ASSERT_OK(state_.SetRoll(roll));
  }
  v1::Entry At(v1::Entry entry) {
    entry.set_meeting_id(testing::EntryAt(0).meeting_id());
    entry.set_seq(state_.size());
    return entry;
  }
  void Accept(const v1::Entry& entry) {
    const absl::Status s = state_.Apply(entry);
    EXPECT_TRUE(s.ok()) << s << " applying " << entry.ShortDebugString();
  }
  absl::Status Try(const v1::Entry& entry) {
    const uint64_t size = state_.size();
    absl::Status s = state_.Apply(entry);
    if (!s.ok()) {
      EXPECT_EQ(state_.size(), size) << "a refused entry was applied";
    }
    return s;
  }
  void Move(v1::MeetingStatus from, v1::MeetingStatus to) {
    Accept(testing::StateChangedEntry(state_.size(), from, to));
  }
  // DRAFT → … → COUNTED, nobody voting.
  void Counted() {
    Move(v1::MEETING_STATUS_DRAFT, v1::MEETING_STATUS_ANNOUNCED);
    Move(v1::MEETING_STATUS_ANNOUNCED, v1::MEETING_STATUS_OPEN);
    Move(v1::MEETING_STATUS_OPEN, v1::MEETING_STATUS_CLOSED);
    ASSERT_OK_AND_ASSIGN(v1::TallyResult result, state_.Count(state_.size()));
    Accept(testing::CountRecordedEntry(state_.size(), result));
  }
  v1::Entry Document(std::string sha256, const std::string& name = "考察报告-张伟.pdf") {
    v1::Entry e;
    v1::DocumentRecorded* d = e.mutable_document_recorded();
    d->set_kind(v1::DOCUMENT_KIND_INSPECTION_REPORT);
    d->set_sha256(std::move(sha256));
    d->set_size(1234);
    d->set_file_name(name);
    d->set_candidate_id("c1");
    d->set_role("officer");
    d->set_actor("officer-1");
    d->set_at(1700000000);
    return At(std::move(e));
  }
  v1::Entry Notice(const std::string& start = "2020-01-01", const std::string& end = "2020-01-07") {
    v1::Entry e;
    v1::NoticePublished* n = e.mutable_notice_published();
    n->set_start_date(start);
    n->set_end_date(end);
    n->add_channels("南漳党建网");
    n->add_channels("南漳电视台");
    for (const char* id : {"c1", "c2"}) {
      v1::NoticeSubject* s = n->add_subjects();
      s->set_candidate_id(id);
      s->set_post("副局长");
    }
    n->set_actor("admin-1");
    n->set_at(1577800000);
    return At(std::move(e));
  }
  v1::Entry Outcome(const std::string& candidate, v1::AppointmentOutcome outcome,
                    const std::string& reason, int64_t at = kEndOfJan7) {
    v1::Entry e;
    v1::NoticeOutcomeRecorded* o = e.mutable_notice_outcome_recorded();
    o->set_candidate_id(candidate);
    o->set_outcome(outcome);
    o->set_reason(reason);
    o->set_actor("admin-1");
    o->set_at(at);
    return At(std::move(e));
  }
  v1::Entry Opinion(const std::string& text) {
    v1::Entry e;
    e.mutable_observer_opinion_recorded()->set_text(text);
    e.mutable_observer_opinion_recorded()->set_observer("deputy-1");
    e.mutable_observer_opinion_recorded()->set_at(1700000000);
    return At(std::move(e));
  }

  MeetingState state_;
};

TEST_F(SelectionRecordsTest, DocumentIsRecordedOnceAndFoundByHash) {
  const std::string hash(32, 'h');
  Accept(Document(hash));
  const SelectionRecords::Document* doc = state_.selection().FindDocument(hash);
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(doc->seq, 1u);
  EXPECT_EQ(doc->body.file_name(), "考察报告-张伟.pdf");
  EXPECT_EQ(state_.selection().FindDocument(std::string(32, 'x')), nullptr);
  EXPECT_THAT(Try(Document(hash, "copy.pdf")),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("recorded at entry 1")));
}

TEST_F(SelectionRecordsTest, DocumentRefusesBadFields) {
  v1::Entry e = Document(std::string(31, 'h'));
  EXPECT_THAT(Try(e), StatusIs(absl::StatusCode::kInvalidArgument,
                               HasSubstr("document_recorded.sha256: must be 32 bytes")));
  e = Document(std::string(32, 'h'));
  e.mutable_document_recorded()->set_kind(v1::DOCUMENT_KIND_UNSPECIFIED);
  EXPECT_THAT(Try(e), StatusIs(absl::StatusCode::kInvalidArgument,
                               HasSubstr("document_recorded.kind: must be one of")));
  e = Document(std::string(32, 'h'), "../etc/passwd");
  EXPECT_THAT(Try(e), StatusIs(absl::StatusCode::kInvalidArgument,
                               HasSubstr("must be a base name")));
  e = Document(std::string(32, 'h'));
  e.mutable_document_recorded()->set_size(0);
  EXPECT_THAT(Try(e), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("size")));
  e = Document(std::string(32, 'h'));
  e.mutable_document_recorded()->set_candidate_id("nobody");
  EXPECT_THAT(Try(e), StatusIs(absl::StatusCode::kNotFound,
                               HasSubstr("document_recorded.candidate_id: \"nobody\"")));
  e = Document(std::string(32, 'h'));
  e.mutable_document_recorded()->set_role("kiosk");
  EXPECT_THAT(Try(e), StatusIs(absl::StatusCode::kInvalidArgument,
                               HasSubstr("must be admin or officer")));
  EXPECT_TRUE(state_.selection().documents().empty());
}

TEST_F(SelectionRecordsTest, NoticeFollowsTheCountOnly) {
  EXPECT_THAT(Try(Notice()), StatusIs(absl::StatusCode::kFailedPrecondition,
                                      HasSubstr("not counted yet")));
  Counted();
  Accept(Notice());
  EXPECT_THAT(Try(Notice()), StatusIs(absl::StatusCode::kAlreadyExists,
                                      HasSubstr("notice was recorded at entry")));
}

TEST_F(SelectionRecordsTest, NoticeRefusesBadDatesUnknownAndRepeatedPeople) {
  Counted();
  EXPECT_THAT(Try(Notice("2020-1-1")), StatusIs(absl::StatusCode::kInvalidArgument,
                                                HasSubstr("start_date: \"2020-1-1\"")));
  EXPECT_THAT(Try(Notice("2020-02-30")), StatusIs(absl::StatusCode::kInvalidArgument,
                                                  HasSubstr("not a calendar day")));
  EXPECT_THAT(Try(Notice("2020-01-08", "2020-01-07")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("before the start")));
  v1::Entry e = Notice();
  e.mutable_notice_published()->mutable_subjects(1)->set_candidate_id("x9");
  EXPECT_THAT(Try(e), StatusIs(absl::StatusCode::kNotFound, HasSubstr("subjects[1].candidate_id")));
  e = Notice();
  e.mutable_notice_published()->mutable_subjects(1)->set_candidate_id("c1");
  EXPECT_THAT(Try(e), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("named twice")));
  e = Notice();
  e.mutable_notice_published()->clear_channels();
  EXPECT_THAT(Try(e), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("channels")));
  EXPECT_FALSE(state_.selection().notice().has_value());
}

// 000: "有15名同志…予以正式任职，有2名干部因…被取消拟任资格".
TEST_F(SelectionRecordsTest, OutcomesAfterThePeriodOncePerPersonWithReasons) {
  Counted();
  EXPECT_THAT(Try(Outcome("c1", v1::APPOINTMENT_OUTCOME_APPOINTED, "")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("no 任前公示")));
  Accept(Notice());
  // One second before the end of the last day (UTC+8): still running.
  EXPECT_THAT(Try(Outcome("c1", v1::APPOINTMENT_OUTCOME_APPOINTED, "", kEndOfJan7 - 1)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("runs until 2020-01-07")));
  EXPECT_THAT(Try(Outcome("c3", v1::APPOINTMENT_OUTCOME_APPOINTED, "")),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("not named by the notice")));
  EXPECT_THAT(Try(Outcome("c2", v1::APPOINTMENT_OUTCOME_DISQUALIFIED, "")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reason: required")));
  EXPECT_THAT(Try(Outcome("c2", v1::APPOINTMENT_OUTCOME_UNSPECIFIED, "x")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("outcome: must be one of")));
  Accept(Outcome("c1", v1::APPOINTMENT_OUTCOME_APPOINTED, ""));
  Accept(Outcome("c2", v1::APPOINTMENT_OUTCOME_DISQUALIFIED, "公示期间群众反映存在经济问题，经核实属实"));
  EXPECT_THAT(Try(Outcome("c1", v1::APPOINTMENT_OUTCOME_DEFERRED, "再议")),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("already has an outcome")));
  ASSERT_EQ(state_.selection().outcomes().size(), 2u);
  EXPECT_EQ(state_.selection().FindOutcome("c2")->body.outcome(),
            v1::APPOINTMENT_OUTCOME_DISQUALIFIED);
}

TEST_F(SelectionRecordsTest, OpinionsNeedAnAnnouncedMeetingAndText) {
  EXPECT_THAT(Try(Opinion("建议公开考察组成员名单")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("draft")));
  Move(v1::MEETING_STATUS_DRAFT, v1::MEETING_STATUS_ANNOUNCED);
  EXPECT_THAT(Try(Opinion("")), StatusIs(absl::StatusCode::kInvalidArgument,
                                         HasSubstr("observer_opinion_recorded.text")));
  Accept(Opinion("建议公开考察组成员名单\n并延长公示期"));
  ASSERT_EQ(state_.selection().opinions().size(), 1u);
  EXPECT_EQ(state_.selection().opinions()[0].body.observer(), "deputy-1");
}

TEST(SelectionNamesTest, KindsAndOutcomesParseInChineseAndEnglish) {
  EXPECT_EQ(*ParseDocumentKind("考察报告"), v1::DOCUMENT_KIND_INSPECTION_REPORT);
  EXPECT_EQ(*ParseDocumentKind("interview_record"), v1::DOCUMENT_KIND_INTERVIEW_RECORD);
  EXPECT_THAT(ParseDocumentKind("日记"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("inspection_report (考察报告)")));
  EXPECT_EQ(*ParseAppointmentOutcome("暂缓任用"), v1::APPOINTMENT_OUTCOME_DEFERRED);
  EXPECT_EQ(*ParseAppointmentOutcome("disqualified"), v1::APPOINTMENT_OUTCOME_DISQUALIFIED);
  EXPECT_EQ(*NoticeEnd("d", "2020-01-07"), kEndOfJan7);
}

}  // namespace
}  // namespace gongxin::tally
