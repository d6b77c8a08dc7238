#include "client/kiosk_commands.h"

#include "client/kiosk_serve.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "client/ballot_input.h"
#include "client/form_display.h"
#include "client/paper_commands.h"
#include "client/slip_commands.h"
#include "crypto/encoding.h"
#include "gongxin/v1/service.pb.h"
#include "kiosk/kiosk.h"
#include "report/messages.h"
#include "util/cli_lang.h"
#include "util/proto_word.h"
#include "util/status_macros.h"

namespace gongxin::client {
namespace {

using kiosk::CastResult;
using kiosk::CheckInResult;
using kiosk::DefaultKioskStateDir;
using kiosk::GetMeeting;
using kiosk::Kiosk;
using util::T;

// Serialised protos travel between commands as one base64 word, so a kiosk
// script can pass a credential or a receipt along a pipe (util/proto_word.h).
std::string Encode(const google::protobuf::Message& m) { return util::EncodeWord(m); }

// A trial vote's (试投票) mark, on its own line before a form or a receipt.
void PrintTrialMark(const CommandContext& ctx, const v1::MeetingSpec& spec) {
  if (!spec.trial()) return;
  const report::Messages& m = report::MessagesFor(ctx.Locale());
  std::cout << m.trial_mark << m.trial_note << "\n";
}

void PrintCastResult(const CommandContext& ctx, const v1::MeetingSpec& spec,
                     const CastResult& r) {
  const bool en = ctx.English();
  PrintTrialMark(ctx, spec);
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
absl::Status KioskForm(const CommandContext& ctx, const std::string& meeting,
                       const std::string& form_id) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("kiosk"));
  ASSIGN_OR_RETURN(v1::MeetingInfo info, GetMeeting(c, meeting));
  PrintTrialMark(ctx, info.spec());
  bool shown = false;
  for (const v1::Form& form : info.spec().forms()) {
    if (!form_id.empty() && form.id() != form_id) continue;
    std::cout << (shown ? "\n" : "") << FormatForm(form, ctx.English());
    shown = true;
  }
  if (!shown) {
    return absl::NotFoundError(absl::StrCat("--form: meeting ", meeting, " has no form \"",
                                            form_id, "\""));
  }
  return absl::OkStatus();
}

absl::Status KioskCheckIn(const CommandContext& ctx, const std::string& meeting,
                          const std::string& voter, const std::string& state_dir) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("kiosk"));
  Kiosk kiosk(c, state_dir);
  ASSIGN_OR_RETURN(CheckInResult r, kiosk.CheckIn(meeting, voter));
  std::cout << (ctx.English() ? "checked in: " : "已签到：") << r.voter_name << " (" << r.group
            << ")\n";
  for (const v1::Credential& cred : r.credentials) {
    std::cout << "credential " << cred.form_id() << " " << Encode(cred) << "\n";
  }
  for (const v1::AnonymousToken& token : r.tokens) {
    std::cout << "token " << token.form_id() << " " << Encode(token) << "\n";
  }
  return absl::OkStatus();
}

absl::Status KioskCast(const CommandContext& ctx, const std::string& credential_text,
                       const std::string& token_text, const BallotFlags& flags) {
  if (credential_text.empty() == token_text.empty()) {
    return absl::InvalidArgumentError("give exactly one of --credential and --token");
  }
  std::optional<v1::Credential> credential;
  std::optional<v1::AnonymousToken> token;
  if (!credential_text.empty()) {
    ASSIGN_OR_RETURN(credential, util::DecodeWord<v1::Credential>("credential", credential_text));
  } else {
    ASSIGN_OR_RETURN(token, util::DecodeWord<v1::AnonymousToken>("token", token_text));
  }
  const std::string meeting = credential ? credential->meeting_id() : token->meeting_id();
  const std::string form = credential ? credential->form_id() : token->form_id();
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("kiosk"));
  ASSIGN_OR_RETURN(v1::MeetingInfo info, GetMeeting(c, meeting));
  ASSIGN_OR_RETURN(auto ballots, BuildBallots(info.spec(), {form}, flags));
  Kiosk kiosk(c, DefaultKioskStateDir());
  ASSIGN_OR_RETURN(CastResult r, credential ? kiosk.CastNamed(*credential, ballots[form])
                                            : kiosk.CastAnonymous(*token, ballots[form]));
  PrintCastResult(ctx, info.spec(), r);
  return absl::OkStatus();
}

absl::Status KioskVote(const CommandContext& ctx, const std::string& meeting,
                       const std::string& voter, const std::vector<std::string>& only_forms,
                       const BallotFlags& flags, const std::string& state_dir) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("kiosk"));
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
  const bool en = ctx.English();
  std::vector<std::string> spent;
  auto keep_unspent = [&](const absl::Status& failure) {
    for (const v1::AnonymousToken& token : held.tokens) {
      if (std::find(spent.begin(), spent.end(), token.form_id()) != spent.end()) continue;
      std::cerr << (en ? "unspent token for form " : "未使用的选票令牌，表 ")
                << token.form_id() << (en ? " (cast it with: gongxin kiosk cast --token "
                                          : "（可用 gongxin kiosk cast --token ")
                << Encode(token) << (en ? " ...)\n" : " ... 投出）\n");
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
    PrintCastResult(ctx, info.spec(), *r);
  }
  return absl::OkStatus();
}

}  // namespace

void AddMarkOptions(CLI::App* sub, BallotFlags& flags) {
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
}

void AddKioskCommands(CLI::App& app, CommandContext& ctx) {
  auto* kiosk = app.add_subcommand("kiosk", T("投票人签到并投票（投票终端）", "check voters in and cast ballots (kiosk)"));
  kiosk->require_subcommand(1);
  // Given before the verb, so shared by the verbs that check voters in.
  auto state_dir = std::make_shared<std::string>(DefaultKioskStateDir());
  kiosk->add_option("--state-dir", *state_dir,
                    T("签到后、取得票证前，盲化票证的暂存目录（环境变量 GONGXIN_KIOSK_STATE）", "where blinded tokens wait between check-in and token (env GONGXIN_KIOSK_STATE)"))
      ->capture_default_str();

  struct CheckInArgs {
    std::string meeting, voter, slip;
    bool by_slip = false;
    bool by_paper = false;
  };
  auto checkin_args = std::make_shared<CheckInArgs>();
  auto* checkin = kiosk->add_subcommand("checkin", T("为投票人签到；每张实名票表打印一个凭证，每张无记名票表打印一个票证", "check a voter in; prints a credential per named form and a token per anonymous form"));
  checkin->add_option("--meeting", checkin_args->meeting, T("会议编号", "meeting id"))->required();
  checkin->add_option("--voter", checkin_args->voter, T("投票人编号（名册中的 id）", "voter id (as on the roll)"))->required();
  auto* by_slip = checkin->add_flag("--by-slip", checkin_args->by_slip, T("投票人用手机凭条投票：签到处不发凭证或票证", "the voter votes by phone with a slip: nothing is handed out here"));
  checkin->add_option("--slip", checkin_args->slip, T("交给须填实名票表的投票人的凭条代码（扫描或输入）", "the code of the slip handed to a voter who receives a named form (scanned or typed)"))->needs(by_slip);
  checkin->add_flag("--by-paper", checkin_args->by_paper, T("投票人用纸质选票投票：签到处不发凭证或票证，只发纸质选票", "the voter votes on paper: nothing is handed out here but the paper ballots"))->excludes(by_slip);
  checkin->callback([&ctx, a = checkin_args, state_dir] {
    if (a->by_paper) return ctx.Run(KioskCheckInByPaper(ctx, a->meeting, a->voter));
    ctx.Run(a->by_slip ? KioskCheckInBySlip(ctx, a->meeting, a->voter, a->slip, *state_dir)
                       : KioskCheckIn(ctx, a->meeting, a->voter, *state_dir));
  });

  struct FormArgs {
    std::string meeting, form;
  };
  auto form_args = std::make_shared<FormArgs>();
  auto* form = kiosk->add_subcommand("form", T("按投票人所见显示票表", "show the ballot of a form as the voter sees it"));
  form->add_option("--meeting", form_args->meeting, T("会议编号", "meeting id"))->required();
  form->add_option("--form", form_args->form, T("只显示此票表", "only this form"));
  form->callback([&ctx, a = form_args] { ctx.Run(KioskForm(ctx, a->meeting, a->form)); });

  struct CastArgs {
    std::string credential, token;
    BallotFlags marks;
  };
  auto cast_args = std::make_shared<CastArgs>();
  auto* cast = kiosk->add_subcommand("cast", T("凭凭证或票证投出已填选票；打印回执", "cast a filled ballot with a credential or a token; prints the receipt"));
  cast->add_option("--credential", cast_args->credential, T("签到时打印的凭证（实名票表）", "credential printed by checkin (named form)"));
  cast->add_option("--token", cast_args->token, T("签到时打印的票证（无记名票表）", "token printed by checkin (anonymous form)"));
  AddMarkOptions(cast, cast_args->marks);
  cast->callback([&ctx, a = cast_args] {
    ctx.Run(KioskCast(ctx, a->credential, a->token, a->marks));
  });

  struct VoteArgs {
    std::string meeting, voter;
    std::vector<std::string> forms;
    BallotFlags marks;
  };
  auto vote_args = std::make_shared<VoteArgs>();
  auto* vote = kiosk->add_subcommand("vote", T("一次完成签到并投出投票人的全部票表", "check in and cast every form the voter holds, in one call"));
  vote->add_option("--meeting", vote_args->meeting, T("会议编号", "meeting id"))->required();
  vote->add_option("--voter", vote_args->voter, T("投票人编号（名册中的 id）", "voter id (as on the roll)"))->required();
  vote->add_option("--form", vote_args->forms, T("只投这些票表（可重复）", "cast only these forms (repeatable)"));
  AddMarkOptions(vote, vote_args->marks);
  vote->callback([&ctx, a = vote_args, state_dir] {
    ctx.Run(KioskVote(ctx, a->meeting, a->voter, a->forms, a->marks, *state_dir));
  });

  auto serve_args = std::make_shared<KioskServeArgs>();
  auto* serve = kiosk->add_subcommand(
      "serve", T("在本机为投票终端的浏览器提供投票页面：工作人员签到，投票人自己填写并投票",
                 "serve the kiosk page to this kiosk's browser: staff check voters in, voters fill and "
                 "cast their own ballots"));
  serve->add_option("id", serve_args->meeting_id, T("会议编号", "meeting id"))->required();
  serve->add_option("--listen", serve_args->listen,
                    T("页面地址（仅限本机回环地址，端口 0 为任选）", "page address (loopback only; port 0 picks one)"))
      ->capture_default_str();
  serve->add_option("--roll", serve_args->roll_path,
                    T("名册 CSV，供工作人员查找投票人（不给出则输入投票人编号）",
                      "roll CSV for the staff's search (without it, staff type the voter id)"));
  serve->add_option("--idle", serve_args->idle_seconds,
                    T("多少秒无操作后提醒投票人", "seconds without a touch before the voter is warned"))
      ->capture_default_str()
      ->check(CLI::Range(10, 3600));
  serve->add_option("--reset", serve_args->reset_seconds,
                    T("提醒后多少秒清除未投出的选票", "seconds after the warning before the unsent ballot is cleared"))
      ->capture_default_str()
      ->check(CLI::Range(5, 600));
  serve->callback([&ctx, a = serve_args, state_dir] {
    KioskServeArgs args = *a;
    args.state_dir = *state_dir;
    args.locale = ctx.Locale();
    ctx.Run(KioskServe(ctx.connection, args));
  });

  auto phone_args = std::make_shared<PhoneServeArgs>();
  auto* phones = kiosk->add_subcommand(
      "phones", T("在会场网络上为投票人的手机提供投票页面（HTTPS），凭打印的选票码投票",
                  "serve the phone page on the room's network (HTTPS): voters vote on their own "
                  "phones with printed slips"));
  phones->add_option("id", phone_args->meeting_id, T("会议编号", "meeting id"))->required();
  phones->add_option("--listen", phone_args->listen,
                     T("页面地址：手机可达的主机:端口（端口 0 为任选）",
                       "page address: a host:port phones can reach (port 0 picks one)"))
      ->capture_default_str();
  phones->add_option("--tls-cert", phone_args->tls_cert,
                     T("页面的证书（PEM，手机须信任其签发机构）",
                       "the page's certificate (PEM; phones must trust its issuer)"))
      ->required()
      ->check(CLI::ExistingFile);
  phones->add_option("--tls-key", phone_args->tls_key, T("证书的私钥（PEM）", "its private key (PEM)"))
      ->required()
      ->check(CLI::ExistingFile);
  phones->add_option("--idle", phone_args->idle_seconds,
                     T("多少秒无操作后提醒投票人", "seconds without a touch before the voter is warned"))
      ->capture_default_str()
      ->check(CLI::Range(10, 3600));
  phones->add_option("--reset", phone_args->reset_seconds,
                     T("提醒后多少秒清除未投出的选票", "seconds after the warning before the unsent ballot is cleared"))
      ->capture_default_str()
      ->check(CLI::Range(5, 600));
  auto screen_args = std::make_shared<ScreenServeArgs>();
  auto* screen = kiosk->add_subcommand(
      "screen", T("会场大屏幕（只读）：投票期间显示各票表应到、实到、已投票，结果公布后显示结果",
                  "the room's big screen (read-only): due, present and voted per form while "
                  "voting, the result once published"));
  screen->add_option("id", screen_args->meeting_id, T("会议编号", "meeting id"))->required();
  screen->add_option("--listen", screen_args->listen,
                     T("页面地址（不用 TLS 时仅限本机回环地址；端口 0 为任选）",
                       "page address (loopback only without TLS; port 0 picks one)"))
      ->capture_default_str();
  screen->add_option("--tls-cert", screen_args->tls_cert,
                     T("在会场网络上提供时所用的证书（PEM）", "certificate (PEM) to serve it on the room's network"))
      ->check(CLI::ExistingFile);
  screen->add_option("--tls-key", screen_args->tls_key, T("证书的私钥（PEM）", "its private key (PEM)"))
      ->check(CLI::ExistingFile);
  screen->add_option("--refresh", screen_args->refresh_seconds,
                     T("投票期间每隔多少秒刷新", "seconds between refreshes while voting"))
      ->capture_default_str()
      ->check(CLI::Range(1, 600));
  screen->callback([&ctx, a = screen_args] {
    ScreenServeArgs args = *a;
    args.locale = ctx.Locale();
    ctx.Run(ScreenServe(ctx.connection, args));
  });

  phones->callback([&ctx, a = phone_args] {
    PhoneServeArgs args = *a;
    args.locale = ctx.Locale();
    ctx.Run(PhoneServe(ctx.connection, args));
  });
}

}  // namespace gongxin::client
