// Identifiers of meetings, forms, questions, candidates, voter groups and
// voters: short ASCII tokens that are safe in paths, CSV files and logs.
#ifndef GONGXIN_TALLY_IDS_H_
#define GONGXIN_TALLY_IDS_H_

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace gongxin::tally {

inline constexpr size_t kMaxIdLength = 64;

// ValidateId checks that `id` is 1 to 64 characters of [A-Za-z0-9_.-] and
// does not start with '.' or '-'. Fails with INVALID_ARGUMENT naming
// `field_path` and what is wrong (empty, too long, the offending character,
// or the leading character).
absl::Status ValidateId(absl::string_view field_path, absl::string_view id);

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_IDS_H_
