#!/usr/bin/python3
"""`gongxin health` (the Kubernetes probes of deploy/kubernetes/) against a
real gongxind on 127.0.0.1 over mutual TLS, keys made here: exit 0 and
SERVING while it serves; exit 1, saying why, with a certificate from
another CA, and once the server is gone (within --timeout); a --timeout out
of range is refused as a usage error (CLI11's code, neither 0 nor 1).

Usage: health_cli_test.py BUILD_DIR WORK_DIR
"""
import os
import shutil
import signal
import subprocess
import sys
import time


def fail(message):
    print("FAILED: " + message)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def main():
    build, work = sys.argv[1:3]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    gongxin = os.path.join(build, "client", "gongxin")
    gongxind = os.path.join(build, "server", "gongxind")
    pki, stranger = os.path.join(work, "pki"), os.path.join(work, "stranger")
    for d in (pki, stranger):
        subprocess.run([gongxin, "pki", "init", d], check=True, capture_output=True)
    port_file = os.path.join(work, "port")
    log = open(os.path.join(work, "gongxind.log"), "w")
    server = subprocess.Popen([gongxind, "--listen", "127.0.0.1:0", "--data-dir",
                               os.path.join(work, "data"), "--tls-dir", pki, "--port-file",
                               port_file], stdout=log, stderr=log)
    for _ in range(300):
        if os.path.exists(port_file) and open(port_file).read().strip():
            break
        check(server.poll() is None, "gongxind ended:\n" +
              open(os.path.join(work, "gongxind.log")).read())
        time.sleep(0.1)
    address = "127.0.0.1:" + open(port_file).read().strip()

    def health(pki_dir, *extra):
        started = time.time()
        r = subprocess.run([gongxin, "--lang", "en", "--server", address, "--pki", pki_dir,
                            "health"] + list(extra), capture_output=True, text=True, timeout=60)
        return r, time.time() - started

    try:
        r, _ = health(pki)
        check(r.returncode == 0 and r.stdout.strip() == address + ": SERVING",
              "health of a serving gongxind: exit %d\n%s%s" % (r.returncode, r.stdout, r.stderr))
        # Any role's certificate from gongxind's CA will do: the probe's is an auditor.
        r, _ = health(pki, "--as", "kiosk")
        check(r.returncode == 0, "health as a kiosk: " + r.stderr)
        r, _ = health(stranger, "--timeout", "3")
        check(r.returncode == 1 and r.stderr and "SERVING" not in r.stdout,
              "health with another CA's certificate: exit %d\n%s%s" % (r.returncode, r.stdout,
                                                                      r.stderr))
        r, _ = health(pki, "--timeout", "0")
        check(r.returncode not in (0, 1) and "--timeout" in r.stderr,
              "--timeout 0: exit %d\n%s" % (r.returncode, r.stderr))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    r, elapsed = health(pki, "--timeout", "2")
    check(r.returncode == 1 and r.stderr, "health of a stopped gongxind: exit %d\n%s%s" % (
        r.returncode, r.stdout, r.stderr))
    check(elapsed < 10, "health of a stopped gongxind took %.1f s with --timeout 2" % elapsed)
    print("gongxin health: 0 while serving; 1 for a foreign certificate and a stopped "
          "server (%.1f s with --timeout 2)" % elapsed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
