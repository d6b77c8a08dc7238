// Signed notes (https://c2sp.org/signed-note): UTF-8 text signed by one or
// more named keys. They carry the ledger's signed checkpoints (checkpoint.h)
// and witnesses' cosignatures (cosignature.h). Signing here is Ed25519 only
// (signature type 0x01); other signature types plug into OpenNote through
// NoteVerifier::FromFunction.
//
//   If you think cryptography is the answer to your problem,
//   then you don't know what your problem is.
//
//   — PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1F...
//
// The text ends in a newline; a blank line separates it from the signature
// lines, each "— <key name> base64(4-byte key ID || signature)\n".
//
// Warning: a note's text means nothing until OpenNote has verified a
// signature by a key the caller trusts; read the text from the OpenedNote it
// returns, never from the raw note.
#ifndef GONGXIN_CRYPTO_SIGNED_NOTE_H_
#define GONGXIN_CRYPTO_SIGNED_NOTE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "crypto/ed25519.h"

namespace gongxin::crypto {

// kNoteSignatureTypeEd25519 is the signed-note signature type byte of plain
// Ed25519 signatures over the note text.
inline constexpr uint8_t kNoteSignatureTypeEd25519 = 0x01;
// kNoteMaxSize is the largest note, in bytes, that OpenNote accepts and
// SignNote produces.
inline constexpr size_t kNoteMaxSize = 1 << 20;
// kNoteMaxSignatures is the most signature lines OpenNote accepts in one note
// (the spec requires at least 16; Go's sumdb/note allows 100).
inline constexpr size_t kNoteMaxSignatures = 100;

// IsValidNoteKeyName reports whether `name` may name a note key: non-empty,
// valid UTF-8, and free of Unicode spaces, '+' and control characters.
bool IsValidNoteKeyName(absl::string_view name);

// CheckNoteText returns OK if `text` may be the text of a signed note: it
// ends in '\n', is valid UTF-8, has no control character other than '\n',
// and is at most kNoteMaxSize bytes. Errors: INVALID_ARGUMENT saying which
// rule is broken and at which byte offset.
absl::Status CheckNoteText(absl::string_view text);

// NoteKeyLabel spells a key as "<name>+<key id in 8 hex digits>", as the
// errors of note and cosignature checks name it.
std::string NoteKeyLabel(absl::string_view name, uint32_t key_id);

// NoteKeyIdOfType returns the recommended key ID of a signed-note key:
// the first 4 bytes, big-endian, of
// SHA-256(name || 0x0A || signature_type || public_key).
uint32_t NoteKeyIdOfType(absl::string_view name, uint8_t signature_type,
                         absl::string_view public_key);

// NoteKeyId returns the key ID of the Ed25519 note key named `name` with the
// 32-byte RFC 8032 public key `ed25519_public_key`:
// NoteKeyIdOfType(name, kNoteSignatureTypeEd25519, ed25519_public_key).
uint32_t NoteKeyId(absl::string_view name,
                   absl::string_view ed25519_public_key);

// VerifierKeyStringOfType returns the verifier key ("vkey")
// "<name>+<8 lowercase hex digits of the key ID>+base64(type || public_key)".
// Errors: INVALID_ARGUMENT if `name` is not IsValidNoteKeyName or
// `public_key` is empty.
absl::StatusOr<std::string> VerifierKeyStringOfType(
    absl::string_view name, uint8_t signature_type,
    absl::string_view public_key);

// VerifierKeyString returns the verifier key of the Ed25519 note key named
// `name`, e.g. "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW".
// Errors: INVALID_ARGUMENT if `name` is not IsValidNoteKeyName or
// `ed25519_public_key` is not kEd25519PublicKeySize bytes.
absl::StatusOr<std::string> VerifierKeyString(
    absl::string_view name, absl::string_view ed25519_public_key);

// DecodedVerifierKey is the content of a verifier key of any signature type.
struct DecodedVerifierKey {
  std::string name;
  uint32_t key_id = 0;
  uint8_t signature_type = 0;
  std::string public_key;  // the key material after the type byte
};

// DecodeVerifierKey splits a verifier key into its parts, for signature
// types defined elsewhere (see cosignature.h). Errors: INVALID_ARGUMENT if
// it is not "<name>+<8 hex digits>+<canonical base64 of at least 2 bytes>"
// with a valid name, or if the key ID is not NoteKeyIdOfType of the rest.
absl::StatusOr<DecodedVerifierKey> DecodeVerifierKey(absl::string_view vkey);

// NoteVerifier checks signatures by one note key, identified by its name and
// key ID. Copyable; Verify is safe to call from many threads if its verify
// function is.
class NoteVerifier {
 public:
  // VerifyFunction returns OK if `signature` (the bytes after the key ID) is
  // a valid signature of note text `text`; INVALID_ARGUMENT or
  // UNAUTHENTICATED if it is not.
  using VerifyFunction = std::function<absl::Status(
      absl::string_view text, absl::string_view signature)>;

  // FromEd25519 returns the verifier of plain Ed25519 signatures (type 0x01)
  // by `key` under `name`, with key ID NoteKeyId(name, key.raw()).
  // Errors: INVALID_ARGUMENT if `name` is not IsValidNoteKeyName.
  static absl::StatusOr<NoteVerifier> FromEd25519(absl::string_view name,
                                                  const Ed25519PublicKey& key);

  // FromFunction returns a verifier for a signature type defined on top of
  // signed notes, such as cosignature/v1 (cosignature.h).
  // Errors: INVALID_ARGUMENT if `name` is not IsValidNoteKeyName or `verify`
  // is empty.
  static absl::StatusOr<NoteVerifier> FromFunction(absl::string_view name,
                                                   uint32_t key_id,
                                                   VerifyFunction verify);

  // name returns the key name that signature lines must carry.
  const std::string& name() const { return name_; }
  // key_id returns the key ID that signature lines must carry.
  uint32_t key_id() const { return key_id_; }

  // Verify returns the verify function's verdict on `signature` over `text`.
  absl::Status Verify(absl::string_view text,
                      absl::string_view signature) const {
    return verify_(text, signature);
  }

 private:
  NoteVerifier(std::string name, uint32_t key_id, VerifyFunction verify)
      : name_(std::move(name)), key_id_(key_id), verify_(std::move(verify)) {}

  std::string name_;
  uint32_t key_id_;
  VerifyFunction verify_;
};

// ParseVerifierKey returns the verifier for an Ed25519 verifier key (as made
// by VerifierKeyString). Errors: INVALID_ARGUMENT if DecodeVerifierKey
// fails, the signature type is not kNoteSignatureTypeEd25519, or the key is
// not a valid 32-byte Ed25519 public key.
absl::StatusOr<NoteVerifier> ParseVerifierKey(absl::string_view vkey);

// NoteSignature is one signature line of a note.
struct NoteSignature {
  std::string name;
  uint32_t key_id = 0;
  std::string signature;  // raw signature bytes, after the key ID
};

// FormatNoteSignatureLine returns the signature line
// "— <name> base64(key ID || signature)\n" (em dash U+2014, then a space).
// Errors: INVALID_ARGUMENT if the name is not IsValidNoteKeyName or the
// signature is empty.
absl::StatusOr<std::string> FormatNoteSignatureLine(
    const NoteSignature& signature);

// ParseNoteSignatureLine parses one signature line, including its final
// '\n', as produced by FormatNoteSignatureLine. It checks the syntax only;
// nothing is verified. Errors: INVALID_ARGUMENT if the line is malformed
// (no em dash prefix, invalid name, non-canonical base64, fewer than 5
// bytes, no single trailing newline).
absl::StatusOr<NoteSignature> ParseNoteSignatureLine(absl::string_view line);

// SignNote returns the signed note: `text`, a blank line, and the signature
// line of `key` under `name`. Signing is deterministic.
// Requires `text` to pass CheckNoteText and to contain no empty line (the
// spec allows empty lines; gongxin's notes never need them, and refusing them
// keeps every note unambiguous to every parser).
// Errors: INVALID_ARGUMENT if `text` or `name` is invalid or the note would
// exceed kNoteMaxSize; INTERNAL if signing fails.
absl::StatusOr<std::string> SignNote(absl::string_view text,
                                     absl::string_view name,
                                     const Ed25519PrivateKey& key);

// OpenedNote is a note whose signatures OpenNote has checked.
struct OpenedNote {
  // text is the signed text, including its final newline.
  std::string text;
  // verified holds one signature per known key that signed the text, in
  // note order. Never empty.
  std::vector<NoteSignature> verified;
  // unverified holds the signatures by keys not in `known`, in note order;
  // they were not checked and prove nothing.
  std::vector<NoteSignature> unverified;
};

// OpenNote parses `note` and verifies its signatures by the `known` keys.
// A signature line whose name and key ID both match a known key must
// verify; lines that match neither or only one are kept, unchecked, in
// `unverified`. The text is everything up to the last blank line.
// Returns the opened note if at least one known key signed it and no known
// key's signature failed. Errors: INVALID_ARGUMENT if the note is malformed
// (larger than kNoteMaxSize, not UTF-8, a control character, no blank line
// before the signatures, a bad signature line, more than kNoteMaxSignatures
// lines) or if two `known` verifiers share a name and key ID;
// UNAUTHENTICATED if a known key's signature does not verify (naming the
// key), or if no signature is by a known key. Errors other than
// INVALID_ARGUMENT and UNAUTHENTICATED from a verify function pass through.
absl::StatusOr<OpenedNote> OpenNote(absl::string_view note,
                                    const std::vector<NoteVerifier>& known);

}  // namespace gongxin::crypto

#endif  // GONGXIN_CRYPTO_SIGNED_NOTE_H_
