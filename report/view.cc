// The view's building blocks and its plain outputs: the terminal text, the
// spreadsheet rows and the JSON (the HTML is in view_html.cc).
#include "report/view.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "report/messages.h"
#include "tally/text.h"

namespace gongxin::report {

namespace {

Block& AddBlock(Block* parent, Block::Kind kind, std::string role) {
  Block& b = parent->children.emplace_back();
  b.kind = kind;
  b.role = std::move(role);
  return b;
}

}  // namespace

Block& AddSection(Block* parent, std::string role, std::string heading) {
  Block& b = AddBlock(parent, Block::Kind::kSection, std::move(role));
  b.heading = std::move(heading);
  return b;
}

Block& AddParagraph(Block* parent, std::string role, std::string text) {
  Block& b = AddBlock(parent, Block::Kind::kParagraph, std::move(role));
  b.text = std::move(text);
  return b;
}

Block& AddTable(Block* parent, std::string role) {
  return AddBlock(parent, Block::Kind::kTable, std::move(role));
}

void AddChart(Block* parent, std::string role, Chart chart) {
  AddBlock(parent, Block::Kind::kChart, std::move(role)).chart = std::move(chart);
}

void AddFacts(Block* parent, std::vector<Fact> facts) {
  AddBlock(parent, Block::Kind::kFacts, "").facts = std::move(facts);
}

namespace {

// --- Text ------------------------------------------------------------------

// Columns separated by two spaces, each padded to its widest cell by display
// width; figures right-aligned. A cell spanning several columns is printed
// in the first and leaves the others empty.
void AppendTextTable(const Table& table, std::string* out) {
  std::vector<std::vector<std::string>> lines;
  std::vector<bool> num;
  std::vector<bool> covered;  // under a spanning cell: not an empty column
  auto expand = [&covered](const std::vector<Cell>& cells) {
    std::vector<std::string> line;
    for (const Cell& cell : cells) {
      line.push_back(cell.text);
      for (int i = 1; i < cell.span; ++i) {
        if (covered.size() <= line.size()) covered.resize(line.size() + 1, false);
        covered[line.size()] = true;
        line.push_back("");
      }
    }
    return line;
  };
  lines.push_back(expand(table.header));
  for (const Cell& cell : table.header) num.push_back(cell.num);
  for (const Row& row : table.rows) lines.push_back(expand(row.cells));
  // A column of figures is right-aligned, whether or not its header says so.
  for (const Row& row : table.rows) {
    size_t c = 0;
    for (const Cell& cell : row.cells) {
      if (c >= num.size()) num.resize(c + 1, false);
      if (cell.num) num[c] = true;
      c += std::max(cell.span, 1);
    }
  }
  size_t columns = 0;
  for (const auto& line : lines) columns = std::max(columns, line.size());
  for (auto& line : lines) line.resize(columns);
  num.resize(columns, false);
  // A column with nothing under its header (no current posts given) only
  // widens a terminal line: leave it out. The HTML keeps it.
  covered.resize(columns, false);
  for (size_t c = columns; c-- > 0;) {
    bool empty = lines.size() > 1 && !covered[c];
    for (size_t i = 1; i < lines.size() && empty; ++i) empty = lines[i][c].empty();
    if (!empty) continue;
    for (auto& line : lines) line.erase(line.begin() + c);
    num.erase(num.begin() + c);
    --columns;
  }
  std::vector<int> width(columns, 0);
  for (auto& line : lines) {
    for (size_t c = 0; c < columns; ++c) width[c] = std::max(width[c], tally::DisplayWidth(line[c]));
  }
  auto print = [&](const std::vector<std::string>& cells) {
    std::string s;
    for (size_t c = 0; c < columns; ++c) {
      if (c > 0) s += "  ";
      const std::string fill(std::max(0, width[c] - tally::DisplayWidth(cells[c])), ' ');
      s += num[c] ? fill + cells[c] : cells[c] + fill;
    }
    s.erase(s.find_last_not_of(' ') + 1);
    absl::StrAppend(out, s, "\n");
  };
  print(lines[0]);
  std::vector<std::string> rule;
  for (int w : width) rule.push_back(std::string(w, '-'));
  print(rule);
  for (size_t i = 1; i < lines.size(); ++i) print(lines[i]);
}

void AppendText(const Block& b, int depth, bool english, std::string* out) {
  switch (b.kind) {
    case Block::Kind::kSection:
      if (!b.heading.empty()) {
        // The top sections stand out as on a printed notice.
        absl::StrAppend(out, "\n",
                        depth > 1  ? b.heading
                        : english ? absl::StrCat("[", b.heading, "]")
                                  : absl::StrCat("【", b.heading, "】"),
                        "\n");
      }
      for (const Block& child : b.children) AppendText(child, depth + 1, english, out);
      return;
    case Block::Kind::kParagraph:
      absl::StrAppend(out, b.text, "\n");
      return;
    case Block::Kind::kList:
      for (const Row& row : b.table.rows) {
        absl::StrAppend(out, "  · ", row.cells.empty() ? "" : row.cells[0].text, "\n");
      }
      return;
    case Block::Kind::kTable:
      AppendTextTable(b.table, out);
      return;
    case Block::Kind::kChart:
      return;  // the table beside it carries the same figures
    case Block::Kind::kFacts:
      for (const Fact& f : b.facts) {
        absl::StrAppend(out, f.label, english ? ": " : "：", f.value, "\n");
      }
      return;
    case Block::Kind::kPre:
      absl::StrAppend(out, b.text, absl::EndsWith(b.text, "\n") ? "" : "\n");
      return;
  }
}

bool IsEnglishView(const ResultView& view) { return absl::StartsWith(view.lang, "en"); }

// --- CSV -------------------------------------------------------------------

// A spreadsheet runs a cell that starts with = + - @ (or a tab or CR) as a
// formula, and write-in names are typed by voters: prefix such text with '
// so it stays text (OWASP "CSV injection"). Then RFC 4180: quote a field
// holding a comma, quote or line break (and one with edge spaces, which
// some readers trim), doubling inner quotes.
std::string CsvField(absl::string_view text) {
  std::string s(text);
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
                     s[0] == '\r')) {
    s = absl::StrCat("'", s);
  }
  const bool quote = s.find_first_of(",\"\r\n") != std::string::npos ||
                     (!s.empty() && (s.front() == ' ' || s.back() == ' '));
  if (!quote) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::vector<std::string> RecordCells(const Record& r) {
  return {r.form_id, r.question_id, r.post,    r.kind,          r.candidate_id,
          r.name,    r.votes,       r.rate_denominator, r.vote_rate, r.rank,
          r.grade_id, r.grade,      r.weighted,  r.weighted_exact};
}

void CollectRecords(const Block& b, std::vector<std::vector<std::string>>* rows) {
  for (const Block& child : b.children) CollectRecords(child, rows);
  for (const Record& r : b.records) rows->push_back(RecordCells(r));
}

void AppendCsvRow(const std::vector<std::string>& cells, std::string* out) {
  std::vector<std::string> fields;
  fields.reserve(cells.size());
  for (const std::string& cell : cells) fields.push_back(CsvField(cell));
  absl::StrAppend(out, absl::StrJoin(fields, ","), "\r\n");
}

// --- JSON ------------------------------------------------------------------

google::protobuf::Value Str(absl::string_view s) {
  google::protobuf::Value v;
  v.set_string_value(std::string(s));
  return v;
}

google::protobuf::Value Cells(const std::vector<Cell>& cells) {
  google::protobuf::Value v;
  auto* list = v.mutable_list_value();
  for (const Cell& cell : cells) *list->add_values() = Str(cell.text);
  return v;
}

google::protobuf::Value BlockJson(const Block& b) {
  static constexpr const char* kKinds[] = {"section", "paragraph", "list", "table",
                                           "chart",   "facts",     "pre"};
  google::protobuf::Value v;
  auto& f = *v.mutable_struct_value()->mutable_fields();
  f["kind"] = Str(kKinds[static_cast<int>(b.kind)]);
  if (!b.role.empty()) f["role"] = Str(b.role);
  if (!b.id.empty()) f["id"] = Str(b.id);
  for (const Data& d : b.data) f[absl::StrCat("data_", d.name)] = Str(d.value);
  if (!b.heading.empty()) f["heading"] = Str(b.heading);
  if (!b.text.empty()) f["text"] = Str(b.text);
  if (b.kind == Block::Kind::kTable || b.kind == Block::Kind::kList) {
    if (!b.table.header.empty()) f["header"] = Cells(b.table.header);
    auto* rows = f["rows"].mutable_list_value();
    for (const Row& row : b.table.rows) *rows->add_values() = Cells(row.cells);
  }
  if (b.kind == Block::Kind::kChart) {
    f["title"] = Str(b.chart.title);
  }
  if (!b.facts.empty()) {
    auto* facts = f["facts"].mutable_list_value();
    for (const Fact& fact : b.facts) {
      google::protobuf::Value pair;
      auto& p = *pair.mutable_struct_value()->mutable_fields();
      p["label"] = Str(fact.label);
      p["value"] = Str(fact.value);
      *facts->add_values() = std::move(pair);
    }
  }
  if (!b.children.empty()) {
    auto* children = f["children"].mutable_list_value();
    for (const Block& child : b.children) {
      if (child.kind == Block::Kind::kChart) continue;  // its table has the figures
      *children->add_values() = BlockJson(child);
    }
  }
  return v;
}

}  // namespace

std::string RenderViewText(const ResultView& view) {
  const bool english = IsEnglishView(view);
  std::string out;
  if (!view.title.empty()) absl::StrAppend(&out, view.title, "\n");
  for (const Block& b : view.header) AppendText(b, 1, english, &out);
  for (const Block& b : view.blocks) AppendText(b, 1, english, &out);
  if (!view.footer.empty()) absl::StrAppend(&out, "\n");
  for (const Block& b : view.footer) AppendText(b, 1, english, &out);
  return out;
}

static_assert(sizeof(Messages::record_columns) / sizeof(const char*) == kRecordColumns,
              "one header per Record column");

RecordSheet ViewRecords(const ResultView& view) {
  RecordSheet sheet;
  const Messages& m = MessagesFor(view.lang);
  sheet.header.assign(std::begin(m.record_columns), std::end(m.record_columns));
  for (const auto* part : {&view.header, &view.blocks, &view.footer}) {
    for (const Block& b : *part) CollectRecords(b, &sheet.rows);
  }
  return sheet;
}

std::string RenderViewCsv(const ResultView& view) {
  // The byte-order mark: without it, Excel on a Chinese Windows reads CSV
  // as GBK and shows the names as mojibake.
  std::string out = "\xEF\xBB\xBF";
  const RecordSheet sheet = ViewRecords(view);
  AppendCsvRow(sheet.header, &out);
  for (const auto& row : sheet.rows) AppendCsvRow(row, &out);
  return out;
}

google::protobuf::Value ViewJson(const ResultView& view) {
  google::protobuf::Value v;
  auto& f = *v.mutable_struct_value()->mutable_fields();
  f["lang"] = Str(view.lang);
  f["title"] = Str(view.title);
  for (const auto& [name, part] : {std::pair<const char*, const std::vector<Block>*>{
                                       "header", &view.header},
                                   {"blocks", &view.blocks},
                                   {"footer", &view.footer}}) {
    auto* list = f[name].mutable_list_value();
    for (const Block& b : *part) *list->add_values() = BlockJson(b);
  }
  return v;
}

}  // namespace gongxin::report
