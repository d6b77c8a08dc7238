// Feeds: the bytes of a roll file to client::ParseRollCsv (libcsv underneath).
// Must hold: no crash, no hang, no sanitizer report; a roll that parses has
// non-empty, trimmed, control-free UTF-8 values and unique voter ids; and it
// round-trips: written back as RFC 4180 CSV (every value quoted) it parses
// to the same roll.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "client/roll_csv.h"
#include "fuzz/fuzz_support.h"
#include "google/protobuf/util/message_differencer.h"

namespace {

using gongxin::v1::Roll;
using gongxin::v1::Voter;

std::string Quoted(const std::string& value) {
  return absl::StrCat("\"", absl::StrReplaceAll(value, {{"\"", "\"\""}}), "\"");
}

void CheckValue(const std::string& value) {
  FUZZ_CHECK(!value.empty(), "an accepted value is empty");
  FUZZ_CHECK(!gongxin::client::FirstInvalidUtf8(value).has_value(),
             "an accepted value is not UTF-8: " + value);
  FUZZ_CHECK(absl::StripAsciiWhitespace(value) == value,
             "an accepted value is not trimmed: " + value);
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    FUZZ_CHECK(u >= 0x20 && u != 0x7f, "an accepted value holds a control character");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::StatusOr<Roll> roll =
      gongxin::client::ParseRollCsv(gongxin::fuzz::AsView(data, size), "fuzz.csv");
  if (!roll.ok()) return 0;
  std::set<std::string> ids;
  std::string rewritten = "voter_id,name,group\r\n";
  for (const Voter& voter : roll->voters()) {
    CheckValue(voter.id());
    CheckValue(voter.name());
    CheckValue(voter.group());
    FUZZ_CHECK(ids.insert(voter.id()).second, "duplicate voter id accepted: " + voter.id());
    absl::StrAppend(&rewritten, Quoted(voter.id()), ",", Quoted(voter.name()), ",",
                    Quoted(voter.group()), "\r\n");
  }
  absl::StatusOr<Roll> again = gongxin::client::ParseRollCsv(rewritten, "rewritten.csv");
  FUZZ_CHECK(again.ok(), "the rewritten roll does not parse: " + again.status().ToString());
  FUZZ_CHECK(google::protobuf::util::MessageDifferencer::Equals(*roll, *again),
             "the rewritten roll parses to another roll");
  return 0;
}
