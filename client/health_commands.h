// `gongxin health`: asks gongxind's standard gRPC health service
// (grpc.health.v1.Health/Check) over the same mutual TLS as every other
// verb, and exits 0 only when it answers SERVING — a probe for systemd,
// monitoring or a Kubernetes exec probe (deploy/kubernetes/), none of which
// can show a client certificate to a TLS gRPC server by themselves.
#ifndef GONGXIN_CLIENT_HEALTH_COMMANDS_H_
#define GONGXIN_CLIENT_HEALTH_COMMANDS_H_

#include "CLI/CLI.hpp"
#include "client/command_context.h"

namespace gongxin::client {

void AddHealthCommands(CLI::App& app, CommandContext& ctx);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_HEALTH_COMMANDS_H_
