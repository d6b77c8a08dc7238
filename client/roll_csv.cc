#include "client/roll_csv.h"

#include <algorithm>
#include <iterator>
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
#include "client/csv_records.h"
#include "tally/ids.h"
#include "util/status_macros.h"

namespace gongxin::client {
namespace {

constexpr int kColumns = 3;
// Header names per column: English identifier, Chinese spelling. The
// English one also names the column in messages before the header is known.
constexpr const char* kHeaderEnglish[kColumns] = {"voter_id", "name", "group"};
constexpr const char* kHeaderChinese[kColumns] = {"编号", "姓名", "类别"};

// A roll larger than this is not a roll (200,000 rows of ~100 bytes each is
// 20 MB); refusing early bounds memory.
constexpr size_t kMaxRollFileBytes = 64u << 20;

using Record = CsvRecord;

absl::Status Invalid(const std::string& where, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(where, ": ", what));
}

// Validates the header row and returns the column names as the file spells
// them, for error messages.
absl::StatusOr<std::vector<std::string>> CheckHeader(const Record& header,
                                                     absl::string_view file) {
  const std::string expected =
      absl::StrCat("voter_id,name,group (or ", kHeaderChinese[0], ",",
                   kHeaderChinese[1], ",", kHeaderChinese[2], ")");
  if (header.fields.size() != kColumns) {
    return Invalid(CsvAt(file, header.row),
                   absl::StrCat("the header must be ", expected, "; found ",
                                header.fields.size(), " columns"));
  }
  std::vector<std::string> names;
  for (int i = 0; i < kColumns; ++i) {
    const std::string where = CsvAt(file, header.row, i + 1, kHeaderEnglish[i]);
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
  ASSIGN_OR_RETURN(
      std::vector<Record> records,
      SplitCsvRecords(csv_text, file_name, static_cast<size_t>(kMaxRollVoters) + 1, "voters",
                      {kHeaderEnglish, kHeaderEnglish + kColumns}));
  if (records.empty()) {
    return Invalid(CsvAt(file_name, 1),
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
      return Invalid(CsvAt(file_name, record.row),
                     absl::StrCat("expected ", kColumns, " fields (",
                                  absl::StrJoin(columns, ","), "), found ",
                                  record.fields.size()));
    }
    std::string values[kColumns];
    for (int i = 0; i < kColumns; ++i) {
      ASSIGN_OR_RETURN(
          values[i], CleanCsvField(record.fields[i],
                                   CsvAt(file_name, record.row, i + 1, columns[i])));
    }
    RETURN_IF_ERROR(ids.Add(CsvAt(file_name, record.row, 1, columns[0]), values[0],
                            absl::StrCat("row ", record.row)));
    v1::Voter* voter = roll.add_voters();
    voter->set_id(std::move(values[0]));
    voter->set_name(std::move(values[1]));
    voter->set_group(std::move(values[2]));
  }
  return roll;
}

std::vector<std::string> RollHeader(bool english) {
  const auto& names = english ? kHeaderEnglish : kHeaderChinese;
  return {std::begin(names), std::end(names)};
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
