// What `gongxin tally count|show` prints: the one view of a count
// (report/view.h) as a terminal table or CSV, or the TallyResult itself as
// JSON. The words and figures all come from report/, so the terminal, the
// spreadsheet and the printed report say the same.
//
// The output never decides anything: it shows counts, ranks and vote rates
// (rule A8: the rate is an input, not the decision).
#ifndef GONGXIN_CLIENT_RESULT_FORMAT_H_
#define GONGXIN_CLIENT_RESULT_FORMAT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gongxin/v1/meeting.pb.h"

namespace gongxin::client {

enum class ResultFormat {
  // report::RenderResultText: the meeting's turnout, then per form its
  // validity and per question its tables (ranking, grade matrix, rates,
  // decision, element, checklist), shortlist, flags, weighted figures and
  // per-group tables, then composites; Chinese by default.
  kTable,
  // Protobuf's JSON mapping of the TallyResult with field names as in the
  // proto and every field printed, zeros included: the raw counts.
  kJson,
  // report::RenderResultCsv: one row per figure of the view, with ids;
  // UTF-8 with a BOM and CRLF line ends. Columns: docs/api.md.
  kCsv,
};

// ParseResultFormat accepts "table", "json" or "csv" (any case), as given
// to the CLI's --format; anything else is InvalidArgument.
absl::StatusOr<ResultFormat> ParseResultFormat(absl::string_view name);

// FormatTallyResult renders `result`. `spec` supplies the names (meeting,
// forms, questions, posts, candidates, subjects, grade labels); ids missing
// from it are shown as ids. `locale` chooses the language of the table and
// of the few words the CSV carries: "en" (or "en-…") for English, anything
// else for Chinese; the admin's own text is shown as written.
std::string FormatTallyResult(const v1::TallyResult& result, const v1::MeetingSpec& spec,
                              ResultFormat format, absl::string_view locale = "zh-CN");

// StatusName gives the meeting status as people read it (report::StatusName).
std::string StatusName(v1::MeetingStatus status, absl::string_view locale);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_RESULT_FORMAT_H_
