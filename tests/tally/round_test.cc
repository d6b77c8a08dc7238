// Tests of tally/round.h: progressive recommendation rounds (rules S-8, A9).
#include "tally/round.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gongxin/v1/meeting.pb.h"
#include "gtest/gtest.h"
#include "tally/spec.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/text_proto.h"

namespace gongxin::tally {
namespace {

using ::gongxin::testing::ParseText;
using ::gongxin::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

v1::MeetingSpec Round1Spec() {
  return ParseText<v1::MeetingSpec>(R"pb(
    title: "第一轮推荐" unit: "某局"
    groups { id: "all" name: "全体" }
    forms {
      id: "rec" title: "推荐票" mode: FORM_MODE_NAMED
      questions {
        id: "head"
        approval {
          post: "局长" seats: 1 max_choices: 1 allow_write_in: true
          candidates { id: "c1" name: "甲" current_post: "副局长" }
          candidates { id: "c2" name: "乙" }
          candidates { id: "c3" name: "丙" }
          candidates { id: "c4" name: "丁" }
          candidates { id: "c5" name: "戊" }
        }
      }
    })pb");
}

// c1 9, c2 6, c3 6, c4 2, c5 0; write-in 己 6.
v1::TallyResult Round1Result() {
  return ParseText<v1::TallyResult>(R"pb(
    meeting_id: "m1" ledger_size: 40
    forms {
      form_id: "rec"
      questions {
        question_id: "head"
        candidates { candidate_id: "c1" votes: 9 rank: 1 }
        candidates { candidate_id: "c2" votes: 6 rank: 2 }
        candidates { candidate_id: "c3" votes: 6 rank: 2 }
        candidates { candidate_id: "c4" votes: 2 rank: 5 }
        candidates { candidate_id: "c5" votes: 0 rank: 6 }
        write_ins { name: "己" votes: 6 rank: 2 }
      }
    })pb");
}

std::vector<std::string> Names(const std::vector<v1::Candidate>& cs) {
  std::vector<std::string> names;
  for (const v1::Candidate& c : cs) names.push_back(c.id() + "=" + c.name());
  return names;
}

TEST(RoundTest, S8_TopNTakesEveryoneTiedAtTheCutIncludingWriteIns) {
  // Top 2: c1 rank 1, and c2, c3 and the write-in 己 all rank 2.
  ASSERT_OK_AND_ASSIGN(std::vector<v1::Candidate> top,
                       TopOfRound(Round1Spec(), Round1Result(), "rec", "head", 2));
  EXPECT_THAT(Names(top), ElementsAre("c1=甲", "c2=乙", "c3=丙", "w1=己"));
  EXPECT_EQ(top[0].current_post(), "副局长");
  ASSERT_OK_AND_ASSIGN(top, TopOfRound(Round1Spec(), Round1Result(), "rec", "head", 1));
  EXPECT_THAT(Names(top), ElementsAre("c1=甲"));
}

TEST(RoundTest, S8_NobodyWithoutAVoteGoesThrough) {
  ASSERT_OK_AND_ASSIGN(std::vector<v1::Candidate> top,
                       TopOfRound(Round1Spec(), Round1Result(), "rec", "head", 100));
  EXPECT_THAT(Names(top), ElementsAre("c1=甲", "c2=乙", "c3=丙", "c4=丁", "w1=己"));
}

TEST(RoundTest, TopOfAnUnknownQuestionIsNotFound) {
  EXPECT_THAT(TopOfRound(Round1Spec(), Round1Result(), "rec", "nope", 2),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("question \"nope\"")));
  EXPECT_THAT(TopOfRound(Round1Spec(), Round1Result(), "rec", "head", 0),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("top")));
}

// Round 2 of Round1Spec's question with the given candidates.
v1::MeetingSpec Round2Spec(const std::vector<std::pair<std::string, std::string>>& candidates,
                           uint32_t round = 2) {
  v1::MeetingSpec spec = ParseText<v1::MeetingSpec>(R"pb(
    title: "第二轮推荐" unit: "某局"
    groups { id: "all" name: "全体" }
    forms {
      id: "rec2" title: "第二轮推荐票" mode: FORM_MODE_NAMED
      questions { id: "head" approval { post: "局长" seats: 1 max_choices: 1 } }
      previous_round {
        previous_meeting_id: "m1" previous_form_id: "rec" previous_question_id: "head"
        question_id: "head" top: 2 count_seq: 40
      }
    })pb");
  v1::Form* form = spec.mutable_forms(0);
  form->mutable_previous_round()->set_count_entry_hash(std::string(32, 'h'));
  form->mutable_previous_round()->set_round(round);
  for (const auto& [id, name] : candidates) {
    v1::Candidate* c = form->mutable_questions(0)->mutable_approval()->add_candidates();
    c->set_id(id);
    c->set_name(name);
  }
  return spec;
}

PreviousRound Previous() {
  PreviousRound p;
  p.status = v1::MEETING_STATUS_COUNTED;
  p.spec = Round1Spec();
  p.result = Round1Result();
  p.count_seq = 40;
  p.count_entry_hash = std::string(32, 'h');
  return p;
}

const std::vector<std::pair<std::string, std::string>> kTop2 = {
    {"c1", "甲"}, {"c2", "乙"}, {"c3", "丙"}, {"x7", "己"}};

TEST(RoundTest, A9_ALinkToThePreviousTopIsAccepted) {
  const v1::MeetingSpec spec = Round2Spec(kTop2);
  ASSERT_OK(ValidateSpec(spec));
  // The write-in may take any new id; listed candidates keep theirs.
  EXPECT_OK(CheckRoundLink("spec.forms[0].previous_round", spec.forms(0), Previous()));
}

TEST(RoundTest, A9_AListThatDropsSomeoneTiedAtTheCutIsRefused) {
  const v1::MeetingSpec spec = Round2Spec({{"c1", "甲"}, {"c2", "乙"}, {"x7", "己"}});
  EXPECT_THAT(CheckRoundLink("spec.forms[0].previous_round", spec.forms(0), Previous()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("spec.forms[0].previous_round"),
                             HasSubstr("candidate c3 \"丙\" is in the top 2"))));
}

TEST(RoundTest, A9_AListThatAddsSomeoneOutsideTheTopIsRefused) {
  auto candidates = kTop2;
  candidates.push_back({"c4", "丁"});
  const v1::MeetingSpec spec = Round2Spec(candidates);
  EXPECT_THAT(CheckRoundLink("p", spec.forms(0), Previous()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("candidate c4 \"丁\" is not in the top 2")));
}

TEST(RoundTest, A9_ALinkToAnUncountedMeetingOrAnotherCountIsRefused) {
  const v1::MeetingSpec spec = Round2Spec(kTop2);
  PreviousRound open = Previous();
  open.status = v1::MEETING_STATUS_CLOSED;
  EXPECT_THAT(CheckRoundLink("p", spec.forms(0), open),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("not been counted")));
  PreviousRound recounted = Previous();
  recounted.count_entry_hash = std::string(32, 'x');
  EXPECT_THAT(CheckRoundLink("p", spec.forms(0), recounted),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("p.count_entry_hash")));
  EXPECT_THAT(CheckRoundLink("p", Round2Spec(kTop2, 3).forms(0), Previous()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("p.round: must be 2")));
}

TEST(RoundTest, SpecRefusesAMalformedLink) {
  v1::MeetingSpec spec = Round2Spec(kTop2);
  spec.mutable_forms(0)->mutable_previous_round()->set_question_id("other");
  EXPECT_THAT(ValidateSpec(spec),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("spec.forms[0].previous_round.question_id")));
  spec = Round2Spec(kTop2);
  spec.mutable_forms(0)->mutable_previous_round()->set_count_entry_hash("short");
  EXPECT_THAT(ValidateSpec(spec),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("previous_round.count_entry_hash: must be 32 bytes")));
  spec = Round2Spec(kTop2, 1);
  EXPECT_THAT(ValidateSpec(spec), StatusIs(absl::StatusCode::kInvalidArgument,
                                           HasSubstr("previous_round.round")));
}

}  // namespace
}  // namespace gongxin::tally
