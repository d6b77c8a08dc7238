#include "report/slips.h"

#include <cstddef>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "report/html.h"

namespace gongxin::report {
namespace {

// Sized so that 2 × 4 slips fill A4 inside 10 mm margins (190 × 277 mm):
// each slip 95 × 69 mm. Cut lines are each slip's right and bottom border
// plus the sheet's top and left, so no line is drawn twice. Each page is its
// own grid, so a slip never splits across pages whatever the browser's
// pagination does.
constexpr absl::string_view kSlipStyle = R"css(
@page { size: A4; margin: 10mm; }
* { box-sizing: border-box; }
html { background: #fff; }
body { margin: 0; color: #000;
       font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei",
                    "WenQuanYi Micro Hei", "PingFang SC", sans-serif; }
section.sheet { display: grid; grid-template-columns: 95mm 95mm; grid-auto-rows: 69mm;
                width: 190mm; border-top: 0.3mm dashed #777; border-left: 0.3mm dashed #777;
                break-after: page; page-break-after: always; }
section.sheet:last-child { break-after: auto; page-break-after: auto; }
.slip { border-right: 0.3mm dashed #777; border-bottom: 0.3mm dashed #777; padding: 3.5mm 4mm;
        overflow: hidden; display: flex; flex-direction: column; gap: 1.2mm;
        break-inside: avoid; page-break-inside: avoid; }
.slip .top { display: flex; justify-content: space-between; gap: 2mm; font-size: 8.5pt;
             line-height: 1.25; }
.slip .meeting { font-weight: bold; }
.slip .group { white-space: nowrap; font-weight: bold; }
.slip .middle { display: flex; gap: 3mm; align-items: flex-start; }
.slip .qr { flex: none; width: 30mm; }
.slip .qr svg { display: block; width: 30mm; height: 30mm; }
.slip .text { font-size: 8pt; line-height: 1.35; }
.slip .heading { font-weight: bold; font-size: 9pt; }
.slip .once { font-weight: bold; margin-top: 1mm; }
.slip .reprint { display: inline-block; border: 0.4mm solid #000; padding: 0 1.5mm;
                 margin-top: 1mm; font-weight: bold; }
.mono { font-family: "DejaVu Sans Mono", "Liberation Mono", "Noto Sans Mono", monospace; }
.slip .code { font-size: 16pt; font-weight: bold; letter-spacing: 0.04em; text-align: center;
              white-space: nowrap; }
.slip .small { font-size: 6pt; line-height: 1.25; color: #222; overflow-wrap: anywhere; }
@media screen { section.sheet { margin: 10mm auto; } }
)css";

void AppendSlip(const SlipSheet& sheet, const SlipSheet::Slip& slip, const Messages& m,
                std::string* out) {
  absl::StrAppend(out, "<div class=\"slip\">\n<div class=\"top\"><span class=\"meeting\">",
                  Escape(sheet.meeting_title), "</span><span class=\"group\">",
                  Escape(absl::Substitute(m.slip_group, sheet.group_name)),
                  "</span></div>\n<div class=\"middle\"><div class=\"qr\">", slip.qr_svg,
                  "</div><div class=\"text\"><div class=\"heading\">", Escape(m.slip_heading),
                  "</div><div>", Escape(absl::Substitute(m.slip_instructions, sheet.page)),
                  "</div><div class=\"once\">", Escape(m.slip_once), "</div>");
  if (sheet.reprint) {
    absl::StrAppend(out, "<div class=\"reprint\">", Escape(m.slip_reprint), "</div>");
  }
  absl::StrAppend(out, "</div></div>\n<div class=\"code mono\">", Escape(slip.code),
                  "</div>\n<div class=\"small mono\">", Escape(slip.address), " · ",
                  Escape(m.meeting_id), " ", Escape(sheet.meeting_id), "</div>\n");
  if (!sheet.ca_fingerprint.empty()) {
    absl::StrAppend(out, "<div class=\"small mono\">",
                    Escape(absl::Substitute(m.slip_fingerprint, sheet.ca_fingerprint)),
                    "</div>\n");
  }
  absl::StrAppend(out, "</div>\n");
}

}  // namespace

std::string RenderSlipsHtml(const SlipSheet& sheet, const Messages& m) {
  std::string body;
  for (size_t i = 0; i < sheet.slips.size(); ++i) {
    if (i % kSlipsPerPage == 0) {
      if (i > 0) absl::StrAppend(&body, "</section>\n");
      absl::StrAppend(&body, "<section class=\"sheet\">\n");
    }
    AppendSlip(sheet, sheet.slips[i], m, &body);
  }
  if (!sheet.slips.empty()) absl::StrAppend(&body, "</section>\n");
  return PageWithStyle(m.html_lang, absl::Substitute(m.slip_title, sheet.meeting_title),
                       kSlipStyle, body);
}

}  // namespace gongxin::report
