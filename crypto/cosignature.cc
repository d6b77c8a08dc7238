#include "crypto/cosignature.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "crypto/checkpoint.h"
#include "crypto/encoding.h"
#include "crypto/signed_note.h"
#include "util/status_macros.h"

namespace gongxin::crypto {
namespace {

std::string BigEndian64(uint64_t value) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i, value >>= 8) out[i] = static_cast<char>(value);
  return out;
}

// VerifyCosignatureBytes checks a cosignature/v1 signature (after the key ID)
// by `public_key` over `checkpoint_text`.
absl::Status VerifyCosignatureBytes(const Ed25519PublicKey& public_key,
                                    absl::string_view checkpoint_text,
                                    absl::string_view signature) {
  ASSIGN_OR_RETURN(uint64_t timestamp, CosignatureTimestamp(signature));
  return public_key.Verify(CosignedMessage(checkpoint_text, timestamp),
                           signature.substr(8));
}

}  // namespace

uint32_t CosignerKeyId(absl::string_view name,
                       absl::string_view ed25519_public_key) {
  return NoteKeyIdOfType(name, kCosignatureV1SignatureType,
                         ed25519_public_key);
}

absl::StatusOr<std::string> CosignerVerifierKeyString(
    absl::string_view name, absl::string_view ed25519_public_key) {
  if (ed25519_public_key.size() != kEd25519PublicKeySize) {
    return absl::InvalidArgumentError(absl::StrCat(
        "Ed25519 public key must be ", kEd25519PublicKeySize, " bytes, got ",
        ed25519_public_key.size()));
  }
  return VerifierKeyStringOfType(name, kCosignatureV1SignatureType,
                                 ed25519_public_key);
}

absl::StatusOr<Cosigner> ParseCosignerVerifierKey(absl::string_view vkey) {
  ASSIGN_OR_RETURN(DecodedVerifierKey decoded, DecodeVerifierKey(vkey));
  if (decoded.signature_type != kCosignatureV1SignatureType) {
    return absl::InvalidArgumentError(absl::StrCat(
        "verifier key has signature type ",
        HexEncode(std::string(1, static_cast<char>(decoded.signature_type))),
        " (hex), expected 04 (cosignature/v1)"));
  }
  ASSIGN_OR_RETURN(Ed25519PublicKey key,
                   Ed25519PublicKey::FromRaw(decoded.public_key));
  return Cosigner{std::move(decoded.name), std::move(key)};
}

std::string CosignedMessage(absl::string_view checkpoint_text,
                            uint64_t timestamp) {
  return absl::StrCat("cosignature/v1\ntime ", timestamp, "\n",
                      checkpoint_text);
}

absl::StatusOr<std::string> SignCosignature(absl::string_view checkpoint_text,
                                            absl::string_view name,
                                            const Ed25519PrivateKey& key,
                                            uint64_t timestamp) {
  RETURN_IF_ERROR(ParseCheckpoint(checkpoint_text).status());
  if (timestamp > kMaxCosignatureTimestamp) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cosignature timestamp ", timestamp, " exceeds 2^63 - 1"));
  }
  ASSIGN_OR_RETURN(std::string signature,
                   key.Sign(CosignedMessage(checkpoint_text, timestamp)));
  return FormatNoteSignatureLine(
      {std::string(name), CosignerKeyId(name, key.public_key().raw()),
       absl::StrCat(BigEndian64(timestamp), signature)});
}

absl::StatusOr<NoteVerifier> CosignatureNoteVerifier(const Cosigner& cosigner) {
  return NoteVerifier::FromFunction(
      cosigner.name, CosignerKeyId(cosigner.name, cosigner.public_key.raw()),
      [key = cosigner.public_key](absl::string_view text,
                                  absl::string_view signature) {
        return VerifyCosignatureBytes(key, text, signature);
      });
}

absl::StatusOr<uint64_t> CosignatureTimestamp(absl::string_view signature) {
  if (signature.size() != kCosignatureV1Size) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cosignature/v1 signature must be ", kCosignatureV1Size,
        " bytes, got ", signature.size()));
  }
  uint64_t timestamp = 0;
  for (int i = 0; i < 8; ++i) {
    timestamp = (timestamp << 8) | static_cast<uint8_t>(signature[i]);
  }
  if (timestamp > kMaxCosignatureTimestamp) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cosignature timestamp ", timestamp, " exceeds 2^63 - 1"));
  }
  return timestamp;
}

absl::StatusOr<uint64_t> VerifyCosignature(absl::string_view checkpoint_text,
                                           absl::string_view signature_line,
                                           const Cosigner& cosigner) {
  ASSIGN_OR_RETURN(NoteSignature signature,
                   ParseNoteSignatureLine(signature_line));
  const uint32_t key_id =
      CosignerKeyId(cosigner.name, cosigner.public_key.raw());
  if (signature.name != cosigner.name || signature.key_id != key_id) {
    return absl::UnauthenticatedError(absl::StrCat(
        "cosignature is by ", NoteKeyLabel(signature.name, signature.key_id),
        ", expected cosigner ", NoteKeyLabel(cosigner.name, key_id)));
  }
  RETURN_IF_ERROR(VerifyCosignatureBytes(cosigner.public_key, checkpoint_text,
                                         signature.signature));
  return CosignatureTimestamp(signature.signature);
}

}  // namespace gongxin::crypto
