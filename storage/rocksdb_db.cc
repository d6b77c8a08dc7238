#include "storage/rocksdb_db.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "rocksdb/options.h"
#include "storage/rocksdb_layout.h"
#include "storage/rocksdb_status.h"

namespace gongxin::storage {
namespace {

// RocksDB's info log as lines handed to a sink, at WARN and above (flushes
// and compactions at INFO would say when the ledger was written, which the
// anonymous urn must not). Unlike RocksDB's own file logger it cannot fail
// in a way that stops the process.
class LineLogger final : public rocksdb::Logger {
 public:
  explicit LineLogger(std::function<void(absl::string_view)> sink)
      : rocksdb::Logger(rocksdb::InfoLogLevel::WARN_LEVEL), sink_(std::move(sink)) {}

  using rocksdb::Logger::Logv;
  // The header is RocksDB's dump of every option at each open: noise here.
  void LogHeader(const char* /*format*/, va_list /*ap*/) override {}
  void Logv(const char* format, va_list ap) override {
    char line[1024];
    const int n = std::vsnprintf(line, sizeof(line), format, ap);
    if (n < 0) return;
    absl::string_view text(line, std::min<size_t>(static_cast<size_t>(n), sizeof(line) - 1));
    while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    sink_(text);
  }

 private:
  const std::function<void(absl::string_view)> sink_;
};

void LogToStderr(absl::string_view line) {
  // One write(2) per line, so lines from RocksDB's threads do not interleave.
  const std::string text = absl::StrCat("rocksdb: ", line, "\n");
  (void)!::write(STDERR_FILENO, text.data(), text.size());
}

rocksdb::DBOptions MakeDbOptions(const LedgerDb::OpenOptions& options) {
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = options.create_if_missing;
  db_options.create_missing_column_families = options.create_if_missing;
  // Surface corruption found in files or the WAL instead of skipping it.
  db_options.paranoid_checks = true;
  if (options.env != nullptr) db_options.env = options.env;
  // The MANIFEST records each table file's smallest and largest key, and
  // index keys can name a voter ("voter/<id>"). RocksDB only starts a new
  // MANIFEST (a snapshot of the live files, the old one deleted) once the
  // current one exceeds this size; at 1 byte every flush and compaction
  // starts one, so no MANIFEST outlives the files it described for longer
  // than the next version edit — which Store::PurgeChain relies on. The cost
  // is one small file per flush or compaction (the live files' list).
  db_options.max_manifest_file_size = 1;
  db_options.info_log = std::make_shared<LineLogger>(
      options.log != nullptr ? options.log : std::function<void(absl::string_view)>(LogToStderr));
  return db_options;
}

std::vector<rocksdb::ColumnFamilyDescriptor> ColumnFamilies() {
  rocksdb::ColumnFamilyOptions entries_options;
  // Entries are small and mostly incompressible (hashes, signatures), and
  // uncompressed blocks keep their bytes verbatim on disk.
  entries_options.compression = rocksdb::kNoCompression;
  return {
      {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()},
      {layout::kEntriesCf, entries_options},
      {layout::kIndexCf, rocksdb::ColumnFamilyOptions()},
      {layout::kHeadsCf, rocksdb::ColumnFamilyOptions()},
      {layout::kMetaCf, rocksdb::ColumnFamilyOptions()},
  };
}

}  // namespace

void LedgerDb::HandleCloser::operator()(
    rocksdb::ColumnFamilyHandle* handle) const {
  // Only fails for the DB's internal default handle, which Open never
  // returns; there is nothing useful to do with an error in a destructor.
  db->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
}

absl::StatusOr<std::unique_ptr<LedgerDb>> LedgerDb::Open(
    const std::string& dir, const OpenOptions& options) {
  // RocksDB creates the directory even when told not to create a database;
  // a tool pointed at a mistyped path must not leave one behind.
  std::error_code error;
  if (!options.create_if_missing &&
      !std::filesystem::is_directory(dir, error)) {
    return absl::NotFoundError(
        absl::StrCat("open ledger store at ", dir, ": no such directory"));
  }
  // Made here rather than by RocksDB: owner-only (RocksDB would use 0755),
  // and without RocksDB logging an error about the directory it is about
  // to create. Any failure is RocksDB's to report, with its context.
  if (options.create_if_missing) ::mkdir(dir.c_str(), 0700);
  const std::vector<rocksdb::ColumnFamilyDescriptor> families =
      ColumnFamilies();
  std::vector<rocksdb::ColumnFamilyHandle*> raw_handles;
  rocksdb::DB* raw_db = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(MakeDbOptions(options), dir, families,
                                        &raw_handles, &raw_db);
  if (!s.ok()) {
    // On failure RocksDB has released everything it allocated.
    return FromRocksDb(s, absl::StrCat("open ledger store at ", dir));
  }
  std::unique_ptr<LedgerDb> ledger(new LedgerDb());
  ledger->db_.reset(raw_db);
  const HandleCloser closer{raw_db};
  ledger->default_ = Handle(raw_handles[0], closer);
  ledger->entries_ = Handle(raw_handles[1], closer);
  ledger->index_ = Handle(raw_handles[2], closer);
  ledger->heads_ = Handle(raw_handles[3], closer);
  ledger->meta_ = Handle(raw_handles[4], closer);
  return ledger;
}

}  // namespace gongxin::storage
