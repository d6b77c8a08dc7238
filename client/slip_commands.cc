#include "client/slip_commands.h"

#include <sys/stat.h>

#include <cerrno>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "client/output_file.h"
#include "crypto/key_file.h"
#include "crypto/x509.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "kiosk/kiosk.h"
#include "kiosk/slip.h"
#include "kioskpage/qr_svg.h"
#include "ledger/format.h"
#include "report/messages.h"
#include "report/slips.h"
#include "tally/meeting_state.h"
#include "tally/spec_lookup.h"
#include "util/cli_lang.h"
#include "util/status_macros.h"

namespace gongxin::client {
namespace {

using kiosk::GetMeeting;
using util::T;

// The QR code's printed width: scans from a phone held at reading distance.
constexpr int kQrSizeMm = 30;

struct SheetArgs {
  std::string id, out, page, ca_cert;
};

struct SlipsArgs : SheetArgs {
  std::string group;
  int count = 0;
};

struct VoidArgs {
  std::string id, code;
};

struct ReprintArgs : SheetArgs {
  std::string code;
};

// Phones reach the page over TLS only: a slip's code in a plain-HTTP
// address would cross the room's Wi-Fi readable by anyone on it.
absl::Status CheckPage(const std::string& page) {
  if (!absl::StartsWith(page, "https://") || page.size() == 8) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--page: \"", page, "\" must start with https:// and name the phone page's host "
        "(phones send the slip's code only over TLS)"));
  }
  for (char c : page) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '?' || c == '#') {
      return absl::InvalidArgumentError(absl::StrCat(
          "--page: \"", page, "\" must be the page's address alone: no spaces, query or fragment "
          "(the slip's code is appended as /s/CODE)"));
    }
  }
  return absl::OkStatus();
}

// The sheet is the only copy of its codes: replacing an older sheet would
// destroy slips already issued, so the file must be new.
absl::Status CheckOutAbsent(const std::string& out) {
  struct stat st;
  if (::lstat(out.c_str(), &st) == 0) {
    return absl::AlreadyExistsError(absl::StrCat(
        "--out: ", out, " exists; it may hold issued slips whose codes exist nowhere else. "
        "Choose a new file name"));
  }
  if (errno != ENOENT) return absl::ErrnoToStatus(errno, absl::StrCat("--out: stat ", out));
  return absl::OkStatus();
}

// The fingerprint printed on the slips, so a voter whose phone asks can
// compare it with the certificate the page presents; empty without --ca-cert.
absl::StatusOr<std::string> CaFingerprint(const std::string& path) {
  if (path.empty()) return std::string();
  absl::StatusOr<std::string> pem = crypto::ReadFile(path);
  if (!pem.ok()) {
    return absl::Status(pem.status().code(), absl::StrCat("--ca-cert: ", pem.status().message()));
  }
  absl::StatusOr<crypto::CertificateInfo> info = crypto::ParseCertificatePem(*pem);
  if (!info.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--ca-cert: ", path, ": ", info.status().message()));
  }
  if (info->ca != true) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--ca-cert: ", path, " (\"", info->common_name,
        "\") is not a CA certificate; give the ca.pem that signed the phone page's certificate"));
  }
  absl::StatusOr<std::string> fingerprint = crypto::CertificateFingerprintSha256(*pem);
  if (!fingerprint.ok()) {
    return absl::Status(fingerprint.status().code(),
                        absl::StrCat("--ca-cert: ", path, ": ", fingerprint.status().message()));
  }
  return *fingerprint;
}

absl::StatusOr<std::string> ParseCode(const std::string& code) {
  absl::StatusOr<std::string> secret = kiosk::ParseSlipCode(code);
  if (!secret.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("CODE \"", code, "\": ", secret.status().message()));
  }
  return *secret;
}

// A slip made here: its secret, and how it is printed.
struct FreshSlip {
  std::string secret;
  report::SlipSheet::Slip printed;
};

absl::StatusOr<FreshSlip> MakeSlip(const std::string& page, const report::Messages& m) {
  FreshSlip slip;
  ASSIGN_OR_RETURN(slip.secret, kiosk::NewSlipSecret());
  slip.printed.code = kiosk::SlipCode(slip.secret);
  slip.printed.address = kiosk::SlipAddress(page, slip.secret);
  ASSIGN_OR_RETURN(slip.printed.qr_svg,
                   kioskpage::QrSvg(slip.printed.address, m.slip_qr_title, kQrSizeMm));
  return slip;
}

using tally::GroupName;

// "一般干部（staff）" / "一般干部 (staff)", or the id alone if unnamed.
std::string GroupLabel(const v1::MeetingSpec& spec, const std::string& group) {
  const std::string name = GroupName(spec, group);
  if (name == group) return group;
  return absl::StrCat(name, T("（", " ("), group, T("）", ")"));
}

report::SlipSheet Sheet(const v1::MeetingInfo& info, const std::string& group,
                        const SheetArgs& a, const std::string& fingerprint,
                        const std::vector<FreshSlip>& slips, const report::Messages& m) {
  report::SlipSheet sheet;
  sheet.meeting_title = report::MeetingTitle(m, info.spec());
  sheet.meeting_id = info.meeting_id().empty() ? a.id : info.meeting_id();
  sheet.group_name = GroupName(info.spec(), group);
  sheet.page = a.page;
  sheet.ca_fingerprint = fingerprint;
  for (const FreshSlip& s : slips) sheet.slips.push_back(s.printed);
  return sheet;
}

absl::StatusOr<v1::SlipsResponse> IssueSlips(const Connection& c, const std::string& meeting,
                                             const std::string& group,
                                             const std::vector<FreshSlip>& slips) {
  auto stub = v1::MeetingService::NewStub(c.channel());
  v1::IssueSlipsRequest req;
  req.set_meeting_id(meeting);
  req.set_group(group);
  for (const FreshSlip& s : slips) req.add_slip_hashes(ledger::SlipHash(meeting, s.secret));
  v1::SlipsResponse resp;
  auto rpc = c.NewContext();
  RETURN_IF_ERROR(FromGrpc(stub->IssueSlips(rpc.get(), req, &resp)));
  return resp;
}

absl::StatusOr<v1::SlipsResponse> VoidSlip(const Connection& c, const std::string& meeting,
                                           const std::string& secret) {
  auto stub = v1::MeetingService::NewStub(c.channel());
  v1::VoidSlipRequest req;
  req.set_meeting_id(meeting);
  req.set_slip_hash(ledger::SlipHash(meeting, secret));
  v1::SlipsResponse resp;
  auto rpc = c.NewContext();
  RETURN_IF_ERROR(FromGrpc(stub->VoidSlip(rpc.get(), req, &resp)));
  return resp;
}

// The server has accepted the slips; only the sheet holds their codes. If
// it cannot be written they are lost — harmless (a slip is used only after
// its voter signed in, and nobody can present a code that exists nowhere)
// but they must be made again.
absl::Status WriteSheet(const std::string& out, const std::string& html, size_t count,
                        const std::string& group) {
  absl::Status written = WriteOutputFile(out, kPrivateFileMode, html);
  if (written.ok()) return written;
  return absl::Status(
      written.code(),
      absl::StrCat(written.message(), T("。", ". "),
                   absl::Substitute(T("已在服务器上发出类别 $0 的 $1 张凭条，但未能写出，"
                                      "其代码不存在于任何地方，这些凭条永远无法使用。"
                                      "请解决写入问题后重新执行本命令以取得新的凭条",
                                      "The server issued $1 slips for group $0 but they were not "
                                      "written: their codes exist nowhere, so they can never be "
                                      "used. Fix the problem and run the command again for fresh "
                                      "slips"),
                                    group, count)));
}

absl::Status MeetingSlips(const CommandContext& ctx, const SlipsArgs& a) {
  if (a.count < 1 || a.count > tally::kMaxSlipsPerBatch) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--count: ", a.count, " slips; give 1 to ", tally::kMaxSlipsPerBatch, " at once"));
  }
  RETURN_IF_ERROR(CheckPage(a.page));
  RETURN_IF_ERROR(CheckOutAbsent(a.out));
  ASSIGN_OR_RETURN(const std::string fingerprint, CaFingerprint(a.ca_cert));
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("admin"));
  ASSIGN_OR_RETURN(const v1::MeetingInfo info, GetMeeting(c, a.id));
  const report::Messages& m = report::MessagesFor(ctx.Locale());
  // Everything that can fail before the server writes does: after it, only
  // the file remains.
  std::vector<FreshSlip> slips;
  slips.reserve(a.count);
  for (int i = 0; i < a.count; ++i) {
    ASSIGN_OR_RETURN(FreshSlip s, MakeSlip(a.page, m));
    slips.push_back(std::move(s));
  }
  const std::string html = report::RenderSlipsHtml(Sheet(info, a.group, a, fingerprint, slips, m), m);
  RETURN_IF_ERROR(IssueSlips(c, a.id, a.group, slips).status());
  const std::string group = GroupLabel(info.spec(), a.group);
  RETURN_IF_ERROR(WriteSheet(a.out, html, slips.size(), group));
  std::cout << absl::Substitute(T("类别 $1：已发出 $0 张凭条，打印文件：$2",
                                  "issued $0 slips for group $1, to print: $2"),
                                slips.size(), group, a.out)
            << "\n";
  return absl::OkStatus();
}

absl::Status MeetingVoidSlip(const CommandContext& ctx, const VoidArgs& a) {
  ASSIGN_OR_RETURN(const std::string secret, ParseCode(a.code));
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("admin"));
  ASSIGN_OR_RETURN(const v1::SlipsResponse voided, VoidSlip(c, a.id, secret));
  std::cout << absl::Substitute(T("凭条 $0（类别 $1）已作废，账本第 $2 条",
                                  "slip $0 (group $1) is void, ledger entry $2"),
                                kiosk::SlipCode(secret), voided.group(), voided.seq())
            << "\n";
  return absl::OkStatus();
}

absl::Status MeetingReprintSlip(const CommandContext& ctx, const ReprintArgs& a) {
  ASSIGN_OR_RETURN(const std::string old_secret, ParseCode(a.code));
  RETURN_IF_ERROR(CheckPage(a.page));
  RETURN_IF_ERROR(CheckOutAbsent(a.out));
  ASSIGN_OR_RETURN(const std::string fingerprint, CaFingerprint(a.ca_cert));
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("admin"));
  ASSIGN_OR_RETURN(const v1::MeetingInfo info, GetMeeting(c, a.id));
  const report::Messages& m = report::MessagesFor(ctx.Locale());
  std::vector<FreshSlip> slips;
  ASSIGN_OR_RETURN(FreshSlip fresh, MakeSlip(a.page, m));
  slips.push_back(std::move(fresh));

  const std::string old_code = kiosk::SlipCode(old_secret);
  ASSIGN_OR_RETURN(const v1::SlipsResponse voided, VoidSlip(c, a.id, old_secret));
  const std::string& group = voided.group();
  report::SlipSheet sheet = Sheet(info, group, a, fingerprint, slips, m);
  sheet.reprint = true;
  const std::string html = report::RenderSlipsHtml(sheet, m);
  if (absl::Status issued = IssueSlips(c, a.id, group, slips).status(); !issued.ok()) {
    return absl::Status(
        issued.code(),
        absl::StrCat(issued.message(), T("。", ". "),
                     absl::Substitute(T("凭条 $0 已作废，但未能发出替换凭条；"
                                        "请执行 meeting slips $1 --group $2 --count 1",
                                        "slip $0 is void but no replacement was issued; run "
                                        "`gongxin meeting slips $1 --group $2 --count 1`"),
                                      old_code, a.id, group)));
  }
  const std::string label = GroupLabel(info.spec(), group);
  RETURN_IF_ERROR(WriteSheet(a.out, html, 1, label));
  std::cout << absl::Substitute(T("凭条 $0 已作废；类别 $1 的补打凭条：$2",
                                  "slip $0 is void; its reprint for group $1: $2"),
                                old_code, label, a.out)
            << "\n";
  return absl::OkStatus();
}

}  // namespace

absl::Status KioskCheckInBySlip(const CommandContext& ctx, const std::string& meeting,
                                const std::string& voter, const std::string& slip_code,
                                const std::string& state_dir) {
  std::string secret;
  if (!slip_code.empty()) {
    ASSIGN_OR_RETURN(secret, ParseCode(slip_code));
  }
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("kiosk"));
  ASSIGN_OR_RETURN(const v1::MeetingInfo info, GetMeeting(c, meeting));
  kiosk::Kiosk kiosk(c, state_dir);
  ASSIGN_OR_RETURN(const kiosk::CheckInResult r, kiosk.CheckInBySlip(meeting, voter, secret));
  const std::string group = GroupLabel(info.spec(), r.group);
  std::cout << absl::Substitute(T("已签到（手机投票）：$0（$1）", "checked in to vote by phone: $0 ($1)"),
                                r.voter_name.empty() ? voter : r.voter_name, group)
            << "\n";
  if (secret.empty()) {
    std::cout << absl::Substitute(T("请从类别 $0 的凭条中随机抽取一张交给投票人，不要扫描",
                                    "hand over a slip drawn at random from group $0's stack; do "
                                    "not scan it"),
                                  GroupName(info.spec(), r.group))
              << "\n";
  } else {
    std::cout << absl::Substitute(T("凭条 $0 已与该投票人绑定，请交给投票人",
                                    "slip $0 is now the voter's: hand it over"),
                                  kiosk::SlipCode(secret))
              << "\n";
  }
  return absl::OkStatus();
}

void AddSlipCommands(CLI::App& meeting, CommandContext& ctx) {
  const auto add_sheet_options = [](CLI::App* sub, SheetArgs& a) {
    sub->add_option("--out", a.out, T("要写出的凭条打印文件（HTML，仅本人可读）", "slips document to write (HTML, readable by its owner only)"))->required();
    sub->add_option("--page", a.page, T("手机投票页面的地址，必须以 https:// 开头，例如 https://192.0.2.10:8443", "the phone page's address, https:// only, e.g. https://192.0.2.10:8443"))->required();
    sub->add_option("--ca-cert", a.ca_cert, T("手机信任的 CA 证书（PEM），其指纹印在凭条上", "the CA certificate phones trust (PEM); its fingerprint goes on the slips"))->check(CLI::ExistingFile);
  };

  auto slips_args = std::make_shared<SlipsArgs>();
  auto* slips = meeting.add_subcommand("slips", T("为一个类别生成并发出手机投票凭条，写出打印文件", "make and issue a group's slips for voting by phone, and write them to print"));
  slips->add_option("id", slips_args->id, T("会议编号", "meeting id"))->required();
  slips->add_option("--group", slips_args->group, T("投票人类别（规格中的 id）", "voter group (its id in the spec)"))->required();
  slips->add_option("--count", slips_args->count, T("凭条张数（1 至 5000）", "how many slips (1 to 5000)"))->required();
  add_sheet_options(slips, *slips_args);
  slips->callback([&ctx, a = slips_args] { ctx.Run(MeetingSlips(ctx, *a)); });

  auto void_args = std::make_shared<VoidArgs>();
  auto* void_slip = meeting.add_subcommand("void-slip", T("作废一张凭条（损坏、遗失）", "void a slip (spoilt or lost)"));
  void_slip->add_option("id", void_args->id, T("会议编号", "meeting id"))->required();
  void_slip->add_option("code", void_args->code, T("凭条上的代码", "the code on the slip"))->required();
  void_slip->callback([&ctx, a = void_args] { ctx.Run(MeetingVoidSlip(ctx, *a)); });

  auto reprint_args = std::make_shared<ReprintArgs>();
  auto* reprint = meeting.add_subcommand("reprint-slip", T("作废一张凭条并为同一类别补打一张新凭条", "void a slip and print a new one for the same group"));
  reprint->add_option("id", reprint_args->id, T("会议编号", "meeting id"))->required();
  reprint->add_option("code", reprint_args->code, T("被替换凭条上的代码", "the code on the slip it replaces"))->required();
  add_sheet_options(reprint, *reprint_args);
  reprint->callback([&ctx, a = reprint_args] { ctx.Run(MeetingReprintSlip(ctx, *a)); });
}

}  // namespace gongxin::client
