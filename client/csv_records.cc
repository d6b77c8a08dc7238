#include "client/csv_records.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/text_encoding.h"
#include "csv.h"
#include "util/status_macros.h"

namespace gongxin::client {
namespace {

// libcsv options, chosen deliberately:
//  - CSV_STRICT: a stray quote ("ab"c", ab"c) is an error rather than being
//    guessed at; a roll decides who may vote, so we refuse to guess.
//  - CSV_STRICT_FINI: a quoted field still open at end of file is an error
//    ("unterminated quote") instead of silently swallowing the rest of the
//    file into one value.
//  - CSV_REPALL_NL: report every line end, including empty lines, so that we
//    can count lines and give row numbers a text editor agrees with. (The
//    default folds runs of line ends together and hides blank lines.)
// Not used:
//  - CSV_APPEND_NULL: we copy each field by (pointer, length) into a
//    std::string, so NUL termination buys nothing.
//  - CSV_EMPTY_IS_NULL: an empty value is an error however it is spelled.
// libcsv itself drops spaces and tabs around unquoted fields and after a
// closing quote; we trim ASCII whitespace from every value afterwards too.
constexpr unsigned char kCsvOptions =
    CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL;

// Number of line breaks in `s`, counting CRLF as one.
int CountLineBreaks(absl::string_view s) {
  int n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n') {
      ++n;
    } else if (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n')) {
      ++n;
    }
  }
  return n;
}

// Receives libcsv's callbacks, groups fields into records and tracks the
// line each record starts on.
class RecordCollector {
 public:
  explicit RecordCollector(size_t max_records) : max_records_(max_records) {}

  static void OnField(void* data, size_t len, void* self) {
    static_cast<RecordCollector*>(self)->AddField(
        absl::string_view(static_cast<const char*>(data), len));
  }
  static void OnRowEnd(int terminator, void* self) {
    static_cast<RecordCollector*>(self)->EndRow(terminator);
  }

  std::vector<CsvRecord>& records() { return records_; }
  const std::vector<CsvRecord>& records() const { return records_; }
  bool overflowed() const { return overflowed_; }
  // Where the record being parsed (if any) starts, and how many of its
  // fields are complete: used to place a parse error.
  int current_row() const { return line_; }
  int completed_fields() const { return static_cast<int>(fields_.size()); }

 private:
  void AddField(absl::string_view field) {
    breaks_in_record_ += CountLineBreaks(field);
    fields_.emplace_back(field);
  }

  void EndRow(int terminator) {
    // With CSV_REPALL_NL, CRLF arrives as two row ends; the LF of a CRLF
    // ends no line of its own. `terminator` is -1 at end of input.
    const bool empty = fields_.empty();
    if (empty && terminator == '\n' && previous_terminator_ == '\r') {
      previous_terminator_ = terminator;
      return;
    }
    previous_terminator_ = terminator;
    bool all_empty = true;
    for (const std::string& f : fields_) {
      if (!absl::StripAsciiWhitespace(f).empty()) all_empty = false;
    }
    // Rows of empty fields (",,") are what spreadsheets write for rows that
    // were cleared; they are blank lines to a person.
    if (!all_empty) {
      if (records_.size() < max_records_) {
        records_.push_back(CsvRecord{line_, std::move(fields_)});
      } else {
        overflowed_ = true;
      }
    }
    line_ += 1 + breaks_in_record_;
    breaks_in_record_ = 0;
    fields_.clear();
  }

  const size_t max_records_;
  std::vector<CsvRecord> records_;
  std::vector<std::string> fields_;  // of the record being parsed
  int line_ = 1;                     // where the record being parsed starts
  int breaks_in_record_ = 0;         // line breaks inside its quoted fields
  int previous_terminator_ = 0;
  bool overflowed_ = false;
};

// Owns a libcsv parser so every return path frees its buffer.
class CsvParser {
 public:
  CsvParser() { csv_init(&parser_, kCsvOptions); }
  ~CsvParser() { csv_free(&parser_); }
  CsvParser(const CsvParser&) = delete;
  CsvParser& operator=(const CsvParser&) = delete;
  csv_parser* get() { return &parser_; }

 private:
  csv_parser parser_;
};

absl::Status Invalid(const std::string& where, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(where, ": ", what));
}

// The name of 1-based `column` for a message: as the header row spells it
// once that row has been read, the caller's name before.
std::string ColumnName(const std::vector<CsvRecord>& records,
                       const std::vector<std::string>& names, int column) {
  if (!records.empty() &&
      static_cast<size_t>(column) <= records.front().fields.size()) {
    absl::string_view name =
        absl::StripAsciiWhitespace(records.front().fields[column - 1]);
    if (!name.empty()) return std::string(name);
  }
  return names[column - 1];
}

// Where a parse error is: the row the record starts on and, when it is one
// of ours, the column being read.
std::string ParseErrorAt(absl::string_view file, const RecordCollector& collector,
                         const std::vector<std::string>& names) {
  const int column = collector.completed_fields() + 1;
  if (column > static_cast<int>(names.size())) return CsvAt(file, collector.current_row());
  return CsvAt(file, collector.current_row(), column,
               ColumnName(collector.records(), names, column));
}

// Runs libcsv over `text` and returns its records (blank lines dropped).
absl::StatusOr<std::vector<CsvRecord>> SplitRecords(absl::string_view text,
                                                    absl::string_view file,
                                                    size_t max_records,
                                                    absl::string_view what,
                                                    const std::vector<std::string>& names) {
  RecordCollector collector(max_records);
  CsvParser parser;
  // Parse in chunks so that a file far over the row limit stops early.
  constexpr size_t kChunk = 64 * 1024;
  for (size_t offset = 0; offset < text.size(); offset += kChunk) {
    const size_t len = std::min(kChunk, text.size() - offset);
    const size_t used = csv_parse(parser.get(), text.data() + offset, len,
                                  &RecordCollector::OnField,
                                  &RecordCollector::OnRowEnd, &collector);
    if (used != len) {
      const int error = csv_error(parser.get());
      if (error != CSV_EPARSE) {
        return absl::ResourceExhaustedError(
            absl::StrCat(file, ": ", csv_strerror(error)));
      }
      const std::string where = ParseErrorAt(file, collector, names);
      // libcsv stops on the offending character; whether the field was
      // quoted tells which rule was broken.
      if (parser.get()->quoted) {
        return Invalid(where,
                       "unexpected character after a closing quote; a quote "
                       "inside a quoted value must be doubled (\"\")");
      }
      return Invalid(where,
                     "a quote (\") inside an unquoted value; quote the whole "
                     "value and double the inner quotes, e.g. "
                     "\"say \"\"hi\"\"\"");
    }
    if (collector.overflowed()) break;
  }
  if (!collector.overflowed() &&
      csv_fini(parser.get(), &RecordCollector::OnField,
               &RecordCollector::OnRowEnd, &collector) != 0) {
    return Invalid(ParseErrorAt(file, collector, names),
                   "unterminated quote: the value opens with \" but the "
                   "closing \" is missing");
  }
  if (collector.overflowed()) {
    return Invalid(std::string(file),
                   absl::StrCat("more than ", max_records - 1, " ", what,
                                "; the file is limited to ", max_records - 1, " rows"));
  }
  return std::move(collector.records());
}

}  // namespace

std::string CsvAt(absl::string_view file, int row) { return absl::StrCat(file, ":row ", row); }

std::string CsvAt(absl::string_view file, int row, int column, absl::string_view column_name) {
  return absl::StrCat(file, ":row ", row, ", column ", column, " (", column_name, ")");
}

absl::StatusOr<std::vector<CsvRecord>> SplitCsvRecords(
    absl::string_view bytes, absl::string_view file_name, size_t max_records,
    absl::string_view what, const std::vector<std::string>& column_names) {
  ASSIGN_OR_RETURN(const DecodedText text, DecodeSpreadsheetText(bytes, file_name));
  return SplitRecords(text.utf8, file_name, max_records, what, column_names);
}

absl::StatusOr<std::string> CleanCsvField(const std::string& raw, const std::string& where,
                                          bool optional) {
  absl::string_view value = absl::StripAsciiWhitespace(raw);
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      return Invalid(where,
                     absl::StrFormat("contains a control character (U+%04X)",
                                     static_cast<int>(u)));
    }
  }
  if (value.empty() && !optional) return Invalid(where, "empty value");
  return std::string(value);
}

}  // namespace gongxin::client
