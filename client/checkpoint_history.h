// What `audit watch` and `audit cosign` share: a state directory that
// remembers, per meeting, the last checkpoint accepted (DIR/<id>.checkpoint),
// and the check that the checkpoint served now extends it — by the same
// key, never smaller, the same root at the same size, and a verified RFC
// 6962 consistency proof when it grew.
#ifndef GONGXIN_CLIENT_CHECKPOINT_HISTORY_H_
#define GONGXIN_CLIENT_CHECKPOINT_HISTORY_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "kiosk/connection.h"
#include "crypto/checkpoint.h"
#include "crypto/signed_note.h"
#include "gongxin/v1/transparency.grpc.pb.h"

namespace gongxin::client {

using kiosk::Connection;
using kiosk::ConnectionOptions;
using kiosk::FromGrpc;

// Exit code when two checkpoints by the same key cannot both be true
// (docs/api.md: 3 = the audit found the record bad).
inline constexpr int kForkExit = 3;

// A checkpoint note opened under the trusted key and parsed.
struct SeenCheckpoint {
  std::string note;  // the signed note, exactly as received or stored
  std::string text;  // its verified checkpoint text
  crypto::Checkpoint checkpoint;
};

// OpenCheckpoint opens `note` under `verifier`, parses it and checks that its
// origin line is "<key name>/meeting/<id>" (id "": "<key name>/registry",
// the registry log of meetings). Lines by other keys (witness
// cosignatures) are ignored. `what` names the note in errors.
absl::StatusOr<SeenCheckpoint> OpenCheckpoint(const std::string& note,
                                              const crypto::NoteVerifier& verifier,
                                              const std::string& id, const std::string& what);

// RequireStateDir returns NOT_FOUND unless `dir` is a directory: a mistyped
// --state must not silently forget every checkpoint seen.
absl::Status RequireStateDir(const std::string& dir);

// StatePath is DIR/<id>.checkpoint (DIR/_registry.checkpoint for id "",
// the registry log); INVALID_ARGUMENT for an id that could
// leave the directory.
absl::StatusOr<std::string> StatePath(const std::string& dir, const std::string& id);

// The checkpoint served now, next to the one remembered.
struct CheckpointAdvance {
  std::string path;                    // the state file
  std::optional<SeenCheckpoint> before;  // none on the first run
  SeenCheckpoint now;
  // Empty if `now` extends `before` (or there is no `before`); otherwise
  // why the two cannot both be true (rollback, two roots for one size, no
  // valid consistency proof).
  std::string fork;
};

// FetchAndCheck fetches meeting `id`'s latest checkpoint, opens it under
// `verifier`, reads the remembered one, and demands and verifies a
// consistency proof between them. It writes nothing. Errors: the RPC's, or
// those of OpenCheckpoint for the served or the stored note.
absl::StatusOr<CheckpointAdvance> FetchAndCheck(v1::TransparencyService::Stub& stub,
                                                Connection& c,
                                                const crypto::NoteVerifier& verifier,
                                                const std::string& state_dir,
                                                const std::string& id);

// LogLabel names a watched log in messages: "meeting <id>" or "the registry log".
std::string LogLabel(const std::string& id);

// PrintFork prints the evidence of a fork on stdout: the reason and both
// signed notes, verbatim. `headline` starts the first line.
void PrintFork(const std::string& headline, const std::string& id,
               const CheckpointAdvance& advance);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_CHECKPOINT_HISTORY_H_
