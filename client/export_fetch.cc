#include "client/export_fetch.h"

#include <sstream>

#include "absl/strings/str_cat.h"

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

absl::StatusOr<std::string> FetchGenesisEntry(const Connection& c, const std::string& id) {
  auto stub = v1::AuditService::NewStub(c.channel());
  v1::ExportRequest req;
  req.set_meeting_id(id);
  req.set_public_export(true);
  auto ctx = c.NewStreamContext();
  auto reader = stub->Export(ctx.get(), req);
  v1::ExportRecord record;
  while (reader->Read(&record)) {
    if (!record.has_entry()) continue;
    std::string genesis = std::move(*record.mutable_entry());
    // The rest of the export is not wanted: stop the stream here.
    ctx->TryCancel();
    while (reader->Read(&record)) {
    }
    (void)reader->Finish();
    return genesis;
  }
  RETURN_IF_ERROR(FromGrpc(reader->Finish()));
  return absl::DataLossError(absl::StrCat("export of meeting ", id, ": no genesis entry"));
}

}  // namespace gongxin::client
