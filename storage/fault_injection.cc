#include "storage/fault_injection.h"

#include <utility>

#include "storage/store_checks.h"
#include "util/status_macros.h"

namespace gongxin::storage {
namespace {

// Codes the contract uses for a refusal that writes nothing (a conflict, a
// full disk); the real store stays writable after them.
bool IsRefusal(const absl::Status& status) {
  return absl::IsAborted(status) || absl::IsAlreadyExists(status) ||
         absl::IsResourceExhausted(status);
}

}  // namespace

FaultInjectingStore::FaultInjectingStore(std::unique_ptr<Store> base)
    : base_(std::move(base)) {}

void FaultInjectingStore::FailNextAppends(int n, absl::Status status,
                                          InjectAt at) {
  if (status.ok()) {
    // An OK "failure" would report success for a batch never written.
    status = absl::InternalError("FailNextAppends was given an OK status");
  }
  absl::MutexLock lock(&mu_);
  remaining_ = n;
  fault_ = Fault{std::move(status), at};
}

std::optional<FaultInjectingStore::Fault> FaultInjectingStore::TakeFault() {
  absl::MutexLock lock(&mu_);
  if (remaining_ <= 0) return std::nullopt;
  --remaining_;
  return fault_;
}

absl::Status FaultInjectingStore::Append(const AppendBatch& batch) {
  // A malformed batch is refused before any fault, as the real store refuses
  // it before touching the disk.
  RETURN_IF_ERROR(ValidateBatch(batch));
  RETURN_IF_ERROR(write_failure_.Check());
  std::optional<Fault> fault = TakeFault();
  if (!fault.has_value()) return base_->Append(batch);
  if (fault->at == InjectAt::kAfterWrite) {
    // Whether or not the base accepted it, the caller only sees the fault.
    base_->Append(batch).IgnoreError();
  }
  if (fault->at == InjectAt::kRefuse || IsRefusal(fault->status)) return fault->status;
  return write_failure_.Trip(fault->status);
}

absl::StatusOr<uint64_t> FaultInjectingStore::Size(absl::string_view chain) {
  return base_->Size(chain);
}

absl::Status FaultInjectingStore::ReadEntries(
    absl::string_view chain, uint64_t from, uint64_t to,
    const std::function<absl::Status(uint64_t, absl::string_view)>& visit) {
  return base_->ReadEntries(chain, from, to, visit);
}

absl::StatusOr<std::string> FaultInjectingStore::ReadEntry(
    absl::string_view chain, uint64_t seq) {
  return base_->ReadEntry(chain, seq);
}

absl::StatusOr<std::optional<std::string>> FaultInjectingStore::GetKey(
    absl::string_view chain, absl::string_view key) {
  return base_->GetKey(chain, key);
}

absl::Status FaultInjectingStore::ScanKeys(
    absl::string_view chain, absl::string_view prefix,
    const std::function<absl::Status(absl::string_view, absl::string_view)>&
        visit) {
  return base_->ScanKeys(chain, prefix, visit);
}

absl::StatusOr<std::optional<std::string>> FaultInjectingStore::HeadRecord(
    absl::string_view chain) {
  return base_->HeadRecord(chain);
}

absl::StatusOr<std::vector<std::string>> FaultInjectingStore::ListChains() {
  return base_->ListChains();
}

absl::Status FaultInjectingStore::WriteFailure() const {
  RETURN_IF_ERROR(write_failure_.Check());
  return base_->WriteFailure();
}

absl::Status FaultInjectingStore::PurgeChain(absl::string_view chain) {
  RETURN_IF_ERROR(write_failure_.Check());
  return base_->PurgeChain(chain);
}

}  // namespace gongxin::storage
