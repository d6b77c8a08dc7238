#include "storage/rocksdb_chain_sizes.h"

#include <limits>
#include <memory>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "storage/rocksdb_layout.h"
#include "storage/rocksdb_status.h"
#include "storage/store_checks.h"
#include "util/status_macros.h"

namespace gongxin::storage {
namespace {

using SizeMap = absl::flat_hash_map<std::string, uint64_t>;

absl::StatusOr<SizeMap> ReadMeta(const LedgerDb& ledger) {
  SizeMap sizes;
  std::unique_ptr<rocksdb::Iterator> it(
      ledger.db()->NewIterator(rocksdb::ReadOptions(), ledger.meta()));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const absl::string_view chain = ToView(it->key());
    if (!ValidateChainId(chain).ok()) {
      return absl::DataLossError(absl::StrCat(
          "meta holds a malformed chain id \"", absl::CHexEscape(chain), "\""));
    }
    absl::StatusOr<uint64_t> size = layout::DecodeUint64(ToView(it->value()));
    if (!size.ok()) {
      return absl::DataLossError(absl::StrCat(
          "chain ", chain,
          ": recorded size is malformed: ", size.status().message()));
    }
    sizes.emplace(chain, *size);
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), "scan chain sizes"));
  return sizes;
}

}  // namespace

absl::StatusOr<SizeMap> LoadChainSizes(const LedgerDb& ledger) {
  ASSIGN_OR_RETURN(SizeMap sizes, ReadMeta(ledger));

  absl::flat_hash_set<std::string> with_entries;
  std::unique_ptr<rocksdb::Iterator> it(
      ledger.db()->NewIterator(rocksdb::ReadOptions(), ledger.entries()));
  it->SeekToFirst();
  while (it->Valid()) {
    ASSIGN_OR_RETURN(layout::EntryKeyParts first,
                     layout::ParseEntryKey(ToView(it->key())));
    const std::string chain(first.chain);
    // The chain's last entry: the greatest key not above its greatest
    // possible key. Valid, since the chain's first key qualifies.
    it->SeekForPrev(
        layout::EntryKey(chain, std::numeric_limits<uint64_t>::max()));
    if (!it->Valid()) break;
    ASSIGN_OR_RETURN(layout::EntryKeyParts last,
                     layout::ParseEntryKey(ToView(it->key())));
    auto recorded = sizes.find(chain);
    if (recorded == sizes.end()) {
      return absl::DataLossError(
          absl::StrCat("chain ", chain, ": entries up to seq ", last.seq,
                       " exist but no size is recorded"));
    }
    const uint64_t size = recorded->second;
    if (size > last.seq + 1) {
      return absl::DataLossError(
          absl::StrCat("chain ", chain, ": recorded size is ", size,
                       " but the last entry is seq ", last.seq, ": entry ",
                       last.seq + 1, " onwards is missing"));
    }
    if (size < last.seq + 1) {
      return absl::DataLossError(
          absl::StrCat("chain ", chain, ": recorded size is ", size,
                       " but entries run to seq ", last.seq, ": entry ", size,
                       " onwards was not written by the store"));
    }
    with_entries.insert(chain);
    // Skip to the next chain: every chain-id byte sorts above '\1'.
    it->Seek(chain + '\1');
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), "scan chain entries"));

  for (const auto& [chain, size] : sizes) {
    if (size > 0 && !with_entries.contains(chain)) {
      return absl::DataLossError(absl::StrCat("chain ", chain,
                                              ": recorded size is ", size,
                                              " but it has no entries"));
    }
  }
  return sizes;
}

}  // namespace gongxin::storage
