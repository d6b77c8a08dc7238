// FaultInjectingStore wraps a Store and fails Appends on demand, so the
// layers above can test their crash and I/O-failure paths, not hope for them.
#ifndef GONGXIN_STORAGE_FAULT_INJECTION_H_
#define GONGXIN_STORAGE_FAULT_INJECTION_H_

#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "storage/store.h"
#include "storage/write_failure_latch.h"

namespace gongxin::storage {

// Thread-safe, like every Store. Reads always pass through to the base.
class FaultInjectingStore : public Store {
 public:
  // Where an injected failure strikes.
  enum class InjectAt {
    // The batch never reaches the base store.
    kBeforeWrite,
    // The batch is applied to the base, then the failure is reported: the
    // case of a WAL sync that failed after the write, where the caller cannot
    // know whether its batch landed.
    kAfterWrite,
    // The store refuses the batch before writing, as its own checks do (a
    // full disk found by the free-space check, say): nothing is written and
    // the store stays writable, whatever the code.
    kRefuse,
  };

  explicit FaultInjectingStore(std::unique_ptr<Store> base);

  // The next `n` Appends that pass validation fail with `status` (not OK).
  // An injected failure with a code the contract uses for a refusal that
  // writes nothing (ABORTED, ALREADY_EXISTS, RESOURCE_EXHAUSTED) is not
  // sticky, so retry loops and a full disk can be tested; inject it
  // kBeforeWrite. Any other code is an I/O failure: like the real store, every
  // later Append then returns FAILED_PRECONDITION "store is read-only after
  // an earlier write failure: ...", whatever is still armed.
  void FailNextAppends(int n, absl::Status status,
                       InjectAt at = InjectAt::kBeforeWrite)
      ABSL_LOCKS_EXCLUDED(mu_);

  absl::Status Append(const AppendBatch& batch) override;
  absl::StatusOr<uint64_t> Size(absl::string_view chain) override;
  absl::Status ReadEntries(
      absl::string_view chain, uint64_t from, uint64_t to,
      const std::function<absl::Status(uint64_t, absl::string_view)>& visit)
      override;
  absl::StatusOr<std::string> ReadEntry(absl::string_view chain,
                                        uint64_t seq) override;
  absl::StatusOr<std::optional<std::string>> GetKey(
      absl::string_view chain, absl::string_view key) override;
  absl::Status ScanKeys(
      absl::string_view chain, absl::string_view prefix,
      const std::function<absl::Status(absl::string_view, absl::string_view)>&
          visit) override;
  absl::StatusOr<std::optional<std::string>> HeadRecord(
      absl::string_view chain) override;
  absl::StatusOr<std::vector<std::string>> ListChains() override;
  // Passes through, unless an earlier injected failure made the store
  // read-only (as for the real store).
  absl::Status PurgeChain(absl::string_view chain) override;
  // OK until an injected I/O failure made the store read-only; then the
  // base's own (OK unless the base itself failed).
  absl::Status WriteFailure() const override;

 private:
  struct Fault {
    absl::Status status;
    InjectAt at;
  };
  // Takes one armed fault, or returns nullopt if none is armed.
  std::optional<Fault> TakeFault() ABSL_LOCKS_EXCLUDED(mu_);

  const std::unique_ptr<Store> base_;
  WriteFailureLatch write_failure_;
  // Guards the armed faults.
  absl::Mutex mu_;
  int remaining_ ABSL_GUARDED_BY(mu_) = 0;
  Fault fault_ ABSL_GUARDED_BY(mu_);
};

}  // namespace gongxin::storage

#endif  // GONGXIN_STORAGE_FAULT_INJECTION_H_
