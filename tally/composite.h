// Composite rankings (综合得分): ballot figures and officer scores combined
// with weights (rule S-2: 90/5/5, rule S-3: 45/45/5/5 with < 60 excluded),
// one-vote vetoes (一票否决, rules S-3 and S-9) and the take ratio (S-2:
// 1:3 of the posts). Everything here is advice to the organisation
// department (rule A8): ranks and flags, never a decision; ties at the cut
// are flagged, never broken.
#ifndef GONGXIN_TALLY_COMPOSITE_H_
#define GONGXIN_TALLY_COMPOSITE_H_

#include <map>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gongxin/v1/meeting.pb.h"
#include "tally/rational.h"
#include "tally/spec_lookup.h"

namespace gongxin::tally {

inline constexpr int kMaxCompositeRules = 16;
// Enough for the 14 ability standards (十四项能力标准) of a cadre assessment
// and more; each component is one column of the report.
inline constexpr int kMaxComponents = 32;
inline constexpr int kMaxGradeBands = 10;
inline constexpr uint32_t kMaxCountApprovals = 10;
inline constexpr size_t kMaxVetoReasonChars = 500;

// The presets named in rules.md.
inline constexpr absl::string_view kPresetS2 = "S-2";
inline constexpr absl::string_view kPresetS3 = "S-3";

// ValidateComposites checks spec.composites and spec.count_approvals_required
// (called by ValidateSpec; the rest of `spec` is already valid). Fails with
// INVALID_ARGUMENT naming the field, e.g. "spec.composites[0].components[1].weight",
// when: a rule id is invalid or repeated; the title is empty; preset is not
// "", "S-2" or "S-3"; form_id/question_id name no question; there are no
// components or more than 10; a component id is invalid or repeated, its
// label empty, its weight not a positive exact number, or the weights do not
// sum to exactly 100; a component has no source; a ballot figure names no
// question, a kind that does not fit the question (VOTE_RATE needs an
// approval question, GRADE_SHARE a graded one with grade_ids from its scale,
// each once), or a question that does not list every candidate of the rule;
// an officer scale is not exact or max ≤ min; veto_below is set on an
// officer indicator or outside 0–100; exclude_below is outside 0–100;
// take_ratio is over 100 or posts over 1000; count_approvals_required is
// over 10; grade bands (at most 10) have an empty label, a threshold not
// exact 0–100 or not strictly below the band before, or no grade_below (or
// grade_below without bands); spec.inspection does not fit the rules
// (ValidateInspection).
absl::Status ValidateComposites(const v1::MeetingSpec& spec);

// ExpandCompositePreset fills a rule that names a preset and has no
// components with the preset's components (S-2: the vote rate of the rule's
// approval question 90 %, basic-quality assessment 5 %, commendations 5 %,
// take ratio 3 unless set; S-3: performance 45 %, leadership 45 %, work
// style 5 %, potential 5 %, all officer scores 0–100, exclude below 60
// unless set). A rule with components is left alone. INVALID_ARGUMENT for
// an unknown preset or, for S-2, a rule question that is not an approval
// question.
absl::Status ExpandCompositePreset(const v1::MeetingSpec& spec, v1::CompositeRule& rule);

// FindCompositeRule returns the rule with id `id`, or nullptr.
const v1::CompositeRule* FindCompositeRule(const v1::MeetingSpec& spec, absl::string_view id);

// ResolveCompositeRule returns the rule named `rule_id`, or the only rule
// when `rule_id` is empty. FAILED_PRECONDITION if the meeting has no rule;
// INVALID_ARGUMENT naming `field_path` for an unknown id, or an empty one
// when there are several rules.
absl::StatusOr<const v1::CompositeRule*> ResolveCompositeRule(const v1::MeetingSpec& spec,
                                                              absl::string_view field_path,
                                                              absl::string_view rule_id);

// FindComponent returns the component with id `id` of `rule`, or nullptr.
const v1::CompositeComponent* FindComponent(const v1::CompositeRule& rule, absl::string_view id);

// CheckOfficerScore parses `value` for officer indicator `component` and
// checks it lies within the indicator's scale (inclusive). INVALID_ARGUMENT
// naming `field_path` otherwise.
absl::StatusOr<Rational> CheckOfficerScore(const v1::CompositeComponent& component,
                                           absl::string_view field_path, absl::string_view value);

// GradeOf returns the grade (等次) of `composite` under the rule's bands:
// the label of the first band whose at_least it reaches, else grade_below;
// "" when the rule has no bands. The rule must be valid.
std::string GradeOf(const v1::CompositeRule& rule, const Rational& composite);

// What officers entered, as replayed from the ledger. Keys are unique (the
// state machine refuses a second score or veto for the same key); AddScore
// on a key already scored replaces the value (an approved correction). A
// score of a by_panel rule is one inspector's (`inspector` = the officer's
// certificate name); elsewhere `inspector` is "".
class OfficerInputs {
 public:
  // One indicator's scores by inspector ("" alone outside by_panel rules).
  using Sheet = std::map<std::string, Rational>;
  void AddScore(absl::string_view rule_id, absl::string_view candidate_id,
                absl::string_view indicator_id, absl::string_view inspector, Rational value);
  // A score outside by_panel rules.
  void AddScore(absl::string_view rule_id, absl::string_view candidate_id,
                absl::string_view indicator_id, Rational value) {
    AddScore(rule_id, candidate_id, indicator_id, "", value);
  }
  // The score outside by_panel rules (inspector ""), or nullptr.
  const Rational* FindScore(absl::string_view rule_id, absl::string_view candidate_id,
                            absl::string_view indicator_id,
                            absl::string_view inspector = "") const;
  // Every inspector's score of the indicator, or nullptr if nobody scored it.
  const Sheet* FindSheet(absl::string_view rule_id, absl::string_view candidate_id,
                         absl::string_view indicator_id) const;
  void AddVeto(absl::string_view rule_id, absl::string_view candidate_id, v1::Veto veto);
  const v1::Veto* FindVeto(absl::string_view rule_id, absl::string_view candidate_id) const;

 private:
  absl::flat_hash_map<std::string, Sheet> scores_;
  absl::flat_hash_map<std::string, v1::Veto> vetoes_;
};

// ComputeComposite ranks the candidates of `rule` (validated with `spec`)
// from the ballot tally `tally` (Counter::Tally of the same spec) and the
// officers' inputs:
// - each component gives 0–100 points: a ballot figure × 100, or
//   (score − min) ÷ (max − min) × 100; the composite is Σ weight % × points;
// - in a by_panel rule an officer indicator's score is the aggregate
//   (spec.inspection.aggregation) of the scores of the inspectors not
//   recused from the candidate, and is missing until each of them scored;
// - a candidate with a composite gets its grade (GradeOf);
// - a candidate lacking an officer score is listed with `missing` and no
//   composite; one vetoed by an officer (S-3) or by a ballot figure below
//   veto_below (S-9) is listed with the vetoes; one whose composite is below
//   exclude_below is `excluded` (S-3; exactly the threshold stays in); none
//   of these is ranked;
// - the rest get competition ranks by composite (equal composites share a
//   rank); with take = posts × take_ratio, those ranked ≤ take are
//   `within_take`, except that when the composite at the cut is shared by
//   someone beyond it, every candidate with that composite is `tied_at_cut`
//   instead (S-2; never broken).
// Candidates are listed ranked first (by rank, then question order), then
// the others in question order. OUT_OF_RANGE, naming the rule and the
// candidate, if an exact value does not fit in 128 bits (a spec with many
// unusual denominators): refused rather than computed wrong.
absl::StatusOr<v1::CompositeResult> ComputeComposite(const v1::MeetingSpec& spec, const v1::CompositeRule& rule,
                                     const v1::TallyResult& tally, const OfficerInputs& inputs);

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_COMPOSITE_H_
