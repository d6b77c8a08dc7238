#include "verifier/receipts.h"

#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "util/proto_word.h"
#include "util/status_macros.h"

namespace gongxin::verifier {

absl::Status ParseReceipts(absl::string_view text, VerifyOptions* options) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    const bool anonymous = absl::ConsumePrefix(&line, "anonymous-receipt ");
    const bool named = !anonymous && absl::ConsumePrefix(&line, "receipt ");
    if (!anonymous) {
      // A named receipt always has a position past the genesis entry; the
      // same bytes read as an anonymous receipt would not.
      absl::StatusOr<v1::Receipt> r = util::DecodeWord<v1::Receipt>("receipt", line);
      if (r.ok() && r->seq() > 0) {
        options->receipts.push_back(*std::move(r));
        continue;
      }
      if (named) return r.ok() ? absl::InvalidArgumentError("receipt: malformed") : r.status();
    }
    ASSIGN_OR_RETURN(v1::AnonymousReceipt a,
                     util::DecodeWord<v1::AnonymousReceipt>("receipt", line));
    options->anonymous_receipts.push_back(std::move(a));
  }
  return absl::OkStatus();
}

}  // namespace gongxin::verifier
