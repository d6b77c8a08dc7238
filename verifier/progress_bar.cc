#include "verifier/progress_bar.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace gongxin::verifier {
namespace {

std::string Duration(double seconds) {
  const uint64_t s = static_cast<uint64_t>(std::llround(std::max(0.0, seconds)));
  if (s >= 3600) return absl::StrFormat("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  return absl::StrFormat("%d:%02d", s / 60, s % 60);
}

}  // namespace

std::string FormatProgress(const ProgressSnapshot& s, bool bar) {
  const double rate = s.elapsed_seconds > 0 ? s.entries / s.elapsed_seconds : 0;
  const std::string rate_text = absl::StrFormat("%.0f entries/s", rate);
  if (s.total_bytes == 0 || s.bytes == 0) {
    return absl::StrCat("verified ", s.entries, " entries, ", rate_text);
  }
  const double fraction = std::min(1.0, static_cast<double>(s.bytes) / s.total_bytes);
  // Entries are of similar size, so bytes give the total and the time left.
  const uint64_t estimated_total =
      std::max<uint64_t>(s.entries, std::llround(s.entries / fraction));
  const double eta = fraction > 0 ? s.elapsed_seconds * (1 - fraction) / fraction : 0;
  std::string counts = absl::StrFormat("%3.0f%%  %d/~%d entries  %s  ETA %s", fraction * 100,
                                       s.entries, estimated_total, rate_text, Duration(eta));
  if (!bar) return absl::StrCat("verified ", counts);
  constexpr int kCells = 30;
  const int full = static_cast<int>(fraction * kCells);
  return absl::StrCat("[", std::string(full, '#'), std::string(kCells - full, '.'), "] ", counts);
}

ProgressBar::ProgressBar(std::ostream& out, bool tty, uint64_t total_bytes,
                         std::chrono::milliseconds plain_interval)
    : out_(out),
      tty_(tty),
      total_bytes_(total_bytes),
      interval_(tty ? std::chrono::milliseconds(200) : plain_interval),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

void ProgressBar::Update(uint64_t entries, uint64_t bytes) {
  entries_ = entries;
  bytes_ = bytes;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < interval_) return;
  last_draw_ = now;
  Draw(entries, bytes);
}

void ProgressBar::Finish() {
  Draw(entries_, bytes_);
  if (tty_) out_ << "\n";
  out_.flush();
}

void ProgressBar::Draw(uint64_t entries, uint64_t bytes) {
  ProgressSnapshot s;
  s.entries = entries;
  s.bytes = bytes;
  s.total_bytes = total_bytes_;
  s.elapsed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (tty_) {
    // \r and clear-to-end-of-line redraw in place.
    out_ << "\r" << FormatProgress(s, /*bar=*/true) << "\x1b[K" << std::flush;
  } else {
    out_ << FormatProgress(s, /*bar=*/false) << "\n" << std::flush;
  }
}

}  // namespace gongxin::verifier
