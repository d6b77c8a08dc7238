#!/usr/bin/env bash
# Checks every meeting a gongxind serves, as an auditor would: `gongxin
# meeting list`, then for each meeting `gongxin audit export` (the full
# record, into OUT, mode 0600) and `gongxin audit verify` against the
# server's public key. Prints one line per meeting (its id and what verify
# found: entries, ballots) and exits 1 if any meeting fails to export or to
# verify. After a restore of the ledger (deploy/etcd/restore.sh), and
# before the room or the service is opened again.
#
# Usage: deploy/etcd/verify-meetings.sh --trust PUBKEY --out DIR [-- GLOBAL_OPTIONS...]
#   GLOBAL_OPTIONS: gongxin's --server, --pki/--as or --ca/--cert/--key
#   (default: $GONGXIN_SERVER, $GONGXIN_PKI); the admin certificate lists.
# gongxin is $GONGXIN_BUILD_DIR/client/gongxin if set, else on PATH.
# docs/operations.md, "Backing up and restoring the ledger on etcd".
set -euo pipefail
trust="" out=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --trust) trust=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "verify-meetings.sh: unknown option $1 (see its header)" >&2; exit 2 ;;
  esac
done
if [[ -z $trust || -z $out ]]; then
  echo "verify-meetings.sh: --trust PUBKEY and --out DIR are required" >&2
  exit 2
fi
gongxin=gongxin
[[ -n ${GONGXIN_BUILD_DIR:-} ]] && gongxin=$GONGXIN_BUILD_DIR/client/gongxin
cli=("$gongxin" --lang en "$@")
mkdir -p "$out"
chmod 700 "$out"
meetings=$("${cli[@]}" meeting list) || {
  echo "verify-meetings.sh: gongxin meeting list failed" >&2
  exit 1
}
ok=0 failed=0
while read -r id _; do
  [[ -z $id ]] && continue
  file="$out/$id.gxe"
  if ! "${cli[@]}" audit export "$id" --out "$file" >/dev/null 2>"$out/$id.err"; then
    echo "$id: export FAILED: $(tr '\n' ' ' <"$out/$id.err")"
    failed=$((failed + 1))
    continue
  fi
  if verdict=$("${cli[@]}" audit verify "$file" --trust "$trust" 2>&1); then
    echo "$id: $(echo "$verdict" | tail -1)"
    ok=$((ok + 1))
  else
    echo "$id: verify FAILED: $(echo "$verdict" | tr '\n' ' ')"
    failed=$((failed + 1))
  fi
  rm -f "$out/$id.err"
done <<<"$meetings"
echo "$ok meetings verified, $failed failed"
[[ $failed -eq 0 ]]
