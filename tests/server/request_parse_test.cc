#include "server/request_parse.h"

#include <string>

#include "gmock/gmock.h"
#include "gongxin/v1/service.pb.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::server {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

absl::Status Diagnose(const v1::CastRequest& req) {
  // Serialising ill-formed UTF-8 only logs: the bytes are what a client sends.
  const std::string bytes = req.SerializeAsString();
  v1::CastRequest parsed;
  EXPECT_FALSE(parsed.ParseFromString(bytes)) << "the test request should not parse";
  return DiagnoseUnparsable(*v1::CastRequest::descriptor(), bytes);
}

TEST(DiagnoseUnparsableTest, NamesTheRepeatedStringAtFault) {
  v1::CastRequest req;
  req.mutable_credential()->set_meeting_id("m");
  v1::Answer* answer = req.mutable_ballot()->add_answers();
  answer->set_question_id("head");
  req.mutable_ballot()->add_answers()->set_question_id("deputy");
  v1::Answer* third = req.mutable_ballot()->add_answers();
  third->add_write_ins("ok");
  third->add_write_ins("bad\xed\xa0\x80");  // a surrogate
  EXPECT_THAT(Diagnose(req),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("ballot.answers[2].write_ins[1]: not well-formed UTF-8 (got "
                                 "\"bad\\xed\\xa0\\x80\")")));
}

TEST(DiagnoseUnparsableTest, NamesATopLevelString) {
  v1::CastRequest req;
  req.mutable_token()->set_group("\xff");
  EXPECT_THAT(Diagnose(req), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("token.group: not well-formed UTF-8")));
}

TEST(DiagnoseUnparsableTest, LeavesBytesFieldsAlone) {
  v1::CastRequest req;
  req.mutable_token()->set_message("\xff\xfe");  // bytes: anything goes
  req.mutable_token()->set_form_id("f\xc3");
  EXPECT_THAT(Diagnose(req), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("token.form_id: not well-formed UTF-8")));
}

TEST(DiagnoseUnparsableTest, NamesTheMessageWhoseEncodingIsBroken) {
  // ballot (field 2) holding an answer (field 2) whose length runs past its end.
  const std::string bytes("\x12\x03\x12\x05\x0a", 5);
  EXPECT_THAT(DiagnoseUnparsable(*v1::CastRequest::descriptor(), bytes),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("ballot: malformed protobuf encoding of gongxin.v1.Ballot")));
}

}  // namespace
}  // namespace gongxin::server
