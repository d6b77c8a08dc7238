// The roll of voters (应到) of one meeting, validated against its spec and
// indexed by voter id and group.
#ifndef GONGXIN_TALLY_ROLL_H_
#define GONGXIN_TALLY_ROLL_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gongxin/v1/meeting.pb.h"

namespace gongxin::tally {

inline constexpr int kMaxVoters = 200000;

// Roll is an immutable, validated index over a v1::Roll. Thread-compatible;
// const methods may be called concurrently.
class Roll {
 public:
  // Create validates `roll` against `spec` (which must pass ValidateSpec) and
  // indexes it. Fails with INVALID_ARGUMENT naming the field path when the roll
  // lists no voter or more than 200000; a voter id is invalid or repeated
  // ("roll.voters[17].id: duplicate voter id "v001" (first at roll.voters[3])"),
  // also in another letter case ("V001": tally::DistinctIds);
  // a name is empty, over 100 characters, not well-formed UTF-8 or holds
  // control characters; a group is not declared in spec.groups; or a
  // voter recused on a decision candidate (rule B4) is not on the roll or
  // does not receive the candidate's form.
  static absl::StatusOr<Roll> Create(v1::Roll roll, const v1::MeetingSpec& spec);

  // Find returns the voter with id `voter_id`, or nullptr if not on the roll.
  const v1::Voter* Find(absl::string_view voter_id) const;

  // size returns the number of voters on the roll.
  size_t size() const { return static_cast<size_t>(roll_.voters_size()); }

  // EligibleCount returns how many voters on the roll receive `form` (its due,
  // 应到).
  size_t EligibleCount(const v1::Form& form) const;

  // IsEligible returns whether `voter`'s group receives `form`.
  bool IsEligible(const v1::Voter& voter, const v1::Form& form) const;

  // EligibleForms returns the ids of the forms of `spec` that `voter`
  // receives, in spec order.
  std::vector<std::string> EligibleForms(const v1::Voter& voter, const v1::MeetingSpec& spec) const;

  const v1::Roll& proto() const { return roll_; }

 private:
  explicit Roll(v1::Roll roll) : roll_(std::move(roll)) {}

  v1::Roll roll_;
  absl::flat_hash_map<std::string, int> index_by_id_;  // into roll_.voters
  absl::flat_hash_map<std::string, size_t> group_sizes_;
};

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_ROLL_H_
