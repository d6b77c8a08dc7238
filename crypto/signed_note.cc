#include "crypto/signed_note.h"

#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "crypto/encoding.h"
#include "crypto/sha256.h"
#include "util/status_macros.h"

namespace gongxin::crypto {
namespace {

// Every signature line starts with an em dash (U+2014) and a space.
constexpr absl::string_view kSignaturePrefix = "\xE2\x80\x94 ";

// DecodeRune returns the code point of the UTF-8 sequence starting at s[i]
// and sets `size` to its length, or returns -1 if the sequence is invalid
// (truncated, overlong, a surrogate, or beyond U+10FFFF).
int32_t DecodeRune(absl::string_view s, size_t i, size_t& size) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  const uint8_t lead = byte(i);
  if (lead < 0x80) {
    size = 1;
    return lead;
  }
  size_t length;
  int32_t rune;
  int32_t smallest;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, rune = lead & 0x1F, smallest = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, rune = lead & 0x0F, smallest = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, rune = lead & 0x07, smallest = 0x10000;
  } else {
    return -1;
  }
  if (s.size() - i < length) return -1;
  for (size_t k = 1; k < length; ++k) {
    const uint8_t next = byte(i + k);
    if ((next & 0xC0) != 0x80) return -1;
    rune = (rune << 6) | (next & 0x3F);
  }
  if (rune < smallest || rune > 0x10FFFF || (rune >= 0xD800 && rune <= 0xDFFF)) {
    return -1;
  }
  size = length;
  return rune;
}

// IsUnicodeSpace reports whether `rune` has the Unicode White_Space property
// (the set Go's unicode.IsSpace, and so the reference implementation, uses).
bool IsUnicodeSpace(int32_t rune) {
  return (rune >= 0x09 && rune <= 0x0D) || rune == 0x20 || rune == 0x85 ||
         rune == 0xA0 || rune == 0x1680 || (rune >= 0x2000 && rune <= 0x200A) ||
         rune == 0x2028 || rune == 0x2029 || rune == 0x202F ||
         rune == 0x205F || rune == 0x3000;
}

// CheckUtf8WithoutControls returns OK if `s` is valid UTF-8 with no control
// character (below U+0020) other than newline.
absl::Status CheckUtf8WithoutControls(absl::string_view what,
                                      absl::string_view s) {
  for (size_t i = 0, size = 0; i < s.size(); i += size) {
    const int32_t rune = DecodeRune(s, i, size);
    if (rune < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, " is not valid UTF-8 at byte ", i));
    }
    if (rune < 0x20 && rune != '\n') {
      return absl::InvalidArgumentError(absl::StrCat(
          what, " has control character ", HexEncode(s.substr(i, 1)),
          " (hex) at byte ", i));
    }
  }
  return absl::OkStatus();
}

// DecodeCanonicalBase64 decodes standard, padded base64 (RFC 4648 §4),
// refusing any other spelling of the same bytes (missing padding, stray
// bits, whitespace), so each value has exactly one encoding.
absl::StatusOr<std::string> DecodeCanonicalBase64(absl::string_view what,
                                                  absl::string_view encoded) {
  std::string decoded;
  if (encoded.empty() || !absl::Base64Unescape(encoded, &decoded) ||
      absl::Base64Escape(decoded) != encoded) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " is not canonical standard base64"));
  }
  return decoded;
}

std::string BigEndian32(uint32_t value) {
  std::string out(4, '\0');
  for (int i = 3; i >= 0; --i, value >>= 8) out[i] = static_cast<char>(value);
  return out;
}

uint32_t ReadBigEndian32(absl::string_view bytes) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value = (value << 8) | static_cast<uint8_t>(bytes[i]);
  return value;
}

absl::Status CheckKeyName(absl::string_view name) {
  if (IsValidNoteKeyName(name)) return absl::OkStatus();
  return absl::InvalidArgumentError(
      "note key name must be non-empty UTF-8 without spaces, '+' or control "
      "characters");
}

// ParseSignatureLineBody parses a signature line without its newline.
absl::StatusOr<NoteSignature> ParseSignatureLineBody(absl::string_view line) {
  if (line.substr(0, kSignaturePrefix.size()) != kSignaturePrefix) {
    return absl::InvalidArgumentError(
        "signature line does not start with an em dash (U+2014) and a space");
  }
  line.remove_prefix(kSignaturePrefix.size());
  const size_t space = line.find(' ');
  if (space == absl::string_view::npos) {
    return absl::InvalidArgumentError(
        "signature line has no space between key name and signature");
  }
  NoteSignature signature;
  signature.name = std::string(line.substr(0, space));
  RETURN_IF_ERROR(CheckKeyName(signature.name));
  ASSIGN_OR_RETURN(std::string bytes,
                   DecodeCanonicalBase64(
                       absl::StrCat("signature by ", signature.name),
                       line.substr(space + 1)));
  if (bytes.size() < 5) {
    return absl::InvalidArgumentError(absl::StrCat(
        "signature by ", signature.name,
        " must hold a 4-byte key ID and at least 1 signature byte, got ",
        bytes.size(), " bytes"));
  }
  signature.key_id = ReadBigEndian32(bytes);
  signature.signature = bytes.substr(4);
  return signature;
}

const NoteVerifier* FindVerifier(const std::vector<NoteVerifier>& known,
                                 absl::string_view name, uint32_t key_id) {
  for (const NoteVerifier& verifier : known) {
    if (verifier.name() == name && verifier.key_id() == key_id) {
      return &verifier;
    }
  }
  return nullptr;
}

}  // namespace

std::string NoteKeyLabel(absl::string_view name, uint32_t key_id) {
  return absl::StrCat(name, "+", HexEncode(BigEndian32(key_id)));
}

bool IsValidNoteKeyName(absl::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0, size = 0; i < name.size(); i += size) {
    const int32_t rune = DecodeRune(name, i, size);
    if (rune < 0x20 || rune == '+' || IsUnicodeSpace(rune)) return false;
  }
  return true;
}

absl::Status CheckNoteText(absl::string_view text) {
  if (text.size() > kNoteMaxSize) {
    return absl::InvalidArgumentError(absl::StrCat(
        "note text is ", text.size(), " bytes, more than the limit of ",
        kNoteMaxSize));
  }
  if (text.empty() || text.back() != '\n') {
    return absl::InvalidArgumentError("note text must end in a newline");
  }
  return CheckUtf8WithoutControls("note text", text);
}

uint32_t NoteKeyIdOfType(absl::string_view name, uint8_t signature_type,
                         absl::string_view public_key) {
  const char type = static_cast<char>(signature_type);
  Sha256Hasher hasher;
  hasher.Update(name);
  hasher.Update("\n");
  hasher.Update(absl::string_view(&type, 1));
  hasher.Update(public_key);
  return ReadBigEndian32(hasher.Finish());
}

uint32_t NoteKeyId(absl::string_view name,
                   absl::string_view ed25519_public_key) {
  return NoteKeyIdOfType(name, kNoteSignatureTypeEd25519, ed25519_public_key);
}

absl::StatusOr<std::string> VerifierKeyStringOfType(
    absl::string_view name, uint8_t signature_type,
    absl::string_view public_key) {
  RETURN_IF_ERROR(CheckKeyName(name));
  if (public_key.empty()) {
    return absl::InvalidArgumentError("verifier key needs key material");
  }
  const char type = static_cast<char>(signature_type);
  return absl::StrCat(
      NoteKeyLabel(name, NoteKeyIdOfType(name, signature_type, public_key)), "+",
      absl::Base64Escape(absl::StrCat(absl::string_view(&type, 1), public_key)));
}

absl::StatusOr<std::string> VerifierKeyString(
    absl::string_view name, absl::string_view ed25519_public_key) {
  if (ed25519_public_key.size() != kEd25519PublicKeySize) {
    return absl::InvalidArgumentError(absl::StrCat(
        "Ed25519 public key must be ", kEd25519PublicKeySize, " bytes, got ",
        ed25519_public_key.size()));
  }
  return VerifierKeyStringOfType(name, kNoteSignatureTypeEd25519,
                                 ed25519_public_key);
}

absl::StatusOr<DecodedVerifierKey> DecodeVerifierKey(absl::string_view vkey) {
  // The name cannot contain '+', and the key ID is hex, so the first two
  // '+' are the separators; the base64 after them may contain more.
  const size_t plus1 = vkey.find('+');
  const size_t plus2 = plus1 == absl::string_view::npos
                           ? absl::string_view::npos
                           : vkey.find('+', plus1 + 1);
  if (plus2 == absl::string_view::npos) {
    return absl::InvalidArgumentError(
        "verifier key must be <name>+<key ID>+<key>");
  }
  DecodedVerifierKey decoded;
  decoded.name = std::string(vkey.substr(0, plus1));
  RETURN_IF_ERROR(CheckKeyName(decoded.name));
  const absl::string_view hex = vkey.substr(plus1 + 1, plus2 - plus1 - 1);
  absl::StatusOr<std::string> id_bytes = HexDecode(hex);
  if (hex.size() != 8 || !id_bytes.ok()) {
    return absl::InvalidArgumentError(
        "verifier key ID must be 8 hex digits");
  }
  decoded.key_id = ReadBigEndian32(*id_bytes);
  absl::StatusOr<std::string> key =
      DecodeCanonicalBase64("verifier key material", vkey.substr(plus2 + 1));
  if (!key.ok()) return key.status();
  if (key->size() < 2) {
    return absl::InvalidArgumentError(
        "verifier key material must hold a type byte and a key");
  }
  decoded.signature_type = static_cast<uint8_t>(key->front());
  decoded.public_key = key->substr(1);
  const uint32_t computed = NoteKeyIdOfType(
      decoded.name, decoded.signature_type, decoded.public_key);
  if (computed != decoded.key_id) {
    return absl::InvalidArgumentError(absl::StrCat(
        "verifier key ID ", HexEncode(BigEndian32(decoded.key_id)),
        " does not match the key ID ", HexEncode(BigEndian32(computed)),
        " computed from its name and key"));
  }
  return decoded;
}

absl::StatusOr<NoteVerifier> NoteVerifier::FromEd25519(
    absl::string_view name, const Ed25519PublicKey& key) {
  return FromFunction(name, NoteKeyId(name, key.raw()),
                      [key](absl::string_view text,
                            absl::string_view signature) {
                        return key.Verify(text, signature);
                      });
}

absl::StatusOr<NoteVerifier> NoteVerifier::FromFunction(
    absl::string_view name, uint32_t key_id, VerifyFunction verify) {
  RETURN_IF_ERROR(CheckKeyName(name));
  if (!verify) {
    return absl::InvalidArgumentError("note verifier needs a verify function");
  }
  return NoteVerifier(std::string(name), key_id, std::move(verify));
}

absl::StatusOr<NoteVerifier> ParseVerifierKey(absl::string_view vkey) {
  ASSIGN_OR_RETURN(DecodedVerifierKey decoded, DecodeVerifierKey(vkey));
  if (decoded.signature_type != kNoteSignatureTypeEd25519) {
    return absl::InvalidArgumentError(absl::StrCat(
        "verifier key has signature type ",
        HexEncode(std::string(1, static_cast<char>(decoded.signature_type))),
        " (hex), expected 01 (Ed25519)"));
  }
  ASSIGN_OR_RETURN(Ed25519PublicKey key,
                   Ed25519PublicKey::FromRaw(decoded.public_key));
  return NoteVerifier::FromEd25519(decoded.name, key);
}

absl::StatusOr<std::string> FormatNoteSignatureLine(
    const NoteSignature& signature) {
  RETURN_IF_ERROR(CheckKeyName(signature.name));
  if (signature.signature.empty()) {
    return absl::InvalidArgumentError("note signature is empty");
  }
  return absl::StrCat(
      kSignaturePrefix, signature.name, " ",
      absl::Base64Escape(
          absl::StrCat(BigEndian32(signature.key_id), signature.signature)),
      "\n");
}

absl::StatusOr<NoteSignature> ParseNoteSignatureLine(absl::string_view line) {
  if (line.empty() || line.back() != '\n' ||
      line.find('\n') != line.size() - 1) {
    return absl::InvalidArgumentError(
        "signature line must end in its only newline");
  }
  line.remove_suffix(1);
  return ParseSignatureLineBody(line);
}

absl::StatusOr<std::string> SignNote(absl::string_view text,
                                     absl::string_view name,
                                     const Ed25519PrivateKey& key) {
  RETURN_IF_ERROR(CheckNoteText(text));
  if (text.front() == '\n') {
    return absl::InvalidArgumentError("note text has an empty line at byte 0");
  }
  if (const size_t blank = text.find("\n\n"); blank != absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "note text has an empty line at byte ", blank + 1));
  }
  RETURN_IF_ERROR(CheckKeyName(name));
  ASSIGN_OR_RETURN(std::string signature, key.Sign(text));
  ASSIGN_OR_RETURN(std::string line,
                   FormatNoteSignatureLine(
                       {std::string(name), NoteKeyId(name, key.public_key().raw()),
                        std::move(signature)}));
  std::string note = absl::StrCat(text, "\n", line);
  if (note.size() > kNoteMaxSize) {
    return absl::InvalidArgumentError(absl::StrCat(
        "signed note would be ", note.size(), " bytes, more than the limit of ",
        kNoteMaxSize));
  }
  return note;
}

absl::StatusOr<OpenedNote> OpenNote(absl::string_view note,
                                    const std::vector<NoteVerifier>& known) {
  if (note.size() > kNoteMaxSize) {
    return absl::InvalidArgumentError(absl::StrCat(
        "note is ", note.size(), " bytes, more than the limit of ",
        kNoteMaxSize));
  }
  RETURN_IF_ERROR(CheckUtf8WithoutControls("note", note));
  for (size_t i = 0; i < known.size(); ++i) {
    if (FindVerifier(known, known[i].name(), known[i].key_id()) != &known[i]) {
      return absl::InvalidArgumentError(absl::StrCat(
          "two known verifiers are both ",
          NoteKeyLabel(known[i].name(), known[i].key_id())));
    }
  }

  // The text ends at the last blank line; signature lines follow it.
  const size_t split = note.rfind("\n\n");
  if (split == absl::string_view::npos) {
    return absl::InvalidArgumentError(
        "note has no blank line before its signatures");
  }
  OpenedNote opened;
  opened.text = std::string(note.substr(0, split + 1));
  absl::string_view lines = note.substr(split + 2);
  if (lines.empty()) {
    return absl::InvalidArgumentError("note has no signature lines");
  }
  if (lines.back() != '\n') {
    return absl::InvalidArgumentError("note does not end in a newline");
  }

  size_t count = 0;
  while (!lines.empty()) {
    const size_t newline = lines.find('\n');
    const absl::string_view line = lines.substr(0, newline);
    lines.remove_prefix(newline + 1);
    if (++count > kNoteMaxSignatures) {
      return absl::InvalidArgumentError(absl::StrCat(
          "note has more than ", kNoteMaxSignatures, " signatures"));
    }
    ASSIGN_OR_RETURN(NoteSignature signature, ParseSignatureLineBody(line));

    const NoteVerifier* verifier =
        FindVerifier(known, signature.name, signature.key_id);
    if (verifier == nullptr) {
      opened.unverified.push_back(std::move(signature));
      continue;
    }
    // Every line by a known key must verify, even a repeated one.
    if (absl::Status status = verifier->Verify(opened.text, signature.signature);
        !status.ok()) {
      const std::string key = NoteKeyLabel(signature.name, signature.key_id);
      if (status.code() == absl::StatusCode::kInvalidArgument ||
          status.code() == absl::StatusCode::kUnauthenticated) {
        return absl::UnauthenticatedError(absl::StrCat(
            "signature by known key ", key, " does not verify: ",
            status.message()));
      }
      return absl::Status(status.code(),
                          absl::StrCat("verifying the signature by ", key,
                                       ": ", status.message()));
    }
    bool repeated = false;
    for (const NoteSignature& seen : opened.verified) {
      repeated |= seen.name == signature.name && seen.key_id == signature.key_id;
    }
    if (!repeated) opened.verified.push_back(std::move(signature));
  }

  if (opened.verified.empty()) {
    std::vector<std::string> signers;
    for (const NoteSignature& s : opened.unverified) {
      signers.push_back(NoteKeyLabel(s.name, s.key_id));
    }
    return absl::UnauthenticatedError(absl::StrCat(
        "note has no signature by a known key; it is signed by ",
        absl::StrJoin(signers, ", ")));
  }
  return opened;
}

}  // namespace gongxin::crypto
