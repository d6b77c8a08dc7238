#!/usr/bin/env bash
# The main job, end to end on one machine: installs what is missing, builds,
# starts gongxind on its embedded RocksDB on 127.0.0.1 with mutual TLS, and
# runs the sample meeting (deploy/sample/) through the gongxin CLI — create,
# announce, open, 30 voters each casting a named recommendation ballot
# (实名推荐) and an anonymous satisfaction ballot (无记名评议), close, count,
# export, offline audit, a voter's receipt check, and the printable
# announcement and result report (HTML); then the kiosk page, and a second
# meeting voted by phone with printed slips over HTTPS. Before the formal
# meeting, a short trial vote (试投票) is run and purged.
# Leaves everything in demo/ (data directory, PKI, export, server log).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/deploy/build.sh"

gongxin="$root/build/client/gongxin"
gongxind="$root/build/server/gongxind"
sample="$root/deploy/sample"
demo="$root/demo"
rm -rf "$demo"
mkdir -p "$demo"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# address_of PREFIX FILE: the address a page printed as "PREFIX: URL" in
# FILE, waiting up to 10 s for it.
address_of() {
  for _ in $(seq 100); do
    grep -q "^$1:" "$2" 2>/dev/null && break
    sleep 0.1
  done
  sed -n "s/^$1: //p" "$2"
}

say "本地证书 / local PKI (CA, server, admin, kiosk, officer, auditor, observer)"
"$gongxin" pki init "$demo/pki"

say "服务器公钥 / the server key auditors trust"
"$gongxind" --data-dir "$demo/data" --print-public-key | tee "$demo/server-public.pem"

say "启动 gongxind / starting gongxind on 127.0.0.1 (mutual TLS)"
"$gongxind" --listen 127.0.0.1:0 --data-dir "$demo/data" --tls-dir "$demo/pki" \
  --port-file "$demo/port" 2>"$demo/gongxind.log" &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true; wait $server_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  [[ -s "$demo/port" ]] && break
  kill -0 $server_pid 2>/dev/null || { cat "$demo/gongxind.log"; exit 1; }
  sleep 0.1
done
export GONGXIN_SERVER="127.0.0.1:$(cat "$demo/port")" GONGXIN_PKI="$demo/pki"
export GONGXIN_KIOSK_STATE="$demo/kiosk-state"
echo "gongxind at $GONGXIN_SERVER (log: demo/gongxind.log)"

say "试投票 / a trial vote: two voters practise, it is closed and purged before the formal meeting"
# The same spec, marked as a trial (docs/operations.md, "A trial vote"):
# every page and document says 【试投票】; once closed, purge-trial erases
# it and the registry log records the purge with the trial's final head.
trial_id=$("$gongxin" meeting create --spec "$sample/meeting.yaml" --trial)
echo "trial meeting id: $trial_id"
"$gongxin" meeting announce "$trial_id"
"$gongxin" meeting open "$trial_id"
for voter in v001 v002; do
  "$gongxin" kiosk vote --meeting "$trial_id" --voter "$voter" --choose deputy-head=c1 \
    --grade work=work:satisfied | grep -E '^【|^(receipt|anonymous-receipt) ' | cut -c1-60
done
"$gongxin" meeting close "$trial_id"
"$gongxin" meeting purge-trial "$trial_id"
if "$gongxin" meeting show "$trial_id" 2>/dev/null; then
  echo "ERROR: the purged trial is still served" >&2
  exit 1
fi
"$gongxin" audit registry --trust-note-key "$("$gongxin" audit verifier-key)"

say "建会 / meeting create --spec deploy/sample/meeting.yaml"
id=$("$gongxin" meeting create --spec "$sample/meeting.yaml")
echo "meeting id: $id"
"$gongxin" meeting announce "$id"
# 两公开 before the vote: the printable announcement, tied to the genesis entry.
"$gongxin" meeting announcement "$id" --out "$demo/announcement.html" >/dev/null
"$gongxin" meeting open "$id"

say "投票 / 30 voters check in and cast both forms at the kiosk"
: >"$demo/receipts.txt"
# satisfaction.csv: voter_id,grade — the anonymous form's one graded question.
declare -A satisfaction
while IFS=, read -r voter grade; do
  [[ $voter == voter_id ]] && continue
  satisfaction[$voter]=$grade
done <"$sample/satisfaction.csv"
# ballots.csv: voter_id,question_id,choices(;-separated),write_in — one row
# per voter per question; rows of one voter are consecutive.
# assessment.csv: voter_id,a1,a2 — the competency grades of the two
# assessed cadres (empty = left blank).
declare -A assessment
while IFS=, read -r voter a1 a2; do
  [[ $voter == voter_id ]] && continue
  grades=()
  [[ -n $a1 ]] && grades+=("a1:$a1")
  [[ -n $a2 ]] && grades+=("a2:$a2")
  assessment[$voter]=$(IFS=,; echo "${grades[*]}")
done <"$sample/assessment.csv"
cast_voter() {
  local voter=$1; shift
  local grade=${satisfaction[$voter]:-}
  [[ -n $grade ]] && set -- "$@" --grade "work=work:$grade"
  local assessed=${assessment[$voter]:-}
  [[ -n $assessed ]] && set -- "$@" --grade "competency=$assessed"
  "$gongxin" kiosk vote --meeting "$id" --voter "$voter" "$@" |
    grep -E '^(receipt|anonymous-receipt) ' >>"$demo/receipts.txt"
}
current="" args=()
while IFS=, read -r voter question choices write_in; do
  [[ $voter == voter_id ]] && continue
  if [[ $voter != "$current" && -n $current ]]; then
    cast_voter "$current" "${args[@]}"
    args=()
  fi
  current=$voter
  [[ -n $choices ]] && args+=(--choose "$question=${choices//;/,}")
  [[ -n $write_in ]] && args+=(--write-in "$question=$write_in")
done <"$sample/ballots.csv"
[[ -n $current ]] && cast_voter "$current" "${args[@]}"
echo "$(grep -c '^receipt ' "$demo/receipts.txt") named and $(grep -c '^anonymous-receipt ' "$demo/receipts.txt") anonymous receipts kept in demo/receipts.txt"

say "重复投票被拒绝 / a second ballot from v001 is refused"
if "$gongxin" kiosk vote --meeting "$id" --voter v001 --choose deputy-head=c1; then
  echo "ERROR: a second ballot was accepted" >&2
  exit 1
fi

"$gongxin" meeting show "$id"

say "投票页面 / the kiosk page: staff check in, the voter votes on the booth's screen"
# In a room each kiosk runs this and shows it in Chromium in kiosk mode
# (docs/operations.md, "The kiosk page"). Here every voter has voted
# already, so the demo only starts it, shows the staff's screen and stops.
"$gongxin" kiosk serve "$id" --listen 127.0.0.1:0 --roll "$sample/voters.csv" \
  >"$demo/kiosk-page.out" 2>"$demo/kiosk-page.log" &
page_pid=$!
page_url=$(address_of "kiosk page" "$demo/kiosk-page.out")
echo "kiosk page: $page_url   (open it with: chromium --kiosk --incognito $page_url)"
if command -v chromium >/dev/null && [[ -n $page_url ]]; then
  chromium --headless --disable-gpu --no-sandbox --hide-scrollbars \
    --user-data-dir="$demo/chromium-profile" --window-size=1920,1080 \
    --screenshot="$demo/kiosk-staff.png" "${page_url}?q=v00" >/dev/null 2>&1 || true
  [[ -s "$demo/kiosk-staff.png" ]] && echo "staff screen:        $demo/kiosk-staff.png"
fi
kill "$page_pid" && wait "$page_pid" || true

say "大屏幕 / the room's big screen: progress while voting, no result before publication"
"$gongxin" kiosk screen "$id" --listen 127.0.0.1:0 >"$demo/screen.out" 2>"$demo/screen.log" &
screen_pid=$!
screen_url=$(address_of "screen" "$demo/screen.out")
echo "big screen: $screen_url   (open it with: chromium --kiosk $screen_url)"
if command -v chromium >/dev/null && [[ -n $screen_url ]]; then
  chromium --headless --disable-gpu --no-sandbox --hide-scrollbars \
    --user-data-dir="$demo/chromium-profile" --window-size=1920,1080 \
    --screenshot="$demo/screen.png" "$screen_url" >/dev/null 2>&1 || true
  [[ -s "$demo/screen.png" ]] && echo "big screen now:      $demo/screen.png"
fi
kill "$screen_pid" && wait "$screen_pid" || true

say "手机投票 / voting by phone with printed slips: the evaluation meeting (anonymous forms only)"
# A second meeting of the same unit, deploy/sample/evaluation.yaml: every
# voter signs in at the desk and gets a slip drawn at random; the phone page
# serves HTTPS with a certificate from the room CA (docs/operations.md,
# "The meeting room"). curl stands in for a phone: it trusts the room CA,
# keeps the page's cookie, and posts what a voter's touches post.
"$gongxin" pki issue-server "$demo/pki" --name phone-page --ip 127.0.0.1 >/dev/null
eval_id=$("$gongxin" meeting create --spec "$sample/evaluation.yaml")
"$gongxin" meeting announce "$eval_id"
"$gongxin" kiosk phones "$eval_id" --listen 127.0.0.1:0 --tls-cert "$demo/pki/phone-page.pem" \
  --tls-key "$demo/pki/phone-page.key" >"$demo/phone-page.out" 2>"$demo/phone-page.log" &
phones_pid=$!
phones_url=$(address_of "phone page" "$demo/phone-page.out")
"$gongxin" meeting slips "$eval_id" --group staff --count 8 --page "${phones_url%/}" \
  --ca-cert "$demo/pki/ca.pem" --out "$demo/slips-staff.html"
mapfile -t slips < <(grep -oE '[A-Z2-7]{4}(-[A-Z2-7]{4}){3}-[A-Z2-7]' "$demo/slips-staff.html" | awk '!seen[$0]++')
echo "phone page: $phones_url   slips to print and cut: demo/slips-staff.html"
echo "sample slips: ${slips[0]}  ${slips[1]}  ${slips[2]}"
"$gongxin" meeting open "$eval_id"
"$gongxin" kiosk checkin --meeting "$eval_id" --voter v020 --by-slip
phone() { curl -sS --fail --cacert "$demo/pki/ca.pem" -b "$demo/phone.jar" -c "$demo/phone.jar" "$@"; }
phone -o /dev/null -L "${phones_url}s/${slips[0]//-/}"
phone -o /dev/null -d 'grade.a1=competent&grade.a2=basic&go=next' "${phones_url}answer"
phone -o /dev/null -d 'grade.work=satisfied&go=next' "${phones_url}answer"
phone -o "$demo/phone-receipt.html" -L -d "" "${phones_url}cast"
echo "the phone's receipt codes: $(grep -oE '[A-Z2-7]{4}(-[A-Z2-7]{4}){3}-[A-Z2-7]' "$demo/phone-receipt.html" | sort -u | tr '\n' ' ')"
phone -o /dev/null -d "" "${phones_url}finish"
phone -sS "${phones_url}s/${slips[0]//-/}" | grep -o '这张选票码已经用过[^<]*' || true
kill "$phones_pid" && wait "$phones_pid" || true
"$gongxin" meeting close "$eval_id"
"$gongxin" tally count "$eval_id" >/dev/null
"$gongxin" audit export "$eval_id" --out "$demo/meeting-$eval_id.gxe"
"$gongxin" audit verify "$demo/meeting-$eval_id.gxe" --trust "$demo/server-public.pem"

say "计票 / close — the urn joins the ledger sorted by ballot hash, the token keys are destroyed — and count"
"$gongxin" meeting close "$id"
"$gongxin" tally count "$id"

say "审计 / export, then verify offline with only the export and the public key"
"$gongxin" audit export "$id" --out "$demo/meeting-$id.gxe"
"$gongxin" audit verify "$demo/meeting-$id.gxe" --trust "$demo/server-public.pem" \
  --receipts "$demo/receipts.txt"

say "公开 / the public export (no voter openings) verifies too, and the signed checkpoint of the meeting's Merkle log"
"$gongxin" --as kiosk audit export "$id" --out "$demo/meeting-$id-public.gxe" --public
"$gongxin" audit verify "$demo/meeting-$id-public.gxe" --trust "$demo/server-public.pem"
"$gongxin" audit checkpoint "$id"

say "回执核对 / voter v017 checks an anonymous receipt against the published record"
receipt=$(grep '^anonymous-receipt ' "$demo/receipts.txt" | sed -n 17p)
"$gongxin" receipt check "$receipt" --meeting "$id" --trust "$demo/server-public.pem" \
  --export "$demo/meeting-$id.gxe"

say "公开文件 / the printable documents: the announcement and the result report"
"$gongxin" tally report "$id" --out "$demo/report.html" >/dev/null
"$gongxin" tally report "$id" --out "$demo/report-en.html" --lang en >/dev/null
"$gongxin" tally report "$id" --format json --out "$demo/report.json" >/dev/null
# The full variant names who chose what on the named form: admin only, mode 0600.
"$gongxin" tally report "$id" --variant full --out "$demo/report-full.html" >/dev/null
# The 核验码 printed on the report, checked as a reader of the paper would,
# offline against the public export.
code=$(grep -oE '[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]' "$demo/report.html" | head -1)
say "核验码 / the result report's verification code $code, checked offline"
"$gongxin" code check "$code" --export "$demo/meeting-$id-public.gxe" --trust "$demo/server-public.pem"
if command -v chromium >/dev/null; then
  chromium --headless --disable-gpu --no-sandbox --hide-scrollbars \
    --user-data-dir="$demo/chromium-profile" --window-size=1240,1754 \
    --screenshot="$demo/report.png" "file://$demo/report.html" >/dev/null 2>&1 || true
fi
echo "announcement:        $demo/announcement.html"
echo "result report:       $demo/report.html (English: $demo/report-en.html, JSON: $demo/report.json)"
echo "full report (admin): $demo/report-full.html"
[[ -s "$demo/report.png" ]] && echo "first page preview:  $demo/report.png"
exit 0
