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

// Loads a next round's YAML as gongxin would, from a scratch directory.
LoadedMeeting LoadNext(const std::string& yaml, const std::string& name) {
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / name;
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "voters.csv") << "voter_id,name,group\nv001,张三,leaders\n";
  std::ofstream(dir / "next.yaml", std::ios::trunc) << yaml;
  absl::StatusOr<LoadedMeeting> next = LoadMeetingSpec((dir / "next.yaml").string());
  EXPECT_OK(next.status()) << yaml;
  std::filesystem::remove_all(dir);
  return next.ok() ? *next : LoadedMeeting{};
}

TEST(NextRoundTest, S8_CarriesTheShortlistRatioAndRateSettingsIntoEveryRound) {
  NextRoundRequest r = Request();
  v1::ApprovalQuestion* a =
      r.previous_spec.mutable_forms(0)->mutable_questions(0)->mutable_approval();
  ASSERT_EQ(r.previous_spec.forms(0).id(), "rec");
  a->set_shortlist_ratio(3);
  a->mutable_min_vote_rate()->set_num(1);
  a->mutable_min_vote_rate()->set_den(5);
  a->set_min_vote_rate_basis(v1::RATE_BASIS_PRESENT);
  a->set_rate_basis(v1::RATE_BASIS_VALID);
  ASSERT_OK_AND_ASSIGN(std::string yaml, NextRoundSpecYaml(r));
  const v1::ApprovalQuestion& next =
      LoadNext(yaml, "next_round_carry").spec.forms(0).questions(0).approval();
  EXPECT_EQ(next.shortlist_ratio(), 3u) << "S-8 asks for 1:3 in every round\n" << yaml;
  EXPECT_EQ(next.min_vote_rate().num(), 1u);
  EXPECT_EQ(next.min_vote_rate().den(), 5u);
  EXPECT_EQ(next.min_vote_rate_basis(), v1::RATE_BASIS_PRESENT);
  EXPECT_EQ(next.rate_basis(), v1::RATE_BASIS_VALID);
}

TEST(NextRoundTest, CarriesThePostAndItsQualifications) {
  NextRoundRequest r = Request();
  const std::string post = r.previous_spec.forms(0).questions(0).approval().post();
  v1::Post* p = r.previous_spec.add_posts();
  p->set_id("head");
  p->set_title(post);
  p->set_seats(1);
  p->add_qualifications("任副职满 2 年");
  v1::Post* other = r.previous_spec.add_posts();
  other->set_id("other");
  other->set_title("另一职位");
  ASSERT_OK_AND_ASSIGN(std::string yaml, NextRoundSpecYaml(r));
  const v1::MeetingSpec next = LoadNext(yaml, "next_round_posts").spec;
  ASSERT_EQ(next.posts_size(), 1) << "only the post this round fills\n" << yaml;
  EXPECT_EQ(next.posts(0).title(), post);
  EXPECT_THAT(next.posts(0).qualifications(), ::testing::ElementsAre("任副职满 2 年"));
}

TEST(NextRoundTest, RoundTitlesReplaceTheEarlierRoundsMark) {
  NextRoundRequest r = Request();
  r.previous_spec.set_title("2026年局领导班子推荐（第2轮）");
  r.previous_spec.mutable_forms(0)->set_title("推荐票（第2轮）");
  r.previous_spec.mutable_forms(0)->mutable_previous_round()->set_round(2);
  ASSERT_OK_AND_ASSIGN(std::string yaml, NextRoundSpecYaml(r));
  const v1::MeetingSpec next = LoadNext(yaml, "next_round_titles").spec;
  EXPECT_EQ(next.title(), "2026年局领导班子推荐（第3轮）");
  EXPECT_EQ(next.forms(0).title(), "推荐票（第3轮）");

  r.previous_spec.set_locale("en");
  r.previous_spec.set_title("Bureau recommendation (round 2)");
  ASSERT_OK_AND_ASSIGN(yaml, NextRoundSpecYaml(r));
  EXPECT_EQ(LoadNext(yaml, "next_round_titles_en").spec.title(), "Bureau recommendation (round 3)");
  // A title that merely ends in a parenthesis keeps it.
  r.previous_spec.set_title("Bureau (east)");
  ASSERT_OK_AND_ASSIGN(yaml, NextRoundSpecYaml(r));
  EXPECT_EQ(LoadNext(yaml, "next_round_titles_plain").spec.title(), "Bureau (east) (round 3)");
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
