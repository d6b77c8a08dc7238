// ArchiveService: the central gongxind's import of a meeting room's record
// (server/archive.h), and the move of one of its own published meetings out
// of the store into an export file (Registry::MoveOut). Role admin: the
// admin who imports also chooses the room key the record must verify with,
// and the archive records it.
#ifndef GONGXIN_SERVER_ARCHIVE_SERVICE_H_
#define GONGXIN_SERVER_ARCHIVE_SERVICE_H_

#include "gongxin/v1/service.grpc.pb.h"
#include "server/checked_service.h"
#include "server/services.h"

namespace gongxin::server {

class ArchiveServiceImpl final : public CheckedService<v1::ArchiveService> {
 public:
  explicit ArchiveServiceImpl(ServiceContext c);
  // A client stream: the export file in chunks, the room's key in the first
  // message. Nothing is written until the whole export has verified.
  grpc::Status ImportArchiveStream(grpc::ServerContext* ctx, const v1::ImportArchiveRequest* first,
                             const NextRequest<v1::ImportArchiveRequest>& next,
                             v1::ImportArchiveResponse* resp);
  grpc::Status MoveOut(grpc::ServerContext* ctx, const v1::MoveOutRequest* req,
                       v1::MoveOutResponse* resp) override;

 private:
  ServiceContext c_;
};

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_ARCHIVE_SERVICE_H_
