// gongxin_ledger_tamper: plays an attacker who has write access to a ledger
// data directory. End-to-end tests use it to check that verification catches
// altered, removed and reordered entries.
//
// It deliberately goes AROUND the Store interface (which has no way to modify
// or delete an entry) and writes raw RocksDB records, fixing up nothing else:
// sizes, index keys and head records are left as they were, exactly as a
// careless or hurried attacker would. Never install it; never link it into
// the server.
//
//   gongxin_ledger_tamper DIR flip CHAIN SEQ BYTE_OFFSET
//       xor 0x01 into one byte of entry SEQ
//   gongxin_ledger_tamper DIR delete CHAIN SEQ
//       remove entry SEQ
//   gongxin_ledger_tamper DIR swap CHAIN SEQ_A SEQ_B
//       exchange the bytes of two entries
//   gongxin_ledger_tamper DIR delete-chain CHAIN
//       remove every row of the chain (entries, index keys, head, size): a
//       whole meeting deleted, as if it never existed
//   gongxin_ledger_tamper DIR flip-key CHAIN KEY
//       xor 0x01 into the first byte of index key KEY (e.g. a merkle node
//       "tree/00/00000000000000000000")
//
// The store must not be open in another process (RocksDB's lock refuses it).
// Prints what it did on stdout; exit status 0 on success, 1 on failure,
// 2 on bad usage.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "rocksdb/write_batch.h"
#include "storage/rocksdb_db.h"
#include "storage/rocksdb_layout.h"
#include "storage/rocksdb_status.h"
#include "storage/store_checks.h"
#include "util/status_macros.h"

namespace gongxin::storage {
namespace {

constexpr char kUsage[] =
    "usage: gongxin_ledger_tamper DIR flip CHAIN SEQ BYTE_OFFSET\n"
    "       gongxin_ledger_tamper DIR delete CHAIN SEQ\n"
    "       gongxin_ledger_tamper DIR swap CHAIN SEQ_A SEQ_B\n"
    "       gongxin_ledger_tamper DIR delete-chain CHAIN\n"
    "       gongxin_ledger_tamper DIR flip-key CHAIN KEY\n";

absl::StatusOr<uint64_t> ParseNumber(absl::string_view what,
                                     absl::string_view text) {
  uint64_t v = 0;
  if (!absl::SimpleAtoi(text, &v)) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " \"", text, "\" is not a non-negative integer"));
  }
  return v;
}

rocksdb::WriteOptions Synced() {
  rocksdb::WriteOptions options;
  options.sync = true;
  return options;
}

absl::StatusOr<std::string> ReadRaw(const LedgerDb& ledger,
                                    const std::string& chain, uint64_t seq) {
  std::string value;
  const rocksdb::Status s =
      ledger.db()->Get(rocksdb::ReadOptions(), ledger.entries(),
                       layout::EntryKey(chain, seq), &value);
  RETURN_IF_ERROR(
      FromRocksDb(s, absl::StrCat("read chain ", chain, " entry ", seq)));
  return value;
}

absl::Status Flip(const LedgerDb& ledger, const std::string& chain,
                  uint64_t seq, uint64_t offset) {
  ASSIGN_OR_RETURN(std::string value, ReadRaw(ledger, chain, seq));
  if (offset >= value.size()) {
    return absl::OutOfRangeError(absl::StrCat("chain ", chain, " entry ", seq,
                                              " has only ", value.size(),
                                              " bytes; offset ", offset));
  }
  const unsigned before = static_cast<unsigned char>(value[offset]);
  value[offset] = static_cast<char>(before ^ 0x01);
  RETURN_IF_ERROR(
      FromRocksDb(ledger.db()->Put(Synced(), ledger.entries(),
                                   layout::EntryKey(chain, seq), value),
                  "write entry"));
  std::printf("flipped chain %s entry %llu byte %llu: 0x%02x -> 0x%02x\n",
              chain.c_str(), static_cast<unsigned long long>(seq),
              static_cast<unsigned long long>(offset), before, before ^ 0x01u);
  return absl::OkStatus();
}

absl::Status Delete(const LedgerDb& ledger, const std::string& chain,
                    uint64_t seq) {
  // Refuse to "delete" what is not there, so a test cannot pass by accident.
  ASSIGN_OR_RETURN(std::string value, ReadRaw(ledger, chain, seq));
  RETURN_IF_ERROR(FromRocksDb(ledger.db()->Delete(Synced(), ledger.entries(),
                                                  layout::EntryKey(chain, seq)),
                              "delete entry"));
  std::printf(
      "deleted chain %s entry %llu (%zu bytes); size, index and head "
      "untouched\n",
      chain.c_str(), static_cast<unsigned long long>(seq), value.size());
  return absl::OkStatus();
}

absl::Status Swap(const LedgerDb& ledger, const std::string& chain, uint64_t a,
                  uint64_t b) {
  ASSIGN_OR_RETURN(std::string value_a, ReadRaw(ledger, chain, a));
  ASSIGN_OR_RETURN(std::string value_b, ReadRaw(ledger, chain, b));
  rocksdb::WriteBatch batch;
  RETURN_IF_ERROR(FromRocksDb(
      batch.Put(ledger.entries(), layout::EntryKey(chain, a), value_b),
      "build batch"));
  RETURN_IF_ERROR(FromRocksDb(
      batch.Put(ledger.entries(), layout::EntryKey(chain, b), value_a),
      "build batch"));
  RETURN_IF_ERROR(
      FromRocksDb(ledger.db()->Write(Synced(), &batch), "swap entries"));
  std::printf("swapped chain %s entries %llu and %llu\n", chain.c_str(),
              static_cast<unsigned long long>(a),
              static_cast<unsigned long long>(b));
  return absl::OkStatus();
}

// Deletes every row whose key starts with `prefix` in `family`; returns how many.
absl::StatusOr<uint64_t> DeletePrefix(const LedgerDb& ledger, rocksdb::ColumnFamilyHandle* family,
                                      const std::string& prefix, rocksdb::WriteBatch* batch) {
  std::unique_ptr<rocksdb::Iterator> it(
      ledger.db()->NewIterator(rocksdb::ReadOptions(), family));
  uint64_t n = 0;
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    RETURN_IF_ERROR(FromRocksDb(batch->Delete(family, it->key()), "build batch"));
    ++n;
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), "scan"));
  return n;
}

absl::Status DeleteChain(const LedgerDb& ledger, const std::string& chain) {
  rocksdb::WriteBatch batch;
  const std::string prefix = layout::ChainPrefix(chain);
  ASSIGN_OR_RETURN(uint64_t entries, DeletePrefix(ledger, ledger.entries(), prefix, &batch));
  if (entries == 0) {
    return absl::NotFoundError(absl::StrCat("chain ", chain, " has no entries"));
  }
  ASSIGN_OR_RETURN(uint64_t keys, DeletePrefix(ledger, ledger.index(), prefix, &batch));
  RETURN_IF_ERROR(FromRocksDb(batch.Delete(ledger.heads(), chain), "build batch"));
  RETURN_IF_ERROR(FromRocksDb(batch.Delete(ledger.meta(), chain), "build batch"));
  RETURN_IF_ERROR(FromRocksDb(ledger.db()->Write(Synced(), &batch), "delete chain"));
  std::printf("deleted chain %s: %llu entries, %llu index keys, its head and size\n",
              chain.c_str(), static_cast<unsigned long long>(entries),
              static_cast<unsigned long long>(keys));
  return absl::OkStatus();
}

absl::Status FlipKey(const LedgerDb& ledger, const std::string& chain, const std::string& key) {
  std::string value;
  const std::string raw_key = layout::IndexKey(chain, key);
  RETURN_IF_ERROR(FromRocksDb(
      ledger.db()->Get(rocksdb::ReadOptions(), ledger.index(), raw_key, &value),
      absl::StrCat("read chain ", chain, " key ", key)));
  if (value.empty()) {
    return absl::OutOfRangeError(absl::StrCat("chain ", chain, " key ", key, " is empty"));
  }
  value[0] = static_cast<char>(value[0] ^ 0x01);
  RETURN_IF_ERROR(
      FromRocksDb(ledger.db()->Put(Synced(), ledger.index(), raw_key, value), "write key"));
  std::printf("flipped chain %s key %s byte 0\n", chain.c_str(), key.c_str());
  return absl::OkStatus();
}

// Returns the exit status.
int Run(const std::vector<std::string>& args) {
  const bool usage_ok =
      (args.size() == 3 && args[1] == "delete-chain") ||
      (args.size() == 4 && args[1] == "flip-key") ||
      (args.size() >= 4 && ((args[1] == "flip" && args.size() == 5) ||
                            (args[1] == "delete" && args.size() == 4) ||
                            (args[1] == "swap" && args.size() == 5)));
  if (!usage_ok) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const std::string& dir = args[0];
  const std::string& command = args[1];
  const std::string& chain = args[2];

  absl::Status status = [&]() -> absl::Status {
    RETURN_IF_ERROR(ValidateChainId(chain));
    if (command == "delete-chain" || command == "flip-key") {
      LedgerDb::OpenOptions options;
      options.create_if_missing = false;
      ASSIGN_OR_RETURN(std::unique_ptr<LedgerDb> ledger, LedgerDb::Open(dir, options));
      if (command == "delete-chain") return DeleteChain(*ledger, chain);
      return FlipKey(*ledger, chain, args[3]);
    }
    ASSIGN_OR_RETURN(uint64_t seq, ParseNumber("SEQ", args[3]));
    uint64_t extra = 0;
    if (args.size() == 5) {
      ASSIGN_OR_RETURN(
          extra,
          ParseNumber(command == "flip" ? "BYTE_OFFSET" : "SEQ_B", args[4]));
    }
    LedgerDb::OpenOptions options;
    options.create_if_missing = false;  // tampering with nothing is an error
    ASSIGN_OR_RETURN(std::unique_ptr<LedgerDb> ledger,
                     LedgerDb::Open(dir, options));
    if (command == "flip") return Flip(*ledger, chain, seq, extra);
    if (command == "delete") return Delete(*ledger, chain, seq);
    return Swap(*ledger, chain, seq, extra);
  }();
  if (!status.ok()) {
    std::fprintf(stderr, "gongxin_ledger_tamper: %s\n",
                 status.ToString().c_str());
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace gongxin::storage

int main(int argc, char** argv) {
  return gongxin::storage::Run(std::vector<std::string>(argv + 1, argv + argc));
}
