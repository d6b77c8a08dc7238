#include "server/archive_service.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "crypto/ed25519.h"
#include "server/archive.h"
#include "server/handle.h"
#include "util/proto_fields.h"
#include "util/status_macros.h"

namespace gongxin::server {

ArchiveServiceImpl::ArchiveServiceImpl(ServiceContext c) : c_(c) {
  Check("ImportArchive", &ArchiveServiceImpl::ImportArchiveStream);
  Check("MoveOut", &ArchiveServiceImpl::MoveOut);
}

grpc::Status ArchiveServiceImpl::MoveOut(grpc::ServerContext* ctx, const v1::MoveOutRequest* req,
                                         v1::MoveOutResponse* resp) {
  return Handle(c_, ctx, "MoveOut", {Role::kAdmin}, *req, [&](const Caller& who) {
    ASSIGN_OR_RETURN(*resp, c_.registry->MoveOut(req->meeting_id(), who.name));
    return absl::OkStatus();
  });
}

grpc::Status ArchiveServiceImpl::ImportArchiveStream(grpc::ServerContext* ctx,
                                               const v1::ImportArchiveRequest* first,
                                               const NextRequest<v1::ImportArchiveRequest>& next,
                                               v1::ImportArchiveResponse* resp) {
  return Handle(c_, ctx, "ImportArchive", {Role::kAdmin}, *first, [&](const Caller& who) {
    if (first->room_public_key().empty()) {
      return absl::InvalidArgumentError(
          "room_public_key: required in the first message: the room server's Ed25519 key "
          "(`gongxind --data-dir DIR --print-public-key` on the room's laptop), the one key "
          "the export must verify with");
    }
    absl::StatusOr<crypto::Ed25519PublicKey> room_key =
        crypto::Ed25519PublicKey::FromRaw(first->room_public_key());
    if (!room_key.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("room_public_key: ", room_key.status().message()));
    }
    std::string bytes = first->chunk();
    v1::ImportArchiveRequest more;
    for (uint64_t index = 1;; ++index) {
      ASSIGN_OR_RETURN(bool got, next(&more));
      if (!got) break;
      const std::string at = absl::StrCat("message ", index, ": ");
      if (absl::Status s = util::RefuseUnknownFields(more, ""); !s.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(at, s.message()));
      }
      if (!more.room_public_key().empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat(at, "room_public_key: only the first message names the room's key"));
      }
      if (bytes.size() + more.chunk().size() > kMaxArchiveBytes) {
        return absl::InvalidArgumentError(absl::StrCat(
            at, "chunk: the export is larger than the ", kMaxArchiveBytes >> 20,
            " MiB an archive may hold"));
      }
      bytes += more.chunk();
    }
    if (bytes.empty()) {
      return absl::InvalidArgumentError("chunk: no export bytes were sent");
    }
    ASSIGN_OR_RETURN(*resp, c_.registry->ImportArchive(bytes, *room_key, who.name));
    return absl::OkStatus();
  });
}

}  // namespace gongxin::server
