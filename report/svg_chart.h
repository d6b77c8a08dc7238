// Bar charts as inline SVG: drawn from the counts at render time, with no
// script, font file or image to fetch, so the printed page and the offline
// file look the same. Every bar is scaled to the question's rate
// denominator, so a bar's length is the rate printed beside it.
#ifndef GONGXIN_REPORT_SVG_CHART_H_
#define GONGXIN_REPORT_SVG_CHART_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace gongxin::report {

struct Bar {
  std::string label;  // plain text; escaped by the chart
  uint64_t value = 0;
  // This bar's own denominator, when bars differ (a decision's pass
  // denominator without the members recused on that candidate); unset =
  // the chart's `whole`.
  std::optional<uint64_t> whole = std::nullopt;
};

// BarChart: one horizontal bar per entry, labelled on the left and with
// "value unit · rate" on the right; `whole` is the denominator (0 draws
// empty bars) unless a bar has its own. `title` is the chart's accessible name.
std::string BarChart(absl::string_view title, const std::vector<Bar>& bars, uint64_t whole,
                     absl::string_view unit);

struct StackedBar {
  std::string label;
  std::vector<uint64_t> values;  // one per segment, in segment order
};

struct Segment {
  std::string label;
  std::string colour;  // an SVG colour, e.g. from GradeColour
};

// StackedBarChart: one horizontal bar per subject split into segments (the
// grades best first, then blank), each segment labelled with its count when
// wide enough, and a legend of `segments` above.
std::string StackedBarChart(absl::string_view title, const std::vector<Segment>& segments,
                            const std::vector<StackedBar>& bars, uint64_t whole);

// GradeColour: the fill of judged grade `index` of `count`, best dark blue
// to worst red, so the order reads at a glance and survives a grey printer.
std::string GradeColour(size_t index, size_t count);
// Fills for "don't know" grades (no judgement, rule C5) and for blank.
inline constexpr absl::string_view kDontKnowColour = "#9b8ec4";
inline constexpr absl::string_view kBlankColour = "#c8c8c8";

}  // namespace gongxin::report

#endif  // GONGXIN_REPORT_SVG_CHART_H_
