// Hash chaining of ledger entries: sealing new entries onto a chain (writer
// side) and checking a sequence of stored entries (verifier side).
#ifndef GONGXIN_LEDGER_CHAIN_H_
#define GONGXIN_LEDGER_CHAIN_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gongxin/v1/ledger.pb.h"

namespace gongxin::ledger {

// Largest entry the ledger accepts (a meeting spec with many candidates is
// the biggest entry there is).
inline constexpr size_t kMaxEntrySize = 8 << 20;

struct SealedEntry {
  uint64_t seq = 0;
  std::string bytes;  // exactly what is stored, hashed and exported
  std::string hash;   // EntryHash(bytes)
};

// ChainHead is the running end of one meeting's chain. Thread-compatible.
class ChainHead {
 public:
  explicit ChainHead(std::string meeting_id) : meeting_id_(std::move(meeting_id)) {}
  ChainHead(std::string meeting_id, uint64_t size, std::string hash)
      : meeting_id_(std::move(meeting_id)), size_(size), hash_(std::move(hash)) {}

  // Seal fills in meeting_id, seq and prev_hash of `entry`, serialises it
  // once and advances the head. The returned bytes are final: nothing may
  // re-serialise the entry afterwards.
  SealedEntry Seal(v1::Entry& entry);

  const std::string& meeting_id() const { return meeting_id_; }
  uint64_t size() const { return size_; }
  // EntryHash of the last entry; empty while the chain is empty.
  const std::string& hash() const { return hash_; }

 private:
  std::string meeting_id_;
  uint64_t size_ = 0;
  std::string hash_;
};

// PreparedEntry is what ChainVerifier derives from an entry's bytes alone:
// the parse and the entry hash, the costly part. PrepareEntry may run ahead
// on any thread; ChainVerifier::Accept then checks the links in order.
struct PreparedEntry {
  size_t byte_size = 0;
  bool parsed = false;  // false also when over kMaxEntrySize (not tried)
  v1::Entry entry;
  std::string hash;  // EntryHash(bytes)
  // CheckEntryEncoding of the parsed entry (ledger/encoding.h).
  absl::Status encoding;
};
PreparedEntry PrepareEntry(absl::string_view bytes);

// ChainVerifier checks stored entries one by one, in order: each must parse,
// belong to the meeting, carry the next seq and the previous entry's hash,
// and be in the canonical encoding with no unknown field (ledger/encoding.h).
// Errors are DATA_LOSS and name the entry ("entry 17: prev_hash ...").
class ChainVerifier {
 public:
  // An empty meeting_id adopts the id of entry 0.
  explicit ChainVerifier(std::string meeting_id = "")
      : meeting_id_(std::move(meeting_id)) {}

  // Next parses and checks the entry at position size(); on success the
  // head advances and the parsed entry is returned.
  absl::StatusOr<v1::Entry> Next(absl::string_view bytes);
  // Accept is Next for an entry prepared ahead: same checks, same errors.
  absl::StatusOr<v1::Entry> Accept(PreparedEntry prepared);

  const std::string& meeting_id() const { return meeting_id_; }
  uint64_t size() const { return size_; }
  const std::string& hash() const { return hash_; }

 private:
  std::string meeting_id_;
  uint64_t size_ = 0;
  std::string hash_;
};

}  // namespace gongxin::ledger

#endif  // GONGXIN_LEDGER_CHAIN_H_
