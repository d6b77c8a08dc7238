#include "server/urn.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "crypto/aead.h"
#include "crypto/encoding.h"
#include "ledger/format.h"
#include "storage/rocksdb_store.h"
#include "storage/store_checks.h"
#include "tally/ballot_bound.h"
#include "tally/ids.h"
#include "util/status_macros.h"

namespace gongxin::server {
namespace {

constexpr absl::string_view kRecordPrefix = "urn/";
constexpr absl::string_view kSpentPrefix = "spent/";
// A record is a 4-byte big-endian length, the AnonymousBallot bytes, and
// zeros up to the form's RecordBytes.
constexpr size_t kLengthBytes = 4;

// The size of a length-delimited protobuf field of `n` bytes with a
// one-byte tag (every AnonymousBallot field number is below 16).
size_t Delimited(size_t n) {
  size_t varint = 1;
  for (size_t v = n; v >= 0x80; v >>= 7) ++varint;
  return 1 + varint + n;
}

std::string AssociatedData(absl::string_view meeting_id) {
  return absl::StrCat("gongxin/v1/urn\n", meeting_id, "\n");
}

absl::Status UrnErrno(absl::string_view what, const std::string& path) {
  return absl::UnavailableError(absl::StrCat(what, " ", path, ": ", std::strerror(errno)));
}

}  // namespace

namespace {

// Padded record length per anonymous form of `spec`.
absl::flat_hash_map<std::string, size_t> RecordBytesOf(const v1::MeetingSpec& spec) {
  absl::flat_hash_map<std::string, size_t> record_bytes;
  for (const v1::Form& form : spec.forms()) {
    if (form.mode() == v1::FORM_MODE_ANONYMOUS) record_bytes[form.id()] = Urn::RecordBytes(form);
  }
  return record_bytes;
}

}  // namespace

size_t Urn::RecordBytes(const v1::Form& form) {
  // The largest of each AnonymousBallot field the server lets through: ids
  // by their limits, the token by its text for the longest meeting and form
  // ids, the signature by the largest token key.
  const std::string longest_id(tally::kMaxIdLength, 'x');
  const size_t token = ledger::kTokenNonceSize +
                       ledger::TokenText(std::string(storage::kMaxChainIdLength, 'x'),
                                         longest_id, std::string(64, '0'))
                           .size();
  return kLengthBytes + Delimited(tally::kMaxIdLength)         // form_id
         + Delimited(token)                                     // token_message
         + Delimited(kMaxTokenKeyBits / 8)                      // token_signature
         + Delimited(tally::MaxBallotBytes(form))               // ballot
         + Delimited(tally::kMaxIdLength);                      // group
}

absl::StatusOr<std::unique_ptr<Urn>> Urn::Open(const std::string& dir,
                                               const std::string& meeting_id, std::string key,
                                               const v1::MeetingSpec& spec,
                                               const storage::RocksDbStoreOptions& options) {
  if (key.size() != crypto::kAeadKeySize) {
    return absl::InternalError(absl::StrCat("urn of meeting ", meeting_id, ": the urn key is ",
                                            key.size(), " bytes"));
  }
  absl::StatusOr<std::unique_ptr<storage::Store>> store = storage::OpenRocksDbStore(dir, options);
  if (!store.ok()) {
    return absl::Status(store.status().code(), absl::StrCat("urn of meeting ", meeting_id,
                                                            ": ", store.status().message()));
  }
  storage::Store* borrowed = store->get();
  return std::unique_ptr<Urn>(new Urn(*std::move(store), borrowed, std::string(kChain),
                                      meeting_id, std::move(key), RecordBytesOf(spec)));
}

absl::StatusOr<std::unique_ptr<Urn>> Urn::OpenShared(storage::Store* store, std::string chain,
                                                     const std::string& meeting_id,
                                                     std::string key,
                                                     const v1::MeetingSpec& spec) {
  if (key.size() != crypto::kAeadKeySize) {
    return absl::InternalError(absl::StrCat("urn of meeting ", meeting_id, ": the urn key is ",
                                            key.size(), " bytes"));
  }
  return std::unique_ptr<Urn>(new Urn(nullptr, store, std::move(chain), meeting_id,
                                      std::move(key), RecordBytesOf(spec)));
}

absl::Status Urn::Destroy(const std::string& dir) {
  std::error_code error;
  if (!std::filesystem::exists(dir, error)) return absl::OkStatus();
  std::filesystem::remove_all(dir, error);
  if (error) {
    return absl::UnavailableError(
        absl::StrCat("cannot delete the urn ", dir, ": ", error.message()));
  }
  // The removal is durable only once the parent directory is synced.
  const std::string parent = std::filesystem::path(dir).parent_path().string();
  int fd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return UrnErrno("cannot open directory", parent);
  absl::Cleanup closer = [fd] { ::close(fd); };
  if (::fsync(fd) != 0) return UrnErrno("cannot sync directory", parent);
  return absl::OkStatus();
}

Urn::Urn(std::unique_ptr<storage::Store> owned_store, storage::Store* store, std::string chain,
         std::string meeting_id, std::string key,
         absl::flat_hash_map<std::string, size_t> record_bytes)
    : owned_store_(std::move(owned_store)),
      store_(store),
      chain_(std::move(chain)),
      meeting_id_(std::move(meeting_id)),
      key_(std::move(key)),
      record_bytes_(std::move(record_bytes)) {}

Urn::~Urn() { std::fill(key_.begin(), key_.end(), '\0'); }

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> Urn::Seal(
    absl::string_view form_id, absl::string_view record, absl::string_view ballot_hash,
    absl::string_view token_message) const {
  auto size = record_bytes_.find(form_id);
  if (size == record_bytes_.end()) {
    return absl::InternalError(absl::StrCat("urn: form ", form_id, " is not anonymous"));
  }
  if (record.size() > size->second - kLengthBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "ballot: the anonymous record is ", record.size(), " bytes, more than form ", form_id,
        " allows (", size->second - kLengthBytes, ")"));
  }
  std::string padded(size->second, '\0');
  const uint32_t n = static_cast<uint32_t>(record.size());
  for (size_t i = 0; i < kLengthBytes; ++i) {
    padded[i] = static_cast<char>((n >> (8 * (kLengthBytes - 1 - i))) & 0xff);
  }
  std::copy(record.begin(), record.end(), padded.begin() + kLengthBytes);
  ASSIGN_OR_RETURN(std::string sealed, crypto::AeadSeal(key_, padded, AssociatedData(meeting_id_)));
  std::vector<std::pair<std::string, std::string>> keys;
  keys.emplace_back(
      absl::StrCat(kRecordPrefix,
                   crypto::HexEncode(crypto::HmacSha256(key_, absl::StrCat("urn\n", ballot_hash)))),
      std::move(sealed));
  keys.emplace_back(absl::StrCat(kSpentPrefix, crypto::HexEncode(crypto::HmacSha256(
                                                   key_, absl::StrCat("spent\n", token_message)))),
                    "");
  return keys;
}

bool Urn::IsRecordKey(absl::string_view key) { return absl::StartsWith(key, kRecordPrefix); }

absl::StatusOr<std::string> Urn::Unseal(absl::string_view key, absl::string_view sealed) const {
  absl::StatusOr<std::string> padded = crypto::AeadOpen(key_, sealed, AssociatedData(meeting_id_));
  if (!padded.ok() || padded->size() < kLengthBytes) {
    return absl::DataLossError(absl::StrCat("urn record ", key, " does not open"));
  }
  uint32_t n = 0;
  for (size_t i = 0; i < kLengthBytes; ++i) n = (n << 8) | static_cast<unsigned char>((*padded)[i]);
  if (n > padded->size() - kLengthBytes) {
    return absl::DataLossError(absl::StrCat("urn record ", key, " has a malformed padding"));
  }
  return padded->substr(kLengthBytes, n);
}

absl::Status Urn::ForEachRecord(const std::function<absl::Status(std::string record)>& visit) const {
  return store_->ScanKeys(chain_, kRecordPrefix,
                          [&](absl::string_view key, absl::string_view sealed) -> absl::Status {
                            ASSIGN_OR_RETURN(std::string record, Unseal(key, sealed));
                            return visit(std::move(record));
                          });
}

}  // namespace gongxin::server
