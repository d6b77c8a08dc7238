// What a count says beyond raw numbers, computed from the raw tally of one
// form and the rules frozen in its spec: rates with explicit bases (A7, C5),
// validity and quorum (A4, A6b, B1), the 差额 shortlist with ties at the cut
// (A2, S-2, S-8), and threshold flags (C3, S-1, S-5, S-9). Flags and
// shortlist marks are advice; nothing is decided (A8).
#ifndef GONGXIN_TALLY_ANNOTATE_H_
#define GONGXIN_TALLY_ANNOTATE_H_

#include <cstdint>
#include <string>

#include "gongxin/v1/meeting.pb.h"

namespace gongxin::tally {

// "due", "present", "returned", "valid", "assessed".
std::string BasisName(v1::RateBasis basis);

// The count a rate of `basis` divides by, for question `qt` of `ft` and, on
// a graded question, for subject `st` (nullptr for the question itself):
// DUE = ft.due, PRESENT = ft.issued, RETURNED = ft.returned, VALID =
// qt.valid, ASSESSED = graded: the subject's grades other than 不了解;
// approval: qt.valid − qt.blank.
uint64_t BasisCount(v1::RateBasis basis, const v1::FormTally& ft, const v1::QuestionTally& qt,
                    const v1::GradedQuestion* graded, const v1::SubjectTally* st);

// Rates of every question of `ft` (vote-rate basis of approval questions;
// excellent, pass, score and satisfaction rates of graded subjects).
void AddRates(const v1::Form& form, v1::FormTally* ft);

// Validity of the form's count (rules A4, A6b, B1) from ft's turnout, with
// `blank_ballots` and `invalid_ballots` at ballot level.
v1::Validity ComputeValidity(const v1::MeetingSpec& spec, const v1::Form& form,
                             const v1::FormTally& ft, uint32_t blank_ballots,
                             uint32_t invalid_ballots);

// Marks the shortlist of every approval question with a shortlist_ratio.
// Requires ft.validity; an invalid count marks nothing (resolved = false).
void MarkShortlists(const v1::Form& form, v1::FormTally* ft);

// Raises the flags of form.rules on every question they fit, when
// ft.validity.valid; requires AddRates (for the bases) to have run.
void RaiseFlags(const v1::Form& form, v1::FormTally* ft);

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_ANNOTATE_H_
