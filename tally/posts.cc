// Declared posts: validation of the posts and of the references to them,
// and the eligible list per post.
#include "tally/posts.h"

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tally/ids.h"
#include "tally/text.h"
#include "util/status_macros.h"

namespace gongxin::tally {
namespace {

absl::Status CheckReference(const v1::MeetingSpec& spec, const std::string& path,
                            absl::string_view title) {
  if (title.empty() || FindPostByTitle(spec, title) != nullptr) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      path, ": ", Quote(title), " is not the title of a post declared in spec.posts"));
}

absl::Status CheckCandidates(const v1::MeetingSpec& spec, const std::string& path,
                             const google::protobuf::RepeatedPtrField<v1::Candidate>& people) {
  for (int i = 0; i < people.size(); ++i) {
    RETURN_IF_ERROR(CheckReference(spec, absl::StrCat(path, "[", i, "].proposed_post"),
                                   people[i].proposed_post()));
  }
  return absl::OkStatus();
}

}  // namespace

const v1::Post* FindPostByTitle(const v1::MeetingSpec& spec, absl::string_view title) {
  for (const v1::Post& p : spec.posts()) {
    if (p.title() == title) return &p;
  }
  return nullptr;
}

absl::Status ValidatePosts(const v1::MeetingSpec& spec) {
  if (spec.posts_size() > kMaxPosts) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "spec.posts: must list at most %d posts (got %d)", kMaxPosts, spec.posts_size()));
  }
  DistinctIds ids("post");
  absl::flat_hash_set<std::string> titles;
  for (int i = 0; i < spec.posts_size(); ++i) {
    const v1::Post& post = spec.posts(i);
    const std::string path = absl::StrCat("spec.posts[", i, "]");
    RETURN_IF_ERROR(ValidateId(path + ".id", post.id()));
    RETURN_IF_ERROR(ids.Add(path + ".id", post.id()));
    RETURN_IF_ERROR(ValidateText(path + ".title", post.title(), {.required = true, .max_chars = 200}));
    if (!titles.insert(post.title()).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ".title: ", Quote(post.title()),
          " is the title of an earlier post too; questions name a post by its title"));
    }
    if (post.qualifications_size() > kMaxQualifications) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s.qualifications: at most %d (got %d)", path, kMaxQualifications,
                          post.qualifications_size()));
    }
    for (int q = 0; q < post.qualifications_size(); ++q) {
      RETURN_IF_ERROR(ValidateText(absl::StrCat(path, ".qualifications[", q, "]"),
                                   post.qualifications(q),
                                   {.required = true, .max_chars = kMaxQualificationChars}));
    }
    if (post.seats() > kMaxPostSeats) {
      return absl::InvalidArgumentError(absl::StrFormat("%s.seats: must be 0 to %d (got %d)",
                                                        path, kMaxPostSeats, post.seats()));
    }
  }
  if (spec.posts().empty()) return absl::OkStatus();
  for (int f = 0; f < spec.forms_size(); ++f) {
    const v1::Form& form = spec.forms(f);
    for (int i = 0; i < form.questions_size(); ++i) {
      const v1::Question& q = form.questions(i);
      const std::string path = absl::StrCat("spec.forms[", f, "].questions[", i, "]");
      if (q.has_approval()) {
        RETURN_IF_ERROR(CheckReference(spec, path + ".approval.post", q.approval().post()));
        RETURN_IF_ERROR(CheckCandidates(spec, path + ".approval.candidates",
                                        q.approval().candidates()));
      } else if (q.has_decision()) {
        RETURN_IF_ERROR(CheckReference(spec, path + ".decision.post", q.decision().post()));
        RETURN_IF_ERROR(CheckCandidates(spec, path + ".decision.candidates",
                                        q.decision().candidates()));
      }
    }
  }
  return absl::OkStatus();
}

std::vector<const v1::Candidate*> PostCandidates(const v1::MeetingSpec& spec,
                                                 const v1::Post& post) {
  std::vector<const v1::Candidate*> out;
  absl::flat_hash_set<std::string> seen;
  auto add = [&](const v1::Candidate& c) {
    if (seen.insert(c.id()).second) out.push_back(&c);
  };
  for (const v1::Form& form : spec.forms()) {
    for (const v1::Question& q : form.questions()) {
      if (q.has_approval() && q.approval().post() == post.title()) {
        for (const v1::Candidate& c : q.approval().candidates()) add(c);
      } else if (q.has_decision()) {
        const bool whole = q.decision().post() == post.title();
        for (const v1::Candidate& c : q.decision().candidates()) {
          if (whole || c.proposed_post() == post.title()) add(c);
        }
      }
    }
  }
  return out;
}

}  // namespace gongxin::tally
