// The auditor's command: verify an export file against the server's public
// key, optionally with receipts that must be in it, trusted witnesses'
// cosignatures and the previous round's export. Shared by `gongxin audit
// verify` and the standalone `gongxin-verify`, which links no gRPC.
#ifndef GONGXIN_VERIFIER_AUDIT_VERIFY_H_
#define GONGXIN_VERIFIER_AUDIT_VERIFY_H_

#include <ostream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "crypto/ed25519.h"

namespace gongxin::verifier {

// Exit codes: 0 the record verified, 1 bad input (a file missing, a key
// that does not parse), 3 the audit found the record bad.
inline constexpr int kExitFailed = 1;
inline constexpr int kExitAuditFailed = 3;

struct AuditVerifyArgs {
  std::string export_path;
  std::string trust_path;     // the server's Ed25519 public key, PEM
  std::string receipts_path;  // optional: receipts, one per line
  bool progress = false;
  unsigned threads = 0;  // 0: every core
  std::vector<std::string> witness_keys;
  int required_cosignatures = 0;
  std::string previous_path;  // optional: the previous round's export
};

// Declares the command's arguments and options on `command`.
void AddAuditVerifyOptions(CLI::App& command, AuditVerifyArgs& args);

// Runs the check: the verdict's summary (or "FAILED: why") on `out`,
// problems with the inputs on `err` prefixed with `program`. Returns the
// exit code.
int AuditVerify(const AuditVerifyArgs& args, std::ostream& out, std::ostream& err,
                const std::string& program = "gongxin");

absl::StatusOr<crypto::Ed25519PublicKey> LoadTrustedKey(const std::string& path);

}  // namespace gongxin::verifier

#endif  // GONGXIN_VERIFIER_AUDIT_VERIFY_H_
