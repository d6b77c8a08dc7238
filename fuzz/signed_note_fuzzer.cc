// Feeds: signed notes (c2sp.org/signed-note) and their parts to
// crypto/signed_note.h. Byte 0 (mod 4) chooses:
//   0  the rest is a note: OpenNote with the server's, a log's and a
//      witness's keys (fuzz/note_keys.h); an opened checkpoint text is parsed;
//   1  the rest is a text: SignNote by the log key, then OpenNote;
//   2  the rest is a verifier key: DecodeVerifierKey, ParseVerifierKey,
//      ParseCosignerVerifierKey;
//   3  the rest is one signature line: ParseNoteSignatureLine.
// Must hold: no crash, no hang, no sanitizer report; and
//   - an opened note starts with its text, which passes CheckNoteText, and
//     every verified signature is by a known key;
//   - OpenNote(SignNote(t)) opens with text t and one verified signature;
//   - a parsed verifier key formats back to a key that parses the same;
//   - a parsed signature line formats back to exactly the same bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/match.h"
#include "crypto/checkpoint.h"
#include "fuzz/note_keys.h"

namespace {

using namespace gongxin;  // NOLINT: a fuzz target's few lines

void OpenAny(absl::string_view note) {
  const fuzz::NoteKeys& keys = fuzz::Keys();
  absl::StatusOr<crypto::OpenedNote> opened = crypto::OpenNote(note, keys.known);
  if (!opened.ok()) return;
  FUZZ_CHECK(!opened->verified.empty(), "OpenNote succeeded with no verified signature");
  FUZZ_CHECK(absl::StartsWith(note, opened->text), "the opened text is not the note's start");
  FUZZ_CHECK(crypto::CheckNoteText(opened->text).ok(), "the opened text is not a note text");
  for (const crypto::NoteSignature& s : opened->verified) {
    bool known = false;
    for (const crypto::NoteVerifier& v : keys.known) {
      known = known || (v.name() == s.name && v.key_id() == s.key_id);
    }
    FUZZ_CHECK(known, "a verified signature is by no known key: " + s.name);
  }
  (void)crypto::ParseCheckpoint(opened->text);
}

void SignAndOpen(absl::string_view text) {
  const fuzz::NoteKeys& keys = fuzz::Keys();
  absl::StatusOr<std::string> note = crypto::SignNote(text, fuzz::kLogName, keys.log);
  if (!note.ok()) return;
  absl::StatusOr<crypto::OpenedNote> opened = crypto::OpenNote(*note, {keys.log_verifier});
  FUZZ_CHECK(opened.ok(), "a note just signed does not open: " + opened.status().ToString());
  FUZZ_CHECK(opened->text == text, "a note just signed opens to another text");
  FUZZ_CHECK(opened->verified.size() == 1 && opened->unverified.empty(),
             "a note just signed has other than one verified signature");
}

void ParseKey(absl::string_view vkey) {
  (void)crypto::DecodeVerifierKey(vkey);
  if (absl::StatusOr<crypto::NoteVerifier> v = crypto::ParseVerifierKey(vkey); v.ok()) {
    absl::StatusOr<crypto::DecodedVerifierKey> decoded = crypto::DecodeVerifierKey(vkey);
    FUZZ_CHECK(decoded.ok(), "ParseVerifierKey accepts what DecodeVerifierKey refuses");
    absl::StatusOr<std::string> again =
        crypto::VerifierKeyString(decoded->name, decoded->public_key);
    FUZZ_CHECK(again.ok(), "a parsed verifier key does not format: " + again.status().ToString());
    absl::StatusOr<crypto::NoteVerifier> reparsed = crypto::ParseVerifierKey(*again);
    FUZZ_CHECK(reparsed.ok() && reparsed->name() == v->name() && reparsed->key_id() == v->key_id(),
               "a formatted verifier key parses differently");
  }
  if (absl::StatusOr<crypto::Cosigner> c = crypto::ParseCosignerVerifierKey(vkey); c.ok()) {
    absl::StatusOr<std::string> again =
        crypto::CosignerVerifierKeyString(c->name, c->public_key.raw());
    FUZZ_CHECK(again.ok(), "a parsed cosigner key does not format: " + again.status().ToString());
    absl::StatusOr<crypto::Cosigner> reparsed = crypto::ParseCosignerVerifierKey(*again);
    FUZZ_CHECK(reparsed.ok() && reparsed->name == c->name &&
                   reparsed->public_key.raw() == c->public_key.raw(),
               "a formatted cosigner key parses differently");
  }
}

void ParseLine(absl::string_view line) {
  absl::StatusOr<crypto::NoteSignature> parsed = crypto::ParseNoteSignatureLine(line);
  if (!parsed.ok()) return;
  absl::StatusOr<std::string> again = crypto::FormatNoteSignatureLine(*parsed);
  FUZZ_CHECK(again.ok(), "a parsed signature line does not format: " + again.status().ToString());
  FUZZ_CHECK(*again == line, "a parsed signature line formats to other bytes: " + *again);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Dispatch(data, size, {OpenAny, SignAndOpen, ParseKey, ParseLine});
  return 0;
}
