#include "server/archive.h"

#include <istream>
#include <streambuf>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "crypto/encoding.h"
#include "crypto/sha256.h"
#include "ledger/export.h"
#include "ledger/format.h"
#include "util/status_macros.h"
#include "verifier/verifier.h"

namespace gongxin::server {
namespace {

constexpr absl::string_view kArchiveChainPrefix = "archive-";
// The store's chain ids are at most 64 characters.
constexpr size_t kMaxMeetingIdLength = 64 - kArchiveChainPrefix.size();

// An istream over bytes the caller keeps alive.
class ViewBuf : public std::streambuf {
 public:
  explicit ViewBuf(absl::string_view bytes) {
    char* p = const_cast<char*>(bytes.data());
    setg(p, p, p + bytes.size());
  }
};

// An istream over an archive's chunks, read from the store one at a time.
class ChunkBuf : public std::streambuf {
 public:
  ChunkBuf(storage::Store* store, std::string chain, uint64_t first, uint64_t end)
      : store_(store), chain_(std::move(chain)), next_(first), end_(end) {}
  const absl::Status& status() const { return status_; }

 protected:
  int_type underflow() override {
    while (gptr() == egptr()) {
      if (next_ >= end_ || !status_.ok()) return traits_type::eof();
      absl::StatusOr<std::string> chunk = store_->ReadEntry(chain_, next_++);
      if (!chunk.ok()) {
        status_ = chunk.status();
        return traits_type::eof();
      }
      chunk_ = *std::move(chunk);
      setg(chunk_.data(), chunk_.data(), chunk_.data() + chunk_.size());
    }
    return traits_type::to_int_type(*gptr());
  }

 private:
  storage::Store* store_;
  std::string chain_;
  uint64_t next_;
  uint64_t end_;
  std::string chunk_;
  absl::Status status_;
};

bool ValidChainId(absl::string_view id) {
  if (id.empty() || id.size() > kMaxMeetingIdLength) return false;
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  }
  return true;
}

uint64_t ChunkCount(uint64_t bytes) {
  return (bytes + kArchiveChunkBytes - 1) / kArchiveChunkBytes;
}

}  // namespace

std::string ArchiveChain(absl::string_view meeting_id) {
  return absl::StrCat(kArchiveChainPrefix, meeting_id);
}

std::optional<std::string> ArchivedMeetingId(absl::string_view chain) {
  if (!absl::StartsWith(chain, kArchiveChainPrefix)) return std::nullopt;
  return std::string(chain.substr(kArchiveChainPrefix.size()));
}

absl::StatusOr<std::unique_ptr<ArchivedMeeting>> ArchivedMeeting::Verify(
    absl::string_view export_bytes, const crypto::Ed25519PublicKey& room_key,
    v1::ArchiveInfo info) {
  info.set_room_public_key(room_key.raw());
  info.set_room_key_sha256(crypto::HexEncode(crypto::Sha256(room_key.raw())));
  info.set_export_sha256(crypto::Sha256(export_bytes));
  info.set_export_bytes(export_bytes.size());
  // The auditor's own check: every hash link, signature, Merkle node,
  // ballot and the count, against the room's key only.
  absl::StatusOr<verifier::Verdict> verdict;
  {
    ViewBuf buf(export_bytes);
    std::istream in(&buf);
    verdict = verifier::VerifyExport(in, room_key);
  }
  if (!verdict.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("export: does not verify with the room key (SHA-256 ",
                     info.room_key_sha256(), "): ", verdict.status().message()));
  }
  if (verdict->public_export) {
    return absl::InvalidArgumentError(absl::StrCat(
        "export: meeting ", verdict->meeting_id,
        " is a public export (openings omitted); archive the full export (`gongxin audit "
        "export ID --out F` without --public): once the room is wiped the archive is the only "
        "record of who chose what on a named form"));
  }
  if (verdict->status != v1::MEETING_STATUS_PUBLISHED) {
    return absl::FailedPreconditionError(absl::StrCat(
        "export: meeting ", verdict->meeting_id, " is ", v1::MeetingStatus_Name(verdict->status),
        "; only a PUBLISHED meeting can be archived (its count is final: what the room "
        "records after it — documents, the 任前公示, opinions — a later import adds)"));
  }
  if (!ValidChainId(verdict->meeting_id)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "export: meeting id \"", absl::CEscape(verdict->meeting_id),
        "\" is not one this server can store (letters, digits, _ and -, at most ",
        kMaxMeetingIdLength, ")"));
  }

  std::unique_ptr<ArchivedMeeting> a(new ArchivedMeeting());
  a->id_ = verdict->meeting_id;
  // What the verdict does not carry: the genesis entry (the registry leaf,
  // the token keys) and the signed head, read again from the verified bytes.
  {
    ViewBuf buf(export_bytes);
    std::istream in(&buf);
    ledger::ExportReader reader(&in);
    RETURN_IF_ERROR(reader.ReadMagic());
    v1::ExportRecord record;
    bool genesis = false;
    for (;;) {
      ASSIGN_OR_RETURN(bool more, reader.Next(&record));
      if (!more) break;
      if (record.has_entry() && !genesis) {
        genesis = true;
        v1::Entry entry;
        if (!entry.ParseFromString(record.entry()) || !entry.has_meeting_created()) {
          return absl::InvalidArgumentError("export: entry 0 is not a meeting's genesis");
        }
        a->genesis_hash_ = ledger::EntryHash(record.entry());
        a->created_at_ = entry.meeting_created().created_at();
        for (const v1::TokenKey& k : entry.meeting_created().token_keys()) {
          *a->info_.add_token_keys() = k;
        }
      } else if (record.has_head()) {
        a->head_ = record.head();
      }
    }
  }
  v1::MeetingInfo& m = a->info_;
  m.set_meeting_id(a->id_);
  m.set_status(verdict->status);
  *m.mutable_spec() = verdict->spec;
  m.set_roll_size(static_cast<uint32_t>(verdict->roll_size));
  m.set_checked_in(static_cast<uint32_t>(verdict->checked_in));
  m.set_cast(static_cast<uint32_t>(verdict->ballots));
  for (const verifier::Verdict::FormFigures& f : verdict->forms) {
    v1::FormProgress* p = m.add_forms();
    p->set_form_id(f.form_id);
    p->set_due(f.due);
    p->set_issued(f.issued);
    p->set_returned(f.returned);
  }
  *m.mutable_head() = a->head_;
  if (verdict->count.has_value()) {
    v1::CountResponse r;
    *r.mutable_result() = *verdict->count;
    r.set_seq(verdict->count_seq);
    r.set_entry_hash(verdict->count_entry_hash);
    *r.mutable_head() = a->head_;
    a->result_ = std::move(r);
  }
  a->archive_ = std::move(info);
  *m.mutable_archive() = a->archive_;
  return a;
}

std::vector<storage::AppendBatch> ArchivedMeeting::PlaceAt(uint64_t stored,
                                                           absl::string_view export_bytes) {
  archive_.set_first_chunk(stored);
  *info_.mutable_archive() = archive_;
  const std::string chain = ArchiveChain(id_);
  std::vector<storage::AppendBatch> batches;
  const uint64_t chunks = ChunkCount(export_bytes.size());
  for (uint64_t i = 0; i < chunks; ++i) {
    if (i % kArchiveChunksPerBatch == 0) {
      storage::AppendBatch b;
      b.chain = chain;
      b.expected_size = stored + i;
      batches.push_back(std::move(b));
    }
    batches.back().entries.emplace_back(
        export_bytes.substr(i * kArchiveChunkBytes, kArchiveChunkBytes));
  }
  batches.back().head_record = archive_.SerializeAsString();
  return batches;
}

absl::StatusOr<std::unique_ptr<ArchivedMeeting>> ArchivedMeeting::Load(
    storage::Store* store, absl::string_view meeting_id) {
  const std::string chain = ArchiveChain(meeting_id);
  ASSIGN_OR_RETURN(std::optional<std::string> head, store->HeadRecord(chain));
  if (!head.has_value()) {
    return absl::NotFoundError(absl::StrCat(
        "the archive of meeting ", meeting_id,
        " was never completed (an import stopped half-way); import the export again"));
  }
  v1::ArchiveInfo info;
  if (!info.ParseFromString(*head)) {
    return absl::DataLossError(
        absl::StrCat("the archive record of meeting ", meeting_id, " does not parse"));
  }
  ASSIGN_OR_RETURN(uint64_t size, store->Size(chain));
  const uint64_t chunks = ChunkCount(info.export_bytes());
  if (info.first_chunk() + chunks != size) {
    return absl::DataLossError(absl::StrCat("the archive of meeting ", meeting_id, " holds ",
                                            size, " chunks, its record says ",
                                            info.first_chunk() + chunks));
  }
  std::string bytes;
  bytes.reserve(info.export_bytes());
  RETURN_IF_ERROR(store->ReadEntries(chain, info.first_chunk(), size,
                                     [&](uint64_t, absl::string_view chunk) {
                                       bytes.append(chunk.data(), chunk.size());
                                       return absl::OkStatus();
                                     }));
  if (crypto::Sha256(bytes) != info.export_sha256()) {
    return absl::DataLossError(absl::StrCat(
        "the archive of meeting ", meeting_id, ": its stored bytes no longer hash to the "
        "export that was imported"));
  }
  ASSIGN_OR_RETURN(crypto::Ed25519PublicKey key,
                   crypto::Ed25519PublicKey::FromRaw(info.room_public_key()));
  const uint64_t first_chunk = info.first_chunk();
  absl::StatusOr<std::unique_ptr<ArchivedMeeting>> a = Verify(bytes, key, info);
  if (!a.ok()) {
    return absl::DataLossError(absl::StrCat("the archive of meeting ", meeting_id,
                                            " no longer verifies: ", a.status().message()));
  }
  if ((*a)->id() != meeting_id) {
    return absl::DataLossError(absl::StrCat("the archive chain of meeting ", meeting_id,
                                            " holds meeting ", (*a)->id()));
  }
  (*a)->archive_.set_first_chunk(first_chunk);
  *(*a)->info_.mutable_archive() = (*a)->archive_;
  return a;
}

bool ArchivedMeeting::SameRecord(const ArchivedMeeting& other) const {
  return id_ == other.id_ && archive_.room_public_key() == other.archive_.room_public_key() &&
         head_.size() == other.head_.size() && head_.head_hash() == other.head_.head_hash();
}

absl::Status ArchivedMeeting::ExtendedBy(const ArchivedMeeting& later,
                                         absl::string_view later_bytes) const {
  const std::string said = absl::StrCat(
      "export: meeting ", id_, " is already archived here with another record (room key SHA-256 ",
      archive_.room_key_sha256(), ", ", head_.size(), " entries, head ",
      crypto::HexEncode(head_.head_hash()), "); this export has ", later.head_.size(),
      " entries, head ", crypto::HexEncode(later.head_.head_hash()), ": ");
  if (later.archive_.room_public_key() != archive_.room_public_key()) {
    return absl::AlreadyExistsError(
        absl::StrCat(said, "it is signed by another room key (SHA-256 ",
                     later.archive_.room_key_sha256(), ")"));
  }
  if (later.head_.size() <= head_.size()) {
    return absl::AlreadyExistsError(
        absl::StrCat(said, "it holds no more entries, so it is not a later record"));
  }
  // The later record must hold this one's last entry at the same place:
  // the hash chain then makes every entry before it the same too.
  uint64_t seq = 0;
  std::string hash;
  {
    ViewBuf buf(later_bytes);
    std::istream in(&buf);
    ledger::ExportReader reader(&in);
    RETURN_IF_ERROR(reader.ReadMagic());
    v1::ExportRecord record;
    for (;;) {
      ASSIGN_OR_RETURN(bool more, reader.Next(&record));
      if (!more) break;
      if (!record.has_entry()) continue;
      if (++seq == head_.size()) {
        hash = ledger::EntryHash(record.entry());
        break;
      }
    }
  }
  if (hash != head_.head_hash()) {
    return absl::AlreadyExistsError(absl::StrCat(
        said, "its entry ", head_.size() - 1, " is not the archived record's last entry, so "
        "its history forks from the archived one"));
  }
  return absl::OkStatus();
}

v1::MeetingInfo ArchivedMeeting::Info(bool with_spec) const {
  v1::MeetingInfo info = info_;
  if (!with_spec) info.clear_spec();
  return info;
}

absl::StatusOr<v1::CountResponse> ArchivedMeeting::Result() const {
  if (!result_.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat("meeting ", id_, " has not been counted yet"));
  }
  return *result_;
}

absl::Status ArchivedMeeting::Export(
    storage::Store* store, const std::function<absl::Status(const v1::ExportRecord&)>& emit,
    bool with_openings) const {
  const uint64_t first = archive_.first_chunk();
  ChunkBuf buf(store, ArchiveChain(id_), first, first + ChunkCount(archive_.export_bytes()));
  std::istream in(&buf);
  ledger::ExportReader reader(&in);
  absl::Status s = reader.ReadMagic();
  v1::ExportRecord record;
  while (s.ok()) {
    absl::StatusOr<bool> more = reader.Next(&record);
    if (!more.ok()) s = more.status();
    if (!s.ok() || !*more) break;
    if (record.has_opening() && !with_openings) continue;
    if (record.has_header() && !with_openings) record.mutable_header()->set_openings_omitted(true);
    s = emit(record);
  }
  // A store error shows up to the reader as a short file; say which it was.
  RETURN_IF_ERROR(buf.status());
  return s;
}

absl::StatusOr<std::vector<std::string>> ArchivedMeeting::Entries(storage::Store* store,
                                                                  uint64_t start,
                                                                  uint64_t end) const {
  std::vector<std::string> entries;
  uint64_t seq = 0;
  absl::Status s = Export(
      store,
      [&](const v1::ExportRecord& record) {
        if (!record.has_entry()) return absl::OkStatus();
        if (seq >= start && seq < end) entries.push_back(record.entry());
        // Stop reading once the range is in (an error the caller drops).
        if (++seq >= end) return absl::CancelledError("done");
        return absl::OkStatus();
      },
      /*with_openings=*/false);
  if (!s.ok() && !(absl::IsCancelled(s) && seq >= end)) return s;
  if (entries.size() != end - start) {
    return absl::DataLossError(absl::StrCat("the archive of meeting ", id_, " holds ", seq,
                                            " entries, not ", end));
  }
  return entries;
}

absl::Status ArchivedMeeting::ReadOnly() const {
  return absl::FailedPreconditionError(absl::StrCat(
      "meeting ", id_, " is an archived meeting (imported from the room whose key has SHA-256 ",
      archive_.room_key_sha256(), "): its record is final and read-only here"));
}

}  // namespace gongxin::server
