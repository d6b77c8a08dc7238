// Inspectors' scores (考察组逐项打分; 面试评委) and their recusal (考察回避):
// the panel named in the spec, who may score whom, and how their scores of
// one indicator become the indicator's score (mean, or trimmed mean). All
// arithmetic exact, as everywhere in the tally.
#ifndef GONGXIN_TALLY_INSPECTION_H_
#define GONGXIN_TALLY_INSPECTION_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gongxin/v1/meeting.pb.h"
#include "tally/rational.h"

namespace gongxin::tally {

inline constexpr int kMaxInspectors = 50;
inline constexpr size_t kMaxInspectorNameChars = 64;  // an X.509 common name
inline constexpr size_t kMaxRecusalNoteChars = 200;

// ValidateInspection checks spec.inspection against the composite rules
// (already valid). INVALID_ARGUMENT naming the field when: an inspector's
// name is empty, longer than 64 characters or repeated, or there are more
// than 50; the aggregation is unset while there are inspectors; a recusal
// names no inspector of the panel, no candidate of a by_panel rule, no
// reason, or repeats a pair, or an OTHER reason has no note; a by_panel rule
// exists without inspectors (or the panel has inspectors and no rule uses
// it); a candidate of a by_panel rule keeps fewer scoring inspectors than
// the aggregation needs (1 for the mean, 3 for the trimmed mean).
absl::Status ValidateInspection(const v1::MeetingSpec& spec);

// IsInspector is true when `name` is an inspector of spec.inspection.
bool IsInspector(const v1::MeetingSpec& spec, absl::string_view name);

// FindRecusal returns the recusal of `inspector` from `candidate_id`, or
// nullptr.
const v1::InspectorRecusal* FindRecusal(const v1::MeetingSpec& spec, absl::string_view inspector,
                                        absl::string_view candidate_id);

// ScoringInspectors returns the panel's inspectors not recused from
// `candidate_id`, in spec order: the ones whose scores the aggregate takes.
std::vector<std::string> ScoringInspectors(const v1::MeetingSpec& spec,
                                           absl::string_view candidate_id);

// MinScoringInspectors is how many scores `aggregation` needs: 3 for the
// trimmed mean, else 1.
int MinScoringInspectors(v1::InspectorAggregation aggregation);

// AggregateScores combines one indicator's scores (at least
// MinScoringInspectors of them): the mean, or for the trimmed mean the mean
// after dropping one highest and one lowest score. Exact.
Rational AggregateScores(v1::InspectorAggregation aggregation, std::vector<Rational> scores);

// RecusalReasonKey is the reason as the spec file spells it ("kinship",
// "work", "other"); "" for UNSPECIFIED.
absl::string_view RecusalReasonKey(v1::RecusalReason reason);

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_INSPECTION_H_
