// Receipts as voters and kiosks hold them: the lines `gongxin kiosk cast`
// prints ("receipt <word>", "anonymous-receipt <word>") or bare words, read
// into the receipts an export must include (VerifyOptions).
#ifndef GONGXIN_VERIFIER_RECEIPTS_H_
#define GONGXIN_VERIFIER_RECEIPTS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "verifier/verifier.h"

namespace gongxin::verifier {

// Adds each receipt in `text` (one per line, blank lines ignored) to
// `options`. A bare word is a named receipt if it reads as one with a
// position past the genesis entry, else an anonymous one. INVALID_ARGUMENT
// naming "receipt" for a line that is neither.
absl::Status ParseReceipts(absl::string_view text, VerifyOptions* options);

}  // namespace gongxin::verifier

#endif  // GONGXIN_VERIFIER_RECEIPTS_H_
