// ForwardingStore: a storage::Store that passes every call to a store it
// does not own, so a test can keep reading a store that something else holds
// a handle to, "restart" on the same data, or watch and hold each Append.
#ifndef GONGXIN_TESTS_TESTING_FORWARDING_STORE_H_
#define GONGXIN_TESTS_TESTING_FORWARDING_STORE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "storage/store.h"

namespace gongxin::testing {

class ForwardingStore : public storage::Store {
 public:
  explicit ForwardingStore(storage::Store* base) : base_(base) {}
  // Called with each batch before it is passed on (e.g. to record or hold it).
  std::function<void(const storage::AppendBatch&)> on_append;
  // What MayHaveOtherWriters says: true plays a store shared by several
  // gongxind (etcd) in process.
  bool other_writers = false;
  bool MayHaveOtherWriters() const override { return other_writers; }

  absl::Status Append(const storage::AppendBatch& b) override {
    if (on_append) on_append(b);
    return base_->Append(b);
  }
  absl::StatusOr<uint64_t> Size(absl::string_view c) override { return base_->Size(c); }
  absl::Status ReadEntries(absl::string_view c, uint64_t from, uint64_t to,
                           const std::function<absl::Status(uint64_t, absl::string_view)>& v)
      override {
    return base_->ReadEntries(c, from, to, v);
  }
  absl::StatusOr<std::string> ReadEntry(absl::string_view c, uint64_t seq) override {
    return base_->ReadEntry(c, seq);
  }
  absl::StatusOr<std::optional<std::string>> GetKey(absl::string_view c,
                                                    absl::string_view k) override {
    return base_->GetKey(c, k);
  }
  absl::Status ScanKeys(absl::string_view c, absl::string_view p,
                        const std::function<absl::Status(absl::string_view, absl::string_view)>& v)
      override {
    return base_->ScanKeys(c, p, v);
  }
  absl::StatusOr<std::optional<std::string>> HeadRecord(absl::string_view c) override {
    return base_->HeadRecord(c);
  }
  absl::StatusOr<std::vector<std::string>> ListChains() override { return base_->ListChains(); }
  absl::Status PurgeChain(absl::string_view c) override { return base_->PurgeChain(c); }
  absl::Status WriteFailure() const override { return base_->WriteFailure(); }

 private:
  storage::Store* base_;
};

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_TESTING_FORWARDING_STORE_H_
