// A question's candidates (or a graded question's subjects) from a CSV file,
// as an organisation department keeps the list in a spreadsheet, instead of
// typing them into the YAML spec: `candidates: 候选人.csv` in the spec
// (docs/spec-format.md, "Candidates from a CSV file").
//
// The header row names the columns, in any order, in English or Chinese:
//   id            编号       required
//   name          姓名       required
//   current_post  现任职务   optional
//   note          备注       optional
//   proposed_post 拟任职务   optional, decision questions only (rule D4)
// Every row is one candidate in file order; an id and a name are required
// in every row, the other cells may be empty. Encoding, quoting and row
// numbers as for the roll (client/csv_records.h): UTF-8 or GB18030/GBK.
// Recusals (rule B4) stay in the YAML: they name voters, not a column.
#ifndef GONGXIN_CLIENT_CANDIDATES_CSV_H_
#define GONGXIN_CLIENT_CANDIDATES_CSV_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gongxin/v1/meeting.pb.h"

namespace gongxin::client {

// The most candidates one list may hold: far above any real ballot, it only
// bounds what a wrong file costs.
inline constexpr int kMaxCsvCandidates = 10'000;

enum class CandidateList { kPersons, kDecision };

// ParseCandidatesCsv parses the bytes of a candidate list; `file_name` is
// used only in messages. INVALID_ARGUMENT, located by row and column, for a
// bad header (missing id or name, an unknown or repeated column,
// proposed_post outside a decision question), a row with too many or too
// few fields, an empty id or name, a repeated id, or bytes that are neither
// UTF-8 nor GB18030.
absl::StatusOr<std::vector<v1::Candidate>> ParseCandidatesCsv(absl::string_view bytes,
                                                              absl::string_view file_name,
                                                              CandidateList kind);

// LoadCandidatesCsv reads and parses the file at `path`; NotFound (and the
// other I/O statuses of ReadFileToString) when it cannot be read.
absl::StatusOr<std::vector<v1::Candidate>> LoadCandidatesCsv(const std::string& path,
                                                             CandidateList kind);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_CANDIDATES_CSV_H_
