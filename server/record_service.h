// RecordService: the selection around the meeting (issue 16) — documents by
// hash (admin, officer), the 任前公示 and its outcomes (admin), observers'
// opinions (observer). The gRPC face of server/meeting_records.cc; see
// docs/api.md.
#ifndef GONGXIN_SERVER_RECORD_SERVICE_H_
#define GONGXIN_SERVER_RECORD_SERVICE_H_

#include "gongxin/v1/service.grpc.pb.h"
#include "server/services.h"

namespace gongxin::server {

class RecordServiceImpl final : public CheckedService<v1::RecordService> {
 public:
  explicit RecordServiceImpl(ServiceContext c);
  grpc::Status RecordDocument(grpc::ServerContext* ctx, const v1::RecordDocumentRequest* req,
                              v1::OfficerInputResponse* resp) override;
  grpc::Status PublishNotice(grpc::ServerContext* ctx, const v1::PublishNoticeRequest* req,
                             v1::OfficerInputResponse* resp) override;
  grpc::Status RecordOutcome(grpc::ServerContext* ctx, const v1::RecordOutcomeRequest* req,
                             v1::OfficerInputResponse* resp) override;
  grpc::Status RecordOpinion(grpc::ServerContext* ctx, const v1::RecordOpinionRequest* req,
                             v1::OfficerInputResponse* resp) override;

 private:
  ServiceContext c_;
};

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_RECORD_SERVICE_H_
