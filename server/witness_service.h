// WitnessService: witnesses submit their cosignatures of a meeting's
// checkpoints (C2SP tlog-cosignature). Validation and storage are in
// CosignatureBook; this is the gRPC face. See docs/api.md.
#ifndef GONGXIN_SERVER_WITNESS_SERVICE_H_
#define GONGXIN_SERVER_WITNESS_SERVICE_H_

#include "gongxin/v1/transparency.grpc.pb.h"
#include "server/services.h"

namespace gongxin::server {

class WitnessServiceImpl final : public CheckedService<v1::WitnessService> {
 public:
  explicit WitnessServiceImpl(ServiceContext c) : c_(c) {
    Check("AddCosignature", &WitnessServiceImpl::AddCosignature);
  }

  grpc::Status AddCosignature(grpc::ServerContext* ctx, const v1::AddCosignatureRequest* req,
                              v1::AddCosignatureResponse* resp) override;

 private:
  ServiceContext c_;
};

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_WITNESS_SERVICE_H_
