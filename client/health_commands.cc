#include "client/health_commands.h"

#include <chrono>
#include <future>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/client_context.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "util/cli_lang.h"
#include "util/status_macros.h"

namespace gongxin::client {
namespace {

using util::T;

// The health proto's C++ code is not installed with Debian's gRPC: the two
// messages are encoded by hand, as grpc_health_probe's wire format.
// HealthCheckRequest{service: ""} is the empty message; the response's
// status is field 1, a varint (0 UNKNOWN, 1 SERVING, 2 NOT_SERVING,
// 3 SERVICE_UNKNOWN).
int HealthStatusOf(const grpc::ByteBuffer& reply) {
  std::vector<grpc::Slice> slices;
  if (!reply.Dump(&slices).ok()) return 0;
  std::string bytes;
  for (const grpc::Slice& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  if (bytes.size() >= 2 && bytes[0] == '\x08') return static_cast<unsigned char>(bytes[1]);
  return 0;
}

const char* HealthStatusName(int status) {
  switch (status) {
    case 1:
      return "SERVING";
    case 2:
      return "NOT_SERVING";
    case 3:
      return "SERVICE_UNKNOWN";
  }
  return "UNKNOWN";
}

absl::Status Health(const CommandContext& ctx, int timeout_seconds) {
  ConnectionOptions options = ctx.connection;
  options.timeout = std::chrono::seconds(timeout_seconds);
  // Any role's certificate will do; the auditor's can change nothing.
  ASSIGN_OR_RETURN(Connection c, Connection::Connect(options, "auditor"));
  grpc::GenericStub stub(c.channel());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + options.timeout);
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer reply;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request, &reply,
                 [&](grpc::Status s) { done.set_value(std::move(s)); });
  const grpc::Status s = done.get_future().get();
  RETURN_IF_ERROR(FromGrpc(s));
  const int status = HealthStatusOf(reply);
  if (status != 1) {
    return absl::UnavailableError(absl::StrCat(options.server, ": ", HealthStatusName(status)));
  }
  std::cout << options.server << ": SERVING\n";
  return absl::OkStatus();
}

}  // namespace

void AddHealthCommands(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand(
      "health", T("检查 gongxind 是否在服务（标准 gRPC 健康检查，经双向 TLS）；在服务时退出码为 0",
                  "ask gongxind's standard gRPC health check over mutual TLS; exit 0 only when it is SERVING"));
  auto timeout = std::make_shared<int>(5);
  cmd->add_option("--timeout", *timeout, T("等待回答的秒数", "seconds to wait for the answer"))
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->callback([&ctx, timeout] { ctx.Run(Health(ctx, *timeout)); });
}

}  // namespace gongxin::client
