// The per-meeting secrets file (MeetingSecrets): written durably before the
// meeting exists, read at start-up while the meeting is open, and destroyed
// at its close — overwritten, synced and unlinked — so that no token can be
// minted and no urn record opened afterwards, even by the operator.
#ifndef GONGXIN_SERVER_MEETING_SECRETS_H_
#define GONGXIN_SERVER_MEETING_SECRETS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gongxin/v1/secrets.pb.h"
#include "server/replica_keys.h"
#include "storage/store.h"

namespace gongxin::server {

// Where a meeting's secrets live under the data directory.
std::string MeetingSecretsPath(const std::string& data_dir, const std::string& meeting_id);

// Where the urn of the meeting whose secrets are at `secrets_path` lives:
// beside the secrets file, in the same private directory
// ("<dir>/<meeting>.urn" for "<dir>/<meeting>.secrets"). Deleted at the
// close with the secrets (server/urn.h).
std::string UrnDirFor(const std::string& secrets_path);

// WriteMeetingSecrets creates the file (mode 0600) durably; ALREADY_EXISTS
// if it exists.
absl::Status WriteMeetingSecrets(const std::string& path, const v1::MeetingSecrets& secrets);

// ReadMeetingSecrets: NOT_FOUND when the file is gone (destroyed at close).
absl::StatusOr<v1::MeetingSecrets> ReadMeetingSecrets(const std::string& path);

// DestroyMeetingSecrets overwrites the file with zeros, syncs, unlinks it
// and syncs the directory. OK if the file does not exist.
absl::Status DestroyMeetingSecrets(const std::string& path);

// ---- On a store shared by several gongxind (etcd) ----
// There the secrets and the urn must be where any replica can take the
// meeting over, so they live in the store, in chains of their own that are
// purged at the close (storage::Store::PurgeChain), the secrets sealed
// under a slot of the replicas' key pool (server/replica_keys.h) claimed
// for the meeting alone and destroyed by every replica at the close.

// The chain holding a meeting's SealedMeetingSecrets (entry 0).
std::string SecretsChain(absl::string_view meeting_id);
// The chain holding a meeting's urn (server/urn.h OpenShared); its entries
// are markers, one per write, so that its size moves with every write.
std::string UrnChain(absl::string_view meeting_id);
// Whether `chain` is a meeting's urn or sealed-secrets chain (above), not a
// meeting of its own.
bool IsUrnOrSecretsChain(absl::string_view chain);
// Where each slot is claimed, once ever: key "<pool id>/<slot>" = meeting id.
inline constexpr absl::string_view kReplicaKeySlotsChain = "replica-key-slots";
// The key of the meeting's own chain naming its slot ("<pool id>/<slot>").
inline constexpr absl::string_view kReplicaKeySlotKey = "replica-key-slot";

std::string ReplicaKeySlotName(absl::string_view pool_id, uint32_t slot);
// Parses ReplicaKeySlotName; INVALID_ARGUMENT if malformed.
absl::StatusOr<std::pair<std::string, uint32_t>> ParseReplicaKeySlotName(absl::string_view name);

// The first slot of `keys` that no meeting has claimed in `store` and this
// replica has not destroyed. RESOURCE_EXHAUSTED when the pool is used up.
absl::StatusOr<uint32_t> FreeReplicaKeySlot(storage::Store& store, const ReplicaKeys& keys);

// Erases meeting `meeting_id`'s secrets on a shared store: purges its urn
// and secrets chains if they hold anything, and destroys this replica's
// copy of its key slot — named by `slot_name` (the meeting's
// kReplicaKeySlotKey) if given, else read from the meeting's chain. OK if
// all of it is gone already. `keys` may be null (nothing to destroy here).
absl::Status EraseSharedSecrets(storage::Store& store, ReplicaKeys* keys,
                                absl::string_view meeting_id,
                                std::optional<std::string> slot_name = std::nullopt);

// Whether `status` says that this gongxind lacks the replica key pool a
// meeting's secrets are sealed under (none opened, or another pool): the
// replica's set-up, not the record, which a restart with the right
// replica-keys file mends. MarkReplicaLacksKeys returns `status` so marked.
bool ReplicaLacksKeys(const absl::Status& status);
absl::Status MarkReplicaLacksKeys(absl::Status status);

// A SealedMeetingSecrets, serialized, for `meeting_id` under `slot`.
absl::StatusOr<std::string> SealMeetingSecrets(const ReplicaKeys& keys, uint32_t slot,
                                               absl::string_view meeting_id,
                                               const v1::MeetingSecrets& secrets);
// Opens what SealMeetingSecrets made. FAILED_PRECONDITION naming both pools
// if this replica holds another pool (replica-keys not copied), marked
// ReplicaLacksKeys; NOT_FOUND if the slot is destroyed; DATA_LOSS if it
// does not open or parse.
absl::StatusOr<v1::MeetingSecrets> OpenMeetingSecrets(const ReplicaKeys& keys,
                                                      absl::string_view meeting_id,
                                                      absl::string_view sealed);

}  // namespace gongxin::server

#endif  // GONGXIN_SERVER_MEETING_SECRETS_H_
