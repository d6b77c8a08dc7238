// Prints a TallyResult for people (a plain-text report, Chinese by default)
// and for machines (JSON, CSV).
//
// The report never decides anything: it shows counts, ranks and vote rates
// (rule A8: the rate is an input, not the decision).
#ifndef GONGXIN_CLIENT_RESULT_FORMAT_H_
#define GONGXIN_CLIENT_RESULT_FORMAT_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tally/text.h"
#include "gongxin/v1/meeting.pb.h"

namespace gongxin::client {

enum class ResultFormat {
  // Plain text for a terminal or a printout: meeting, turnout, and per
  // question a ranked table of candidates with votes and vote rates, or for
  // a graded question a matrix of subjects by grades (plus blank) with each
  // count and its share of the rate denominator. When the tally carries
  // the counting rules' figures (docs/counting-rules.md) it also shows each
  // form's quorum and validity, the 差额 shortlist marks, subject rates,
  // flags (as advice), weighted figures and the per-group sections.
  kTable,
  // Protobuf's JSON mapping of the TallyResult with field names as in the
  // proto and every field printed, zeros included: the raw counts.
  kJson,
  // One row per candidate, write-in, blank and invalid count, and for a
  // graded question one row per subject and grade plus one blank row per
  // subject; UTF-8 with a BOM and CRLF line ends, for spreadsheets. The
  // columns are documented in result_format.cc above FormatCsv.
  kCsv,
};

// ParseResultFormat accepts "table", "json" or "csv" (any case), as given
// to the CLI's --format; anything else is InvalidArgument.
absl::StatusOr<ResultFormat> ParseResultFormat(absl::string_view name);

// FormatTallyResult renders `result`. `spec` supplies the names (meeting,
// forms, questions, posts, candidates, subjects, grade labels); ids missing
// from it are shown as ids. `locale` chooses the language of the table: "en"
// (or "en-…") for English, anything else for Chinese; grade labels are the
// admin's text and are shown as written. JSON and CSV are language-neutral.
std::string FormatTallyResult(const v1::TallyResult& result,
                              const v1::MeetingSpec& spec, ResultFormat format,
                              absl::string_view locale = "zh-CN");

// StatusName gives the meeting status as people read it: 草稿, 已公告,
// 投票中, 已结束, 已计票, 已公布 (en: draft, announced, open, closed,
// counted, published).
std::string StatusName(v1::MeetingStatus status, absl::string_view locale);

// Percent is part / whole as a percentage with one decimal, rounded half up
// in integer arithmetic (printf's "%.1f" rounds 6.25 to 6.2 and binary
// fractions make other halves unpredictable; people check these by hand), or
// "—" when there is nothing to divide by. PercentNumber is the same number
// without the sign, or "" (for CSV).
std::string Percent(uint64_t part, uint64_t whole);
std::string PercentNumber(uint64_t part, uint64_t whole);

// DisplayWidth: tally/text.h, the one UTF-8 decoder.
using tally::DisplayWidth;

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_RESULT_FORMAT_H_
