// --etcd for the server benchmarks (cast_bench, anonymous_bench): a real
// etcd started on 127.0.0.1 (tests/testing/etcd_server.h: mutual TLS made
// at run time; Debian's etcd-server), its own rate of synced one-entry
// transactions measured in the same run — the limit the ratios are then
// taken against — and the options gongxind's store uses on it. Needs
// GONGXIN_BINARY_DIR defined (tests/testing/process.h).
#ifndef GONGXIN_BENCH_BENCH_ETCD_H_
#define GONGXIN_BENCH_BENCH_ETCD_H_

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "bench/bench_common.h"
#include "storage/etcd_store.h"
#include "tests/testing/etcd_server.h"

namespace gongxin::bench {

// etcd's limit as gongxind meets it: one-entry Appends (one transaction
// each: a compare, the entry and the size) of 256 bytes from `threads`
// threads, each on a chain of its own, for `seconds`.
inline double EtcdTxnRate(const storage::EtcdStoreOptions& options, int threads, double seconds) {
  absl::StatusOr<std::unique_ptr<storage::Store>> store = storage::OpenEtcdStore(options);
  if (!store.ok()) return 0;
  std::atomic<long> writes{0};
  const std::string value(256, 'v');
  const auto end = Clock::now() + std::chrono::duration<double>(seconds);
  const double wall = RunOnThreads(threads, [&](int t) {
    const std::string chain = absl::StrCat("raw", threads, "-", t);
    for (uint64_t i = 0; Clock::now() < end; ++i) {
      storage::AppendBatch b;
      b.chain = chain;
      b.expected_size = i;
      b.entries = {value};
      if (!(*store)->Append(b).ok()) return;
      ++writes;
    }
  });
  return writes.load() / wall;
}

// etcd's rates at 1 and 8 threads, and where gongxind's ledger goes.
struct BenchEtcd {
  double one = 0;
  double eight = 0;
  storage::EtcdStoreOptions options;
};

// Starts `etcd` and measures it (each rate for at most 3 s of `seconds`).
inline absl::StatusOr<BenchEtcd> StartBenchEtcd(testing::EtcdCluster& etcd, double seconds) {
  if (absl::Status s = etcd.Start(); !s.ok()) return s;
  BenchEtcd b;
  b.one = EtcdTxnRate(etcd.StoreOptions("bench-raw/"), 1, std::min(seconds, 3.0));
  b.eight = EtcdTxnRate(etcd.StoreOptions("bench-raw/"), 8, std::min(seconds, 3.0));
  b.options = etcd.StoreOptions("gongxin/");
  return b;
}

// For a run that may be on etcd: StartBenchEtcd if `on`, else no etcd (an
// empty BenchEtcd). nullopt, with the reason on stderr, if etcd did not
// start: the benchmark exits 1.
inline std::optional<BenchEtcd> BenchEtcdIf(bool on, testing::EtcdCluster& etcd, double seconds) {
  if (!on) return BenchEtcd{};
  absl::StatusOr<BenchEtcd> started = StartBenchEtcd(etcd, seconds);
  if (!started.ok()) {
    std::fprintf(stderr, "cannot start etcd: %s\n", std::string(started.status().message()).c_str());
    return std::nullopt;
  }
  return *std::move(started);
}

}  // namespace gongxin::bench

#endif  // GONGXIN_BENCH_BENCH_ETCD_H_
