// The replica key pool: one-use keys that several gongxind on one shared
// store (etcd) hold alike, to seal each meeting's secrets in that store.
//
// A meeting with anonymous forms keeps its token keys and urn key where
// whichever replica takes over can use them: in the store, sealed under one
// slot of this pool, claimed for that meeting alone. At the close every
// replica overwrites that slot in its own copy of the pool. etcd keeps what
// it was sent in its write-ahead log for a while after the sealed secrets
// are deleted, compacted and defragmented away; with the slot destroyed
// everywhere, no copy left anywhere can be opened — the property a single
// gongxind gets by destroying its secrets file (docs/threat-model.md).
//
// The file: a header ("gongxin replica keys v1\n", a 16-byte pool id), then
// kSlots keys of crypto::kAeadKeySize bytes; a destroyed slot is all zeros.
// gongxind on etcd makes it in --data-dir at its first start; the operator
// copies it, with signing-key.pem, to every other replica before that one
// starts (docs/operations.md).
#ifndef GONGXIN_SERVER_REPLICA_KEYS_H_
#define GONGXIN_SERVER_REPLICA_KEYS_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "crypto/secret_data.h"

namespace gongxin::server {

// Thread-safe.
class ReplicaKeys {
 public:
  static constexpr uint32_t kSlots = 4096;

  // Where the pool lives under the data directory.
  static std::string PathIn(const std::string& data_dir);

  // Opens the pool at `path`; if there is none, makes one (random keys,
  // mode 0600, written and synced before it is renamed into place) and
  // sets *created. DATA_LOSS naming the file if it is malformed.
  static absl::StatusOr<std::unique_ptr<ReplicaKeys>> OpenOrCreate(const std::string& path,
                                                                   bool* created = nullptr);

  ~ReplicaKeys();
  ReplicaKeys(const ReplicaKeys&) = delete;
  ReplicaKeys& operator=(const ReplicaKeys&) = delete;

  // The pool's id, 32 hex digits: names the pool a sealed secret used, so
  // a replica holding another pool says so instead of failing to decrypt.
  const std::string& pool_id() const { return pool_id_; }

  // The key in `slot`, read from the file each time (a slot destroyed by
  // this process is gone from its memory too). NOT_FOUND if destroyed,
  // OUT_OF_RANGE for a slot past the pool.
  absl::StatusOr<crypto::SecretData> Key(uint32_t slot) const;

  // Overwrites `slot` with zeros in place and syncs the file. OK if it is
  // destroyed already.
  absl::Status Destroy(uint32_t slot);

 private:
  ReplicaKeys(int fd, std::string path, std::string pool_id)
      : fd_(fd), path_(std::move(path)), pool_id_(std::move(pool_id)) {}

  mutable absl::Mutex mu_;
  const int fd_;
  const std::string path_;
  const std::string pool_id_;
};

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_REPLICA_KEYS_H_
