// Feeds: checkpoint texts (c2sp.org/tlog-checkpoint) and witness
// cosignatures (c2sp.org/tlog-cosignature) to crypto/checkpoint.h and
// crypto/cosignature.h. Byte 0 (mod 3) chooses:
//   0  the rest is a checkpoint text: ParseCheckpoint; a checkpoint that
//      parses is signed by the log key, cosigned by the witness key and
//      opened with both (fuzz/note_keys.h);
//   1  the rest is "<checkpoint text>\n<signature line>": VerifyCosignature
//      by the witness;
//   2  the rest is a cosignature's raw bytes: CosignatureTimestamp.
// Must hold: no crash, no hang, no sanitizer report; and
//   - ParseCheckpoint is strict, so it round-trips to the same bytes:
//     FormatCheckpoint(ParseCheckpoint(t)) == t;
//   - a checkpoint signed and cosigned here opens with both signatures
//     verified, and VerifyCosignature returns the time it was made at.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "crypto/checkpoint.h"
#include "fuzz/note_keys.h"

namespace {

using namespace gongxin;  // NOLINT: a fuzz target's few lines

void ParseSignCosign(absl::string_view text) {
  absl::StatusOr<crypto::Checkpoint> parsed = crypto::ParseCheckpoint(text);
  if (!parsed.ok()) return;
  absl::StatusOr<std::string> again = crypto::FormatCheckpoint(*parsed);
  FUZZ_CHECK(again.ok(), "a parsed checkpoint does not format: " + again.status().ToString());
  FUZZ_CHECK(*again == text, "a parsed checkpoint formats to other bytes: " + *again);
  const fuzz::NoteKeys& keys = fuzz::Keys();
  absl::StatusOr<std::string> note = crypto::SignNote(text, fuzz::kLogName, keys.log);
  if (!note.ok()) return;  // e.g. a text SignNote refuses (an empty line)
  absl::StatusOr<std::string> line =
      crypto::SignCosignature(text, fuzz::kWitnessName, keys.witness, fuzz::kCosignTime);
  FUZZ_CHECK(line.ok(), "a parsed checkpoint cannot be cosigned: " + line.status().ToString());
  absl::StatusOr<crypto::OpenedNote> opened =
      crypto::OpenNote(absl::StrCat(*note, *line), {keys.log_verifier, keys.witness_verifier});
  FUZZ_CHECK(opened.ok() && opened->verified.size() == 2,
             "a signed and cosigned checkpoint does not open with both signatures");
  absl::StatusOr<uint64_t> time = crypto::VerifyCosignature(text, *line, keys.cosigner);
  FUZZ_CHECK(time.ok() && *time == fuzz::kCosignTime, "a fresh cosignature does not verify");
}

void VerifyCosignature(absl::string_view input) {
  // The checkpoint text ends at the first empty line, as in a note.
  const size_t blank = input.find("\n\n");
  if (blank == absl::string_view::npos) return;
  (void)crypto::VerifyCosignature(input.substr(0, blank + 1), input.substr(blank + 2),
                                  fuzz::Keys().cosigner);
}

void ReadTimestamp(absl::string_view signature) {
  (void)crypto::CosignatureTimestamp(signature);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Dispatch(data, size, {ParseSignCosign, VerifyCosignature, ReadTimestamp});
  return 0;
}
