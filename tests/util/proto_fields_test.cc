#include "util/proto_fields.h"

#include "gmock/gmock.h"
#include "gongxin/v1/meeting.pb.h"
#include "google/protobuf/struct.pb.h"
#include "gtest/gtest.h"
#include "tests/testing/unknown_fields.h"

namespace gongxin::util {
namespace {

using ::testing::HasSubstr;

v1::Ballot TwoAnswers() {
  v1::Ballot ballot;
  ballot.set_form_id("rec");
  ballot.add_answers()->set_question_id("head");
  ballot.add_answers()->set_question_id("deputy");
  return ballot;
}

TEST(RefuseUnknownFieldsTest, AcceptsAMessageOfKnownFieldsOnly) {
  EXPECT_TRUE(RefuseUnknownFields(TwoAnswers(), "ballot").ok());
}

TEST(RefuseUnknownFieldsTest, NamesAnUnknownFieldOfTheMessageItself) {
  v1::Ballot ballot = TwoAnswers();
  testing::UnknownFields(&ballot)->AddVarint(99, 7);
  absl::Status s = RefuseUnknownFields(ballot, "");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "unknown field 99 (not in gongxin.v1.Ballot)");
}

TEST(RefuseUnknownFieldsTest, NamesTheRepeatedElementThatCarriesIt) {
  v1::Ballot ballot = TwoAnswers();
  testing::UnknownFields(ballot.mutable_answers(1))->AddLengthDelimited(77, "v001");
  absl::Status s = RefuseUnknownFields(ballot, "ballot");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "ballot.answers[1]: unknown field 77 (not in gongxin.v1.Answer)");
}

TEST(RefuseUnknownFieldsTest, ReachesSingularMessagesAndOneofMembers) {
  v1::Question question;
  question.set_id("q");
  testing::UnknownFields(question.mutable_approval()->add_candidates())->AddFixed32(12, 1);
  absl::Status s = RefuseUnknownFields(question, "q");
  EXPECT_THAT(s.message(), HasSubstr("q.approval.candidates[0]: unknown field 12"));
}

TEST(RefuseUnknownFieldsTest, ReachesMapValues) {
  google::protobuf::Struct doc;
  google::protobuf::Value& value = (*doc.mutable_fields())["k"];
  value.set_string_value("x");
  testing::UnknownFields(&value)->AddVarint(42, 1);
  absl::Status s = RefuseUnknownFields(doc, "doc");
  EXPECT_THAT(s.message(), HasSubstr("doc.fields[0].value: unknown field 42"));
}

TEST(RefuseUnknownFieldsTest, FindsFieldsThatCameFromTheWire) {
  v1::Ballot ballot = TwoAnswers();
  std::string bytes = ballot.SerializeAsString();
  // Field 99, wire type 2, three bytes "abc": what a kiosk could append.
  bytes += std::string("\x9a\x06\x03" "abc", 6);
  v1::Ballot parsed;
  ASSERT_TRUE(parsed.ParseFromString(bytes));
  EXPECT_EQ(RefuseUnknownFields(parsed, "ballot").message(),
            "ballot: unknown field 99 (not in gongxin.v1.Ballot)");
}

TEST(RefuseUnknownFieldsTest, ListsSeveralUnknownFields) {
  v1::Ballot ballot;
  testing::UnknownFields(&ballot)->AddVarint(50, 1);
  testing::UnknownFields(&ballot)->AddVarint(51, 1);
  EXPECT_EQ(RefuseUnknownFields(ballot, "b").message(),
            "b: unknown fields 50, 51 (not in gongxin.v1.Ballot)");
}

}  // namespace
}  // namespace gongxin::util
