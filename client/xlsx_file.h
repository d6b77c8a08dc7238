// Workbooks for Excel, written with libxlsxwriter (Debian's
// libxlsxwriter-dev): the result's records (the same rows as the CSV) and
// the roll template an organisation department fills in.
//
// Cells hold what the sheet says: a figure that is a plain decimal number
// ("18", "66.7") is written as a number so Excel can sum and sort it; an
// exact fraction ("200/3"), an id or a name is text. Text is never read as
// a formula (libxlsxwriter writes strings as strings), so the CSV's '
// prefix is not needed here.
#ifndef GONGXIN_CLIENT_XLSX_FILE_H_
#define GONGXIN_CLIENT_XLSX_FILE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "report/view.h"

namespace gongxin::client {

struct XlsxSheet {
  std::string name;  // at most 31 characters, none of []:*?/\ (Excel's rule)
  std::vector<std::string> header;  // bold, frozen above the rows
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> numeric;  // per column: write decimal numbers as numbers
  std::vector<double> widths;  // per column, in Excel's character units
  // A drop-down on one column's cells below the header (the roll's 类别):
  // the values a cell may take; empty for none.
  int list_column = -1;
  std::vector<std::string> list_values;
};

// XlsxBytes returns the .xlsx file holding `sheets` in order. INTERNAL when
// libxlsxwriter refuses (its reason in the message); INVALID_ARGUMENT for a
// sheet name Excel would refuse.
absl::StatusOr<std::string> XlsxBytes(const std::vector<XlsxSheet>& sheets);

// ResultSheet: the records of a result view (report::ViewRecords), headers
// in the view's language, figures as numbers.
XlsxSheet ResultSheet(const report::ResultView& view);

// RollTemplateSheets: a roll to fill in (the header RollHeader gives, in
// Chinese or English) and a sheet of notes on how to fill and save it.
// `groups` (the spec's group ids), when given, become the drop-down of the
// group column.
std::vector<XlsxSheet> RollTemplateSheets(bool english, const std::vector<std::string>& groups);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_XLSX_FILE_H_
