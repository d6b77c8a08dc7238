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
namespace {

absl::Status RequireMeetingId(const std::string& meeting_id) {
  if (meeting_id.empty()) return absl::InvalidArgumentError("meeting_id: required");
  return absl::OkStatus();
}

}  // namespace

std::string CheckpointOrigin(absl::string_view log_name, absl::string_view meeting_id) {
  return absl::StrCat(log_name, "/meeting/", meeting_id);
}

grpc::Status TransparencyServiceImpl::GetCheckpoint(grpc::ServerContext* ctx,
                                                    const v1::GetCheckpointRequest* req,
                                                    v1::Checkpoint* resp) {
  return Handle(c_, ctx, "GetCheckpoint", kAnyRole, [&](const Caller&) -> absl::Status {
    RETURN_IF_ERROR(RequireMeetingId(req->meeting_id()));
    ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
    ASSIGN_OR_RETURN(Meeting::LogHead head, m->TreeHead());
    std::string note;
    if (c_.cosignatures != nullptr) {
      // With the witnesses' cosignatures of this size, if any.
      ASSIGN_OR_RETURN(note, c_.cosignatures->CheckpointNote(*m, head));
    } else {
      // Signed at request time: one Ed25519 signature, cheap and always the
      // latest tree.
      crypto::Checkpoint checkpoint;
      checkpoint.origin = CheckpointOrigin(log_name_, m->id());
      checkpoint.size = head.size;
      checkpoint.root_hash = head.root_hash;
      ASSIGN_OR_RETURN(std::string text, crypto::FormatCheckpoint(checkpoint));
      ASSIGN_OR_RETURN(note, crypto::SignNote(text, log_name_, c_.registry->key()));
    }
    resp->set_signed_note(std::move(note));
    resp->set_size(head.size);
    resp->set_root_hash(head.root_hash);
    return absl::OkStatus();
  });
}

grpc::Status TransparencyServiceImpl::GetInclusionProof(grpc::ServerContext* ctx,
                                                        const v1::InclusionProofRequest* req,
                                                        v1::Proof* resp) {
  return Handle(c_, ctx, "GetInclusionProof", kAnyRole, [&](const Caller&) -> absl::Status {
    RETURN_IF_ERROR(RequireMeetingId(req->meeting_id()));
    ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
    ASSIGN_OR_RETURN(Meeting::LogHead head, m->TreeHead());
    const uint64_t size = req->tree_size() == 0 ? head.size : req->tree_size();
    if (size > head.size) {
      return absl::InvalidArgumentError(
          absl::StrCat("tree_size: ", size, " is larger than the log of meeting ", m->id(),
                       " (", head.size, " entries)"));
    }
    if (req->leaf_index() >= size) {
      return absl::InvalidArgumentError(absl::StrCat(
          "leaf_index: ", req->leaf_index(), " is not in a tree of ", size, " entries"));
    }
    const crypto::NodeSource nodes = m->TreeNodes();
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
  return Handle(c_, ctx, "GetConsistencyProof", kAnyRole, [&](const Caller&) -> absl::Status {
    RETURN_IF_ERROR(RequireMeetingId(req->meeting_id()));
    if (req->first() > req->second()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "first: ", req->first(), " is larger than second (", req->second(), ")"));
    }
    ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
    ASSIGN_OR_RETURN(Meeting::LogHead head, m->TreeHead());
    if (req->second() > head.size) {
      return absl::InvalidArgumentError(
          absl::StrCat("second: ", req->second(), " is larger than the log of meeting ",
                       m->id(), " (", head.size, " entries)"));
    }
    ASSIGN_OR_RETURN(std::vector<std::string> proof,
                     crypto::ConsistencyProof(req->first(), req->second(), m->TreeNodes()));
    for (std::string& hash : proof) resp->add_hashes(std::move(hash));
    resp->set_tree_size(req->second());
    return absl::OkStatus();
  });
}

grpc::Status TransparencyServiceImpl::GetVerifierKey(grpc::ServerContext* ctx,
                                                     const v1::GetVerifierKeyRequest*,
                                                     v1::VerifierKey* resp) {
  return Handle(c_, ctx, "GetVerifierKey", kAnyRole, [&](const Caller&) -> absl::Status {
    ASSIGN_OR_RETURN(std::string vkey, crypto::VerifierKeyString(
                                           log_name_, c_.registry->key().public_key().raw()));
    resp->set_verifier_key(std::move(vkey));
    return absl::OkStatus();
  });
}

}  // namespace gongxin::server
