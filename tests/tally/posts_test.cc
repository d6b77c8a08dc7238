// Declared posts (spec.posts): their validation, the references questions
// make to them, and the eligible list each post publishes.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tally/posts.h"
#include "tally/spec.h"
#include "tests/testing/sample_meeting.h"
#include "tests/testing/status_matchers.h"

namespace gongxin::tally {
namespace {

using ::gongxin::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The sample spec with a post declared for every approval question's post.
v1::MeetingSpec SpecWithPosts() {
  v1::MeetingSpec spec = ::gongxin::testing::SampleSpec();
  int n = 0;
  for (const v1::Form& form : spec.forms()) {
    for (const v1::Question& q : form.questions()) {
      if (!q.has_approval() || FindPostByTitle(spec, q.approval().post()) != nullptr) continue;
      v1::Post* post = spec.add_posts();
      post->set_id("post" + std::to_string(++n));
      post->set_title(q.approval().post());
      post->set_seats(q.approval().seats());
      post->add_qualifications("具有大学本科以上文化程度");
    }
  }
  return spec;
}

TEST(PostsTest, SpecWithPostsForEveryQuestionIsValid) {
  EXPECT_OK(ValidateSpec(SpecWithPosts()));
}

TEST(PostsTest, PostsRefuseDuplicateIdEmptyTitleAndEmptyQualification) {
  v1::MeetingSpec dup = SpecWithPosts();
  dup.mutable_posts(1)->set_id(dup.posts(0).id());
  EXPECT_THAT(ValidateSpec(dup), StatusIs(absl::StatusCode::kInvalidArgument,
                                          HasSubstr("spec.posts[1].id: duplicate post id")));
  v1::MeetingSpec untitled = SpecWithPosts();
  untitled.mutable_posts(0)->clear_title();
  EXPECT_THAT(ValidateSpec(untitled),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("spec.posts[0].title")));
  v1::MeetingSpec same_title = SpecWithPosts();
  same_title.mutable_posts(1)->set_title(same_title.posts(0).title());
  EXPECT_THAT(ValidateSpec(same_title),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("spec.posts[1].title")));
  v1::MeetingSpec empty_qual = SpecWithPosts();
  empty_qual.mutable_posts(0)->add_qualifications("");
  EXPECT_THAT(ValidateSpec(empty_qual),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("spec.posts[0].qualifications[1]")));
}

TEST(PostsTest, QuestionNamingAnUndeclaredPostIsRefusedOnceAnyPostIsDeclared) {
  v1::MeetingSpec spec = SpecWithPosts();
  spec.mutable_forms(0)->mutable_questions(0)->mutable_approval()->set_post("总经理");
  EXPECT_THAT(ValidateSpec(spec),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("spec.forms[0].questions[0].approval.post: \"总经理\" is not the "
                                 "title of a post declared in spec.posts")));
  // Without declared posts a post stays free text, as before.
  spec.clear_posts();
  EXPECT_OK(ValidateSpec(spec));
}

TEST(PostsTest, EligibleListIsTheCandidatesOfTheQuestionsForThePost) {
  const v1::MeetingSpec spec = SpecWithPosts();
  const v1::Post* head = FindPostByTitle(spec, "局长");
  ASSERT_NE(head, nullptr);
  std::vector<std::string> ids;
  for (const v1::Candidate* c : PostCandidates(spec, *head)) ids.push_back(c->id());
  EXPECT_THAT(ids, ElementsAre("c1", "c2", "c3"));
}

}  // namespace
}  // namespace gongxin::tally
