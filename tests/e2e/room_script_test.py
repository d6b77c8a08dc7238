#!/usr/bin/python3
"""deploy/room.sh, as a room's laptop runs it: certificates for the room's
own address (127.0.0.2 and the name vote.room stand in for the room's
network — never a real one), gongxind on that address, then, for a meeting,
the phone page on the room's address and the big screen on loopback. A
client that trusts only the room CA reaches each by the address the script
printed; Ctrl-C (SIGTERM) stops everything; a second run reuses the room's
certificates and data.

Usage: room_script_test.py SOURCE_DIR BUILD_DIR SAMPLE_DIR WORK_DIR
"""
import atexit
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.request


def fail(message):
    print("FAILED: " + message)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


STARTED = []


@atexit.register
def stop_leftovers():
    # A failed check exits at once: stop any room.sh still running, as its
    # Ctrl-C would, so no gongxind outlives the test.
    for process in STARTED:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def start(source, build, room, *extra):
    env = dict(os.environ, GONGXIN_BUILD_DIR=build)
    process = subprocess.Popen(
        ["bash", os.path.join(source, "deploy", "room.sh"), "--no-build", "--dir", room,
         "--ip", "127.0.0.2", "--dns", "vote.room", "--port", "0"] + list(extra),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    STARTED.append(process)
    lines = []
    deadline = time.time() + 60
    while time.time() < deadline:
        line = process.stdout.readline()
        if not line:
            fail("room.sh ended early:\n%s%s" % ("".join(lines), process.stderr.read()))
        lines.append(line)
        if line.startswith("room ready"):
            return process, "".join(lines)
    fail("room.sh never said it was ready:\n" + "".join(lines))


def stop(process):
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        fail("room.sh did not stop on SIGTERM")


def refused(host, port):
    try:
        socket.create_connection((host, port), timeout=2).close()
        return False
    except OSError:
        return True


def main():
    source, build, sample, work = sys.argv[1:5]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    room = os.path.join(work, "room")
    gongxin = os.path.join(build, "client", "gongxin")

    process, out = start(source, build, room)
    match = re.search(r"gongxind:\s+(127\.0\.0\.2):(\d+)", out)
    check(match, "no gongxind address printed:\n" + out)
    server = "%s:%s" % match.groups()
    check("SHA-256" in out and "kiosk serve" in out, "no CA fingerprint or kiosk command:\n" + out)
    created = subprocess.run(
        [gongxin, "--pki", os.path.join(room, "pki"), "--server", server, "meeting", "create",
         "--spec", os.path.join(sample, "evaluation.yaml")], capture_output=True, text=True)
    check(created.returncode == 0, "a client on the room's address: " + created.stderr)
    meeting = created.stdout.strip()
    stop(process)
    check(refused("127.0.0.2", int(match.group(2))), "gongxind still listens after Ctrl-C")

    # Again, for the meeting: its phone page and big screen too.
    process, out = start(source, build, room, "--meeting", meeting, "--phone-port", "0",
                         "--screen-port", "0")
    phones = re.search(r"phones:\s+(https://127\.0\.0\.2:\d+/)", out)
    screen = re.search(r"big screen:\s+(http://127\.0\.0\.1:\d+/)", out)
    check(phones and screen, "no phone page or screen address printed:\n" + out)
    # The QR code printed is the phone page's address, as qrencode draws it.
    drawn = subprocess.run(["qrencode", "-t", "UTF8", "-m", "2", phones.group(1)],
                           capture_output=True, text=True)
    check(drawn.returncode == 0 and drawn.stdout in out,
          "no QR code of the phone page's address printed:\n" + out)
    # Only the room CA is trusted, and the name checked is the address printed.
    context = ssl.create_default_context(cafile=os.path.join(room, "pki", "ca.pem"))
    page = urllib.request.urlopen(phones.group(1), context=context, timeout=10).read().decode()
    check("手机投票" in page, "the phone page did not answer:\n" + page[:500])
    shown = urllib.request.urlopen(screen.group(1), timeout=10).read().decode()
    check("应到" in shown, "the big screen did not answer:\n" + shown[:500])
    stop(process)
    check(refused("127.0.0.2", int(phones.group(1).rsplit(":", 1)[1].strip("/"))),
          "the phone page still listens after Ctrl-C")
    print("OK: room on 127.0.0.2: gongxind, phone page and big screen reached; stopped and resumed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
