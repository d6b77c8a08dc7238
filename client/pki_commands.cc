#include "client/pki_commands.h"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_join.h"
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

struct IssueServerArgs {
  std::string dir, name;
  std::vector<std::string> ips, dns;
};

// A second TLS server in the room (the page phones open with a slip): its
// certificate from the same CA, so the one CA certificate is all a phone
// must trust.
absl::Status PkiIssueServer(const CommandContext& ctx, const IssueServerArgs& a) {
  RETURN_IF_ERROR(crypto::IssueServerCertificate(a.dir, a.name, a.ips, a.dns));
  std::vector<std::string> hosts = a.ips;
  hosts.insert(hosts.end(), a.dns.begin(), a.dns.end());
  std::cout << (ctx.English() ? "issued server certificate " : "已签发服务器证书 ") << a.dir
            << "/" << a.name << ".pem" << (ctx.English() ? " for " : "，适用于 ")
            << absl::StrJoin(hosts, ctx.English() ? ", " : "、") << "\n";
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

  auto server_args = std::make_shared<IssueServerArgs>();
  auto* server = pki->add_subcommand("issue-server", T("再签发一张服务器证书（例如手机投票页面）", "issue another server certificate (e.g. for the phone voting page)"));
  server->add_option("dir", server_args->dir, T("证书目录", "PKI directory"))->required();
  server->add_option("--name", server_args->name, T("证书名称，例如 phone-page", "certificate name, e.g. phone-page"))->required();
  server->add_option("--ip", server_args->ips, T("客户端连接的 IP 地址（可重复）", "an IP address clients connect to (repeatable)"));
  server->add_option("--dns", server_args->dns, T("客户端连接的域名（可重复）", "a host name clients connect to (repeatable)"));
  server->callback([&ctx, a = server_args] { ctx.Run(PkiIssueServer(ctx, *a)); });
}

}  // namespace gongxin::client
