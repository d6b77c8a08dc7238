#include "server/witness_service.h"

#include "absl/strings/str_cat.h"
#include "server/cosignature_book.h"
#include "server/handle.h"
#include "util/status_macros.h"

namespace gongxin::server {

grpc::Status WitnessServiceImpl::AddCosignature(grpc::ServerContext* ctx,
                                                const v1::AddCosignatureRequest* req,
                                                v1::AddCosignatureResponse* resp) {
  // Any role: what counts is the witness key that signed, not the caller.
  return Handle(c_, ctx, "AddCosignature", kAnyRole, *req, [&](const Caller&) -> absl::Status {
    if (req->meeting_id().empty()) return absl::InvalidArgumentError("meeting_id: required");
    if (req->cosigned_note().empty()) {
      return absl::InvalidArgumentError("cosigned_note: required");
    }
    if (c_.cosignatures == nullptr || c_.cosignatures->witnesses().empty()) {
      return absl::FailedPreconditionError(
          "this server has no witnesses configured (gongxind --witness-key)");
    }
    ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
    ASSIGN_OR_RETURN(*resp, c_.cosignatures->Add(*m, req->cosigned_note()));
    return absl::OkStatus();
  });
}

}  // namespace gongxin::server
