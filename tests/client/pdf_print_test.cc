// The result report and the announcement as PDF, printed by headless
// Chromium, checked with tools we did not write (Debian's poppler-utils):
// pdffonts says the CJK font is embedded, pdftoppm renders a page that is
// not blank, and pdftotext finds the title's Chinese text. Skipped, saying
// why, where Chromium or poppler-utils is not installed.
#include "client/pdf_print.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "report/announcement.h"
#include "report/result_report.h"
#include "tests/report/report_sample.h"
#include "tests/testing/process.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace gongxin::client {
namespace {

using ::testing::HasSubstr;

constexpr char kTitle[] = "某县2026年度科级领导干部民主推荐会";

std::string WithoutSpace(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (!absl::ascii_isspace(static_cast<unsigned char>(c))) out += c;
  }
  return out;
}

class PdfPrintTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (ChromiumPath().empty()) {
      GTEST_SKIP() << "Chromium is not installed (apt-get install chromium, or set "
                      "GONGXIN_CHROMIUM): the PDF check did not run";
    }
    for (const char* tool : {"/usr/bin/pdffonts", "/usr/bin/pdftoppm", "/usr/bin/pdftotext"}) {
      if (!std::filesystem::exists(tool)) {
        GTEST_SKIP() << tool << " is missing (apt-get install poppler-utils): the PDF check "
                                "did not run";
      }
    }
  }

  testing::RunResult Run(std::vector<std::string> argv) {
    return testing::RunCommand(argv, dir_.path());
  }

  // Prints `html` and checks what every printed document must satisfy;
  // returns the PDF's text as pdftotext reads it, without white space.
  std::string PrintAndCheck(const std::string& name, const std::string& html) {
    absl::StatusOr<std::string> pdf = PrintHtmlToPdf(html);
    EXPECT_TRUE(pdf.ok()) << pdf.status();
    if (!pdf.ok()) return "";
    const std::string file = dir_.File(name + ".pdf");
    std::ofstream(file, std::ios::binary) << *pdf;
    if (const char* keep = std::getenv("GONGXIN_REPORT_KEEP_DIR"); keep != nullptr && *keep) {
      std::filesystem::create_directories(keep);
      std::filesystem::copy_file(file, std::filesystem::path(keep) / (name + ".pdf"),
                                 std::filesystem::copy_options::overwrite_existing);
    }

    // pdffonts: name type encoding emb sub uni object ID. Every font is
    // embedded, and one of them is the CJK font the page asks for.
    const testing::RunResult fonts = Run({"/usr/bin/pdffonts", file});
    EXPECT_EQ(fonts.code, 0) << fonts.err;
    bool cjk = false;
    int listed = 0;
    for (absl::string_view line : absl::StrSplit(fonts.out, '\n')) {
      if (line.empty() || absl::StartsWith(line, "name") || absl::StartsWith(line, "---")) continue;
      ++listed;
      const std::vector<absl::string_view> cols = absl::StrSplit(line, ' ', absl::SkipEmpty());
      EXPECT_GE(cols.size(), 6u) << line;
      if (cols.size() < 6) continue;
      // emb is the fourth column from the end (emb sub uni obj gen).
      EXPECT_EQ(cols[cols.size() - 5], "yes") << "a font is not embedded: " << line;
      if (absl::StrContains(absl::AsciiStrToLower(line), "wenquanyi") ||
          absl::StrContains(absl::AsciiStrToLower(line), "microhei")) {
        cjk = true;
      }
    }
    EXPECT_GT(listed, 0) << "pdffonts lists no font:\n" << fonts.out;
    EXPECT_TRUE(cjk) << "the CJK font (WenQuanYi Micro Hei) is not in the PDF:\n" << fonts.out;

    // pdftoppm: page 1 as a grey map at 40 dpi; some of it must be ink.
    const std::string ppm = dir_.File(name);
    const testing::RunResult render = Run({"/usr/bin/pdftoppm", "-gray", "-r", "40", "-f", "1",
                                           "-l", "1", "-singlefile", file, ppm});
    EXPECT_EQ(render.code, 0) << render.err;
    const std::string pgm = testing::ReadWholeFile(ppm + ".pgm");
    // "P5\nW H\n255\n" then one byte per pixel.
    const std::vector<std::string> head = absl::StrSplit(pgm.substr(0, 32), absl::ByAnyChar(" \n"));
    int width = 0, height = 0;
    EXPECT_TRUE(head.size() > 3 && head[0] == "P5" && absl::SimpleAtoi(head[1], &width) &&
                absl::SimpleAtoi(head[2], &height))
        << "pdftoppm wrote no PGM";
    // An A4 page at 40 dpi is about 331 × 468.
    EXPECT_NEAR(width, 331, 3) << "not an A4 page";
    EXPECT_NEAR(height, 468, 3) << "not an A4 page";
    size_t dark = 0;
    const size_t pixels = static_cast<size_t>(width) * height;
    if (pgm.size() >= pixels) {
      for (size_t i = pgm.size() - pixels; i < pgm.size(); ++i) {
        if (static_cast<unsigned char>(pgm[i]) < 128) ++dark;
      }
    }
    EXPECT_GT(dark, pixels / 200) << "page 1 is (nearly) blank";

    const testing::RunResult text = Run({"/usr/bin/pdftotext", "-enc", "UTF-8", file, "-"});
    EXPECT_EQ(text.code, 0) << text.err;
    return WithoutSpace(text.out);
  }

  testing::TempDir dir_;
};

TEST_F(PdfPrintTest, ResultReportPrintsWithTheCjkFontEmbedded) {
  report::ResultReportInput in = testing::ReportInput();
  in.spec.set_title(kTitle);
  ASSERT_OK_AND_ASSIGN(const std::string html, report::RenderResultHtml(in));
  const std::string text = PrintAndCheck("report", html);
  EXPECT_THAT(text, HasSubstr(absl::StrCat(kTitle, "计票结果报告"))) << "pdftotext: " << text;
  EXPECT_THAT(text, HasSubstr("74.1%")) << "a vote rate of the sample";
}

TEST_F(PdfPrintTest, AnnouncementPrintsWithTheCjkFontEmbedded) {
  report::AnnouncementInput in;
  in.meeting_id = "0a1b2c3d4e5f";
  in.spec = testing::ReportSpec();
  in.spec.set_title(kTitle);
  in.status = v1::MEETING_STATUS_ANNOUNCED;
  in.due_by_group = {{"leaders", 10}, {"staff", 20}};
  in.genesis_hash = std::string(32, '\x11');
  in.roll_digest = std::string(32, '\x22');
  const std::string text = PrintAndCheck("announcement", report::RenderAnnouncementHtml(in));
  EXPECT_THAT(text, HasSubstr(absl::StrCat(kTitle, "会前公告"))) << "pdftotext: " << text;
}

TEST(PdfPrintRefusalTest, ChromiumThatCannotStartIsRefusedNamingIt) {
  const char* saved = std::getenv("GONGXIN_CHROMIUM");
  const std::string before = saved != nullptr ? saved : "";
  setenv("GONGXIN_CHROMIUM", "/nonexistent/chromium", 1);
  const absl::StatusOr<std::string> pdf = PrintHtmlToPdf("<p>x</p>", 10);
  if (saved != nullptr) {
    setenv("GONGXIN_CHROMIUM", before.c_str(), 1);
  } else {
    unsetenv("GONGXIN_CHROMIUM");
  }
  // A path that does not exist cannot be started: nothing is printed, and
  // the message says so.
  EXPECT_FALSE(pdf.ok());
  EXPECT_THAT(pdf.status().message(), HasSubstr("/nonexistent/chromium"));
}

}  // namespace
}  // namespace gongxin::client
