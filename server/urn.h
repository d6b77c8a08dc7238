// The urn: where a meeting's anonymous ballots wait for the close.
//
// Each ballot record (a serialized AnonymousBallot) is padded to one length
// per form and sealed under the meeting's urn key (AES-256-GCM), so neither
// its bytes nor its length say what was chosen; it is named by an HMAC under
// the same key, and the token it spent is recorded beside it under another
// HMAC. All of it goes to a RocksDB of the urn's own, under the meeting's
// secrets directory: its write-ahead log orders urn writes only among
// themselves, never next to a check-in that names a voter. At the close the
// ballots move onto the chain sorted by hash, and Destroy deletes the urn's
// files. With the urn key destroyed as well, nothing on disk is left to link
// a voter to a published ballot (docs/threat-model.md says what each party
// can still learn, and when).
#ifndef GONGXIN_SERVER_URN_H_
#define GONGXIN_SERVER_URN_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gongxin/v1/meeting.pb.h"
#include "storage/rocksdb_store.h"
#include "storage/store.h"

namespace gongxin::server {

// The largest token key an anonymous form may have (Form.token_key_bits),
// and so the largest token signature an urn record holds.
inline constexpr int kMaxTokenKeyBits = 4096;

// Urn is thread-compatible: the meeting calls it under its state lock.
class Urn {
 public:
  // The chain id urn keys are kept under in the urn's store (which holds no
  // entries, only write-once keys).
  static constexpr absl::string_view kChain = "urn";

  // RecordBytes returns the padded length of every record of `form`: room
  // for the largest AnonymousBallot the form can take (tally::MaxBallotBytes
  // plus the largest token, signature, form id and group the API allows).
  static size_t RecordBytes(const v1::Form& form);

  // Open opens the urn in `dir`, creating it if missing, for the anonymous
  // forms of `spec`. `key` is the meeting's urn key (crypto::kAeadKeySize
  // bytes). An error naming the directory if the store cannot be opened.
  static absl::StatusOr<std::unique_ptr<Urn>> Open(
      const std::string& dir, const std::string& meeting_id, std::string key,
      const v1::MeetingSpec& spec, const storage::RocksDbStoreOptions& options = {});
  // OpenShared opens the urn of a meeting whose ledger is on a store shared
  // by several gongxind (etcd): its keys live in `store`'s chain `chain`
  // (server/meeting_secrets.h UrnChain), written inside the meeting's own
  // batches, so any replica can take the meeting over; the meeting purges
  // that chain at its close. `store` must outlive the urn.
  static absl::StatusOr<std::unique_ptr<Urn>> OpenShared(storage::Store* store,
                                                         std::string chain,
                                                         const std::string& meeting_id,
                                                         std::string key,
                                                         const v1::MeetingSpec& spec);
  // Destroy deletes the urn in `dir` — every file RocksDB made there and the
  // directory itself — and syncs the parent directory. OK if there is none.
  // The urn must not be open.
  static absl::Status Destroy(const std::string& dir);

  ~Urn();
  Urn(const Urn&) = delete;
  Urn& operator=(const Urn&) = delete;

  // Seal returns the two write-once keys one ballot adds: its sealed,
  // padded record under an HMAC of its ballot hash, and its spent token
  // under an HMAC of the token message. INVALID_ARGUMENT if `record` is
  // larger than the form's RecordBytes (which no validated ballot is).
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> Seal(
      absl::string_view form_id, absl::string_view record, absl::string_view ballot_hash,
      absl::string_view token_message) const;

  // Whether `key` is a sealed record (rather than a spent token).
  static bool IsRecordKey(absl::string_view key);
  // Unseal opens one sealed record: the AnonymousBallot bytes. DATA_LOSS if
  // it does not open under the urn key or its padding is malformed.
  absl::StatusOr<std::string> Unseal(absl::string_view key, absl::string_view sealed) const;

  // ForEachRecord calls visit(record) with every sealed record in the store,
  // opened, in key order (HMAC order: unrelated to cast order).
  absl::Status ForEachRecord(const std::function<absl::Status(std::string record)>& visit) const;

  // The store and chain the keys from Seal are appended to: kChain of the
  // urn's own store, or the shared store's urn chain.
  storage::Store& store() const { return *store_; }
  const std::string& chain() const { return chain_; }
  // Whether the urn lives on the meeting's shared store (OpenShared).
  bool shared() const { return owned_store_ == nullptr; }

 private:
  Urn(std::unique_ptr<storage::Store> owned_store, storage::Store* store, std::string chain,
      std::string meeting_id, std::string key,
      absl::flat_hash_map<std::string, size_t> record_bytes);

  std::unique_ptr<storage::Store> owned_store_;
  storage::Store* const store_;
  const std::string chain_;
  const std::string meeting_id_;
  std::string key_;
  // Padded record length per anonymous form.
  const absl::flat_hash_map<std::string, size_t> record_bytes_;
};

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_URN_H_
