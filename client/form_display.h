// The ballot as a voter sees it at the kiosk (`gongxin kiosk form`): each
// question laid out for its kind — a recommendation list with its write-in
// line, a grading grid, the D4 decision table (no write-in), the elements
// with their pool, the checklist items per subject — with the flag that
// answers it. Chinese by default, English with --lang en.
#ifndef GONGXIN_CLIENT_FORM_DISPLAY_H_
#define GONGXIN_CLIENT_FORM_DISPLAY_H_

#include <string>

#include "gongxin/v1/meeting.pb.h"

namespace gongxin::client {

// FormatForm renders `form` for a voter; `english` picks the language of the
// instructions (names and labels are shown as the spec writes them).
std::string FormatForm(const v1::Form& form, bool english);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_FORM_DISPLAY_H_
