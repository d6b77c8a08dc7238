// The view as the printed report's body: sections with headings by depth
// (h2 for the top), paragraphs, tables, inline SVG charts and fact lists,
// with roles as classes and ids as data- attributes. All text is escaped.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "report/html.h"
#include "report/sections/sections.h"
#include "report/svg_chart.h"
#include "report/view.h"

namespace gongxin::report {
namespace {

std::string Attributes(absl::string_view id, absl::string_view role, const std::vector<Data>& data) {
  std::string out;
  if (!id.empty()) absl::StrAppend(&out, " id=\"", Escape(id), "\"");
  if (!role.empty()) absl::StrAppend(&out, " class=\"", Escape(role), "\"");
  for (const Data& d : data) absl::StrAppend(&out, " data-", d.name, "=\"", Escape(d.value), "\"");
  return out;
}

void AppendCells(const std::vector<Cell>& cells, const char* tag, std::string* out) {
  for (const Cell& cell : cells) {
    std::string role = cell.num ? "num" : "";
    if (!cell.role.empty()) absl::StrAppend(&role, role.empty() ? "" : " ", cell.role);
    absl::StrAppend(out, "<", tag, Attributes("", role, cell.data),
                    cell.span > 1 ? absl::StrCat(" colspan=\"", cell.span, "\"") : "", ">",
                    cell.strong ? "<strong>" : "", Escape(cell.text),
                    cell.strong ? "</strong>" : "", "</", tag, ">");
  }
}

void AppendHtml(const Block& b, int depth, std::string* out) {
  switch (b.kind) {
    case Block::Kind::kSection: {
      // A headed part is a <section>; a plain group of blocks a <div>.
      const char* tag = b.heading.empty() ? "div" : "section";
      absl::StrAppend(out, "<", tag, Attributes(b.id, b.role, b.data), ">\n");
      if (!b.heading.empty()) {
        const int level = std::min(depth + 1, 6);
        absl::StrAppend(out, "<h", level, ">", Escape(b.heading), "</h", level, ">\n");
      }
      for (const Block& child : b.children) AppendHtml(child, depth + 1, out);
      absl::StrAppend(out, "</", tag, ">\n");
      return;
    }
    case Block::Kind::kParagraph:
      absl::StrAppend(out, "<p", Attributes("", b.role, b.data), ">", b.strong ? "<strong>" : "",
                      Escape(b.text), b.strong ? "</strong>" : "", "</p>\n");
      return;
    case Block::Kind::kList:
      absl::StrAppend(out, "<ul", Attributes("", b.role, b.data), ">\n");
      for (const Row& row : b.table.rows) {
        absl::StrAppend(out, "<li", Attributes("", row.role, row.data), ">",
                        Escape(row.cells.empty() ? "" : row.cells[0].text), "</li>\n");
      }
      absl::StrAppend(out, "</ul>\n");
      return;
    case Block::Kind::kTable:
      absl::StrAppend(out, "<table", Attributes("", b.role, b.data), ">\n<tr>");
      AppendCells(b.table.header, "th", out);
      absl::StrAppend(out, "</tr>\n");
      for (const Row& row : b.table.rows) {
        absl::StrAppend(out, "<tr", Attributes("", row.role, row.data), ">");
        AppendCells(row.cells, "td", out);
        absl::StrAppend(out, "</tr>\n");
      }
      absl::StrAppend(out, "</table>\n");
      return;
    case Block::Kind::kChart:
      absl::StrAppend(out, "<figure class=\"chart ", Escape(b.role), "\">\n",
                      b.chart.kind == Chart::Kind::kStacked
                          ? StackedBarChart(b.chart.title, b.chart.segments, b.chart.stacked,
                                            b.chart.whole)
                          : BarChart(b.chart.title, b.chart.bars, b.chart.whole, b.chart.unit),
                      "</figure>\n");
      return;
    case Block::Kind::kFacts:
      sections::AppendFacts(b.facts, out);
      return;
    case Block::Kind::kPre:
      absl::StrAppend(out, "<pre", Attributes("", b.role, b.data), ">", Escape(b.text),
                      "</pre>\n");
      return;
  }
}

}  // namespace

std::string RenderBlockHtml(const Block& block, int depth) {
  std::string out;
  AppendHtml(block, depth, &out);
  return out;
}

std::string RenderViewHtml(const ResultView& view) {
  std::string out = absl::StrCat("<header class=\"doc\">\n<h1>", Escape(view.title), "</h1>\n");
  for (const Block& b : view.header) {
    // Under the title: the unit and the badges, as short lines.
    absl::StrAppend(&out, "<div", Attributes("", b.role, b.data), ">", Escape(b.text), "</div>\n");
  }
  absl::StrAppend(&out, "</header>\n");
  for (const Block& b : view.blocks) AppendHtml(b, 1, &out);
  if (!view.footer.empty()) {
    absl::StrAppend(&out, "<footer class=\"doc\">");
    for (const Block& b : view.footer) absl::StrAppend(&out, "<p>", Escape(b.text), "</p>");
    absl::StrAppend(&out, "</footer>\n");
  }
  return out;
}

}  // namespace gongxin::report
