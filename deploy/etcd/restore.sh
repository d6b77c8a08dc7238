#!/usr/bin/env bash
# Restores one etcd member's data directory from a snapshot made by
# backup.sh (`etcdctl snapshot restore`, which checks the snapshot's own
# hash), for a NEW cluster: run it on every member, each with its own
# --name and peer URL and the same snapshot, --initial-cluster and token;
# then start every member on its restored --data-dir, then gongxind, then
# check every meeting (deploy/etcd/verify-meetings.sh). Refuses a data
# directory that exists: the old one is moved aside, never overwritten.
#
# Usage: deploy/etcd/restore.sh --snapshot FILE --name NAME --data-dir DIR
#            --initial-cluster NAME=URL,... --initial-advertise-peer-urls URL
#            [--initial-cluster-token TOKEN]   (default gongxin-ledger, etcd.default's)
# The whole procedure and what a restore loses: docs/operations.md,
# "Backing up and restoring the ledger on etcd". Test: tests/e2e/etcd_backup_test.py.
set -euo pipefail
snapshot="" name="" data_dir="" cluster="" peer_url="" token=gongxin-ledger
while [[ $# -gt 0 ]]; do
  case $1 in
    --snapshot) snapshot=$2; shift 2 ;;
    --name) name=$2; shift 2 ;;
    --data-dir) data_dir=$2; shift 2 ;;
    --initial-cluster) cluster=$2; shift 2 ;;
    --initial-advertise-peer-urls) peer_url=$2; shift 2 ;;
    --initial-cluster-token) token=$2; shift 2 ;;
    *) echo "restore.sh: unknown option $1 (see the header of deploy/etcd/restore.sh)" >&2; exit 2 ;;
  esac
done
for pair in "--snapshot:$snapshot" "--name:$name" "--data-dir:$data_dir" \
    "--initial-cluster:$cluster" "--initial-advertise-peer-urls:$peer_url"; do
  if [[ -z ${pair#*:} ]]; then
    echo "restore.sh: ${pair%%:*} is required (see the header of deploy/etcd/restore.sh)" >&2
    exit 2
  fi
done
if [[ ! -f $snapshot ]]; then
  echo "restore.sh: --snapshot $snapshot: no such file" >&2
  exit 1
fi
if [[ -e $data_dir ]]; then
  echo "restore.sh: --data-dir $data_dir exists; move it aside first (mv $data_dir $data_dir.old)" >&2
  exit 1
fi
if [[ ,$cluster, != *",$name=$peer_url,"* ]]; then
  echo "restore.sh: --initial-cluster does not list this member as $name=$peer_url" >&2
  exit 1
fi
command -v etcdctl >/dev/null || {
  echo "restore.sh: etcdctl is missing: install Debian's etcd-client (deploy/install-deps.sh)" >&2
  exit 1
}
# The checksum backup.sh wrote beside the snapshot, if it is there: a copy
# damaged in storage or transit is refused before anything is made.
if [[ -f $snapshot.sha256 ]]; then
  (cd "$(dirname "$snapshot")" && sha256sum --quiet -c "$(basename "$snapshot").sha256") || {
    echo "restore.sh: $snapshot does not match its .sha256; not restored" >&2
    exit 1
  }
fi
export ETCDCTL_API=3
umask 077
started=$(date +%s%N)
etcdctl snapshot restore "$snapshot" --name "$name" --data-dir "$data_dir" \
  --initial-cluster "$cluster" --initial-cluster-token "$token" \
  --initial-advertise-peer-urls "$peer_url" >"$data_dir.restore.log" 2>&1 || {
  cat "$data_dir.restore.log" >&2
  rm -rf "$data_dir"
  echo "restore.sh: etcdctl snapshot restore FAILED; nothing was kept" >&2
  exit 1
}
rm -f "$data_dir.restore.log"
chmod 700 "$data_dir"
elapsed_ms=$((($(date +%s%N) - started) / 1000000))
echo "restored: member $name into $data_dir (${elapsed_ms} ms)"
echo "next: start etcd as $name with --data-dir $data_dir, --initial-cluster $cluster"
echo "      and --initial-cluster-token $token on every member; then gongxind; then"
echo "      deploy/etcd/verify-meetings.sh --trust signing-key.pub --out DIR"
