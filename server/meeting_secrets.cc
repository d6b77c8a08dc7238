#include "server/meeting_secrets.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "absl/cleanup/cleanup.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "crypto/aead.h"
#include "absl/strings/strip.h"
#include "crypto/key_file.h"
#include "util/status_macros.h"

namespace gongxin::server {
namespace {

absl::Status SecretsErrno(absl::string_view what, const std::string& path) {
  return absl::UnavailableError(absl::StrCat(what, " ", path, ": ", std::strerror(errno)));
}

absl::Status SyncDirectoryOf(const std::string& path) {
  const std::string dir = path.substr(0, path.rfind('/'));
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return SecretsErrno("cannot open directory", dir);
  absl::Cleanup closer = [fd] { ::close(fd); };
  if (::fsync(fd) != 0) return SecretsErrno("cannot sync directory", dir);
  return absl::OkStatus();
}

}  // namespace

std::string MeetingSecretsPath(const std::string& data_dir, const std::string& meeting_id) {
  return absl::StrCat(data_dir, "/secrets/", meeting_id, ".secrets");
}

std::string UrnDirFor(const std::string& secrets_path) {
  absl::string_view base = secrets_path;
  absl::ConsumeSuffix(&base, ".secrets");
  return absl::StrCat(base, ".urn");
}

absl::Status WriteMeetingSecrets(const std::string& path, const v1::MeetingSecrets& secrets) {
  const std::string dir = path.substr(0, path.rfind('/'));
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return SecretsErrno("cannot create", dir);
  }
  std::string bytes = secrets.SerializeAsString();
  absl::Status s = crypto::CreateFileAtomically(path, bytes, 0600);
  std::fill(bytes.begin(), bytes.end(), '\0');
  return s;
}

absl::StatusOr<v1::MeetingSecrets> ReadMeetingSecrets(const std::string& path) {
  ASSIGN_OR_RETURN(std::string bytes, crypto::ReadPrivateFile(path));
  v1::MeetingSecrets secrets;
  const bool parsed = secrets.ParseFromString(bytes);
  std::fill(bytes.begin(), bytes.end(), '\0');
  if (!parsed) return absl::DataLossError(absl::StrCat(path, ": does not parse"));
  return secrets;
}

absl::Status DestroyMeetingSecrets(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY);
  if (fd < 0) {
    if (errno == ENOENT) return absl::OkStatus();
    return SecretsErrno("cannot open", path);
  }
  {
    absl::Cleanup closer = [fd] { ::close(fd); };
    struct stat st;
    if (::fstat(fd, &st) != 0) return SecretsErrno("cannot stat", path);
    // Overwrite in place before unlinking: on a file system that writes in
    // place the key bytes are gone, not merely unreferenced. (Copy-on-write
    // file systems and SSD wear levelling may keep old blocks: see
    // docs/threat-model.md for why the data directory belongs on an
    // encrypted volume.)
    const std::string zeros(static_cast<size_t>(st.st_size), '\0');
    if (::pwrite(fd, zeros.data(), zeros.size(), 0) != static_cast<ssize_t>(zeros.size()) ||
        ::fsync(fd) != 0) {
      return SecretsErrno("cannot overwrite", path);
    }
  }
  if (::unlink(path.c_str()) != 0) return SecretsErrno("cannot unlink", path);
  return SyncDirectoryOf(path);
}

std::string SecretsChain(absl::string_view meeting_id) {
  return absl::StrCat("secrets-", meeting_id);
}

std::string UrnChain(absl::string_view meeting_id) { return absl::StrCat("urn-", meeting_id); }

bool IsUrnOrSecretsChain(absl::string_view chain) {
  return absl::StartsWith(chain, "urn-") || absl::StartsWith(chain, "secrets-");
}

std::string ReplicaKeySlotName(absl::string_view pool_id, uint32_t slot) {
  return absl::StrCat(pool_id, "/", slot);
}

absl::StatusOr<std::pair<std::string, uint32_t>> ParseReplicaKeySlotName(absl::string_view name) {
  const size_t slash = name.find('/');
  uint32_t slot = 0;
  if (slash == absl::string_view::npos || !absl::SimpleAtoi(name.substr(slash + 1), &slot)) {
    return absl::InvalidArgumentError(
        absl::StrCat("replica key slot \"", absl::CHexEscape(name), "\": expected POOL/SLOT"));
  }
  return std::make_pair(std::string(name.substr(0, slash)), slot);
}

absl::StatusOr<uint32_t> FreeReplicaKeySlot(storage::Store& store, const ReplicaKeys& keys) {
  absl::flat_hash_set<uint32_t> claimed;
  RETURN_IF_ERROR(store.ScanKeys(
      kReplicaKeySlotsChain, absl::StrCat(keys.pool_id(), "/"),
      [&](absl::string_view name, absl::string_view) -> absl::Status {
        ASSIGN_OR_RETURN(auto parsed, ParseReplicaKeySlotName(name));
        claimed.insert(parsed.second);
        return absl::OkStatus();
      }));
  for (uint32_t slot = 0; slot < ReplicaKeys::kSlots; ++slot) {
    if (claimed.contains(slot)) continue;
    absl::StatusOr<crypto::SecretData> key = keys.Key(slot);
    if (key.ok()) return slot;
    if (!absl::IsNotFound(key.status())) return key.status();
  }
  return absl::ResourceExhaustedError(absl::StrCat(
      "replica keys ", keys.pool_id(), ": all ", ReplicaKeys::kSlots,
      " slots are used; make a new pool for every replica (docs/operations.md)"));
}

absl::Status EraseSharedSecrets(storage::Store& store, ReplicaKeys* keys,
                                absl::string_view meeting_id,
                                std::optional<std::string> slot_name) {
  if (!slot_name.has_value()) {
    ASSIGN_OR_RETURN(slot_name, store.GetKey(meeting_id, kReplicaKeySlotKey));
  }
  // Purged only if something is there: a purge compacts and defragments
  // etcd, not to be repeated for every closed meeting at every start.
  for (const std::string& chain : {UrnChain(meeting_id), SecretsChain(meeting_id)}) {
    ASSIGN_OR_RETURN(const uint64_t size, store.Size(chain));
    if (size > 0) RETURN_IF_ERROR(store.PurgeChain(chain));
  }
  if (!slot_name.has_value() || keys == nullptr) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto slot, ParseReplicaKeySlotName(*slot_name));
  if (slot.first != keys->pool_id()) return absl::OkStatus();
  if (absl::IsNotFound(keys->Key(slot.second).status())) return absl::OkStatus();
  return keys->Destroy(slot.second);
}

namespace {

std::string SealedSecretsData(absl::string_view meeting_id, absl::string_view pool_id,
                              uint32_t slot) {
  return absl::StrCat("gongxin/v1/meeting-secrets\n", meeting_id, "\n", pool_id, "\n", slot,
                      "\n");
}

}  // namespace

absl::StatusOr<std::string> SealMeetingSecrets(const ReplicaKeys& keys, uint32_t slot,
                                               absl::string_view meeting_id,
                                               const v1::MeetingSecrets& secrets) {
  ASSIGN_OR_RETURN(crypto::SecretData key, keys.Key(slot));
  std::string bytes = secrets.SerializeAsString();
  absl::StatusOr<std::string> sealed =
      crypto::AeadSeal(key.AsStringView(), bytes, SealedSecretsData(meeting_id, keys.pool_id(), slot));
  std::fill(bytes.begin(), bytes.end(), '\0');
  if (!sealed.ok()) return sealed.status();
  v1::SealedMeetingSecrets out;
  out.set_pool_id(keys.pool_id());
  out.set_slot(slot);
  out.set_sealed(*std::move(sealed));
  return out.SerializeAsString();
}

namespace {
constexpr char kReplicaLacksKeysPayload[] = "gongxin.server/replica-lacks-keys";
}  // namespace

bool ReplicaLacksKeys(const absl::Status& status) {
  return status.GetPayload(kReplicaLacksKeysPayload).has_value();
}

absl::Status MarkReplicaLacksKeys(absl::Status status) {
  status.SetPayload(kReplicaLacksKeysPayload, absl::Cord("1"));
  return status;
}

absl::StatusOr<v1::MeetingSecrets> OpenMeetingSecrets(const ReplicaKeys& keys,
                                                      absl::string_view meeting_id,
                                                      absl::string_view sealed) {
  v1::SealedMeetingSecrets in;
  if (!in.ParseFromArray(sealed.data(), static_cast<int>(sealed.size()))) {
    return absl::DataLossError(
        absl::StrCat("meeting ", meeting_id, ": its sealed secrets do not parse"));
  }
  if (in.pool_id() != keys.pool_id()) {
    return MarkReplicaLacksKeys(absl::FailedPreconditionError(absl::StrCat(
        "meeting ", meeting_id, ": its secrets are sealed under replica key pool ", in.pool_id(),
        " but this gongxind holds pool ", keys.pool_id(),
        ": copy replica-keys from the replica that created it (docs/operations.md)")));
  }
  ASSIGN_OR_RETURN(crypto::SecretData key, keys.Key(in.slot()));
  absl::StatusOr<std::string> bytes = crypto::AeadOpen(
      key.AsStringView(), in.sealed(), SealedSecretsData(meeting_id, in.pool_id(), in.slot()));
  if (!bytes.ok()) {
    return absl::DataLossError(absl::StrCat("meeting ", meeting_id,
                                            ": its sealed secrets do not open under slot ",
                                            in.slot(), ": ", bytes.status().message()));
  }
  v1::MeetingSecrets secrets;
  const bool parsed = secrets.ParseFromString(*bytes);
  std::fill(bytes->begin(), bytes->end(), '\0');
  if (!parsed || secrets.meeting_id() != meeting_id) {
    return absl::DataLossError(
        absl::StrCat("meeting ", meeting_id, ": its opened secrets do not parse"));
  }
  return secrets;
}

}  // namespace gongxin::server
