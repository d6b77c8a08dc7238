#include "server/record_service.h"

#include <string>

#include "server/handle.h"
#include "util/status_macros.h"

namespace gongxin::server {

RecordServiceImpl::RecordServiceImpl(ServiceContext c) : c_(c) {
  Check("RecordDocument", &RecordServiceImpl::RecordDocument);
  Check("PublishNotice", &RecordServiceImpl::PublishNotice);
  Check("RecordOutcome", &RecordServiceImpl::RecordOutcome);
  Check("RecordOpinion", &RecordServiceImpl::RecordOpinion);
}

grpc::Status RecordServiceImpl::RecordDocument(grpc::ServerContext* ctx,
                                               const v1::RecordDocumentRequest* req,
                                               v1::OfficerInputResponse* resp) {
  // The organisation department's staff or the inspection group's officers
  // file the documents; the entry says which role did.
  return Handle(c_, ctx, "RecordDocument", {Role::kAdmin, Role::kOfficer}, *req,
                [&](const Caller& who) {
                  ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
                  ASSIGN_OR_RETURN(*resp, m->RecordDocument(
                                              *req, std::string(RoleName(who.role)), who.name));
                  return absl::OkStatus();
                });
}

grpc::Status RecordServiceImpl::PublishNotice(grpc::ServerContext* ctx,
                                              const v1::PublishNoticeRequest* req,
                                              v1::OfficerInputResponse* resp) {
  return Handle(c_, ctx, "PublishNotice", {Role::kAdmin}, *req, [&](const Caller& who) {
    ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
    ASSIGN_OR_RETURN(*resp, m->PublishNotice(*req, who.name));
    return absl::OkStatus();
  });
}

grpc::Status RecordServiceImpl::RecordOutcome(grpc::ServerContext* ctx,
                                              const v1::RecordOutcomeRequest* req,
                                              v1::OfficerInputResponse* resp) {
  return Handle(c_, ctx, "RecordOutcome", {Role::kAdmin}, *req, [&](const Caller& who) {
    ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
    ASSIGN_OR_RETURN(*resp, m->RecordOutcome(*req, who.name));
    return absl::OkStatus();
  });
}

grpc::Status RecordServiceImpl::RecordOpinion(grpc::ServerContext* ctx,
                                              const v1::RecordOpinionRequest* req,
                                              v1::OfficerInputResponse* resp) {
  return Handle(c_, ctx, "RecordOpinion", {Role::kObserver}, *req, [&](const Caller& who) {
    ASSIGN_OR_RETURN(Meeting * m, c_.registry->Find(req->meeting_id()));
    ASSIGN_OR_RETURN(*resp, m->RecordOpinion(*req, who.name));
    return absl::OkStatus();
  });
}

}  // namespace gongxin::server
