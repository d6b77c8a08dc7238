// LedgerDb owns a RocksDB database opened with the ledger's column families
// (see rocksdb_layout.h). RocksDB hands out raw pointers; this class is the
// one place that owns them, so no caller deletes anything by hand.
#ifndef GONGXIN_STORAGE_ROCKSDB_DB_H_
#define GONGXIN_STORAGE_ROCKSDB_DB_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rocksdb/db.h"
#include "rocksdb/env.h"

namespace gongxin::storage {

// RocksDB speaks rocksdb::Slice; the store's API speaks absl::string_view
// (not std::string_view in Debian's Abseil). Both borrow, neither copies.
inline rocksdb::Slice ToSlice(absl::string_view s) {
  return rocksdb::Slice(s.data(), s.size());
}
inline absl::string_view ToView(const rocksdb::Slice& s) {
  return absl::string_view(s.data(), s.size());
}

class LedgerDb {
 public:
  struct OpenOptions {
    // False for tools that must not create a ledger where none exists.
    bool create_if_missing = true;
    // Not owned; must outlive the LedgerDb. nullptr: rocksdb::Env::Default().
    // Tests pass an Env whose file system fails on demand.
    rocksdb::Env* env = nullptr;
    // Receives RocksDB's own warnings and errors, one line each (e.g.
    // "[WARN] [db/error_handler.cc:397] Background IO error ..."); empty:
    // they go to stderr prefixed "rocksdb: ". RocksDB never writes its LOG
    // file into the data directory: on a full disk, Debian's librocksdb
    // (built with assertions) aborts the process on the first line it logs
    // after a failed write to that file. Called from RocksDB's threads.
    std::function<void(absl::string_view line)> log;
  };

  // Opens (or creates, mode 0700) the database in `dir`. Errors carry the
  // directory and RocksDB's message, e.g. UNAVAILABLE when another process
  // holds the lock; NOT_FOUND if `dir` does not exist and create_if_missing
  // is false.
  static absl::StatusOr<std::unique_ptr<LedgerDb>> Open(
      const std::string& dir, const OpenOptions& options);

  LedgerDb(const LedgerDb&) = delete;
  LedgerDb& operator=(const LedgerDb&) = delete;

  rocksdb::DB* db() const { return db_.get(); }
  rocksdb::ColumnFamilyHandle* entries() const { return entries_.get(); }
  rocksdb::ColumnFamilyHandle* index() const { return index_.get(); }
  rocksdb::ColumnFamilyHandle* heads() const { return heads_.get(); }
  rocksdb::ColumnFamilyHandle* meta() const { return meta_.get(); }

 private:
  // RocksDB requires column family handles to be destroyed, through the DB,
  // before the DB itself.
  struct HandleCloser {
    rocksdb::DB* db;
    void operator()(rocksdb::ColumnFamilyHandle* handle) const;
  };
  using Handle = std::unique_ptr<rocksdb::ColumnFamilyHandle, HandleCloser>;

  LedgerDb() = default;

  // Members are destroyed in reverse order: every handle before db_.
  std::unique_ptr<rocksdb::DB> db_;
  Handle default_{nullptr, HandleCloser{nullptr}};
  Handle entries_{nullptr, HandleCloser{nullptr}};
  Handle index_{nullptr, HandleCloser{nullptr}};
  Handle heads_{nullptr, HandleCloser{nullptr}};
  Handle meta_{nullptr, HandleCloser{nullptr}};
};

}  // namespace gongxin::storage

#endif  // GONGXIN_STORAGE_ROCKSDB_DB_H_
