#include "storage/rocksdb_db.h"

#include <filesystem>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "rocksdb/options.h"
#include "storage/rocksdb_layout.h"
#include "storage/rocksdb_status.h"

namespace gongxin::storage {
namespace {

rocksdb::DBOptions MakeDbOptions(const LedgerDb::OpenOptions& options) {
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = options.create_if_missing;
  db_options.create_missing_column_families = options.create_if_missing;
  // Surface corruption found in files or the WAL instead of skipping it.
  db_options.paranoid_checks = true;
  if (options.env != nullptr) db_options.env = options.env;
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
