// How a gongxin command says it failed: the status code and message on one
// line, for scripts, and on the next a line in the command line's language
// that says what to do about it. Every verb prints its refusals this way.
#ifndef GONGXIN_CLIENT_REFUSAL_H_
#define GONGXIN_CLIENT_REFUSAL_H_

#include "absl/status/status.h"

namespace gongxin::client {

// What to do after a refusal with `code`, in the command line's language
// (util/cli_lang.h).
const char* NextStep(absl::StatusCode code);

// Returns 0 for an OK `s`; otherwise prints
//   gongxin: CODE: message
//   gongxin: <NextStep(code)>
// on stderr and returns 1, the exit code of a refused or failed command.
int ReportRefusal(const absl::Status& s);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_REFUSAL_H_
