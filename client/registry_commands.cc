#include "client/registry_commands.h"

#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <variant>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "crypto/encoding.h"
#include "crypto/merkle.h"
#include "crypto/signed_note.h"
#include "ledger/format.h"
#include "ledger/registry_leaf.h"
#include "util/status_macros.h"
#include "util/cli_lang.h"

namespace gongxin::client {

using util::T;
namespace {

constexpr char kRole[] = "auditor";
constexpr int kAuditFailedExit = 3;
// The server's page limit (server/transparency_log_service.h).
constexpr uint64_t kPage = 1000;

absl::StatusOr<crypto::Checkpoint> RegistryCheckpoint(const Connection& c,
                                                      const crypto::NoteVerifier& verifier) {
  auto stub = v1::TransparencyService::NewStub(c.channel());
  v1::GetCheckpointRequest req;  // meeting_id "": the registry log
  v1::Checkpoint resp;
  RETURN_IF_ERROR(FromGrpc(stub->GetCheckpoint(c.NewContext().get(), req, &resp)));
  absl::StatusOr<crypto::OpenedNote> opened = crypto::OpenNote(resp.signed_note(), {verifier});
  if (!opened.ok()) {
    return absl::UnauthenticatedError(
        absl::StrCat("the registry checkpoint is not signed by the trusted key ",
                     verifier.name(), ": ", opened.status().message()));
  }
  ASSIGN_OR_RETURN(crypto::Checkpoint cp, crypto::ParseCheckpoint(opened->text));
  const std::string origin = absl::StrCat(verifier.name(), "/registry");
  if (cp.origin != origin) {
    return absl::UnauthenticatedError(absl::StrCat("the registry checkpoint's origin is \"",
                                                   cp.origin, "\", want \"", origin, "\""));
  }
  return cp;
}

int Registry(const ConnectionOptions& o, const std::string& vkey) {
  absl::StatusOr<crypto::NoteVerifier> verifier =
      crypto::ParseVerifierKey(absl::StripAsciiWhitespace(vkey));
  if (!verifier.ok()) {
    return ReportRefusal(absl::InvalidArgumentError(
        absl::StrCat("--trust-note-key: ", verifier.status().message())));
  }
  absl::StatusOr<Connection> c = Connection::Connect(o, kRole);
  if (!c.ok()) return ReportRefusal(c.status());
  absl::StatusOr<crypto::Checkpoint> cp = RegistryCheckpoint(*c, *verifier);
  if (!cp.ok()) return ReportRefusal(cp.status());
  // A leaf is a meeting created or a trial purged (docs/export-format.md):
  // the count of each follows the listing.
  std::cout << "registry log " << cp->origin << ": " << cp->size << " leaves, root "
            << absl::Base64Escape(cp->root_hash) << "\n";
  return CheckRegistryListing(*c, *cp, /*list=*/true, /*verify_each_inclusion=*/true);
}

// WriteUvarint appends `v` as an unsigned LEB128 varint (protobuf's).
void WriteUvarint(std::ostream& out, uint64_t v) {
  while (v >= 0x80) {
    out.put(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.put(static_cast<char>(v));
}

absl::Status Entries(const ConnectionOptions& o, const std::string& id, bool registry,
                     uint64_t from, uint64_t to, bool binary, const std::string& out_path) {
  if (registry == !id.empty()) {
    return absl::InvalidArgumentError("give a meeting id or --registry, not both");
  }
  if (to <= from) {
    return absl::InvalidArgumentError(
        absl::StrCat("--to: ", to, " must be larger than --from (", from, ")"));
  }
  ASSIGN_OR_RETURN(Connection c, Connection::Connect(o, kRole));
  ASSIGN_OR_RETURN(std::vector<std::string> entries, FetchEntries(c, id, from, to));
  std::ofstream file;
  if (!out_path.empty()) {
    file.open(out_path, std::ios::binary | std::ios::trunc);
    if (!file) return absl::UnavailableError(absl::StrCat("--out: cannot write ", out_path));
  }
  std::ostream& out = out_path.empty() ? std::cout : file;
  for (const std::string& e : entries) {
    if (binary) {
      WriteUvarint(out, e.size());
      out.write(e.data(), static_cast<std::streamsize>(e.size()));
    } else {
      out << absl::Base64Escape(e) << "\n";
    }
  }
  out.flush();
  if (!out) return absl::UnavailableError("could not write the entries");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<std::string>> FetchEntries(const Connection& c,
                                                      const std::string& meeting_id,
                                                      uint64_t start, uint64_t end) {
  auto stub = v1::LogEntryService::NewStub(c.channel());
  std::vector<std::string> entries;
  for (uint64_t at = start; at < end;) {
    v1::GetEntriesRequest req;
    req.set_meeting_id(meeting_id);
    req.set_start(at);
    req.set_end(std::min(end, at + kPage));
    v1::Entries resp;
    RETURN_IF_ERROR(FromGrpc(stub->GetEntries(c.NewContext().get(), req, &resp)));
    if (resp.entries_size() != static_cast<int>(req.end() - req.start())) {
      return absl::DataLossError(absl::StrCat("the server returned ", resp.entries_size(),
                                              " entries for [", req.start(), ", ", req.end(),
                                              ")"));
    }
    for (const std::string& e : resp.entries()) entries.push_back(e);
    at = req.end();
  }
  return entries;
}

int CheckRegistryListing(const Connection& c, const crypto::Checkpoint& registry, bool list,
                         bool verify_each_inclusion) {
  absl::StatusOr<std::vector<std::string>> leaves = FetchEntries(c, "", 0, registry.size);
  if (!leaves.ok()) {
    if (leaves.status().code() == absl::StatusCode::kInvalidArgument) {
      // The server signed a tree it will not list in full.
      std::cout << "REGISTRY LISTING INCOMPLETE: the signed registry tree has " << registry.size
                << " leaves but the server does not serve them all: "
                << leaves.status().message() << "\n";
      return kAuditFailedExit;
    }
    return ReportRefusal(leaves.status());
  }
  std::vector<std::string> hashes;
  for (const std::string& leaf : *leaves) hashes.push_back(crypto::LeafHash(leaf));
  if (crypto::RootFromLeafHashes(hashes) != registry.root_hash) {
    std::cout << "REGISTRY LISTING ALTERED: the " << leaves->size()
              << " leaves served do not rebuild the signed registry root\n";
    return kAuditFailedExit;
  }
  auto log = v1::TransparencyService::NewStub(c.channel());
  int rc = 0;
  // Trial votes purged: meeting id -> the purge leaf's index. A purge is
  // read first so that the trial's own, earlier leaf is not taken for a
  // meeting gone missing.
  std::vector<std::optional<ledger::RegistryEntry>> entries(leaves->size());
  std::map<std::string, uint64_t> purged_at_leaf;
  std::map<std::string, uint64_t> created_at_leaf;
  for (uint64_t i = 0; i < leaves->size(); ++i) {
    absl::StatusOr<ledger::RegistryEntry> entry = ledger::ParseRegistryEntry((*leaves)[i]);
    if (!entry.ok()) {
      std::cout << "REGISTRY LEAF MALFORMED: leaf " << i << ": " << entry.status().message()
                << "\n";
      rc = kAuditFailedExit;
      continue;
    }
    if (const auto* purge = std::get_if<ledger::RegistryPurge>(&*entry)) {
      purged_at_leaf.emplace(purge->meeting_id, i);
    } else {
      created_at_leaf.emplace(std::get<ledger::RegistryLeaf>(*entry).meeting_id, i);
    }
    entries[i] = *std::move(entry);
  }
  for (uint64_t i = 0; i < leaves->size(); ++i) {
    if (!entries[i].has_value()) continue;
    const std::string& meeting_id =
        std::visit([](const auto& e) -> const std::string& { return e.meeting_id; }, *entries[i]);
    if (verify_each_inclusion) {
      v1::InclusionProofRequest preq;
      preq.set_leaf_index(i);
      preq.set_tree_size(registry.size);
      v1::Proof proof;
      absl::Status s = FromGrpc(log->GetInclusionProof(c.NewContext().get(), preq, &proof));
      if (s.ok()) {
        s = crypto::VerifyInclusion(i, registry.size, hashes[i],
                                    {proof.hashes().begin(), proof.hashes().end()},
                                    registry.root_hash);
      }
      if (!s.ok()) {
        std::cout << "REGISTRY INCLUSION FAILED: leaf " << i << " (meeting " << meeting_id
                  << "): " << s.message() << "\n";
        rc = kAuditFailedExit;
        continue;
      }
    }
    // The meeting the leaf names must still be served, with that genesis —
    // unless a later leaf records it as a trial purged, in which case it
    // must be gone.
    absl::StatusOr<std::vector<std::string>> genesis = FetchEntries(c, meeting_id, 0, 1);
    const bool served = genesis.ok();
    if (!served && genesis.status().code() != absl::StatusCode::kNotFound) {
      if (rc == 0) rc = ReportRefusal(genesis.status());
      continue;
    }
    if (const auto* purge = std::get_if<ledger::RegistryPurge>(&*entries[i])) {
      auto created = created_at_leaf.find(meeting_id);
      const ledger::RegistryLeaf* leaf =
          created == created_at_leaf.end() || created->second > i
              ? nullptr
              : std::get_if<ledger::RegistryLeaf>(&*entries[created->second]);
      if (leaf == nullptr || leaf->genesis_hash != purge->genesis_hash) {
        std::cout << "PURGE UNMATCHED: leaf " << i << " purges meeting " << meeting_id
                  << ", which no earlier leaf with the same genesis names\n";
        rc = kAuditFailedExit;
        continue;
      }
      if (served) {
        std::cout << "TRIAL NOT PURGED: meeting " << meeting_id << " is purged by leaf " << i
                  << " of the signed registry log but the server still serves it\n";
        rc = kAuditFailedExit;
        continue;
      }
      if (list) {
        std::cout << i << "\t" << meeting_id << "\tpurged " << purge->purged_at << "\ttrial of leaf "
                  << created->second << ", final " << purge->final_size << " entries, head "
                  << crypto::HexEncode(purge->final_head_hash).substr(0, 16) << "…, root "
                  << crypto::HexEncode(purge->final_tree_root).substr(0, 16) << "…\t"
                  << (verify_each_inclusion ? "included" : "listed") << "\n";
      }
      continue;
    }
    const auto& leaf = std::get<ledger::RegistryLeaf>(*entries[i]);
    auto purged = purged_at_leaf.find(meeting_id);
    const bool purged_later = purged != purged_at_leaf.end() && purged->second > i;
    if (!served && !purged_later) {
      std::cout << "MEETING MISSING: meeting " << meeting_id << " is leaf " << i
                << " of the signed registry log but the server no longer serves it\n";
      rc = kAuditFailedExit;
      continue;
    }
    if (served && ledger::EntryHash((*genesis)[0]) != leaf.genesis_hash) {
      std::cout << "MEETING ALTERED: meeting " << meeting_id << " (leaf " << i
                << "): its entry 0 is not the genesis the registry leaf commits to\n";
      rc = kAuditFailedExit;
      continue;
    }
    if (list) {
      std::cout << i << "\t" << meeting_id << "\tcreated " << leaf.created_at << "\tgenesis "
                << crypto::HexEncode(leaf.genesis_hash).substr(0, 16) << "…";
      if (purged_later) std::cout << " (trial, purged at leaf " << purged->second << ")";
      std::cout << "\t" << (verify_each_inclusion ? "included" : "listed") << "\n";
    }
  }
  if (list) {
    std::cout << created_at_leaf.size() << " meeting(s) created, " << purged_at_leaf.size()
              << " of them trial votes purged\n";
  }
  return rc;
}

void AddRegistryCommands(CLI::App& app, CommandContext& ctx) {
  CLI::App* audit = app.get_subcommand("audit");

  struct RegistryArgs {
    std::string note_key;
  };
  auto registry_args = std::make_shared<RegistryArgs>();
  auto* registry = audit->add_subcommand(
      "registry",
      T("列出服务器登记日志中的每个会议及其叶子序号，并对照签名的登记检查点核验每一项；缺少会议时以 3 退出", "list every meeting in the server's registry log with its leaf index, verify each "
      "inclusion against the signed registry checkpoint; exit 3 if a meeting is missing"));
  registry
      ->add_option("--trust-note-key", registry_args->note_key,
                   T("服务器检查点的验证密钥（名称+hex8+base64），须另行取得", "the server's checkpoint verifier key (name+hex8+base64), obtained out of band"))
      ->required();
  registry->callback([&ctx, a = registry_args] { ctx.Exit(Registry(ctx.connection, a->note_key)); });

  struct EntriesArgs {
    std::string id;
    bool registry = false;
    uint64_t from = 0;
    uint64_t to = 0;
    bool binary = false;
    std::string out;
  };
  auto entries_args = std::make_shared<EntriesArgs>();
  auto* entries = audit->add_subcommand(
      "entries",
      T("原样打印日志的叶子 [A, B)：每行一个 base64 条目，或用 --binary 输出 varint 长度加字节", "print a log's leaves [A, B) exactly as hashed: one base64 entry per line, or with "
      "--binary each as a varint length and the bytes"));
  entries->add_option("id", entries_args->id, T("会议编号（使用 --registry 时省略）", "meeting id (omit with --registry)"));
  entries->add_flag("--registry", entries_args->registry, T("改为打印登记日志的叶子", "the registry log's leaves instead"));
  entries->add_option("--from", entries_args->from, T("第一个叶子序号", "first leaf index"))->required();
  entries->add_option("--to", entries_args->to, T("最后一个叶子序号加一", "one past the last leaf index"))->required();
  entries->add_flag("--binary", entries_args->binary, T("输出带 varint 长度前缀的字节，而非 base64", "varint-length-prefixed bytes instead of base64"));
  entries->add_option("--out", entries_args->out, T("写入此文件，而非标准输出", "write to this file instead of stdout"));
  entries->callback([&ctx, a = entries_args] {
    ctx.Run(Entries(ctx.connection, a->id, a->registry, a->from, a->to, a->binary, a->out));
  });
}

}  // namespace gongxin::client
