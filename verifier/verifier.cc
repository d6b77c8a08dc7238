#include "verifier/verifier.h"

#include <algorithm>
#include <optional>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "crypto/checkpoint.h"
#include "crypto/signed_note.h"
#include "absl/strings/str_cat.h"
#include "verifier/ordered_pipeline.h"
#include "crypto/blind_rsa.h"
#include "crypto/compact_range.h"
#include "crypto/encoding.h"
#include "crypto/merkle.h"
#include "ledger/sample_draw.h"
#include "ledger/chain.h"
#include "ledger/encoding.h"
#include "ledger/export.h"
#include "ledger/format.h"
#include "ledger/signing.h"
#include "tally/kinds/decision.h"
#include "tally/meeting_state.h"
#include "tally/follow_up.h"
#include "tally/round.h"
#include "tally/roll.h"
#include "tally/spec.h"
#include "util/status_macros.h"

namespace gongxin::verifier {
namespace {

absl::Status Bad(uint64_t seq, absl::string_view why) {
  return absl::DataLossError(absl::StrCat("entry ", seq, ": ", why));
}

// One entry on its way through the verifier. Prepare fills in everything that
// needs nothing from the entries before it — the parse, the entry and leaf
// hashes, the signature checks — so it can run ahead on any thread; the
// checker then uses these results at exactly the point where it would
// otherwise compute them, so errors come out the same, in the same order.
// A token key: (form id, TokenKey.group).
using TokenKeyId = std::pair<std::string, std::string>;

struct PreparedEntry {
  std::string bytes;    // released once prepared
  uint64_t end_offset;  // export bytes read through this entry's record
  ledger::PreparedEntry chain;
  std::string leaf_hash;
  std::optional<absl::Status> credential;  // ballot_cast
  std::optional<absl::Status> token;       // anonymous_ballot of a form with a key
};

// What Prepare reads; fixed before the first entry is read (the header and
// the token keys come first), then shared read-only by the workers.
struct PrepareContext {
  const crypto::Ed25519PublicKey* trusted = nullptr;
  std::string meeting_id;
  // The PEM token keys of the export's token_key records, by (form, key
  // group). The genesis check proves them equal to entry 0's keys before
  // any ballot is looked at.
  absl::flat_hash_map<TokenKeyId, crypto::BlindRsaPublicKey> token_keys;
};

absl::Status CredentialStatus(const crypto::Ed25519PublicKey& trusted,
                              const std::string& meeting_id, const v1::BallotCast& cast) {
  v1::Credential credential;
  credential.set_meeting_id(meeting_id);
  credential.set_form_id(cast.ballot().form_id());
  credential.set_voter_commitment(cast.voter_commitment());
  credential.set_signature(cast.credential_signature());
  return ledger::VerifyCredential(trusted, credential);
}

void Prepare(const PrepareContext& context, PreparedEntry& p) {
  p.chain = ledger::PrepareEntry(p.bytes);
  p.leaf_hash = crypto::LeafHash(p.bytes);
  std::string().swap(p.bytes);
  if (!p.chain.parsed) return;
  const v1::Entry& entry = p.chain.entry;
  if (entry.has_ballot_cast()) {
    p.credential = CredentialStatus(*context.trusted, context.meeting_id, entry.ballot_cast());
  }
  if (entry.has_anonymous_ballot()) {
    v1::AnonymousBallot ballot;
    if (!ballot.ParseFromString(entry.anonymous_ballot())) return;
    auto key = context.token_keys.find(TokenKeyId{ballot.form_id(), ballot.group()});
    if (key == context.token_keys.end()) return;
    p.token = crypto::BlindRsaVerify(key->second, ballot.token_message(), ballot.token_signature());
  }
}

// Everything the verifier learns while reading, entry by entry.
class ExportChecker {
 public:
  explicit ExportChecker(const crypto::Ed25519PublicKey& trusted) : trusted_(trusted) {}

  absl::Status Header(const v1::ExportHeader& header) {
    if (header.format_version() != 1) {
      return absl::DataLossError(absl::StrCat(
          "export header: format_version ", header.format_version(),
          " is not 1"));
    }
    if (header.server_public_key() != trusted_.raw()) {
      return absl::UnauthenticatedError(absl::StrCat(
          "export header: the export says it was signed by key ",
          crypto::HexEncode(header.server_public_key()),
          ", not by the trusted key ", crypto::HexEncode(trusted_.raw())));
    }
    meeting_id_ = header.meeting_id();
    verifier_ = ledger::ChainVerifier(meeting_id_);
    public_export_ = header.openings_omitted();
    return absl::OkStatus();
  }

  absl::Status Roll(const std::string& bytes) {
    if (!roll_.ParseFromString(bytes)) {
      return absl::DataLossError("export roll: does not parse");
    }
    // Committed by entry 0's roll_digest: the same encoding rule as entries.
    RETURN_IF_ERROR(ledger::CheckCanonical(roll_, bytes, "roll"));
    roll_bytes_ = bytes;
    have_roll_ = true;
    return absl::OkStatus();
  }

  absl::Status TokenKeyPem(const v1::TokenKeyPem& key) {
    auto parsed = crypto::BlindRsaPublicKey::FromPem(key.public_key_pem());
    if (!parsed.ok()) {
      return absl::DataLossError(absl::StrCat("export token key of form ", key.form_id(), ": ",
                                              parsed.status().message()));
    }
    const TokenKeyId id{key.form_id(), key.group()};
    token_key_pems_[id] = parsed->ToDer();
    pem_keys_.insert_or_assign(id, *std::move(parsed));
    return absl::OkStatus();
  }

  absl::Status Opening(const v1::VoterOpening& opening) {
    if (public_export_) {
      return absl::DataLossError("export opening: a public export must not carry openings");
    }
    std::string commitment =
        ledger::VoterCommitment(meeting_id_, opening.voter_id(), opening.salt());
    if (!voter_by_commitment_.emplace(commitment, opening.voter_id()).second) {
      return absl::DataLossError(absl::StrCat(
          "export opening: voter ", opening.voter_id(), " appears twice"));
    }
    return absl::OkStatus();
  }

  // The context Prepare needs, once the records before the entries are in.
  PrepareContext MakePrepareContext() const {
    PrepareContext context;
    context.trusted = &trusted_;
    context.meeting_id = meeting_id_;
    context.token_keys = pem_keys_;
    return context;
  }

  absl::Status Entry(PreparedEntry& prepared) {
    const uint64_t seq = verifier_.size();
    ASSIGN_OR_RETURN(v1::Entry entry, verifier_.Accept(std::move(prepared.chain)));
    if (seq == 0) RETURN_IF_ERROR(Genesis(entry));
    if (entry.has_checked_in()) RETURN_IF_ERROR(CheckIn(seq, entry.checked_in()));
    if (entry.has_ballot_cast()) {
      const absl::Status credential =
          prepared.credential.has_value()
              ? *prepared.credential
              : CredentialStatus(trusted_, meeting_id_, entry.ballot_cast());
      if (!credential.ok()) return Bad(seq, absl::StrCat("ballot ", credential.message()));
      RETURN_IF_ERROR(Recusal(seq, entry.ballot_cast()));
      NoteCode(verifier_.hash());  // a named ballot's code is its entry hash
    }
    RETURN_IF_ERROR(UrnOrder(seq, entry));
    if (entry.has_state_changed() && entry.state_changed().to() == v1::MEETING_STATUS_PUBLISHED) {
      // Before this entry joins the tree: the publication names the
      // checkpoint of the entries before it.
      RETURN_IF_ERROR(Published(seq, entry.state_changed()));
    }
    if (entry.has_anonymous_ballot()) {
      RETURN_IF_ERROR(Anonymous(seq, entry.anonymous_ballot(), prepared.token));
    }
    if (entry.has_sample_drawn() && state_.has_roll()) {
      // Redraw: the seed from the chain before the entry and the public
      // beacon, then each group's order under it (ledger/sample_draw.h).
      absl::Status drawn = ledger::CheckSampleDrawn(entry, state_.spec(), roll_);
      if (!drawn.ok()) return Bad(seq, drawn.message());
    }
    absl::Status applied = state_.Apply(entry);
    if (!applied.ok()) return Bad(seq, applied.message());
    if (seq == 0) {
      absl::Status s = state_.SetRoll(*roll_index_);
      if (!s.ok()) return Bad(seq, s.message());
    }
    if (entry.has_count_recorded()) {
      count_seq_ = seq;
      entry_hash_at_count_ = verifier_.hash();
    }
    // The same bytes are leaf `seq` of the meeting's Merkle log. The leaf
    // hash is well formed by construction, so Append cannot fail.
    absl::Status appended =
        merkle_.Append(prepared.leaf_hash, [](uint64_t, uint64_t, absl::string_view) {});
    if (!appended.ok()) return Bad(seq, appended.message());
    return absl::OkStatus();
  }

  void WantCosignatures(const std::vector<crypto::Cosigner>& witnesses, int required) {
    witnesses_ = witnesses;
    required_cosignatures_ = required;
  }

  absl::Status Head(const v1::SignedHead& head) {
    if (head.meeting_id() != meeting_id_) {
      return absl::DataLossError(absl::StrCat("signed head: names meeting ",
                                              head.meeting_id()));
    }
    absl::Status sig = ledger::VerifyHead(trusted_, head);
    if (!sig.ok()) return sig;
    const uint64_t size = verifier_.size();
    if (head.size() > size) {
      return Bad(size, absl::StrCat("missing: the signed head covers ", head.size(),
                                    " entries but the export holds ", size));
    }
    if (head.size() < size) {
      return Bad(head.size(), absl::StrCat("is not covered by the signed head (",
                                           head.size(), " entries)"));
    }
    if (head.head_hash() != verifier_.hash()) {
      return Bad(size - 1, absl::StrCat("hash ", crypto::HexEncode(verifier_.hash()),
                                        " differs from the signed head's ",
                                        crypto::HexEncode(head.head_hash()),
                                        ": the last entry was altered"));
    }
    head_seen_ = true;
    return absl::OkStatus();
  }

  absl::Status Finish(const std::vector<v1::Receipt>& receipts, Verdict* verdict) {
    if (verifier_.size() == 0) return absl::DataLossError("export holds no entries");
    if (!head_seen_) {
      return absl::DataLossError("export ends without the signed head");
    }
    for (const auto& [commitment, voter] : voter_by_commitment_) {
      if (!state_.IsCheckedIn(commitment)) {
        return absl::DataLossError(absl::StrCat(
            "export opening: voter ", voter, " matches no check-in"));
      }
    }
    verdict->meeting_id = meeting_id_;
    verdict->status = state_.status();
    verdict->entries = verifier_.size();
    verdict->ballots = state_.cast_count();
    verdict->checked_in = state_.checked_in_count();
    for (const auto& [group, t] : state_.slip_tallies()) {
      verdict->slips.push_back({group, t.issued, t.voided, t.redeemed, t.checked_in});
    }
    std::sort(verdict->slips.begin(), verdict->slips.end(),
              [](const Verdict::Slips& a, const Verdict::Slips& b) { return a.group < b.group; });
    verdict->roll_size = roll_.voters_size();
    for (const v1::Form& form : state_.spec().forms()) {
      verdict->forms.push_back(
          {form.id(),
           state_.form_due(form.id()),
           static_cast<uint32_t>(state_.issued(form.id())),
           static_cast<uint32_t>(state_.returned(form.id()))});
    }
    verdict->head_hash = verifier_.hash();
    verdict->merkle_root = merkle_.Root();
    if (state_.last_count() != nullptr) {
      verdict->count = *state_.last_count();
      verdict->count_seq = count_seq_;
      verdict->count_entry_hash = entry_hash_at_count_;
    }
    verdict->spec = state_.spec();
    const tally::SelectionRecords& selection = state_.selection();
    verdict->documents = static_cast<uint32_t>(selection.documents().size());
    verdict->notice = selection.notice().has_value();
    verdict->notice_outcomes = static_cast<uint32_t>(selection.outcomes().size());
    if (state_.spec().has_sample()) {
      verdict->sample_seq = state_.sample_seq();
      verdict->sample_size = state_.due_size();
    }
    verdict->opinions = static_cast<uint32_t>(selection.opinions().size());
    for (const v1::Receipt& r : receipts) RETURN_IF_ERROR(Receipt(r));
    for (const v1::AnonymousReceipt& r : anonymous_receipts_) RETURN_IF_ERROR(AnonymousReceipt(r));
    for (const std::string& code : codes_wanted_) {
      if (!codes_found_.contains(code)) {
        return absl::DataLossError(
            "receipt code: no ballot in this record has a hash starting with the code's bits");
      }
    }
    verdict->receipts_checked = receipts.size() + anonymous_receipts_.size() + codes_wanted_.size();
    verdict->anonymous_ballots = anonymous_ballots_;
    verdict->public_export = public_export_;
    if (required_cosignatures_ > 0 && !published_size_.has_value()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "meeting ", meeting_id_, " is not published (or its publication records no "
          "checkpoint), so it carries no cosigned checkpoint; ", required_cosignatures_,
          " witness cosignatures were required"));
    }
    verdict->published_checkpoint_size = published_size_;
    verdict->published_witnesses = published_witnesses_;
    return absl::OkStatus();
  }

  void WantAnonymousReceipts(const std::vector<v1::AnonymousReceipt>& receipts) {
    anonymous_receipts_ = receipts;
    for (const auto& r : receipts) anonymous_receipt_hashes_wanted_.insert(r.ballot_hash());
  }

  void WantReceiptCodes(const std::vector<std::string>& codes) {
    for (const std::string& code : codes) {
      codes_wanted_.insert(code);
      code_length_ = code.size();
    }
  }

  void NoteEntryHash() { entry_hashes_.push_back(verifier_.hash()); }
  uint64_t size() const { return verifier_.size(); }
  bool have_roll() const { return have_roll_; }
  bool public_export() const { return public_export_; }

 private:
  // The PUBLISHED transition names the checkpoint of every entry before it
  // (the log the witnesses cosigned): its size and root must be the chain's,
  // its note must carry the server's signature of exactly that checkpoint,
  // and the trusted witnesses' cosignatures in it must verify.
  absl::Status Published(uint64_t seq, const v1::StateChanged& change) {
    if (!change.has_published_checkpoint()) {
      if (required_cosignatures_ > 0) {
        return Bad(seq, "publishes the meeting without recording a cosigned checkpoint");
      }
      return absl::OkStatus();
    }
    const v1::PublishedCheckpoint& p = change.published_checkpoint();
    if (p.size() != seq) {
      return Bad(seq, absl::StrCat("published_checkpoint.size is ", p.size(),
                                   ", but the publication follows ", seq, " entries"));
    }
    const std::string root = merkle_.Root();
    if (p.root_hash() != root) {
      return Bad(seq, absl::StrCat("published_checkpoint.root_hash ", crypto::HexEncode(p.root_hash()),
                                   " is not the Merkle root of the ", seq, " entries before it (",
                                   crypto::HexEncode(root), ")"));
    }
    const std::string& note = p.cosigned_note();
    const size_t blank = note.rfind("\n\n");
    absl::StatusOr<crypto::Checkpoint> claimed =
        crypto::ParseCheckpoint(blank == std::string::npos ? note : note.substr(0, blank + 1));
    if (!claimed.ok()) {
      return Bad(seq, absl::StrCat("published_checkpoint.cosigned_note: ",
                                   claimed.status().message()));
    }
    const std::string suffix = absl::StrCat("/meeting/", meeting_id_);
    if (!absl::EndsWith(claimed->origin, suffix) || claimed->origin.size() == suffix.size()) {
      return Bad(seq, absl::StrCat("published_checkpoint.cosigned_note: origin \"",
                                   claimed->origin, "\" is not <log name>", suffix));
    }
    const std::string log_name = claimed->origin.substr(0, claimed->origin.size() - suffix.size());
    absl::StatusOr<crypto::NoteVerifier> server = crypto::NoteVerifier::FromEd25519(log_name, trusted_);
    if (!server.ok()) {
      return Bad(seq, absl::StrCat("published_checkpoint.cosigned_note: ", server.status().message()));
    }
    std::vector<crypto::NoteVerifier> known = {*server};
    for (const crypto::Cosigner& w : witnesses_) {
      absl::StatusOr<crypto::NoteVerifier> v = crypto::CosignatureNoteVerifier(w);
      if (!v.ok()) return v.status();
      known.push_back(*std::move(v));
    }
    absl::StatusOr<crypto::OpenedNote> opened = crypto::OpenNote(note, known);
    if (!opened.ok()) {
      return Bad(seq, absl::StrCat("published_checkpoint.cosigned_note: ",
                                   opened.status().message()));
    }
    crypto::Checkpoint expected;
    expected.origin = claimed->origin;
    expected.size = seq;
    expected.root_hash = root;
    absl::StatusOr<std::string> text = crypto::FormatCheckpoint(expected);
    if (!text.ok() || opened->text != *text) {
      return Bad(seq, "published_checkpoint.cosigned_note is not the checkpoint of the entries "
                      "before the publication");
    }
    bool server_signed = false;
    std::vector<std::string> cosigned;
    for (const crypto::NoteSignature& sig : opened->verified) {
      if (sig.name == server->name() && sig.key_id == server->key_id()) {
        server_signed = true;
      } else if (std::find(cosigned.begin(), cosigned.end(), sig.name) == cosigned.end()) {
        cosigned.push_back(sig.name);
      }
    }
    if (!server_signed) {
      return Bad(seq, "published_checkpoint.cosigned_note is not signed by the trusted server key");
    }
    if (static_cast<int>(cosigned.size()) < required_cosignatures_) {
      return Bad(seq, absl::StrCat("the published checkpoint carries valid cosignatures of ",
                                   cosigned.size(), " trusted witnesses, ",
                                   required_cosignatures_, " required"));
    }
    published_size_ = seq;
    published_witnesses_ = std::move(cosigned);
    return absl::OkStatus();
  }

  absl::Status Genesis(const v1::Entry& entry) {
    if (!entry.has_meeting_created()) return Bad(0, "is not a meeting_created entry");
    if (!have_roll_) return Bad(0, "the export carries no roll");
    if (ledger::RollDigest(roll_bytes_) != entry.meeting_created().roll_digest()) {
      return Bad(0, "roll_digest does not match the exported roll");
    }
    auto roll = tally::Roll::Create(roll_, entry.meeting_created().spec());
    if (!roll.ok()) return Bad(0, absl::StrCat("roll: ", roll.status().message()));
    roll_index_ = std::make_unique<tally::Roll>(*std::move(roll));
    for (const v1::TokenKey& k : entry.meeting_created().token_keys()) {
      auto key = crypto::BlindRsaPublicKey::FromDer(k.public_key_der());
      if (!key.ok()) {
        return Bad(0, absl::StrCat("token key of form ", k.form_id(), ": ", key.status().message()));
      }
      const TokenKeyId id{k.form_id(), k.group()};
      auto pem = token_key_pems_.find(id);
      if (pem == token_key_pems_.end() || pem->second != key->ToDer()) {
        return Bad(0, absl::StrCat("the token key of form ", k.form_id(), " group \"", k.group(),
                                   "\" differs from the PEM key the export carries for it"));
      }
      token_keys_.emplace(id, *std::move(key));
    }
    if (token_keys_.size() != token_key_pems_.size()) {
      return Bad(0, "the export carries a token key for a form with none in entry 0");
    }
    return absl::OkStatus();
  }

  // The urn joins the chain at the close as one block sorted by ballot hash,
  // immediately followed by the CLOSED transition.
  absl::Status UrnOrder(uint64_t seq, const v1::Entry& entry) {
    const bool anonymous = entry.has_anonymous_ballot();
    if (previous_was_anonymous_ && !anonymous) {
      const bool closes = entry.has_state_changed() &&
                          entry.state_changed().to() == v1::MEETING_STATUS_CLOSED;
      if (!closes) {
        return Bad(seq, "follows the urn's anonymous ballots but is not the close");
      }
    }
    if (anonymous) {
      if (urn_block_done_) return Bad(seq, "an anonymous ballot outside the block written at the close");
      const std::string hash = ledger::AnonymousBallotHash(entry.anonymous_ballot());
      if (!last_anonymous_hash_.empty() && hash <= last_anonymous_hash_) {
        return Bad(seq, "anonymous ballots are not in the canonical order (ascending ballot hash)");
      }
      last_anonymous_hash_ = hash;
      if (!anonymous_receipt_hashes_wanted_.empty()) anonymous_hashes_.insert(hash);
      NoteCode(hash);
    } else if (previous_was_anonymous_) {
      urn_block_done_ = true;
    }
    previous_was_anonymous_ = anonymous;
    return absl::OkStatus();
  }

  // Each anonymous ballot carries a token for this meeting and form, signed
  // with the form's published key (RFC 9474; any RSASSA-PSS verifier with
  // SHA-384, MGF1-SHA-384 and a 48-byte salt agrees).
  absl::Status Anonymous(uint64_t seq, absl::string_view bytes,
                         const std::optional<absl::Status>& prepared_signature) {
    v1::AnonymousBallot ballot;
    if (!ballot.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      return Bad(seq, "anonymous_ballot does not parse");
    }
    auto key = token_keys_.find(TokenKeyId{ballot.form_id(), ballot.group()});
    if (key == token_keys_.end()) {
      return Bad(seq, absl::StrCat("anonymous ballot for form ", ballot.form_id(), " group \"",
                                   ballot.group(), "\", which has no token key"));
    }
    absl::Status text = ledger::CheckTokenMessage(ballot.token_message(), meeting_id_, ballot.form_id());
    if (!text.ok()) return Bad(seq, text.message());
    const absl::Status sig =
        prepared_signature.has_value()
            ? *prepared_signature
            : crypto::BlindRsaVerify(key->second, ballot.token_message(), ballot.token_signature());
    if (!sig.ok()) {
      return Bad(seq, absl::StrCat("token signature does not verify under form ", ballot.form_id(),
                                   "'s key for group \"", ballot.group(), "\": ", sig.message()));
    }
    ++anonymous_ballots_;
    return absl::OkStatus();
  }

  absl::Status CheckIn(uint64_t seq, const v1::CheckedIn& in) {
    if (public_export_) {
      // Who checked in is behind a commitment; what can be checked is that
      // the forms issued are exactly those the recorded group receives.
      std::vector<std::string> expected;
      for (const v1::Form& form : state_.spec().forms()) {
        if (tally::IsFormOpenToGroup(form, in.group())) expected.push_back(form.id());
      }
      if (!std::equal(expected.begin(), expected.end(), in.form_ids().begin(),
                      in.form_ids().end())) {
        return Bad(seq, absl::StrCat("issues group ", in.group(),
                                     " other forms than the spec gives it"));
      }
      return absl::OkStatus();
    }
    auto it = voter_by_commitment_.find(in.voter_commitment());
    if (it == voter_by_commitment_.end()) {
      return Bad(seq, "checked-in voter has no opening in the export");
    }
    const v1::Voter* voter = roll_index_->Find(it->second);
    if (voter == nullptr) {
      return Bad(seq, absl::StrCat("checked-in voter ", it->second, " is not on the roll"));
    }
    if (voter->group() != in.group()) {
      return Bad(seq, absl::StrCat("records group ", in.group(), " for voter ",
                                   it->second, " of group ", voter->group()));
    }
    if (!state_.InSample(voter->id(), voter->group())) {
      return Bad(seq, absl::StrCat("checks in voter ", it->second,
                                   ", who was not drawn into the survey's sample"));
    }
    std::vector<std::string> expected;
    expected = roll_index_->EligibleForms(*voter, state_.spec());
    if (!std::equal(expected.begin(), expected.end(), in.form_ids().begin(),
                    in.form_ids().end())) {
      return Bad(seq, absl::StrCat("issues voter ", it->second,
                                   " other forms than the roll entitles them to"));
    }
    return absl::OkStatus();
  }

  // Rule B4: the server refuses a recused member's mark at cast; with the
  // openings a full export lets the auditor see that it did.
  absl::Status Recusal(uint64_t seq, const v1::BallotCast& cast) {
    const v1::Form* form = tally::FindForm(state_.spec(), cast.ballot().form_id());
    if (form != nullptr && tally::FormHasRecusals(*form)) {
      auto voter = voter_by_commitment_.find(cast.voter_commitment());
      if (voter != voter_by_commitment_.end()) {
        absl::Status recusal = tally::CheckRecusal(*form, cast.ballot(), voter->second);
        if (!recusal.ok()) return Bad(seq, recusal.message());
      }
    }
    return absl::OkStatus();
  }

  absl::Status AnonymousReceipt(const v1::AnonymousReceipt& r) {
    const std::string where =
        absl::StrCat("anonymous receipt ", crypto::HexEncode(r.ballot_hash()).substr(0, 16));
    absl::Status sig = ledger::VerifyAnonymousReceipt(trusted_, r);
    if (!sig.ok()) return absl::Status(sig.code(), absl::StrCat(where, ": ", sig.message()));
    if (r.meeting_id() != meeting_id_) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": is for meeting ", r.meeting_id()));
    }
    if (state_.status() < v1::MEETING_STATUS_CLOSED) {
      return absl::FailedPreconditionError(absl::StrCat(
          where, ": the meeting is not closed yet; anonymous ballots join the record at the close"));
    }
    if (!anonymous_hashes_.contains(r.ballot_hash())) {
      return absl::DataLossError(absl::StrCat(
          where, ": the server signed this receipt but the closed ledger does not hold that "
                 "ballot — proof of omission"));
    }
    return absl::OkStatus();
  }

  void NoteCode(const std::string& hash) {
    if (codes_wanted_.empty() || hash.size() < code_length_) return;
    const std::string prefix = hash.substr(0, code_length_);
    if (codes_wanted_.contains(prefix)) codes_found_.insert(prefix);
  }

  absl::Status Receipt(const v1::Receipt& r) {
    const std::string where = absl::StrCat("receipt for entry ", r.seq());
    absl::Status sig = ledger::VerifyReceipt(trusted_, r);
    if (!sig.ok()) return absl::Status(sig.code(), absl::StrCat(where, ": ", sig.message()));
    if (r.meeting_id() != meeting_id_) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": is for meeting ", r.meeting_id()));
    }
    if (r.seq() >= entry_hashes_.size() || entry_hashes_[r.seq()] != r.entry_hash()) {
      return absl::DataLossError(absl::StrCat(
          where, ": the server signed this receipt but the ledger does not hold "
                 "that ballot there — proof of omission"));
    }
    return absl::OkStatus();
  }

  const crypto::Ed25519PublicKey& trusted_;
  std::string meeting_id_;
  ledger::ChainVerifier verifier_;
  v1::Roll roll_;
  std::string roll_bytes_;
  bool have_roll_ = false;
  std::unique_ptr<tally::Roll> roll_index_;
  absl::flat_hash_map<std::string, std::string> voter_by_commitment_;
  tally::MeetingState state_;
  bool head_seen_ = false;
  bool public_export_ = false;
  uint64_t count_seq_ = 0;
  std::string entry_hash_at_count_;
  // Kept only when receipts are to be checked.
  std::vector<std::string> entry_hashes_;
  absl::flat_hash_map<TokenKeyId, std::string> token_key_pems_;  // → DER
  absl::flat_hash_map<TokenKeyId, crypto::BlindRsaPublicKey> pem_keys_;
  crypto::CompactRange merkle_;
  absl::flat_hash_map<TokenKeyId, crypto::BlindRsaPublicKey> token_keys_;
  bool previous_was_anonymous_ = false;
  bool urn_block_done_ = false;
  std::string last_anonymous_hash_;
  uint64_t anonymous_ballots_ = 0;
  std::vector<v1::AnonymousReceipt> anonymous_receipts_;
  absl::flat_hash_set<std::string> anonymous_receipt_hashes_wanted_;
  absl::flat_hash_set<std::string> anonymous_hashes_;
  absl::flat_hash_set<std::string> codes_wanted_;
  absl::flat_hash_set<std::string> codes_found_;
  size_t code_length_ = 0;
  std::vector<crypto::Cosigner> witnesses_;
  int required_cosignatures_ = 0;
  std::optional<uint64_t> published_size_;
  std::vector<std::string> published_witnesses_;
};

}  // namespace

std::string Verdict::Summary() const {
  std::string s = absl::StrCat(
      "OK: meeting ", meeting_id,
      // The genesis commits to the mark, so the verdict can say it.
      spec.trial() ? " (TRIAL VOTE — not counted: practice, to be purged before the formal vote)"
                   : "",
      " — ", entries, " entries, hash chain intact, head ",
      crypto::HexEncode(head_hash).substr(0, 16), "… signed by the trusted key; ",
      checked_in, "/", roll_size,
      public_export ? " voters checked in (public export: voters appear only as commitments, so "
                      "roll membership is not checkable here, nor who chose what); "
                    : " voters checked in, all on the roll; ",
      ballots,
      " ballots (", ballots - anonymous_ballots, " named, one per voter per form, every credential "
      "genuine; ", anonymous_ballots, " anonymous, every token genuine and spent once, in "
      "canonical order, none beyond the check-ins)");
  if (!slips.empty()) {
    absl::StrAppend(&s, "; slips for phones (each used slip printed for its group, unvoided, "
                        "used once, and no more used than voters checked in by slip):");
    for (const Slips& g : slips) {
      absl::StrAppend(&s, " ", g.group, " ", g.issued, " printed, ", g.voided, " void, ", g.used,
                      " used, ", g.checked_in, " checked in by slip;");
    }
    s.pop_back();
  }
  if (count.has_value()) {
    absl::StrAppend(&s, "; the count at entry ", count_seq, " recomputes exactly");
  } else {
    absl::StrAppend(&s, "; not counted yet");
  }
  if (documents > 0) {
    absl::StrAppend(&s, "; ", documents, " documents recorded by hash, each file once");
  }
  if (notice) {
    absl::StrAppend(&s, "; a pre-appointment notice with ", notice_outcomes,
                    " outcomes, each recorded after its period for a person it names");
  }
  if (opinions > 0) absl::StrAppend(&s, "; ", opinions, " observer opinions");
  if (sample_size > 0) {
    if (sample_seq.has_value()) {
      absl::StrAppend(&s, "; a sampled survey: ", sample_size, " of the ", roll_size,
                      " on the roll take part, drawn at entry ", *sample_seq,
                      " (redrawn here from the roll, the chain before it and its public beacon)");
    } else {
      absl::StrAppend(&s, "; a sampled survey whose sample is not drawn yet");
    }
  }
  if (!merkle_root.empty()) {
    absl::StrAppend(&s, "; Merkle root ", crypto::HexEncode(merkle_root).substr(0, 16),
                    "… over all ", entries, " entries");
  }
  if (published_checkpoint_size.has_value()) {
    absl::StrAppend(&s, "; published at the checkpoint of ", *published_checkpoint_size,
                    " entries (root recomputed from the chain)");
    if (!published_witnesses.empty()) {
      absl::StrAppend(&s, ", cosigned by ", published_witnesses.size(), " trusted witnesses (",
                      absl::StrJoin(published_witnesses, ", "), ")");
    }
  }
  if (receipts_checked > 0) {
    absl::StrAppend(&s, "; ", receipts_checked, " receipts found in the ledger");
  }
  return s;
}

absl::StatusOr<Verdict> VerifyExport(std::istream& in,
                                     const crypto::Ed25519PublicKey& trusted,
                                     const VerifyOptions& options) {
  const unsigned threads =
      options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  ledger::ExportReader reader(&in);
  RETURN_IF_ERROR(reader.ReadMagic());
  ExportChecker checker(trusted);
  checker.WantAnonymousReceipts(options.anonymous_receipts);
  checker.WantReceiptCodes(options.receipt_codes);
  checker.WantCosignatures(options.witnesses, options.required_cosignatures);
  const bool keep_hashes = !options.receipts.empty();

  // Set when the first entry arrives, before any Prepare runs; read-only
  // afterwards (the pipeline's queue orders the write before the reads).
  PrepareContext context;
  // Bounded: at most 2 * workers + 1 batches of 256 entries or 1 MiB each.
  OrderedPipeline<PreparedEntry> pipeline(
      threads - 1, [&context](PreparedEntry& p) { Prepare(context, p); }, 256, 1 << 20);
  auto consume = [&](PreparedEntry& p) -> absl::Status {
    RETURN_IF_ERROR(checker.Entry(p));
    if (keep_hashes) checker.NoteEntryHash();
    if (options.progress && checker.size() % 4096 == 0) options.progress(checker.size(), p.end_offset);
    return absl::OkStatus();
  };
  uint64_t entries_read = 0;

  v1::ExportRecord record;
  bool saw_header = false;
  for (;;) {
    absl::StatusOr<bool> more = reader.Next(&record);
    // Entries still in the pipeline come before whatever this record is.
    if (!more.ok() || !*more || !record.has_entry()) RETURN_IF_ERROR(pipeline.Drain(consume));
    if (!more.ok()) return more.status();
    if (!*more) break;
    const uint64_t index = reader.records_read() - 1;
    if (!saw_header && !record.has_header()) {
      return absl::DataLossError("export record 0: is not the header");
    }
    switch (record.record_case()) {
      case v1::ExportRecord::kHeader:
        if (saw_header) {
          return absl::DataLossError(absl::StrCat("export record ", index, ": a second header"));
        }
        saw_header = true;
        RETURN_IF_ERROR(checker.Header(record.header()));
        break;
      case v1::ExportRecord::kRoll:
        if (checker.have_roll() || checker.size() > 0) {
          return absl::DataLossError(absl::StrCat("export record ", index, ": unexpected roll"));
        }
        RETURN_IF_ERROR(checker.Roll(record.roll()));
        break;
      case v1::ExportRecord::kTokenKey:
        if (checker.size() > 0) {
          return absl::DataLossError(
              absl::StrCat("export record ", index, ": token key after the entries"));
        }
        RETURN_IF_ERROR(checker.TokenKeyPem(record.token_key()));
        break;
      case v1::ExportRecord::kOpening:
        if (checker.size() > 0) {
          return absl::DataLossError(
              absl::StrCat("export record ", index, ": opening after the entries"));
        }
        RETURN_IF_ERROR(checker.Opening(record.opening()));
        break;
      case v1::ExportRecord::kEntry: {
        if (entries_read++ == 0) context = checker.MakePrepareContext();
        PreparedEntry p;
        p.bytes = std::move(*record.mutable_entry());
        p.end_offset = reader.bytes_read();
        const size_t size = p.bytes.size();
        RETURN_IF_ERROR(pipeline.Add(std::move(p), size, consume));
        break;
      }
      case v1::ExportRecord::kHead: {
        RETURN_IF_ERROR(checker.Head(record.head()));
        ASSIGN_OR_RETURN(bool trailing, reader.Next(&record));
        if (trailing) {
          return absl::DataLossError(
              absl::StrCat("export record ", index + 1, ": data after the signed head"));
        }
        break;
      }
      default:
        return absl::DataLossError(absl::StrCat("export record ", index, ": unknown kind"));
    }
  }
  Verdict verdict;
  RETURN_IF_ERROR(checker.Finish(options.receipts, &verdict));
  if (options.progress) options.progress(verdict.entries, reader.bytes_read());
  return verdict;
}

namespace {

tally::PreviousRound LinkedVerdict(const Verdict& previous) {
  tally::PreviousRound round;
  round.status = previous.status;
  round.spec = previous.spec;
  if (previous.count) round.result = *previous.count;
  round.count_seq = previous.count_seq;
  round.count_entry_hash = previous.count_entry_hash;
  return round;
}

}  // namespace

absl::Status CheckRoundLinks(const Verdict& next, const Verdict& previous) {
  const tally::PreviousRound round = LinkedVerdict(previous);
  int linked = 0;
  for (int i = 0; i < next.spec.forms_size(); ++i) {
    const v1::Form& form = next.spec.forms(i);
    if (!form.has_previous_round() ||
        form.previous_round().previous_meeting_id() != previous.meeting_id) {
      continue;
    }
    ++linked;
    RETURN_IF_ERROR(
        tally::CheckRoundLink(absl::StrCat("spec.forms[", i, "].previous_round"), form, round));
  }
  if (linked == 0) {
    return absl::InvalidArgumentError(absl::StrCat("meeting ", next.meeting_id,
                                                   " has no form linked to meeting ",
                                                   previous.meeting_id));
  }
  return absl::OkStatus();
}

absl::Status CheckFollowUpLinks(const Verdict& next, const Verdict& previous) {
  const tally::PreviousRound evaluation = LinkedVerdict(previous);
  int linked = 0;
  for (int i = 0; i < next.spec.forms_size(); ++i) {
    const v1::Form& form = next.spec.forms(i);
    if (!form.has_follow_up() ||
        form.follow_up().previous_meeting_id() != previous.meeting_id) {
      continue;
    }
    ++linked;
    RETURN_IF_ERROR(tally::CheckFollowUpLink(absl::StrCat("spec.forms[", i, "].follow_up"),
                                             form, evaluation));
  }
  if (linked == 0) {
    return absl::InvalidArgumentError(absl::StrCat("meeting ", next.meeting_id,
                                                   " has no follow-up form linked to meeting ",
                                                   previous.meeting_id));
  }
  return absl::OkStatus();
}

bool HasFollowUpLink(const Verdict& next, const std::string& previous_meeting_id) {
  for (const v1::Form& form : next.spec.forms()) {
    if (form.has_follow_up() && form.follow_up().previous_meeting_id() == previous_meeting_id) {
      return true;
    }
  }
  return false;
}

}  // namespace gongxin::verifier
