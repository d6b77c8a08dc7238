// The Store contract on etcd v3: one transaction per Append, reads at one
// revision, paged.
#include "storage/etcd_store.h"

#include <arpa/inet.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "etcdserverpb/rpc.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "storage/store_checks.h"
#include "storage/write_failure_latch.h"
#include "util/status_macros.h"

namespace gongxin::storage {
namespace {

using etcdserverpb::Compare;

// Entries and keys read per Range call: a page of a long chain stays far
// below gRPC's message limit (entries are at most a few MiB, usually ~1 KiB).
constexpr int64_t kPageEntries = 256;

// How many times a transaction whose answer was lost, and which did not
// land, is sent again before the store gives up and goes read-only.
constexpr int kLostAnswerRetries = 3;

// The first key after every key that starts with `prefix` (etcd's
// "range_end" for a prefix): the prefix with its last byte that is not
// 0xff incremented, the rest dropped; "\0" (every key) if all are 0xff.
std::string PrefixEnd(absl::string_view prefix) {
  std::string end(prefix);
  while (!end.empty()) {
    unsigned char last = static_cast<unsigned char>(end.back());
    if (last != 0xff) {
      end.back() = static_cast<char>(last + 1);
      return end;
    }
    end.pop_back();
  }
  return std::string(1, '\0');
}

std::string SeqKey(uint64_t seq) { return absl::StrFormat("%016x", seq); }

absl::Status FromGrpc(const grpc::Status& s, absl::string_view what) {
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()),
                      absl::StrCat("etcd ", what, ": ", s.error_message()));
}

// Whether etcd refused the call before applying anything: its checks of the
// request (too many operations, too large, a compacted revision), and
// "database space exceeded" (its quota, the NOSPACE alarm).
bool RefusedBeforeWriting(grpc::StatusCode code) {
  return code == grpc::StatusCode::INVALID_ARGUMENT ||
         code == grpc::StatusCode::FAILED_PRECONDITION ||
         code == grpc::StatusCode::OUT_OF_RANGE ||
         code == grpc::StatusCode::RESOURCE_EXHAUSTED ||
         code == grpc::StatusCode::PERMISSION_DENIED ||
         code == grpc::StatusCode::UNAUTHENTICATED;
}

absl::StatusOr<std::string> ReadPem(const std::string& path, absl::string_view flag) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(flag, ": cannot read ", path));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

bool IsLoopback(absl::string_view endpoint) {
  const size_t colon = endpoint.rfind(':');
  absl::string_view host = endpoint.substr(0, colon);
  return host == "localhost" || host == "[::1]" || absl::StartsWith(host, "127.");
}

class EtcdStore : public Store {
 public:
  EtcdStore(std::shared_ptr<grpc::Channel> channel,
            std::shared_ptr<grpc::ChannelCredentials> credentials, grpc::ChannelArguments args,
            EtcdStoreOptions options)
      : kv_(etcdserverpb::KV::NewStub(channel)),
        maintenance_(etcdserverpb::Maintenance::NewStub(channel)),
        cluster_(etcdserverpb::Cluster::NewStub(channel)),
        credentials_(std::move(credentials)),
        args_(std::move(args)),
        options_(std::move(options)) {}

  // Reads a key of this store to see that etcd answers.
  absl::Status Ping() { return Get(SizeKey("_ping")).status(); }

  absl::Status Append(const AppendBatch& batch) override {
    RETURN_IF_ERROR(ValidateBatch(batch));
    RETURN_IF_ERROR(latch_.Check());
    std::vector<const AppendBatch*> parts = {&batch};
    for (const AppendBatch& linked : batch.linked) parts.push_back(&linked);

    etcdserverpb::TxnRequest txn;
    for (const AppendBatch* b : parts) {
      Compare* size = txn.add_compare();
      size->set_key(SizeKey(b->chain));
      size->set_result(Compare::EQUAL);
      if (b->expected_size == 0) {
        // No size key: the chain was never written (or was purged).
        size->set_target(Compare::VERSION);
        size->set_version(0);
      } else {
        size->set_target(Compare::VALUE);
        size->set_value(absl::StrCat(b->expected_size));
      }
      for (const auto& [key, value] : b->create_keys) {
        Compare* absent = txn.add_compare();
        absent->set_key(IndexKey(b->chain, key));
        absent->set_result(Compare::EQUAL);
        absent->set_target(Compare::CREATE);
        absent->set_create_revision(0);
        Put(txn, IndexKey(b->chain, key), value);
      }
      for (size_t i = 0; i < b->entries.size(); ++i) {
        Put(txn, EntryKey(b->chain, b->expected_size + i), b->entries[i]);
      }
      if (!b->entries.empty()) {
        Put(txn, SizeKey(b->chain), absl::StrCat(b->expected_size + b->entries.size()));
      }
      if (b->head_record.has_value()) Put(txn, HeadKey(b->chain), *b->head_record);
    }
    const size_t ops = static_cast<size_t>(std::max(txn.compare_size(), txn.success_size()));
    if (ops > options_.max_txn_ops || txn.ByteSizeLong() > options_.max_request_bytes) {
      return absl::InvalidArgumentError(absl::StrCat(
          "chain ", batch.chain, ": the batch is ", txn.success_size(), " operations and ",
          txn.ByteSizeLong(), " bytes; one etcd transaction takes at most ",
          options_.max_txn_ops, " operations and ", options_.max_request_bytes, " bytes"));
    }

    for (int attempt = 1;; ++attempt) {
      etcdserverpb::TxnResponse response;
      auto ctx = Context();
      grpc::Status s = kv_->Txn(ctx.get(), txn, &response);
      if (s.ok()) {
        if (response.succeeded()) return absl::OkStatus();
        return WhyRefused(parts, response.header().revision());
      }
      if (RefusedBeforeWriting(s.error_code())) return FromGrpc(s, "transaction refused");
      // The answer is lost (a leader change, a dropped connection, a
      // deadline): the transaction may or may not have been applied. Read
      // the chains back, as an etcd client retrying a transaction must:
      // entries carry their predecessor's hash, so our exact bytes at our
      // place mean this very batch landed.
      const absl::Status lost = absl::UnavailableError(
          absl::StrCat("etcd transaction at ", options_.endpoint, ": ", s.error_message()));
      absl::StatusOr<Landed> landed = FindOut(parts);
      if (!landed.ok()) {
        // etcd does not answer the reads either: the outcome stays unknown.
        return latch_.Trip(absl::UnavailableError(
            absl::StrCat(lost.message(), "; reading back: ", landed.status().message())));
      }
      switch (*landed) {
        case Landed::kYes:
          return absl::OkStatus();
        case Landed::kOther:
          // Someone else's entries are there: ours did not land.
          return WhyRefused(parts, 0);
        case Landed::kNo:
          if (attempt >= kLostAnswerRetries) return latch_.Trip(lost);
          continue;  // nothing of it landed: the same transaction again
      }
    }
  }

  absl::StatusOr<uint64_t> Size(absl::string_view chain) override {
    RETURN_IF_ERROR(ValidateChainId(chain));
    return ReadSize(chain, 0);
  }

  absl::Status ReadEntries(
      absl::string_view chain, uint64_t from, uint64_t to,
      const std::function<absl::Status(uint64_t seq, absl::string_view bytes)>& visit) override {
    RETURN_IF_ERROR(ValidateChainId(chain));
    // One revision for the size and every page: one consistent view.
    int64_t revision = 0;
    ASSIGN_OR_RETURN(uint64_t size, ReadSize(chain, 0, &revision));
    RETURN_IF_ERROR(CheckReadRange(chain, from, to, size));
    uint64_t next = from;
    while (next < to) {
      etcdserverpb::RangeRequest req;
      req.set_key(EntryKey(chain, next));
      req.set_range_end(EntryKey(chain, to));
      req.set_revision(revision);
      req.set_limit(kPageEntries);
      ASSIGN_OR_RETURN(etcdserverpb::RangeResponse page, Range(req));
      if (page.kvs_size() == 0) return MissingEntry(chain, next);
      for (const mvccpb::KeyValue& kv : page.kvs()) {
        if (kv.key() != EntryKey(chain, next)) return MissingEntry(chain, next);
        RETURN_IF_ERROR(visit(next, kv.value()));
        ++next;
      }
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::string> ReadEntry(absl::string_view chain, uint64_t seq) override {
    RETURN_IF_ERROR(ValidateChainId(chain));
    int64_t revision = 0;
    ASSIGN_OR_RETURN(uint64_t size, ReadSize(chain, 0, &revision));
    if (seq >= size) {
      return absl::NotFoundError(
          absl::StrCat("chain ", chain, " has ", size, " entries; no entry ", seq));
    }
    ASSIGN_OR_RETURN(std::optional<std::string> bytes, Get(EntryKey(chain, seq), revision));
    if (!bytes.has_value()) return MissingEntry(chain, seq);
    return *std::move(bytes);
  }

  absl::StatusOr<std::optional<std::string>> GetKey(absl::string_view chain,
                                                    absl::string_view key) override {
    RETURN_IF_ERROR(ValidateChainId(chain));
    return Get(IndexKey(chain, key));
  }

  absl::Status ScanKeys(
      absl::string_view chain, absl::string_view prefix,
      const std::function<absl::Status(absl::string_view key, absl::string_view value)>& visit)
      override {
    RETURN_IF_ERROR(ValidateChainId(chain));
    const std::string base = IndexKey(chain, "");
    return Scan(IndexKey(chain, prefix), PrefixEnd(IndexKey(chain, prefix)),
                [&](const mvccpb::KeyValue& kv) {
                  return visit(absl::string_view(kv.key()).substr(base.size()), kv.value());
                });
  }

  absl::StatusOr<std::optional<std::string>> HeadRecord(absl::string_view chain) override {
    RETURN_IF_ERROR(ValidateChainId(chain));
    return Get(HeadKey(chain));
  }

  absl::StatusOr<std::vector<std::string>> ListChains() override {
    std::vector<std::string> chains;
    const std::string sizes = options_.prefix + "s/";
    RETURN_IF_ERROR(Scan(sizes, PrefixEnd(sizes), [&](const mvccpb::KeyValue& kv) {
      uint64_t n = 0;
      if (absl::SimpleAtoi(kv.value(), &n) && n > 0) {
        chains.emplace_back(absl::string_view(kv.key()).substr(sizes.size()));
      }
      return absl::OkStatus();
    }));
    return chains;  // etcd returns keys in byte order
  }

  bool MayHaveOtherWriters() const override { return true; }
  absl::Status WriteFailure() const override { return latch_.Check(); }

  absl::Status PurgeChain(absl::string_view chain) override {
    RETURN_IF_ERROR(ValidateChainId(chain));
    RETURN_IF_ERROR(latch_.Check());
    etcdserverpb::TxnRequest txn;
    for (const std::string& prefix : {EntryPrefix(chain), IndexKey(chain, "")}) {
      etcdserverpb::DeleteRangeRequest* del = txn.add_success()->mutable_request_delete_range();
      del->set_key(prefix);
      del->set_range_end(PrefixEnd(prefix));
    }
    for (const std::string& key : {HeadKey(chain), SizeKey(chain)}) {
      txn.add_success()->mutable_request_delete_range()->set_key(key);
    }
    etcdserverpb::TxnResponse response;
    {
      auto ctx = Context();
      grpc::Status s = kv_->Txn(ctx.get(), txn, &response);
      if (!s.ok()) {
        if (RefusedBeforeWriting(s.error_code())) return FromGrpc(s, "purge refused");
        return latch_.Trip(absl::UnavailableError(
            absl::StrCat("etcd purge at ", options_.endpoint, ": ", s.error_message())));
      }
    }
    // etcd keeps every revision until compaction, and a compacted bbolt
    // file keeps the freed pages until it is defragmented.
    etcdserverpb::CompactionRequest compact;
    compact.set_revision(response.header().revision());
    compact.set_physical(true);
    etcdserverpb::CompactionResponse compacted;
    {
      auto ctx = Context();
      grpc::Status s = kv_->Compact(ctx.get(), compact, &compacted);
      // OUT_OF_RANGE: already compacted at or past this revision.
      if (!s.ok() && s.error_code() != grpc::StatusCode::OUT_OF_RANGE) {
        return FromGrpc(s, "compaction after the purge");
      }
    }
    return DefragmentEveryMember();
  }

 private:
  // Each member keeps its own data file, and Defragment rewrites only the
  // file of the member that answers it: ask each member the cluster lists,
  // through a channel of its own with this store's credentials.
  absl::Status DefragmentEveryMember() {
    etcdserverpb::MemberListResponse members;
    {
      auto ctx = Context();
      grpc::Status s = cluster_->MemberList(ctx.get(), {}, &members);
      if (!s.ok()) return FromGrpc(s, "member list after the purge");
    }
    std::vector<std::string> missed;
    for (const etcdserverpb::Member& member : members.members()) {
      if (member.clienturls().empty()) {
        missed.push_back(absl::StrCat(member.name(), " (not started)"));
        continue;
      }
      absl::string_view url = member.clienturls(0);
      if (!absl::ConsumePrefix(&url, "https://")) absl::ConsumePrefix(&url, "http://");
      auto channel = grpc::CreateCustomChannel(std::string(url), credentials_, args_);
      auto maintenance = etcdserverpb::Maintenance::NewStub(channel);
      etcdserverpb::DefragmentResponse defragmented;
      auto ctx = Context(/*slow=*/true);
      grpc::Status s = maintenance->Defragment(ctx.get(), {}, &defragmented);
      if (!s.ok()) missed.push_back(absl::StrCat(url, " (", s.error_message(), ")"));
    }
    if (!missed.empty()) {
      return absl::UnavailableError(absl::StrCat(
          "etcd purge: the keys are deleted and compacted, but these members were not "
          "defragmented, so their data files may still hold them (run etcdctl defrag on each): ",
          absl::StrJoin(missed, ", ")));
    }
    return absl::OkStatus();
  }

  std::unique_ptr<grpc::ClientContext> Context(bool slow = false) const {
    auto ctx = std::make_unique<grpc::ClientContext>();
    const absl::Duration timeout = slow ? options_.timeout * 6 : options_.timeout;
    ctx->set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(timeout));
    return ctx;
  }

  std::string SizeKey(absl::string_view chain) const {
    return absl::StrCat(options_.prefix, "s/", chain);
  }
  std::string EntryPrefix(absl::string_view chain) const {
    return absl::StrCat(options_.prefix, "e/", chain, "/");
  }
  std::string EntryKey(absl::string_view chain, uint64_t seq) const {
    return absl::StrCat(EntryPrefix(chain), SeqKey(seq));
  }
  std::string IndexKey(absl::string_view chain, absl::string_view key) const {
    return absl::StrCat(options_.prefix, "k/", chain, "/", key);
  }
  std::string HeadKey(absl::string_view chain) const {
    return absl::StrCat(options_.prefix, "h/", chain);
  }

  static void Put(etcdserverpb::TxnRequest& txn, std::string key, absl::string_view value) {
    etcdserverpb::PutRequest* put = txn.add_success()->mutable_request_put();
    put->set_key(std::move(key));
    put->set_value(std::string(value));
  }

  absl::StatusOr<etcdserverpb::RangeResponse> Range(const etcdserverpb::RangeRequest& req) {
    etcdserverpb::RangeResponse response;
    auto ctx = Context();
    grpc::Status s = kv_->Range(ctx.get(), req, &response);
    if (!s.ok()) {
      return absl::UnavailableError(
          absl::StrCat("etcd read at ", options_.endpoint, ": ", s.error_message()));
    }
    return response;
  }

  // The value of `key` at `revision` (0: the latest), and the revision read.
  absl::StatusOr<std::optional<std::string>> Get(const std::string& key, int64_t revision = 0,
                                                 int64_t* read_at = nullptr) {
    etcdserverpb::RangeRequest req;
    req.set_key(key);
    req.set_revision(revision);
    ASSIGN_OR_RETURN(etcdserverpb::RangeResponse response, Range(req));
    if (read_at != nullptr) *read_at = response.header().revision();
    if (response.kvs_size() == 0) return std::nullopt;
    return response.kvs(0).value();
  }

  absl::StatusOr<uint64_t> ReadSize(absl::string_view chain, int64_t revision,
                                    int64_t* read_at = nullptr) {
    ASSIGN_OR_RETURN(std::optional<std::string> value, Get(SizeKey(chain), revision, read_at));
    if (!value.has_value()) return 0;
    uint64_t size = 0;
    if (!absl::SimpleAtoi(*value, &size)) {
      return absl::DataLossError(absl::StrCat("chain ", chain, ": size key holds \"",
                                              absl::CHexEscape(*value), "\""));
    }
    return size;
  }

  // Calls visit for every key in [key, range_end), in order, at one revision.
  absl::Status Scan(const std::string& key, const std::string& range_end,
                    const std::function<absl::Status(const mvccpb::KeyValue&)>& visit) {
    etcdserverpb::RangeRequest req;
    req.set_key(key);
    req.set_range_end(range_end);
    req.set_limit(kPageEntries);
    for (;;) {
      ASSIGN_OR_RETURN(etcdserverpb::RangeResponse page, Range(req));
      req.set_revision(page.header().revision());
      for (const mvccpb::KeyValue& kv : page.kvs()) RETURN_IF_ERROR(visit(kv));
      if (!page.more() || page.kvs_size() == 0) return absl::OkStatus();
      // The next page starts just after the last key read.
      req.set_key(page.kvs(page.kvs_size() - 1).key() + std::string(1, '\0'));
    }
  }

  // A transaction whose comparisons failed: which one, read at the revision
  // it was decided at, in the contract's order (sizes, then keys).
  absl::Status WhyRefused(const std::vector<const AppendBatch*>& parts, int64_t revision) {
    for (const AppendBatch* b : parts) {
      ASSIGN_OR_RETURN(uint64_t size, ReadSize(b->chain, revision));
      if (size != b->expected_size) return StaleSizeError(b->chain, b->expected_size, size);
    }
    for (const AppendBatch* b : parts) {
      for (const auto& [key, value] : b->create_keys) {
        ASSIGN_OR_RETURN(std::optional<std::string> had, Get(IndexKey(b->chain, key), revision));
        if (had.has_value()) return KeyExistsError(b->chain, key);
      }
    }
    return absl::AbortedError(absl::StrCat(
        "chain ", parts[0]->chain, ": the etcd transaction's conditions failed; re-read and retry"));
  }

  // Whether a batch whose answer was lost is on etcd.
  enum class Landed { kYes, kNo, kOther };

  // Reads every part back (latest revision, linearizable): kYes if each
  // part's entries are there at its place byte for byte and each of its
  // write-once keys holds its value; kNo if no part's chain moved and no
  // key of the batch exists; kOther otherwise (another writer's entries or
  // keys). Retries the reads for up to the timeout while etcd does not
  // answer; then that error.
  absl::StatusOr<Landed> FindOut(const std::vector<const AppendBatch*>& parts) {
    const auto deadline = absl::Now() + options_.timeout;
    absl::StatusOr<Landed> landed;
    do {
      landed = ReadBack(parts);
      if (landed.ok()) return landed;
      absl::SleepFor(absl::Milliseconds(100));
    } while (absl::Now() < deadline);
    return landed;
  }

  absl::StatusOr<Landed> ReadBack(const std::vector<const AppendBatch*>& parts) {
    bool all = true, none = true;
    for (const AppendBatch* b : parts) {
      ASSIGN_OR_RETURN(uint64_t size, ReadSize(b->chain, 0));
      if (!b->entries.empty()) {
        if (size == b->expected_size) {
          all = false;
        } else if (size < b->expected_size + b->entries.size()) {
          return Landed::kOther;
        } else {
          none = false;
          for (size_t i = 0; i < b->entries.size(); ++i) {
            ASSIGN_OR_RETURN(std::optional<std::string> bytes,
                             Get(EntryKey(b->chain, b->expected_size + i)));
            if (bytes != b->entries[i]) return Landed::kOther;
          }
        }
      }
      for (const auto& [key, value] : b->create_keys) {
        ASSIGN_OR_RETURN(std::optional<std::string> had, Get(IndexKey(b->chain, key)));
        if (!had.has_value()) {
          all = false;
        } else if (*had != value) {
          return Landed::kOther;
        } else {
          none = false;
        }
      }
    }
    // A batch of only a head record cannot be told apart: it is rewritten.
    if (all && !none) return Landed::kYes;
    if (none) return Landed::kNo;
    return Landed::kOther;  // half of a transaction cannot be: not ours
  }

  static absl::Status MissingEntry(absl::string_view chain, uint64_t seq) {
    return absl::DataLossError(
        absl::StrCat("chain ", chain, ": entry ", seq, " is missing from etcd"));
  }

  std::unique_ptr<etcdserverpb::KV::Stub> kv_;
  std::unique_ptr<etcdserverpb::Maintenance::Stub> maintenance_;
  std::unique_ptr<etcdserverpb::Cluster::Stub> cluster_;
  // For a channel to each member (DefragmentEveryMember).
  const std::shared_ptr<grpc::ChannelCredentials> credentials_;
  const grpc::ChannelArguments args_;
  const EtcdStoreOptions options_;
  WriteFailureLatch latch_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Store>> OpenEtcdStore(const EtcdStoreOptions& options) {
  if (options.endpoint.empty()) {
    return absl::InvalidArgumentError("etcd endpoint: required (host:port)");
  }
  if (options.prefix.empty()) return absl::InvalidArgumentError("etcd prefix: must not be empty");
  const std::vector<std::string> endpoints =
      absl::StrSplit(options.endpoint, ',', absl::SkipWhitespace());
  std::vector<std::string> addresses;
  for (const std::string& e : endpoints) {
    const std::string endpoint(absl::StripAsciiWhitespace(e));
    const size_t colon = endpoint.rfind(':');
    uint32_t port = 0;
    if (colon == std::string::npos || !absl::SimpleAtoi(endpoint.substr(colon + 1), &port) ||
        port == 0 || port > 65535) {
      return absl::InvalidArgumentError(
          absl::StrCat("etcd endpoint \"", endpoint, "\": expected host:port"));
    }
    addresses.push_back(endpoint);
  }
  // Several members: one channel over all of them, which moves to another
  // member when the one it uses goes away (gRPC's pick_first). gRPC takes
  // such a list of addresses only as IP literals.
  std::string target = addresses.size() == 1 ? addresses[0] : "";
  if (addresses.size() > 1) {
    for (const std::string& a : addresses) {
      const std::string host = a.substr(0, a.rfind(':'));
      in_addr v4;
      if (::inet_pton(AF_INET, host.c_str(), &v4) != 1) {
        return absl::InvalidArgumentError(absl::StrCat(
            "etcd endpoint \"", a, "\": with several members, give each as an IPv4 "
            "address and port (a name works for one endpoint)"));
      }
    }
    target = absl::StrCat("ipv4:", absl::StrJoin(addresses, ","));
  }
  const int tls_files = !options.ca_file.empty() + !options.cert_file.empty() +
                        !options.key_file.empty();
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  if (tls_files == 0) {
    for (const std::string& a : addresses) {
      if (!IsLoopback(a)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "etcd endpoint ", a, ": plaintext only on loopback; give the CA, "
            "certificate and key for mutual TLS"));
      }
    }
    credentials = grpc::InsecureChannelCredentials();
  } else if (tls_files != 3) {
    return absl::InvalidArgumentError(
        "etcd TLS: give the CA, the client certificate and its key, all three");
  } else {
    grpc::SslCredentialsOptions ssl;
    ASSIGN_OR_RETURN(ssl.pem_root_certs, ReadPem(options.ca_file, "etcd CA"));
    ASSIGN_OR_RETURN(ssl.pem_cert_chain, ReadPem(options.cert_file, "etcd client certificate"));
    ASSIGN_OR_RETURN(ssl.pem_private_key, ReadPem(options.key_file, "etcd client key"));
    credentials = grpc::SslCredentials(ssl);
  }
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(-1);
  if (addresses.size() > 1) {
    // gRPC checks every connection of one channel against one name: the
    // first member's address. Each member's certificate must name it too
    // (docs/operations.md: a name that resolves to every member, given as
    // the one endpoint, is the cleaner way across machines).
    args.SetSslTargetNameOverride(addresses[0].substr(0, addresses[0].rfind(':')));
  }
  auto channel = grpc::CreateCustomChannel(target, credentials, args);
  auto store = std::make_unique<EtcdStore>(std::move(channel), credentials, args, options);
  if (absl::Status s = store->Ping(); !s.ok()) {
    return absl::UnavailableError(
        absl::StrCat("etcd at ", options.endpoint, " does not answer: ", s.message()));
  }
  return store;
}

}  // namespace gongxin::storage
