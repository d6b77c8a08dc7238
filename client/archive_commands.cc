#include "client/archive_commands.h"

#include <fstream>
#include <sstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/export_fetch.h"
#include "client/output_file.h"
#include "crypto/ed25519.h"
#include "crypto/encoding.h"
#include "crypto/key_file.h"
#include "crypto/sha256.h"
#include "gongxin/v1/service.grpc.pb.h"
#include "ledger/export.h"
#include "util/cli_lang.h"
#include "util/status_macros.h"

namespace gongxin::client {
namespace {

using util::T;

// gRPC's default message limit is 4 MiB; the server keeps 1 MiB per entry.
constexpr size_t kChunkBytes = size_t{1} << 20;

struct ArchiveArgs {
  std::string export_path, room_key;
};

std::string Hex(const std::string& bytes) { return crypto::HexEncode(bytes); }

absl::Status MeetingArchive(const CommandContext& ctx, const ArchiveArgs& a) {
  absl::StatusOr<std::string> pem = crypto::ReadFile(a.room_key);
  if (!pem.ok()) return absl::InvalidArgumentError(absl::StrCat("--room-key: ", pem.status().message()));
  absl::StatusOr<crypto::Ed25519PublicKey> key = crypto::Ed25519PublicKey::FromPem(*pem);
  if (!key.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--room-key ", a.room_key, ": ", key.status().message(),
        " (the room server's key: gongxind --data-dir DIR --print-public-key)"));
  }
  std::ifstream in(a.export_path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat(a.export_path, ": cannot read"));
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("admin"));
  auto stub = v1::ArchiveService::NewStub(c.channel());
  auto rpc = c.NewStreamContext();
  v1::ImportArchiveResponse resp;
  std::unique_ptr<grpc::ClientWriter<v1::ImportArchiveRequest>> writer =
      stub->ImportArchive(rpc.get(), &resp);
  v1::ImportArchiveRequest req;
  req.set_room_public_key(key->raw());
  std::string buf(kChunkBytes, '\0');
  // The server refuses as soon as it can (a bad first message); then a
  // write fails and Finish says why.
  for (bool first = true;; first = false) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const size_t n = static_cast<size_t>(in.gcount());
    if (n == 0 && !first) break;
    req.set_chunk(buf.data(), n);
    if (!writer->Write(req)) break;
    req.clear_room_public_key();
    if (n < buf.size()) break;
  }
  if (in.bad()) return absl::UnavailableError(absl::StrCat(a.export_path, ": read failed"));
  writer->WritesDone();
  RETURN_IF_ERROR(FromGrpc(writer->Finish()));
  const bool en = ctx.English();
  const v1::MeetingInfo& m = resp.meeting();
  std::cout << resp.meeting_id() << ": "
            << (resp.already_archived()
                    ? (en ? "already archived (the same record): nothing written"
                          : "已归档（记录相同）：未写入任何内容")
                : resp.extended_from() > 0
                    ? (en ? absl::StrCat("archived: this later record of the room extends the "
                                         "one archived before (",
                                         resp.extended_from(), " entries), which it replaces")
                          : absl::StrCat("已归档：本次记录是会场此前归档记录（", resp.extended_from(),
                                         " 条）的延续，已替换原记录"))
                    : (en ? "archived" : "已归档"))
            << "\n"
            << (en ? "room key:   SHA-256 " : "会场密钥：SHA-256 ")
            << m.archive().room_key_sha256() << "\n"
            << (en ? "ledger:     " : "账本：    ") << m.head().size()
            << (en ? " entries, head " : " 条，头哈希 ") << Hex(m.head().head_hash()) << "\n";
  return absl::OkStatus();
}

absl::Status MeetingMoveOut(const CommandContext& ctx, const std::string& id) {
  ASSIGN_OR_RETURN(Connection c, ctx.Connect("admin"));
  auto stub = v1::ArchiveService::NewStub(c.channel());
  v1::MoveOutRequest req;
  req.set_meeting_id(id);
  v1::MoveOutResponse resp;
  RETURN_IF_ERROR(FromGrpc(stub->MoveOut(c.NewContext().get(), req, &resp)));
  const bool en = ctx.English();
  const v1::MeetingInfo& m = resp.meeting();
  std::cout << resp.meeting_id() << ": "
            << (en ? "moved out of the ledger into " : "已移出账本，存于归档目录中的 ")
            << resp.file() << (en ? " (read-only from now on)" : "（此后只读）") << "\n"
            << (en ? "export:     " : "导出文件：") << resp.export_bytes()
            << (en ? " bytes, SHA-256 " : " 字节，SHA-256 ") << Hex(resp.export_sha256()) << "\n"
            << (en ? "ledger:     " : "账本：    ") << m.head().size()
            << (en ? " entries, head " : " 条，头哈希 ") << Hex(m.head().head_hash()) << "\n";
  return absl::OkStatus();
}

struct CheckArgs {
  std::string central, central_pki, central_ca, central_cert, central_key, scan_words;
};

// The words that must not survive the room's wipe: the meeting's id and its
// roll's voter ids and names, from its full export (held in memory).
absl::Status AppendScanWords(const Connection& room, const std::string& id,
                             std::string* words) {
  ASSIGN_OR_RETURN(std::string exported, FetchExport(room, id, /*public_export=*/false));
  absl::StrAppend(words, id, "\n");
  std::istringstream in(std::move(exported));
  ledger::ExportReader reader(&in);
  RETURN_IF_ERROR(reader.ReadMagic());
  v1::ExportRecord record;
  for (;;) {
    ASSIGN_OR_RETURN(bool more, reader.Next(&record));
    if (!more) break;
    if (!record.has_roll()) continue;
    v1::Roll roll;
    if (!roll.ParseFromString(record.roll())) {
      return absl::DataLossError(absl::StrCat("meeting ", id, ": its roll does not parse"));
    }
    for (const v1::Voter& v : roll.voters()) {
      // Short ids ("1", "v1") would match anywhere; names and longer ids do not.
      for (const std::string& w : {v.id(), v.name()}) {
        if (w.size() >= 3 && w.find('\n') == std::string::npos) absl::StrAppend(words, w, "\n");
      }
    }
  }
  return absl::OkStatus();
}

// Why the central server's copy of `id` is not the room's record, or "".
std::string ArchiveGap(const Connection& central, const std::string& id,
                       const std::string& room_key, const v1::SignedHead& head) {
  absl::StatusOr<v1::MeetingInfo> there = kiosk::GetMeeting(central, id);
  if (!there.ok()) return std::string(there.status().message());
  if (!there->has_archive()) return "the central server holds it, but not as an archive";
  if (there->archive().room_public_key() != room_key) {
    return absl::StrCat("archived from another room key (SHA-256 ",
                        there->archive().room_key_sha256(), ")");
  }
  if (there->head().size() != head.size() || there->head().head_hash() != head.head_hash()) {
    return absl::StrCat("the central copy has ", there->head().size(), " entries, head ",
                        Hex(there->head().head_hash()), "; the room has ", head.size(),
                        ", head ", Hex(head.head_hash()));
  }
  return "";
}

absl::Status ArchiveCheck(const CommandContext& ctx, const CheckArgs& a) {
  ASSIGN_OR_RETURN(Connection room, ctx.Connect("admin"));
  ConnectionOptions o = ctx.connection;
  o.server = a.central;
  o.pki_dir = a.central_pki;
  o.identity.clear();
  o.ca_file = a.central_ca;
  o.cert_file = a.central_cert;
  o.key_file = a.central_key;
  ASSIGN_OR_RETURN(Connection central, Connection::Connect(o, "admin"));

  auto audit = v1::AuditService::NewStub(room.channel());
  v1::GetServerKeyResponse key;
  RETURN_IF_ERROR(FromGrpc(audit->GetServerKey(room.NewContext().get(), {}, &key)));
  auto meetings = v1::MeetingService::NewStub(room.channel());
  v1::ListMeetingsResponse list;
  RETURN_IF_ERROR(FromGrpc(meetings->ListMeetings(room.NewContext().get(), {}, &list)));
  const bool en = ctx.English();
  std::vector<std::string> missing;
  std::string words;
  for (const v1::MeetingInfo& m : list.meetings()) {
    if (!a.scan_words.empty()) RETURN_IF_ERROR(AppendScanWords(room, m.meeting_id(), &words));
    // The head now, read after the list: a meeting still being written to
    // shows a newer head than any archive.
    v1::GetHeadRequest req;
    req.set_meeting_id(m.meeting_id());
    v1::SignedHead head;
    RETURN_IF_ERROR(FromGrpc(audit->GetHead(room.NewContext().get(), req, &head)));
    const std::string gap = ArchiveGap(central, m.meeting_id(), key.ed25519_public_key(), head);
    if (gap.empty()) {
      std::cout << m.meeting_id() << ": " << (en ? "archived, " : "已归档，") << head.size()
                << (en ? " entries, head " : " 条，头哈希 ") << Hex(head.head_hash()) << "\n";
    } else {
      std::cout << m.meeting_id() << ": " << (en ? "NOT archived: " : "未归档：") << gap << "\n";
      missing.push_back(m.meeting_id());
    }
  }
  if (!missing.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        missing.size(), " of ", list.meetings_size(), " meeting(s) of this room are not "
        "archived at ", a.central, " with the room's final head: ", absl::StrJoin(missing, ", "),
        "; export each (gongxin audit export ID --out F) and archive it there (gongxin meeting "
        "archive F --room-key room.pub) before the wipe"));
  }
  if (!a.scan_words.empty()) {
    // Voters' names: readable by the room's operator alone, like the export.
    RETURN_IF_ERROR(WriteOutputFile(a.scan_words, kPrivateFileMode, words));
  }
  std::cout << (en ? "every meeting of this room is archived at " : "本会场的全部会议均已归档于 ")
            << a.central << " (" << list.meetings_size() << ")\n";
  return absl::OkStatus();
}

}  // namespace

void AddArchiveCommands(CLI::App& app, CommandContext& ctx) {
  CLI::App* meeting = app.get_subcommand("meeting");

  auto archive_args = std::make_shared<ArchiveArgs>();
  auto* archive = meeting->add_subcommand(
      "archive", T("将会场的完整导出文件归档到中心服务器（--server），用会场服务器公钥核验",
                   "archive a room's full export into the central server (--server), verified "
                   "with the room server's key"));
  archive->add_option("export", archive_args->export_path,
                      T("会场的完整导出文件（gongxin audit export）", "the room's full export (gongxin audit export)"))
      ->required()
      ->check(CLI::ExistingFile);
  archive->add_option("--room-key", archive_args->room_key,
                      T("会场服务器公钥（PEM，gongxind --print-public-key）", "the room server's public key (PEM, gongxind --print-public-key)"))
      ->required()
      ->check(CLI::ExistingFile);
  archive->callback([&ctx, a = archive_args] { ctx.Run(MeetingArchive(ctx, *a)); });

  auto move_id = std::make_shared<std::string>();
  auto* move = meeting->add_subcommand(
      "move-out",
      T("将已公布的会议移出账本（如 etcd）：完整导出写入服务器的归档目录（--archive-dir），核验后"
        "删除账本中的记录，此后从该文件只读提供",
        "move a PUBLISHED meeting out of the ledger (e.g. etcd): its full export goes to the "
        "server's --archive-dir, is verified, and only then is its record erased from the "
        "ledger; it is served read-only from the file from then on"));
  move->add_option("id", *move_id, T("会议编号", "the meeting's id"))->required();
  move->callback([&ctx, move_id] { ctx.Run(MeetingMoveOut(ctx, *move_id)); });

  auto check_args = std::make_shared<CheckArgs>();
  auto* check = meeting->add_subcommand(
      "archive-check", T("核对本会场（--server）的每个会议都已以相同账本头归档到中心服务器",
                         "check that the central server holds every meeting of this room "
                         "(--server), archived with the same head"));
  check->add_option("--central", check_args->central, T("中心服务器地址 host:port", "the central server, host:port"))->required();
  check->add_option("--central-pki", check_args->central_pki,
                    T("中心服务器的证书目录（ca.pem、admin.pem、admin.key）", "the central server's certificates (ca.pem, admin.pem, admin.key)"));
  check->add_option("--central-ca", check_args->central_ca, T("中心服务器的 CA 证书", "the central server's CA certificate"));
  check->add_option("--central-cert", check_args->central_cert, T("中心服务器的管理员证书", "an admin certificate of the central server"));
  check->add_option("--central-key", check_args->central_key, T("该证书的私钥", "its private key"));
  check->add_option("--scan-words", check_args->scan_words,
                    T("写出擦除后须查无的词（会议编号、投票人编号和姓名），每行一个", "write the words the wipe must no longer find (meeting ids, voter ids and names), one a line"));
  check->callback([&ctx, a = check_args] { ctx.Run(ArchiveCheck(ctx, *a)); });
}

}  // namespace gongxin::client
