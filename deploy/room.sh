#!/usr/bin/env bash
# Sets up a meeting room on this laptop and runs it: certificates for the
# room's own address and names (nothing needs the internet), gongxind on
# that address, and — for a meeting given with --meeting — the phone page
# on the room's network and the big screen on this laptop's display. Prints
# what kiosks, phones and the projector open. Runs until Ctrl-C (SIGINT or
# SIGTERM), which stops everything it started; run it again to resume (the
# certificates and data in DIR are kept). docs/operations.md, "The meeting
# room".
#
# Usage: deploy/room.sh --ip ADDR [--dns NAME]... [--dir DIR] [--port 7443]
#                       [--meeting ID] [--phone-port 8443] [--screen-port 8090]
#                       [--no-build]
#   --ip       the laptop's address on the room's network (repeatable)
#   --dns      a name the room's Wi-Fi resolves to it (repeatable)
#   --dir      where the room keeps its PKI, data and logs (default: room/)
#   --no-build use the binaries already in build/ (GONGXIN_BUILD_DIR)
#
# After the meeting, once every meeting of the room is archived at the
# organisation's central gongxind (gongxin meeting archive):
#        deploy/room.sh wipe [--dir DIR] --central HOST:PORT --central-pki DIR
#                       [--central-ca F --central-cert F --central-key F]
#                       [--scan DIR]... [--force]
#   checks that the central server holds each meeting with the room's final
#   head (refuses otherwise, unless --force), stops the room, deletes DIR —
#   ledger, urns, secrets, private keys, logs — and verifies: DIR gone, no
#   process of the room left, and no file under each --scan DIR (e.g. the
#   kiosks' state directories) holding a meeting id or a voter's id or name.
#   Prints what it removed and what it checked; exit 1 if a check failed.
#   docs/operations.md, "After the meeting".
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

if [[ ${1:-} == wipe ]]; then
  shift
  exec bash "$root/deploy/room_wipe.sh" "$@"
fi

ips=() dns=() dir="$root/room" port=7443 meeting="" phone_port=8443 screen_port=8090 build=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --ip) ips+=("$2"); shift 2 ;;
    --dns) dns+=("$2"); shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --meeting) meeting=$2; shift 2 ;;
    --phone-port) phone_port=$2; shift 2 ;;
    --screen-port) screen_port=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "room.sh: unknown option $1 (see the header of deploy/room.sh)" >&2; exit 2 ;;
  esac
done
if [[ ${#ips[@]} -eq 0 ]]; then
  echo "room.sh: --ip ADDR is required: the laptop's address on the room's network" >&2
  exit 2
fi
[[ $build == 1 ]] && "$root/deploy/build.sh"
bin=${GONGXIN_BUILD_DIR:-$root/build}
gongxin="$bin/client/gongxin"
gongxind="$bin/server/gongxind"
host=${ips[0]}
hosts=()
for ip in "${ips[@]}"; do hosts+=(--ip "$ip"); done
for name in "${dns[@]}"; do hosts+=(--dns "$name"); done

mkdir -p "$dir"
chmod 700 "$dir"
# Absolute, so the processes' command lines name the room (room_wipe.sh).
dir=$(cd "$dir" && pwd -P)
echo $$ >"$dir/room.pid"
pki="$dir/pki"
if [[ ! -e "$pki/ca.pem" ]]; then
  "$gongxin" pki init "$pki" "${hosts[@]}"
  "$gongxin" pki issue-server "$pki" --name phone-page "${hosts[@]}"
fi

pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop EXIT
trap 'exit 0' INT TERM

rm -f "$dir/port"
"$gongxind" --listen "$host:$port" --data-dir "$dir/data" --tls-dir "$pki" \
  --port-file "$dir/port" 2>>"$dir/gongxind.log" &
pids+=($!)
for _ in $(seq 1 300); do
  [[ -s "$dir/port" ]] && break
  kill -0 "${pids[0]}" 2>/dev/null || { tail -5 "$dir/gongxind.log" >&2; exit 1; }
  sleep 0.1
done
server="$host:$(cat "$dir/port")"
cat >"$dir/room.env" <<EOF
export GONGXIN_SERVER=$server GONGXIN_PKI=$pki
EOF
fingerprint=$(openssl x509 -in "$pki/ca.pem" -noout -fingerprint -sha256 | cut -d= -f2)

echo "gongxind:    $server   (log: $dir/gongxind.log; source $dir/room.env for the CLI)"
echo "room CA:     $pki/ca.pem   SHA-256 $fingerprint"
echo "kiosks:      copy ca.pem and a kiosk certificate (gongxin pki issue $pki --role kiosk --name kiosk-2),"
echo "             then: gongxin --server $server --ca ca.pem --cert kiosk-2.pem --key kiosk-2.key \\"
echo "                   kiosk serve MEETING_ID --listen 127.0.0.1:8080 --roll voters.csv"

if [[ -n $meeting ]]; then
  "$gongxin" --server "$server" --pki "$pki" kiosk phones "$meeting" --listen "$host:$phone_port" \
    --tls-cert "$pki/phone-page.pem" --tls-key "$pki/phone-page.key" \
    >"$dir/phone-page.out" 2>>"$dir/phone-page.log" &
  pids+=($!)
  "$gongxin" --server "$server" --pki "$pki" kiosk screen "$meeting" \
    --listen "127.0.0.1:$screen_port" >"$dir/screen.out" 2>>"$dir/screen.log" &
  pids+=($!)
  for _ in $(seq 1 100); do
    grep -q '^phone page:' "$dir/phone-page.out" 2>/dev/null &&
      grep -q '^screen:' "$dir/screen.out" 2>/dev/null && break
    sleep 0.1
  done
  phones=$(sed -n 's/^phone page: //p' "$dir/phone-page.out")
  screen=$(sed -n 's/^screen: //p' "$dir/screen.out")
  [[ -n $phones && -n $screen ]] || {
    cat "$dir/phone-page.log" "$dir/screen.log" >&2
    exit 1
  }
  echo "phones:      $phones   (print slips: gongxin meeting slips $meeting --group G --count N \\"
  echo "                   --page ${phones%/} --ca-cert $pki/ca.pem --out slips.html)"
  echo "big screen:  $screen   (chromium --kiosk $screen on the projector)"
  # A phone scans this to check, before the meeting, that it reaches the
  # page on the room's Wi-Fi and trusts the room CA; voters scan their slips.
  if command -v qrencode >/dev/null; then
    echo "phone page, to test a phone on the room's Wi-Fi:"
    qrencode -t UTF8 -m 2 "$phones"
  fi
fi
echo "room ready; Ctrl-C stops it"
wait "${pids[0]}"
