#include "client/pki_commands.h"

#include <algorithm>
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

// The server certificate names 127.0.0.1 and localhost, and the room's own
// addresses and names given, so kiosks and phones on the room's network
// reach gongxind by them (docs/operations.md, "The meeting room").
absl::Status PkiInit(const std::string& dir, const std::vector<std::string>& ips,
                     const std::vector<std::string>& dns) {
  crypto::LocalPkiOptions options;
  for (const std::string& ip : ips) {
    if (std::find(options.server_ips.begin(), options.server_ips.end(), ip) ==
        options.server_ips.end()) {
      options.server_ips.push_back(ip);
    }
  }
  for (const std::string& name : dns) {
    if (std::find(options.server_dns.begin(), options.server_dns.end(), name) ==
        options.server_dns.end()) {
      options.server_dns.push_back(name);
    }
  }
  RETURN_IF_ERROR(crypto::CreateLocalPki(dir, options));
  std::cout << "local PKI written to " << dir
            << ": ca.pem, server.pem/.key, admin, kiosk, officer, auditor, observer "
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
    std::vector<std::string> ips, dns;
  };
  auto init_args = std::make_shared<InitArgs>();
  auto* init = pki->add_subcommand("init", T("生成 CA、服务器证书和每个角色一张客户端证书", "make a CA, a server certificate and one client certificate per role"));
  init->add_option("dir", init_args->dir, T("证书目录", "PKI directory"))->required();
  init->add_option("--ip", init_args->ips,
                   T("服务器证书另外适用的 IP 地址（会场网络上 gongxind 的地址；可重复）",
                     "another IP address the server certificate names (gongxind's address on the "
                     "room's network; repeatable)"));
  init->add_option("--dns", init_args->dns,
                   T("服务器证书另外适用的主机名（可重复）",
                     "another host name the server certificate names (repeatable)"));
  init->callback([&ctx, a = init_args] { ctx.Run(PkiInit(a->dir, a->ips, a->dns)); });

  struct IssueArgs {
    std::string dir, role, name;
  };
  auto issue_args = std::make_shared<IssueArgs>();
  auto* issue = pki->add_subcommand("issue", T("再签发一张客户端证书", "issue another client certificate"));
  issue->add_option("dir", issue_args->dir, T("证书目录", "PKI directory"))->required();
  issue->add_option("--role", issue_args->role, T("角色：admin、kiosk、officer、auditor 或 observer（旁听）", "role: admin, kiosk, officer, auditor or observer"))->required()->check(CLI::IsMember({"admin", "kiosk", "officer", "auditor", "observer"}));
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
