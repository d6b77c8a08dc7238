// The audit progress display: what a long verify shows on a terminal and in
// a log.
#include "verifier/progress_bar.h"

#include <algorithm>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace gongxin::verifier {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ProgressBarTest, BarShowsShareEstimatedTotalRateAndEta) {
  ProgressSnapshot s;
  s.entries = 250000;
  s.bytes = 25 << 20;
  s.total_bytes = 100 << 20;
  s.elapsed_seconds = 10;
  const std::string line = FormatProgress(s, /*bar=*/true);
  EXPECT_THAT(line, HasSubstr("[#######.......................]")) << line;
  EXPECT_THAT(line, HasSubstr(" 25%")) << line;
  EXPECT_THAT(line, HasSubstr("250000/~1000000 entries")) << line;
  EXPECT_THAT(line, HasSubstr("25000 entries/s")) << line;
  EXPECT_THAT(line, HasSubstr("ETA 0:30")) << line;
}

TEST(ProgressBarTest, PlainLineHasNoBarForLogs) {
  ProgressSnapshot s{.entries = 10, .bytes = 50, .total_bytes = 100, .elapsed_seconds = 1};
  const std::string line = FormatProgress(s, /*bar=*/false);
  EXPECT_THAT(line, Not(HasSubstr("[")));
  EXPECT_THAT(line, HasSubstr("10/~20 entries"));
}

TEST(ProgressBarTest, UnknownSizeShowsCountAndRateOnly) {
  ProgressSnapshot s{.entries = 5000, .bytes = 1000, .total_bytes = 0, .elapsed_seconds = 2};
  EXPECT_EQ(FormatProgress(s, /*bar=*/true), "verified 5000 entries, 2500 entries/s");
}

TEST(ProgressBarTest, TerminalRedrawsInPlaceAndEndsTheLine) {
  std::ostringstream out;
  ProgressBar bar(out, /*tty=*/true, 100);
  bar.Update(7, 100);
  bar.Finish();
  EXPECT_EQ(out.str().front(), '\r');
  EXPECT_THAT(out.str(), HasSubstr("100%"));
  EXPECT_EQ(out.str().back(), '\n');
}

TEST(ProgressBarTest, NonTerminalWritesWholeLinesAtMostEveryInterval) {
  std::ostringstream out;
  ProgressBar bar(out, /*tty=*/false, 100, std::chrono::hours(1));
  for (int i = 1; i <= 1000; ++i) bar.Update(i, i / 10);
  EXPECT_EQ(out.str(), "") << "throttled: nothing before the interval";
  bar.Finish();
  const std::string text = out.str();
  EXPECT_EQ(text.find('\r'), std::string::npos);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
  EXPECT_THAT(text, HasSubstr("1000/~1000 entries"));
}

}  // namespace
}  // namespace gongxin::verifier
