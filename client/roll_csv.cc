#include "client/roll_csv.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "csv.h"
#include "tally/ids.h"
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

constexpr int kColumns = 3;
// Header names per column: English identifier, Chinese spelling. The
// English one also names the column in messages before the header is known.
constexpr const char* kHeaderEnglish[kColumns] = {"voter_id", "name", "group"};
constexpr const char* kHeaderChinese[kColumns] = {"编号", "姓名", "类别"};

// A roll larger than this is not a roll (200,000 rows of ~100 bytes each is
// 20 MB); refusing early bounds memory.
constexpr size_t kMaxRollFileBytes = 64u << 20;

struct Record {
  int row;  // line on which the record starts, 1-based
  std::vector<std::string> fields;
};

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

  std::vector<Record>& records() { return records_; }
  const std::vector<Record>& records() const { return records_; }
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
        records_.push_back(Record{line_, std::move(fields_)});
      } else {
        overflowed_ = true;
      }
    }
    line_ += 1 + breaks_in_record_;
    breaks_in_record_ = 0;
    fields_.clear();
  }

  const size_t max_records_;
  std::vector<Record> records_;
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

// Formats the location prefix of an error message.
std::string At(absl::string_view file, int row) {
  return absl::StrCat(file, ":row ", row);
}
std::string At(absl::string_view file, int row, int column,
               absl::string_view column_name) {
  return absl::StrCat(file, ":row ", row, ", column ", column, " (",
                      column_name, ")");
}

absl::Status Invalid(const std::string& where, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(where, ": ", what));
}

// The name of 1-based `column` for a message: as the header row spells it
// once that row has been read, the English name before.
std::string ColumnName(const std::vector<Record>& records, int column) {
  if (!records.empty() &&
      static_cast<size_t>(column) <= records.front().fields.size()) {
    absl::string_view name =
        absl::StripAsciiWhitespace(records.front().fields[column - 1]);
    if (!name.empty() && !FirstInvalidUtf8(name)) return std::string(name);
  }
  return kHeaderEnglish[column - 1];
}

// Where a parse error is: the row the record starts on and, when it is one
// of ours, the column being read.
std::string ParseErrorAt(absl::string_view file,
                         const RecordCollector& collector) {
  const int column = collector.completed_fields() + 1;
  if (column > kColumns) return At(file, collector.current_row());
  return At(file, collector.current_row(), column,
            ColumnName(collector.records(), column));
}

// Runs libcsv over `text` and returns its records (blank lines dropped).
// The record limit is one more than the voter limit, for the header.
absl::StatusOr<std::vector<Record>> SplitRecords(absl::string_view text,
                                                 absl::string_view file) {
  RecordCollector collector(static_cast<size_t>(kMaxRollVoters) + 1);
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
      const std::string where = ParseErrorAt(file, collector);
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
    return Invalid(ParseErrorAt(file, collector),
                   "unterminated quote: the value opens with \" but the "
                   "closing \" is missing");
  }
  if (collector.overflowed()) {
    return Invalid(std::string(file),
                   absl::StrCat("more than ", kMaxRollVoters,
                                " voters; a roll is limited to ",
                                kMaxRollVoters, " rows"));
  }
  return std::move(collector.records());
}

// Checks one raw field and returns it trimmed. Control characters (a line
// break inside quotes, a tab) are refused: they are never part of an id or a
// name, and would corrupt every report the value is printed in.
absl::StatusOr<std::string> CleanField(const std::string& raw,
                                       const std::string& where) {
  if (std::optional<size_t> bad = FirstInvalidUtf8(raw)) {
    return Invalid(where, absl::StrFormat(
                              "not valid UTF-8 (byte 0x%02x at byte %d of "
                              "the value); save the file as UTF-8 (in "
                              "Excel: \"CSV UTF-8\"), not GBK",
                              static_cast<unsigned char>(raw[*bad]), *bad + 1));
  }
  absl::string_view value = absl::StripAsciiWhitespace(raw);
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      return Invalid(where,
                     absl::StrFormat("contains a control character (U+%04X)",
                                     static_cast<int>(u)));
    }
  }
  if (value.empty()) return Invalid(where, "empty value");
  return std::string(value);
}

// Validates the header row and returns the column names as the file spells
// them, for error messages.
absl::StatusOr<std::vector<std::string>> CheckHeader(const Record& header,
                                                     absl::string_view file) {
  const std::string expected =
      absl::StrCat("voter_id,name,group (or ", kHeaderChinese[0], ",",
                   kHeaderChinese[1], ",", kHeaderChinese[2], ")");
  if (header.fields.size() != kColumns) {
    return Invalid(At(file, header.row),
                   absl::StrCat("the header must be ", expected, "; found ",
                                header.fields.size(), " columns"));
  }
  std::vector<std::string> names;
  for (int i = 0; i < kColumns; ++i) {
    const std::string where = At(file, header.row, i + 1, kHeaderEnglish[i]);
    if (FirstInvalidUtf8(header.fields[i])) {
      return Invalid(where,
                     "the header is not valid UTF-8; save the file as "
                     "UTF-8 (in Excel: \"CSV UTF-8\"), not GBK");
    }
    const std::string name =
        std::string(absl::StripAsciiWhitespace(header.fields[i]));
    if (absl::AsciiStrToLower(name) != kHeaderEnglish[i] &&
        name != kHeaderChinese[i]) {
      return Invalid(where,
                     absl::StrCat("expected header \"", kHeaderEnglish[i],
                                  "\" (or \"", kHeaderChinese[i], "\"), got \"",
                                  name, "\"; the header must be ", expected));
    }
    names.push_back(name);
  }
  return names;
}

}  // namespace

absl::StatusOr<v1::Roll> ParseRollCsv(absl::string_view csv_text,
                                      absl::string_view file_name) {
  ASSIGN_OR_RETURN(std::vector<Record> records,
                   SplitRecords(StripUtf8Bom(csv_text), file_name));
  if (records.empty()) {
    return Invalid(At(file_name, 1),
                   "the file is empty; the first row must be the header "
                   "voter_id,name,group");
  }
  ASSIGN_OR_RETURN(const std::vector<std::string> columns,
                   CheckHeader(records.front(), file_name));

  v1::Roll roll;
  // Distinct, and not only in letter case: staff type these ids.
  tally::DistinctIds ids("voter");
  for (size_t r = 1; r < records.size(); ++r) {
    const Record& record = records[r];
    if (record.fields.size() != kColumns) {
      return Invalid(At(file_name, record.row),
                     absl::StrCat("expected ", kColumns, " fields (",
                                  absl::StrJoin(columns, ","), "), found ",
                                  record.fields.size()));
    }
    std::string values[kColumns];
    for (int i = 0; i < kColumns; ++i) {
      ASSIGN_OR_RETURN(
          values[i], CleanField(record.fields[i],
                                At(file_name, record.row, i + 1, columns[i])));
    }
    RETURN_IF_ERROR(ids.Add(At(file_name, record.row, 1, columns[0]), values[0],
                            absl::StrCat("row ", record.row)));
    v1::Voter* voter = roll.add_voters();
    voter->set_id(std::move(values[0]));
    voter->set_name(std::move(values[1]));
    voter->set_group(std::move(values[2]));
  }
  return roll;
}

absl::StatusOr<v1::Roll> LoadRollCsv(const std::string& path) {
  ASSIGN_OR_RETURN(const std::string text,
                   ReadFileToString(path, kMaxRollFileBytes));
  return ParseRollCsv(text, path);
}

absl::StatusOr<std::string> ReadFileToString(const std::string& path,
                                             size_t max_bytes) {
  struct Closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  std::unique_ptr<std::FILE, Closer> file(std::fopen(path.c_str(), "rb"));
  if (file == nullptr) {
    return absl::ErrnoToStatus(errno, absl::StrCat("cannot open ", path));
  }
  std::string bytes;
  char buffer[64 * 1024];
  // Read in chunks rather than trusting a size from stat: this also works
  // for pipes such as /dev/stdin.
  while (true) {
    const size_t n = std::fread(buffer, 1, sizeof buffer, file.get());
    bytes.append(buffer, n);
    if (bytes.size() > max_bytes) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": file is larger than ", max_bytes, " bytes"));
    }
    if (n < sizeof buffer) break;
  }
  if (std::ferror(file.get())) {
    return absl::ErrnoToStatus(errno, absl::StrCat("cannot read ", path));
  }
  return bytes;
}

absl::string_view StripUtf8Bom(absl::string_view text) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
    return text.substr(3);
  }
  return text;
}

}  // namespace gongxin::client
