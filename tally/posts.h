// Declared posts (spec.posts, 职位) with their qualifications (任职资格):
// what the announcement publishes before the vote together with the
// eligible candidates (将民主推荐的职位、任职资格和符合条件的干部人选名单提前进行公开).
// Questions and candidates refer to a post by its title, the text their
// ballots already print.
#ifndef GONGXIN_TALLY_POSTS_H_
#define GONGXIN_TALLY_POSTS_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gongxin/v1/meeting.pb.h"

namespace gongxin::tally {

inline constexpr int kMaxPosts = 100;
inline constexpr int kMaxQualifications = 30;
inline constexpr size_t kMaxQualificationChars = 500;
inline constexpr uint32_t kMaxPostSeats = 1000;

// ValidatePosts checks spec.posts and, when any is declared, the references
// to them (called by ValidateSpec once the forms are valid). INVALID_ARGUMENT
// naming the field, e.g. "spec.posts[1].id", for: more than 100 posts; an
// invalid or repeated id; an empty, over-long or repeated title; more than
// 30 qualifications, or one empty or over 500 characters; seats over 1000;
// and an ApprovalQuestion.post, a DecisionQuestion.post or a
// Candidate.proposed_post that is set but is not the title of a declared post.
absl::Status ValidatePosts(const v1::MeetingSpec& spec);

// FindPostByTitle returns the declared post titled `title`, or nullptr.
const v1::Post* FindPostByTitle(const v1::MeetingSpec& spec, absl::string_view title);

// PostCandidates returns the eligible candidates (名单) for `post`: those of
// every approval question and competitive decision for the post and every
// decision candidate proposed for it, in spec order, each id once.
std::vector<const v1::Candidate*> PostCandidates(const v1::MeetingSpec& spec,
                                                 const v1::Post& post);

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_POSTS_H_
