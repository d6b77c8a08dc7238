#include "client/receipt_check.h"

#include <iostream>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "client/refusal.h"
#include "client/registry_commands.h"
#include "crypto/checkpoint.h"
#include "crypto/ed25519.h"
#include "crypto/key_file.h"
#include "crypto/merkle.h"
#include "crypto/sha256.h"
#include "crypto/signed_note.h"
#include "gongxin/v1/ledger.pb.h"
#include "gongxin/v1/transparency.grpc.pb.h"
#include "ledger/format.h"
#include "ledger/signing.h"
#include "util/status_macros.h"
#include "verifier/audit_verify.h"

namespace gongxin::client {
using verifier::kExitAuditFailed;
using verifier::kExitFailed;

namespace {


// A proof failure: the evidence does not hold (exit 3), as opposed to an
// input or connection error (exit 1).
struct Verdict {
  absl::Status error;    // exit 1
  std::string failed;    // exit 3 with "FAILED: <failed>"
  std::string omitted;   // exit 3 with "OMITTED: <omitted>"
};

struct ParsedReceipt {
  std::optional<v1::Receipt> named;
  std::optional<v1::AnonymousReceipt> anonymous;
};

// Receipts as the kiosk prints them: "receipt <word>" or
// "anonymous-receipt <word>" (web-safe base64 of the message), or a bare
// word. The first receipt line is taken.
absl::StatusOr<ParsedReceipt> ParseReceipt(absl::string_view text) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    const bool anonymous = absl::ConsumePrefix(&line, "anonymous-receipt ");
    const bool named = !anonymous && absl::ConsumePrefix(&line, "receipt ");
    std::string bytes;
    if (!absl::WebSafeBase64Unescape(absl::StripAsciiWhitespace(line), &bytes)) {
      return absl::InvalidArgumentError("receipt: not web-safe base64");
    }
    ParsedReceipt r;
    if (!anonymous) {
      v1::Receipt receipt;
      // A named receipt always has a place past the genesis entry and a
      // 32-byte entry hash; an anonymous receipt read as one does not.
      if (receipt.ParseFromString(bytes) && receipt.seq() > 0 &&
          receipt.entry_hash().size() == crypto::kSha256Size) {
        r.named = std::move(receipt);
        return r;
      }
      if (named) return absl::InvalidArgumentError("receipt: malformed named receipt");
    }
    v1::AnonymousReceipt a;
    if (!a.ParseFromString(bytes) || a.ballot_hash().size() != crypto::kSha256Size) {
      return absl::InvalidArgumentError("receipt: malformed anonymous receipt");
    }
    r.anonymous = std::move(a);
    return r;
  }
  return absl::InvalidArgumentError("receipt: none given");
}

// The Ed25519 key inside a note verifier key "<name>+<hex8>+<base64(0x01 || key)>":
// the server signs receipts and checkpoints with the same key.
absl::StatusOr<crypto::Ed25519PublicKey> KeyOfVerifierKey(absl::string_view vkey) {
  // The name holds no '+', the key id is hex: the key starts after the
  // second '+' (base64 itself may contain '+').
  const size_t first = vkey.find('+');
  const size_t plus = first == absl::string_view::npos ? first : vkey.find('+', first + 1);
  std::string raw;
  if (plus == absl::string_view::npos || !absl::Base64Unescape(vkey.substr(plus + 1), &raw) ||
      raw.size() != 33 || raw[0] != 0x01) {
    return absl::InvalidArgumentError("not an Ed25519 verifier key");
  }
  return crypto::Ed25519PublicKey::FromRaw(raw.substr(1));
}

// Opens a checkpoint note of meeting `meeting_id`'s log under `verifier`.
absl::StatusOr<crypto::Checkpoint> OpenMeetingCheckpoint(absl::string_view note,
                                                         const crypto::NoteVerifier& verifier,
                                                         const std::string& meeting_id,
                                                         absl::string_view what) {
  absl::StatusOr<crypto::OpenedNote> opened = crypto::OpenNote(note, {verifier});
  if (!opened.ok()) {
    return absl::UnauthenticatedError(absl::StrCat(what, " is not signed by the trusted key ",
                                                   verifier.name(), ": ",
                                                   opened.status().message()));
  }
  absl::StatusOr<crypto::Checkpoint> cp = crypto::ParseCheckpoint(opened->text);
  if (!cp.ok()) return absl::UnauthenticatedError(absl::StrCat(what, ": ", cp.status().message()));
  const std::string origin = absl::StrCat(verifier.name(), "/meeting/", meeting_id);
  if (cp->origin != origin) {
    return absl::UnauthenticatedError(absl::StrCat(what, " is for \"", cp->origin,
                                                   "\", not the receipt's log \"", origin, "\""));
  }
  return *std::move(cp);
}

absl::StatusOr<std::vector<std::string>> ReadProofFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, crypto::ReadFile(path));
  std::vector<std::string> proof;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipWhitespace())) {
    std::string hash;
    if (!absl::Base64Unescape(absl::StripAsciiWhitespace(line), &hash) ||
        hash.size() != crypto::kSha256Size) {
      return absl::InvalidArgumentError(
          absl::StrCat("--proof ", path, ": \"", line, "\" is not a base64 SHA-256 hash"));
    }
    proof.push_back(std::move(hash));
  }
  return proof;
}

// Checks that leaf `index` hashing to `leaf_hash` is in the tree of `cp`.
std::string InclusionFailure(uint64_t index, absl::string_view leaf_hash,
                             const std::vector<std::string>& proof, const crypto::Checkpoint& cp,
                             absl::string_view what) {
  if (index >= cp.size) {
    return absl::StrCat(what, " has ", cp.size, " entries; it cannot include entry ", index);
  }
  absl::Status s = crypto::VerifyInclusion(index, cp.size, leaf_hash, proof, cp.root_hash);
  if (s.ok()) return "";
  return absl::StrCat("entry ", index, " is not proven to be in ", what, ": ", s.message());
}

Verdict Offline(const v1::Receipt& r, const crypto::NoteVerifier& verifier,
                const ReceiptProofOptions& o) {
  Verdict v;
  if (r.leaf_hash().empty()) {
    v.error = absl::FailedPreconditionError(
        "this receipt predates checkpoints (no leaf hash): check it with --online or against "
        "an export");
    return v;
  }
  if (!r.checkpoint().empty()) {
    // The checkpoint the receipt carries must hold too: the server signed
    // both, so a mismatch is evidence against it.
    absl::StatusOr<crypto::Checkpoint> own =
        OpenMeetingCheckpoint(r.checkpoint(), verifier, r.meeting_id(), "the receipt's checkpoint");
    if (!own.ok()) {
      v.failed = std::string(own.status().message());
      return v;
    }
    v.failed = InclusionFailure(r.seq(), r.leaf_hash(),
                                {r.inclusion_proof().begin(), r.inclusion_proof().end()}, *own,
                                "the receipt's checkpoint");
    if (!v.failed.empty()) return v;
  }
  if (o.checkpoint_path.empty()) {
    if (r.checkpoint().empty()) {
      v.error = absl::InvalidArgumentError(
          "--checkpoint: required for a receipt that carries no checkpoint");
    }
    return v;
  }
  absl::StatusOr<std::string> note = crypto::ReadFile(o.checkpoint_path);
  if (!note.ok()) {
    v.error = note.status();
    return v;
  }
  absl::StatusOr<crypto::Checkpoint> later = OpenMeetingCheckpoint(
      *note, verifier, r.meeting_id(), absl::StrCat("the checkpoint ", o.checkpoint_path));
  if (!later.ok()) {
    v.failed = std::string(later.status().message());
    return v;
  }
  if (o.proof_path.empty()) {
    v.error = absl::InvalidArgumentError("--proof: required with --checkpoint");
    return v;
  }
  absl::StatusOr<std::vector<std::string>> proof = ReadProofFile(o.proof_path);
  if (!proof.ok()) {
    v.error = proof.status();
    return v;
  }
  v.failed = InclusionFailure(r.seq(), r.leaf_hash(), *proof, *later,
                              absl::StrCat("the checkpoint ", o.checkpoint_path));
  return v;
}

// Online: the latest checkpoint of the receipt's meeting, opened under the
// trusted key, the entry itself and the proof from the server.
absl::StatusOr<crypto::Checkpoint> LatestCheckpoint(const Connection& c,
                                                    const crypto::NoteVerifier& verifier,
                                                    const std::string& meeting_id,
                                                    std::string* failed) {
  auto stub = v1::TransparencyService::NewStub(c.channel());
  v1::GetCheckpointRequest req;
  req.set_meeting_id(meeting_id);
  v1::Checkpoint resp;
  RETURN_IF_ERROR(FromGrpc(stub->GetCheckpoint(c.NewContext().get(), req, &resp)));
  absl::StatusOr<crypto::Checkpoint> cp =
      OpenMeetingCheckpoint(resp.signed_note(), verifier, meeting_id, "the server's checkpoint");
  if (!cp.ok()) *failed = std::string(cp.status().message());
  return cp;
}

absl::StatusOr<std::vector<std::string>> FetchInclusion(const Connection& c,
                                                        const std::string& meeting_id,
                                                        uint64_t index, uint64_t size) {
  auto stub = v1::TransparencyService::NewStub(c.channel());
  v1::InclusionProofRequest req;
  req.set_meeting_id(meeting_id);
  req.set_leaf_index(index);
  req.set_tree_size(size);
  v1::Proof resp;
  RETURN_IF_ERROR(FromGrpc(stub->GetInclusionProof(c.NewContext().get(), req, &resp)));
  return std::vector<std::string>(resp.hashes().begin(), resp.hashes().end());
}

Verdict OnlineNamed(const Connection& c, const v1::Receipt& r,
                    const crypto::NoteVerifier& verifier) {
  Verdict v;
  absl::StatusOr<crypto::Checkpoint> cp = LatestCheckpoint(c, verifier, r.meeting_id(), &v.failed);
  if (!cp.ok()) {
    if (v.failed.empty()) v.error = cp.status();
    return v;
  }
  if (r.seq() >= cp->size) {
    v.omitted = absl::StrCat("the receipt names entry ", r.seq(), " but the signed log of meeting ",
                             r.meeting_id(), " has only ", cp->size, " entries");
    return v;
  }
  absl::StatusOr<std::vector<std::string>> entry = FetchEntries(c, r.meeting_id(), r.seq(), r.seq() + 1);
  if (!entry.ok()) {
    v.error = entry.status();
    return v;
  }
  const std::string& bytes = (*entry)[0];
  if (ledger::EntryHash(bytes) != r.entry_hash() ||
      (!r.leaf_hash().empty() && crypto::LeafHash(bytes) != r.leaf_hash())) {
    v.omitted = absl::StrCat("entry ", r.seq(), " of meeting ", r.meeting_id(),
                             " is not the entry the receipt was signed for");
    return v;
  }
  absl::StatusOr<std::vector<std::string>> proof =
      FetchInclusion(c, r.meeting_id(), r.seq(), cp->size);
  if (!proof.ok()) {
    v.error = proof.status();
    return v;
  }
  v.failed = InclusionFailure(r.seq(), crypto::LeafHash(bytes), *proof, *cp,
                              "the server's latest checkpoint");
  return v;
}

Verdict OnlineAnonymous(const Connection& c, const v1::AnonymousReceipt& r,
                        const crypto::NoteVerifier& verifier, uint64_t* found_at) {
  Verdict v;
  absl::StatusOr<crypto::Checkpoint> cp = LatestCheckpoint(c, verifier, r.meeting_id(), &v.failed);
  if (!cp.ok()) {
    if (v.failed.empty()) v.error = cp.status();
    return v;
  }
  absl::StatusOr<std::vector<std::string>> entries = FetchEntries(c, r.meeting_id(), 0, cp->size);
  if (!entries.ok()) {
    v.error = entries.status();
    return v;
  }
  bool closed = false;
  for (uint64_t i = 0; i < entries->size(); ++i) {
    v1::Entry entry;
    if (!entry.ParseFromString((*entries)[i])) continue;
    if (entry.has_state_changed() && entry.state_changed().to() == v1::MEETING_STATUS_CLOSED) {
      closed = true;
    }
    if (!entry.has_anonymous_ballot() ||
        ledger::AnonymousBallotHash(entry.anonymous_ballot()) != r.ballot_hash()) {
      continue;
    }
    *found_at = i;
    // The leaf is recomputed from the bytes served, and the proof must tie
    // it to the signed root: a listing cannot invent the ballot.
    if (crypto::RootFromLeafHashes([&] {
          std::vector<std::string> h;
          for (const std::string& e : *entries) h.push_back(crypto::LeafHash(e));
          return h;
        }()) != cp->root_hash) {
      v.failed = "the entries served do not rebuild the signed root";
      return v;
    }
    absl::StatusOr<std::vector<std::string>> proof = FetchInclusion(c, r.meeting_id(), i, cp->size);
    if (!proof.ok()) {
      v.error = proof.status();
      return v;
    }
    v.failed = InclusionFailure(i, crypto::LeafHash((*entries)[i]), *proof, *cp,
                                "the server's latest checkpoint");
    return v;
  }
  if (!closed) {
    v.error = absl::FailedPreconditionError(absl::StrCat(
        "meeting ", r.meeting_id(),
        " is not closed yet: anonymous ballots wait in the sealed urn and join the chain only "
        "at the close; check again after it"));
    return v;
  }
  v.omitted = absl::StrCat("no ballot with this hash is on the chain of meeting ", r.meeting_id(),
                           " although it is closed; the signed receipt is the proof");
  return v;
}

int Finish(const Verdict& v, const ReceiptProofOptions& o, const std::string& meeting_id,
           const std::string& where) {
  if (!v.error.ok()) return ReportRefusal(v.error);
  if (!v.omitted.empty()) {
    std::cout << "OMITTED: " << v.omitted << "\n";
    return kExitAuditFailed;
  }
  if (!v.failed.empty()) {
    std::cout << "FAILED: " << v.failed << "\n";
    return kExitAuditFailed;
  }
  std::cout << (o.english ? "included: the ballot is in the signed log of meeting "
                          : "已计入：选票在经签名的会议日志中，会议 ")
            << meeting_id << " (" << where << ")\n";
  return 0;
}

}  // namespace

int ReceiptCheckWithProof(const ConnectionOptions& connection, const ReceiptProofOptions& o) {
  absl::StatusOr<crypto::NoteVerifier> verifier =
      crypto::ParseVerifierKey(absl::StripAsciiWhitespace(o.note_key));
  absl::StatusOr<crypto::Ed25519PublicKey> key =
      KeyOfVerifierKey(absl::StripAsciiWhitespace(o.note_key));
  if (!verifier.ok() || !key.ok()) {
    std::cerr << "gongxin: --trust-note-key: "
              << (verifier.ok() ? key.status() : verifier.status()).message() << "\n";
    return kExitFailed;
  }
  absl::StatusOr<ParsedReceipt> r = ParseReceipt(o.receipt_text);
  if (!r.ok()) {
    std::cerr << "gongxin: " << r.status().message() << "\n";
    return kExitFailed;
  }
  // The receipt's own signature first: a forged receipt proves nothing.
  absl::Status signed_ok = r->named ? ledger::VerifyReceipt(*key, *r->named)
                                    : ledger::VerifyAnonymousReceipt(*key, *r->anonymous);
  if (!signed_ok.ok()) {
    std::cout << "FAILED: the receipt is not signed by the trusted key: " << signed_ok.message()
              << "\n";
    return kExitAuditFailed;
  }
  const std::string meeting_id = r->named ? r->named->meeting_id() : r->anonymous->meeting_id();
  if (!o.online) {
    if (!r->named) {
      std::cerr << "gongxin: an anonymous receipt has no place on the chain until the close; "
                   "check it with --online after the meeting is closed\n";
      return kExitFailed;
    }
    return Finish(Offline(*r->named, *verifier, o), o, meeting_id,
                  o.checkpoint_path.empty() ? "offline, the receipt's own checkpoint"
                                            : "offline, " + o.checkpoint_path);
  }
  absl::StatusOr<Connection> c = Connection::Connect(connection, "auditor");
  if (!c.ok()) {
    std::cerr << "gongxin: " << c.status().message() << "\n";
    return kExitFailed;
  }
  if (r->named) {
    return Finish(OnlineNamed(*c, *r->named, *verifier), o, meeting_id,
                  absl::StrCat("entry ", r->named->seq(), ", latest checkpoint"));
  }
  uint64_t at = 0;
  Verdict v = OnlineAnonymous(*c, *r->anonymous, *verifier, &at);
  return Finish(v, o, meeting_id, absl::StrCat("entry ", at, ", latest checkpoint"));
}

}  // namespace gongxin::client
