#include "client/xlsx_file.h"

#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/roll_csv.h"
#include "client/scratch_dir.h"
#include "report/messages.h"
#include "util/status_macros.h"
#include "xlsxwriter.h"

namespace gongxin::client {
namespace {

// Owns a workbook until workbook_close, which writes and frees it; a
// workbook abandoned on an error path is closed (and its file discarded
// with the scratch directory).
struct WorkbookCloser {
  void operator()(lxw_workbook* wb) const { workbook_close(wb); }
};
using Workbook = std::unique_ptr<lxw_workbook, WorkbookCloser>;

absl::Status Lxw(lxw_error error, absl::string_view what) {
  if (error == LXW_NO_ERROR) return absl::OkStatus();
  return absl::InternalError(absl::StrCat("xlsx: ", what, ": ", lxw_strerror(error)));
}

// A plain decimal ("18", "66.7", "-2"), as opposed to "200/3" or an id.
bool IsDecimal(const std::string& cell, double* value) {
  if (cell.empty() || cell.find_first_not_of("0123456789.-") != std::string::npos) return false;
  return absl::SimpleAtod(cell, value);
}

absl::Status AddSheet(lxw_workbook* wb, lxw_format* bold, const XlsxSheet& sheet) {
  if (lxw_error e = workbook_validate_sheet_name(wb, sheet.name.c_str()); e != LXW_NO_ERROR) {
    return absl::InvalidArgumentError(
        absl::StrCat("xlsx: sheet name \"", sheet.name, "\": ", lxw_strerror(e)));
  }
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.name.c_str());
  if (ws == nullptr) return absl::InternalError(absl::StrCat("xlsx: cannot add sheet ", sheet.name));
  for (size_t c = 0; c < sheet.widths.size(); ++c) {
    RETURN_IF_ERROR(Lxw(worksheet_set_column(ws, c, c, sheet.widths[c], nullptr), "column width"));
  }
  for (size_t c = 0; c < sheet.header.size(); ++c) {
    RETURN_IF_ERROR(Lxw(worksheet_write_string(ws, 0, c, sheet.header[c].c_str(), bold), "header"));
  }
  if (!sheet.header.empty()) worksheet_freeze_panes(ws, 1, 0);
  for (size_t r = 0; r < sheet.rows.size(); ++r) {
    const std::vector<std::string>& row = sheet.rows[r];
    for (size_t c = 0; c < row.size(); ++c) {
      if (row[c].empty()) continue;
      double number = 0;
      const bool numeric = c < sheet.numeric.size() && sheet.numeric[c];
      const lxw_error e = numeric && IsDecimal(row[c], &number)
                              ? worksheet_write_number(ws, r + 1, c, number, nullptr)
                              : worksheet_write_string(ws, r + 1, c, row[c].c_str(), nullptr);
      RETURN_IF_ERROR(Lxw(e, absl::StrCat(sheet.name, " row ", r + 2)));
    }
  }
  if (sheet.list_column >= 0 && !sheet.list_values.empty()) {
    std::vector<char*> values;
    for (const std::string& v : sheet.list_values) values.push_back(const_cast<char*>(v.c_str()));
    values.push_back(nullptr);
    lxw_data_validation validation = {};
    validation.validate = LXW_VALIDATION_TYPE_LIST;
    validation.value_list = values.data();
    // Excel's own limit on a typed list; beyond it, no drop-down.
    if (absl::StrJoin(sheet.list_values, ",").size() <= 255) {
      const auto col = static_cast<lxw_col_t>(sheet.list_column);
      RETURN_IF_ERROR(Lxw(worksheet_data_validation_range(ws, 1, col, 10000, col, &validation),
                          "group drop-down"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> XlsxBytes(const std::vector<XlsxSheet>& sheets) {
  ASSIGN_OR_RETURN(const ScratchDir dir, ScratchDir::Create());
  const std::string path = dir.File("book.xlsx");
  {
    lxw_workbook_options options = {};
    options.tmpdir = const_cast<char*>(dir.path().c_str());
    Workbook wb(workbook_new_opt(path.c_str(), &options));
    if (wb == nullptr) return absl::InternalError("xlsx: cannot start a workbook");
    lxw_format* bold = workbook_add_format(wb.get());
    format_set_bold(bold);
    for (const XlsxSheet& sheet : sheets) RETURN_IF_ERROR(AddSheet(wb.get(), bold, sheet));
    RETURN_IF_ERROR(Lxw(workbook_close(wb.release()), "writing the workbook"));
  }
  return ReadFileToString(path, 256u << 20);
}

XlsxSheet ResultSheet(const report::ResultView& view) {
  const report::RecordSheet records = report::ViewRecords(view);
  XlsxSheet sheet;
  sheet.name = report::MessagesFor(view.lang).results_sheet;
  sheet.header = records.header;
  sheet.rows = records.rows;
  // votes, rate_denominator, vote_rate, rank and weighted are figures.
  sheet.numeric.assign(report::kRecordColumns, false);
  for (int c : {6, 7, 8, 9, 12}) sheet.numeric[c] = true;
  sheet.widths = {10, 14, 12, 14, 12, 12, 8, 10, 10, 6, 12, 16, 10, 12};
  return sheet;
}

std::vector<XlsxSheet> RollTemplateSheets(bool english, const std::vector<std::string>& groups) {
  XlsxSheet roll;
  roll.name = english ? "Roll" : "名册";
  roll.header = RollHeader(english);
  roll.widths = {12, 16, 16};
  roll.list_column = 2;
  roll.list_values = groups;
  XlsxSheet notes;
  notes.name = english ? "Notes" : "填写说明";
  notes.widths = {100};
  const std::string group_line =
      groups.empty()
          ? (english ? "group: a group id of the meeting spec (groups: id)."
                     : "类别：会议方案 groups 中的类别编号（id）。")
          : absl::StrCat(english ? "group: one of " : "类别：从下拉列表中选择，可选 ",
                         absl::StrJoin(groups, english ? ", " : "、"), english ? "." : "。");
  const std::vector<std::string> lines =
      english ? std::vector<std::string>{
                    "One voter per row under the header; do not change the header.",
                    "voter_id: unique, as staff type it at check-in (e.g. v001).",
                    "name: the voter's name as on the sign-in sheet.",
                    group_line,
                    "Save as CSV (\"CSV UTF-8\", or plain CSV in the Chinese code page: both are "
                    "read), then: gongxin meeting create --spec meeting.yaml --roll roll.csv"}
              : std::vector<std::string>{
                    "每行填写一名应到人员，不要改动第一行表头。",
                    "编号：唯一，签到时工作人员输入的编号（如 v001）。",
                    "姓名：与签到表一致。",
                    group_line,
                    "填好后另存为 CSV（“CSV UTF-8”或普通 CSV 均可），再运行：gongxin meeting create "
                    "--spec meeting.yaml --roll roll.csv"};
  for (const std::string& line : lines) notes.rows.push_back({line});
  return {std::move(roll), std::move(notes)};
}

}  // namespace gongxin::client
