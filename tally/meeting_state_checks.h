// Small checks the files of MeetingState (meeting_state*.cc) share: the bit
// of a form in a check-in's mask and the exact size of a byte field.
#ifndef GONGXIN_TALLY_MEETING_STATE_CHECKS_H_
#define GONGXIN_TALLY_MEETING_STATE_CHECKS_H_

#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

namespace gongxin::tally {

// The bit of the form at `form_position` in spec.forms.
inline uint64_t FormBit(int form_position) { return uint64_t{1} << form_position; }

// INVALID_ARGUMENT naming `path` unless `bytes` is exactly `size` bytes long.
inline absl::Status RequireSize(absl::string_view path, absl::string_view bytes, size_t size) {
  if (bytes.size() == size) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrFormat("%s: must be %d bytes (got %d)", path, size, bytes.size()));
}

}  // namespace gongxin::tally

#endif  // GONGXIN_TALLY_MEETING_STATE_CHECKS_H_
