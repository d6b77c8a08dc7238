// The roll of voters (应到) as officers keep it: a CSV file, usually exported
// from a spreadsheet.
//
// Format (docs/spec-format.md has the full description):
//   voter_id,name,group          (or the Chinese header 编号,姓名,类别)
//   v001,张三,leaders
//   ...
// UTF-8 with or without a byte-order mark, or GB18030/GBK as Excel saves
// "CSV" on a Chinese Windows (client/text_encoding.h); LF or CRLF line ends,
// RFC 4180 quoting. Empty lines (and rows whose fields are all empty, which
// spreadsheets leave behind) are ignored. Values are trimmed of ASCII
// whitespace. At most kMaxRollVoters voters.
//
// Errors are InvalidArgument and name the file, the row and the column, e.g.
//   voters.csv:row 7, column 3 (group): empty value
// "row N" is the line of the file on which the record starts, counting the
// header as row 1 and counting blank lines, so it is the line number a text
// editor shows and the row number a spreadsheet shows.
//
// The parser checks structure only (header, field count, encoding, non-empty
// values, unique voter ids). Whether each group exists in the meeting is
// checked by the server against the spec.
#ifndef GONGXIN_CLIENT_ROLL_CSV_H_
#define GONGXIN_CLIENT_ROLL_CSV_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tally/text.h"
#include "gongxin/v1/meeting.pb.h"

namespace gongxin::client {

// The largest roll accepted: a county-wide meeting is a few thousand people;
// the limit only bounds memory for a file that is not a roll at all.
inline constexpr int kMaxRollVoters = 200'000;

// ParseRollCsv parses the text of a roll file. `file_name` is used only in
// error messages. Returns the voters in file order.
absl::StatusOr<v1::Roll> ParseRollCsv(absl::string_view csv_text,
                                      absl::string_view file_name);

// RollHeader: the header row a roll template carries, Chinese
// (编号,姓名,类别) or English (voter_id,name,group); both are accepted.
std::vector<std::string> RollHeader(bool english);

// LoadRollCsv reads and parses the roll at `path`. Returns NotFound when the
// file does not exist (see ReadFileToString for other I/O errors) and
// InvalidArgument when it is not a valid roll.
absl::StatusOr<v1::Roll> LoadRollCsv(const std::string& path);

// --- Text helpers shared by the client's file loaders ---------------------

// ReadFileToString returns the bytes of the file at `path`. Files larger than
// `max_bytes` are refused with InvalidArgument (they cannot be what we
// expect, and reading them would only waste memory); a file that cannot be
// opened or read gives the status matching errno (NotFound for ENOENT,
// PermissionDenied for EACCES, ...) with the OS reason.
absl::StatusOr<std::string> ReadFileToString(const std::string& path,
                                             size_t max_bytes);

// FirstInvalidUtf8: tally/text.h, the one UTF-8 decoder.
using tally::FirstInvalidUtf8;

// StripUtf8Bom returns `text` without a leading UTF-8 byte-order mark
// (EF BB BF), which Windows tools such as Excel and Notepad write.
absl::string_view StripUtf8Bom(absl::string_view text);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_ROLL_CSV_H_
