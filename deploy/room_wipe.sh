#!/usr/bin/env bash
# The verified wipe of a meeting room's laptop after its record is archived
# centrally: `deploy/room.sh wipe` (usage in the header of room.sh;
# docs/operations.md, "After the meeting"). It deletes only the room's own
# directory — one that room.sh made — and then checks that nothing of the
# meetings is left where it was told to look.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${GONGXIN_BUILD_DIR:-$root/build}
gongxin="$bin/client/gongxin"

dir="$root/room" central="" force=0 central_args=() scans=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --dir) dir=$2; shift 2 ;;
    --central) central=$2; shift 2 ;;
    --central-pki|--central-ca|--central-cert|--central-key) central_args+=("$1" "$2"); shift 2 ;;
    --scan) scans+=("$2"); shift 2 ;;
    --force) force=1; shift ;;
    *) echo "room.sh wipe: unknown option $1 (see the header of deploy/room.sh)" >&2; exit 2 ;;
  esac
done

refuse() {
  echo "room.sh wipe: refused: $*" >&2
  exit 1
}

[[ -d $dir ]] || refuse "$dir is not a directory"
dir=$(cd "$dir" && pwd -P)
# Only a directory room.sh made: its PKI and its ledger are there.
[[ -e $dir/pki/ca.pem && -d $dir/data ]] ||
  refuse "$dir does not look like a room's directory (room.sh makes pki/ca.pem and data/ there)"
case $dir in
  / | "$HOME" | "$root" | "$(dirname "$root")") refuse "$dir is not a room's own directory" ;;
esac
[[ -n $central || $force == 1 ]] ||
  { echo "room.sh wipe: --central HOST:PORT is required (or --force)" >&2; exit 2; }

# 1. The archive: the central server must hold every meeting of the room
#    with the room's final head. It asks the room's gongxind, which must
#    still be running; the words to look for afterwards come from the same
#    call (the meetings' ids, the voters' ids and names), kept in memory.
words_file="$dir/wipe-words"
words=()
server=""
if [[ -s $dir/room.env ]]; then
  server=$(sed -n 's/^export GONGXIN_SERVER=\([^ ]*\).*/\1/p' "$dir/room.env")
fi
if [[ -n $central ]]; then
  [[ -n $server ]] || [[ $force == 1 ]] ||
    refuse "the room's gongxind is not running (no $dir/room.env): start the room again (deploy/room.sh --ip ...) so the wipe can compare its heads with the central server's"
  checked=1
  if [[ -n $server ]]; then
    "$gongxin" --server "$server" --pki "$dir/pki" meeting archive-check --central "$central" \
      "${central_args[@]}" --scan-words "$words_file" || checked=0
  else
    checked=0
  fi
  if [[ $checked == 0 && $force == 0 ]]; then
    refuse "not every meeting of this room is archived at $central with the room's final head (above); nothing was removed"
  fi
  [[ -s $words_file ]] && mapfile -t words <"$words_file"
fi
[[ $force == 1 ]] && echo "room.sh wipe: --force: wiping without a confirmed archive" >&2

echo "== wipe of $dir"
# 2. Stop the room: room.sh (whose Ctrl-C handler stops gongxind and the
#    pages), then any process still running from the room's directory.
if [[ -s $dir/room.pid ]]; then
  pid=$(cat "$dir/room.pid")
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'room\.sh'; then
    kill -TERM "$pid"
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    echo "stopped:   room.sh (pid $pid) and what it started"
  fi
fi
room_processes() {
  local p line
  for p in /proc/[0-9]*; do
    [[ ${p#/proc/} == "$$" || ${p#/proc/} == "$BASHPID" ]] && continue
    line=$(tr '\0' ' ' <"$p/cmdline" 2>/dev/null) || continue
    # Not this script (its arguments name the room too).
    [[ $line == *room_wipe.sh* ]] && continue
    [[ $line == *"$dir/"* ]] && echo "${p#/proc/}"
  done
  return 0
}
for pid in $(room_processes); do
  kill -TERM "$pid" 2>/dev/null && echo "stopped:   pid $pid ($(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-80))"
done
sleep 0.5

# 3. Remove. What is there, for the report, then the directory itself.
echo "removing:"
for item in "$dir"/* "$dir"/.[!.]*; do
  [[ -e $item ]] || continue
  echo "  ${item#"$dir"/}  ($(du -sh "$item" | cut -f1))"
done
keys=$(find "$dir" -name '*.key' -o -name '*secrets*' | wc -l)
echo "  of which private keys and meeting secrets: $keys file(s)"
# shred first where the disk is one it helps on (not an SSD's remapped
# blocks: the laptop's disk encryption is what covers those).
find "$dir" -type f \( -name '*.key' -o -path '*secrets*' \) -exec shred -u {} + 2>/dev/null || true
rm -rf -- "$dir"

# 4. Verify.
failed=0
check() {
  if "$@"; then echo "  ok:     $label"; else echo "  FAILED: $label"; failed=1; fi
}
echo "checks:"
label="$dir is gone"; check test ! -e "$dir"
label="no process runs from $dir"; check test -z "$(room_processes)"
if [[ -n $server ]]; then
  host=${server%:*} port=${server##*:}
  label="nothing listens on the room's gongxind address $server"
  check bash -c "! (exec 3<>/dev/tcp/$host/$port) 2>/dev/null"
fi
if [[ ${#words[@]} -eq 0 ]]; then
  echo "  (no words to look for: the archive check did not run)"
else
  echo "  looking for ${#words[@]} word(s): the meeting ids, the voters' ids and names"
  for scan in "${scans[@]}"; do
    if [[ ! -d $scan ]]; then
      label="--scan $scan is a directory"; check false
      continue
    fi
    found=$(grep -rlF -f <(printf '%s\n' "${words[@]}") -- "$scan" 2>/dev/null || true)
    label="no file under $scan holds one of them"
    check test -z "$found"
    [[ -n $found ]] && printf '          %s\n' $found
  done
fi
if [[ $failed == 1 ]]; then
  echo "room.sh wipe: the wipe is NOT verified (above)" >&2
  exit 1
fi
echo "wipe verified"
