// Feeds: the bytes of a meeting spec file, YAML or JSON (JSON is read by the
// same YAML parser), to client::LoadMeetingSpec, with the sample meeting's
// roll (deploy/sample/voters.csv) given in place of the spec's `roll:`; a
// spec that loads then goes through tally::ValidateSpec, the server's
// check of every spec, and tally::Counter, which must cope with any spec
// that check passes.
// Must hold: no crash, no hang, no sanitizer report, and no exception out
// of the loader (yaml-cpp throws; LoadMeetingSpec must turn every throw
// into a status — an escaping exception aborts the run).
#include <cstddef>
#include <cstdint>

#include "client/spec_loader.h"
#include "fuzz/fuzz_support.h"
#include "tally/count.h"
#include "tally/spec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static gongxin::fuzz::MemoryFile* spec_file = new gongxin::fuzz::MemoryFile("spec.yaml");
  static const std::string* roll_path = [] {
    auto* roll = new gongxin::fuzz::MemoryFile("voters.csv");
    return &roll->Write(gongxin::fuzz::ReadSourceFile("deploy/sample/voters.csv"));
  }();
  const std::string& spec_path = spec_file->Write(gongxin::fuzz::AsView(data, size));
  absl::StatusOr<gongxin::client::LoadedMeeting> loaded =
      gongxin::client::LoadMeetingSpec(spec_path, *roll_path);
  if (!loaded.ok()) return 0;
  if (!gongxin::tally::ValidateSpec(loaded->spec).ok()) return 0;
  gongxin::tally::Counter counter(loaded->spec);
  (void)counter.Tally("fuzz", 0, gongxin::tally::TurnoutFigures{});
  return 0;
}
