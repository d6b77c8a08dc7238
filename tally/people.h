// Checks shared by the question kinds that list people (candidates,
// subjects) or labelled options (elements, checklist items): ids valid and
// unique within their list, names and labels within the text limits.
#ifndef GONGXIN_TALLY_PEOPLE_H_
#define GONGXIN_TALLY_PEOPLE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gongxin/v1/meeting.pb.h"
#include "google/protobuf/repeated_field.h"
#include "tally/ids.h"

namespace gongxin::tally {

// ValidatePeople checks `people` found at `path` (e.g.
// "spec.forms[0].questions[1].decision.candidates"): 1 to `max` entries,
// each with a valid id unique in the list, a name (≤ 100 characters), an
// optional current_post and proposed_post (≤ 200) and note (≤ 1000).
// Unless `decision`, recused_voter_ids must be empty (recusal, rule B4, is
// a decision matter). Fails with INVALID_ARGUMENT naming the first
// offending field.
absl::Status ValidatePeople(const std::string& path,
                            const google::protobuf::RepeatedPtrField<v1::Candidate>& people,
                            int max, bool decision = false);

// ValidatePerson checks one listed person of an approval question
// (candidate) or a graded question (subject) at `path`: a valid id,
// distinct from those already in `ids` (it joins them), a name (≤ 100
// characters), an optional current_post and proposed_post (≤ 200) and note
// (≤ 1000), and no recused_voter_ids. INVALID_ARGUMENT naming the field.
absl::Status ValidatePerson(const std::string& path, const v1::Candidate& c, DistinctIds& ids);

// ValidateLabelled checks one labelled option at `path`: a valid id,
// distinct from those already in `seen` (it joins them; look-alikes refused,
// tally/ids.h), and a label of 1 to 100 characters.
absl::Status ValidateLabelled(const std::string& path, absl::string_view id,
                              absl::string_view label, DistinctIds& seen);

// HasPerson returns whether `people` lists id `id`.
bool HasPerson(const google::protobuf::RepeatedPtrField<v1::Candidate>& people,
               absl::string_view id);

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_PEOPLE_H_
