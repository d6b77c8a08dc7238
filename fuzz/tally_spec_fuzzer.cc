// Feeds: a meeting spec as the server receives it (CreateMeeting's
// MeetingSpec) to tally::ValidateSpec; a spec that passes is then used as
// ValidateSpec promises it may be: tally::Roll::Create with the sample roll,
// tally::Counter, and ClassifyBallot of a ballot for each form.
// Byte 0, bit 7 set: the rest is a MeetingSpec in protobuf wire format.
// Clear: protobuf text format, a MeetingSpec, then optionally a line "#ballot"
// and a Ballot (filled in for every form, its form_id replaced).
// Must hold: no crash, no hang, no sanitizer report; no step after a passing
// ValidateSpec may crash whatever the spec.
#include <cstddef>
#include <cstdint>
#include <string>

#include "client/roll_csv.h"
#include "fuzz/tally_fuzz.h"
#include "tally/roll.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* sample_roll = new gongxin::v1::Roll(gongxin::fuzz::Require(
      gongxin::client::LoadRollCsv(gongxin::fuzz::SourcePath("deploy/sample/voters.csv")),
      "sample roll"));
  const gongxin::fuzz::Selected input = gongxin::fuzz::Select(data, size);
  const bool binary = (input.selector & 0x80) != 0;
  absl::string_view spec_text = input.rest;
  absl::string_view ballot_text;
  if (!binary) {
    const size_t split = spec_text.find("\n#ballot\n");
    if (split != absl::string_view::npos) {
      ballot_text = spec_text.substr(split + 9);
      spec_text = spec_text.substr(0, split + 1);
    }
  }
  gongxin::v1::MeetingSpec spec;
  if (!gongxin::fuzz::ParseMessage(spec_text, binary, &spec)) return 0;
  if (!gongxin::tally::ValidateSpec(spec).ok()) return 0;
  (void)gongxin::tally::Roll::Create(*sample_roll, spec);
  gongxin::v1::Ballot ballot;
  if (!gongxin::fuzz::ParseMessage(ballot_text, false, &ballot)) return 0;
  for (int form = 0; form < spec.forms_size(); ++form) {
    ballot.set_form_id(spec.forms(form).id());
    gongxin::fuzz::ClassifyAndCount(spec, form, ballot);
  }
  return 0;
}
