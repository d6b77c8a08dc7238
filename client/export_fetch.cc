#include "client/export_fetch.h"

#include <sstream>

#include "gongxin/v1/service.grpc.pb.h"
#include "ledger/export.h"
#include "util/status_macros.h"

namespace gongxin::client {

absl::StatusOr<uint64_t> StreamExport(const Connection& c, const std::string& id,
                                      bool public_export, std::ostream& out) {
  auto stub = v1::AuditService::NewStub(c.channel());
  v1::ExportRequest req;
  req.set_meeting_id(id);
  req.set_public_export(public_export);
  ledger::ExportWriter writer(&out);
  auto ctx = c.NewStreamContext();
  auto reader = stub->Export(ctx.get(), req);
  v1::ExportRecord record;
  uint64_t records = 0;
  while (reader->Read(&record)) {
    RETURN_IF_ERROR(writer.Write(record));
    ++records;
  }
  RETURN_IF_ERROR(FromGrpc(reader->Finish()));
  return records;
}

absl::StatusOr<std::string> FetchExport(const Connection& c, const std::string& id,
                                        bool public_export) {
  std::ostringstream out;
  RETURN_IF_ERROR(StreamExport(c, id, public_export, out).status());
  return out.str();
}

}  // namespace gongxin::client
