#!/usr/bin/env bash
# Installs the Debian 12 packages gongxin needs, only those missing.
# Usage: deploy/install-deps.sh [--fuzz]   (--fuzz adds what deploy/fuzz.sh uses)
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  # Links the test executables about five times faster than ld.bfd.
  mold
  protobuf-compiler protobuf-compiler-grpc libprotobuf-dev libgrpc++-dev
  libabsl-dev librocksdb-dev libssl-dev openssl
  libyaml-cpp-dev libcli11-dev libcsv-dev
  libutf8proc-dev libgtest-dev libgmock-dev libbenchmark-dev
  # The kiosk page (kioskpage/): its HTTP server and the receipts' QR codes.
  libcpp-httplib-dev libqrencode-dev
  # deploy/room.sh prints the phone page's address as a QR code in the terminal.
  qrencode
  # deploy/demo.sh: curl stands in for a voter's phone on the phone page.
  curl
  # Test-only: the layering check (tests/layering/check_layering.py).
  python3
  # Test-only: tests/interop cross-checks checkpoints and proofs with Go's
  # sumdb/note and sumdb/tlog (about 80 MB to download; skipped if absent).
  golang-go golang-golang-x-mod-dev
  # The report tests render the HTML report in headless Chromium; the CJK
  # font makes its Chinese text real glyphs in the screenshot. `--format pdf`
  # (tally report, meeting announcement) prints the page with the same
  # Chromium, embedding that font.
  chromium fonts-wqy-microhei
  # `--format xlsx` and the roll template: Excel workbooks (client/xlsx_file.h).
  libxlsxwriter-dev
  # Test-only: the workbooks are read back with openpyxl and the PDFs checked
  # with pdffonts, pdftoppm and pdftotext — tools we did not write.
  python3-openpyxl poppler-utils
  # Test-only: tests/e2e/kiosk_page_browser_test.py drives Debian's Chromium
  # through chromium-driver (Debian's /usr/bin/python3 and its selenium).
  chromium-driver python3-selenium
  # certutil: the phone-page test installs the room CA in the browser's own
  # certificate store, as a phone's owner would.
  libnss3-tools
  # The ledger on an etcd cluster (gongxind --etcd-endpoint; issue 15): the
  # store's tests start a real etcd on 127.0.0.1. Debian's etcd 3.4.
  etcd-server
  # etcdctl: deploy/etcd/backup.sh and restore.sh (snapshot save, status,
  # restore), and their test (tests/e2e/etcd_backup_test.py).
  etcd-client
  # Test-only: deploy/kubernetes/check.py reads the manifests, and
  # etcd_backup_test.py writes a meeting spec, with PyYAML.
  python3-yaml
)
# deploy/fuzz.sh only: clang-14 with libFuzzer and the sanitizer runtimes
# (libclang-rt-14-dev holds the fuzzer runtime -fsanitize=fuzzer links).
if [[ ${1:-} == --fuzz ]]; then
  packages+=(clang-14 libclang-rt-14-dev libfuzzer-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "gongxin: installing missing Debian packages: ${missing[*]}" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
