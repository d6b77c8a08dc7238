// Feeds: a filled ballot to tally::ClassifyBallot against one of the fixed
// forms of the sample meeting (deploy/sample/meeting.yaml: approval and
// graded questions) and of fuzz/corpus/spec_loader/kinds.yaml (decision,
// element, checklist). Byte 0 chooses the form (low 7 bits) and the
// encoding: bit 7 set, protobuf wire format (what the server receives);
// clear, protobuf text format (what the seeds are written in). A ballot with
// no form_id gets the chosen form's, so the fuzzer need not find it.
// Must hold: no crash, no hang, no sanitizer report; an accepted ballot has
// one status per question and is counted by tally::Counter.
#include <cstddef>
#include <cstdint>

#include "fuzz/tally_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& specs = gongxin::fuzz::SampleSpecs();
  const gongxin::fuzz::Selected input = gongxin::fuzz::Select(data, size);
  int form = input.selector & 0x7f;
  for (const gongxin::v1::MeetingSpec& spec : specs) {
    if (form >= spec.forms_size()) {
      form -= spec.forms_size();
      continue;
    }
    gongxin::v1::Ballot ballot;
    if (!gongxin::fuzz::ParseMessage(input.rest, (input.selector & 0x80) != 0, &ballot)) {
      return 0;
    }
    if (ballot.form_id().empty()) ballot.set_form_id(spec.forms(form).id());
    gongxin::fuzz::ClassifyAndCount(spec, form, ballot);
    return 0;
  }
  return 0;
}
