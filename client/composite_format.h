// The composite-ranking part of the printed result (rules S-2, S-3, S-9,
// A8): per rule a table of candidates with each component's points, the
// composite, the rank and the flags, then who approved the count. Flags are
// advice; the report says so.
#ifndef GONGXIN_CLIENT_COMPOSITE_FORMAT_H_
#define GONGXIN_CLIENT_COMPOSITE_FORMAT_H_

#include <functional>
#include <string>
#include <vector>

#include "gongxin/v1/meeting.pb.h"

namespace gongxin::client {

// AppendCompositeReport appends the report of result.composites and
// result.approved_by to `out` (nothing when both are empty), in English
// when `english`, else in Chinese. Exact values are shown rounded to two
// decimals; the JSON output keeps them exact.
void AppendCompositeReport(const v1::TallyResult& result, const v1::MeetingSpec& spec,
                           bool english, std::string* out);

// AppendCompositeCsv emits the CSV rows of result.composites and
// result.approved_by, each a full row in result_format's twelve columns
// (form_id, question_id, post, kind, candidate_id, name, votes,
// rate_denominator, vote_rate, rank, grade_id, grade); form_id and
// question_id are the rule's question, grade_id the rule id:
// - kind=composite per candidate: votes = the exact composite ("200/3"; empty
//   if incomplete), vote_rate = it to two decimals, rank (empty if unranked),
//   grade = the candidate's marks, space-separated: within_take,
//   tied_at_cut, excluded, vetoed, incomplete;
// - kind=component per candidate and component: votes = the exact points,
//   vote_rate = two decimals, grade = the component id;
// - kind=veto per veto: post = who entered it (officer, or "rule S-9"),
//   grade = the reason;
// - kind=missing per indicator not yet scored: grade = the indicator id;
// - kind=approved_by per officer who approved the count, in ledger order:
//   name = the officer, rank = the order (1, 2, …), the other cells empty.
void AppendCompositeCsv(const v1::TallyResult& result, const v1::MeetingSpec& spec,
                        const std::function<void(std::vector<std::string>)>& row);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_COMPOSITE_FORMAT_H_
