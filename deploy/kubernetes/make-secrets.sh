#!/usr/bin/env bash
# Makes every key and certificate the manifests of deploy/kubernetes/ use,
# and writes them as Kubernetes Secrets to OUT/secrets.yaml — for
# `kubectl apply -f OUT/secrets.yaml`, never for the repository. Also in OUT:
# the CAs' private keys (keep them off the cluster, offline), the
# replicas' key pool as first made (signing/replica-keys: delete it, and the
# Secret, once every replica has its copy), the etcd
# client certificate backups use (etcdctl.{crt,key}: deploy/etcd/backup.sh)
# and signing-key.pub, the server's public key for auditors.
#
# Usage: deploy/kubernetes/make-secrets.sh OUT [--dns NAME]... [--ip ADDR]...
#   --dns/--ip: further names and addresses kiosks dial gongxind by (the
#   LoadBalancer's); the Service's own name and 127.0.0.1 (the probes) are
#   always in the certificate.
# Needs gongxin and gongxind ($GONGXIN_BUILD_DIR, default build/) and openssl.
# docs/operations.md, "On Kubernetes". deploy/kubernetes/check.py runs it to
# check that every Secret and key the manifests mount is made here.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${GONGXIN_BUILD_DIR:-$root/build}
ns=gongxin
domain=cluster.local
[[ $# -ge 1 ]] || { echo "usage: make-secrets.sh OUT [--dns NAME]... [--ip ADDR]..." >&2; exit 2; }
out=$1
shift
hosts=(--dns "gongxind.$ns.svc.$domain" --dns "gongxind.$ns.svc")
while [[ $# -gt 0 ]]; do
  case $1 in
    --dns|--ip) hosts+=("$1" "$2"); shift 2 ;;
    *) echo "make-secrets.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ -e $out ]]; then
  echo "make-secrets.sh: $out exists; refusing to overwrite keys (give a new directory)" >&2
  exit 1
fi
mkdir -p "$out"
chmod 700 "$out"
umask 077
cd "$out"

# etcd's CA: members (peer and server certificates) and clients (gongxind,
# etcdctl). One certificate per use, each good for every member: the names
# are the StatefulSet's (etcd-N.etcd...) and the headless Service's.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
  -subj /CN=gongxin-etcd-ca -addext basicConstraints=critical,CA:TRUE \
  -addext keyUsage=critical,keyCertSign,cRLSign -keyout etcd-ca.key -out etcd-ca.crt 2>/dev/null
etcd_names="DNS:etcd.$ns.svc.$domain,DNS:*.etcd.$ns.svc.$domain,DNS:etcd.$ns.svc,IP:127.0.0.1"
issue() {  # NAME SUBJECT EXTENSIONS
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "$2" \
    -keyout "$1.key" -out "$1.csr" 2>/dev/null
  printf '%b\n' "$3" >"$1.ext"
  openssl x509 -req -in "$1.csr" -CA etcd-ca.crt -CAkey etcd-ca.key -CAcreateserial \
    -days 825 -extfile "$1.ext" -out "$1.crt" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}
issue etcd-server /CN=etcd "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=$etcd_names"
# Peers are both ends of their connections: serverAuth and clientAuth.
issue etcd-peer /CN=etcd-peer "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=$etcd_names"
issue gongxind-etcd /CN=gongxind "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth"
issue etcdctl /CN=etcdctl "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth"

# gongxind's own PKI (the CA kiosks trust) and a certificate for the
# probes: an auditor, which can change nothing.
"$bin/client/gongxin" pki init gongxin-pki "${hosts[@]}" >/dev/null
"$bin/client/gongxin" pki issue gongxin-pki --role auditor --name k8s-probe >/dev/null
# The signing key every replica shares (made as gongxind makes it).
"$bin/server/gongxind" --data-dir signing --print-public-key >signing-key.pub
# The replicas' key pool (server/replica_keys.h: the header, a 16-byte pool
# id, 4096 keys of 32 bytes), the seed each replica copies once; check.py
# starts gongxind on it to check that gongxind takes it as its own.
{
  printf 'gongxin replica keys v1\n'
  head -c $((16 + 4096 * 32)) /dev/urandom
} >signing/replica-keys

secret() {  # NAME KEY=FILE...
  echo "---"
  echo "apiVersion: v1"
  echo "kind: Secret"
  echo "metadata:"
  echo "  name: $1"
  echo "  namespace: $ns"
  echo "type: Opaque"
  echo "data:"
  local name=$1
  shift
  for pair in "$@"; do
    echo "  ${pair%%=*}: $(base64 -w0 "${pair#*=}")"
  done
}
{
  echo "# Made by deploy/kubernetes/make-secrets.sh: private keys. Do not commit."
  secret etcd-server-tls ca.crt=etcd-ca.crt tls.crt=etcd-server.crt tls.key=etcd-server.key
  secret etcd-peer-tls ca.crt=etcd-ca.crt tls.crt=etcd-peer.crt tls.key=etcd-peer.key
  secret gongxind-etcd-client ca.crt=etcd-ca.crt tls.crt=gongxind-etcd.crt tls.key=gongxind-etcd.key
  secret gongxind-tls ca.pem=gongxin-pki/ca.pem server.pem=gongxin-pki/server.pem \
    server.key=gongxin-pki/server.key
  secret gongxind-probe ca.pem=gongxin-pki/ca.pem probe.pem=gongxin-pki/k8s-probe.pem \
    probe.key=gongxin-pki/k8s-probe.key
  secret gongxind-signing-key signing-key.pem=signing/signing-key.pem
  secret gongxind-replica-keys replica-keys=signing/replica-keys
} >secrets.yaml
echo "wrote $out/secrets.yaml (kubectl apply -f it; keep $out offline: it holds the CAs' keys)"
