#include "client/checkpoint_history.h"

#include <sys/stat.h>

#include <iostream>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "crypto/key_file.h"
#include "crypto/merkle.h"
#include "util/status_macros.h"

namespace gongxin::client {

absl::StatusOr<SeenCheckpoint> OpenCheckpoint(const std::string& note,
                                              const crypto::NoteVerifier& verifier,
                                              const std::string& id, const std::string& what) {
  absl::StatusOr<crypto::OpenedNote> opened = crypto::OpenNote(note, {verifier});
  if (!opened.ok()) {
    return absl::Status(opened.status().code(),
                        absl::StrCat(what, " is not signed by the trusted key ", verifier.name(),
                                     ": ", opened.status().message()));
  }
  absl::StatusOr<crypto::Checkpoint> checkpoint = crypto::ParseCheckpoint(opened->text);
  if (!checkpoint.ok()) {
    return absl::Status(checkpoint.status().code(),
                        absl::StrCat(what, ": ", checkpoint.status().message()));
  }
  // id "" is the registry log (origin "<key name>/registry").
  const std::string origin = id.empty() ? absl::StrCat(verifier.name(), "/registry")
                                        : absl::StrCat(verifier.name(), "/meeting/", id);
  if (checkpoint->origin != origin) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": origin is \"", checkpoint->origin,
                                                   "\", want \"", origin, "\""));
  }
  return SeenCheckpoint{note, std::move(opened->text), *std::move(checkpoint)};
}

absl::Status RequireStateDir(const std::string& dir) {
  struct stat st;
  if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return absl::NotFoundError(
        absl::StrCat("--state: ", dir, " is not a directory (create it once, then keep it)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> StatePath(const std::string& dir, const std::string& id) {
  // The registry log; no meeting id starts with '_'.
  if (id.empty()) return absl::StrCat(dir, "/_registry.checkpoint");
  for (char ch : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_') {
      return absl::InvalidArgumentError(
          absl::StrCat("--meeting: \"", id, "\" is not a meeting id (letters, digits, - and _)"));
    }
  }
  return absl::StrCat(dir, "/", id, ".checkpoint");
}

absl::StatusOr<CheckpointAdvance> FetchAndCheck(v1::TransparencyService::Stub& stub,
                                                Connection& c,
                                                const crypto::NoteVerifier& verifier,
                                                const std::string& state_dir,
                                                const std::string& id) {
  CheckpointAdvance advance;
  ASSIGN_OR_RETURN(advance.path, StatePath(state_dir, id));

  v1::GetCheckpointRequest req;
  req.set_meeting_id(id);
  v1::Checkpoint resp;
  RETURN_IF_ERROR(FromGrpc(stub.GetCheckpoint(c.NewContext().get(), req, &resp)));
  ASSIGN_OR_RETURN(advance.now,
                   OpenCheckpoint(resp.signed_note(), verifier, id,
                                  absl::StrCat("the checkpoint served for ", LogLabel(id))));

  absl::StatusOr<std::string> stored = crypto::ReadFile(advance.path);
  if (stored.ok()) {
    ASSIGN_OR_RETURN(advance.before,
                     OpenCheckpoint(*stored, verifier, id,
                                    absl::StrCat("the stored checkpoint ", advance.path)));
  } else if (!absl::IsNotFound(stored.status())) {
    return stored.status();
  }
  if (!advance.before.has_value()) return advance;

  const crypto::Checkpoint& old_cp = advance.before->checkpoint;
  const crypto::Checkpoint& new_cp = advance.now.checkpoint;
  if (new_cp.size < old_cp.size) {
    advance.fork = absl::StrCat("the log shrank from ", old_cp.size, " to ", new_cp.size,
                                " entries (rollback)");
    return advance;
  }
  if (new_cp.size == old_cp.size && new_cp.root_hash != old_cp.root_hash) {
    advance.fork = absl::StrCat("two different roots for the same size ", new_cp.size);
    return advance;
  }
  std::vector<std::string> proof;
  if (new_cp.size > old_cp.size) {
    // Exactly the sizes of the two checkpoints: the server may have grown
    // since it signed `now`.
    v1::ConsistencyProofRequest preq;
    preq.set_meeting_id(id);
    preq.set_first(old_cp.size);
    preq.set_second(new_cp.size);
    v1::Proof presp;
    RETURN_IF_ERROR(FromGrpc(stub.GetConsistencyProof(c.NewContext().get(), preq, &presp)));
    proof.assign(presp.hashes().begin(), presp.hashes().end());
  }
  if (absl::Status s = crypto::VerifyConsistency(old_cp.size, new_cp.size, old_cp.root_hash,
                                                 new_cp.root_hash, proof);
      !s.ok()) {
    advance.fork = absl::StrCat("the server cannot prove that ", new_cp.size,
                                " entries extend ", old_cp.size, ": ", s.message());
  }
  return advance;
}

std::string LogLabel(const std::string& id) {
  return id.empty() ? "the registry log" : absl::StrCat("meeting ", id);
}

void PrintFork(const std::string& headline, const std::string& id,
               const CheckpointAdvance& advance) {
  std::cout << headline << " for " << LogLabel(id) << ": " << advance.fork << "\n"
            << "Two checkpoints signed by the same key that cannot both be true.\n"
            << "----- checkpoint seen before (" << advance.path << ") -----\n"
            << advance.before->note << "----- checkpoint served now -----\n"
            << advance.now.note << "----- end of evidence for " << LogLabel(id) << " -----\n";
}

}  // namespace gongxin::client
