// The note keys the signed-note and checkpoint targets trust: the seed
// meeting's server (its verifier key, fuzz/testdata/server-note-key.txt, so
// the real checkpoints of the corpus verify), and a log key and a witness
// key of the targets' own, made from fixed seeds, to sign and cosign what
// the fuzzer writes.
#ifndef GONGXIN_FUZZ_NOTE_KEYS_H_
#define GONGXIN_FUZZ_NOTE_KEYS_H_

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "crypto/cosignature.h"
#include "crypto/ed25519.h"
#include "crypto/signed_note.h"
#include "fuzz/fuzz_support.h"

namespace gongxin::fuzz {

inline constexpr absl::string_view kLogName = "fuzz.example/log";
inline constexpr absl::string_view kWitnessName = "witness.example";
// A cosignature's time: any fixed value will do.
inline constexpr uint64_t kCosignTime = 1'700'000'000;

struct NoteKeys {
  crypto::Ed25519PrivateKey log;
  crypto::Ed25519PrivateKey witness;
  crypto::Cosigner cosigner;
  // The server's, the log's and the witness's verifiers, for OpenNote.
  std::vector<crypto::NoteVerifier> known;
  crypto::NoteVerifier log_verifier;
  crypto::NoteVerifier witness_verifier;
};

inline const NoteKeys& Keys() {
  static const NoteKeys* keys = [] {
    // Test keys from fixed bytes: they protect nothing.
    auto log = Require(crypto::Ed25519PrivateKey::FromSeedForTesting(std::string(32, 'L')), "log key");
    auto witness =
        Require(crypto::Ed25519PrivateKey::FromSeedForTesting(std::string(32, 'W')), "witness key");
    crypto::Cosigner cosigner{std::string(kWitnessName), witness.public_key()};
    auto log_verifier = Require(crypto::NoteVerifier::FromEd25519(kLogName, log.public_key()), "log verifier");
    auto witness_verifier = Require(crypto::CosignatureNoteVerifier(cosigner), "witness verifier");
    auto server = Require(
        crypto::ParseVerifierKey(absl::StripAsciiWhitespace(
            ReadSourceFile("fuzz/testdata/server-note-key.txt"))),
        "fuzz/testdata/server-note-key.txt");
    std::vector<crypto::NoteVerifier> known = {server, log_verifier, witness_verifier};
    return new NoteKeys{std::move(log), std::move(witness), std::move(cosigner), std::move(known),
                        std::move(log_verifier), std::move(witness_verifier)};
  }();
  return *keys;
}

}  // namespace gongxin::fuzz

#endif  // GONGXIN_FUZZ_NOTE_KEYS_H_
