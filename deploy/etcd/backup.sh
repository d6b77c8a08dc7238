#!/usr/bin/env bash
# Backs up gongxin's ledger on etcd: `etcdctl snapshot save` from one member
# over mutual TLS into OUT/gongxin-etcd-<UTC time>.db, then `etcdctl
# snapshot status` of the file (its revision, key count, size and hash,
# written beside it as .status) and its SHA-256 (.sha256). Exit 1 if either
# step fails; a partial file is removed. Takes the snapshot while gongxind
# keeps serving: one member's consistent state, as of one revision.
#
# Usage: deploy/etcd/backup.sh --endpoint HOST:PORT --cacert CA --cert CRT --key KEY --out DIR
#                              [--timeout 5m]
#   --endpoint  one member (etcdctl saves a snapshot from exactly one)
#   --cacert, --cert, --key  a client certificate of etcd's CA (mutual TLS)
#   --timeout   how long the whole save may take (default 5m; etcdctl keeps
#               retrying an endpoint it cannot reach, or that refuses the
#               certificate, until then)
# Debian's etcd-client has etcdctl (deploy/install-deps.sh installs it).
# What a snapshot is worth, and when to take one: docs/operations.md,
# "Backing up and restoring the ledger on etcd". Test: tests/e2e/etcd_backup_test.py.
set -euo pipefail
endpoint="" cacert="" cert="" key="" out="" timeout=5m
while [[ $# -gt 0 ]]; do
  case $1 in
    --endpoint) endpoint=$2; shift 2 ;;
    --cacert) cacert=$2; shift 2 ;;
    --cert) cert=$2; shift 2 ;;
    --key) key=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    *) echo "backup.sh: unknown option $1 (see the header of deploy/etcd/backup.sh)" >&2; exit 2 ;;
  esac
done
for pair in "--endpoint:$endpoint" "--cacert:$cacert" "--cert:$cert" "--key:$key" "--out:$out"; do
  if [[ -z ${pair#*:} ]]; then
    echo "backup.sh: ${pair%%:*} is required (see the header of deploy/etcd/backup.sh)" >&2
    exit 2
  fi
done
if [[ $endpoint == *,* ]]; then
  echo "backup.sh: --endpoint: one member only (etcdctl saves a snapshot from exactly one)" >&2
  exit 2
fi
command -v etcdctl >/dev/null || {
  echo "backup.sh: etcdctl is missing: install Debian's etcd-client (deploy/install-deps.sh)" >&2
  exit 1
}
export ETCDCTL_API=3
mkdir -p "$out"
umask 077  # the snapshot holds every voter's name and every named ballot
file="$out/gongxin-etcd-$(date -u +%Y%m%dT%H%M%SZ).db"
tls=(--cacert "$cacert" --cert "$cert" --key "$key")
started=$(date +%s%N)
if ! etcdctl --endpoints "https://$endpoint" "${tls[@]}" --command-timeout "$timeout" \
    snapshot save "$file" >"$file.log" 2>&1; then
  cat "$file.log" >&2
  rm -f "$file" "$file.part" "$file.log"
  echo "backup.sh: the snapshot from $endpoint FAILED; nothing was kept" >&2
  exit 1
fi
if ! etcdctl snapshot status "$file" -w table >"$file.status" 2>&1; then
  cat "$file.status" >&2
  echo "backup.sh: $file does not read back as a snapshot" >&2
  exit 1
fi
(cd "$out" && sha256sum "$(basename "$file")" >"$(basename "$file").sha256")
rm -f "$file.log"
elapsed_ms=$((($(date +%s%N) - started) / 1000000))
cat "$file.status"
echo "snapshot: $file ($(stat -c %s "$file") bytes, ${elapsed_ms} ms)"
