// The raw counts of a tally, for tests of counting that keep exact
// expectations without the figures derived from the spec's rules.
#ifndef GONGXIN_TESTS_TALLY_RAW_COUNTS_H_
#define GONGXIN_TESTS_TALLY_RAW_COUNTS_H_

#include "gongxin/v1/meeting.pb.h"

namespace gongxin::testing {

// The raw counts of `result`: without the figures derived from the spec's
// rules (bases, rates, validity, shortlists, flags, per-group tallies,
// weighted figures), which tests/tally/rules_test.cc checks. Lets tests of
// raw counting keep exact expectations.
inline v1::TallyResult RawCounts(v1::TallyResult result) {
  for (v1::FormTally& ft : *result.mutable_forms()) {
    ft.clear_validity();
    ft.clear_groups();
    ft.clear_groups_reason_zh();
    ft.clear_groups_reason_en();
    for (v1::QuestionTally& qt : *ft.mutable_questions()) {
      qt.clear_basis();
      qt.clear_flags();
      qt.clear_shortlist();
      qt.clear_weighted();
      qt.clear_weighted_reason_zh();
      qt.clear_weighted_reason_en();
      for (v1::SubjectTally& st : *qt.mutable_subjects()) st.clear_rates();
      for (v1::CandidateTally& ct : *qt.mutable_candidates()) {
        ct.clear_shortlisted();
        ct.clear_tie_at_cut();
      }
      for (v1::WriteInTally& wt : *qt.mutable_write_ins()) {
        wt.clear_shortlisted();
        wt.clear_tie_at_cut();
      }
    }
  }
  return result;
}

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_TALLY_RAW_COUNTS_H_
