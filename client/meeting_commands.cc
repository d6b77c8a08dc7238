#include "client/meeting_commands.h"

#include <cstdint>
#include <iostream>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "client/follow_up.h"
#include "client/next_round.h"
#include "client/output_file.h"
#include "client/paper_sheet_commands.h"
#include "client/result_format.h"
#include "client/sample_commands.h"
#include "client/slip_commands.h"
#include "client/spec_loader.h"
#include "crypto/encoding.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "google/protobuf/util/json_util.h"
#include "report/messages.h"
#include "util/cli_lang.h"
#include "util/status_macros.h"

namespace gongxin::client {
namespace {

using kiosk::GetMeeting;
using util::CliEnglishFlag;
using util::T;

absl::StatusOr<v1::MeetingStatus> TargetStatus(const std::string& verb) {
  if (verb == "announce") return v1::MEETING_STATUS_ANNOUNCED;
  if (verb == "open") return v1::MEETING_STATUS_OPEN;
  if (verb == "close") return v1::MEETING_STATUS_CLOSED;
  if (verb == "publish") return v1::MEETING_STATUS_PUBLISHED;
  return absl::InvalidArgumentError(absl::StrCat("unknown transition ", verb));
}

absl::Status MeetingCreate(const CommandContext& ctx, const std::string& spec_path,
                           const std::string& roll_path, bool trial) {
  ASSIGN_OR_RETURN(LoadedMeeting loaded, LoadMeetingSpec(spec_path, roll_path));
  // --trial turns any spec into a trial vote (试投票) of the same forms, so
  // voters practise on exactly what they will vote on.
  if (trial) loaded.spec.set_trial(true);
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("admin"));
  auto stub = v1::MeetingService::NewStub(c.channel());
  v1::CreateMeetingRequest req;
  *req.mutable_spec() = std::move(loaded.spec);
  *req.mutable_roll() = std::move(loaded.roll);
  v1::CreateMeetingResponse resp;
  auto rpc = c.NewContext();
  RETURN_IF_ERROR(FromGrpc(stub->CreateMeeting(rpc.get(), req, &resp)));
  std::cout << resp.meeting_id() << "\n";
  return absl::OkStatus();
}

absl::Status MeetingTransition(const CommandContext& ctx, const std::string& verb,
                               const std::string& id) {
  ASSIGN_OR_RETURN(v1::MeetingStatus target, TargetStatus(verb));
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("admin"));
  auto stub = v1::MeetingService::NewStub(c.channel());
  v1::TransitionMeetingRequest req;
  req.set_meeting_id(id);
  req.set_target(target);
  v1::TransitionMeetingResponse resp;
  auto rpc = c.NewContext();
  RETURN_IF_ERROR(FromGrpc(stub->TransitionMeeting(rpc.get(), req, &resp)));
  std::cout << id << ": " << StatusName(resp.status(), ctx.Locale()) << "\n";
  return absl::OkStatus();
}

absl::Status MeetingPurgeTrial(const CommandContext& ctx, const std::string& id) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("admin"));
  auto stub = v1::MeetingService::NewStub(c.channel());
  v1::PurgeTrialRequest req;
  req.set_meeting_id(id);
  v1::PurgeTrialResponse resp;
  auto rpc = c.NewContext();
  RETURN_IF_ERROR(FromGrpc(stub->PurgeTrial(rpc.get(), req, &resp)));
  const bool en = ctx.English();
  std::cout << (en ? "trial meeting " : "试投票会议 ") << id
            << (en ? " purged; registry log leaf " : " 已清除；登记日志叶子 ")
            << resp.registry_leaf_index() << "\n"
            << (en ? "final head: " : "最终头：") << resp.final_head().size()
            << (en ? " entries, head " : " 条，头哈希 ")
            << crypto::HexEncode(resp.final_head().head_hash())
            << (en ? ", tree root " : "，树根 ") << crypto::HexEncode(resp.final_tree_root())
            << "\n";
  return absl::OkStatus();
}

}  // namespace

void PrintInfo(const CommandContext& ctx, const v1::MeetingInfo& info) {
  const bool en = ctx.English();
  const report::Messages& m = report::MessagesFor(ctx.Locale());
  std::cout << report::MeetingTitle(m, info.spec()) << "\n";
  if (info.spec().trial()) std::cout << m.trial_note << "\n";
  std::cout
            << (en ? "unit:       " : "单位：    ") << info.spec().unit() << "\n"
            << (en ? "meeting:    " : "会议编号：") << info.meeting_id() << "\n"
            << (en ? "status:     " : "状态：    ") << StatusName(info.status(), ctx.Locale())
            << (info.closing() ? (en ? " (closing stopped half-way: repeat `meeting close`)"
                                     : "（关闭未完成：请再次执行 meeting close）")
                               : "")
            << "\n"
            << (en ? "roll:       " : "应到：    ")
            << (info.sample_size() > 0 ? info.sample_size() : info.roll_size()) << "\n";
  if (info.sample_size() > 0) {
    // A sampled survey: 应到 is the sample, drawn from the roll.
    std::cout << (en ? "sample:     " : "抽样：    ")
              << (en ? absl::StrCat("drawn from a population of ", info.roll_size(),
                                    info.sample().drawn() ? "" : " (not drawn yet)")
                     : absl::StrCat("自总体 ", info.roll_size(), " 人中抽取",
                                    info.sample().drawn() ? "" : "（尚未抽取）"))
              << "\n";
  }
  std::cout
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
  if (info.has_archive() && !info.archive().moved_file().empty()) {
    // This server's own meeting, out of its ledger: verify with its key.
    std::cout << (en ? "moved out:  into " : "已移出账本：存于 ") << info.archive().moved_file()
              << (en ? " under the server's archive directory, by " : "（服务器归档目录），操作者 ")
              << info.archive().imported_by() << (en ? " (read-only)" : "（只读）") << "\n";
  } else if (info.has_archive()) {
    // Signed by the room's server: verify its export with the room's key.
    std::cout << (en ? "archived:   from the room key with SHA-256 " : "归档：    会场密钥 SHA-256 ")
              << info.archive().room_key_sha256() << (en ? ", by " : "，导入者 ")
              << info.archive().imported_by() << (en ? " (read-only)" : "（只读）") << "\n";
  }
}

namespace {

absl::Status MeetingShow(const CommandContext& ctx, const std::string& id,
                         const std::string& format) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("admin"));
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
  PrintInfo(ctx, info);
  return absl::OkStatus();
}

// The count recorded for meeting `id`, which a next round or a follow-up
// links to by its seq and entry hash.
absl::StatusOr<v1::CountResponse> RecordedCount(const Connection& c, const std::string& id) {
  auto stub = v1::TallyService::NewStub(c.channel());
  v1::GetResultRequest req;
  req.set_meeting_id(id);
  v1::CountResponse resp;
  RETURN_IF_ERROR(FromGrpc(stub->GetResult(c.NewContext().get(), req, &resp)));
  return resp;
}

struct NextRoundArgs {
  std::string id, form, question, roll, out;
  uint32_t top = 0;
};

// Rules S-8, A9: the next round's spec from the previous meeting's count.
absl::Status MeetingNextRound(const CommandContext& ctx, const NextRoundArgs& a) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("admin"));
  NextRoundRequest request;
  request.previous_meeting_id = a.id;
  ASSIGN_OR_RETURN(v1::MeetingInfo info, GetMeeting(c, a.id));
  request.previous_spec = info.spec();
  ASSIGN_OR_RETURN(const v1::CountResponse resp, RecordedCount(c, a.id));
  request.previous_result = resp.result();
  request.count_seq = resp.seq();
  request.count_entry_hash = resp.entry_hash();
  request.form_id = a.form;
  request.question_id = a.question;
  request.top = a.top;
  request.roll = a.roll;
  ASSIGN_OR_RETURN(std::string yaml, NextRoundSpecYaml(request));
  RETURN_IF_ERROR(WriteOutputFile(a.out, kPublicFileMode, yaml));
  std::cout << (ctx.English() ? "next round spec written to " : "下一轮推荐会议配置已写入 ")
            << a.out << "\n";
  return absl::OkStatus();
}

struct FollowUpArgs {
  std::string id, form, question, roll, out;
  uint32_t months = 0;
};

// Rule S-5: the follow-up evaluation's spec (整改后复评) from the earlier
// evaluation's count.
absl::Status MeetingFollowUp(const CommandContext& ctx, const FollowUpArgs& a) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("admin"));
  FollowUpRequest request;
  request.previous_meeting_id = a.id;
  ASSIGN_OR_RETURN(v1::MeetingInfo info, GetMeeting(c, a.id));
  request.previous_spec = info.spec();
  ASSIGN_OR_RETURN(const v1::CountResponse resp, RecordedCount(c, a.id));
  request.count_seq = resp.seq();
  request.count_entry_hash = resp.entry_hash();
  request.form_id = a.form;
  request.question_id = a.question;
  request.months = a.months;
  request.roll = a.roll;
  ASSIGN_OR_RETURN(std::string yaml, FollowUpSpecYaml(request));
  RETURN_IF_ERROR(WriteOutputFile(a.out, kPublicFileMode, yaml));
  std::cout << (ctx.English() ? "follow-up evaluation spec written to " : "整改后复评会议配置已写入 ")
            << a.out << "\n";
  return absl::OkStatus();
}

absl::Status MeetingList(const CommandContext& ctx) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("admin"));
  auto stub = v1::MeetingService::NewStub(c.channel());
  v1::ListMeetingsResponse resp;
  auto rpc = c.NewContext();
  RETURN_IF_ERROR(FromGrpc(stub->ListMeetings(rpc.get(), {}, &resp)));
  for (const v1::MeetingInfo& m : resp.meetings()) {
    std::cout << m.meeting_id() << "  " << StatusName(m.status(), ctx.Locale()) << "  "
              << m.checked_in() << "/" << m.roll_size() << "  "
              << report::MeetingTitle(report::MessagesFor(ctx.Locale()), m.spec())
              << (!m.has_archive()                     ? ""
                  : !m.archive().moved_file().empty() ? (ctx.English() ? "  (moved out)" : "  （已移出账本）")
                  : (ctx.English() ? "  (archived)" : "  （已归档）"))
              << "\n";
  }
  return absl::OkStatus();
}

}  // namespace

void AddMeetingCommands(CLI::App& app, CommandContext& ctx) {
  auto* meeting = app.add_subcommand("meeting", T("登记会议并推进会议状态（管理员）", "create meetings and move them through their states (admin)"));
  meeting->require_subcommand(1);

  struct CreateArgs {
    std::string spec, roll;
    bool trial = false;
  };
  auto create_args = std::make_shared<CreateArgs>();
  auto* create = meeting->add_subcommand("create", T("依据会议规格（YAML 或 JSON）和名册（CSV）登记会议", "register a meeting from a spec (YAML or JSON) and a roll (CSV)"));
  create->add_option("--spec", create_args->spec, T("会议规格文件", "meeting spec file"))->required()->check(CLI::ExistingFile);
  create->add_option("--roll", create_args->roll, T("名册 CSV（默认：规格中的 `roll:`）", "roll CSV (default: the spec's `roll:`)"));
  create->add_flag("--trial", create_args->trial,
                   T("登记为试投票：各页面和文件标明【试投票】，结束后用 meeting purge-trial 清除",
                     "register it as a trial vote: every page and document marks it, and "
                     "`meeting purge-trial` erases it once closed"));
  create->callback(
      [&ctx, a = create_args] { ctx.Run(MeetingCreate(ctx, a->spec, a->roll, a->trial)); });

  auto purge_id = std::make_shared<std::string>();
  auto* purge = meeting->add_subcommand(
      "purge-trial",
      T("清除已结束的试投票：删除其全部记录，并在登记日志中记下清除及其最终头",
        "erase a closed trial vote: delete its whole record and note the purge, with its "
        "final head, in the registry log"));
  purge->add_option("id", *purge_id, T("试投票的会议编号", "the trial meeting's id"))->required();
  purge->callback([&ctx, purge_id] { ctx.Run(MeetingPurgeTrial(ctx, *purge_id)); });

  for (const char* verb : {"announce", "open", "close", "publish"}) {
    auto id = std::make_shared<std::string>();
    auto* sub = meeting->add_subcommand(
        verb, CliEnglishFlag() ? std::string("move the meeting to ") + verb
                               : std::string("将会议推进到：") + verb);
    sub->add_option("id", *id, T("会议编号", "meeting id"))->required();
    sub->callback([&ctx, verb, id] { ctx.Run(MeetingTransition(ctx, verb, *id)); });
  }

  struct ShowArgs {
    std::string id, format = "table";
  };
  auto show_args = std::make_shared<ShowArgs>();
  auto* show = meeting->add_subcommand("show", T("状态、应到、实到和已投票数", "state, roll size, check-ins and ballots cast"));
  show->add_option("id", show_args->id, T("会议编号", "meeting id"))->required();
  show->add_option("--format", show_args->format, T("table（表格）或 json", "table or json"))->check(CLI::IsMember({"table", "json"}));
  show->callback([&ctx, a = show_args] { ctx.Run(MeetingShow(ctx, a->id, a->format)); });

  auto next_args = std::make_shared<NextRoundArgs>();
  auto* next_round = meeting->add_subcommand(
      "next-round", T("依据已计票会议的前 N 名生成下一轮的会议规格（规则 S-8、A9）", "write the spec of the next round from a counted meeting's top N (S-8, A9)"));
  next_round->add_option("id", next_args->id, T("上一轮的会议编号", "the previous round's meeting"))->required();
  next_round->add_option("--form", next_args->form, T("上一轮的票表", "the previous round's form"))->required();
  next_round->add_option("--question", next_args->question,
                         T("其中的推荐题（默认：该票表唯一的一题）", "its approval question (default: the form's only one)"));
  next_round->add_option("--top", next_args->top, T("进入下一轮的人数；在分界处并列的全部进入", "how many go through; ties at the cut all do"))
      ->required()
      ->check(CLI::PositiveNumber);
  next_round->add_option("--roll", next_args->roll, T("写入规格 `roll:` 的名册 CSV", "roll CSV to name in the spec's `roll:`"));
  next_round->add_option("--out", next_args->out, T("要写出的规格文件（YAML）", "spec file to write (YAML)"))->required();
  next_round->callback([&ctx, a = next_args] { ctx.Run(MeetingNextRound(ctx, *a)); });

  auto follow_args = std::make_shared<FollowUpArgs>();
  auto* follow_up = meeting->add_subcommand(
      "follow-up", T("依据已计票的测评会议生成整改后复评的会议规格（规则 S-5）", "write the spec of a follow-up evaluation after rectification from a counted evaluation (S-5)"));
  follow_up->add_option("id", follow_args->id, T("原测评的会议编号", "the earlier evaluation's meeting"))->required();
  follow_up->add_option("--form", follow_args->form, T("原测评的票表", "the earlier evaluation's form"))->required();
  follow_up->add_option("--question", follow_args->question,
                        T("其中的测评题（默认：该票表唯一的测评题）", "its graded question (default: the form's only one)"));
  follow_up->add_option("--months", follow_args->months, T("整改期（月，如 3 或 6）", "the rectification period in months (e.g. 3 or 6)"))
      ->check(CLI::Range(1, 24));
  follow_up->add_option("--roll", follow_args->roll, T("写入规格 `roll:` 的名册 CSV", "roll CSV to name in the spec's `roll:`"));
  follow_up->add_option("--out", follow_args->out, T("要写出的规格文件（YAML）", "spec file to write (YAML)"))->required();
  follow_up->callback([&ctx, a = follow_args] { ctx.Run(MeetingFollowUp(ctx, *a)); });

  auto* list = meeting->add_subcommand("list", T("服务器上的全部会议", "every meeting on the server"));
  list->callback([&ctx] { ctx.Run(MeetingList(ctx)); });

  AddSlipCommands(*meeting, ctx);
  AddSampleCommands(*meeting, ctx);
  AddPaperSheetCommands(*meeting, ctx);
}

}  // namespace gongxin::client
