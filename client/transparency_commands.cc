#include "client/transparency_commands.h"

#include "client/registry_commands.h"

#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "client/checkpoint_history.h"
#include "crypto/checkpoint.h"
#include "crypto/key_file.h"
#include "crypto/merkle.h"
#include "crypto/signed_note.h"
#include "gongxin/v1/transparency.grpc.pb.h"
#include "util/status_macros.h"
#include "util/cli_lang.h"

namespace gongxin::client {

using util::T;
namespace {

// Every transparency command acts as the auditor.

void PrintProof(const v1::Proof& proof) {
  for (const std::string& hash : proof.hashes()) std::cout << absl::Base64Escape(hash) << "\n";
}

absl::Status Checkpoint(const ConnectionOptions& o, const std::string& id) {
  ASSIGN_OR_RETURN(Connection c, Connection::Connect(o, "auditor"));
  auto stub = v1::TransparencyService::NewStub(c.channel());
  v1::GetCheckpointRequest req;
  req.set_meeting_id(id);
  v1::Checkpoint resp;
  RETURN_IF_ERROR(FromGrpc(stub->GetCheckpoint(c.NewContext().get(), req, &resp)));
  std::cout << resp.signed_note();
  return absl::OkStatus();
}

absl::Status VerifierKey(const ConnectionOptions& o) {
  ASSIGN_OR_RETURN(Connection c, Connection::Connect(o, "auditor"));
  auto stub = v1::TransparencyService::NewStub(c.channel());
  v1::VerifierKey resp;
  RETURN_IF_ERROR(FromGrpc(
      stub->GetVerifierKey(c.NewContext().get(), v1::GetVerifierKeyRequest(), &resp)));
  std::cout << resp.verifier_key() << "\n";
  return absl::OkStatus();
}

absl::Status ProveInclusion(const ConnectionOptions& o, const std::string& id, uint64_t index,
                            uint64_t size) {
  ASSIGN_OR_RETURN(Connection c, Connection::Connect(o, "auditor"));
  auto stub = v1::TransparencyService::NewStub(c.channel());
  v1::InclusionProofRequest req;
  req.set_meeting_id(id);
  req.set_leaf_index(index);
  req.set_tree_size(size);
  v1::Proof resp;
  RETURN_IF_ERROR(FromGrpc(stub->GetInclusionProof(c.NewContext().get(), req, &resp)));
  PrintProof(resp);
  return absl::OkStatus();
}

absl::Status ProveConsistency(const ConnectionOptions& o, const std::string& id, uint64_t from,
                              uint64_t to) {
  ASSIGN_OR_RETURN(Connection c, Connection::Connect(o, "auditor"));
  auto stub = v1::TransparencyService::NewStub(c.channel());
  v1::ConsistencyProofRequest req;
  req.set_meeting_id(id);
  req.set_first(from);
  req.set_second(to);
  v1::Proof resp;
  RETURN_IF_ERROR(FromGrpc(stub->GetConsistencyProof(c.NewContext().get(), req, &resp)));
  PrintProof(resp);
  return absl::OkStatus();
}


// ---- audit watch -----------------------------------------------------------

// WatchOne checks one meeting. Returns 0 (consistent, state updated), 1 (an
// error, reported on stderr) or kForkExit (fork, evidence on stdout, state
// left alone).
// id "" watches the registry log; `seen` (if set) receives the checkpoint
// checked.
int WatchOne(v1::TransparencyService::Stub& stub, Connection& c,
             const crypto::NoteVerifier& verifier, const std::string& state_dir,
             const std::string& id, crypto::Checkpoint* seen = nullptr) {
  absl::StatusOr<CheckpointAdvance> advance = FetchAndCheck(stub, c, verifier, state_dir, id);
  if (!advance.ok()) return ReportRefusal(advance.status());
  if (!advance->fork.empty()) {
    PrintFork("FORK DETECTED", id, *advance);
    return kForkExit;
  }
  if (absl::Status s = crypto::WriteFileAtomically(advance->path, advance->now.note, 0644);
      !s.ok()) {
    return ReportRefusal(s);
  }
  const uint64_t new_size = advance->now.checkpoint.size;
  if (!advance->before.has_value()) {
    std::cout << "first checkpoint recorded: " << LogLabel(id) << " at size " << new_size << "\n";
  } else if (new_size == advance->before->checkpoint.size) {
    std::cout << "consistent: " << LogLabel(id) << " unchanged at " << new_size << " entries\n";
  } else {
    std::cout << "consistent: " << LogLabel(id) << " grew from " << advance->before->checkpoint.size
              << " to " << new_size << " entries\n";
  }
  if (seen != nullptr) *seen = advance->now.checkpoint;
  return 0;
}

// Watch checks every meeting, even after one fails. Exit code: kForkExit if
// any meeting forked, else 1 if any failed, else 0.
int Watch(const ConnectionOptions& o, const std::vector<std::string>& ids,
          const std::string& state_dir, const std::string& vkey) {
  absl::StatusOr<crypto::NoteVerifier> verifier =
      crypto::ParseVerifierKey(absl::StripAsciiWhitespace(vkey));
  if (!verifier.ok()) {
    return ReportRefusal(absl::InvalidArgumentError(
        absl::StrCat("--trust-note-key: ", verifier.status().message())));
  }
  if (absl::Status s = RequireStateDir(state_dir); !s.ok()) return ReportRefusal(s);
  absl::StatusOr<Connection> c = Connection::Connect(o, "auditor");
  if (!c.ok()) return ReportRefusal(c.status());
  auto stub = v1::TransparencyService::NewStub(c->channel());
  int rc = 0;
  for (const std::string& id : ids) {
    const int one = WatchOne(*stub, *c, *verifier, state_dir, id);
    if (one == kForkExit || (one != 0 && rc == 0)) rc = one;
  }
  // The registry log too: it must only grow, and every meeting it lists
  // must still be there (client/registry_commands.h).
  crypto::Checkpoint registry;
  int one = WatchOne(*stub, *c, *verifier, state_dir, "", &registry);
  if (one == 0) one = CheckRegistryListing(*c, registry, /*list=*/false,
                                           /*verify_each_inclusion=*/false);
  if (one == kForkExit || (one != 0 && rc == 0)) rc = one;
  return rc;
}

}  // namespace

void AddTransparencyCommands(CLI::App& app, CommandContext& ctx) {
  CLI::App* audit = app.get_subcommand("audit");

  struct CheckpointArgs {
    std::string meeting_id;
  };
  auto checkpoint_args = std::make_shared<CheckpointArgs>();
  auto* checkpoint = audit->add_subcommand(
      "checkpoint", T("原样打印会议的签名检查点（C2SP 签名注记）", "print the meeting's signed checkpoint (C2SP signed note) exactly as signed"));
  checkpoint->add_option("id", checkpoint_args->meeting_id, T("会议编号", "meeting id"))->required();
  checkpoint->callback([&ctx, a = checkpoint_args] {
    ctx.Run(Checkpoint(ctx.connection, a->meeting_id));
  });

  auto* vkey = audit->add_subcommand(
      "verifier-key", T("打印检查点签名的验证密钥（名称+hex8+base64）", "print the verifier key of the checkpoint signatures (name+hex8+base64)"));
  vkey->callback([&ctx] { ctx.Run(VerifierKey(ctx.connection)); });

  auto* prove = audit->add_subcommand(
      "prove", T("打印会议日志的默克尔证明，每行一个 base64 哈希", "print a Merkle proof from the meeting's log, one base64 hash per line"));
  prove->require_subcommand(1);
  struct InclusionArgs {
    std::string meeting_id;
    uint64_t index = 0;
    uint64_t size = 0;
  };
  auto inclusion_args = std::make_shared<InclusionArgs>();
  auto* inclusion = prove->add_subcommand("inclusion", T("第 N 条在 S 条的树中", "entry N is in the tree of S entries"));
  inclusion->add_option("id", inclusion_args->meeting_id, T("会议编号", "meeting id"))->required();
  inclusion->add_option("--index", inclusion_args->index, T("条目（叶子）序号", "entry (leaf) index"))->required();
  inclusion->add_option("--size", inclusion_args->size, T("树的大小（默认：最新）", "tree size (default: the latest)"));
  inclusion->callback([&ctx, a = inclusion_args] {
    ctx.Run(ProveInclusion(ctx.connection, a->meeting_id, a->index, a->size));
  });
  struct ConsistencyArgs {
    std::string meeting_id;
    uint64_t from = 0;
    uint64_t to = 0;
  };
  auto consistency_args = std::make_shared<ConsistencyArgs>();
  auto* consistency = prove->add_subcommand(
      "consistency", T("A 条的树是 B 条的树的前缀", "the tree of A entries is a prefix of the tree of B entries"));
  consistency->add_option("id", consistency_args->meeting_id, T("会议编号", "meeting id"))->required();
  consistency->add_option("--from", consistency_args->from, T("较早的树大小", "the earlier tree size"))->required();
  consistency->add_option("--to", consistency_args->to, T("较晚的树大小", "the later tree size"))->required();
  consistency->callback([&ctx, a = consistency_args] {
    ctx.Run(ProveConsistency(ctx.connection, a->meeting_id, a->from, a->to));
  });

  struct WatchArgs {
    std::vector<std::string> meeting_ids;
    std::string state_dir;
    std::string note_key;
  };
  auto watch_args = std::make_shared<WatchArgs>();
  auto* watch = audit->add_subcommand(
      "watch",
      T("检查每个会议的日志自上次运行以来只增不改（状态存于 --state）；若服务器分叉或回滚，打印两份签名检查点并以 3 退出", "check that each meeting's log only grew since the last run (state in --state); "
      "exit 3 with both signed checkpoints if the server forked or rolled back"));
  watch->add_option("--meeting", watch_args->meeting_ids,
                    T("会议编号（可重复）；登记日志总会被监视", "meeting id (repeat for several); the registry log is always watched"));
  watch->add_option("--state", watch_args->state_dir,
                    T("已见检查点的目录，每个会议一个文件；请保留", "directory of the checkpoints seen so far, one file per meeting; keep it"))
      ->required();
  watch->add_option("--trust-note-key", watch_args->note_key,
                    T("服务器检查点的验证密钥（名称+hex8+base64），须另行取得，例如在部署服务器时用 `audit verifier-key` 取得", "the server's checkpoint verifier key (name+hex8+base64), obtained out "
                    "of band, e.g. from `audit verifier-key` when the server was set up"))
      ->required();
  watch->callback([&ctx, a = watch_args] {
    ctx.Exit(Watch(ctx.connection, a->meeting_ids, a->state_dir, a->note_key));
  });
}

}  // namespace gongxin::client
