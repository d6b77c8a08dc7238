// Bar charts as inline SVG: drawn from the counts at render time, with no
// script, font file or image to fetch, so the printed page and the offline
// file look the same. Every bar is scaled to the question's rate
// denominator, so a bar's length is the rate printed beside it.
#ifndef GONGXIN_REPORT_SVG_CHART_H_
#define GONGXIN_REPORT_SVG_CHART_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace gongxin::report {

struct Bar {
  std::string label;  // plain text; escaped by the chart
  uint64_t value = 0;
};

// BarChart: one horizontal bar per entry, labelled on the left and with
// "value unit · rate" on the right; `whole` is the denominator (0 draws
// empty bars). `title` is the chart's accessible name.
std::string BarChart(absl::string_view title, const std::vector<Bar>& bars, uint64_t whole,
                     absl::string_view unit);

struct StackedBar {
  std::string label;
  std::vector<uint64_t> values;  // one per segment, in segment order
};

// StackedBarChart: one horizontal bar per subject split into segments (the
// grades best first, then blank), each segment labelled with its count when
// wide enough, and a legend of `segments` above. Segments share the
// colours of SegmentColour.
std::string StackedBarChart(absl::string_view title, const std::vector<std::string>& segments,
                            const std::vector<StackedBar>& bars, uint64_t whole);

// SegmentColour: the fill of segment `index` of `count`; the last segment
// (blank) is grey. Dark to light so the order survives a grey printer.
std::string SegmentColour(size_t index, size_t count);

}  // namespace gongxin::report

#endif  // GONGXIN_REPORT_SVG_CHART_H_
