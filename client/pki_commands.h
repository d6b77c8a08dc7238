// `gongxin pki init|issue|issue-server`: a local certificate authority for a quick start
// (crypto/x509.h), so that gongxind and each role's client speak mutual TLS
// without an organisation's own CA.
#ifndef GONGXIN_CLIENT_PKI_COMMANDS_H_
#define GONGXIN_CLIENT_PKI_COMMANDS_H_

#include "CLI/CLI.hpp"
#include "client/command_context.h"

namespace gongxin::client {

// Adds
//   pki init DIR                              CA, server and one client certificate per role
//   pki issue DIR --role ROLE --name NAME     another client certificate
//   pki issue-server DIR --name NAME --ip IP... --dns NAME...
//                                             another server certificate (the phone page)
void AddPkiCommands(CLI::App& app, CommandContext& ctx);

}  // namespace gongxin::client

#endif  // GONGXIN_CLIENT_PKI_COMMANDS_H_
