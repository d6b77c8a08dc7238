// Validation of the counting rules a spec carries as data: threshold rules
// (C3, S-1, S-5, S-9), quorum rules (A4, B1), rate choices of graded
// questions (C5), shortlist settings of approval questions (A2, A7) and
// group weights. Called by ValidateSpec; every error names the field path.
#ifndef GONGXIN_TALLY_RULES_SPEC_H_
#define GONGXIN_TALLY_RULES_SPEC_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "gongxin/v1/meeting.pb.h"

namespace gongxin::tally {

inline constexpr uint32_t kDefaultMinGroupSize = 5;
inline constexpr uint32_t kMaxMinGroupSize = 1000;
inline constexpr uint32_t kMaxShortlistRatio = 10;
inline constexpr uint32_t kMaxGroupWeight = 1000;
inline constexpr int kMaxRulesPerForm = 50;

// spec.quorum / form.quorum: fraction 0 < num ≤ den when set, comparator GE,
// GT or unspecified.
absl::Status ValidateQuorum(const std::string& path, const v1::QuorumRule& quorum);

// Approval question extras: shortlist_ratio ≤ 10, min_vote_rate a fraction
// num ≤ den (den > 0 when num > 0), known bases.
absl::Status ValidateApprovalRules(const std::string& path, const v1::ApprovalQuestion& q);

// Graded question extras: known rate_basis and satisfaction_formula; no
// excellent/pass/score on a dont_know grade; SCORE needs scores.
absl::Status ValidateGradedRules(const std::string& path, const v1::GradedQuestion& q);

// form.rules (each fully spelled out: an unexpanded preset is refused) and
// form.group_weights (declared groups the form is given to, each once, all
// of them, weights 1..1000).
absl::Status ValidateFormRules(const std::string& path, const v1::MeetingSpec& spec,
                               const v1::Form& form);

// The quorum that applies to `form`: the form's, else the spec's, else
// rule A4's default (≥ 2/3 of 应到).
v1::QuorumRule EffectiveQuorum(const v1::MeetingSpec& spec, const v1::Form& form);

// spec.min_group_size, or the default 5.
uint32_t EffectiveMinGroupSize(const v1::MeetingSpec& spec);

// The grades of `q` counted as excellent / pass (Grade.excellent/pass, or
// the defaults: the first grade; every judging grade but the last).
bool IsExcellentGrade(const v1::GradedQuestion& q, int grade_index);
bool IsPassGrade(const v1::GradedQuestion& q, int grade_index);

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_RULES_SPEC_H_
