// LogEntryService: the leaves of a log by range — a meeting's entries,
// exactly as hashed into its tree, or the registry log's leaves. With the
// checkpoints and proofs of TransparencyService this is all an independent
// monitor needs to rebuild a log. Read-only; every role may call it.
#ifndef GONGXIN_SERVER_TRANSPARENCY_LOG_SERVICE_H_
#define GONGXIN_SERVER_TRANSPARENCY_LOG_SERVICE_H_

#include <cstdint>

#include "gongxin/v1/transparency.grpc.pb.h"
#include "server/services.h"

namespace gongxin::server {

// Largest page GetEntries returns; larger ranges are INVALID_ARGUMENT.
inline constexpr uint64_t kMaxEntriesPerPage = 1000;

class LogEntryServiceImpl final : public CheckedService<v1::LogEntryService> {
 public:
  explicit LogEntryServiceImpl(ServiceContext c) : c_(c) {
    Check("GetEntries", &LogEntryServiceImpl::GetEntries);
  }
  grpc::Status GetEntries(grpc::ServerContext* ctx, const v1::GetEntriesRequest* req,
                          v1::Entries* resp) override;

 private:
  ServiceContext c_;
};

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_TRANSPARENCY_LOG_SERVICE_H_
