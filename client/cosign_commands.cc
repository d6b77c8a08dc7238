#include "client/cosign_commands.h"

#include <algorithm>
#include <ctime>
#include <iostream>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "client/checkpoint_history.h"
#include "crypto/cosignature.h"
#include "crypto/ed25519.h"
#include "crypto/key_file.h"
#include "crypto/signed_note.h"
#include "gongxin/v1/transparency.grpc.pb.h"
#include "util/status_macros.h"
#include "util/cli_lang.h"

namespace gongxin::client {

using util::T;
namespace {


// A witness key file is one line naming the witness, then the Ed25519
// private key as PKCS#8 PEM. The name travels with the key: the cosigned
// message does not include it, so one key must never serve two names.
constexpr absl::string_view kNameLine = "gongxin-witness-name: ";

struct WitnessKey {
  std::string name;
  crypto::Ed25519PrivateKey key;
};

absl::StatusOr<WitnessKey> LoadWitnessKey(const std::string& path) {
  ASSIGN_OR_RETURN(std::string file, crypto::ReadPrivateFile(path));
  absl::string_view rest = file;
  const bool named = absl::ConsumePrefix(&rest, kNameLine);
  const size_t newline = rest.find('\n');
  if (!named || newline == absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--key ", path, ": not a witness key file (made by `gongxin audit witness-key "
        "generate`): the first line must be \"", kNameLine, "<name>\""));
  }
  std::string name(rest.substr(0, newline));
  if (!crypto::IsValidNoteKeyName(name)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--key ", path, ": \"", name, "\" is not a valid witness name"));
  }
  absl::StatusOr<crypto::Ed25519PrivateKey> key =
      crypto::Ed25519PrivateKey::FromPem(rest.substr(newline + 1));
  if (!key.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--key ", path, ": ", key.status().message()));
  }
  return WitnessKey{std::move(name), *std::move(key)};
}

absl::Status GenerateWitnessKey(const std::string& name, const std::string& out) {
  if (!crypto::IsValidNoteKeyName(name)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--name: \"", name, "\" is not a valid witness name (non-empty UTF-8, no spaces, '+' "
        "or control characters)"));
  }
  ASSIGN_OR_RETURN(crypto::Ed25519PrivateKey key, crypto::Ed25519PrivateKey::Generate());
  ASSIGN_OR_RETURN(std::string pem, key.ToPem());
  // Never replaces: overwriting a witness key would orphan its cosignatures.
  absl::Status written =
      crypto::CreateFileAtomically(out, absl::StrCat(kNameLine, name, "\n", pem), 0600);
  std::fill(pem.begin(), pem.end(), '\0');
  RETURN_IF_ERROR(written);
  ASSIGN_OR_RETURN(std::string vkey,
                   crypto::CosignerVerifierKeyString(name, key.public_key().raw()));
  std::cout << vkey << "\n";
  return absl::OkStatus();
}

absl::Status ShowWitnessKey(const std::string& path) {
  ASSIGN_OR_RETURN(WitnessKey w, LoadWitnessKey(path));
  ASSIGN_OR_RETURN(std::string vkey,
                   crypto::CosignerVerifierKeyString(w.name, w.key.public_key().raw()));
  std::cout << vkey << "\n";
  return absl::OkStatus();
}

// Cosign: check, sign, remember, submit. The state is written before the
// submission: once a witness has signed a checkpoint it must never sign a
// conflicting one, whether or not the server got the cosignature.
int Cosign(const ConnectionOptions& o, const std::string& id, const std::string& key_path,
           const std::string& state_dir, const std::string& vkey) {
  absl::StatusOr<crypto::NoteVerifier> verifier =
      crypto::ParseVerifierKey(absl::StripAsciiWhitespace(vkey));
  if (!verifier.ok()) {
    return ReportRefusal(absl::InvalidArgumentError(
        absl::StrCat("--trust-note-key: ", verifier.status().message())));
  }
  absl::StatusOr<WitnessKey> witness = LoadWitnessKey(key_path);
  if (!witness.ok()) return ReportRefusal(witness.status());
  if (absl::Status s = RequireStateDir(state_dir); !s.ok()) return ReportRefusal(s);
  absl::StatusOr<Connection> c = Connection::Connect(o, "auditor");
  if (!c.ok()) return ReportRefusal(c.status());
  auto stub = v1::TransparencyService::NewStub(c->channel());

  absl::StatusOr<CheckpointAdvance> advance = FetchAndCheck(*stub, *c, *verifier, state_dir, id);
  if (!advance.ok()) return ReportRefusal(advance.status());
  if (!advance->fork.empty()) {
    PrintFork("REFUSING TO COSIGN", id, *advance);
    return kForkExit;
  }
  const uint64_t size = advance->now.checkpoint.size;

  // Already cosigned at this size (a rerun): the server has our line.
  crypto::Cosigner self{witness->name, witness->key.public_key()};
  absl::StatusOr<crypto::NoteVerifier> self_verifier = crypto::CosignatureNoteVerifier(self);
  if (!self_verifier.ok()) return ReportRefusal(self_verifier.status());
  if (crypto::OpenNote(advance->now.note, {*self_verifier}).ok()) {
    if (absl::Status s = crypto::WriteFileAtomically(advance->path, advance->now.note, 0644);
        !s.ok()) {
      return ReportRefusal(s);
    }
    std::cout << "already cosigned: meeting " << id << " at " << size << " entries by "
              << witness->name << "\n";
    return 0;
  }

  absl::StatusOr<std::string> line = crypto::SignCosignature(
      advance->now.text, witness->name, witness->key, static_cast<uint64_t>(std::time(nullptr)));
  if (!line.ok()) return ReportRefusal(line.status());
  if (absl::Status s =
          crypto::WriteFileAtomically(advance->path, advance->now.note + *line, 0644);
      !s.ok()) {
    return ReportRefusal(s);
  }

  auto witness_stub = v1::WitnessService::NewStub(c->channel());
  v1::AddCosignatureRequest req;
  req.set_meeting_id(id);
  req.set_cosigned_note(absl::StrCat(advance->now.text, "\n", *line));
  v1::AddCosignatureResponse resp;
  if (absl::Status s =
          FromGrpc(witness_stub->AddCosignature(c->NewContext().get(), req, &resp));
      !s.ok()) {
    std::cout << *line;
    return ReportRefusal(absl::Status(
        s.code(), absl::StrCat("the cosignature above (recorded in ", advance->path,
                               ") was not accepted: ", s.message())));
  }
  std::cout << *line;
  std::cout << "cosigned: meeting " << id << " at " << size << " entries by " << witness->name;
  if (!advance->before.has_value()) {
    std::cout << " (first checkpoint of this meeting)\n";
  } else {
    std::cout << " (consistent with " << advance->before->checkpoint.size << " entries)\n";
  }
  return 0;
}

}  // namespace

void AddCosignCommands(CLI::App& app, CommandContext& ctx) {
  CLI::App* audit = app.get_subcommand("audit");

  auto* wkey = audit->add_subcommand(
      "witness-key", T("见证人的 Ed25519 联署密钥（C2SP cosignature/v1）", "a witness's Ed25519 cosigning key (C2SP cosignature/v1)"));
  wkey->require_subcommand(1);
  struct GenerateArgs {
    std::string name, out;
  };
  auto generate_args = std::make_shared<GenerateArgs>();
  auto* generate = wkey->add_subcommand(
      "generate", T("生成见证人密钥文件（权限 0600）并打印其验证密钥", "create a witness key file (mode 0600) and print its verifier key"));
  generate->add_option("--name", generate_args->name, T("见证人名称，也是其密钥名称", "the witness's name, also its key name"))
      ->required();
  generate->add_option("--out", generate_args->out, T("要生成的密钥文件（不会覆盖已有文件）", "the key file to create (never replaced)"))
      ->required();
  generate->callback([&ctx, a = generate_args] { ctx.Run(GenerateWitnessKey(a->name, a->out)); });
  struct ShowArgs {
    std::string key;
  };
  auto show_args = std::make_shared<ShowArgs>();
  auto* show = wkey->add_subcommand("show", T("打印见证人密钥文件的验证密钥", "print the verifier key of a witness key file"));
  show->add_option("--key", show_args->key, T("见证人密钥文件", "witness key file"))->required();
  show->callback([&ctx, a = show_args] { ctx.Run(ShowWitnessKey(a->key)); });

  struct CosignArgs {
    std::string meeting_id, key, state_dir, note_key;
  };
  auto cosign_args = std::make_shared<CosignArgs>();
  auto* cosign = audit->add_subcommand(
      "cosign",
      T("以见证人身份联署会议的最新检查点：先核对它延续了本见证人上次联署的检查点（状态存于 --state），再提交联署；否则打印两份签名检查点并以 3 退出", "cosign the meeting's latest checkpoint as a witness, after checking that it extends "
      "the one this witness cosigned last (state in --state), and submit the cosignature; "
      "exit 3 with both signed checkpoints if it does not"));
  cosign->add_option("--meeting", cosign_args->meeting_id, T("会议编号", "meeting id"))->required();
  cosign->add_option("--key", cosign_args->key, T("见证人密钥文件（`audit witness-key generate` 生成）", "witness key file (`audit witness-key generate`)"))
      ->required();
  cosign->add_option("--state", cosign_args->state_dir,
                     T("本见证人联署过的检查点目录，每个会议一个文件；请保留", "directory of the checkpoints this witness cosigned, one file per "
                     "meeting; keep it"))
      ->required();
  cosign->add_option("--trust-note-key", cosign_args->note_key,
                     T("服务器检查点的验证密钥（名称+hex8+base64），须另行取得", "the server's checkpoint verifier key (name+hex8+base64), obtained out "
                     "of band"))
      ->required();
  cosign->callback([&ctx, a = cosign_args] {
    ctx.Exit(Cosign(ctx.connection, a->meeting_id, a->key, a->state_dir, a->note_key));
  });
}

}  // namespace gongxin::client
