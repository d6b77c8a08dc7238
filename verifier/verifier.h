// The offline auditor: checks an export with nothing but the export and the
// server's public key. It re-derives everything — hash links, signatures,
// the roll, one ballot per voter per form, the count — with the same
// tally::MeetingState the server used, and names the first bad entry.
//
// It streams: memory stays bounded whatever the export's size. With more
// than one thread the per-entry crypto (entry and Merkle leaf hashes,
// credential and token signatures) runs ahead on worker threads while the
// one thread that owns the state machine checks the entries in order; the
// verdict, and any error, is the same as with one thread.
#ifndef GONGXIN_VERIFIER_VERIFIER_H_
#define GONGXIN_VERIFIER_VERIFIER_H_

#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "crypto/cosignature.h"
#include "crypto/ed25519.h"
#include "gongxin/v1/ledger.pb.h"

namespace gongxin::verifier {

struct Verdict {
  std::string meeting_id;
  v1::MeetingStatus status = v1::MEETING_STATUS_UNSPECIFIED;
  uint64_t entries = 0;
  uint64_t ballots = 0;
  uint64_t anonymous_ballots = 0;
  uint64_t checked_in = 0;
  uint64_t roll_size = 0;
  std::string head_hash;
  // RFC 6962 root of the Merkle tree over all the entries: equals the root
  // of a signed checkpoint of the same size (docs/export-format.md).
  std::string merkle_root;
  std::optional<v1::TallyResult> count;
  uint64_t count_seq = 0;
  std::string count_entry_hash;  // of the count_recorded entry, if any
  v1::MeetingSpec spec;          // from the genesis entry
  uint64_t receipts_checked = 0;
  bool public_export = false;
  // The checkpoint the PUBLISHED entry refers to (its size is the entry's
  // seq; its root was recomputed from the entries), and the trusted
  // witnesses (VerifyOptions::witnesses) whose cosignatures of it verified.
  std::optional<uint64_t> published_checkpoint_size;
  std::vector<std::string> published_witnesses;
  // Slips for voting by phone, per group (sorted): each used slip was
  // printed for the group, unvoided and used once, and per group the slips
  // used (unbound ones apart) are no more than its voters checked in by slip.
  struct Slips {
    std::string group;
    uint32_t issued = 0;
    uint32_t voided = 0;
    uint32_t used = 0;
    uint32_t checked_in = 0;
  };
  std::vector<Slips> slips;
  // Per form of the spec, in its order: voters the roll entitles to it,
  // ballots issued (credentials and tokens), ballots on the chain — the
  // figures gongxind's MeetingInfo.forms shows, so a server serving an
  // archived record can show them without a state machine of its own.
  struct FormFigures {
    std::string form_id;
    uint32_t due = 0;
    uint32_t issued = 0;
    uint32_t returned = 0;
  };
  std::vector<FormFigures> forms;
  // The selection around the meeting (issue 16), each entry replayed by the
  // state machine: documents by hash (each file once), the 任前公示 (its
  // outcomes each for a person it names, recorded after its period, with a
  // reason unless appointed) and observers' opinions.
  uint32_t documents = 0;
  bool notice = false;
  uint32_t notice_outcomes = 0;
  uint32_t opinions = 0;
  // A sampled survey (spec.sample): the draw's entry, redrawn from the
  // roll (the population) and its seed; who may take part; and, with a
  // full export, that every voter checked in was drawn.
  std::optional<uint64_t> sample_seq;
  uint32_t sample_size = 0;
  // The one-line summary printed by `gongxin audit verify`.
  std::string Summary() const;
};

struct VerifyOptions {
  // Receipts (as printed by `gongxin kiosk cast`) that must be in the export.
  std::vector<v1::Receipt> receipts;
  std::vector<v1::AnonymousReceipt> anonymous_receipts;
  // Receipt codes as a voter copies them from the kiosk page
  // (kiosk/receipt_code.h), as the hash prefixes they carry: each must be
  // the start of a named ballot's entry hash or an anonymous ballot's hash.
  // Weaker than a signed receipt (nothing signed), it still lets a voter
  // with only the code find their ballot in the record.
  std::vector<std::string> receipt_codes;
  // Called every few thousand entries, and once at the end, with the
  // entries checked so far and the export bytes that held them.
  std::function<void(uint64_t entries, uint64_t bytes)> progress;
  // Threads to use: 1 checks everything on the calling thread; N > 1 adds
  // N - 1 workers for the crypto (the calling thread helps them too).
  // 0 means std::thread::hardware_concurrency().
  unsigned threads = 0;
  // Witnesses the auditor trusts, and how many distinct ones must have
  // cosigned the checkpoint the publication refers to (0 = no requirement;
  // > 0 also fails an export that is not published).
  std::vector<crypto::Cosigner> witnesses;
  int required_cosignatures = 0;
};

// VerifyExport returns DATA_LOSS (or UNAUTHENTICATED for a signature made
// by another key) naming the first bad entry or record.
absl::StatusOr<Verdict> VerifyExport(std::istream& export_stream,
                                     const crypto::Ed25519PublicKey& trusted,
                                     const VerifyOptions& options = {});

// CheckRoundLinks checks, for two verified exports, that every form of
// `next` linked (previous_round, rules S-8, A9) to `previous`'s meeting
// names its count entry and lists exactly its top N (tally::CheckRoundLink).
// INVALID_ARGUMENT if no form of `next` links to `previous`; otherwise the
// link check's error, naming spec.forms[i].previous_round.
absl::Status CheckRoundLinks(const Verdict& next, const Verdict& previous);

// CheckFollowUpLinks checks, for two verified exports, that every form of
// `next` that re-evaluates (follow_up, rule S-5) an evaluation of
// `previous`'s meeting names its count entry and the same grades and
// cadres (tally::CheckFollowUpLink). INVALID_ARGUMENT if no form of `next`
// is such a follow-up; otherwise the link check's error, naming
// spec.forms[i].follow_up.
absl::Status CheckFollowUpLinks(const Verdict& next, const Verdict& previous);

// Whether a form of `next` has a follow_up link to meeting
// `previous_meeting_id`.
bool HasFollowUpLink(const Verdict& next, const std::string& previous_meeting_id);

}  // namespace gongxin::verifier

#endif  // GONGXIN_VERIFIER_VERIFIER_H_
