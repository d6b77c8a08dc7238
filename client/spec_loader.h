// Loads a meeting spec (the forms, posts and candidates an admin writes by
// hand) from a YAML or JSON file, together with the roll CSV it names.
// docs/spec-format.md describes the format with a complete example.
//
// The YAML tree is mapped to the proto by hand, not through protobuf's JSON
// parser, so that every error names the file, the line:column and the field
// path as the file spells it, e.g.
//   meeting.yaml:14:12: forms[0].questions[1].seats: expected a positive
//   integer, got "abc"
// Columns count characters (not bytes), so they agree with an editor's even
// after Chinese text on the same line.
//
// Checks here are structural: types, required keys, unknown keys (a typo
// must never be silently ignored) and keys of another question kind (an
// approval key on a graded question, and vice versa), enum spellings,
// non-empty required strings. Semantic checks (unique ids, max_choices <=
// candidates, groups of the roll exist, ...) belong to the server's validator,
// which sees every spec whatever tool produced it.
#ifndef GONGXIN_CLIENT_SPEC_LOADER_H_
#define GONGXIN_CLIENT_SPEC_LOADER_H_

#include <string>

#include "absl/status/statusor.h"
#include "gongxin/v1/meeting.pb.h"

namespace gongxin::client {

struct LoadedMeeting {
  v1::MeetingSpec spec;
  v1::Roll roll;
};

// LoadMeetingSpec reads the spec at `spec_path` and the roll it names
// (`roll:`, resolved relative to the spec file's directory). A non-empty
// `roll_path_override` is used instead of the spec's `roll:` (resolved
// relative to the working directory, like any command-line path).
//
// Defaults are written into the result explicitly, so that what the server
// stores says what was meant: locale "zh-CN", overvote_policy REJECT,
// max_choices = seats, and a named scale (`scale: competency`,
// `annual_review` or `satisfaction`, with `dont_know: true` appending
// 不了解 as grade "unknown") as its grades.
//
// Returns NotFound when the spec or roll file cannot be opened, and
// InvalidArgument with a located message when either is malformed.
absl::StatusOr<LoadedMeeting> LoadMeetingSpec(
    const std::string& spec_path, const std::string& roll_path_override = "");

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_SPEC_LOADER_H_
