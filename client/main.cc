// gongxin: the command line for admins, kiosks, tally officers and auditors.
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include <unistd.h>

#include <filesystem>
#include <map>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "client/ballot_input.h"
#include "client/form_display.h"
#include "kiosk/kiosk.h"
#include "client/next_round.h"
#include "client/report_commands.h"
#include "kiosk/connection.h"
#include "client/officer_commands.h"
#include "client/result_format.h"
#include "client/spec_loader.h"
#include "client/receipt_check.h"
#include "client/refusal.h"
#include "client/registry_commands.h"
#include "client/cosign_commands.h"
#include "client/export_fetch.h"
#include "client/output_file.h"
#include "client/transparency_commands.h"
#include "crypto/cosignature.h"
#include "crypto/ed25519.h"
#include "crypto/encoding.h"
#include "crypto/key_file.h"
#include "crypto/x509.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "google/protobuf/util/json_util.h"
#include "ledger/export.h"
#include "ledger/signing.h"
#include "util/cli_lang.h"
#include "util/proto_word.h"
#include "util/status_macros.h"
#include "verifier/audit_verify.h"
#include "verifier/receipts.h"
#include "verifier/verifier.h"

namespace gongxin::client {
namespace {

using util::CliEnglishFlag;
using util::T;

// Exit codes: 0 success, 1 refused or failed, 2 usage (CLI11), 3 the audit
// found the record bad.
using verifier::kExitAuditFailed;
using verifier::kExitFailed;
using kiosk::CastResult;
using kiosk::CheckInResult;
using kiosk::DefaultKioskStateDir;
using kiosk::GetMeeting;
using kiosk::Kiosk;

struct Globals {
  ConnectionOptions connection;
  std::string lang = "zh-CN";
};

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

bool English(const Globals& g) { return g.lang == "en"; }
// The report formatter speaks "zh-CN" or "en".
std::string Locale(const Globals& g) { return English(g) ? "en" : "zh-CN"; }

// Serialised protos travel between commands as one base64 word, so a kiosk
// script can pass a credential or a receipt along a pipe (util/proto_word.h).
std::string Encode(const google::protobuf::Message& m) { return util::EncodeWord(m); }
template <typename T>
absl::StatusOr<T> Decode(absl::string_view what, absl::string_view text) {
  return util::DecodeWord<T>(what, text);
}

absl::StatusOr<Connection> Connect(const Globals& g, const std::string& role) {
  return Connection::Connect(g.connection, role);
}

absl::StatusOr<v1::MeetingStatus> TargetStatus(const std::string& verb) {
  if (verb == "announce") return v1::MEETING_STATUS_ANNOUNCED;
  if (verb == "open") return v1::MEETING_STATUS_OPEN;
  if (verb == "close") return v1::MEETING_STATUS_CLOSED;
  if (verb == "publish") return v1::MEETING_STATUS_PUBLISHED;
  return absl::InvalidArgumentError(absl::StrCat("unknown transition ", verb));
}

// ---- pki -----------------------------------------------------------------

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

// ---- meeting -------------------------------------------------------------

absl::Status MeetingCreate(const Globals& g, const std::string& spec_path,
                           const std::string& roll_path) {
  ASSIGN_OR_RETURN(LoadedMeeting loaded, LoadMeetingSpec(spec_path, roll_path));
  ASSIGN_OR_RETURN(Connection c, Connect(g, "admin"));
  auto stub = v1::MeetingService::NewStub(c.channel());
  v1::CreateMeetingRequest req;
  *req.mutable_spec() = std::move(loaded.spec);
  *req.mutable_roll() = std::move(loaded.roll);
  v1::CreateMeetingResponse resp;
  auto ctx = c.NewContext();
  RETURN_IF_ERROR(FromGrpc(stub->CreateMeeting(ctx.get(), req, &resp)));
  std::cout << resp.meeting_id() << "\n";
  return absl::OkStatus();
}

absl::Status MeetingTransition(const Globals& g, const std::string& verb,
                               const std::string& id) {
  ASSIGN_OR_RETURN(v1::MeetingStatus target, TargetStatus(verb));
  ASSIGN_OR_RETURN(Connection c, Connect(g, "admin"));
  auto stub = v1::MeetingService::NewStub(c.channel());
  v1::TransitionMeetingRequest req;
  req.set_meeting_id(id);
  req.set_target(target);
  v1::TransitionMeetingResponse resp;
  auto ctx = c.NewContext();
  RETURN_IF_ERROR(FromGrpc(stub->TransitionMeeting(ctx.get(), req, &resp)));
  std::cout << id << ": " << StatusName(resp.status(), Locale(g)) << "\n";
  return absl::OkStatus();
}

void PrintInfo(const Globals& g, const v1::MeetingInfo& info) {
  const bool en = English(g);
  std::cout << info.spec().title() << "\n"
            << (en ? "unit:       " : "单位：    ") << info.spec().unit() << "\n"
            << (en ? "meeting:    " : "会议编号：") << info.meeting_id() << "\n"
            << (en ? "status:     " : "状态：    ") << StatusName(info.status(), Locale(g))
            << (info.closing() ? (en ? " (closing stopped half-way: repeat `meeting close`)"
                                     : "（关闭未完成：请再次执行 meeting close）")
                               : "")
            << "\n"
            << (en ? "roll:       " : "应到：    ") << info.roll_size() << "\n"
            << (en ? "checked in: " : "实到：    ") << info.checked_in() << "\n"
            << (en ? "cast:       " : "已投票数：") << info.cast() << "\n";
  for (const v1::FormProgress& f : info.forms()) {
    std::string title = f.form_id();
    for (const v1::Form& form : info.spec().forms()) {
      if (form.id() == f.form_id()) title = form.title();
    }
    std::cout << "  " << title << " (" << f.form_id() << "): "
              << (en ? "due " : "应到 ") << f.due() << (en ? ", issued " : "，发出 ")
              << f.issued() << (en ? ", returned " : "，收回 ") << f.returned() << "\n";
  }
  std::cout << (en ? "ledger:     " : "账本：    ") << info.head().size()
            << (en ? " entries, head " : " 条，头哈希 ")
            << crypto::HexEncode(info.head().head_hash()) << "\n";
}

absl::Status MeetingShow(const Globals& g, const std::string& id, const std::string& format) {
  ASSIGN_OR_RETURN(Connection c, Connect(g, "admin"));
  ASSIGN_OR_RETURN(v1::MeetingInfo info, GetMeeting(c, id));
  if (format == "json") {
    std::string json;
    google::protobuf::util::JsonPrintOptions o;
    o.add_whitespace = true;
    o.preserve_proto_field_names = true;
    (void)google::protobuf::util::MessageToJsonString(info, &json, o);
    std::cout << json;
    return absl::OkStatus();
  }
  PrintInfo(g, info);
  return absl::OkStatus();
}

// Rules S-8, A9: the next round's spec from the previous meeting's count.
absl::Status MeetingNextRound(const Globals& g, const std::string& id, const std::string& form,
                              const std::string& question, uint32_t top,
                              const std::string& roll, const std::string& out_path) {
  ASSIGN_OR_RETURN(Connection c, Connect(g, "admin"));
  NextRoundRequest request;
  request.previous_meeting_id = id;
  ASSIGN_OR_RETURN(v1::MeetingInfo info, GetMeeting(c, id));
  request.previous_spec = info.spec();
  auto stub = v1::TallyService::NewStub(c.channel());
  v1::GetResultRequest req;
  req.set_meeting_id(id);
  v1::CountResponse resp;
  auto ctx = c.NewContext();
  RETURN_IF_ERROR(FromGrpc(stub->GetResult(ctx.get(), req, &resp)));
  request.previous_result = resp.result();
  request.count_seq = resp.seq();
  request.count_entry_hash = resp.entry_hash();
  request.form_id = form;
  request.question_id = question;
  request.top = top;
  request.roll = roll;
  ASSIGN_OR_RETURN(std::string yaml, NextRoundSpecYaml(request));
  std::ofstream f(out_path, std::ios::binary | std::ios::trunc);
  f << yaml;
  f.close();
  if (!f) return absl::UnavailableError(absl::StrCat("--out ", out_path, ": cannot write"));
  std::cout << (English(g) ? "next round spec written to " : "下一轮推荐会议配置已写入 ")
            << out_path << "\n";
  return absl::OkStatus();
}

absl::Status MeetingList(const Globals& g) {
  ASSIGN_OR_RETURN(Connection c, Connect(g, "admin"));
  auto stub = v1::MeetingService::NewStub(c.channel());
  v1::ListMeetingsResponse resp;
  auto ctx = c.NewContext();
  RETURN_IF_ERROR(FromGrpc(stub->ListMeetings(ctx.get(), {}, &resp)));
  for (const v1::MeetingInfo& m : resp.meetings()) {
    std::cout << m.meeting_id() << "  " << StatusName(m.status(), Locale(g)) << "  "
              << m.checked_in() << "/" << m.roll_size() << "  " << m.spec().title() << "\n";
  }
  return absl::OkStatus();
}

// ---- kiosk ---------------------------------------------------------------

void PrintCastResult(const Globals& g, const CastResult& r) {
  const bool en = English(g);
  if (r.receipt.has_value()) {
    std::cout << (en ? "ballot recorded: form " : "投票成功：表 ") << r.receipt->form_id()
              << (en ? ", ledger entry " : "，账本第 ") << r.receipt->seq()
              << (en ? ", hash " : " 条，哈希 ")
              << crypto::HexEncode(r.receipt->entry_hash()).substr(0, 16) << "…\n"
              << "receipt " << Encode(*r.receipt) << "\n";
  }
  if (r.anonymous_receipt.has_value()) {
    std::cout << (en ? "anonymous ballot in the urn: form " : "无记名票已投入票箱：表 ")
              << r.anonymous_receipt->form_id() << (en ? ", ballot hash " : "，选票哈希 ")
              << crypto::HexEncode(r.anonymous_receipt->ballot_hash()).substr(0, 16) << "…\n"
              << "anonymous-receipt " << Encode(*r.anonymous_receipt) << "\n";
  }
}

// What the voter sees: each form (or one) laid out for its question kinds.
absl::Status KioskForm(const Globals& g, const std::string& meeting, const std::string& form_id) {
  ASSIGN_OR_RETURN(Connection c, Connect(g, "kiosk"));
  ASSIGN_OR_RETURN(v1::MeetingInfo info, GetMeeting(c, meeting));
  bool shown = false;
  for (const v1::Form& form : info.spec().forms()) {
    if (!form_id.empty() && form.id() != form_id) continue;
    std::cout << (shown ? "\n" : "") << FormatForm(form, English(g));
    shown = true;
  }
  if (!shown) {
    return absl::NotFoundError(absl::StrCat("--form: meeting ", meeting, " has no form \"",
                                            form_id, "\""));
  }
  return absl::OkStatus();
}

absl::Status KioskCheckIn(const Globals& g, const std::string& meeting, const std::string& voter,
                          const std::string& state_dir) {
  ASSIGN_OR_RETURN(Connection c, Connect(g, "kiosk"));
  Kiosk kiosk(c, state_dir);
  ASSIGN_OR_RETURN(CheckInResult r, kiosk.CheckIn(meeting, voter));
  std::cout << (English(g) ? "checked in: " : "已签到：") << r.voter_name << " (" << r.group
            << ")\n";
  for (const v1::Credential& cred : r.credentials) {
    std::cout << "credential " << cred.form_id() << " " << Encode(cred) << "\n";
  }
  for (const v1::AnonymousToken& token : r.tokens) {
    std::cout << "token " << token.form_id() << " " << Encode(token) << "\n";
  }
  return absl::OkStatus();
}

absl::Status KioskCast(const Globals& g, const std::string& credential_text,
                       const std::string& token_text, const BallotFlags& flags) {
  if (credential_text.empty() == token_text.empty()) {
    return absl::InvalidArgumentError("give exactly one of --credential and --token");
  }
  std::optional<v1::Credential> credential;
  std::optional<v1::AnonymousToken> token;
  if (!credential_text.empty()) {
    ASSIGN_OR_RETURN(credential, Decode<v1::Credential>("credential", credential_text));
  } else {
    ASSIGN_OR_RETURN(token, Decode<v1::AnonymousToken>("token", token_text));
  }
  const std::string meeting = credential ? credential->meeting_id() : token->meeting_id();
  const std::string form = credential ? credential->form_id() : token->form_id();
  ASSIGN_OR_RETURN(Connection c, Connect(g, "kiosk"));
  ASSIGN_OR_RETURN(v1::MeetingInfo info, GetMeeting(c, meeting));
  ASSIGN_OR_RETURN(auto ballots, BuildBallots(info.spec(), {form}, flags));
  Kiosk kiosk(c, DefaultKioskStateDir());
  ASSIGN_OR_RETURN(CastResult r, credential ? kiosk.CastNamed(*credential, ballots[form])
                                            : kiosk.CastAnonymous(*token, ballots[form]));
  PrintCastResult(g, r);
  return absl::OkStatus();
}

absl::Status KioskVote(const Globals& g, const std::string& meeting, const std::string& voter,
                       const std::vector<std::string>& only_forms, const BallotFlags& flags,
                       const std::string& state_dir) {
  ASSIGN_OR_RETURN(Connection c, Connect(g, "kiosk"));
  ASSIGN_OR_RETURN(v1::MeetingInfo info, GetMeeting(c, meeting));
  Kiosk kiosk(c, state_dir);
  ASSIGN_OR_RETURN(CheckInResult held, kiosk.CheckIn(meeting, voter));
  std::map<std::string, const v1::Credential*> credentials;
  std::map<std::string, const v1::AnonymousToken*> tokens;
  for (const auto& cred : held.credentials) credentials[cred.form_id()] = &cred;
  for (const auto& token : held.tokens) tokens[token.form_id()] = &token;
  std::vector<std::string> forms;
  for (const v1::Form& form : info.spec().forms()) {
    const bool holds = credentials.contains(form.id()) || tokens.contains(form.id());
    const bool wanted = only_forms.empty() ||
                        std::find(only_forms.begin(), only_forms.end(), form.id()) != only_forms.end();
    if (holds && wanted) forms.push_back(form.id());
  }
  for (const std::string& f : only_forms) {
    if (std::find(forms.begin(), forms.end(), f) == forms.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--form: voter ", voter, " holds no uncast form \"", f, "\""));
    }
  }
  // From here on the voter's tokens exist only in this process (their
  // blinding states are gone): if anything fails, the unspent ones are
  // printed so the chair can cast them with `kiosk cast --token`, instead of
  // the voter losing the anonymous forms.
  std::vector<std::string> spent;
  auto keep_unspent = [&](const absl::Status& failure) {
    for (const v1::AnonymousToken& token : held.tokens) {
      if (std::find(spent.begin(), spent.end(), token.form_id()) != spent.end()) continue;
      std::cerr << (English(g) ? "unspent token for form " : "未使用的选票令牌，表 ")
                << token.form_id() << (English(g) ? " (cast it with: gongxin kiosk cast --token "
                                                  : "（可用 gongxin kiosk cast --token ")
                << Encode(token) << (English(g) ? " ...)\n" : " ... 投出）\n");
    }
    return failure;
  };
  absl::StatusOr<std::map<std::string, v1::Ballot>> ballots =
      BuildBallots(info.spec(), forms, flags);
  if (!ballots.ok()) return keep_unspent(ballots.status());
  for (const std::string& f : forms) {
    absl::StatusOr<CastResult> r = credentials.contains(f)
                                       ? kiosk.CastNamed(*credentials[f], (*ballots)[f])
                                       : kiosk.CastAnonymous(*tokens[f], (*ballots)[f]);
    if (!r.ok()) return keep_unspent(r.status());
    if (tokens.contains(f)) spent.push_back(f);
    PrintCastResult(g, *r);
  }
  return absl::OkStatus();
}

// ---- tally ---------------------------------------------------------------

absl::Status PrintResult(const Globals& g, const Connection& c, const std::string& id,
                         const v1::CountResponse& resp, const std::string& format) {
  ASSIGN_OR_RETURN(ResultFormat f, ParseResultFormat(format));
  ASSIGN_OR_RETURN(v1::MeetingInfo info, GetMeeting(c, id));
  std::cout << FormatTallyResult(resp.result(), info.spec(), f, Locale(g));
  if (f == ResultFormat::kTable) {
    std::cout << (English(g) ? "count recorded at ledger entry " : "计票结果记入账本第 ")
              << resp.seq() << (English(g) ? ", hash " : " 条，哈希 ")
              << crypto::HexEncode(resp.entry_hash()) << "\n"
              << (English(g) ? "signed ledger head: " : "服务器签名的账本头：")
              << resp.head().size() << " / " << crypto::HexEncode(resp.head().head_hash())
              << "\n";
  }
  return absl::OkStatus();
}

absl::Status TallyCount(const Globals& g, const std::string& id, const std::string& format) {
  ASSIGN_OR_RETURN(Connection c, Connect(g, "officer"));
  auto stub = v1::TallyService::NewStub(c.channel());
  v1::CountRequest req;
  req.set_meeting_id(id);
  v1::CountResponse resp;
  auto ctx = c.NewContext();
  RETURN_IF_ERROR(FromGrpc(stub->Count(ctx.get(), req, &resp)));
  return PrintResult(g, c, id, resp, format);
}

absl::Status TallyShow(const Globals& g, const std::string& id, const std::string& format) {
  ASSIGN_OR_RETURN(Connection c, Connect(g, "officer"));
  auto stub = v1::TallyService::NewStub(c.channel());
  v1::GetResultRequest req;
  req.set_meeting_id(id);
  v1::CountResponse resp;
  auto ctx = c.NewContext();
  RETURN_IF_ERROR(FromGrpc(stub->GetResult(ctx.get(), req, &resp)));
  return PrintResult(g, c, id, resp, format);
}

// ---- audit ---------------------------------------------------------------

absl::Status AuditExport(const Globals& g, const std::string& id, const std::string& out_path,
                         bool public_export = false) {
  ASSIGN_OR_RETURN(Connection c, Connect(g, "auditor"));
  uint64_t records = 0;
  // A full export holds the openings: who chose what on named forms.
  RETURN_IF_ERROR(WriteOutputFile(
      out_path, public_export ? kPublicFileMode : kPrivateFileMode,
      [&](std::ostream& out) -> absl::Status {
        ASSIGN_OR_RETURN(records, StreamExport(c, id, public_export, out));
        return absl::OkStatus();
      }));
  std::cout << "exported meeting " << id << ": " << records << " records to " << out_path
            << "\n";
  return absl::OkStatus();
}

// receipt check: is the ballot behind a receipt in the meeting's record?
int ReceiptCheck(const Globals& g, const std::string& receipt_text, const std::string& meeting,
                 const std::string& trust_path, std::string export_path) {
  auto trusted = verifier::LoadTrustedKey(trust_path);
  if (!trusted.ok()) {
    std::cerr << "gongxin: --trust " << trust_path << ": " << trusted.status().message() << "\n";
    return kExitFailed;
  }
  verifier::VerifyOptions options;
  absl::Status parsed = verifier::ParseReceipts(receipt_text, &options);
  if (parsed.ok() && options.receipts.empty() && options.anonymous_receipts.empty()) {
    parsed = absl::InvalidArgumentError("no receipt given");
  }
  if (!parsed.ok()) {
    std::cerr << "gongxin: " << parsed.message() << "\n";
    return kExitFailed;
  }
  // Without --export the full export is fetched into memory: it says who
  // chose what, so it never touches a shared directory such as /tmp.
  std::string fetched;
  if (export_path.empty()) {
    absl::StatusOr<Connection> c = Connect(g, "auditor");
    absl::StatusOr<std::string> exported =
        c.ok() ? FetchExport(*c, meeting, /*public_export=*/false) : c.status();
    if (!exported.ok()) return ReportRefusal(exported.status());
    fetched = *std::move(exported);
  }
  std::ifstream file;
  std::istringstream memory(fetched);
  if (!export_path.empty()) file.open(export_path, std::ios::binary);
  std::istream& in = export_path.empty() ? static_cast<std::istream&>(memory) : file;
  auto verdict = verifier::VerifyExport(in, *trusted, options);
  if (!verdict.ok()) {
    const bool omitted = absl::StrContains(verdict.status().message(), "proof of omission");
    std::cout << (omitted ? "OMITTED: " : "FAILED: ") << verdict.status().message() << "\n";
    return kExitAuditFailed;
  }
  std::cout << (English(g) ? "included: the ballot is in the verified record of meeting "
                           : "已计入：选票在经验证的会议记录中，会议 ")
            << verdict->meeting_id << "\n";
  return 0;
}

}  // namespace
}  // namespace gongxin::client

int main(int argc, char** argv) {
  using namespace gongxin::client;
  Globals g;
  g.connection.server = EnvOr("GONGXIN_SERVER", g.connection.server);
  g.connection.pki_dir = EnvOr("GONGXIN_PKI", "");
  g.lang = gongxin::util::SetCliLanguage(argc, argv);

  CLI::App app{T("gongxin — 公信：干部选拔任用会议的投票、计票与审计（管理员、投票终端、计票人员、审计人员）", "gongxin — 公信: ballots for cadre-selection meetings (admin, kiosk, officer, auditor)")};
  gongxin::util::LocaliseApp(app);
  app.require_subcommand(1);
  // Global options may also follow the subcommand (`gongxin tally show ID --lang en`).
  app.fallthrough();
  app.add_option("--server", g.connection.server, T("gongxind 的地址 主机:端口（环境变量 GONGXIN_SERVER）", "gongxind address host:port (env GONGXIN_SERVER)"))
      ->capture_default_str();
  app.add_option("--pki", g.connection.pki_dir, T("`gongxin pki init` 生成的证书目录（环境变量 GONGXIN_PKI）", "directory from `gongxin pki init` (env GONGXIN_PKI)"));
  app.add_option("--as", g.connection.identity,
                 T("证书目录中的客户端证书名称（默认：命令所需的角色）",
                   "client certificate name in the PKI directory (default: the command's role)"));
  app.add_option("--ca", g.connection.ca_file, T("CA 证书（PEM）", "CA certificate (PEM)"));
  app.add_option("--cert", g.connection.cert_file, T("客户端证书（PEM）", "client certificate (PEM)"));
  app.add_option("--key", g.connection.key_file, T("客户端私钥（PEM）", "client key (PEM)"));
  app.add_flag("--insecure", g.connection.insecure, T("以明文连接本机演示服务器（仅限回环地址）", "plaintext to a loopback demo server"));
  app.add_option("--lang", g.lang, T("zh-CN（默认）或 en（环境变量 GONGXIN_LANG）", "zh-CN (default) or en (env GONGXIN_LANG)"))
      ->check(CLI::IsMember({"zh-CN", "zh", "en"}));

  int rc = 0;
  auto run = [&rc](absl::Status s) { rc = ReportRefusal(s); };

  // pki
  auto* pki = app.add_subcommand("pki", T("本机证书颁发机构，用于快速开始", "local certificate authority for a quick start"));
  pki->require_subcommand(1);
  static std::string pki_dir, role, name;
  auto* pki_init = pki->add_subcommand("init", T("生成 CA、服务器证书和每个角色一张客户端证书", "make a CA, a server certificate and one client certificate per role"));
  pki_init->add_option("dir", pki_dir, T("证书目录", "PKI directory"))->required();
  pki_init->callback([&] { run(PkiInit(pki_dir)); });
  auto* pki_issue = pki->add_subcommand("issue", T("再签发一张客户端证书", "issue another client certificate"));
  pki_issue->add_option("dir", pki_dir, T("证书目录", "PKI directory"))->required();
  pki_issue->add_option("--role", role, T("角色：admin、kiosk、officer 或 auditor", "role: admin, kiosk, officer or auditor"))->required()->check(CLI::IsMember({"admin", "kiosk", "officer", "auditor"}));
  pki_issue->add_option("--name", name, T("证书名称，例如 officer-2", "certificate name, e.g. officer-2"))->required();
  pki_issue->callback([&] { run(PkiIssue(pki_dir, role, name)); });

  // meeting
  static std::string spec, roll, meeting_id, format = "table";
  auto* meeting = app.add_subcommand("meeting", T("登记会议并推进会议状态（管理员）", "create meetings and move them through their states (admin)"));
  meeting->require_subcommand(1);
  auto* create = meeting->add_subcommand("create", T("依据会议规格（YAML 或 JSON）和名册（CSV）登记会议", "register a meeting from a spec (YAML or JSON) and a roll (CSV)"));
  create->add_option("--spec", spec, T("会议规格文件", "meeting spec file"))->required()->check(CLI::ExistingFile);
  create->add_option("--roll", roll, T("名册 CSV（默认：规格中的 `roll:`）", "roll CSV (default: the spec's `roll:`)"));
  create->callback([&] { run(MeetingCreate(g, spec, roll)); });
  for (const char* verb : {"announce", "open", "close", "publish"}) {
    auto* sub = meeting->add_subcommand(
        verb, CliEnglishFlag() ? std::string("move the meeting to ") + verb
                               : std::string("将会议推进到：") + verb);
    sub->add_option("id", meeting_id, T("会议编号", "meeting id"))->required();
    sub->callback([&, verb] { run(MeetingTransition(g, verb, meeting_id)); });
  }
  auto* show = meeting->add_subcommand("show", T("状态、应到、实到和已投票数", "state, roll size, check-ins and ballots cast"));
  show->add_option("id", meeting_id, T("会议编号", "meeting id"))->required();
  show->add_option("--format", format, T("table（表格）或 json", "table or json"))->check(CLI::IsMember({"table", "json"}));
  show->callback([&] { run(MeetingShow(g, meeting_id, format)); });
  static std::string next_form, next_question, next_out, next_roll;
  static uint32_t next_top = 0;
  auto* next_round = meeting->add_subcommand(
      "next-round", T("依据已计票会议的前 N 名生成下一轮的会议规格（规则 S-8、A9）", "write the spec of the next round from a counted meeting's top N (S-8, A9)"));
  next_round->add_option("id", meeting_id, T("上一轮的会议编号", "the previous round's meeting"))->required();
  next_round->add_option("--form", next_form, T("上一轮的票表", "the previous round's form"))->required();
  next_round->add_option("--question", next_question,
                         T("其中的推荐题（默认：该票表唯一的一题）", "its approval question (default: the form's only one)"));
  next_round->add_option("--top", next_top, T("进入下一轮的人数；在分界处并列的全部进入", "how many go through; ties at the cut all do"))
      ->required()
      ->check(CLI::PositiveNumber);
  next_round->add_option("--roll", next_roll, T("写入规格 `roll:` 的名册 CSV", "roll CSV to name in the spec's `roll:`"));
  next_round->add_option("--out", next_out, T("要写出的规格文件（YAML）", "spec file to write (YAML)"))->required();
  next_round->callback([&] {
    run(MeetingNextRound(g, meeting_id, next_form, next_question, next_top, next_roll, next_out));
  });
  auto* list = meeting->add_subcommand("list", T("服务器上的全部会议", "every meeting on the server"));
  list->callback([&] { run(MeetingList(g)); });

  // kiosk
  static std::string voter, credential, token, state_dir = DefaultKioskStateDir();
  static std::vector<std::string> vote_forms;
  static BallotFlags flags;
  auto* kiosk = app.add_subcommand("kiosk", T("投票人签到并投票（投票终端）", "check voters in and cast ballots (kiosk)"));
  kiosk->require_subcommand(1);
  kiosk->add_option("--state-dir", state_dir,
                    T("签到后、取得票证前，盲化票证的暂存目录（环境变量 GONGXIN_KIOSK_STATE）", "where blinded tokens wait between check-in and token (env GONGXIN_KIOSK_STATE)"))
      ->capture_default_str();
  auto* checkin = kiosk->add_subcommand("checkin", T("为投票人签到；每张实名票表打印一个凭证，每张无记名票表打印一个票证", "check a voter in; prints a credential per named form and a token per anonymous form"));
  checkin->add_option("--meeting", meeting_id, T("会议编号", "meeting id"))->required();
  checkin->add_option("--voter", voter, T("投票人编号（名册中的 id）", "voter id (as on the roll)"))->required();
  checkin->callback([&] { run(KioskCheckIn(g, meeting_id, voter, state_dir)); });
  static std::string show_form;
  auto* kform = kiosk->add_subcommand("form", T("按投票人所见显示票表", "show the ballot of a form as the voter sees it"));
  kform->add_option("--meeting", meeting_id, T("会议编号", "meeting id"))->required();
  kform->add_option("--form", show_form, T("只显示此票表", "only this form"));
  kform->callback([&] { run(KioskForm(g, meeting_id, show_form)); });
  auto add_choices = [&](CLI::App* sub) {
    sub->add_option("--choose", flags.choose, T("题目=人选[,人选...]（可重复）", "QUESTION=CANDIDATE[,CANDIDATE...] (repeatable)"));
    sub->add_option("--write-in", flags.write_ins, T("题目=姓名：另推他人（可重复）", "QUESTION=NAME: 另推他人 (repeatable)"));
    sub->add_option("--grade", flags.grades, T("题目=测评对象:等次[,测评对象:等次...]（可重复）", "QUESTION=SUBJECT:GRADE[,SUBJECT:GRADE...] (repeatable)"));
    sub->add_option("--decide", flags.decide,
                    T("题目=人选:agree|disagree|abstain|defer[,...]：票决（同意/不同意/弃权/缓议，可重复）",
                      "QUESTION=CANDIDATE:agree|disagree|abstain|defer[,...]: 票决 (repeatable)"));
    sub->add_option("--element", flags.elements,
                    T("题目=要素:人选[,...]：每个要素一人（可重复）",
                      "QUESTION=ELEMENT:CANDIDATE[,...]: one person per element (repeatable)"));
    sub->add_option("--tick", flags.ticks,
                    T("题目=测评对象:项目[,项目...]：为一个对象勾选的项目（可重复）",
                      "QUESTION=SUBJECT:ITEM[,ITEM...]: checklist items for one subject (repeatable)"));
  };
  auto* cast = kiosk->add_subcommand("cast", T("凭凭证或票证投出已填选票；打印回执", "cast a filled ballot with a credential or a token; prints the receipt"));
  cast->add_option("--credential", credential, T("签到时打印的凭证（实名票表）", "credential printed by checkin (named form)"));
  cast->add_option("--token", token, T("签到时打印的票证（无记名票表）", "token printed by checkin (anonymous form)"));
  add_choices(cast);
  cast->callback([&] { run(KioskCast(g, credential, token, flags)); });
  auto* vote = kiosk->add_subcommand("vote", T("一次完成签到并投出投票人的全部票表", "check in and cast every form the voter holds, in one call"));
  vote->add_option("--meeting", meeting_id, T("会议编号", "meeting id"))->required();
  vote->add_option("--voter", voter, T("投票人编号（名册中的 id）", "voter id (as on the roll)"))->required();
  vote->add_option("--form", vote_forms, T("只投这些票表（可重复）", "cast only these forms (repeatable)"));
  add_choices(vote);
  vote->callback([&] { run(KioskVote(g, meeting_id, voter, vote_forms, flags, state_dir)); });

  // receipt
  static std::string receipt_text, receipt_trust, receipt_export;
  auto* receipt = app.add_subcommand("receipt", T("依据会议记录核对投票人的回执", "check a voter's receipt against the meeting's record"));
  receipt->require_subcommand(1);
  auto* rcheck = receipt->add_subcommand("check", T("已计入，或证明服务器签收的选票缺失", "included, or proof that a ballot the server signed for is missing"));
  rcheck->add_option("receipt", receipt_text, T("投票终端打印的回执（一个词或数行）", "the receipt word (or lines) printed by the kiosk"))->required();
  rcheck->add_option("--meeting", meeting_id, T("会议编号（用导出文件核对时）", "the meeting (export check)"));
  rcheck->add_option("--trust", receipt_trust, T("服务器公钥（PEM）（用导出文件核对时）", "server public key (PEM) (export check)"));
  rcheck->add_option("--export", receipt_export, T("使用此导出文件，不从服务器获取（审计角色）", "use this export instead of fetching one (auditor role)"));
  // With --trust-note-key: the Merkle-log check of client/receipt_check.h.
  static ReceiptProofOptions proof_check;
  rcheck->add_option("--trust-note-key", proof_check.note_key,
                     T("服务器检查点的验证密钥：用默克尔日志核对，不用导出文件",
                       "server's checkpoint verifier key: check with the Merkle log, not an export"));
  rcheck->add_option("--checkpoint", proof_check.checkpoint_path, T("之后的签名检查点（离线）", "a later signed checkpoint (offline)"));
  rcheck->add_option("--proof", proof_check.proof_path,
                     T("对 --checkpoint 的包含证明，每行一个 base64 哈希（离线）",
                       "inclusion proof into --checkpoint, one base64 hash per line (offline)"));
  rcheck->add_flag("--online", proof_check.online, T("从服务器获取最新检查点和证明", "fetch the latest checkpoint and proof from the server"));
  rcheck->callback([&] {
    if (!proof_check.note_key.empty()) {
      proof_check.receipt_text = receipt_text;
      proof_check.english = English(g);
      rc = ReceiptCheckWithProof(g.connection, proof_check);
      return;
    }
    if (meeting_id.empty() || receipt_trust.empty()) {
      std::cerr << "gongxin: receipt check: --meeting and --trust are required (or "
                   "--trust-note-key for the Merkle-log check)\n";
      rc = kExitFailed;
      return;
    }
    rc = ReceiptCheck(g, receipt_text, meeting_id, receipt_trust, receipt_export);
  });

  // tally
  auto* tally = app.add_subcommand("tally", T("对已结束的会议计票并显示结果（计票人员）", "count a closed meeting and show the result (officer)"));
  tally->require_subcommand(1);
  auto* count = tally->add_subcommand("count", T("计票、签名并将结果记入账本", "count, sign and record the result on the ledger"));
  count->add_option("id", meeting_id, T("会议编号", "meeting id"))->required();
  count->add_option("--format", format, T("table（表格）、json 或 csv", "table, json or csv"))->check(CLI::IsMember({"table", "json", "csv"}));
  count->callback([&] { run(TallyCount(g, meeting_id, format)); });
  auto* tshow = tally->add_subcommand("show", T("显示已记录的计票结果", "show the recorded count"));
  tshow->add_option("id", meeting_id, T("会议编号", "meeting id"))->required();
  tshow->add_option("--format", format, T("table（表格）、json 或 csv", "table, json or csv"))->check(CLI::IsMember({"table", "json", "csv"}));
  tshow->callback([&] { run(TallyShow(g, meeting_id, format)); });
  // officer score|veto, tally approve (rules S-2, S-3; two-officer approval)
  AddOfficerCommands(app, *tally, g.connection, g.lang, rc);
  AddReportCommands(*tally, *meeting, g.connection, g.lang, rc);

  // audit
  static std::string out;
  auto* audit = app.add_subcommand("audit", T("导出会议记录并离线核验（审计人员）", "export a meeting's record and verify it offline (auditor)"));
  audit->require_subcommand(1);
  auto* exp = audit->add_subcommand("export", T("下载会议的完整记录", "download the full record of a meeting"));
  exp->add_option("id", meeting_id, T("会议编号", "meeting id"))->required();
  exp->add_option("--out", out, T("导出文件", "export file"))->required();
  static bool public_export = false;
  exp->add_flag("--public", public_export,
                T("不含投票人承诺开启值：任何人都可核验，且无人能看出实名票表上谁选了什么",
                  "leave out the voters' openings: verifiable by anyone, and nobody can tell who "
                  "chose what on a named form"));
  exp->callback([&] { run(AuditExport(g, meeting_id, out, public_export)); });
  auto* verify = audit->add_subcommand("verify", T("用服务器公钥离线核验导出文件", "verify an export offline against the server's public key"));
  static gongxin::verifier::AuditVerifyArgs verify_args;
  gongxin::verifier::AddAuditVerifyOptions(*verify, verify_args);
  verify->callback([&] { rc = gongxin::verifier::AuditVerify(verify_args, std::cout, std::cerr); });
  AddTransparencyCommands(*audit, g.connection, rc);
  AddRegistryCommands(*audit, g.connection, rc);
  AddCosignCommands(*audit, g.connection, rc);

  gongxin::util::LocaliseSubcommandGroups(app);
  CLI11_PARSE(app, argc, argv);
  return rc;
}
