#include "report/html.h"

#include "absl/strings/str_cat.h"

namespace gongxin::report {
namespace {

// Print-first styling: black on white, red only for headings and rules as
// on official notices, tables that do not split a row across pages.
constexpr absl::string_view kStyle = R"css(
@page { size: A4; margin: 18mm 16mm 18mm 16mm; }
* { box-sizing: border-box; }
html { background: #fff; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC",
       "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", serif;
       color: #111; margin: 0 auto; max-width: 190mm; padding: 12mm 8mm; font-size: 11pt;
       line-height: 1.5; }
header.doc { text-align: center; border-bottom: 2px solid #b0201c; padding-bottom: 4mm;
             margin-bottom: 6mm; }
header.doc h1 { color: #b0201c; font-size: 20pt; margin: 0 0 2mm 0; letter-spacing: 0.05em; }
header.doc .unit { font-size: 13pt; }
.badge { display: inline-block; border: 1px solid #b0201c; color: #b0201c; padding: 0 3mm;
         font-size: 10pt; margin-top: 2mm; }
.badge.unofficial { border-style: dashed; }
.warning { border: 2px solid #b0201c; padding: 2mm 4mm; margin: 4mm 0; font-weight: bold; }
h2 { font-size: 14pt; border-left: 4px solid #b0201c; padding-left: 3mm; margin: 7mm 0 3mm; }
h3 { font-size: 12pt; margin: 5mm 0 2mm; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 3mm; font-size: 10pt; }
th, td { border: 1px solid #555; padding: 1mm 2mm; text-align: left; vertical-align: top; }
th { background: #f1e9e4; font-weight: bold; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr { page-break-inside: avoid; break-inside: avoid; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 4mm; margin: 2mm 0; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
.hash { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 9pt;
        overflow-wrap: anywhere; }
pre.note { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 8.5pt;
           white-space: pre-wrap; word-break: break-all; border: 1px solid #999; padding: 2mm;
           margin: 1mm 0; }
.basis, .small { font-size: 9pt; color: #333; }
figure.chart { margin: 2mm 0 4mm; page-break-inside: avoid; break-inside: avoid; }
figure.chart svg { max-width: 100%; height: auto; }
section.question { page-break-inside: avoid; break-inside: avoid; }
h4, h5, h6 { font-size: 10.5pt; margin: 3mm 0 1mm; }
td.exact, th.exact { white-space: normal; }
/* The widest tables (票决 with defer, composites with several components):
   smaller type, headers that wrap, so they stay inside A4's 190 mm. */
table.decision, table.composite { font-size: 9pt; }
table.decision th, table.composite th, table.rates th { white-space: normal; }
table.decision th, table.decision td, table.composite th, table.composite td {
  padding: 1mm 1.2mm; }
.compact table { font-size: 8.5pt; }
.compact th, .compact td { padding: 0.5mm 1.5mm; }
.compact h4, .compact h5, .compact h6 { font-size: 10.5pt; }
.compact p { font-size: 9pt; margin: 1mm 0; }
.group-questions { border-left: 2px solid #ddd; padding-left: 3mm; margin: 2mm 0 4mm; }
footer.doc { border-top: 1px solid #999; margin-top: 8mm; padding-top: 2mm; font-size: 9pt; }
@media print {
  body { max-width: none; padding: 0; }
  h2 { page-break-after: avoid; break-after: avoid; }
  section.named { page-break-before: always; break-before: page; }
}
)css";

}  // namespace

std::string Escape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7f) break;
        out += c;
      }
    }
  }
  return out;
}

std::string OneDecimal(uint64_t num, uint64_t den) {
  if (den == 0) return "—";
  const uint64_t tenths = (num * 20 + den) / (2 * den);
  return absl::StrCat(tenths / 10, ".", tenths % 10);
}

std::string Percent(uint64_t part, uint64_t whole) {
  if (whole == 0) return "—";
  return absl::StrCat(OneDecimal(part * 100, whole), "%");
}

std::string PercentNumber(uint64_t part, uint64_t whole) {
  return whole == 0 ? "" : OneDecimal(part * 100, whole);
}

std::string ExactRate(uint64_t num, uint64_t den) {
  return absl::StrCat(num, "/", den, " = ", den == 0 ? "—" : OneDecimal(num * 100, den) + " %");
}

std::string ExactPoints(uint64_t num, uint64_t den) {
  return absl::StrCat(num, "/", den, " = ", OneDecimal(num, den));
}

std::string Hex(absl::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    const auto u = static_cast<unsigned char>(c);
    out += kDigits[u >> 4];
    out += kDigits[u & 0xf];
  }
  return out;
}

std::string GroupedHex(absl::string_view bytes) {
  const std::string hex = Hex(bytes);
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 8) {
    if (i > 0) out += ' ';
    out += hex.substr(i, 8);
  }
  return out;
}

std::string Page(absl::string_view lang, absl::string_view title, absl::string_view body) {
  return PageWithStyle(lang, title, kStyle, body);
}

std::string PageWithStyle(absl::string_view lang, absl::string_view title,
                          absl::string_view style, absl::string_view body) {
  return absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"", Escape(lang), "\">\n<head>\n<meta charset=\"utf-8\">\n",
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; img-src data:\">\n",
      "<meta name=\"generator\" content=\"gongxin\">\n",
      "<title>", Escape(title), "</title>\n<style>", style, "</style>\n</head>\n<body>\n", body,
      "</body>\n</html>\n");
}

}  // namespace gongxin::report
