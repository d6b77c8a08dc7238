#include "client/pki_commands.h"

#include <iostream>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "crypto/x509.h"
#include "util/cli_lang.h"
#include "util/status_macros.h"

namespace gongxin::client {
namespace {

using util::T;

absl::Status PkiInit(const std::string& dir) {
  RETURN_IF_ERROR(crypto::CreateLocalPki(dir));
  std::cout << "local PKI written to " << dir
            << ": ca.pem, server.pem/.key, admin, kiosk, officer, auditor "
               "client certificates (keys are mode 0600; keep ca.key offline)\n";
  return absl::OkStatus();
}

absl::Status PkiIssue(const std::string& dir, const std::string& role,
                      const std::string& name) {
  RETURN_IF_ERROR(crypto::IssueClientCertificate(dir, role, name));
  std::cout << "issued " << dir << "/" << name << ".pem for role " << role << "\n";
  return absl::OkStatus();
}

}  // namespace

void AddPkiCommands(CLI::App& app, CommandContext& ctx) {
  auto* pki = app.add_subcommand("pki", T("本机证书颁发机构，用于快速开始", "local certificate authority for a quick start"));
  pki->require_subcommand(1);

  struct InitArgs {
    std::string dir;
  };
  auto init_args = std::make_shared<InitArgs>();
  auto* init = pki->add_subcommand("init", T("生成 CA、服务器证书和每个角色一张客户端证书", "make a CA, a server certificate and one client certificate per role"));
  init->add_option("dir", init_args->dir, T("证书目录", "PKI directory"))->required();
  init->callback([&ctx, a = init_args] { ctx.Run(PkiInit(a->dir)); });

  struct IssueArgs {
    std::string dir, role, name;
  };
  auto issue_args = std::make_shared<IssueArgs>();
  auto* issue = pki->add_subcommand("issue", T("再签发一张客户端证书", "issue another client certificate"));
  issue->add_option("dir", issue_args->dir, T("证书目录", "PKI directory"))->required();
  issue->add_option("--role", issue_args->role, T("角色：admin、kiosk、officer 或 auditor", "role: admin, kiosk, officer or auditor"))->required()->check(CLI::IsMember({"admin", "kiosk", "officer", "auditor"}));
  issue->add_option("--name", issue_args->name, T("证书名称，例如 officer-2", "certificate name, e.g. officer-2"))->required();
  issue->callback([&ctx, a = issue_args] { ctx.Run(PkiIssue(a->dir, a->role, a->name)); });
}

}  // namespace gongxin::client
