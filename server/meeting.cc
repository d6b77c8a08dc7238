#include "server/meeting.h"

#include <algorithm>
#include <chrono>
#include <thread>
#include <utility>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

#include "crypto/aead.h"
#include "crypto/encoding.h"
#include "crypto/merkle.h"
#include "crypto/random.h"
#include "crypto/sha256.h"
#include "server/meeting_secrets.h"
#include "server/meeting_txn.h"
#include "server/urn.h"
#include "tally/ballot.h"
#include "tally/kinds/decision.h"
#include "tally/composite.h"
#include "ledger/format.h"
#include "ledger/sample_draw.h"
#include "ledger/signing.h"
#include "server/log.h"
#include "tally/presets.h"
#include "tally/sample.h"
#include "tally/spec.h"
#include "tally/token_keys.h"
#include "util/status_macros.h"

namespace gongxin::server {
namespace {

// Keys in the chain's write-once index. Their uniqueness is enforced by the
// store in the same atomic batch as the entry, so even a second writer (a
// future replica) could not record a voter twice.
constexpr absl::string_view kRollKey = "roll";
constexpr absl::string_view kVoterKeyPrefix = "voter/";
std::string VoterKey(absl::string_view voter_id) {
  return absl::StrCat(kVoterKeyPrefix, voter_id);
}
std::string CastKey(absl::string_view form_id, absl::string_view commitment) {
  return absl::StrCat("cast/", form_id, "/", crypto::HexEncode(commitment));
}
constexpr int kDefaultTokenKeyBits = 2048;



absl::Status Damaged(absl::string_view meeting_id, absl::Status why) {
  return absl::DataLossError(absl::StrCat("meeting ", meeting_id,
                                          ": stored record is damaged: ",
                                          why.message()));
}

// What a replay that failed for good makes of the meeting: damage, unless
// this replica only lacks the key pool that opens its secrets.
absl::Status ReplayFailed(absl::string_view meeting_id, const absl::Status& why) {
  if (!ReplicaLacksKeys(why)) return Damaged(meeting_id, why);
  return absl::FailedPreconditionError(
      absl::StrCat("meeting ", meeting_id,
                   ": this gongxind cannot serve it until restarted with the right replica "
                   "keys (the record is not damaged): ",
                   why.message()));
}

}  // namespace

Meeting::Meeting(storage::Store* store, const crypto::Ed25519PrivateKey* key,
                 std::string id, std::string secrets_path,
                 storage::RocksDbStoreOptions urn_options, ReplicaKeys* replica_keys)
    : store_(store),
      key_(key),
      id_(id),
      secrets_path_(std::move(secrets_path)),
      urn_options_(std::move(urn_options)),
      replica_keys_(replica_keys),
      shared_(store->MayHaveOtherWriters()),
      head_(id) {
  chainlog::ChainLog::Hooks hooks;
  hooks.state_mu = &state_mu_;
  hooks.name = absl::StrCat("meeting ", id_);
  hooks.log_error = [](absl::string_view line) { LogError(line); };
  // After a clean refusal by the store: memory is rebuilt from the store.
  hooks.replay = [this]() ABSL_NO_THREAD_SAFETY_ANALYSIS -> absl::Status {
    absl::Status replayed = ReplayLocked();
    // The store not answering (an etcd leader change) is not damage: the
    // log owes a replay and refuses writes until one succeeds.
    if (replayed.ok() || chainlog::ReplayMayBeRetried(replayed)) return replayed;
    damage_ = ReplayFailed(id_, replayed);
    LogError(damage_.message(), " — the meeting is read-only");
    return damage_;
  };
  // One signed head per group, over the chain head the group leaves.
  hooks.head_record = [this](const chainlog::ChainLog::Txn&) ABSL_NO_THREAD_SAFETY_ANALYSIS
      -> absl::StatusOr<std::optional<std::string>> {
    ASSIGN_OR_RETURN(v1::SignedHead head,
                     ledger::SignHead(*key_, id_, head_.size(), head_.hash()));
    std::string bytes = head.SerializeAsString();
    pending_head_ = std::move(head);
    return bytes;
  };
  hooks.published = [this]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
    if (pending_head_.has_value()) signed_head_ = *std::move(pending_head_);
    pending_head_.reset();
    // The group appended its marker to the urn chain. (A group whose urn
    // keys were all dropped did not: the next write is then refused as
    // stale, and the replay reads the size again.)
    if (urn_marker_staged_) ++urn_size_;
    urn_marker_staged_ = false;
  };
  log_ = std::make_unique<chainlog::ChainLog>(store_, id_, std::move(hooks));
}

namespace {

// Calls fn(form, group, bits) for every RSA blind-signature key the
// meeting's anonymous forms need, in spec order: one per group large enough
// to be counted alone, so the form's anonymous ballots can be counted per
// group (rules A3, S-10, S-11), and the shared one.
absl::Status ForEachTokenKey(
    const v1::MeetingSpec& spec, const tally::Roll& roll,
    const std::function<absl::Status(const v1::Form&, const std::string&, int)>& fn) {
  // A sampled survey's key groups follow the sample's sizes, known before
  // the draw: a key must never cover fewer voters than min_group_size.
  const absl::flat_hash_map<std::string, uint32_t> participants =
      tally::ParticipantsByGroup(spec, tally::GroupCounts(roll.proto()));
  for (int i = 0; i < spec.forms_size(); ++i) {
    const v1::Form& form = spec.forms(i);
    if (form.mode() != v1::FORM_MODE_ANONYMOUS) continue;
    const int bits = form.token_key_bits() == 0 ? kDefaultTokenKeyBits
                                                : static_cast<int>(form.token_key_bits());
    if (bits < crypto::kMinBlindRsaModulusBits || bits > kMaxTokenKeyBits) {
      return absl::InvalidArgumentError(absl::StrCat(
          "spec.forms[", i, "].token_key_bits: must be 2048 to 4096 (got ", bits, ")"));
    }
    const absl::flat_hash_map<std::string, uint32_t> due_by_group =
        tally::FormDueByGroup(form, participants);
    for (const std::string& group : tally::TokenKeyGroups(spec, form, due_by_group)) {
      RETURN_IF_ERROR(fn(form, group, bits));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Meeting::TokenKeySet> Meeting::GenerateTokenKeys(
    const v1::MeetingSpec& requested_spec, const v1::Roll& roll) {
  v1::MeetingSpec spec = requested_spec;
  RETURN_IF_ERROR(tally::ExpandPresets(&spec));
  RETURN_IF_ERROR(tally::ValidateSpec(spec));
  ASSIGN_OR_RETURN(tally::Roll checked_roll, tally::Roll::Create(roll, spec));
  TokenKeySet keys;
  RETURN_IF_ERROR(ForEachTokenKey(
      spec, checked_roll,
      [&](const v1::Form& form, const std::string& group, int bits) -> absl::Status {
        ASSIGN_OR_RETURN(crypto::BlindRsaPrivateKey key,
                         crypto::BlindRsaPrivateKey::Generate(bits));
        keys[TokenKeyId{form.id(), group}] =
            std::make_shared<const crypto::BlindRsaPrivateKey>(std::move(key));
        return absl::OkStatus();
      }));
  return keys;
}

absl::StatusOr<std::unique_ptr<Meeting>> Meeting::Create(
    storage::Store* store, const crypto::Ed25519PrivateKey* key,
    std::string meeting_id, const v1::MeetingSpec& requested_spec, v1::Roll roll,
    const std::string& actor, std::string secrets_path, const GenesisLink& link,
    const storage::RocksDbStoreOptions& urn_options, const TokenKeySet* pregenerated,
    ReplicaKeys* replica_keys) {
  // A rule may name a preset; the genesis entry freezes it spelled out,
  // and the wording version its results will carry.
  v1::MeetingSpec spec = requested_spec;
  RETURN_IF_ERROR(tally::ExpandPresets(&spec));
  spec.set_text_version(tally::kTextVersion);
  RETURN_IF_ERROR(tally::ValidateSpec(spec));
  std::string roll_bytes = roll.SerializeAsString();
  ASSIGN_OR_RETURN(tally::Roll checked_roll, tally::Roll::Create(std::move(roll), spec));

  std::unique_ptr<Meeting> m(new Meeting(store, key, std::move(meeting_id),
                                         std::move(secrets_path), urn_options, replica_keys));
  absl::MutexLock lock(&m->state_mu_);
  m->roll_ = std::make_unique<tally::Roll>(std::move(checked_roll));

  v1::Entry genesis;
  v1::MeetingCreated* created = genesis.mutable_meeting_created();
  *created->mutable_spec() = spec;
  created->set_roll_digest(ledger::RollDigest(roll_bytes));
  created->set_roll_size(static_cast<uint32_t>(m->roll_->size()));
  created->set_created_at(NowSeconds());
  created->set_actor(actor);

  // Anonymous forms: a blind-signature key each and one urn key, on disk
  // (0600) before the meeting exists, so a crash never leaves a meeting
  // whose tokens cannot be issued.
  v1::MeetingSecrets secrets;
  secrets.set_meeting_id(m->id_);
  RETURN_IF_ERROR(ForEachTokenKey(
      spec, *m->roll_,
      [&](const v1::Form& form, const std::string& group, int bits)
          ABSL_NO_THREAD_SAFETY_ANALYSIS -> absl::Status {
        const TokenKeyId id{form.id(), group};
        std::shared_ptr<const crypto::BlindRsaPrivateKey> token_key;
        if (pregenerated != nullptr) {
          auto it = pregenerated->find(id);
          if (it == pregenerated->end() || it->second->public_key().modulus_bytes() * 8 !=
                                               static_cast<size_t>(bits)) {
            return absl::InternalError(absl::StrCat("no pregenerated token key for form ",
                                                    form.id(), " group \"", group, "\""));
          }
          token_key = it->second;
        } else {
          ASSIGN_OR_RETURN(crypto::BlindRsaPrivateKey generated,
                           crypto::BlindRsaPrivateKey::Generate(bits));
          token_key = std::make_shared<const crypto::BlindRsaPrivateKey>(std::move(generated));
        }
        ASSIGN_OR_RETURN(crypto::SecretData pem, token_key->ToPem());
        v1::FormTokenSecret* secret = secrets.add_token_keys();
        secret->set_form_id(form.id());
        secret->set_group(group);
        secret->set_private_key_pem(std::string(pem.AsStringView()));
        v1::TokenKey* public_key = created->add_token_keys();
        public_key->set_form_id(form.id());
        public_key->set_group(group);
        public_key->set_public_key_der(token_key->public_key().ToDer());
        m->token_public_keys_.emplace(id, token_key->public_key());
        m->token_signers_[id] = std::move(token_key);
        m->token_keys_.push_back(*public_key);
        return absl::OkStatus();
      }));
  const bool anonymous = secrets.token_keys_size() > 0;
  // Undoes the files of a meeting that does not come to exist (on a shared
  // store nothing of it was written: its secrets land with the genesis).
  auto discard_files = [&m, anonymous]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
    if (!anonymous) return;
    m->urn_.reset();
    if (m->shared_) return;
    (void)Urn::Destroy(UrnDirFor(m->secrets_path_));
    (void)DestroyMeetingSecrets(m->secrets_path_);
  };
  // On a shared store: the sealed secrets, the slot's claim and the
  // meeting's note of its slot, all in the genesis batch.
  std::vector<storage::AppendBatch> shared_secrets;
  std::string slot_name;
  if (anonymous && m->shared_) {
    if (m->replica_keys_ == nullptr) {
      return absl::FailedPreconditionError(
          "spec.forms: anonymous forms on a ledger shared by several gongxind need the "
          "replicas' key pool (replica-keys in --data-dir), which this gongxind has not opened");
    }
    ASSIGN_OR_RETURN(std::string urn_key, crypto::RandomBytes(crypto::kAeadKeySize));
    secrets.set_urn_key(urn_key);
    ASSIGN_OR_RETURN(const uint32_t slot, FreeReplicaKeySlot(*store, *m->replica_keys_));
    ASSIGN_OR_RETURN(std::string sealed,
                     SealMeetingSecrets(*m->replica_keys_, slot, m->id_, secrets));
    slot_name = ReplicaKeySlotName(m->replica_keys_->pool_id(), slot);
    storage::AppendBatch sealed_batch;
    sealed_batch.chain = SecretsChain(m->id_);
    sealed_batch.entries.push_back(std::move(sealed));
    storage::AppendBatch claim;
    claim.chain = std::string(kReplicaKeySlotsChain);
    claim.create_keys.emplace_back(slot_name, m->id_);
    shared_secrets.push_back(std::move(sealed_batch));
    shared_secrets.push_back(std::move(claim));
    ASSIGN_OR_RETURN(m->urn_, Urn::OpenShared(store, UrnChain(m->id_), m->id_,
                                              std::move(urn_key), spec));
    m->urn_size_ = 0;
  } else if (anonymous) {
    ASSIGN_OR_RETURN(std::string urn_key, crypto::RandomBytes(crypto::kAeadKeySize));
    secrets.set_urn_key(urn_key);
    RETURN_IF_ERROR(WriteMeetingSecrets(m->secrets_path_, secrets));
    absl::StatusOr<std::unique_ptr<Urn>> urn =
        Urn::Open(UrnDirFor(m->secrets_path_), m->id_, std::move(urn_key), spec,
                  m->urn_options_);
    if (!urn.ok()) {
      discard_files();
      return urn.status();
    }
    m->urn_ = *std::move(urn);
  }

  const int64_t created_at = created->created_at();
  absl::Status written = m->log_->Write(
      [&](chainlog::ChainLog::Txn& t) ABSL_NO_THREAD_SAFETY_ANALYSIS -> absl::Status {
        Txn txn(m.get(), t);
        ASSIGN_OR_RETURN(ledger::SealedEntry sealed, txn.Append(std::move(genesis)));
        if (link) {
          storage::AppendBatch linked;
          RETURN_IF_ERROR(link(sealed, created_at, linked));
          for (storage::AppendBatch& l : linked.linked) txn.Link(std::move(l));
        }
        RETURN_IF_ERROR(m->state_.SetRoll(*m->roll_));
        txn.CreateKey(std::string(kRollKey), std::move(roll_bytes));
        if (!slot_name.empty()) txn.CreateKey(std::string(kReplicaKeySlotKey), slot_name);
        for (storage::AppendBatch& b : shared_secrets) txn.Link(std::move(b));
        return absl::OkStatus();
      });
  if (!written.ok()) {
    discard_files();
    if (!slot_name.empty() && absl::IsAlreadyExists(written) &&
        absl::StrContains(written.message(), kReplicaKeySlotsChain)) {
      // Another replica claimed the same slot at the same moment: the
      // caller retries a creation that lost a race.
      return absl::AbortedError(absl::StrCat("replica key slot ", slot_name,
                                             " was claimed by another gongxind meanwhile; retry"));
    }
    return written;
  }
  return m;
}

std::unique_ptr<Meeting> Meeting::Load(storage::Store* store,
                                       const crypto::Ed25519PrivateKey* key,
                                       const std::string& meeting_id,
                                       std::string secrets_path,
                                       const storage::RocksDbStoreOptions& urn_options,
                                       ReplicaKeys* replica_keys) {
  std::unique_ptr<Meeting> m(
      new Meeting(store, key, meeting_id, std::move(secrets_path), urn_options, replica_keys));
  absl::Status s = m->Replay();
  // Taken up while the store does not answer (an etcd leader change lasts
  // seconds): read again for a while before calling the record damaged,
  // which would leave the meeting read-only here until a restart.
  for (int attempt = 1; !s.ok() && chainlog::ReplayMayBeRetried(s) && attempt < 20; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    s = m->Replay();
  }
  if (!s.ok()) {
    m->damage_ = ReplayFailed(meeting_id, s);
    m->log_->Damage(m->damage_);
    LogError(m->damage_.message(), " — the meeting is read-only");
  }
  return m;
}

absl::Status Meeting::Replay() {
  absl::MutexLock lock(&state_mu_);
  return ReplayLocked();
}

absl::Status Meeting::ReplayLocked() {
  // Everything below is rebuilt from the store, as at start-up.
  openings_.clear();
  blinded_issued_.clear();
  token_keys_.clear();
  token_public_keys_.clear();
  token_signers_.clear();
  spent_tokens_.clear();
  urn_count_.clear();
  urn_moved_hash_.clear();
  urn_moved_ = 0;
  count_seq_ = 0;
  count_hash_.clear();
  ASSIGN_OR_RETURN(std::optional<std::string> roll_bytes,
                   store_->GetKey(id_, kRollKey));
  if (!roll_bytes.has_value()) return absl::DataLossError("the roll is missing");
  v1::Roll roll;
  if (!roll.ParseFromString(*roll_bytes)) {
    return absl::DataLossError("the stored roll does not parse");
  }

  ledger::ChainVerifier verifier(id_);
  tally::MeetingState state;
  // The log recomputes the Merkle tree from the same entry bytes and checks
  // every stored node against it (chainlog::ChainLog::Replay).
  uint64_t size = 0;
  RETURN_IF_ERROR(log_->Replay(
      [&](uint64_t seq, absl::string_view bytes) -> absl::Status {
        size = seq + 1;
        ASSIGN_OR_RETURN(v1::Entry entry, verifier.Next(bytes));
        absl::Status applied = state.Apply(entry);
        if (!applied.ok()) {
          return absl::DataLossError(
              absl::StrCat("entry ", seq, ": ", applied.message()));
        }
        if (seq == 0) {
          if (ledger::RollDigest(*roll_bytes) !=
              entry.meeting_created().roll_digest()) {
            return absl::DataLossError(
                "entry 0: roll_digest does not match the stored roll");
          }
          auto checked = tally::Roll::Create(roll, entry.meeting_created().spec());
          if (!checked.ok()) {
            return absl::DataLossError(
                absl::StrCat("stored roll: ", checked.status().message()));
          }
          // Readers use roll_ without the lock: it is set once, and a
          // replay after a refused write finds the same write-once roll.
          if (roll_ == nullptr) roll_ = std::make_unique<tally::Roll>(*std::move(checked));
          RETURN_IF_ERROR(state.SetRoll(*roll_));
          for (const v1::TokenKey& token_key : entry.meeting_created().token_keys()) {
            auto public_key = crypto::BlindRsaPublicKey::FromDer(token_key.public_key_der());
            if (!public_key.ok()) {
              return absl::DataLossError(absl::StrCat("entry 0: token key of form ",
                                                      token_key.form_id(), ": ",
                                                      public_key.status().message()));
            }
            token_public_keys_.emplace(TokenKeyId{token_key.form_id(), token_key.group()},
                                       *std::move(public_key));
            token_keys_.push_back(token_key);
          }
        }
        if (entry.has_sample_drawn()) {
          absl::Status drawn = ledger::CheckSampleDrawn(entry, state.spec(), roll_->proto());
          if (!drawn.ok()) {
            return absl::DataLossError(absl::StrCat("entry ", seq, ": ", drawn.message()));
          }
        }
        if (entry.has_count_recorded()) {
          count_seq_ = seq;
          count_hash_ = verifier.hash();
        }
        if (entry.has_anonymous_ballot()) {
          urn_moved_hash_ = ledger::AnonymousBallotHash(entry.anonymous_ballot());
          ++urn_moved_;
        }
        return absl::OkStatus();
      }));
  if (size == 0) return absl::DataLossError("the chain is empty");

  // On a store other gongxind write too, the chain, the openings and the
  // signed head are separate reads: another gongxind's write landing
  // between them (a check-in's entry, its opening and the new head go in
  // one transaction) shows an opening or a head beyond the chain read,
  // with nothing damaged. Such a torn read is told from damage by the
  // chain having grown past what was replayed; what lies beyond it is left
  // to the next replay.
  std::optional<bool> grown;
  auto chain_grew = [&]() -> bool {
    if (!grown.has_value()) {
      absl::StatusOr<uint64_t> now = store_->MayHaveOtherWriters()
                                         ? store_->Size(id_)
                                         : absl::StatusOr<uint64_t>(verifier.size());
      grown = now.ok() && *now > verifier.size();
    }
    return *grown;
  };

  // Every check-in's opening must be there, and nothing else.
  size_t openings = 0;
  std::vector<std::string> unmatched;
  RETURN_IF_ERROR(store_->ScanKeys(
      id_, kVoterKeyPrefix,
      [&](absl::string_view key, absl::string_view value) -> absl::Status {
        std::string voter_id(key.substr(kVoterKeyPrefix.size()));
        v1::VoterOpening opening;
        if (!opening.ParseFromArray(value.data(), static_cast<int>(value.size())) ||
            opening.voter_id() != voter_id) {
          return absl::DataLossError(
              absl::StrCat("opening for voter ", voter_id, " is malformed"));
        }
        std::string commitment =
            ledger::VoterCommitment(id_, voter_id, opening.salt());
        if (!state.IsCheckedIn(commitment)) {
          unmatched.push_back(std::move(voter_id));
          return absl::OkStatus();
        }
        openings_[voter_id] = Opening{opening.salt(), std::move(commitment)};
        ++openings;
        return absl::OkStatus();
      }));
  if (!unmatched.empty() && !chain_grew()) {
    return absl::DataLossError(absl::StrCat(
        "opening for voter ", unmatched.front(), " matches no check-in"));
  }
  if (openings != state.checked_in_count()) {
    return absl::DataLossError(absl::StrCat(
        state.checked_in_count(), " check-ins but ", openings, " openings"));
  }

  ASSIGN_OR_RETURN(std::optional<std::string> head_bytes, store_->HeadRecord(id_));
  v1::SignedHead head;
  if (!head_bytes.has_value() || !head.ParseFromString(*head_bytes)) {
    return absl::DataLossError("the signed head is missing or malformed");
  }
  absl::Status head_ok = ledger::VerifyHead(key_->public_key(), head);
  if (!head_ok.ok()) return absl::DataLossError(head_ok.message());
  if (head.size() > verifier.size() && chain_grew()) {
    // A head another gongxind signed for a longer chain than the one
    // replayed: this replica's own head for what it replayed (it signs as
    // the same server) until the next replay reads further.
    ASSIGN_OR_RETURN(head, ledger::SignHead(*key_, id_, verifier.size(), verifier.hash()));
  }
  if (head.size() != verifier.size() || head.head_hash() != verifier.hash()) {
    return absl::DataLossError(absl::StrCat(
        "the signed head covers ", head.size(), " entries ending in ",
        crypto::HexEncode(head.head_hash()), " but the chain has ",
        verifier.size(), " ending in ", crypto::HexEncode(verifier.hash())));
  }
  head_ = ledger::ChainHead(id_, verifier.size(), verifier.hash());
  state_ = std::move(state);
  signed_head_ = std::move(head);
  pending_head_.reset();
  RETURN_IF_ERROR(store_->ScanKeys(
      id_, kBlindedKeyPrefix, [&](absl::string_view key, absl::string_view value) {
        blinded_issued_[key.substr(kBlindedKeyPrefix.size())] = std::string(value);
        return absl::OkStatus();
      }));
  return RestoreSecrets();
}

absl::Status Meeting::RestoreSecrets() {
  if (token_keys_.empty()) return absl::OkStatus();
  if (state_.status() >= v1::MEETING_STATUS_CLOSED) {
    // A crash between the close and the destruction of the secrets, or on
    // a shared store another replica's close: finish, here too.
    urn_.reset();
    opened_signers_.clear();
    return EraseSecrets();
  }
  if (shared_ && !opened_signers_.empty() && urn_ != nullptr) {
    // A replay after another replica wrote: the secrets are the same, only
    // the urn may have grown.
    token_signers_ = opened_signers_;
  } else {
    ASSIGN_OR_RETURN(v1::MeetingSecrets secrets,
                     shared_ ? ReadSharedSecrets() : ReadMeetingSecrets(secrets_path_));
    RETURN_IF_ERROR(OpenSecrets(secrets));
  }
  if (shared_) {
    urn_marker_staged_ = false;
    ASSIGN_OR_RETURN(urn_size_, store_->Size(UrnChain(id_)));
  }
  // Open the urn to learn which tokens are spent and how full it is.
  return urn_->ForEachRecord([&](std::string bytes) -> absl::Status {
    v1::AnonymousBallot ballot;
    if (!ballot.ParseFromString(bytes)) {
      return absl::DataLossError("an urn record does not parse");
    }
    spent_tokens_.insert(ballot.token_message());
    // A close interrupted after some of the urn joined the chain: those
    // are counted by the state, not as waiting in the urn.
    if (state_.closing() && ledger::AnonymousBallotHash(bytes) <= urn_moved_hash_) {
      return absl::OkStatus();
    }
    ++urn_count_[ballot.form_id()];
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::MeetingSecrets> Meeting::ReadSharedSecrets() {
  if (replica_keys_ == nullptr) {
    return MarkReplicaLacksKeys(absl::FailedPreconditionError(absl::StrCat(
        "meeting ", id_, " has anonymous forms, but this gongxind has not opened the "
        "replicas' key pool (replica-keys in --data-dir)")));
  }
  ASSIGN_OR_RETURN(std::optional<std::string> sealed_entry, [&]() -> absl::StatusOr<std::optional<std::string>> {
    ASSIGN_OR_RETURN(const uint64_t size, store_->Size(SecretsChain(id_)));
    if (size == 0) return std::nullopt;
    return store_->ReadEntry(SecretsChain(id_), 0);
  }());
  if (!sealed_entry.has_value()) {
    return absl::DataLossError(absl::StrCat("meeting ", id_, " is open but its sealed secrets (chain ",
                                            SecretsChain(id_), ") are gone"));
  }
  return OpenMeetingSecrets(*replica_keys_, id_, *sealed_entry);
}

absl::Status Meeting::OpenSecrets(const v1::MeetingSecrets& secrets) {
  for (const v1::FormTokenSecret& secret : secrets.token_keys()) {
    ASSIGN_OR_RETURN(crypto::BlindRsaPrivateKey token_key,
                     crypto::BlindRsaPrivateKey::FromPem(secret.private_key_pem()));
    const TokenKeyId id{secret.form_id(), secret.group()};
    auto published = token_public_keys_.find(id);
    if (published == token_public_keys_.end() ||
        published->second.ToDer() != token_key.public_key().ToDer()) {
      return absl::DataLossError(absl::StrCat(
          "the secret token key of form ", secret.form_id(), " group \"", secret.group(),
          "\" is not the one published in entry 0"));
    }
    token_signers_[id] =
        std::make_shared<const crypto::BlindRsaPrivateKey>(std::move(token_key));
  }
  if (shared_) opened_signers_ = token_signers_;
  if (urn_ == nullptr) {
    if (shared_) {
      ASSIGN_OR_RETURN(urn_, Urn::OpenShared(store_, UrnChain(id_), id_, secrets.urn_key(),
                                             state_.spec()));
    } else {
      ASSIGN_OR_RETURN(urn_, Urn::Open(UrnDirFor(secrets_path_), id_, secrets.urn_key(),
                                       state_.spec(), urn_options_));
    }
  }
  return absl::OkStatus();
}

absl::Status Meeting::EraseSecrets() {
  if (!shared_) {
    RETURN_IF_ERROR(Urn::Destroy(UrnDirFor(secrets_path_)));
    return DestroyMeetingSecrets(secrets_path_);
  }
  return EraseSharedSecrets(*store_, replica_keys_, id_);
}

absl::Status Meeting::BeginWrite() {
  absl::MutexLock lock(&retire_mu_);
  if (retired_) {
    return absl::NotFoundError(
        absl::StrCat("meeting_id: meeting ", id_, " is being purged (a trial vote)"));
  }
  ++writes_;
  return absl::OkStatus();
}

void Meeting::EndWrite() {
  absl::MutexLock lock(&retire_mu_);
  --writes_;
}

chainlog::ChainLog::Op Meeting::Queued(Op* op) {
  chainlog::ChainLog::Op queued;
  queued.prepare = [this, op](chainlog::ChainLog::Txn& t) {
    Txn txn(this, t);
    return op->prepare(txn);
  };
  queued.bytes_hint = op->bytes_hint;
  if (op->alone) {
    queued.operations_hint = log_->limits().max_operations;
    queued.bytes_hint = log_->limits().max_bytes;
  }
  return queued;
}

absl::Status Meeting::Submit(Op* op) {
  RETURN_IF_ERROR(BeginWrite());
  absl::Cleanup end = [this] { EndWrite(); };
  chainlog::ChainLog::Op queued = Queued(op);
  absl::Status status = log_->Submit(&queued);
  op->tree = queued.tree;
  return status;
}

void Meeting::SubmitAsync(Op* op, std::function<void(absl::Status)> done) {
  if (absl::Status writing = BeginWrite(); !writing.ok()) {
    done(writing);
    return;
  }
  auto queued = std::make_shared<chainlog::ChainLog::Op>(Queued(op));
  log_->SubmitAsync(queued.get(), [this, op, queued, done = std::move(done)] {
    EndWrite();
    op->tree = queued->tree;
    done(queued->status);
  });
}

absl::Status Meeting::Refresh() {
  if (!store_->MayHaveOtherWriters() || !damage_.ok()) return absl::OkStatus();
  // One read of the chain's size tells whether anyone else wrote; only then
  // does the refresh wait its turn in the queue (where the group's own
  // check replays the chain).
  ASSIGN_OR_RETURN(const uint64_t stored, store_->Size(id_));
  {
    absl::ReaderMutexLock lock(&state_mu_);
    if (stored == head_.size()) return absl::OkStatus();
  }
  Op op;
  op.prepare = [](Txn&) { return absl::OkStatus(); };
  op.bytes_hint = 0;
  return Submit(&op);
}

// A check-in checked and ready to queue: what its op stages, and what the
// voter is handed once it is durable (Meeting::HandOut).
struct Meeting::CheckInPlan {
  std::string voter_id, kiosk;
  SlipCheckIn slip;
  const v1::Voter* voter = nullptr;  // on roll_, which never changes
  // The kiosk's blinded tokens, by form and key group.
  absl::flat_hash_map<TokenKeyId, std::string> blinded;
  // Set by the op's prepare (each run starts them afresh).
  std::string commitment;
  std::vector<std::string> named_forms;
  // Anonymous forms to blind-sign once the check-in is durable.
  std::vector<ToSign> to_sign;
  std::vector<std::string> withheld;
  Op op;
};

absl::StatusOr<std::unique_ptr<Meeting::CheckInPlan>> Meeting::PlanCheckIn(
    const std::string& voter_id, const std::string& kiosk,
    const std::vector<v1::BlindedToken>& blinded_tokens, const SlipCheckIn& slip) {
  if (voter_id.empty()) {
    return absl::InvalidArgumentError("voter_id: required");
  }
  if (slip.by_slip && !blinded_tokens.empty()) {
    return absl::InvalidArgumentError(
        "blinded_tokens: a voter who votes by slip receives no token at the desk; the slip's "
        "redemption carries it");
  }
  if (slip.by_paper && slip.by_slip) {
    return absl::InvalidArgumentError("by_paper: a voter votes on paper or by slip, not both");
  }
  if (slip.by_paper && !blinded_tokens.empty()) {
    return absl::InvalidArgumentError(
        "blinded_tokens: a voter who votes on paper receives no token; the desk hands over "
        "paper slips");
  }
  if (!slip.secret.empty() && !slip.by_slip) {
    return absl::InvalidArgumentError("slip_secret: set on a check-in that is not by_slip");
  }
  if (!slip.secret.empty() && slip.secret.size() != ledger::kSlipSecretSize) {
    return absl::InvalidArgumentError(absl::StrCat("slip_secret: must be ",
                                                   ledger::kSlipSecretSize, " bytes (got ",
                                                   slip.secret.size(), ")"));
  }
  if (roll_ == nullptr) return damage_;
  const v1::Voter* voter = roll_->Find(voter_id);
  if (voter == nullptr) {
    return absl::NotFoundError(absl::StrCat(
        "voter_id: \"", voter_id, "\" is not on the roll of meeting ", id_));
  }
  auto plan = std::make_unique<CheckInPlan>();
  plan->voter_id = voter_id;
  plan->kiosk = kiosk;
  plan->slip = slip;
  plan->voter = voter;
  // The kiosk's blinded tokens, by form and key group; checked against the
  // keys below. A kiosk sends one per key of a form, since it learns the
  // voter's group only from the answer.
  absl::flat_hash_map<TokenKeyId, std::string>& blinded = plan->blinded;
  for (size_t i = 0; i < blinded_tokens.size(); ++i) {
    const v1::BlindedToken& t = blinded_tokens[i];
    if (!blinded.emplace(TokenKeyId{t.form_id(), t.group()}, t.blinded_message()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("blinded_tokens[", i, "]: form ", t.form_id(), " group \"", t.group(),
                       "\" appears twice"));
    }
  }

  // The op may run on the log's committer thread after this returns: it
  // reads only the plan, which lives until the check-in is answered.
  plan->op.prepare = [this, p = plan.get()](Txn& txn) ABSL_NO_THREAD_SAFETY_ANALYSIS
      -> absl::Status {
    const std::string& voter_id = p->voter_id;
    const std::string& kiosk = p->kiosk;
    const SlipCheckIn& slip = p->slip;
    const v1::Voter* voter = p->voter;
    const absl::flat_hash_map<TokenKeyId, std::string>& blinded = p->blinded;
    std::string& commitment = p->commitment;
    std::vector<std::string>& named_forms = p->named_forms;
    std::vector<ToSign>& to_sign = p->to_sign;
    std::vector<std::string>& withheld = p->withheld;
    commitment.clear();
    named_forms.clear();
    to_sign.clear();
    withheld.clear();
    tally::MeetingState& state = txn.state();
    if (state.status() != v1::MEETING_STATUS_OPEN) {
      return absl::FailedPreconditionError(absl::StrCat(
          "meeting ", id_, " is not open for voting (status ",
          v1::MeetingStatus_Name(state.status()), ")"));
    }
    if (!state.InSample(voter_id, voter->group())) {
      return absl::FailedPreconditionError(absl::StrCat(
          "voter_id: \"", voter_id, "\" is on the population roll of survey ", id_,
          " but was not drawn into its sample (entry ", state.sample_seq().value_or(0), ")"));
    }
    if (state.closing()) {
      return absl::FailedPreconditionError(
          absl::StrCat("meeting ", id_, " is closing: its urn is joining the chain"));
    }
    for (const auto& [id, message] : blinded) {
      const auto& [form_id, group] = id;
      const v1::Form* form = tally::FindForm(state.spec(), form_id);
      if (form == nullptr) {
        return absl::NotFoundError(absl::StrCat("blinded_tokens: meeting ", id_,
                                                " has no form \"", form_id, "\""));
      }
      if (form->mode() != v1::FORM_MODE_ANONYMOUS) {
        return absl::InvalidArgumentError(absl::StrCat(
            "blinded_tokens: form ", form_id, " is named; it takes no token"));
      }
      auto key = token_public_keys_.find(id);
      if (key == token_public_keys_.end()) {
        return absl::InvalidArgumentError(absl::StrCat("blinded_tokens: form ", form_id,
                                                       " has no token key for group \"", group,
                                                       "\""));
      }
      const size_t want = key->second.modulus_bytes();
      if (message.size() != want) {
        return absl::InvalidArgumentError(absl::StrCat(
            "blinded_tokens: the blinded token for form ", form_id, " group \"", group,
            "\" is ", message.size(), " bytes; the key takes ", want));
      }
    }
    // One token per voter per form: a voter already issued a token for a
    // form gets a signature again only for the very same blinded message
    // (the kiosk resuming after a crash), which yields the same token. This
    // only checks and collects: nothing is staged until every form passed.
    std::vector<std::pair<std::string, std::string>> first_issues;  // form, digest
    auto sign_anonymous = [&](const std::string& form_id, bool first_time) -> absl::Status {
      const TokenKeyId id{form_id, state.TokenKeyGroup(form_id, voter->group())};
      auto it = blinded.find(id);
      if (it == blinded.end()) {
        if (!first_time) return absl::OkStatus();
        return absl::InvalidArgumentError(absl::StrCat(
            "blinded_tokens: form ", form_id, " is anonymous; the kiosk must send a blinded "
            "token for it under ",
            id.second.empty() ? std::string("its shared key")
                              : absl::StrCat("the key of group ", id.second)));
      }
      const std::string digest = crypto::Sha256(it->second);
      auto issued = blinded_issued_.find(absl::StrCat(form_id, "/", voter_id));
      if (!first_time && (issued == blinded_issued_.end() ||
                          !crypto::ConstantTimeEquals(issued->second, digest))) {
        // Another blinded token: the voter already holds one for this form
        // (perhaps cast already). No second token; the rest of the
        // check-in (named credentials) still proceeds.
        withheld.push_back(form_id);
        return absl::OkStatus();
      }
      auto signer = token_signers_.find(id);
      if (signer == token_signers_.end()) {
        return absl::FailedPreconditionError(
            absl::StrCat("form ", form_id, " issues no more tokens"));
      }
      if (first_time) first_issues.emplace_back(form_id, digest);
      to_sign.push_back({form_id, id.second, signer->second, it->second});
      return absl::OkStatus();
    };

    auto it = openings_.find(voter_id);
    if (it != openings_.end()) {
      // Already checked in (e.g. the kiosk crashed): hand the same
      // credentials out again for the named forms not yet cast.
      commitment = it->second.commitment;
      if (state.CheckedInBySlip(commitment)) {
        // The desk repeating a check-in whose answer it lost: nothing to
        // hand out. Anyone else: the slip holds this voter's ballots.
        if (slip.by_slip) return absl::OkStatus();
        return absl::FailedPreconditionError(absl::StrCat(
            "voter_id: \"", voter_id, "\" checked in to vote by phone with a slip; the slip "
            "carries the voter's ballots"));
      }
      if (state.CheckedInByPaper(commitment)) {
        // As for a slip: a repeated paper check-in hands nothing out, and
        // nobody may vote electronically for a voter holding paper slips.
        if (slip.by_paper) return absl::OkStatus();
        return absl::FailedPreconditionError(absl::StrCat(
            "voter_id: \"", voter_id, "\" checked in to vote on paper; the paper slips carry "
            "the voter's ballots"));
      }
      if (slip.by_slip || slip.by_paper) {
        return absl::FailedPreconditionError(absl::StrCat(
            "voter_id: \"", voter_id, "\" is already checked in at a kiosk"));
      }
      for (const std::string& form : state.CheckedInForms(commitment)) {
        if (tally::FindForm(state.spec(), form)->mode() == v1::FORM_MODE_ANONYMOUS) {
          RETURN_IF_ERROR(sign_anonymous(form, /*first_time=*/false));
        } else if (!state.HasCast(commitment, form)) {
          named_forms.push_back(form);
        }
      }
      if (named_forms.empty() && to_sign.empty()) {
        return absl::FailedPreconditionError(absl::StrCat(
            "voter_id: \"", voter_id, "\" has already cast every form",
            withheld.empty() ? ""
                             : absl::StrCat(" and already holds a token for ",
                                            absl::StrJoin(withheld, ", "),
                                            " (only the kiosk holding its blinding state "
                                            "can finish it)")));
      }
      return absl::OkStatus();
    }
    std::vector<std::string> forms = roll_->EligibleForms(*voter, state.spec());
    if (forms.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "voter_id: \"", voter_id, "\" (group ", voter->group(),
          ") receives no form in this meeting"));
    }
    for (const std::string& form_id : forms) {
      if (tally::FindForm(state.spec(), form_id)->mode() == v1::FORM_MODE_NAMED) {
        named_forms.push_back(form_id);
      } else if (!slip.by_slip && !slip.by_paper) {
        RETURN_IF_ERROR(sign_anonymous(form_id, /*first_time=*/true));
      }
    }
    std::string slip_hash;
    if (slip.by_slip) {
      // The desk receives nothing: the slip's redemption carries it all.
      if (!named_forms.empty() && slip.secret.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "slip_secret: required: voter \"", voter_id, "\" receives named form ",
            named_forms.front(), ", so the slip handed over is scanned and bound to the voter"));
      }
      if (named_forms.empty() && !slip.secret.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "slip_secret: voter \"", voter_id, "\" receives anonymous forms only: hand over a "
            "slip drawn at random and do not scan it (a scanned slip would tie the voter to it)"));
      }
      if (!slip.secret.empty()) slip_hash = ledger::SlipHash(id_, slip.secret);
      named_forms.clear();
    }
    if (slip.by_paper) named_forms.clear();  // paper slips instead
    ASSIGN_OR_RETURN(std::string salt, crypto::RandomBytes(ledger::kVoterSaltSize));
    commitment = ledger::VoterCommitment(id_, voter_id, salt);
    v1::Entry entry;
    v1::CheckedIn* in = entry.mutable_checked_in();
    in->set_voter_commitment(commitment);
    for (const std::string& f : forms) in->add_form_ids(f);
    in->set_group(voter->group());
    in->set_at(NowSeconds());
    in->set_kiosk(kiosk);
    in->set_by_slip(slip.by_slip);
    in->set_by_paper(slip.by_paper);
    in->set_slip_hash(slip_hash);
    absl::StatusOr<ledger::SealedEntry> appended = txn.Append(std::move(entry));
    if (!appended.ok()) {
      // The slip's refusals name the ledger field; the caller sent the secret.
      return RenameField(appended.status(), "checked_in.slip_hash", "slip_secret");
    }
    // The check-in is in the group: only now stage what it implies.
    for (auto& [form_id, digest] : first_issues) {
      txn.CreateKey(BlindedKey(form_id, voter_id), digest);
      blinded_issued_[absl::StrCat(form_id, "/", voter_id)] = std::move(digest);
    }
    v1::VoterOpening opening;
    opening.set_voter_id(voter_id);
    opening.set_salt(salt);
    txn.CreateKey(VoterKey(voter_id), opening.SerializeAsString());
    openings_[voter_id] = Opening{std::move(salt), commitment};
    return absl::OkStatus();
  };
  return plan;
}

absl::StatusOr<v1::CheckInResponse> Meeting::HandOut(const CheckInPlan& plan) {
  v1::CheckInResponse response;
  response.set_voter_name(plan.voter->name());
  response.set_group(plan.voter->group());
  RETURN_IF_ERROR(Issue(plan.named_forms, plan.commitment, plan.to_sign,
                        response.mutable_credentials(), response.mutable_blind_signatures()));
  return response;
}

absl::StatusOr<v1::CheckInResponse> Meeting::CheckIn(
    const std::string& voter_id, const std::string& kiosk,
    const std::vector<v1::BlindedToken>& blinded_tokens, const SlipCheckIn& slip) {
  ASSIGN_OR_RETURN(std::unique_ptr<CheckInPlan> plan,
                   PlanCheckIn(voter_id, kiosk, blinded_tokens, slip));
  RETURN_IF_ERROR(Submit(&plan->op));
  return HandOut(*plan);
}

void Meeting::CheckInAsync(const std::string& voter_id, const std::string& kiosk,
                           const std::vector<v1::BlindedToken>& blinded_tokens,
                           const SlipCheckIn& slip, const RunOn& sign_on, CheckInDone done) {
  absl::StatusOr<std::unique_ptr<CheckInPlan>> planned =
      PlanCheckIn(voter_id, kiosk, blinded_tokens, slip);
  if (!planned.ok()) {
    done(planned.status());
    return;
  }
  std::shared_ptr<CheckInPlan> plan = *std::move(planned);
  SubmitAsync(&plan->op, [this, plan, sign_on, done = std::move(done)](absl::Status status) {
    if (!status.ok()) {
      done(status);
      return;
    }
    // The RSA private operations, off the log's completion thread.
    sign_on([this, plan, done] { done(HandOut(*plan)); });
  });
}

absl::Status Meeting::Issue(const std::vector<std::string>& named_forms,
                            const std::string& commitment, const std::vector<ToSign>& to_sign,
                            google::protobuf::RepeatedPtrField<v1::Credential>* credentials,
                            google::protobuf::RepeatedPtrField<v1::BlindSignature>* signatures) {
  for (const std::string& form : named_forms) {
    ASSIGN_OR_RETURN(v1::Credential credential,
                     ledger::SignCredential(*key_, id_, form, commitment));
    {
      absl::MutexLock lock(&issued_mu_);
      issued_[IssuedKey(id_, form, commitment)] = credential.signature();
    }
    *credentials->Add() = std::move(credential);
  }
  // The RSA private operations run outside the meeting's lock.
  for (const ToSign& t : to_sign) {
    ASSIGN_OR_RETURN(std::string signature, t.signer->BlindSign(t.blinded_message));
    v1::BlindSignature* out = signatures->Add();
    out->set_form_id(t.form_id);
    out->set_group(t.group);
    out->set_blind_signature(std::move(signature));
  }
  return absl::OkStatus();
}

absl::Status Meeting::CheckCast(const v1::Credential& credential, const v1::Ballot& ballot) {
  if (credential.form_id().empty()) {
    return absl::InvalidArgumentError("credential.form_id: required");
  }
  if (ballot.form_id() != credential.form_id()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "ballot.form_id: \"", ballot.form_id(),
        "\" is not the credential's form \"", credential.form_id(), "\""));
  }
  std::string recusal_voter;  // set only for forms with recusals (rule B4)
  {
    absl::ReaderMutexLock lock(&state_mu_);
    const v1::Form* form = tally::FindForm(state_.spec(), credential.form_id());
    if (form == nullptr) {
      return absl::NotFoundError(absl::StrCat("credential.form_id: meeting ", id_,
                                              " has no form \"", credential.form_id(),
                                              "\""));
    }
    // Rule B4: the ledger knows the voter only by commitment, so the
    // server, which holds the openings, refuses a recused member's mark.
    if (tally::FormHasRecusals(*form)) {
      for (const auto& [voter_id, opening] : openings_) {
        if (opening.commitment == credential.voter_commitment()) recusal_voter = voter_id;
      }
      if (!recusal_voter.empty()) {
        RETURN_IF_ERROR(tally::CheckRecusal(*form, ballot, recusal_voter));
      }
    }
  }
  // Checked before queueing: a forged credential costs no lock time.
  const std::string issued_key =
      IssuedKey(credential.meeting_id(), credential.form_id(), credential.voter_commitment());
  bool known = false;
  {
    absl::MutexLock lock(&issued_mu_);
    auto it = issued_.find(issued_key);
    known = it != issued_.end() &&
            crypto::ConstantTimeEquals(it->second, credential.signature());
  }
  absl::Status genuine =
      known ? absl::OkStatus() : ledger::VerifyCredential(key_->public_key(), credential);
  if (genuine.ok() && !known) {
    absl::MutexLock lock(&issued_mu_);
    issued_[issued_key] = credential.signature();
  }
  if (!genuine.ok()) {
    return absl::PermissionDeniedError(absl::StrCat(
        "credential: not issued by this server for this voter and form "
        "(forged or altered): ",
        genuine.message()));
  }
  return absl::OkStatus();
}

Meeting::Op Meeting::CastOp(const v1::Credential& credential, const v1::Ballot& ballot,
                            ledger::SealedEntry* sealed) {
  Op op;
  op.bytes_hint = ballot.ByteSizeLong() + 512;
  op.prepare = [this, &credential, &ballot, sealed](Txn& txn) -> absl::Status {
    v1::Entry entry;
    v1::BallotCast* cast = entry.mutable_ballot_cast();
    cast->set_voter_commitment(credential.voter_commitment());
    cast->set_credential_signature(credential.signature());
    *cast->mutable_ballot() = ballot;
    ASSIGN_OR_RETURN(*sealed, txn.Append(std::move(entry)));
    txn.CreateKey(CastKey(credential.form_id(), credential.voter_commitment()),
                  absl::StrCat(sealed->seq));
    return absl::OkStatus();
  };
  return op;
}

absl::StatusOr<v1::Receipt> Meeting::Cast(const v1::Credential& credential,
                                          const v1::Ballot& ballot, LogHead* committed) {
  RETURN_IF_ERROR(CheckCast(credential, ballot));
  ledger::SealedEntry sealed;
  Op op = CastOp(credential, ballot, &sealed);
  RETURN_IF_ERROR(Submit(&op));
  if (committed != nullptr) *committed = op.tree;
  return ledger::SignReceipt(*key_, id_, credential.form_id(), sealed.seq,
                             sealed.hash, crypto::LeafHash(sealed.bytes));
}

void Meeting::CastAsync(const v1::Credential& credential, const v1::Ballot& ballot,
                        CastDone done) {
  if (absl::Status checked = CheckCast(credential, ballot); !checked.ok()) {
    done(checked, LogHead{});
    return;
  }
  struct Pending {
    ledger::SealedEntry sealed;
    Op op;
  };
  auto pending = std::make_shared<Pending>();
  pending->op = CastOp(credential, ballot, &pending->sealed);
  SubmitAsync(&pending->op, [this, pending, &credential, done = std::move(done)](
                                absl::Status status) {
    if (!status.ok()) {
      done(status, LogHead{});
      return;
    }
    done(ledger::SignReceipt(*key_, id_, credential.form_id(), pending->sealed.seq,
                             pending->sealed.hash, crypto::LeafHash(pending->sealed.bytes)),
         pending->op.tree);
  });
}

absl::StatusOr<std::string> Meeting::CheckpointNote(
    const LogHead& tree,
    const std::function<absl::StatusOr<std::string>(const LogHead&)>& sign) const {
  absl::MutexLock lock(&note_mu_);
  if (note_.empty() || note_tree_.size != tree.size || note_tree_.root_hash != tree.root_hash) {
    ASSIGN_OR_RETURN(std::string note, sign(tree));
    note_ = std::move(note);
    note_tree_ = tree;
  }
  return note_;
}

absl::Status Meeting::UrnWriteFailure() const {
  absl::ReaderMutexLock lock(&state_mu_);
  if (urn_ == nullptr || urn_->shared()) return absl::OkStatus();
  return urn_->store().WriteFailure();
}

absl::StatusOr<v1::AnonymousReceipt> Meeting::CastAnonymous(const v1::AnonymousToken& token,
                                                            const v1::Ballot& ballot) {
  absl::StatusOr<v1::AnonymousReceipt> receipt = CastIntoUrn(token, ballot);
  // Counted, never logged one by one: a log line per anonymous cast would
  // be a time-ordered list to line up with the check-ins.
  if (!receipt.ok()) anonymous_refused_.fetch_add(1, std::memory_order_relaxed);
  return receipt;
}

absl::StatusOr<v1::AnonymousReceipt> Meeting::CastIntoUrn(const v1::AnonymousToken& token,
                                                          const v1::Ballot& ballot) {
  if (ballot.form_id() != token.form_id()) {
    return absl::InvalidArgumentError(absl::StrCat("ballot.form_id: \"", ballot.form_id(),
                                                   "\" is not the token's form \"",
                                                   token.form_id(), "\""));
  }
  std::optional<crypto::BlindRsaPublicKey> public_key;
  const v1::Form* form = nullptr;
  {
    absl::ReaderMutexLock lock(&state_mu_);
    form = tally::FindForm(state_.spec(), token.form_id());
    if (form == nullptr) {
      return absl::NotFoundError(absl::StrCat("token.form_id: meeting ", id_,
                                              " has no form \"", token.form_id(), "\""));
    }
    if (form->mode() != v1::FORM_MODE_ANONYMOUS) {
      return absl::InvalidArgumentError(absl::StrCat(
          "token.form_id: form ", token.form_id(), " is named; cast it with a credential"));
    }
    auto key = token_public_keys_.find(TokenKeyId{token.form_id(), token.group()});
    if (key == token_public_keys_.end()) {
      return absl::InvalidArgumentError(absl::StrCat("token.group: form ", token.form_id(),
                                                     " has no token key for group \"",
                                                     token.group(), "\""));
    }
    public_key = key->second;
  }
  // Checked before queueing, as a credential is: a forged token costs no
  // lock time. The spec is immutable, so `form` stays valid.
  RETURN_IF_ERROR(ledger::CheckTokenMessage(token.message(), id_, token.form_id()));
  absl::Status genuine = crypto::BlindRsaVerify(*public_key, token.message(), token.signature());
  if (!genuine.ok()) {
    return absl::PermissionDeniedError(absl::StrCat(
        "token: not signed with form ", token.form_id(), "'s token key (forged, altered, or "
        "issued for another form or meeting): ", genuine.message()));
  }
  RETURN_IF_ERROR(tally::ClassifyBallot(*form, ballot).status());

  v1::AnonymousBallot record;
  record.set_form_id(token.form_id());
  record.set_token_message(token.message());
  record.set_token_signature(token.signature());
  *record.mutable_ballot() = ballot;
  record.set_group(token.group());
  const std::string bytes = record.SerializeAsString();
  const std::string ballot_hash = ledger::AnonymousBallotHash(bytes);

  Op op;
  op.prepare = [&](Txn& txn) ABSL_NO_THREAD_SAFETY_ANALYSIS -> absl::Status {
    const tally::MeetingState& state = txn.state();
    if (state.status() != v1::MEETING_STATUS_OPEN || urn_ == nullptr) {
      return absl::FailedPreconditionError(absl::StrCat(
          "meeting ", id_, " is not open for voting (status ",
          v1::MeetingStatus_Name(state.status()), ")"));
    }
    if (state.closing()) {
      return absl::FailedPreconditionError(
          absl::StrCat("meeting ", id_, " is closing: its urn is joining the chain"));
    }
    if (spent_tokens_.contains(token.message())) {
      return absl::AlreadyExistsError("token: already spent on a ballot");
    }
    if (UrnCount(token.form_id()) >= state.issued(token.form_id())) {
      return absl::FailedPreconditionError(absl::StrCat(
          "form ", token.form_id(), " already holds as many ballots as check-ins issued it"));
    }
    RETURN_IF_ERROR(txn.Reserve(2, Urn::RecordBytes(*form) + 256));
    ASSIGN_OR_RETURN(auto keys, urn_->Seal(token.form_id(), bytes, ballot_hash, token.message()));
    for (auto& [key, value] : keys) txn.CreateUrnKey(std::move(key), std::move(value));
    spent_tokens_.insert(token.message());
    ++urn_count_[token.form_id()];
    return absl::OkStatus();
  };
  absl::Status cast = Submit(&op);
  if (absl::IsAlreadyExists(cast)) {
    // Spent at another gongxind on the same store, after this one last
    // read the urn: the store's write-once key refused it.
    return absl::AlreadyExistsError("token: already spent on a ballot");
  }
  RETURN_IF_ERROR(cast);
  return ledger::SignAnonymousReceipt(*key_, id_, token.form_id(), ballot_hash);
}

uint32_t Meeting::UrnCount(absl::string_view form_id) const {
  auto it = urn_count_.find(form_id);
  return it == urn_count_.end() ? 0 : it->second;
}

absl::Status Meeting::MoveUrn(Txn& txn, const v1::Entry& closing, bool check_all,
                              std::vector<UrnBallot>* run, bool* more) {
  *more = false;
  if (urn_ == nullptr) return absl::OkStatus();
  if (check_all && shared_) {
    // On a shared store another replica may be casting into the urn now:
    // this group lands only if the urn chain is as this replica last saw
    // it (before the read below), and it moves the urn chain on, so no
    // cast written on stale state lands after it. Later groups of the
    // close need no such link: the chain has moved, and every cast's
    // batch is conditional on it. The close goes alone in its group, so
    // no cast of this group holds the urn chain.
    storage::AppendBatch seal;
    seal.chain = UrnChain(id_);
    seal.expected_size = urn_size_;
    seal.entries.push_back(absl::StrCat("close ", crypto::HexEncode(txn.head_hash())));
    txn.Link(std::move(seal));
    urn_marker_staged_ = true;
  }
  if (check_all) {
    // Read and order the urn once per close; the later groups of the same
    // close reuse it (no cast reaches the urn once the close has begun).
    run->clear();
    auto add = [&](std::string bytes) -> absl::Status {
      std::string hash = ledger::AnonymousBallotHash(bytes);
      v1::AnonymousBallot parsed;
      if (!parsed.ParseFromString(bytes)) {
        return absl::DataLossError("an urn record does not parse");
      }
      run->push_back(UrnBallot{std::move(hash), std::move(bytes), parsed.form_id()});
      return absl::OkStatus();
    };
    RETURN_IF_ERROR(urn_->ForEachRecord(add));
    // Ballots cast earlier in this very group are not in the urn's store
    // yet; the group writes the urn first and the chain only if that
    // succeeded.
    for (const auto& [key, sealed] : txn.StagedUrnRecords()) {
      ASSIGN_OR_RETURN(std::string bytes, urn_->Unseal(key, sealed));
      RETURN_IF_ERROR(add(std::move(bytes)));
    }
    // The canonical order: by ballot hash, which owes nothing to cast order.
    std::sort(run->begin(), run->end(),
              [](const UrnBallot& a, const UrnBallot& b) { return a.hash < b.hash; });
  }
  // Those already on the chain (a close that stopped half-way) come first
  // in the run: go on after the last of them.
  auto next = run->begin();
  if (txn.state().closing()) {
    next = std::upper_bound(
        run->begin(), run->end(), urn_moved_hash_,
        [](const std::string& hash, const UrnBallot& b) { return hash < b.hash; });
  }
  // Everything left is checked on a copy first, the closing entry included,
  // so the run below cannot be refused half-way (a close that stopped there
  // would leave the meeting closing until the close is repeated).
  if (check_all) {
    tally::MeetingState trial = txn.state();
    for (auto it = next; it != run->end(); ++it) {
      v1::Entry entry;
      entry.set_meeting_id(id_);
      entry.set_seq(trial.size());
      entry.set_anonymous_ballot(it->bytes);
      absl::Status s = trial.Apply(entry);
      if (!s.ok()) {
        return absl::InternalError(absl::StrCat("the urn does not close: ", s.message()));
      }
    }
    v1::Entry probe = closing;
    probe.set_meeting_id(id_);
    probe.set_seq(trial.size());
    RETURN_IF_ERROR(trial.Check(probe));
  }
  // As many as fit this group (chainlog::Limits, an etcd transaction's
  // defaults); the rest go in the next groups, each durable in turn.
  bool appended = false;
  for (; next != run->end(); ++next) {
    v1::Entry entry;
    entry.set_anonymous_ballot(next->bytes);
    if (appended && !txn.Fits(entry, 0)) {
      *more = true;
      return absl::OkStatus();
    }
    RETURN_IF_ERROR(txn.Append(std::move(entry), 0).status());
    appended = true;
    urn_moved_hash_ = next->hash;
    ++urn_moved_;
    --urn_count_[next->form_id];
  }
  *more = appended && !txn.Fits(closing, 0);
  return absl::OkStatus();
}

void Meeting::DestroySecrets() {
  const uint64_t ballots = urn_moved_;
  urn_.reset();
  token_signers_.clear();
  opened_signers_.clear();
  spent_tokens_.clear();
  urn_count_.clear();
  absl::Status destroyed = EraseSecrets();
  if (!destroyed.ok()) {
    LogError("meeting ", id_, ": could not destroy its urn and secrets (retried at the next start): ",
             destroyed.message());
  }
  // The one line about anonymous casts: totals, at the close.
  LogInfo("meeting ", id_, ": ", ballots, " anonymous ballots joined the chain sorted by hash; ",
          anonymous_refused_.load(std::memory_order_relaxed),
          " anonymous casts were refused while it was open");
}

absl::StatusOr<v1::TransitionMeetingResponse> Meeting::Transition(
    v1::MeetingStatus target, const std::string& actor, const PublishCheck& publish_check) {
  switch (target) {
    case v1::MEETING_STATUS_ANNOUNCED:
    case v1::MEETING_STATUS_OPEN:
    case v1::MEETING_STATUS_CLOSED:
    case v1::MEETING_STATUS_PUBLISHED:
      break;
    default:
      return absl::InvalidArgumentError(absl::StrCat(
          "target: ", v1::MeetingStatus_Name(target),
          " is not reached by a transition (use ANNOUNCED, OPEN, CLOSED or "
          "PUBLISHED; COUNTED is reached by a count)"));
  }
  bool closed = false;
  // The close moves the urn onto the chain: whole groups of its own, as
  // many as its ballots need, then the transition itself.
  bool check_all = true;
  bool more = false;
  std::vector<UrnBallot> run;
  Op op;
  op.alone = target == v1::MEETING_STATUS_CLOSED;
  op.prepare = [&](Txn& txn) ABSL_NO_THREAD_SAFETY_ANALYSIS -> absl::Status {
    v1::Entry entry;
    v1::StateChanged* change = entry.mutable_state_changed();
    change->set_from(txn.state().status());
    change->set_to(target);
    change->set_at(NowSeconds());
    change->set_actor(actor);
    RETURN_IF_ERROR(txn.state().Check([&] {
      v1::Entry probe = entry;
      probe.set_meeting_id(id_);
      probe.set_seq(txn.state().size());
      return probe;
    }()));
    // The urn joins the chain just before the close, sorted by hash. If
    // this group is full, the close goes on in the next.
    if (target == v1::MEETING_STATUS_CLOSED) {
      RETURN_IF_ERROR(MoveUrn(txn, entry, check_all, &run, &more));
      if (more) return absl::OkStatus();
    }
    if (target == v1::MEETING_STATUS_PUBLISHED && publish_check) {
      ASSIGN_OR_RETURN(*change->mutable_published_checkpoint(),
                       publish_check(txn.Tree()));
    }
    closed = false;
    RETURN_IF_ERROR(txn.Append(std::move(entry)).status());
    closed = target == v1::MEETING_STATUS_CLOSED;
    return absl::OkStatus();
  };
  do {
    RETURN_IF_ERROR(Submit(&op));
    check_all = false;
  } while (more);
  absl::MutexLock lock(&state_mu_);
  if (closed) DestroySecrets();
  v1::TransitionMeetingResponse response;
  response.set_status(state_.status());
  *response.mutable_head() = signed_head_;
  LogInfo("meeting ", id_, " is now ", v1::MeetingStatus_Name(state_.status()));
  return response;
}

absl::StatusOr<v1::CountResponse> Meeting::Count(const std::string& actor) {
  Op op;
  op.prepare = [&](Txn& txn) -> absl::Status {
    tally::MeetingState& state = txn.state();
    if (state.status() != v1::MEETING_STATUS_CLOSED) {
      return absl::FailedPreconditionError(absl::StrCat(
          "meeting ", id_, " is ", v1::MeetingStatus_Name(state.status()),
          "; a count needs a CLOSED meeting"));
    }
    RETURN_IF_ERROR(state.CheckApprovals());
    uint64_t seq = state.size();
    ASSIGN_OR_RETURN(v1::TallyResult result, state.Count(seq));
    v1::Entry entry;
    v1::CountRecorded* count = entry.mutable_count_recorded();
    *count->mutable_result() = std::move(result);
    count->set_at(NowSeconds());
    count->set_actor(actor);
    ASSIGN_OR_RETURN(ledger::SealedEntry sealed, txn.Append(std::move(entry)));
    count_seq_ = sealed.seq;
    count_hash_ = sealed.hash;
    return absl::OkStatus();
  };
  RETURN_IF_ERROR(Submit(&op));
  return Result();
}

absl::StatusOr<v1::OfficerInputResponse> Meeting::AppendOfficerEntry(
    const std::function<absl::StatusOr<v1::Entry>(const tally::MeetingState&)>& build) {
  return AppendLinkedOfficerEntry(
      [&](const tally::MeetingState& state, absl::string_view) { return build(state); });
}

absl::StatusOr<v1::OfficerInputResponse> Meeting::AppendLinkedOfficerEntry(
    const std::function<absl::StatusOr<v1::Entry>(const tally::MeetingState&,
                                                  absl::string_view head_hash)>& build) {
  ledger::SealedEntry sealed;
  Op op;
  op.prepare = [&](Txn& txn) -> absl::Status {
    ASSIGN_OR_RETURN(v1::Entry entry, build(txn.state(), txn.head_hash()));
    ASSIGN_OR_RETURN(sealed, txn.Append(std::move(entry)));
    return absl::OkStatus();
  };
  RETURN_IF_ERROR(Submit(&op));
  absl::ReaderMutexLock lock(&state_mu_);
  v1::OfficerInputResponse response;
  response.set_seq(sealed.seq);
  response.set_entry_hash(sealed.hash);
  *response.mutable_head() = signed_head_;
  response.set_approvals(static_cast<uint32_t>(state_.approvals().size()));
  response.set_approvals_required(state_.spec().count_approvals_required());
  return response;
}

absl::StatusOr<v1::OfficerInputResponse> Meeting::EnterScore(const v1::EnterScoreRequest& request,
                                                             const std::string& officer) {
  return AppendOfficerEntry([&](const tally::MeetingState& state) -> absl::StatusOr<v1::Entry> {
    ASSIGN_OR_RETURN(const v1::CompositeRule* rule,
                     tally::ResolveCompositeRule(state.spec(), "rule_id", request.rule_id()));
    v1::Entry entry;
    v1::OfficerScoreEntered* score = entry.mutable_officer_score_entered();
    score->set_rule_id(rule->id());
    score->set_candidate_id(request.candidate_id());
    score->set_indicator_id(request.indicator_id());
    score->set_value(request.value());
    score->set_officer(officer);
    score->set_at(NowSeconds());
    return entry;
  });
}

absl::StatusOr<v1::OfficerInputResponse> Meeting::EnterVeto(const v1::EnterVetoRequest& request,
                                                            const std::string& officer) {
  return AppendOfficerEntry([&](const tally::MeetingState& state) -> absl::StatusOr<v1::Entry> {
    ASSIGN_OR_RETURN(const v1::CompositeRule* rule,
                     tally::ResolveCompositeRule(state.spec(), "rule_id", request.rule_id()));
    v1::Entry entry;
    v1::VetoEntered* veto = entry.mutable_veto_entered();
    veto->set_rule_id(rule->id());
    veto->set_candidate_id(request.candidate_id());
    veto->set_reason(request.reason());
    veto->set_officer(officer);
    veto->set_at(NowSeconds());
    return entry;
  });
}

absl::StatusOr<v1::OfficerInputResponse> Meeting::ApproveCount(const std::string& officer) {
  return AppendOfficerEntry([&](const tally::MeetingState&) -> absl::StatusOr<v1::Entry> {
    v1::Entry entry;
    v1::CountApproved* approved = entry.mutable_count_approved();
    approved->set_officer(officer);
    approved->set_at(NowSeconds());
    return entry;
  });
}

namespace {

// The hash of officer entry `seq` as the state knows it, or `head_hash` for
// the last entry (its hash is known only to the chain head so far).
std::string OfficerEntryHash(const tally::MeetingState& state, absl::string_view head_hash,
                             uint64_t seq) {
  if (seq + 1 == state.size()) return std::string(head_hash);
  return state.OfficerEntryHash(seq);
}

}  // namespace

absl::StatusOr<v1::OfficerInputResponse> Meeting::ProposeCorrection(
    const v1::ProposeCorrectionRequest& request, const std::string& officer) {
  return AppendLinkedOfficerEntry([&](const tally::MeetingState& state,
                                      absl::string_view head_hash) -> absl::StatusOr<v1::Entry> {
    ASSIGN_OR_RETURN(const v1::CompositeRule* rule,
                     tally::ResolveCompositeRule(state.spec(), "rule_id", request.rule_id()));
    v1::Entry entry;
    v1::ScoreCorrectionProposed* proposed = entry.mutable_score_correction_proposed();
    // Seq 0 is the genesis, never a score: 0 asks the server to name the
    // score in effect (none: the state machine says there is nothing to correct).
    uint64_t seq = request.superseded_seq();
    if (seq == 0) {
      if (const auto* current = state.FindScoreInEffect(rule->id(), request.candidate_id(),
                                                         request.indicator_id(),
                                                         request.inspector())) {
        seq = current->seq;
      }
    }
    proposed->set_superseded_seq(seq);
    proposed->set_superseded_entry_hash(request.superseded_entry_hash().empty()
                                            ? OfficerEntryHash(state, head_hash, seq)
                                            : request.superseded_entry_hash());
    proposed->set_rule_id(rule->id());
    proposed->set_candidate_id(request.candidate_id());
    proposed->set_indicator_id(request.indicator_id());
    proposed->set_value(request.value());
    proposed->set_reason(request.reason());
    proposed->set_inspector(request.inspector());
    proposed->set_officer(officer);
    proposed->set_at(NowSeconds());
    return entry;
  });
}

absl::StatusOr<v1::OfficerInputResponse> Meeting::ApproveCorrection(
    const v1::ApproveCorrectionRequest& request, const std::string& officer) {
  return AppendLinkedOfficerEntry([&](const tally::MeetingState& state,
                                      absl::string_view head_hash) -> absl::StatusOr<v1::Entry> {
    v1::Entry entry;
    v1::ScoreCorrectionApproved* approved = entry.mutable_score_correction_approved();
    approved->set_proposal_seq(request.proposal_seq());
    approved->set_proposal_entry_hash(
        request.proposal_entry_hash().empty()
            ? OfficerEntryHash(state, head_hash, request.proposal_seq())
            : request.proposal_entry_hash());
    approved->set_officer(officer);
    approved->set_at(NowSeconds());
    return entry;
  });
}

absl::StatusOr<v1::CountResponse> Meeting::Result() const {
  absl::ReaderMutexLock lock(&state_mu_);
  const v1::TallyResult* result = state_.last_count();
  if (result == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("meeting ", id_, " has not been counted yet"));
  }
  v1::CountResponse response;
  *response.mutable_result() = *result;
  response.set_seq(count_seq_);
  response.set_entry_hash(count_hash_);
  *response.mutable_head() = signed_head_;
  return response;
}

absl::StatusOr<Meeting::FinalHead> Meeting::Retire() {
  // A damaged record is evidence: it is never purged.
  if (!damage_.ok()) return damage_;
  {
    absl::MutexLock lock(&retire_mu_);
    retired_ = true;
    auto idle = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(retire_mu_) { return writes_ == 0; };
    retire_mu_.Await(absl::Condition(&idle));
  }
  FinalHead last;
  absl::ReaderMutexLock lock(&state_mu_);
  last.head = signed_head_;
  last.tree = log_->Head();
  if (last.tree.size != last.head.size()) {
    return absl::InternalError(absl::StrCat("meeting ", id_, ": signed head at ",
                                            last.head.size(), " entries but the tree has ",
                                            last.tree.size));
  }
  return last;
}

v1::MeetingInfo Meeting::Info(bool with_spec) const {
  absl::ReaderMutexLock lock(&state_mu_);
  v1::MeetingInfo info;
  info.set_meeting_id(id_);
  info.set_status(state_.status());
  info.set_closing(state_.closing());
  if (with_spec) *info.mutable_spec() = state_.spec();
  info.set_roll_size(roll_ == nullptr ? 0 : static_cast<uint32_t>(roll_->size()));
  if (state_.spec().has_sample()) {
    info.set_sample_size(state_.due_size());
    if (with_spec) *info.mutable_sample() = state_.SampleSummary();
  }
  info.set_checked_in(static_cast<uint32_t>(state_.checked_in_count()));
  uint32_t in_urn = 0;
  for (const auto& [form, n] : urn_count_) in_urn += n;
  info.set_cast(static_cast<uint32_t>(state_.cast_count()) + in_urn);
  for (const v1::Form& form : state_.spec().forms()) {
    v1::FormProgress* p = info.add_forms();
    p->set_form_id(form.id());
    p->set_due(state_.form_due(form.id()));
    p->set_issued(static_cast<uint32_t>(state_.issued(form.id())));
    p->set_returned(static_cast<uint32_t>(state_.returned(form.id())) + UrnCount(form.id()));
  }
  for (const v1::TokenKey& k : token_keys_) *info.add_token_keys() = k;
  *info.mutable_head() = signed_head_;
  return info;
}

absl::Status Meeting::Export(
    const std::function<absl::Status(const v1::ExportRecord&)>& emit, bool with_openings) const {
  // Read what is durable, not what is in memory: the export is evidence of
  // the store's content, damaged or not. The state lock makes the head, the
  // openings and the size one consistent cut (a group commits under it).
  v1::ExportRecord head_record;
  std::vector<v1::ExportRecord> openings;
  std::optional<std::string> roll_bytes;
  uint64_t size = 0;
  {
    absl::ReaderMutexLock lock(&state_mu_);
    ASSIGN_OR_RETURN(size, store_->Size(id_));
    ASSIGN_OR_RETURN(roll_bytes, store_->GetKey(id_, kRollKey));
    ASSIGN_OR_RETURN(std::optional<std::string> head_bytes, store_->HeadRecord(id_));
    // The entries go out as stored bytes, damaged or not; the head and the
    // openings are re-framed as messages, so one that does not parse cannot
    // go out as it is and is not silently dropped either.
    if (head_bytes.has_value() && !head_record.mutable_head()->ParseFromString(*head_bytes)) {
      return Damaged(id_, absl::DataLossError("the stored signed head does not parse"));
    }
    if (with_openings) RETURN_IF_ERROR(store_->ScanKeys(
        id_, kVoterKeyPrefix,
        [&](absl::string_view key, absl::string_view value) -> absl::Status {
          v1::ExportRecord r;
          if (!r.mutable_opening()->ParseFromArray(value.data(),
                                                   static_cast<int>(value.size()))) {
            return Damaged(id_, absl::DataLossError(absl::StrCat(
                                    "the stored opening ", key, " does not parse")));
          }
          openings.push_back(std::move(r));
          return absl::OkStatus();
        }));
  }
  v1::ExportRecord header;
  header.mutable_header()->set_format_version(1);
  header.mutable_header()->set_meeting_id(id_);
  header.mutable_header()->set_server_public_key(key_->public_key().raw());
  header.mutable_header()->set_exported_at(NowSeconds());
  header.mutable_header()->set_openings_omitted(!with_openings);
  RETURN_IF_ERROR(emit(header));
  if (roll_bytes.has_value()) {
    v1::ExportRecord roll;
    roll.set_roll(*std::move(roll_bytes));
    RETURN_IF_ERROR(emit(roll));
  }
  std::vector<v1::ExportRecord> token_keys;
  {
    absl::ReaderMutexLock lock(&state_mu_);
    for (const v1::TokenKey& k : token_keys_) {
      v1::ExportRecord r;
      r.mutable_token_key()->set_form_id(k.form_id());
      r.mutable_token_key()->set_group(k.group());
      r.mutable_token_key()->set_public_key_pem(
          token_public_keys_.at(TokenKeyId{k.form_id(), k.group()}).ToPem());
      token_keys.push_back(std::move(r));
    }
  }
  for (const v1::ExportRecord& r : token_keys) RETURN_IF_ERROR(emit(r));
  for (const v1::ExportRecord& r : openings) RETURN_IF_ERROR(emit(r));
  v1::ExportRecord entry;
  RETURN_IF_ERROR(store_->ReadEntries(
      id_, 0, size, [&](uint64_t, absl::string_view bytes) -> absl::Status {
        entry.set_entry(std::string(bytes));
        return emit(entry);
      }));
  if (head_record.has_head()) RETURN_IF_ERROR(emit(head_record));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> Meeting::Entries(uint64_t start, uint64_t end) const {
  return log_->Entries(start, end);
}

absl::StatusOr<uint64_t> Meeting::StoredSize() const { return store_->Size(id_); }

std::string Meeting::TreeNodeKey(uint64_t level, uint64_t index) {
  return chainlog::TreeNodeKey(level, index);
}

absl::StatusOr<Meeting::LogHead> Meeting::TreeHead() const {
  if (!damage_.ok()) return damage_;
  return log_->Head();
}

crypto::NodeSource Meeting::TreeNodes() const { return log_->TreeNodes(); }

}  // namespace gongxin::server
