#include "server/archive.h"

#include <cstdio>
#include <istream>
#include <streambuf>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "crypto/encoding.h"
#include "crypto/key_file.h"
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

// An istream over a moved meeting's export file, read in blocks and hashed
// as it goes, so that an export served from it can be checked against the
// marker's SHA-256 once the whole file has been read.
class HashingFileBuf : public std::streambuf {
 public:
  explicit HashingFileBuf(const std::string& path) : file_(std::fopen(path.c_str(), "rb")) {}
  ~HashingFileBuf() override {
    if (file_ != nullptr) std::fclose(file_);
  }
  HashingFileBuf(const HashingFileBuf&) = delete;
  HashingFileBuf& operator=(const HashingFileBuf&) = delete;
  bool opened() const { return file_ != nullptr; }
  bool failed() const { return file_ == nullptr || std::ferror(file_) != 0; }
  uint64_t bytes() const { return bytes_; }
  std::string Digest() { return hasher_.Finish(); }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (file_ == nullptr) return traits_type::eof();
    const size_t n = std::fread(block_.data(), 1, block_.size(), file_);
    if (n == 0) return traits_type::eof();
    hasher_.Update(absl::string_view(block_.data(), n));
    bytes_ += n;
    setg(block_.data(), block_.data(), block_.data() + n);
    return traits_type::to_int_type(*gptr());
  }

 private:
  std::FILE* file_;
  std::string block_ = std::string(size_t{1} << 16, '\0');
  crypto::Sha256Hasher hasher_;
  uint64_t bytes_ = 0;
};

// Reads every record of an export from `in` and emits it, leaving out the
// openings of a public export (and saying so in its header).
absl::Status EmitExport(std::istream& in,
                        const std::function<absl::Status(const v1::ExportRecord&)>& emit,
                        bool with_openings) {
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
  return s;
}

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

std::string MovedExportFileName(absl::string_view meeting_id) {
  return absl::StrCat("meeting-", meeting_id, ".gxexport");
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

absl::StatusOr<std::unique_ptr<ArchivedMeeting>> ArchivedMeeting::VerifyMoved(
    absl::string_view export_bytes, const crypto::Ed25519PublicKey& own_key, v1::ArchiveInfo info,
    std::string path) {
  ASSIGN_OR_RETURN(std::unique_ptr<ArchivedMeeting> a,
                   Verify(export_bytes, own_key, std::move(info)));
  a->file_path_ = std::move(path);
  return a;
}

storage::AppendBatch ArchivedMeeting::MarkerAt(uint64_t stored) {
  archive_.set_first_chunk(stored);
  *info_.mutable_archive() = archive_;
  storage::AppendBatch b;
  b.chain = ArchiveChain(id_);
  b.expected_size = stored;
  // The entry only makes the chain listed (Store::ListChains); the head
  // record is what Load reads.
  b.entries.push_back(archive_.SerializeAsString());
  b.head_record = archive_.SerializeAsString();
  return b;
}

namespace {

// A moved meeting's archive: its export read back from the file the marker
// names, checked against the marker's size and SHA-256, and verified with
// the key the marker records (the server's own).
absl::StatusOr<std::unique_ptr<ArchivedMeeting>> LoadMoved(storage::Store* store,
                                                           absl::string_view meeting_id,
                                                           const v1::ArchiveInfo& info,
                                                           const std::string& archive_dir) {
  const std::string chain = ArchiveChain(meeting_id);
  ASSIGN_OR_RETURN(uint64_t size, store->Size(chain));
  if (info.first_chunk() + 1 != size) {
    return absl::DataLossError(absl::StrCat("the move-out marker of meeting ", meeting_id,
                                            " is entry ", info.first_chunk(),
                                            " of its archive chain, which holds ", size));
  }
  const std::string& name = info.moved_file();
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") {
    return absl::DataLossError(absl::StrCat("the move-out marker of meeting ", meeting_id,
                                            " names no plain file (\"", absl::CEscape(name),
                                            "\")"));
  }
  if (archive_dir.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "meeting ", meeting_id, " was moved out of the store into the file ", name,
        ", but gongxind was started without --archive-dir: it is not served until gongxind is "
        "told the directory that holds the file"));
  }
  const std::string path = absl::StrCat(archive_dir, "/", name);
  absl::StatusOr<std::string> bytes = crypto::ReadFile(path);
  if (!bytes.ok()) {
    return absl::DataLossError(absl::StrCat("meeting ", meeting_id, " was moved out into ",
                                            path, ", which cannot be read: ",
                                            bytes.status().message(),
                                            "; the meeting is not served"));
  }
  const std::string digest = crypto::Sha256(*bytes);
  if (bytes->size() != info.export_bytes() || digest != info.export_sha256()) {
    return absl::DataLossError(absl::StrCat(
        "meeting ", meeting_id, " was moved out into ", path, ", which has changed: it holds ",
        bytes->size(), " bytes with SHA-256 ", crypto::HexEncode(digest),
        ", the marker in the store says ", info.export_bytes(), " bytes with SHA-256 ",
        crypto::HexEncode(info.export_sha256()), "; the meeting is not served"));
  }
  ASSIGN_OR_RETURN(crypto::Ed25519PublicKey key,
                   crypto::Ed25519PublicKey::FromRaw(info.room_public_key()));
  absl::StatusOr<std::unique_ptr<ArchivedMeeting>> a =
      ArchivedMeeting::VerifyMoved(*bytes, key, info, path);
  if (!a.ok()) {
    return absl::DataLossError(absl::StrCat("meeting ", meeting_id, " moved out into ", path,
                                            ": the file no longer verifies: ",
                                            a.status().message()));
  }
  if ((*a)->id() != meeting_id) {
    return absl::DataLossError(absl::StrCat("meeting ", meeting_id, " moved out into ", path,
                                            ": the file holds meeting ", (*a)->id()));
  }
  return a;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ArchivedMeeting>> ArchivedMeeting::Load(
    storage::Store* store, absl::string_view meeting_id, const std::string& archive_dir) {
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
  if (!info.moved_file().empty()) {
    ASSIGN_OR_RETURN(std::unique_ptr<ArchivedMeeting> moved,
                     LoadMoved(store, meeting_id, info, archive_dir));
    // Verify fills in what it checks (same values); the marker's place stays.
    moved->archive_.set_first_chunk(info.first_chunk());
    *moved->info_.mutable_archive() = moved->archive_;
    return moved;
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
  if (moved()) {
    HashingFileBuf buf(file_path_);
    if (!buf.opened()) {
      return absl::DataLossError(absl::StrCat("meeting ", id_, " was moved out into ", file_path_,
                                              ", which can no longer be opened"));
    }
    std::istream in(&buf);
    absl::Status s = EmitExport(in, emit, with_openings);
    if (!s.ok()) {
      if (buf.failed()) {
        return absl::DataLossError(
            absl::StrCat("meeting ", id_, ": reading ", file_path_, " failed: ", s.message()));
      }
      return s;
    }
    // The records already went out; a file changed since it was loaded is
    // at least not passed off as the meeting's record: the call fails.
    if (buf.bytes() != archive_.export_bytes() || buf.Digest() != archive_.export_sha256()) {
      return absl::DataLossError(absl::StrCat(
          "meeting ", id_, ": ", file_path_, " has changed since it was loaded (its SHA-256 no "
          "longer matches the marker in the store); do not use this export"));
    }
    return absl::OkStatus();
  }
  const uint64_t first = archive_.first_chunk();
  ChunkBuf buf(store, ArchiveChain(id_), first, first + ChunkCount(archive_.export_bytes()));
  std::istream in(&buf);
  absl::Status s = EmitExport(in, emit, with_openings);
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
  if (moved()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "meeting ", id_, " was moved out of the store into ", file_path_,
        " (ArchiveService.MoveOut): its record is final and read-only here"));
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "meeting ", id_, " is an archived meeting (imported from the room whose key has SHA-256 ",
      archive_.room_key_sha256(), "): its record is final and read-only here"));
}

}  // namespace gongxin::server
