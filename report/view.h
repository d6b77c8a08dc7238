// One view of a count: everything a reader of the result sees, in one
// language, as a tree of blocks (sections, paragraphs, tables, charts, fact
// lists), built once from the TallyResult, the spec and report/messages.h's
// word table. Every output of a result is a rendering of this view:
//
//   RenderViewText  the terminal table (`gongxin tally show`)
//   RenderViewHtml  the body of the printed report (result_report.h)
//   RenderViewCsv   the spreadsheet rows (`--format csv`): each block
//                   carries, beside what it shows, the machine records of
//                   the figures it shows, with ids instead of names
//   ViewJson        the "view" member of the report's JSON
//
// so a figure is computed, rounded and labelled in one place, and the
// screen, the paper and the spreadsheet cannot disagree.
#ifndef GONGXIN_REPORT_VIEW_H_
#define GONGXIN_REPORT_VIEW_H_

#include <list>
#include <string>
#include <vector>

#include "google/protobuf/struct.pb.h"
#include "report/svg_chart.h"

namespace gongxin::report {

// A data-NAME="value" attribute in HTML: ids a script or a test can find a
// row by (data-candidate, data-rule, …). Other outputs ignore them.
struct Data {
  std::string name;
  std::string value;
};

struct Cell {
  std::string text;
  bool num = false;     // a figure: right-aligned, tabular digits
  std::string role = {};  // extra class ("exact", "suppressed", …)
  std::vector<Data> data = {};
  int span = 1;         // columns the cell covers
  bool strong = false;  // the figure a row is about (a composite score)
};

struct Row {
  std::vector<Cell> cells;
  std::string role = {};  // "write-in", "blank", "excluded", …
  std::vector<Data> data = {};
};

struct Table {
  std::vector<Cell> header;
  std::vector<Row> rows;
};

// A fact list entry (<dl>): label, value, whether the value is a hash
// (set in a monospaced face and broken anywhere on paper).
struct Fact {
  std::string label;
  std::string value;
  bool hash = false;
};

struct Chart {
  enum class Kind { kBars, kStacked };
  Kind kind = Kind::kBars;
  std::string title;  // accessible name
  std::vector<Bar> bars;
  std::string unit;
  std::vector<Segment> segments;
  std::vector<StackedBar> stacked;
  uint64_t whole = 0;
};

// One spreadsheet row; the columns are documented in docs/api.md ("The
// CSV") and named, in the view's language, by Messages::record_columns.
struct Record {
  std::string form_id;
  std::string question_id;
  std::string post;
  std::string kind;
  std::string candidate_id;
  std::string name;
  std::string votes;
  std::string rate_denominator;
  std::string vote_rate;
  std::string rank;
  std::string grade_id;
  std::string grade;
  // A weighted figure (kind "weighted") in columns of its own, so that the
  // count columns keep holding counts: the figure as the report's table
  // shows it, without its unit ("46.0"), and the exact fraction ("23/50").
  std::string weighted;
  std::string weighted_exact;
};

// The number of columns of a Record, in the order RecordCells gives them.
inline constexpr int kRecordColumns = 14;

struct Block {
  enum class Kind { kSection, kParagraph, kList, kTable, kChart, kFacts, kPre };
  Kind kind = Kind::kSection;
  std::string role;  // class in HTML
  std::string id;    // element id in HTML (the top sections)
  std::vector<Data> data;
  std::string heading;  // kSection; a section without one is a plain group
  std::string text;     // kParagraph, kPre
  bool strong = false;  // kParagraph
  Table table;          // kTable; kList uses table.rows, one cell each
  Chart chart;          // kChart
  std::vector<Fact> facts;      // kFacts
  // kSection. A list, so that a reference to a block stays good while its
  // siblings are added (sections fill several children at once).
  std::list<Block> children;
  std::vector<Record> records;  // the figures shown, for machines
};

struct ResultView {
  std::string lang;   // the <html lang> value; "en…" for English
  std::string title;  // the document's title
  std::vector<Block> header;  // under the title: the unit, badges, warnings
  std::vector<Block> blocks;
  std::vector<Block> footer;
};

// Building blocks, so sections read as what they show.
Block& AddSection(Block* parent, std::string role, std::string heading = "");
Block& AddParagraph(Block* parent, std::string role, std::string text);
Block& AddTable(Block* parent, std::string role);
void AddChart(Block* parent, std::string role, Chart chart);
void AddFacts(Block* parent, std::vector<Fact> facts);

// Renderers. Text: headings and paragraphs as lines, tables with columns
// padded by display width (so CJK lines up in a monospaced terminal),
// charts left out (their figures are in the tables beside them). HTML: the
// page body, escaped. CSV: UTF-8 with a BOM and CRLF line ends; cells that
// a spreadsheet would run as a formula are prefixed with '.
std::string RenderViewText(const ResultView& view);
std::string RenderViewHtml(const ResultView& view);
// One block as HTML, its heading at h(depth + 1): for documents that are
// not a count (the announcement) but share a section with it.
std::string RenderBlockHtml(const Block& block, int depth);
std::string RenderViewCsv(const ResultView& view);
// The view's records as a sheet: the column headers in the view's language
// (Chinese, or the English identifiers for an English view), then one row
// of kRecordColumns cells per record, in document order. What the CSV and
// the XLSX are made of.
struct RecordSheet {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};
RecordSheet ViewRecords(const ResultView& view);
google::protobuf::Value ViewJson(const ResultView& view);

}  // namespace gongxin::report

#endif  // GONGXIN_REPORT_VIEW_H_
