// The standard gRPC health check (grpc.health.v1.Health/Check), called as
// grpc_health_probe does, with a generic stub and hand-encoded messages (the
// health proto's C++ code is not installed with gRPC).
#ifndef GONGXIN_TESTS_TESTING_HEALTH_PROBE_H_
#define GONGXIN_TESTS_TESTING_HEALTH_PROBE_H_

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"

namespace gongxin::testing {

inline grpc::ByteBuffer Buffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

inline std::string Bytes(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  (void)buffer.Dump(&slices);
  std::string out;
  for (const auto& s : slices) out.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return out;
}

// HealthCheckResponse{status: SERVING (1)}: field 1, varint 1.
inline const std::string kServing("\x08\x01", 2);

// Checks the server's overall health; `response` receives the encoded
// HealthCheckResponse (kServing when it serves).
inline grpc::Status CheckHealth(const std::shared_ptr<grpc::Channel>& channel,
                                std::string* response) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  // HealthCheckRequest{service: ""} encodes to nothing.
  grpc::ByteBuffer request = Buffer("");
  grpc::ByteBuffer reply;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&ctx, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request, &reply,
                 [&](grpc::Status s) { done.set_value(s); });
  grpc::Status s = done.get_future().get();
  *response = Bytes(reply);
  return s;
}

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_TESTING_HEALTH_PROBE_H_
