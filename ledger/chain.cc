#include "ledger/chain.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "crypto/encoding.h"
#include "ledger/encoding.h"
#include "ledger/format.h"

namespace gongxin::ledger {

SealedEntry ChainHead::Seal(v1::Entry& entry) {
  entry.set_meeting_id(meeting_id_);
  entry.set_seq(size_);
  entry.set_prev_hash(hash_);
  SealedEntry sealed;
  sealed.seq = size_;
  // The canonical encoding (ledger/encoding.h), which verifiers demand. The
  // bytes are the record: nothing hashes a re-serialisation.
  sealed.bytes = CanonicalBytes(entry);
  sealed.hash = EntryHash(sealed.bytes);
  hash_ = sealed.hash;
  ++size_;
  return sealed;
}

PreparedEntry PrepareEntry(absl::string_view bytes) {
  PreparedEntry prepared;
  prepared.byte_size = bytes.size();
  if (bytes.size() > kMaxEntrySize) return prepared;
  prepared.parsed =
      prepared.entry.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
  if (prepared.parsed) {
    prepared.hash = EntryHash(bytes);
    prepared.encoding = CheckEntryEncoding(prepared.entry, bytes);
  }
  return prepared;
}

absl::StatusOr<v1::Entry> ChainVerifier::Next(absl::string_view bytes) {
  return Accept(PrepareEntry(bytes));
}

absl::StatusOr<v1::Entry> ChainVerifier::Accept(PreparedEntry prepared) {
  const uint64_t seq = size_;
  auto bad = [seq](absl::string_view why) {
    return absl::DataLossError(absl::StrCat("entry ", seq, ": ", why));
  };
  if (prepared.byte_size > kMaxEntrySize) {
    return bad(absl::StrCat("is ", prepared.byte_size, " bytes, over the limit of ",
                            kMaxEntrySize));
  }
  if (!prepared.parsed) {
    return bad("does not parse as a gongxin.v1.Entry");
  }
  v1::Entry& entry = prepared.entry;
  if (entry.seq() != seq) {
    return bad(absl::StrCat("carries seq ", entry.seq(),
                            " (entries removed, inserted or reordered)"));
  }
  if (meeting_id_.empty() && seq == 0) meeting_id_ = entry.meeting_id();
  if (entry.meeting_id() != meeting_id_) {
    return bad(absl::StrCat("belongs to meeting \"", entry.meeting_id(),
                            "\", not \"", meeting_id_, "\""));
  }
  if (entry.prev_hash().size() != hash_.size() ||
      !crypto::ConstantTimeEquals(entry.prev_hash(), hash_)) {
    // The break lies between seq-1 and seq; name the earlier entry first,
    // since altering an entry's content is what breaks the next link.
    return absl::DataLossError(absl::StrCat(
        "entry ", seq - 1, ": its hash ", crypto::HexEncode(hash_),
        " differs from the prev_hash entry ", seq, " records (",
        crypto::HexEncode(entry.prev_hash()), "): entry ", seq - 1,
        " was altered, or the link in entry ", seq, " was"));
  }
  if (entry.body_case() == v1::Entry::BODY_NOT_SET) {
    return bad("has no body (unknown entry type)");
  }
  if (!prepared.encoding.ok()) return bad(prepared.encoding.message());
  hash_ = std::move(prepared.hash);
  ++size_;
  return std::move(entry);
}

}  // namespace gongxin::ledger
