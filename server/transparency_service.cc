#include "server/transparency_service.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "crypto/checkpoint.h"
#include "crypto/merkle.h"
#include "crypto/signed_note.h"
#include "server/cosignature_book.h"
#include "server/handle.h"
#include "util/status_macros.h"

namespace gongxin::server {

std::string CheckpointOrigin(absl::string_view log_name, absl::string_view meeting_id) {
  return absl::StrCat(log_name, "/meeting/", meeting_id);
}

std::string RegistryOrigin(absl::string_view log_name) {
  return absl::StrCat(log_name, "/registry");
}

absl::StatusOr<std::string> SignCheckpointNote(absl::string_view log_name,
                                               absl::string_view origin,
                                               const Meeting::LogHead& head,
                                               const crypto::Ed25519PrivateKey& key) {
  crypto::Checkpoint checkpoint;
  checkpoint.origin = std::string(origin);
  checkpoint.size = head.size;
  checkpoint.root_hash = head.root_hash;
  ASSIGN_OR_RETURN(std::string text, crypto::FormatCheckpoint(checkpoint));
  return crypto::SignNote(text, std::string(log_name), key);
}

absl::StatusOr<ServedLog> FindLog(const Registry& registry, absl::string_view log_name,
                                  const std::string& meeting_id) {
  ServedLog log;
  if (meeting_id.empty()) {
    log.origin = RegistryOrigin(log_name);
    log.name = "the registry log";
    ASSIGN_OR_RETURN(log.head, registry.log().TreeHead());
    log.nodes = registry.log().TreeNodes();
    return log;
  }
  ASSIGN_OR_RETURN(Meeting * m, registry.Find(meeting_id));
  log.origin = CheckpointOrigin(log_name, m->id());
  log.name = absl::StrCat("the log of meeting ", m->id());
  ASSIGN_OR_RETURN(log.head, m->TreeHead());
  log.nodes = m->TreeNodes();
  return log;
}

grpc::Status TransparencyServiceImpl::GetCheckpoint(grpc::ServerContext* ctx,
                                                    const v1::GetCheckpointRequest* req,
                                                    v1::Checkpoint* resp) {
  return Handle(c_, ctx, "GetCheckpoint", kAnyRole, *req, [&](const Caller&) -> absl::Status {
    ASSIGN_OR_RETURN(ServedLog log, FindLog(*c_.registry, log_name_, req->meeting_id()));
    std::string note;
    if (!req->meeting_id().empty() && c_.cosignatures != nullptr) {
      // A meeting's log, with the witnesses' cosignatures of this size, if any.
      ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
      ASSIGN_OR_RETURN(note, c_.cosignatures->CheckpointNote(*m, log.head));
    } else {
      // Signed at request time: one Ed25519 signature, cheap and always the
      // latest tree.
      ASSIGN_OR_RETURN(note,
                       SignCheckpointNote(log_name_, log.origin, log.head, c_.registry->key()));
    }
    resp->set_signed_note(std::move(note));
    resp->set_size(log.head.size);
    resp->set_root_hash(log.head.root_hash);
    return absl::OkStatus();
  });
}

grpc::Status TransparencyServiceImpl::GetInclusionProof(grpc::ServerContext* ctx,
                                                        const v1::InclusionProofRequest* req,
                                                        v1::Proof* resp) {
  return Handle(c_, ctx, "GetInclusionProof", kAnyRole, *req, [&](const Caller&) -> absl::Status {
    ASSIGN_OR_RETURN(ServedLog log, FindLog(*c_.registry, log_name_, req->meeting_id()));
    const Meeting::LogHead& head = log.head;
    const uint64_t size = req->tree_size() == 0 ? head.size : req->tree_size();
    if (size > head.size) {
      return absl::InvalidArgumentError(
          absl::StrCat("tree_size: ", size, " is larger than ", log.name, " (", head.size,
                       " entries)"));
    }
    if (req->leaf_index() >= size) {
      return absl::InvalidArgumentError(absl::StrCat(
          "leaf_index: ", req->leaf_index(), " is not in a tree of ", size, " entries"));
    }
    const crypto::NodeSource& nodes = log.nodes;
    ASSIGN_OR_RETURN(std::vector<std::string> proof,
                     crypto::InclusionProof(req->leaf_index(), size, nodes));
    ASSIGN_OR_RETURN(std::string leaf_hash, nodes(0, req->leaf_index()));
    for (std::string& hash : proof) resp->add_hashes(std::move(hash));
    resp->set_tree_size(size);
    resp->set_leaf_hash(std::move(leaf_hash));
    return absl::OkStatus();
  });
}

grpc::Status TransparencyServiceImpl::GetConsistencyProof(
    grpc::ServerContext* ctx, const v1::ConsistencyProofRequest* req, v1::Proof* resp) {
  return Handle(c_, ctx, "GetConsistencyProof", kAnyRole, *req, [&](const Caller&) -> absl::Status {
    if (req->first() > req->second()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "first: ", req->first(), " is larger than second (", req->second(), ")"));
    }
    ASSIGN_OR_RETURN(ServedLog log, FindLog(*c_.registry, log_name_, req->meeting_id()));
    if (req->second() > log.head.size) {
      return absl::InvalidArgumentError(
          absl::StrCat("second: ", req->second(), " is larger than ", log.name, " (",
                       log.head.size, " entries)"));
    }
    ASSIGN_OR_RETURN(std::vector<std::string> proof,
                     crypto::ConsistencyProof(req->first(), req->second(), log.nodes));
    for (std::string& hash : proof) resp->add_hashes(std::move(hash));
    resp->set_tree_size(req->second());
    return absl::OkStatus();
  });
}

grpc::Status TransparencyServiceImpl::GetVerifierKey(grpc::ServerContext* ctx,
                                                     const v1::GetVerifierKeyRequest* req,
                                                     v1::VerifierKey* resp) {
  return Handle(c_, ctx, "GetVerifierKey", kAnyRole, *req, [&](const Caller&) -> absl::Status {
    ASSIGN_OR_RETURN(std::string vkey, crypto::VerifierKeyString(
                                           log_name_, c_.registry->key().public_key().raw()));
    resp->set_verifier_key(std::move(vkey));
    return absl::OkStatus();
  });
}

}  // namespace gongxin::server
