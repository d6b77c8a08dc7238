#include "client/command_context.h"

#include <cstdlib>
#include <string>

#include "util/cli_lang.h"

namespace gongxin::client {
namespace {

using util::T;

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

}  // namespace

CommandContext CommandContext::FromEnvironment(int argc, char** argv) {
  CommandContext ctx;
  ctx.connection.server = EnvOr("GONGXIN_SERVER", ctx.connection.server);
  ctx.connection.pki_dir = EnvOr("GONGXIN_PKI", "");
  ctx.lang = util::SetCliLanguage(argc, argv);
  return ctx;
}

void AddGlobalOptions(CLI::App& app, CommandContext& ctx) {
  ConnectionOptions& c = ctx.connection;
  app.add_option("--server", c.server, T("gongxind 的地址 主机:端口（环境变量 GONGXIN_SERVER）", "gongxind address host:port (env GONGXIN_SERVER)"))
      ->capture_default_str();
  app.add_option("--pki", c.pki_dir, T("`gongxin pki init` 生成的证书目录（环境变量 GONGXIN_PKI）", "directory from `gongxin pki init` (env GONGXIN_PKI)"));
  app.add_option("--as", c.identity,
                 T("证书目录中的客户端证书名称（默认：命令所需的角色）",
                   "client certificate name in the PKI directory (default: the command's role)"));
  app.add_option("--ca", c.ca_file, T("CA 证书（PEM）", "CA certificate (PEM)"));
  app.add_option("--cert", c.cert_file, T("客户端证书（PEM）", "client certificate (PEM)"));
  app.add_option("--key", c.key_file, T("客户端私钥（PEM）", "client key (PEM)"));
  app.add_flag("--insecure", c.insecure, T("以明文连接本机演示服务器（仅限回环地址）", "plaintext to a loopback demo server"));
  app.add_option("--lang", ctx.lang, T("zh-CN（默认）或 en（环境变量 GONGXIN_LANG）", "zh-CN (default) or en (env GONGXIN_LANG)"))
      ->check(CLI::IsMember({"zh-CN", "zh", "en"}));
}

}  // namespace gongxin::client
