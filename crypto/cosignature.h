// Witness cosignatures of checkpoints (https://c2sp.org/tlog-cosignature),
// the Ed25519 "cosignature/v1" type (signed-note signature type 0x04). A
// cosigner (witness) signs a checkpoint only after checking it is consistent
// with every earlier checkpoint of the log it has seen; clients that require
// a quorum of cosignatures cannot be shown a split view of the ledger.
//
// A cosignature is an ordinary note signature line whose signature bytes are
//
//   timestamp (8 bytes, big-endian POSIX seconds) || Ed25519 signature (64)
//
// and the Ed25519 signature covers
//
//   "cosignature/v1\ntime <timestamp in decimal>\n" || checkpoint note text.
//
// The key ID is SHA-256(name || 0x0A || 0x04 || public key)[:4], so a
// cosigner key never verifies plain (type 0x01) note signatures or the other
// way round. The signed message does not include the cosigner's name: give
// each cosigner its own key.
#ifndef GONGXIN_CRYPTO_COSIGNATURE_H_
#define GONGXIN_CRYPTO_COSIGNATURE_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "crypto/ed25519.h"
#include "crypto/signed_note.h"

namespace gongxin::crypto {

// kCosignatureV1SignatureType is the signed-note signature type byte of
// cosignature/v1.
inline constexpr uint8_t kCosignatureV1SignatureType = 0x04;
// kCosignatureV1Size is the length in bytes of a cosignature/v1 signature,
// after the key ID: an 8-byte timestamp and an Ed25519 signature.
inline constexpr size_t kCosignatureV1Size = 8 + kEd25519SignatureSize;
// kMaxCosignatureTimestamp is the largest timestamp the spec allows, 2^63 - 1.
inline constexpr uint64_t kMaxCosignatureTimestamp = (uint64_t{1} << 63) - 1;

// CosignerKeyId returns the key ID of the cosigner named `name` with the
// 32-byte Ed25519 public key `ed25519_public_key`:
// NoteKeyIdOfType(name, kCosignatureV1SignatureType, ed25519_public_key).
uint32_t CosignerKeyId(absl::string_view name,
                       absl::string_view ed25519_public_key);

// CosignerVerifierKeyString returns the cosigner's verifier key,
// "<name>+<key ID hex>+base64(0x04 || public key)".
// Errors: INVALID_ARGUMENT if `name` is not IsValidNoteKeyName or the key is
// not kEd25519PublicKeySize bytes.
absl::StatusOr<std::string> CosignerVerifierKeyString(
    absl::string_view name, absl::string_view ed25519_public_key);

// Cosigner is a cosigner's identity as a client trusts it.
struct Cosigner {
  std::string name;
  Ed25519PublicKey public_key;
};

// ParseCosignerVerifierKey parses a cosigner verifier key as made by
// CosignerVerifierKeyString. Errors: INVALID_ARGUMENT if DecodeVerifierKey
// fails, the signature type is not 0x04, or the key is not a valid Ed25519
// public key.
absl::StatusOr<Cosigner> ParseCosignerVerifierKey(absl::string_view vkey);

// CosignedMessage returns the message a cosigner signs for
// `checkpoint_text` at `timestamp`:
// "cosignature/v1\ntime <timestamp>\n" followed by checkpoint_text.
std::string CosignedMessage(absl::string_view checkpoint_text,
                            uint64_t timestamp);

// SignCosignature returns the signature line ("— <name> <base64>\n") by
// which `key`, under `name`, cosigns the checkpoint note text
// `checkpoint_text` at `timestamp` (POSIX seconds). Append it to the signed
// checkpoint note. Requires the caller to have verified that the checkpoint
// is consistent with every earlier checkpoint it cosigned for that origin.
// Errors: INVALID_ARGUMENT if `checkpoint_text` is not a valid checkpoint
// (ParseCheckpoint), `name` is invalid, or timestamp >
// kMaxCosignatureTimestamp; INTERNAL if signing fails.
absl::StatusOr<std::string> SignCosignature(absl::string_view checkpoint_text,
                                            absl::string_view name,
                                            const Ed25519PrivateKey& key,
                                            uint64_t timestamp);

// CosignatureNoteVerifier returns the verifier of cosignature/v1 signatures
// by `cosigner`, for OpenNote: a checkpoint note can then be opened with the
// log's key and its witnesses' keys together. Read the timestamp of a
// verified cosignature with CosignatureTimestamp.
// Errors: INVALID_ARGUMENT if the cosigner's name is invalid.
absl::StatusOr<NoteVerifier> CosignatureNoteVerifier(const Cosigner& cosigner);

// CosignatureTimestamp returns the timestamp of a cosignature/v1 signature
// (NoteSignature::signature). It does not verify anything.
// Errors: INVALID_ARGUMENT unless `signature` is kCosignatureV1Size bytes
// with a timestamp <= kMaxCosignatureTimestamp.
absl::StatusOr<uint64_t> CosignatureTimestamp(absl::string_view signature);

// VerifyCosignature checks that `signature_line` (with its final '\n') is
// `cosigner`'s cosignature of the checkpoint note text `checkpoint_text`, and
// returns the time at which it was made.
// Errors: INVALID_ARGUMENT if the line is malformed or its signature is not
// kCosignatureV1Size bytes with a valid timestamp; UNAUTHENTICATED if the
// line names another key (expected vs got) or the signature does not verify.
absl::StatusOr<uint64_t> VerifyCosignature(absl::string_view checkpoint_text,
                                           absl::string_view signature_line,
                                           const Cosigner& cosigner);

}  // namespace gongxin::crypto

#endif  // GONGXIN_CRYPTO_COSIGNATURE_H_
