#include "server/cosignature_book.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "crypto/checkpoint.h"
#include "crypto/encoding.h"
#include "crypto/merkle.h"
#include "crypto/signed_note.h"
#include "server/transparency_service.h"
#include "util/status_macros.h"

namespace gongxin::server {
namespace {

// A store write that loses the race with a meeting write (the chain grew
// between reading its size and appending) is simply retried: cosignature
// keys do not depend on the chain size.
constexpr int kMaxAttempts = 8;

std::string KeyLabel(absl::string_view name, uint32_t key_id) {
  return absl::StrFormat("%s+%08x", name, key_id);
}

// SignatureLines splits the signature block of a note (everything after the
// last blank line) into its lines, each with its final '\n'.
absl::StatusOr<std::vector<std::string>> SignatureLines(absl::string_view block) {
  if (block.empty() || block.back() != '\n') {
    return absl::InvalidArgumentError(
        "cosigned_note: the signature lines must follow the blank line, each ending in a "
        "newline");
  }
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < block.size()) {
    const size_t end = block.find('\n', start);
    lines.emplace_back(block.substr(start, end + 1 - start));
    start = end + 1;
    if (lines.size() > crypto::kNoteMaxSignatures) {
      return absl::InvalidArgumentError(absl::StrCat(
          "cosigned_note: more than ", crypto::kNoteMaxSignatures, " signature lines"));
    }
  }
  return lines;
}

}  // namespace

absl::StatusOr<std::unique_ptr<CosignatureBook>> CosignatureBook::Create(
    storage::Store* store, const crypto::Ed25519PrivateKey* server_key, std::string log_name,
    const std::vector<std::string>& witness_vkeys, int required) {
  std::vector<crypto::Cosigner> witnesses;
  absl::flat_hash_set<std::string> names;
  absl::flat_hash_set<std::string> keys;
  for (const std::string& vkey : witness_vkeys) {
    absl::StatusOr<crypto::Cosigner> w = crypto::ParseCosignerVerifierKey(vkey);
    if (!w.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--witness-key \"", vkey, "\": ", w.status().message()));
    }
    if (!names.insert(w->name).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--witness-key: two witnesses are named \"", w->name,
          "\"; give every witness its own name"));
    }
    if (!keys.insert(std::string(w->public_key.raw())).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--witness-key: witness \"", w->name,
          "\" has the public key of another witness; one key counts once"));
    }
    witnesses.push_back(*std::move(w));
  }
  if (required < 0 || static_cast<size_t>(required) > witnesses.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--require-cosignatures: ", required, " must be between 0 and the number of "
        "--witness-key witnesses (", witnesses.size(), ")"));
  }
  return std::unique_ptr<CosignatureBook>(new CosignatureBook(
      store, server_key, std::move(log_name), std::move(witnesses), required));
}

std::string CosignatureBook::CosignatureKey(uint64_t size, absl::string_view name,
                                            uint32_t key_id) {
  return absl::StrFormat("cosig/%020u/%s", size, KeyLabel(name, key_id));
}

const crypto::Cosigner* CosignatureBook::FindWitness(absl::string_view name,
                                                     uint32_t key_id) const {
  for (const crypto::Cosigner& w : witnesses_) {
    if (w.name == name && crypto::CosignerKeyId(w.name, w.public_key.raw()) == key_id) {
      return &w;
    }
  }
  return nullptr;
}

absl::StatusOr<std::string> CosignatureBook::CheckpointText(const Meeting& m,
                                                            const Meeting::LogHead& head) const {
  crypto::Checkpoint checkpoint;
  checkpoint.origin = CheckpointOrigin(log_name_, m.id());
  checkpoint.size = head.size;
  checkpoint.root_hash = head.root_hash;
  return crypto::FormatCheckpoint(checkpoint);
}

absl::StatusOr<std::vector<std::string>> CosignatureBook::StoredLines(const Meeting& m,
                                                                      uint64_t size) const {
  std::vector<std::string> lines;
  RETURN_IF_ERROR(store_->ScanKeys(
      m.id(), absl::StrFormat("cosig/%020u/", size),
      [&](absl::string_view, absl::string_view value) -> absl::Status {
        lines.emplace_back(value);
        return absl::OkStatus();
      }));
  return lines;
}

absl::StatusOr<std::string> CosignatureBook::CheckpointNote(const Meeting& m,
                                                            const Meeting::LogHead& head) const {
  ASSIGN_OR_RETURN(std::string text, CheckpointText(m, head));
  // Signed at request time: one Ed25519 signature, cheap and always the
  // latest tree. Deterministic, so the note a witness cosigned comes back
  // byte for byte.
  ASSIGN_OR_RETURN(std::string note, crypto::SignNote(text, log_name_, *server_key_));
  ASSIGN_OR_RETURN(std::vector<std::string> lines, StoredLines(m, head.size));
  for (const std::string& line : lines) note += line;
  return note;
}

absl::StatusOr<v1::AddCosignatureResponse> CosignatureBook::Add(
    Meeting& m, absl::string_view note) const {
  // 1. Syntax: checkpoint text, blank line, signature lines.
  if (note.size() > crypto::kNoteMaxSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("cosigned_note: larger than ", crypto::kNoteMaxSize, " bytes"));
  }
  const size_t blank = note.rfind("\n\n");
  if (blank == absl::string_view::npos) {
    return absl::InvalidArgumentError(
        "cosigned_note: no blank line between the checkpoint and its signatures");
  }
  const absl::string_view text = note.substr(0, blank + 1);
  if (absl::Status s = crypto::CheckNoteText(text); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("cosigned_note: ", s.message()));
  }
  absl::StatusOr<crypto::Checkpoint> checkpoint = crypto::ParseCheckpoint(text);
  if (!checkpoint.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("cosigned_note: ", checkpoint.status().message()));
  }
  ASSIGN_OR_RETURN(std::vector<std::string> lines, SignatureLines(note.substr(blank + 2)));

  // 2. Whose lines: the server's own line is skipped (the text is compared
  // with the server's own below); any other must be a configured witness.
  const uint32_t server_key_id = crypto::NoteKeyId(log_name_, server_key_->public_key().raw());
  struct Line {
    const crypto::Cosigner* witness;
    std::string text;
    std::string key;
  };
  std::vector<Line> cosignatures;
  absl::flat_hash_map<std::string, std::string> by_key;
  for (size_t i = 0; i < lines.size(); ++i) {
    absl::StatusOr<crypto::NoteSignature> parsed = crypto::ParseNoteSignatureLine(lines[i]);
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("cosigned_note: signature line ", i + 1,
                                                     ": ", parsed.status().message()));
    }
    if (parsed->name == log_name_ && parsed->key_id == server_key_id) continue;
    const crypto::Cosigner* w = FindWitness(parsed->name, parsed->key_id);
    if (w == nullptr) {
      return absl::PermissionDeniedError(absl::StrCat(
          "cosigned_note: signature line ", i + 1, " is by ",
          KeyLabel(parsed->name, parsed->key_id),
          ", which is not a witness of this server (see --witness-key)"));
    }
    std::string key = CosignatureKey(checkpoint->size, w->name, parsed->key_id);
    auto [it, fresh] = by_key.emplace(key, lines[i]);
    if (!fresh) {
      if (it->second == lines[i]) continue;
      return absl::InvalidArgumentError(absl::StrCat(
          "cosigned_note: two different cosignatures by witness ", w->name));
    }
    cosignatures.push_back({w, lines[i], std::move(key)});
  }
  if (cosignatures.empty()) {
    return absl::InvalidArgumentError(
        "cosigned_note: carries no cosignature line by a witness");
  }

  // 3. The checkpoint must be one this server signed for this meeting.
  ASSIGN_OR_RETURN(Meeting::LogHead head, m.TreeHead());
  const std::string origin = CheckpointOrigin(log_name_, m.id());
  if (checkpoint->origin != origin) {
    return absl::FailedPreconditionError(
        absl::StrCat("cosigned_note: origin \"", checkpoint->origin,
                     "\" is not the log of meeting ", m.id(), " (\"", origin, "\")"));
  }
  if (checkpoint->size == 0 || checkpoint->size > head.size) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cosigned_note: the log of meeting ", m.id(), " never had ", checkpoint->size,
        " entries (it has ", head.size, ")"));
  }
  ASSIGN_OR_RETURN(std::string root, crypto::RootHash(checkpoint->size, m.TreeNodes()));
  const Meeting::LogHead at{checkpoint->size, root};
  ASSIGN_OR_RETURN(std::string ours, CheckpointText(m, at));
  if (ours != text) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cosigned_note: the log of meeting ", m.id(), " at ", checkpoint->size,
        " entries has root ", absl::Base64Escape(root), ", not the checkpoint's ",
        absl::Base64Escape(checkpoint->root_hash),
        checkpoint->extensions.empty() ? "" : " (and it has no extension lines)"));
  }

  // 4. Every witness line must verify over that text.
  for (const Line& line : cosignatures) {
    absl::StatusOr<uint64_t> verified = crypto::VerifyCosignature(text, line.text, *line.witness);
    if (!verified.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("cosigned_note: the cosignature of witness ", line.witness->name,
                       " does not verify: ", verified.status().message()));
    }
  }

  // 5. Append-only: a witness cosigns a size once; the same line again is a
  // harmless retry.
  for (int attempt = 1;; ++attempt) {
    storage::AppendBatch batch;
    batch.chain = m.id();
    for (const Line& line : cosignatures) {
      ASSIGN_OR_RETURN(std::optional<std::string> stored, store_->GetKey(m.id(), line.key));
      if (!stored.has_value()) {
        batch.create_keys.emplace_back(line.key, line.text);
      } else if (*stored != line.text) {
        return absl::AlreadyExistsError(absl::StrCat(
            "cosigned_note: witness ", line.witness->name, " already cosigned meeting ", m.id(),
            " at ", checkpoint->size, " entries with another cosignature; the first is kept"));
      }
    }
    v1::AddCosignatureResponse response;
    response.set_size(checkpoint->size);
    if (batch.create_keys.empty()) return response;
    ASSIGN_OR_RETURN(batch.expected_size, store_->Size(m.id()));
    // Every meeting has its genesis: an empty chain is a trial purged since
    // it was found, whose store must get no key back.
    if (batch.expected_size == 0) {
      return absl::NotFoundError(
          absl::StrCat("meeting_id: meeting ", m.id(), " was purged (a trial vote)"));
    }
    absl::Status written = store_->Append(batch);
    if (written.ok()) {
      response.set_stored(static_cast<uint32_t>(batch.create_keys.size()));
      return response;
    }
    // Lost a race with a meeting write (ABORTED) or with the same witness
    // (ALREADY_EXISTS): look again.
    const bool retry = absl::IsAborted(written) || absl::IsAlreadyExists(written);
    if (!retry || attempt == kMaxAttempts) return written;
  }
}

absl::StatusOr<v1::PublishedCheckpoint> CosignatureBook::PublicationCheckpoint(
    const Meeting& m, const Meeting::LogHead& head) const {
  ASSIGN_OR_RETURN(std::string text, CheckpointText(m, head));
  ASSIGN_OR_RETURN(std::string note, crypto::SignNote(text, log_name_, *server_key_));
  ASSIGN_OR_RETURN(std::vector<std::string> lines, StoredLines(m, head.size));
  v1::PublishedCheckpoint published;
  // Re-verified against today's configuration: a witness removed since it
  // cosigned no longer counts.
  for (const std::string& line : lines) {
    absl::StatusOr<crypto::NoteSignature> parsed = crypto::ParseNoteSignatureLine(line);
    if (!parsed.ok()) continue;
    const crypto::Cosigner* w = FindWitness(parsed->name, parsed->key_id);
    if (w == nullptr || !crypto::VerifyCosignature(text, line, *w).ok()) continue;
    if (std::find(published.witnesses().begin(), published.witnesses().end(), w->name) !=
        published.witnesses().end()) {
      continue;
    }
    published.add_witnesses(w->name);
    note += line;
  }
  if (published.witnesses_size() < required_) {
    return absl::FailedPreconditionError(absl::StrCat(
        "meeting ", m.id(), ": publication needs cosignatures of ", required_,
        " distinct configured witnesses on the current checkpoint (", head.size,
        " entries, root ", absl::Base64Escape(head.root_hash), "), but it has ",
        published.witnesses_size(),
        published.witnesses().empty()
            ? ""
            : absl::StrCat(" (", absl::StrJoin(published.witnesses(), ", "), ")"),
        "; have the witnesses run `gongxin audit cosign`"));
  }
  published.set_size(head.size);
  published.set_root_hash(head.root_hash);
  published.set_cosigned_note(std::move(note));
  return published;
}

}  // namespace gongxin::server
