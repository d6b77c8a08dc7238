// Which document of a meeting a verification code (核验码,
// ledger/verification_code.h) names, found in the meeting's export: the
// export is verified first against the server's public key, as `audit
// verify` does, so a match ties the printed page to a chain whose every
// hash link and signature checked. Shared by `gongxin code check` (online,
// from the server's export, or offline from a file) and tests.
#ifndef GONGXIN_VERIFIER_CODE_CHECK_H_
#define GONGXIN_VERIFIER_CODE_CHECK_H_

#include <cstdint>
#include <istream>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "crypto/ed25519.h"
#include "ledger/verification_code.h"
#include "verifier/verifier.h"

namespace gongxin::verifier {

struct CodeMatch {
  ledger::DocumentKind kind = ledger::DocumentKind::kAnnouncement;
  uint64_t seq = 0;         // the entry the document presents
  std::string entry_hash;   // its ledger::EntryHash, raw bytes
};

struct CodeCheck {
  Verdict verdict;                 // of the whole export
  std::optional<CodeMatch> match;  // empty: the code names no document of it
  uint32_t counts_seen = 0;        // CountRecorded entries tried
};

// CheckVerificationCode verifies `export_bytes` under `server_key` (any
// failure is returned as the verifier's error: DATA_LOSS, UNAUTHENTICATED)
// and looks for the code carrying `code_bytes` (ledger::
// ParseVerificationCode) among the meeting's documents: the announcement and the paper ballots
// (entry 0) and every result (each CountRecorded entry).
absl::StatusOr<CodeCheck> CheckVerificationCode(const std::string& export_bytes,
                                                const crypto::Ed25519PublicKey& server_key,
                                                const std::string& code_bytes);

}  // namespace gongxin::verifier

#endif  // GONGXIN_VERIFIER_CODE_CHECK_H_
