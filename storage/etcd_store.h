// The ledger store on an etcd v3 cluster (issue 15): the same Store
// contract as the embedded RocksDB store, so that nothing above storage/
// changes. Every Append is one etcd transaction that compares each chain's
// size key and the absence of every write-once key, then puts — the
// "append at size N, create these keys if absent" of storage/store.h, made
// atomic and replicated by etcd's Raft. Reads take one revision, so a scan
// sees one consistent view however many pages it needs.
//
// Key layout under `prefix` (etcdctl shows it; docs/operations.md):
//   <prefix>s/<chain>              the chain's size, decimal
//   <prefix>e/<chain>/<seq 16 hex> entry bytes
//   <prefix>k/<chain>/<key>        write-once index keys
//   <prefix>h/<chain>              the head record
// Chain ids hold no '/', so every key parses one way.
#ifndef GONGXIN_STORAGE_ETCD_STORE_H_
#define GONGXIN_STORAGE_ETCD_STORE_H_

#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/store.h"

namespace gongxin::storage {

struct EtcdStoreOptions {
  // Where etcd answers: one host:port (e.g. "etcd.zzb.example:2379"; a
  // name that resolves to every member's address reaches all of them), or
  // several members as IPv4 address:port, comma-separated. The store uses
  // one member and moves to another when it goes away.
  std::string endpoint;
  // Every key of this store starts with it: several deployments may share
  // a cluster under different prefixes. Must not be empty.
  std::string prefix = "gongxin/";
  // Mutual TLS to etcd (--client-cert-auth): the CA that signs etcd's
  // server certificate, and this client's certificate and key (PEM files).
  // All three empty: plaintext, refused unless the endpoint is loopback.
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
  // Deadline of each call to etcd.
  absl::Duration timeout = absl::Seconds(10);
  // etcd's own limits on one transaction (--max-txn-ops, default 128, and
  // --max-request-bytes, default 1.5 MiB): a batch beyond them is refused
  // before it is sent (INVALID_ARGUMENT), never half-written.
  size_t max_txn_ops = 128;
  size_t max_request_bytes = 1536 * 1024;
};

// Connects to etcd and checks that it answers (UNAVAILABLE naming the
// endpoint if not); INVALID_ARGUMENT for options that cannot work (no
// endpoint, an empty prefix, only part of the TLS files, plaintext to a
// non-loopback host); NOT_FOUND for a TLS file that cannot be read.
//
// Beyond storage/store.h: an Append whose answer is lost (a leader change,
// a dropped connection, a deadline) may or may not have been applied. The
// store reads the chains back: its own entries at their place, byte for
// byte (each carries its predecessor's hash), and its keys with their
// values mean the batch landed — OK, not a duplicate and not an error;
// nothing of it means it did not — it is sent again (three times at most);
// another writer's entries are that writer's race (ABORTED or
// ALREADY_EXISTS, as for a refused transaction). Only when etcd does not
// answer the reads either (for `timeout`) does the store trip read-only as
// a failed disk write does (WriteOutcomeUnknown). etcd's refusals that
// happen before a write (too many operations, a request too large,
// "database space exceeded" → RESOURCE_EXHAUSTED) change nothing.
// PurgeChain deletes the chain's keys, then compacts the cluster's history
// up to that revision and defragments every member the cluster lists
// (Cluster.MemberList; each through a connection of its own), so that no
// member's data file holds them; UNAVAILABLE naming the members it could
// not defragment (the keys are deleted all the same). etcd's write-ahead
// log keeps what was written until it is rotated: docs/threat-model.md.
absl::StatusOr<std::unique_ptr<Store>> OpenEtcdStore(const EtcdStoreOptions& options);

}  // namespace gongxin::storage

#endif  // GONGXIN_STORAGE_ETCD_STORE_H_
