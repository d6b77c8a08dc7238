// The progress display of long offline checks (`gongxin audit verify
// --progress`): a redrawn bar on a terminal, a plain line now and then
// otherwise (logs, CI), so a million-entry export does not look hung.
#ifndef GONGXIN_VERIFIER_PROGRESS_BAR_H_
#define GONGXIN_VERIFIER_PROGRESS_BAR_H_

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace gongxin::verifier {

// What is known at one moment: entries checked, export bytes behind them,
// and the export's size (0 when unknown, e.g. a pipe). The export does not
// say how many entries it holds until its end, so the total is estimated
// from the bytes.
struct ProgressSnapshot {
  uint64_t entries = 0;
  uint64_t bytes = 0;
  uint64_t total_bytes = 0;
  double elapsed_seconds = 0;
};

// FormatProgress renders one snapshot: with a known total, a 30-cell bar, the
// percentage, entries done / estimated total, the rate and the ETA; without
// one, entries and rate only. `bar` false gives the plain line.
std::string FormatProgress(const ProgressSnapshot& s, bool bar);

// ProgressBar throttles FormatProgress onto a stream: a terminal is redrawn
// in place at most 5 times a second; anything else gets a line every
// `plain_interval`. Not thread-safe (the verifier reports from one thread).
class ProgressBar {
 public:
  ProgressBar(std::ostream& out, bool tty, uint64_t total_bytes,
              std::chrono::milliseconds plain_interval = std::chrono::seconds(5));
  // Update may be called as often as wanted.
  void Update(uint64_t entries, uint64_t bytes);
  // Finish draws the last state Update was given and ends the line.
  void Finish();

 private:
  void Draw(uint64_t entries, uint64_t bytes);

  std::ostream& out_;
  const bool tty_;
  const uint64_t total_bytes_;
  const std::chrono::steady_clock::duration interval_;
  const std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  uint64_t entries_ = 0;
  uint64_t bytes_ = 0;
};

}  // namespace gongxin::verifier

#endif  // GONGXIN_VERIFIER_PROGRESS_BAR_H_
