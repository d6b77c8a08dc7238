#!/usr/bin/python3
"""After the meeting (issue 14, item 7): the room's record archived into the
organisation's central gongxind, then the room's laptop wiped and the wipe
verified — with real processes on loopback: the room is deploy/room.sh on
127.0.0.2 with its own PKI, the central gongxind is on 127.0.0.3 with
another; both over mutual TLS, keys made here.

A meeting is voted (named and anonymous forms), counted and published in
the room. The archive refuses an export not yet published, a tampered one,
one checked with the wrong room key and a public one; takes the full export
once and says "already archived" after, and a later record (a document
recorded in the room since) extends it; then the central server serves it
like its own meetings (show, list, result, report) but read-only, and an
export fetched from it is byte for byte the room's and verifies with the
ROOM's key — also after the central server restarts. The wipe refuses
before the archive and succeeds after; then no file of the laptop holds
the meeting id or a voter's name (which a scan before the wipe does find).

Usage: room_archive_test.py SOURCE_DIR BUILD_DIR SAMPLE_DIR WORK_DIR
"""
import csv
import os
import re
import shutil
import signal
import subprocess
import sys
import time

VOTERS = ["v001", "v002", "v003", "v004"]


def fail(message):
    print("FAILED: " + message)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


class Cli:
    def __init__(self, gongxin, server, pki, env):
        self.gongxin, self.server, self.pki, self.env = gongxin, server, pki, env

    def run(self, *args, ok=True, role=None):
        argv = [self.gongxin, "--server", self.server, "--pki", self.pki, "--lang", "en"]
        if role:
            argv += ["--as", role]
        result = subprocess.run(argv + list(args), capture_output=True, text=True, env=self.env,
                                timeout=120)
        if ok is True and result.returncode != 0:
            fail("gongxin %s: exit %d\n%s%s" % (" ".join(args), result.returncode, result.stdout,
                                                  result.stderr))
        if ok is False and result.returncode == 0:
            fail("gongxin %s was not refused:\n%s" % (" ".join(args), result.stdout))
        return result


def start_room(source, build, room, env):
    process = subprocess.Popen(
        ["bash", os.path.join(source, "deploy", "room.sh"), "--no-build", "--dir", room,
         "--ip", "127.0.0.2", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=dict(env, GONGXIN_BUILD_DIR=build))
    lines = []
    deadline = time.time() + 60
    while time.time() < deadline:
        line = process.stdout.readline()
        if not line:
            fail("room.sh ended early:\n%s%s" % ("".join(lines), process.stderr.read()))
        lines.append(line)
        if line.startswith("room ready"):
            out = "".join(lines)
            match = re.search(r"gongxind:\s+(127\.0\.0\.2:\d+)", out)
            check(match, "no gongxind address printed:\n" + out)
            return process, match.group(1)
    fail("room.sh never said it was ready:\n" + "".join(lines))


def start_central(gongxind, central):
    port_file = os.path.join(central, "port")
    if os.path.exists(port_file):
        os.remove(port_file)
    log = open(os.path.join(central, "gongxind.log"), "a")
    process = subprocess.Popen(
        [gongxind, "--listen", "127.0.0.3:0", "--data-dir", os.path.join(central, "data"),
         "--tls-dir", os.path.join(central, "pki"), "--port-file", port_file],
        stdout=log, stderr=log)
    for _ in range(300):
        if os.path.exists(port_file) and open(port_file).read().strip():
            return process, "127.0.0.3:" + open(port_file).read().strip()
        check(process.poll() is None, "central gongxind ended:\n" +
              open(os.path.join(central, "gongxind.log")).read())
        time.sleep(0.1)
    fail("central gongxind never wrote its port")


def ballots(sample):
    """Each voter's `kiosk vote` flags, from the sample's CSV files (as demo.sh)."""
    flags = {v: [] for v in VOTERS}
    with open(os.path.join(sample, "ballots.csv")) as f:
        for row in csv.DictReader(f):
            if row["voter_id"] in flags:
                if row["choices"]:
                    flags[row["voter_id"]] += ["--choose", "%s=%s" % (
                        row["question_id"], row["choices"].replace(";", ","))]
                if row["write_in"]:
                    flags[row["voter_id"]] += ["--write-in", "%s=%s" % (
                        row["question_id"], row["write_in"])]
    with open(os.path.join(sample, "satisfaction.csv")) as f:
        for row in csv.DictReader(f):
            if row["voter_id"] in flags:
                flags[row["voter_id"]] += ["--grade", "work=work:" + row["grade"]]
    with open(os.path.join(sample, "assessment.csv")) as f:
        for row in csv.DictReader(f):
            if row["voter_id"] in flags:
                grades = ["%s:%s" % (k, row[k]) for k in ("a1", "a2") if row[k]]
                if grades:
                    flags[row["voter_id"]] += ["--grade", "competency=" + ",".join(grades)]
    return flags


def voter_names(sample):
    with open(os.path.join(sample, "voters.csv")) as f:
        return {row["voter_id"]: row["name"] for row in csv.DictReader(f)}


def files_holding(top, words):
    """Every file under `top` whose raw bytes hold one of `words`."""
    found = []
    needles = [w.encode() for w in words]
    for dirpath, _, names in os.walk(top):
        for name in names:
            path = os.path.join(dirpath, name)
            try:
                data = open(path, "rb").read()
            except OSError:
                continue
            if any(n in data for n in needles):
                found.append(path)
    return found


def wipe(source, build, room, central_server, central_pki, scan, env):
    return subprocess.run(
        ["bash", os.path.join(source, "deploy", "room.sh"), "wipe", "--dir", room,
         "--central", central_server, "--central-pki", central_pki, "--scan", scan],
        capture_output=True, text=True, env=dict(env, GONGXIN_BUILD_DIR=build, GONGXIN_LANG="en"),
        timeout=120)


def main():
    source, build, sample, work = sys.argv[1:5]
    shutil.rmtree(work, ignore_errors=True)
    laptop = os.path.join(work, "laptop")  # the room's laptop: everything the wipe must clear
    room = os.path.join(laptop, "room")
    central = os.path.join(work, "central")  # the organisation's server, elsewhere
    os.makedirs(laptop)
    os.makedirs(central)
    gongxin = os.path.join(build, "client", "gongxin")
    gongxind = os.path.join(build, "server", "gongxind")
    # The kiosk's state is on the laptop too, beside the room's directory.
    env = dict(os.environ, GONGXIN_KIOSK_STATE=os.path.join(laptop, "kiosk-state"))

    # The room, and a meeting in it: voted, closed, counted.
    room_process, room_server = start_room(source, build, room, env)
    rcli = Cli(gongxin, room_server, os.path.join(room, "pki"), env)
    meeting = rcli.run("meeting", "create", "--spec",
                       os.path.join(sample, "meeting.yaml")).stdout.strip()
    rcli.run("meeting", "announce", meeting)
    rcli.run("meeting", "open", meeting)
    for voter, flags in ballots(sample).items():
        rcli.run("kiosk", "vote", "--meeting", meeting, "--voter", voter, *flags)
    rcli.run("meeting", "close", meeting)
    rcli.run("tally", "count", meeting)
    room_key = os.path.join(laptop, "room.pub")
    with open(room_key, "w") as f:
        subprocess.run([gongxind, "--data-dir", os.path.join(room, "data"), "--print-public-key"],
                       stdout=f, check=True)

    # The central server, with its own PKI and key.
    subprocess.run([gongxin, "pki", "init", os.path.join(central, "pki"), "--ip", "127.0.0.3"],
                   check=True, capture_output=True)
    central_key = os.path.join(central, "central.pub")
    with open(central_key, "w") as f:
        subprocess.run([gongxind, "--data-dir", os.path.join(central, "data"),
                        "--print-public-key"], stdout=f, check=True)
    central_process, central_server = start_central(gongxind, central)
    central_pki = os.path.join(central, "pki")
    ccli = Cli(gongxin, central_server, central_pki, env)

    # Counted but not published: neither archived nor wiped.
    counted = os.path.join(room, "counted.gxe")
    rcli.run("audit", "export", meeting, "--out", counted)
    refused = ccli.run("meeting", "archive", counted, "--room-key", room_key, ok=False)
    check("FAILED_PRECONDITION" in refused.stderr and "PUBLISHED" in refused.stderr,
          "an unpublished meeting: " + refused.stderr)
    early = wipe(source, build, room, central_server, central_pki, laptop, env)
    check(early.returncode == 1 and "refused" in early.stderr,
          "the wipe ran before the archive:\n%s%s" % (early.stdout, early.stderr))
    check("NOT archived" in early.stdout, "the wipe's refusal names no meeting:\n" + early.stdout)
    check(os.path.isdir(os.path.join(room, "data")) and room_process.poll() is None,
          "a refused wipe touched the room")

    rcli.run("meeting", "publish", meeting)
    export = os.path.join(room, "meeting.gxe")
    rcli.run("audit", "export", meeting, "--out", export)
    public = os.path.join(room, "public.gxe")
    rcli.run("audit", "export", meeting, "--out", public, "--public")
    data = open(export, "rb").read()

    # Refusals: a tampered export, the wrong room key, a public export.
    tampered = os.path.join(room, "tampered.gxe")
    name = voter_names(sample)["v002"].encode()
    at = data.find(name)
    check(at > 0, "the full export does not hold voter v002's name")
    with open(tampered, "wb") as f:
        f.write(data[:at] + bytes([data[at] ^ 1]) + data[at + 1:])
    refused = ccli.run("meeting", "archive", tampered, "--room-key", room_key, ok=False)
    check("INVALID_ARGUMENT" in refused.stderr and "does not verify" in refused.stderr,
          "a tampered export: " + refused.stderr)
    refused = ccli.run("meeting", "archive", export, "--room-key", central_key, ok=False)
    check("INVALID_ARGUMENT" in refused.stderr and "does not verify" in refused.stderr,
          "the wrong room key: " + refused.stderr)
    refused = ccli.run("meeting", "archive", public, "--room-key", room_key, ok=False)
    check("public export" in refused.stderr, "a public export: " + refused.stderr)
    refused = ccli.run("meeting", "archive", export, "--room-key", room_key, ok=False,
                       role="auditor")
    check("PERMISSION_DENIED" in refused.stderr, "an auditor archived: " + refused.stderr)
    check(meeting not in ccli.run("meeting", "list").stdout, "a refusal left a meeting behind")

    # The archive, then the same record again (a fresh export: other bytes).
    archived = ccli.run("meeting", "archive", export, "--room-key", room_key).stdout
    check(meeting + ": archived" in archived, "archive said:\n" + archived)
    again = os.path.join(room, "again.gxe")
    rcli.run("audit", "export", meeting, "--out", again)
    archived = ccli.run("meeting", "archive", again, "--room-key", room_key).stdout
    check("already archived" in archived, "a second archive said:\n" + archived)

    # What comes after the meeting (here a 考察报告 by hash) cannot be written
    # at the central server; it is recorded in the room, and the longer
    # record archived again extends the archive.
    report_file = os.path.join(room, "考察报告-c1.txt")
    with open(report_file, "w") as f:
        f.write("张伟同志考察报告\n")
    refused = ccli.run("record", "add", meeting, "--kind", "考察报告", "--file", report_file,
                       ok=False)
    check("archived meeting" in refused.stderr, "a record on the archive: " + refused.stderr)
    rcli.run("record", "add", meeting, "--kind", "考察报告", "--file", report_file)
    later = os.path.join(room, "later.gxe")
    rcli.run("audit", "export", meeting, "--out", later)
    archived = ccli.run("meeting", "archive", later, "--room-key", room_key).stdout
    check("extends the one archived before" in archived,
          "archiving the later record said:\n" + archived)
    refused = ccli.run("meeting", "archive", export, "--room-key", room_key, ok=False)
    check("not a later record" in refused.stderr,
          "the earlier record after the later one: " + refused.stderr)
    data = open(later, "rb").read()

    def served_centrally():
        shown = ccli.run("meeting", "show", meeting).stdout
        check("Published" in shown or "PUBLISHED" in shown.upper(), "central show:\n" + shown)
        check("archived" in shown, "central show does not say archived:\n" + shown)
        check(meeting in ccli.run("meeting", "list").stdout, "central list lacks the meeting")
        room_result = rcli.run("tally", "show", meeting).stdout
        check(ccli.run("tally", "show", meeting).stdout == room_result,
              "the central result differs from the room's")
        fetched = os.path.join(central, "fetched.gxe")
        ccli.run("audit", "export", meeting, "--out", fetched)
        check(open(fetched, "rb").read() == data,
              "the export fetched from central is not the room's bytes")
        ccli.run("audit", "verify", fetched, "--trust", room_key)
        ccli.run("audit", "verify", fetched, "--trust", central_key, ok=False)
        ccli.run("audit", "export", meeting, "--out", fetched, "--public", role="kiosk")
        ccli.run("audit", "verify", fetched, "--trust", room_key)
        ccli.run("tally", "report", meeting, "--variant", "full", "--out",
                 os.path.join(central, "report-full.html"))
        refused = ccli.run("kiosk", "checkin", "--meeting", meeting, "--voter", "v010", ok=False)
        check("FAILED_PRECONDITION" in refused.stderr and "archived meeting" in refused.stderr,
              "a check-in on the archive: " + refused.stderr)
        refused = ccli.run("meeting", "close", meeting, ok=False)
        check("archived meeting" in refused.stderr, "a transition on the archive: " +
              refused.stderr)

    served_centrally()
    # The central registry log lists it, its leaf committing to the room's genesis.
    vkey = ccli.run("audit", "verifier-key").stdout.strip()
    listed = ccli.run("audit", "registry", "--trust-note-key", vkey).stdout
    check(meeting in listed and "MISSING" not in listed, "audit registry:\n" + listed)
    # A restart of the central server: the archive is read back and verified.
    central_process.send_signal(signal.SIGTERM)
    central_process.wait(timeout=30)
    central_process, central_server = start_central(gongxind, central)
    ccli.server = central_server
    served_centrally()
    log = open(os.path.join(central, "gongxind.log")).read()
    check("1 archive(s)" in log, "the restart did not load the archive:\n" + log)

    # The wipe: before it, the laptop holds the meeting (the scan works)...
    names = voter_names(sample)
    words = [meeting, names["v001"], names["v030"]]
    check(files_holding(laptop, words), "the scan finds nothing even before the wipe")
    done = wipe(source, build, room, central_server, central_pki, laptop, env)
    check(done.returncode == 0, "the wipe failed:\n%s%s" % (done.stdout, done.stderr))
    check("wipe verified" in done.stdout and "private keys" in done.stdout,
          "no wipe report:\n" + done.stdout)
    room_process.wait(timeout=30)
    check(not os.path.exists(room), "the room's directory is still there")
    # ...and after it, nothing: not the ids, not a voter's name.
    left = files_holding(laptop, words + [names[v] for v in VOTERS])
    check(not left, "the wiped laptop still holds the meeting: %s" % left)
    # The central copy is untouched by the wipe.
    verified_after = os.path.join(central, "after.gxe")
    ccli.run("audit", "export", meeting, "--out", verified_after)
    ccli.run("audit", "verify", verified_after, "--trust", room_key)
    central_process.send_signal(signal.SIGTERM)
    central_process.wait(timeout=30)
    print(done.stdout)
    print("OK: meeting %s archived at %s, served and verified with the room key after a "
          "restart; the room wiped and verified" % (meeting, central_server))
    return 0


if __name__ == "__main__":
    sys.exit(main())
