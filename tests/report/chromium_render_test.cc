// The HTML report in a real browser: headless Chromium renders the sample
// report and the announcement; the screenshot must have the page's size and
// real content (not one colour, the red of the charts and headings present),
// the rendered DOM must hold the charts and tables, and the console must
// stay silent (no script errors, no blocked resource: the page's CSP makes
// any attempt to load something a console message).
// Skipped, saying why, when Chromium is not installed. Set
// GONGXIN_REPORT_KEEP_DIR to keep the HTML and PNG files for a look.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "report/announcement.h"
#include "report/result_report.h"
#include "tests/report/png_image.h"
#include "tests/report/report_sample.h"
#include "tests/testing/process.h"
#include "tests/testing/temp_dir.h"

namespace gongxin::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A4 at 150 dpi, roughly: wide enough for the 190 mm page.
constexpr int kWidth = 1240;
constexpr int kHeight = 1754;

std::string ChromiumBinary() {
  if (const char* env = std::getenv("GONGXIN_CHROMIUM"); env != nullptr && *env != '\0') {
    return env;
  }
  for (const char* path : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (std::filesystem::exists(path)) return path;
  }
  return "";
}

int Count(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

class ChromiumRenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = ChromiumBinary();
    if (chromium_.empty()) {
      GTEST_SKIP() << "Chromium is not installed (apt-get install chromium, or set "
                      "GONGXIN_CHROMIUM): the browser rendering check did not run";
    }
  }

  // Runs Chromium headless on `html_file` with `extra` flags; a fresh
  // profile per run, and `timeout` so a wedged browser fails the test
  // instead of hanging it.
  RunResult Chromium(const std::string& html_file, std::vector<std::string> extra,
                     int height = kHeight) {
    std::vector<std::string> argv = {
        "/usr/bin/timeout", "60", chromium_, "--headless", "--disable-gpu", "--no-sandbox",
        "--no-first-run", "--hide-scrollbars", "--disable-extensions",
        absl::StrCat("--user-data-dir=", dir_.File(absl::StrCat("profile-", ++runs_))),
        absl::StrCat("--window-size=", kWidth, ",", height)};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back(absl::StrCat("file://", html_file));
    return RunCommand(argv, dir_.path());
  }

  void Keep(const std::string& file) {
    if (const char* keep = std::getenv("GONGXIN_REPORT_KEEP_DIR");
        keep != nullptr && *keep && std::filesystem::exists(file)) {
      std::filesystem::create_directories(keep);
      std::filesystem::copy_file(file, std::filesystem::path(keep) / std::filesystem::path(file).filename(),
                                 std::filesystem::copy_options::overwrite_existing);
    }
  }

  // Renders `html` to a screenshot and a DOM dump; checks what every page
  // must satisfy and returns the DOM.
  // `height` is the window's: a taller one gets a long page into the
  // screenshot, so its tables are checked for overflow too.
  std::string RenderAndCheck(const std::string& name, const std::string& html,
                             int height = kHeight) {
    const std::string html_file = dir_.File(name + ".html");
    std::ofstream(html_file, std::ios::binary) << html;
    Keep(html_file);

    const std::string png_file = dir_.File(name + ".png");
    RunResult shot =
        Chromium(html_file, {absl::StrCat("--screenshot=", png_file)}, height);
    EXPECT_EQ(shot.code, 0) << "chromium --screenshot failed: " << shot.err;
    Keep(png_file);
    absl::StatusOr<PngImage> png = DecodePng(ReadWholeFileForTest(png_file));
    EXPECT_TRUE(png.ok()) << "screenshot " << png_file << ": " << png.status();
    if (png.ok()) {
      EXPECT_EQ(png->width, static_cast<uint32_t>(kWidth)) << "screenshot width";
      EXPECT_EQ(png->height, static_cast<uint32_t>(height)) << "screenshot height";
      std::set<uint32_t> colours;
      size_t ink = 0, red = 0;
      uint32_t rightmost = 0;
      for (size_t i = 0; i < png->pixels.size(); ++i) {
        const uint32_t p = png->pixels[i];
        if (colours.size() < 4096) colours.insert(p);
        const int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
        if (p != png->pixels.front()) {
          ++ink;
          rightmost = std::max(rightmost, static_cast<uint32_t>(i % png->width));
        }
        if (r > 140 && g < 90 && b < 90) ++red;
      }
      // The page is a centred 190 mm column (about 718 px at 96 dpi): ink
      // right of it is a table or chart wider than A4's printable width.
      EXPECT_LT(rightmost, static_cast<uint32_t>(kWidth / 2 + 365))
          << "something is drawn right of the 190 mm page column: a table overflows A4";
      EXPECT_GT(colours.size(), 16u) << "the screenshot is (nearly) one colour: blank page";
      EXPECT_GT(ink, png->pixels.size() / 100) << "less than 1% of the page has anything drawn";
      EXPECT_GT(red, 500u) << "no red heading rule or chart bars visible in the screenshot";
    }

    RunResult dom = Chromium(html_file, {"--dump-dom", "--enable-logging=stderr", "--v=0"});
    EXPECT_EQ(dom.code, 0) << "chromium --dump-dom failed: " << dom.err;
    // Console messages (script errors, CSP-blocked loads) are logged as
    // "…:CONSOLE…" lines.
    for (absl::string_view line : absl::StrSplit(dom.err, '\n')) {
      EXPECT_FALSE(absl::StrContains(line, ":CONSOLE")) << "browser console: " << line;
    }
    return dom.out;
  }

  TempDir dir_;
  std::string chromium_;
  int runs_ = 0;
};

TEST_F(ChromiumRenderTest, ResultReportRendersChartsAndTablesWithoutConsoleErrors) {
  absl::StatusOr<std::string> html = report::RenderResultHtml(ReportInput());
  ASSERT_TRUE(html.ok()) << html.status();
  const std::string dom = RenderAndCheck("report", *html);
  // The browser parsed what we wrote: three charts (two vote-rate, one grade
  // distribution) with their bars, and the tables.
  EXPECT_EQ(Count(dom, "<svg "), 3) << dom;
  EXPECT_EQ(Count(dom, "class=\"bar\""), 4 + 3) << "one bar per candidate and write-in";
  EXPECT_EQ(Count(dom, "class=\"segment\""), 7) << "grade segments";
  EXPECT_THAT(dom, HasSubstr("<table class=\"turnout\">"));
  EXPECT_EQ(Count(dom, "<table class=\"ranking\">"), 2);
  EXPECT_EQ(Count(dom, "<table class=\"grades\">"), 1);
  EXPECT_THAT(dom, HasSubstr("id=\"ledger\""));
  EXPECT_THAT(dom, HasSubstr("74.1%"));
  EXPECT_THAT(dom, Not(HasSubstr("<script")));
}

TEST_F(ChromiumRenderTest, EveryTallyFigureRendersInTablesThatFitThePage) {
  // English headers are the wider ones: that page must fit too.
  absl::StatusOr<std::string> en = report::RenderResultHtml(AllKindsInput("en"));
  ASSERT_TRUE(en.ok()) << en.status();
  EXPECT_THAT(RenderAndCheck("all-kinds-en", *en, 9000), HasSubstr(">Needed<"));
  absl::StatusOr<std::string> html = report::RenderResultHtml(AllKindsInput());
  ASSERT_TRUE(html.ok()) << html.status();
  // Tall enough that the whole report is in the screenshot.
  const std::string dom = RenderAndCheck("all-kinds", *html, 9000);
  for (const char* table :
       {"<table class=\"rates\">", "<table class=\"decision\">", "<table class=\"element\"",
        "<table class=\"checklist\"", "<table class=\"weighted\"",
        "<table class=\"composite\">", "class=\"group-questions compact\""}) {
    EXPECT_THAT(dom, HasSubstr(table)) << "the browser did not get " << table;
  }
  EXPECT_THAT(dom, HasSubstr("6/11 = 54.5 %")) << "decision agree share";
  EXPECT_THAT(dom, HasSubstr("2/8 = 25.0 %")) << "checklist share";
  EXPECT_THAT(dom, HasSubstr("81.04 (2188/27)")) << "composite";
  EXPECT_THAT(dom, HasSubstr("15/27 = 55.6 %")) << "rate";
  EXPECT_THAT(dom, HasSubstr("id=\"approvals\""));
  EXPECT_THAT(dom, Not(HasSubstr("不能显示此类题目"))) << "a kind fell back to validity only";
  // Charts: the three of the sample, one agree chart and one element chart.
  EXPECT_EQ(Count(dom, "<svg "), 5) << dom;
}

TEST_F(ChromiumRenderTest, AnnouncementRendersWithoutConsoleErrors) {
  report::AnnouncementInput in;
  in.meeting_id = "0a1b2c3d4e5f";
  in.spec = ReportSpec();
  in.status = v1::MEETING_STATUS_ANNOUNCED;
  in.due_by_group = {{"leaders", 10}, {"staff", 20}};
  in.genesis_hash = std::string(32, '\x11');
  in.roll_digest = std::string(32, '\x22');
  const std::string dom = RenderAndCheck("announcement", report::RenderAnnouncementHtml(in));
  for (const char* id : {"id=\"groups\"", "id=\"posts\"", "id=\"candidates\"", "id=\"forms\"",
                         "id=\"marking\"", "id=\"rules\"", "id=\"genesis\""}) {
    EXPECT_THAT(dom, HasSubstr(id)) << "announcement section missing";
  }
  EXPECT_THAT(dom, HasSubstr("张伟"));
}

}  // namespace
}  // namespace gongxin::testing
