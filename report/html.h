// Small pieces every printed document is built from: HTML escaping (names
// and titles are user input), percentages rounded the way people check them
// by hand, and the page skeleton with its inline print stylesheet.
#ifndef GONGXIN_REPORT_HTML_H_
#define GONGXIN_REPORT_HTML_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace gongxin::report {

// Escape makes `text` safe as HTML text or a quoted attribute value (also
// inside inline SVG): & < > " ' become entities, and code points HTML
// forbids (C0 controls other than tab/newline, DEL) are dropped.
std::string Escape(absl::string_view text);

// Percent: part / whole with one decimal, rounded half up in integer
// arithmetic ("66.7%"), or "—" when whole is 0. Same rounding as the
// terminal table, so paper and screen agree digit for digit.
std::string Percent(uint64_t part, uint64_t whole);
// PercentNumber: the same figure without the sign ("66.7"), or "" when
// whole is 0, for spreadsheets, which read it as a number.
std::string PercentNumber(uint64_t part, uint64_t whole);

// OneDecimal: num / den with one decimal, rounded half up in integer
// arithmetic ("68.0"), or "—" when den is 0; for points per ballot.
std::string OneDecimal(uint64_t num, uint64_t den);

// ExactRate shows an exact rate as a reader checks it by hand:
// "3/7 = 42.9 %" (num/den, then the percentage as Percent rounds it), or
// "0/0 = —" when there is nothing to divide by.
std::string ExactRate(uint64_t num, uint64_t den);

// ExactPoints is the same for points per ballot (a graded scale's score):
// "680/10 = 68.0".
std::string ExactPoints(uint64_t num, uint64_t den);

// Hex of raw bytes, lowercase.
std::string Hex(absl::string_view bytes);

// Hex split in groups of 8 with spaces, so a reader can compare it aloud and
// the line can break on paper.
std::string GroupedHex(absl::string_view bytes);

// Page wraps `body` in a complete, self-contained HTML document: UTF-8,
// `lang`, escaped `title`, inline CSS with an A4 print stylesheet, and a
// Content-Security-Policy that forbids scripts and every external resource,
// so the file renders the same offline and cannot call out.
std::string Page(absl::string_view lang, absl::string_view title, absl::string_view body);

// PageWithStyle is Page with its own stylesheet `style` (trusted CSS, not
// escaped) in place of the report's, for a sheet laid out otherwise (the
// slips to cut); the same head and Content-Security-Policy.
std::string PageWithStyle(absl::string_view lang, absl::string_view title,
                          absl::string_view style, absl::string_view body);

}  // namespace gongxin::report

#endif  // GONGXIN_REPORT_HTML_H_
