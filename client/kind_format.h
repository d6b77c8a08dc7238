// How the result report shows decision (票决), best-per-element (要素推荐)
// and checklist (正反向测评) questions, beside result_format's approval and
// graded tables. Outcomes are printed as advice (rule A8).
#ifndef GONGXIN_CLIENT_KIND_FORMAT_H_
#define GONGXIN_CLIENT_KIND_FORMAT_H_

#include <functional>
#include <string>
#include <vector>

#include "gongxin/v1/meeting.pb.h"

namespace gongxin::client {

// True for a question these functions render: as the spec says or, without
// the spec, as the tally's shape says.
bool IsOtherKind(const v1::QuestionTally& tally, const v1::Question* question);

// AppendKindTable appends the plain-text table of `tally` (zh, or en when
// `english`), headed by nothing: the caller prints the title.
void AppendKindTable(const v1::QuestionTally& tally, const v1::Question* question, bool english,
                     std::string* out);

// One CSV row in result_format's columns after form_id, question_id and
// post: kind, candidate_id, name, votes, rate_denominator, vote_rate, rank,
// grade_id, grade.
using KindCsvRow = std::function<void(std::vector<std::string>)>;

// AppendKindCsv emits the CSV rows of `tally`:
// - decision: per candidate one row each of kind agree, disagree, abstain,
//   (defer,) blank with votes over pass_denominator, then kind=outcome with
//   grade_id passed | not_passed | no_quorum and votes = pass_needed; for a
//   competitive question a last row kind=competitive with grade_id winner |
//   tie_revote | none_passed | no_quorum and name the winner or the tied;
// - element: per element (grade_id/grade = element id/label) one row per
//   candidate (kind=element, with rank) and one kind=blank;
// - checklist: per subject one row per item (kind=item, grade_id/grade =
//   item id/label, rank empty) and one kind=blank.
void AppendKindCsv(const v1::QuestionTally& tally, const v1::Question* question,
                   const KindCsvRow& row);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_KIND_FORMAT_H_
