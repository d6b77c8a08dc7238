// Tests of client/next_round.h: the next round's spec reads back through
// the spec loader and passes the server's link check (rules S-8, A9).
#include "client/next_round.h"

#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "client/spec_loader.h"
#include "google/protobuf/text_format.h"
#include "tally/round.h"
#include "tally/spec.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::client {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::HasSubstr;

v1::TallyResult Result() {
  v1::TallyResult r;
  google::protobuf::TextFormat::ParseFromString(R"pb(
    meeting_id: "m1"
    forms {
      form_id: "rec"
      questions {
        question_id: "head"
        candidates { candidate_id: "c1" votes: 4 rank: 1 }
        candidates { candidate_id: "c2" votes: 2 rank: 2 }
        candidates { candidate_id: "c3" votes: 2 rank: 2 }
        write_ins { name: "孙\"强\"" votes: 1 rank: 4 }
      }
      questions { question_id: "deputy" }
    })pb",
                                                &r);
  return r;
}

NextRoundRequest Request() {
  NextRoundRequest r;
  r.previous_meeting_id = "m1";
  r.previous_spec = testing::SampleSpec();
  r.previous_result = Result();
  r.count_seq = 17;
  r.count_entry_hash = std::string(32, '\x5a');
  r.form_id = "rec";
  r.question_id = "head";
  r.top = 2;
  r.roll = "voters.csv";
  return r;
}

TEST(NextRoundTest, S8_SpecReadsBackWithTheTopAndAValidLink) {
  ASSERT_OK_AND_ASSIGN(std::string yaml, NextRoundSpecYaml(Request()));
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / "next_round_test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "voters.csv") << "voter_id,name,group\nv001,张三,leaders\n";
  std::ofstream(dir / "next.yaml") << yaml;
  ASSERT_OK_AND_ASSIGN(LoadedMeeting next, LoadMeetingSpec((dir / "next.yaml").string()));
  ASSERT_OK(tally::ValidateSpec(next.spec));
  const v1::Form& form = next.spec.forms(0);
  const auto& candidates = form.questions(0).approval().candidates();
  ASSERT_EQ(candidates.size(), 3);  // c1, and c2 and c3 tied at the cut
  EXPECT_EQ(candidates[2].id(), "c3");
  EXPECT_EQ(form.previous_round().round(), 2u);
  EXPECT_EQ(form.previous_round().count_entry_hash(), std::string(32, '\x5a'));
  tally::PreviousRound previous;
  previous.status = v1::MEETING_STATUS_COUNTED;
  previous.spec = testing::SampleSpec();
  previous.result = Result();
  previous.count_seq = 17;
  previous.count_entry_hash = std::string(32, '\x5a');
  EXPECT_OK(tally::CheckRoundLink("spec.forms[0].previous_round", form, previous));

  // Top 4 takes the write-in, quotes and all.
  NextRoundRequest four = Request();
  four.top = 4;
  ASSERT_OK_AND_ASSIGN(yaml, NextRoundSpecYaml(four));
  std::ofstream(dir / "next.yaml", std::ios::trunc) << yaml;
  ASSERT_OK_AND_ASSIGN(next, LoadMeetingSpec((dir / "next.yaml").string()));
  EXPECT_EQ(next.spec.forms(0).questions(0).approval().candidates(3).name(), "孙\"强\"");
  std::filesystem::remove_all(dir);
}

TEST(NextRoundTest, RefusesAnUnknownFormOrAnAmbiguousQuestion) {
  NextRoundRequest r = Request();
  r.form_id = "nope";
  EXPECT_THAT(NextRoundSpecYaml(r), StatusIs(absl::StatusCode::kNotFound, HasSubstr("--form")));
  r = Request();
  r.question_id = "";
  EXPECT_THAT(NextRoundSpecYaml(r), StatusIs(absl::StatusCode::kInvalidArgument,
                                             HasSubstr("several approval questions")));
}

}  // namespace
}  // namespace gongxin::client
