// Internal to server/meeting*.cc: one queued write (Meeting::Op) and one
// group's staging (Meeting::Txn), shared by the files that hold Meeting's
// write paths.
#ifndef GONGXIN_SERVER_MEETING_TXN_H_
#define GONGXIN_SERVER_MEETING_TXN_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "chainlog/chain_log.h"
#include "server/meeting.h"
#include "util/status_macros.h"

namespace gongxin::server {

// Write-once keys beside the chain: the digest of the blinded token issued
// per form, to a voter ("blinded/<form>/<voter id>") or to a slip
// ("blinded/<form>/slip:<hex hash>"; ':' is in no id).
inline constexpr absl::string_view kBlindedKeyPrefix = "blinded/";
inline std::string BlindedKey(absl::string_view form_id, absl::string_view holder) {
  return absl::StrCat(kBlindedKeyPrefix, form_id, "/", holder);
}

// RenameField rewrites a refusal that names a ledger field (the state
// machine's words) to name the request field the caller sent instead. The
// payloads stay: chainlog marks "this op does not fit the group, defer it"
// with one, and a check-in that lost it was refused to the kiosk with
// "the group is full: next group" under load (64 kiosks, cast_bench).
inline absl::Status RenameField(const absl::Status& status, absl::string_view from,
                                absl::string_view to) {
  if (status.ok()) return status;
  absl::Status renamed(status.code(), absl::StrReplaceAll(status.message(), {{from, to}}));
  status.ForEachPayload([&](absl::string_view type_url, const absl::Cord& payload) {
    renamed.SetPayload(type_url, payload);
  });
  return renamed;
}

inline int64_t NowSeconds() { return absl::ToUnixSeconds(absl::Now()); }

// The key of Meeting::issued_: "meeting\0form\0commitment".
inline std::string IssuedKey(absl::string_view meeting_id, absl::string_view form_id,
                             absl::string_view commitment) {
  const absl::string_view nul("\0", 1);
  return absl::StrCat(meeting_id, nul, form_id, nul, commitment);
}

// An op is one queued write (chainlog::ChainLog::Op, in the meeting's
// terms). `prepare` runs in queue order under the state lock and must be
// safe to run again (a group the store refused cleanly is prepared anew):
// it starts from its inputs, checks everything, and only then stages. It
// may append at most one entry, as its last fallible step (the close
// appends the urn's ballots first, after checking them all on a copy of
// the state).
struct Meeting::Op {
  std::function<absl::Status(Txn&)> prepare;
  // Roughly what it stages, for packing groups (chainlog::Limits).
  size_t bytes_hint = 512;
  // The close: a batch of its own, however large.
  bool alone = false;
  // The tree right after the group commit that wrote this op.
  LogHead tree;
};

// Txn is one group's staging in the meeting's terms: Append runs the entry
// through the state machine before sealing it, so a refused entry never
// reaches the chain and leaves the state untouched; urn keys go to the
// urn's own store, written before the chain.
class Meeting::Txn {
 public:
  Txn(Meeting* m, chainlog::ChainLog::Txn& t) : m_(m), t_(t) {}

  // `keys`: how many keys the op stages with the entry, for packing.
  absl::StatusOr<ledger::SealedEntry> Append(v1::Entry entry, size_t keys = 4)
      ABSL_NO_THREAD_SAFETY_ANALYSIS {
    entry.set_meeting_id(m_->id_);
    entry.set_seq(m_->head_.size());
    entry.set_prev_hash(m_->head_.hash());
    // The entry, and the few keys an op stages with it, must fit the group
    // (chainlog::Limits); if not, the op goes first in the next group.
    RETURN_IF_ERROR(t_.Reserve(keys, EntryBytes(entry)));
    RETURN_IF_ERROR(m_->state_.Apply(entry));
    ledger::SealedEntry sealed = m_->head_.Seal(entry);
    // The same bytes are the next leaf of the meeting's Merkle tree.
    t_.Append(sealed.bytes);
    return sealed;
  }
  // Whether Append(entry, keys) would still fit this group, even for the
  // group's first op (the close stops there and goes on in the next group).
  bool Fits(const v1::Entry& entry, size_t keys) const { return t_.Fits(keys, EntryBytes(entry)); }
  void CreateKey(std::string key, std::string value) {
    t_.CreateKey(std::move(key), std::move(value));
  }
  void CreateUrnKey(std::string key, std::string value) ABSL_NO_THREAD_SAFETY_ANALYSIS {
    if (m_->urn_->shared()) {
      // Inside the meeting's own batch, conditional on the urn chain as
      // this replica knows it; the group's marker names its first record
      // (an HMAC, as the key itself), so markers never repeat.
      std::string marker = absl::StrCat("cast ", key);
      t_.CreateLinkedSideKey(&m_->urn_->store(), m_->urn_->chain(), m_->urn_size_,
                             std::move(marker), std::move(key), std::move(value));
      m_->urn_marker_staged_ = true;
      return;
    }
    t_.CreateSideKey(&m_->urn_->store(), Urn::kChain, std::move(key), std::move(value));
  }
  void Link(storage::AppendBatch linked) { t_.Link(std::move(linked)); }
  absl::Status Reserve(size_t operations, size_t bytes) { return t_.Reserve(operations, bytes); }
  // The hash of the last entry: the next entry's prev_hash.
  std::string head_hash() const ABSL_NO_THREAD_SAFETY_ANALYSIS { return m_->head_.hash(); }
  tally::MeetingState& state() ABSL_NO_THREAD_SAFETY_ANALYSIS {
    return m_->state_;
  }
  // The sealed urn records staged by earlier ops of this group.
  std::vector<std::pair<std::string, std::string>> StagedUrnRecords() const
      ABSL_NO_THREAD_SAFETY_ANALYSIS {
    std::vector<std::pair<std::string, std::string>> records;
    if (m_->urn_ == nullptr) return records;
    for (auto& [key, value] : t_.SideKeys(&m_->urn_->store())) {
      if (Urn::IsRecordKey(key)) records.emplace_back(std::move(key), std::move(value));
    }
    return records;
  }
  // The tree as it stands with this group's entries so far.
  LogHead Tree() const { return LogHead{t_.range().size(), t_.range().Root()}; }

 private:
  // An entry's bytes once sealed: the body plus the seq, hashes and ids.
  static size_t EntryBytes(const v1::Entry& entry) { return entry.ByteSizeLong() + 1024; }

  Meeting* m_;
  chainlog::ChainLog::Txn& t_;
};

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_MEETING_TXN_H_
