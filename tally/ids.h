// Identifiers of meetings, forms, questions, candidates, voter groups and
// voters: short ASCII tokens that are safe in paths, CSV files and logs.
#ifndef GONGXIN_TALLY_IDS_H_
#define GONGXIN_TALLY_IDS_H_

#include <cstddef>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace gongxin::tally {

inline constexpr size_t kMaxIdLength = 64;

// ValidateId checks that `id` is 1 to 64 characters of [A-Za-z0-9_.-] and
// does not start with '.' or '-'. Fails with INVALID_ARGUMENT naming
// `field_path` and what is wrong (empty, too long, the offending character,
// or the leading character).
absl::Status ValidateId(absl::string_view field_path, absl::string_view id);

// DistinctIds checks that the ids of one scope (the voters of a roll, the
// candidates of a question, the groups of a spec, ...) are distinct, and
// not only byte for byte: ids are what staff type and read, so two that
// differ only in letter case ("v001" and "V001") are refused as look-alikes
// instead of standing for two voters. Lookups stay exact. Thread-compatible.
class DistinctIds {
 public:
  // `what` names the kind of id in messages ("voter", "candidate"; empty
  // for plain "id").
  explicit DistinctIds(std::string what) : what_(std::move(what)) {}

  // Add records `id`, found at `field`; `where` is how a later clash names
  // this place (default: `field`). Fails with INVALID_ARGUMENT naming
  // `field`: `duplicate voter id "v001" (first at roll.voters[3])`, or
  // `voter id "V001" differs only in letter case from "v001" (at
  // roll.voters[0]); ids must differ in more than letter case`.
  absl::Status Add(const std::string& field, absl::string_view id, std::string where);
  absl::Status Add(const std::string& field, absl::string_view id) { return Add(field, id, field); }

 private:
  struct First {
    std::string id;
    std::string where;
  };
  std::string what_;
  absl::flat_hash_map<std::string, First> by_folded_id_;  // key: id in ASCII lower case
};

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_IDS_H_
