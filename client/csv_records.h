// The records of a CSV file that officers keep in a spreadsheet (a roll, a
// candidate list): RFC 4180 through libcsv, strictly (a stray quote is an
// error, not a guess), with the line each record starts on so that every
// message names the row a text editor and a spreadsheet show. The text is
// decoded first (client/text_encoding.h: UTF-8, or GB18030/GBK as Excel
// saves it on a Chinese Windows).
//
// Empty lines, and rows whose fields are all empty (what a spreadsheet
// leaves of cleared rows), are dropped. Errors are INVALID_ARGUMENT located
// as "FILE:row N" or "FILE:row N, column C (NAME)".
#ifndef GONGXIN_CLIENT_CSV_RECORDS_H_
#define GONGXIN_CLIENT_CSV_RECORDS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gongxin::client {

struct CsvRecord {
  int row = 0;  // line on which the record starts, 1-based
  std::vector<std::string> fields;
};

// SplitCsvRecords decodes `bytes` and splits them into records. At most
// `max_records` records (the header included) are read; more is
// INVALID_ARGUMENT saying "more than `max_records - 1` `what`".
// `column_names` names the columns in parse errors before the header row is
// known; once it is, the header's own spelling is used.
absl::StatusOr<std::vector<CsvRecord>> SplitCsvRecords(
    absl::string_view bytes, absl::string_view file_name, size_t max_records,
    absl::string_view what, const std::vector<std::string>& column_names);

// "voters.csv:row 7" and "voters.csv:row 7, column 3 (group)".
std::string CsvAt(absl::string_view file, int row);
std::string CsvAt(absl::string_view file, int row, int column, absl::string_view column_name);

// CleanCsvField returns a value trimmed of ASCII whitespace, refusing an
// empty one (unless `optional`) and control characters (a line break inside
// quotes, a tab), which are never part of an id or a name and would corrupt
// every document the value is printed in. `where` locates the messages.
absl::StatusOr<std::string> CleanCsvField(const std::string& raw, const std::string& where,
                                          bool optional = false);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_CSV_RECORDS_H_
