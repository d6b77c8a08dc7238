#include "client/candidates_csv.h"

#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/csv_records.h"
#include "client/roll_csv.h"
#include "tally/ids.h"
#include "util/status_macros.h"

namespace gongxin::client {
namespace {

// A candidate list is a few kilobytes; this only bounds a wrong file.
constexpr size_t kMaxCandidatesFileBytes = 8u << 20;

struct Column {
  const char* english;
  const char* chinese;
  bool required;
  bool decision_only;
  std::string* (v1::Candidate::*field)();
};

constexpr Column kColumns[] = {
    {"id", "编号", true, false, &v1::Candidate::mutable_id},
    {"name", "姓名", true, false, &v1::Candidate::mutable_name},
    {"current_post", "现任职务", false, false, &v1::Candidate::mutable_current_post},
    {"note", "备注", false, false, &v1::Candidate::mutable_note},
    {"proposed_post", "拟任职务", false, true, &v1::Candidate::mutable_proposed_post},
};

absl::Status Invalid(const std::string& where, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(where, ": ", what));
}

std::string KnownColumns(CandidateList kind) {
  std::vector<std::string> names;
  for (const Column& c : kColumns) {
    if (c.decision_only && kind != CandidateList::kDecision) continue;
    names.push_back(absl::StrCat(c.english, " (", c.chinese, ")"));
  }
  return absl::StrJoin(names, ", ");
}

// The column of each header cell, or an error naming the cell.
absl::StatusOr<std::vector<const Column*>> ReadHeader(const CsvRecord& header,
                                                      absl::string_view file,
                                                      CandidateList kind) {
  std::vector<const Column*> columns;
  for (size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name(absl::StripAsciiWhitespace(header.fields[i]));
    const std::string where = CsvAt(file, header.row, static_cast<int>(i) + 1, name);
    const Column* found = nullptr;
    for (const Column& c : kColumns) {
      if (absl::AsciiStrToLower(name) == c.english || name == c.chinese) found = &c;
    }
    if (found == nullptr || (found->decision_only && kind != CandidateList::kDecision)) {
      return Invalid(where, absl::StrCat(found == nullptr ? "unknown column"
                                                          : "is for decision questions only",
                                         "; the columns are ", KnownColumns(kind)));
    }
    for (const Column* c : columns) {
      if (c == found) return Invalid(where, "the column appears twice");
    }
    columns.push_back(found);
  }
  for (const Column& c : kColumns) {
    if (!c.required) continue;
    bool present = false;
    for (const Column* have : columns) present = present || have == &c;
    if (!present) {
      return Invalid(CsvAt(file, header.row),
                     absl::StrCat("the header has no column ", c.english, " (", c.chinese,
                                  "); the columns are ", KnownColumns(kind)));
    }
  }
  return columns;
}

}  // namespace

absl::StatusOr<std::vector<v1::Candidate>> ParseCandidatesCsv(absl::string_view bytes,
                                                              absl::string_view file_name,
                                                              CandidateList kind) {
  std::vector<std::string> names;
  for (const Column& c : kColumns) names.push_back(c.english);
  ASSIGN_OR_RETURN(
      const std::vector<CsvRecord> records,
      SplitCsvRecords(bytes, file_name, static_cast<size_t>(kMaxCsvCandidates) + 1,
                      "candidates", names));
  if (records.empty()) {
    return Invalid(CsvAt(file_name, 1),
                   "the file is empty; the first row must be the header, e.g. "
                   "id,name,current_post (or 编号,姓名,现任职务)");
  }
  ASSIGN_OR_RETURN(const std::vector<const Column*> columns,
                   ReadHeader(records.front(), file_name, kind));
  if (records.size() == 1) {
    return Invalid(CsvAt(file_name, records.front().row),
                   "no candidates under the header");
  }
  std::vector<v1::Candidate> out;
  tally::DistinctIds ids("candidate");
  for (size_t r = 1; r < records.size(); ++r) {
    const CsvRecord& record = records[r];
    if (record.fields.size() != columns.size()) {
      return Invalid(CsvAt(file_name, record.row),
                     absl::StrCat("expected ", columns.size(), " fields, as the header has; found ",
                                  record.fields.size()));
    }
    v1::Candidate& candidate = out.emplace_back();
    for (size_t i = 0; i < columns.size(); ++i) {
      const std::string where = CsvAt(file_name, record.row, static_cast<int>(i) + 1,
                                      absl::StripAsciiWhitespace(records.front().fields[i]));
      ASSIGN_OR_RETURN(*(candidate.*(columns[i]->field))(),
                       CleanCsvField(record.fields[i], where, !columns[i]->required));
      if (columns[i]->field == &v1::Candidate::mutable_id) {
        RETURN_IF_ERROR(ids.Add(where, candidate.id(), absl::StrCat("row ", record.row)));
      }
    }
  }
  return out;
}

absl::StatusOr<std::vector<v1::Candidate>> LoadCandidatesCsv(const std::string& path,
                                                             CandidateList kind) {
  ASSIGN_OR_RETURN(const std::string bytes, ReadFileToString(path, kMaxCandidatesFileBytes));
  return ParseCandidatesCsv(bytes, path, kind);
}

}  // namespace gongxin::client
