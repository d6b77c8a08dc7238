#include "report/svg_chart.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "report/html.h"
#include "tally/text.h"

namespace gongxin::report {
namespace {

constexpr int kWidth = 640;
constexpr int kRowHeight = 26;
constexpr int kBarHeight = 16;
constexpr int kValueWidth = 130;  // room for "123 票 · 45.6%"

// Approximate rendered width of a label at 12px: wide (CJK) characters
// are about a full em, other characters about half.
int LabelWidth(absl::string_view utf8) {
  const int columns = tally::DisplayWidth(utf8);
  const int chars = static_cast<int>(tally::CodePointCount(utf8));
  const int wide = std::max(0, columns - chars);
  return wide * 12 + (chars - wide) * 7;
}

int LabelColumn(const std::vector<std::string>& labels) {
  int widest = 60;
  for (const std::string& l : labels) widest = std::max(widest, LabelWidth(l));
  return std::min(widest + 10, 220);
}

std::string SvgOpen(absl::string_view title, int height) {
  return absl::StrCat(
      "<svg class=\"chart\" role=\"img\" width=\"", kWidth,
      "\" height=\"", height, "\" viewBox=\"0 0 ", kWidth, " ", height, "\" aria-label=\"",
      Escape(title), "\">\n<title>", Escape(title), "</title>\n");
}

std::string Text(int x, int y, absl::string_view anchor, absl::string_view text,
                 absl::string_view extra = "") {
  return absl::StrCat("<text x=\"", x, "\" y=\"", y, "\" text-anchor=\"", anchor,
                      "\" font-size=\"12\"", extra, ">", Escape(text), "</text>\n");
}

}  // namespace

std::string GradeColour(size_t index, size_t count) {
  static constexpr const char* kScales[][5] = {
      {"#1d4e89"},
      {"#1d4e89", "#b0201c"},
      {"#1d4e89", "#e3a33b", "#b0201c"},
      {"#1d4e89", "#7fb0e0", "#e3a33b", "#b0201c"},
      {"#1d4e89", "#4f86c6", "#9cc3e6", "#e3a33b", "#b0201c"},
  };
  static constexpr const char* kMore[] = {"#1d4e89", "#4f86c6", "#9cc3e6",
                                          "#e3a33b", "#b0201c", "#6b4c9a"};
  if (count >= 1 && count <= 5 && index < count) return kScales[count - 1][index];
  return kMore[index % 6];
}

namespace {

// White text on the dark fills, black on the light ones.
bool IsDark(absl::string_view colour) {
  return colour == "#1d4e89" || colour == "#4f86c6" || colour == "#b0201c" ||
         colour == "#6b4c9a";
}

}  // namespace

std::string BarChart(absl::string_view title, const std::vector<Bar>& bars, uint64_t chart_whole,
                     absl::string_view unit) {
  std::vector<std::string> labels;
  for (const Bar& b : bars) labels.push_back(b.label);
  const int label_col = LabelColumn(labels);
  const int plot = kWidth - label_col - kValueWidth;
  const int height = static_cast<int>(bars.size()) * kRowHeight + 8;
  std::string out = SvgOpen(title, height);
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const uint64_t whole = b.whole.value_or(chart_whole);
    const int y = 4 + static_cast<int>(i) * kRowHeight;
    const int length =
        whole == 0 ? 0 : static_cast<int>(std::min<uint64_t>(b.value, whole) * plot / whole);
    absl::StrAppend(&out, Text(label_col - 6, y + 13, "end", b.label));
    absl::StrAppend(&out, "<rect x=\"", label_col, "\" y=\"", y, "\" width=\"", plot,
                    "\" height=\"", kBarHeight, "\" fill=\"#f3f3f3\" stroke=\"#bbb\"/>\n");
    absl::StrAppend(&out, "<rect class=\"bar\" x=\"", label_col, "\" y=\"", y, "\" width=\"",
                    length, "\" height=\"", kBarHeight, "\" fill=\"#b0201c\"/>\n");
    absl::StrAppend(&out, Text(label_col + plot + 6, y + 13, "start",
                               absl::StrCat(b.value, " ", unit, " · ", Percent(b.value, whole))));
  }
  absl::StrAppend(&out, "</svg>\n");
  return out;
}

std::string StackedBarChart(absl::string_view title, const std::vector<Segment>& segments,
                            const std::vector<StackedBar>& bars, uint64_t whole) {
  std::vector<std::string> labels;
  for (const StackedBar& b : bars) labels.push_back(b.label);
  const int label_col = LabelColumn(labels);
  const int plot = kWidth - label_col - 10;
  const int legend_height = 24;
  const int height = legend_height + static_cast<int>(bars.size()) * kRowHeight + 8;
  std::string out = SvgOpen(title, height);
  // Legend: a swatch and the label per segment, left to right.
  int x = label_col;
  for (size_t s = 0; s < segments.size(); ++s) {
    absl::StrAppend(&out, "<rect x=\"", x, "\" y=\"4\" width=\"12\" height=\"12\" fill=\"",
                    segments[s].colour, "\"/>\n");
    absl::StrAppend(&out, Text(x + 16, 15, "start", segments[s].label));
    x += 16 + LabelWidth(segments[s].label) + 18;
  }
  for (size_t i = 0; i < bars.size(); ++i) {
    const StackedBar& b = bars[i];
    const int y = legend_height + 4 + static_cast<int>(i) * kRowHeight;
    absl::StrAppend(&out, Text(label_col - 6, y + 13, "end", b.label));
    absl::StrAppend(&out, "<rect x=\"", label_col, "\" y=\"", y, "\" width=\"", plot,
                    "\" height=\"", kBarHeight, "\" fill=\"#ffffff\" stroke=\"#bbb\"/>\n");
    // Cumulative edges, so rounding never lets the segments overrun the bar.
    uint64_t before = 0;
    for (size_t s = 0; s < b.values.size() && s < segments.size(); ++s) {
      const uint64_t v = b.values[s];
      if (whole == 0 || v == 0) continue;
      const uint64_t after = std::min(before + v, whole);
      const int x0 = label_col + static_cast<int>(before * plot / whole);
      const int x1 = label_col + static_cast<int>(after * plot / whole);
      before = after;
      absl::StrAppend(&out, "<rect class=\"segment\" x=\"", x0, "\" y=\"", y, "\" width=\"",
                      x1 - x0, "\" height=\"", kBarHeight, "\" fill=\"",
                      segments[s].colour, "\"><title>", Escape(segments[s].label), " ",
                      v, " (", Percent(v, whole), ")</title></rect>\n");
      if (x1 - x0 >= 22) {
        absl::StrAppend(&out, Text((x0 + x1) / 2, y + 12, "middle", absl::StrCat(v),
                                   IsDark(segments[s].colour) ? " fill=\"#fff\"" : ""));
      }
    }
  }
  absl::StrAppend(&out, "</svg>\n");
  return out;
}

}  // namespace gongxin::report
