#!/usr/bin/env bash
# Makes the real seeds of the export, receipt, credential and note targets by
# running the seed meeting (fuzz/seed-meeting/) through the built gongxind and
# gongxin on 127.0.0.1, as deploy/demo.sh does, and writes them into
# fuzz/corpus/ and fuzz/testdata/ (public keys only: the server's key, the PKI
# and the data directory stay in a temporary directory deleted on exit).
# Run it again when the export format changes; see fuzz/README.md.
# Usage: fuzz/make-seeds.sh [BUILD_DIR]   (default build/, as deploy/build.sh makes it)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
gongxin="$build/client/gongxin" gongxind="$build/server/gongxind"
corpus="$root/fuzz/corpus" testdata="$root/fuzz/testdata" spec="$root/fuzz/seed-meeting/meeting.yaml"
work=$(mktemp -d)
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$testdata" "$corpus"/{export_verify,export_reader,receipt,credential_token,signed_note,checkpoint}

"$gongxin" pki init "$work/pki" >/dev/null
"$gongxind" --data-dir "$work/data" --print-public-key >"$testdata/server-public.pem"
"$gongxind" --listen 127.0.0.1:0 --data-dir "$work/data" --tls-dir "$work/pki" \
  --port-file "$work/port" 2>"$work/gongxind.log" &
server_pid=$!
for _ in $(seq 1 600); do
  [[ -s "$work/port" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/gongxind.log" >&2; exit 1; }
  sleep 0.1
done
export GONGXIN_SERVER="127.0.0.1:$(cat "$work/port")" GONGXIN_PKI="$work/pki"
export GONGXIN_KIOSK_STATE="$work/kiosk-state"

id=$("$gongxin" meeting create --spec "$spec")
echo "$id" >"$testdata/meeting-id.txt"
"$gongxin" meeting draw-sample "$id" --beacon 42 >/dev/null
"$gongxin" meeting announce "$id" >/dev/null
"$gongxin" meeting open "$id" >/dev/null
grades=(satisfied basic dissatisfied)
choices=("--choose head=c1" "--choose head=c2" "--write-in head=王五")
for i in 1 2 3; do
  "$gongxin" kiosk checkin --meeting "$id" --voter "v$i" >"$work/checkin-$i"
  credential=$(awk '$1 == "credential" {print $3}' "$work/checkin-$i")
  token=$(awk '$1 == "token" {print $3}' "$work/checkin-$i")
  # Byte 0 of a credential_token seed chooses what the rest is (see the target).
  printf '\x00%s' "$credential" >"$corpus/credential_token/credential-v$i"
  printf '\x01%s' "$token" >"$corpus/credential_token/token-v$i"
  # shellcheck disable=SC2086  # the choice is two words
  { "$gongxin" kiosk cast --credential "$credential" ${choices[i - 1]}
    "$gongxin" kiosk cast --token "$token" --grade "work=work:${grades[i - 1]}"
  } | grep -E '^(receipt|anonymous-receipt) ' >>"$work/receipts"
done
"$gongxin" meeting close "$id" >/dev/null
"$gongxin" tally count "$id" >/dev/null
# The selection records (issue 16) ride on the same export: a document by
# hash, an observer's opinion, the 任前公示 and one outcome (its period is
# long over, so the outcome is accepted).
printf '张三同志考察报告\n' >"$work/report.txt"
"$gongxin" record add "$id" --kind 考察报告 --file "$work/report.txt" --candidate c1 >/dev/null
"$gongxin" observer opinion "$id" --text 同意 >/dev/null
"$gongxin" notice publish "$id" --start 2020-01-01 --end 2020-01-07 --channel 网站 --subject c1 >/dev/null
"$gongxin" notice outcome "$id" --candidate c1 --outcome 正式任用 >/dev/null
"$gongxin" audit export "$id" --out "$corpus/export_verify/full.gxe" >/dev/null
"$gongxin" --as kiosk audit export "$id" --out "$corpus/export_verify/public.gxe" --public >/dev/null
cp "$corpus/export_verify/public.gxe" "$corpus/export_reader/public.gxe"
"$gongxin" audit verify "$corpus/export_verify/full.gxe" --trust "$testdata/server-public.pem" \
  --receipts "$work/receipts" >/dev/null

"$gongxin" audit verifier-key >"$testdata/server-note-key.txt"
"$gongxin" audit checkpoint "$id" >"$work/checkpoint"
printf '\x00' | cat - "$work/checkpoint" >"$corpus/signed_note/server-checkpoint"
# The checkpoint's text, up to the blank line, is a checkpoint seed.
printf '\x00' | cat - <(sed '/^$/q' "$work/checkpoint" | sed '$d') >"$corpus/checkpoint/server-checkpoint"
n=0
while read -r kind word; do
  n=$((n + 1))
  printf '\x00%s %s\n' "$kind" "$word" >"$corpus/receipt/$kind-$n"
  [[ $kind == receipt ]] || continue
  # A named receipt with the latest checkpoint and its inclusion proof.
  # (base64 -d decodes the unpadded word, then complains of the padding.)
  seq=$({ printf '%s' "$word" | tr -- '-_' '+/' | base64 -d 2>/dev/null || true; } |
    protoc --decode=gongxin.v1.Receipt -I "$root/proto" gongxin/v1/ledger.proto |
    sed -n 's/^seq: //p')
  { printf '\x01%s %s\n--\n' "$kind" "$word"; cat "$work/checkpoint"; printf -- '--\n'
    "$gongxin" audit prove inclusion "$id" --index "$seq"; } >"$corpus/receipt/$kind-$n-proof"
done <"$work/receipts"

# The anonymous form's token key, from the export's token_key record.
python3 - "$corpus/export_verify/public.gxe" "$testdata/token-key.pem" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
start = data.index(b'-----BEGIN PUBLIC KEY-----')
end = data.index(b'-----END PUBLIC KEY-----', start) + len(b'-----END PUBLIC KEY-----')
open(sys.argv[2], 'wb').write(data[start:end] + b'\n')
PY
echo "seeds written: $(find "$corpus" -type f | wc -l) files under fuzz/corpus, keys in fuzz/testdata"
