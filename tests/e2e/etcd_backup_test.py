#!/usr/bin/python3
"""Backing up and restoring the ledger on etcd (issue 15, item 7), with the
scripts an operator runs — deploy/etcd/backup.sh, restore.sh and
verify-meetings.sh — and real processes on 127.0.0.1: a 3-member etcd with
mutual TLS between members and towards clients (a CA and certificates made
here with openssl, the settings of deploy/etcd/etcd.default), gongxind on
it, meetings through the CLI.

Three meetings: the sample (named and anonymous forms) voted, closed and
counted; a named-only one left open with three votes; the sample again,
open with two voters. Snapshot 1; two more votes in the second; the third
voted to the end, closed, counted and exported; snapshot 2. Then the etcd cluster is destroyed (every member
killed, every data directory deleted) and restored from snapshot 2 into
fresh data directories: gongxind starts on it, every meeting exports and
verifies with the same signed head, Merkle root and ballots as before the
loss (and the same count), and the
open meeting takes its next vote. Destroyed again and restored from
snapshot 1: the two later votes are gone — exactly snapshot 1's record,
which verifies — and those voters can vote again, while an auditor's
`audit watch`, which had seen the later checkpoints, reports the rollback;
the third meeting, back open in the ledger but with its key slot destroyed
at its close, refuses to go on (DATA_LOSS), and its export made at the
close still verifies as counted. Refusals: a backup with
a certificate etcd does not trust keeps nothing; a restore over an existing
data directory, or from a copy that does not match its checksum, makes
nothing. Prints how long the backup and the restore took.

Usage: etcd_backup_test.py SOURCE_DIR BUILD_DIR SAMPLE_DIR WORK_DIR
"""
import csv
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time

import yaml

ETCD = "/usr/bin/etcd"
ETCDCTL = "/usr/bin/etcdctl"
MEMBERS = 3
SAMPLE_VOTERS = ["v001", "v002", "v003", "v004"]


STARTED = []  # every process this test started, stopped however it ends


def stop_all():
    for p in STARTED:
        if p.poll() is None:
            p.kill()
            p.wait(timeout=30)


def fail(message):
    print("FAILED: " + message)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def run(argv, ok=True, **kw):
    result = subprocess.run(argv, capture_output=True, text=True, timeout=300, **kw)
    if ok and result.returncode != 0:
        fail("%s: exit %d\n%s%s" % (" ".join(argv), result.returncode, result.stdout,
                                     result.stderr))
    return result


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_etcd_pki(d):
    """A CA, one certificate for the members (127.0.0.1; server and client,
    as peers are both), and client certificates for gongxind and etcdctl."""
    os.makedirs(d)
    run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-subj", "/CN=etcd-backup-test-ca", "-days", "1", "-addext",
         "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign",
         "-keyout", d + "/ca.key", "-out", d + "/ca.pem"])
    for name, usage in (("member", "serverAuth,clientAuth\nsubjectAltName=IP:127.0.0.1"),
                        ("gongxind", "clientAuth"), ("etcdctl", "clientAuth")):
        with open("%s/%s.ext" % (d, name), "w") as f:
            f.write("basicConstraints=CA:FALSE\nextendedKeyUsage=%s\n" % usage)
        run(["openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
             "-subj", "/CN=" + name, "-keyout", "%s/%s.key" % (d, name), "-out",
             "%s/%s.csr" % (d, name)])
        run(["openssl", "x509", "-req", "-in", "%s/%s.csr" % (d, name), "-CA", d + "/ca.pem",
             "-CAkey", d + "/ca.key", "-CAcreateserial", "-days", "1", "-extfile",
             "%s/%s.ext" % (d, name), "-out", "%s/%s.pem" % (d, name)])


def etcd_default_settings(source):
    """etcd.default's settings that are not addresses or files: the same
    compaction and transaction limits as a deployment."""
    flags = []
    for line in open(os.path.join(source, "deploy", "etcd", "etcd.default"), encoding="utf-8"):
        m = re.match(r'^ETCD_(AUTO_COMPACTION_[A-Z]+|MAX_[A-Z_]+)="([^"]*)"', line)
        if m:
            flags.append("--%s=%s" % (m.group(1).lower().replace("_", "-"), m.group(2)))
    check(len(flags) == 4, "etcd.default's compaction and limits not found: %s" % flags)
    return flags


class Cluster:
    def __init__(self, work, pki, settings):
        self.work, self.pki, self.settings = work, pki, settings
        self.ports = [(free_port(), free_port()) for _ in range(MEMBERS)]
        self.processes = []
        self.runs = 0

    def name(self, i):
        return "etcd-%d" % (i + 1)

    def data_dir(self, i):
        return os.path.join(self.work, "member-%d" % (i + 1))

    def peer_url(self, i):
        return "https://127.0.0.1:%d" % self.ports[i][1]

    def initial_cluster(self):
        return ",".join("%s=%s" % (self.name(i), self.peer_url(i)) for i in range(MEMBERS))

    def endpoint(self, i):
        return "127.0.0.1:%d" % self.ports[i][0]

    def endpoints(self):
        return ",".join(self.endpoint(i) for i in range(MEMBERS))

    def tls(self, who):
        return ["--cacert", self.pki + "/ca.pem", "--cert", "%s/%s.pem" % (self.pki, who),
                "--key", "%s/%s.key" % (self.pki, who)]

    @staticmethod
    def popen(argv, **kw):
        p = subprocess.Popen(argv, **kw)
        STARTED.append(p)
        return p

    def start_first(self):
        """The first start: another process may take a port between the
        pick and etcd's bind, so fresh ports are tried up to three times."""
        for attempt in range(3):
            if self.start(fail_on_exit=attempt == 2):
                return
            for p in self.processes:
                if p.poll() is None:
                    p.kill()
                    p.wait(timeout=30)
            for i in range(MEMBERS):
                shutil.rmtree(self.data_dir(i), ignore_errors=True)
            self.ports = [(free_port(), free_port()) for _ in range(MEMBERS)]

    def start(self, fail_on_exit=True):
        self.runs += 1
        self.processes = []
        for i in range(MEMBERS):
            client = "https://" + self.endpoint(i)
            log = open(os.path.join(self.work, "etcd-%d-%d.log" % (i + 1, self.runs)), "w")
            self.processes.append(self.popen([
                ETCD, "--name", self.name(i), "--data-dir", self.data_dir(i),
                "--initial-cluster", self.initial_cluster(), "--initial-cluster-state", "new",
                "--initial-cluster-token", "gongxin-ledger",
                "--listen-peer-urls", self.peer_url(i),
                "--initial-advertise-peer-urls", self.peer_url(i),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--client-cert-auth", "--trusted-ca-file", self.pki + "/ca.pem",
                "--cert-file", self.pki + "/member.pem", "--key-file", self.pki + "/member.key",
                "--peer-client-cert-auth", "--peer-trusted-ca-file", self.pki + "/ca.pem",
                "--peer-cert-file", self.pki + "/member.pem",
                "--peer-key-file", self.pki + "/member.key",
                "--logger", "zap", "--log-level", "warn"] + self.settings,
                stdout=log, stderr=log))
        deadline = time.time() + 60
        while time.time() < deadline:
            for i, p in enumerate(self.processes):
                if p.poll() is not None and not fail_on_exit:
                    return False
                check(p.poll() is None, "etcd member %d exited:\n%s" % (i + 1, open(os.path.join(
                    self.work, "etcd-%d-%d.log" % (i + 1, self.runs))).read()))
            health = subprocess.run(
                [ETCDCTL, "--endpoints", ",".join("https://" + e for e in
                                                  self.endpoints().split(",")),
                 "--command-timeout", "2s"] + self.tls("etcdctl") + ["endpoint", "health"],
                capture_output=True, text=True, env=dict(os.environ, ETCDCTL_API="3"))
            if health.returncode == 0:
                return True
            time.sleep(0.3)
        fail("the etcd cluster never became healthy:\n" + health.stdout + health.stderr)

    def destroy(self):
        """Every member killed with kill -9 and its data directory deleted."""
        for p in self.processes:
            p.send_signal(signal.SIGKILL)
            p.wait(timeout=30)
        for i in range(MEMBERS):
            shutil.rmtree(self.data_dir(i))
            check(not os.path.exists(self.data_dir(i)), "member %d's data survived" % (i + 1))


class Gongxind:
    def __init__(self, gongxind, work, pki, cluster):
        self.argv_base = [gongxind, "--listen", "127.0.0.1:0", "--data-dir",
                          os.path.join(work, "gongxind-data"), "--tls-dir", pki,
                          "--etcd-endpoint", cluster.endpoints(),
                          "--etcd-ca", cluster.pki + "/ca.pem",
                          "--etcd-cert", cluster.pki + "/gongxind.pem",
                          "--etcd-key", cluster.pki + "/gongxind.key"]
        self.work, self.process, self.address = work, None, None

    def start(self):
        port_file = os.path.join(self.work, "gongxind.port")
        if os.path.exists(port_file):
            os.remove(port_file)
        log = open(os.path.join(self.work, "gongxind.log"), "a")
        self.process = subprocess.Popen(self.argv_base + ["--port-file", port_file],
                                        stdout=log, stderr=log)
        STARTED.append(self.process)
        for _ in range(600):
            if os.path.exists(port_file) and open(port_file).read().strip():
                self.address = "127.0.0.1:" + open(port_file).read().strip()
                return
            check(self.process.poll() is None, "gongxind ended:\n" +
                  open(os.path.join(self.work, "gongxind.log")).read()[-3000:])
            time.sleep(0.1)
        fail("gongxind never wrote its port")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


class Cli:
    def __init__(self, gongxin, server, pki, env):
        self.gongxin, self.server, self.pki, self.env = gongxin, server, pki, env

    def global_options(self):
        return ["--server", self.server.address, "--pki", self.pki]

    def run(self, *args, ok=True):
        argv = [self.gongxin, "--lang", "en"] + self.global_options() + list(args)
        result = subprocess.run(argv, capture_output=True, text=True, env=self.env, timeout=120)
        if ok and result.returncode != 0:
            fail("gongxin %s: exit %d\n%s%s" % (" ".join(args), result.returncode, result.stdout,
                                                  result.stderr))
        return result


def sample_ballots(sample):
    """Each sample voter's `kiosk vote` flags, from the sample's CSV files."""
    flags = {v: [] for v in SAMPLE_VOTERS}
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


def named_only_spec(sample, work):
    """The sample meeting with its named form only (no urn: nothing of the
    meeting outside etcd while it is open)."""
    spec = yaml.safe_load(open(os.path.join(sample, "meeting.yaml"), encoding="utf-8"))
    spec["forms"] = [f for f in spec["forms"] if f.get("mode") == "named"]
    spec["title"] = "备份恢复测试：实名推荐"
    spec["roll"] = os.path.join(sample, "voters.csv")
    path = os.path.join(work, "named.yaml")
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(spec, f, allow_unicode=True)
    return path


def verify_all(source, cli, trust, out):
    """verify-meetings.sh: {meeting: what verify found}. The line names the
    signed head and the Merkle root: the same line is the same record (the
    export files themselves differ: each carries the time it was made)."""
    shutil.rmtree(out, ignore_errors=True)
    result = run(["bash", os.path.join(source, "deploy", "etcd", "verify-meetings.sh"),
                  "--trust", trust, "--out", out, "--"] + cli.global_options(), ok=False,
                 env=dict(cli.env, GONGXIN_BUILD_DIR=os.path.dirname(os.path.dirname(
                     cli.gongxin))))
    check(result.returncode == 0, "verify-meetings.sh failed:\n" + result.stdout + result.stderr)
    lines = {}
    for line in result.stdout.splitlines():
        m = re.match(r"^(\S+): (.*)$", line)
        if m:
            lines[m.group(1)] = m.group(2)
    return lines, result.stdout


def backup(source, cluster, out):
    started = time.time()
    result = run(["bash", os.path.join(source, "deploy", "etcd", "backup.sh"), "--endpoint",
                  cluster.endpoint(1), "--out", out] + cluster.tls("etcdctl"))
    elapsed = time.time() - started
    m = re.search(r"^snapshot: (\S+) \((\d+) bytes", result.stdout, re.M)
    check(m, "backup.sh named no snapshot:\n" + result.stdout)
    check(os.path.exists(m.group(1) + ".sha256") and os.path.exists(m.group(1) + ".status"),
          "backup.sh wrote no checksum or status beside " + m.group(1))
    return m.group(1), int(m.group(2)), elapsed


def restore(source, cluster, snapshot):
    started = time.time()
    for i in range(MEMBERS):
        result = run(["bash", os.path.join(source, "deploy", "etcd", "restore.sh"), "--snapshot",
                      snapshot, "--name", cluster.name(i), "--data-dir", cluster.data_dir(i),
                      "--initial-cluster", cluster.initial_cluster(),
                      "--initial-advertise-peer-urls", cluster.peer_url(i)])
        check("restored: member " + cluster.name(i) in result.stdout,
              "restore.sh said:\n" + result.stdout)
    return time.time() - started


def tally(cli, meeting):
    return cli.run("tally", "show", meeting, "--format", "csv").stdout


def votes_of(cli, meeting):
    shown = cli.run("meeting", "show", meeting).stdout
    m = re.search(r"(?:已投票数|[Cc]ast)\D*(\d+)", shown)
    check(m, "meeting show prints no vote count:\n" + shown)
    return int(m.group(1))


def main():
    source, build, sample, work = sys.argv[1:5]
    for tool in (ETCD, ETCDCTL):
        check(os.access(tool, os.X_OK),
              "%s is missing: install Debian's etcd-server and etcd-client "
              "(deploy/install-deps.sh)" % tool)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    gongxin = os.path.join(build, "client", "gongxin")
    env = dict(os.environ, GONGXIN_KIOSK_STATE=os.path.join(work, "kiosk-state"))

    etcd_pki = os.path.join(work, "etcd-pki")
    make_etcd_pki(etcd_pki)
    cluster = Cluster(work, etcd_pki, etcd_default_settings(source))
    cluster.start_first()
    pki = os.path.join(work, "pki")
    run([gongxin, "pki", "init", pki])
    server = Gongxind(os.path.join(build, "server", "gongxind"), work, pki, cluster)
    trust = os.path.join(work, "server.pub")
    with open(trust, "w") as f:
        subprocess.run(server.argv_base[:1] + ["--data-dir", server.argv_base[4],
                                               "--print-public-key"], stdout=f, check=True)
    server.start()
    cli = Cli(gongxin, server, pki, env)

    # The sample, voted to the end; a named-only meeting left open.
    full = cli.run("meeting", "create", "--spec",
                   os.path.join(sample, "meeting.yaml")).stdout.strip()
    cli.run("meeting", "announce", full)
    cli.run("meeting", "open", full)
    for voter, flags in sample_ballots(sample).items():
        cli.run("kiosk", "vote", "--meeting", full, "--voter", voter, *flags)
    cli.run("meeting", "close", full)
    cli.run("tally", "count", full)
    named = cli.run("meeting", "create", "--spec", named_only_spec(sample, work)).stdout.strip()
    cli.run("meeting", "announce", named)
    cli.run("meeting", "open", named)

    def vote(voter, choice):
        cli.run("kiosk", "vote", "--meeting", named, "--voter", voter, "--choose",
                "deputy-head=" + choice)

    for voter, choice in (("v005", "c1"), ("v006", "c2"), ("v007", "c1")):
        vote(voter, choice)
    # A third meeting with anonymous forms, open at snapshot 1 with two
    # voters, closed and counted after it: its key slot is destroyed at the
    # close, so the older snapshot cannot bring it back to life.
    anon = cli.run("meeting", "create", "--spec",
                   os.path.join(sample, "meeting.yaml")).stdout.strip()
    cli.run("meeting", "announce", anon)
    cli.run("meeting", "open", anon)
    for voter in SAMPLE_VOTERS[:2]:
        cli.run("kiosk", "vote", "--meeting", anon, "--voter", voter,
                *sample_ballots(sample)[voter])
    check(votes_of(cli, named) == 3, "three votes before snapshot 1")
    before1, _ = verify_all(source, cli, trust, os.path.join(work, "verify-1"))
    result_before = tally(cli, full)
    check(set(before1) == {full, named, anon}, "verify-meetings.sh checked %s" % sorted(before1))

    # A backup with a certificate etcd's CA did not sign keeps nothing.
    stranger = os.path.join(work, "stranger")
    run([gongxin, "pki", "init", stranger])
    refused = run(["bash", os.path.join(source, "deploy", "etcd", "backup.sh"), "--endpoint",
                   cluster.endpoint(0), "--out", os.path.join(work, "refused"), "--cacert",
                   etcd_pki + "/ca.pem", "--cert", stranger + "/admin.pem", "--key",
                   stranger + "/admin.key", "--timeout", "5s"], ok=False)
    check(refused.returncode == 1 and "FAILED" in refused.stderr,
          "a backup with a stranger's certificate:\n" + refused.stdout + refused.stderr)
    check(not [f for f in os.listdir(os.path.join(work, "refused")) if f.endswith(".db")],
          "a refused backup left a snapshot behind")

    snap1, size1, backup_seconds = backup(source, cluster, os.path.join(work, "backups-1"))
    # Acknowledged after snapshot 1: in snapshot 2 only.
    vote("v008", "c3")
    vote("v009", "c2")
    check(votes_of(cli, named) == 5, "five votes before snapshot 2")
    for voter in SAMPLE_VOTERS[2:]:
        cli.run("kiosk", "vote", "--meeting", anon, "--voter", voter,
                *sample_ballots(sample)[voter])
    cli.run("meeting", "close", anon)
    cli.run("tally", "count", anon)
    archived = os.path.join(work, "anon-closed.gxe")  # the meeting's durable archive
    cli.run("audit", "export", anon, "--out", archived)
    before2, _ = verify_all(source, cli, trust, os.path.join(work, "verify-2"))
    # An auditor's watcher (docs/operations.md, "Watching a server") has
    # seen the meeting at five votes.
    note_key = cli.run("audit", "verifier-key").stdout.strip()
    watch_state = os.path.join(work, "watch-state")
    os.makedirs(watch_state)

    def watch():
        return cli.run("audit", "watch", "--meeting", named, "--state", watch_state,
                       "--trust-note-key", note_key, ok=False)

    seen = watch()
    check(seen.returncode == 0, "the watcher's first run:\n" + seen.stdout + seen.stderr)
    snap2, size2, _ = backup(source, cluster, os.path.join(work, "backups-2"))

    # The cluster is lost; restored from the latest snapshot.
    server.stop()
    cluster.destroy()
    # Refusals first: a copy that does not match its checksum; a data
    # directory that exists.
    damaged = os.path.join(work, "damaged", os.path.basename(snap2))
    os.makedirs(os.path.dirname(damaged))
    data = bytearray(open(snap2, "rb").read())
    data[len(data) // 2] ^= 1
    open(damaged, "wb").write(data)
    shutil.copy(snap2 + ".sha256", damaged + ".sha256")
    refused = run(["bash", os.path.join(source, "deploy", "etcd", "restore.sh"), "--snapshot",
                   damaged, "--name", cluster.name(0), "--data-dir", cluster.data_dir(0),
                   "--initial-cluster", cluster.initial_cluster(),
                   "--initial-advertise-peer-urls", cluster.peer_url(0)], ok=False)
    check(refused.returncode == 1 and "does not match" in refused.stderr,
          "a damaged snapshot:\n" + refused.stdout + refused.stderr)
    check(not os.path.exists(cluster.data_dir(0)), "a refused restore made a data directory")
    os.makedirs(cluster.data_dir(0))
    refused = run(["bash", os.path.join(source, "deploy", "etcd", "restore.sh"), "--snapshot",
                   snap2, "--name", cluster.name(0), "--data-dir", cluster.data_dir(0),
                   "--initial-cluster", cluster.initial_cluster(),
                   "--initial-advertise-peer-urls", cluster.peer_url(0)], ok=False)
    check(refused.returncode == 1 and "exists" in refused.stderr,
          "a restore over a data directory:\n" + refused.stdout + refused.stderr)
    os.rmdir(cluster.data_dir(0))

    restore_seconds = restore(source, cluster, snap2)
    started = time.time()
    cluster.start()
    cluster_seconds = time.time() - started
    server.start()
    gongxind_seconds = time.time() - started - cluster_seconds
    after2, _ = verify_all(source, cli, trust, os.path.join(work, "verify-3"))
    verify_seconds = time.time() - started - cluster_seconds - gongxind_seconds
    check(after2 == before2, "after restoring snapshot 2:\n%s\nbefore the loss:\n%s" %
          (after2, before2))
    check(tally(cli, full) == result_before, "the count differs after the restore")
    check(votes_of(cli, named) == 5, "the restored open meeting does not have its 5 votes")
    for voter in ("v005", "v008"):  # voted before: refused
        again = cli.run("kiosk", "vote", "--meeting", named, "--voter", voter, "--choose",
                        "deputy-head=c1", ok=False)
        check(again.returncode != 0, "voter %s voted twice across the restore" % voter)
    seen = watch()
    check(seen.returncode == 0, "the watcher sees a rollback after restoring the latest "
          "snapshot:\n" + seen.stdout + seen.stderr)
    vote("v010", "c1")  # the restored ledger takes writes
    check(votes_of(cli, named) == 6, "the vote after the restore is not counted")

    # Lost again; restored from the older snapshot: the two later votes,
    # acknowledged, are gone; what remains is snapshot 1's record exactly.
    server.stop()
    cluster.destroy()
    restore(source, cluster, snap1)
    cluster.start()
    server.start()
    after1, _ = verify_all(source, cli, trust, os.path.join(work, "verify-4"))
    check(after1 == before1, "after restoring snapshot 1:\n%s\nat snapshot 1:\n%s" %
          (after1, before1))
    check(tally(cli, full) == result_before, "the count differs after the second restore")
    check(votes_of(cli, named) == 3, "snapshot 1 holds 3 votes")
    vote("v008", "c3")  # lost with the older snapshot: votes again
    # The meeting closed after snapshot 1 is back open in the ledger, but
    # its secrets' key slot was destroyed at the close: it refuses to go
    # on (DATA_LOSS, read-only) and its export made at the close is what
    # holds its result, verifying on its own.
    refused = cli.run("kiosk", "vote", "--meeting", anon, "--voter", SAMPLE_VOTERS[2],
                      *sample_ballots(sample)[SAMPLE_VOTERS[2]], ok=False)
    check(refused.returncode != 0 and "DATA_LOSS" in refused.stderr and
          "destroyed" in refused.stderr,
          "a meeting closed after the snapshot took a vote again:\n" + refused.stdout +
          refused.stderr)
    kept = run([gongxin, "--lang", "en", "audit", "verify", archived, "--trust", trust])
    check("4/30 voters" in kept.stdout and "recomputes exactly" in kept.stdout,
          "the export made at the close does not verify as counted:\n" + kept.stdout)
    # The watcher saw later checkpoints: the older snapshot is a rollback,
    # and it says so (exit 3) — as it must for any history cut short.
    seen = watch()
    check(seen.returncode == 3 and "FORK DETECTED" in seen.stdout,
          "the watcher did not report the rollback (exit %d):\n%s%s" % (
              seen.returncode, seen.stdout, seen.stderr))
    cli.run("meeting", "close", named)
    cli.run("tally", "count", named)
    final, _ = verify_all(source, cli, trust, os.path.join(work, "verify-5"))
    check(final[full] == before1[full], "the closed meeting changed")
    check(final[anon] == before1[anon], "the meeting whose slot is gone changed")
    check(final[named] != before1[named], "the named meeting's record did not move on")
    server.stop()
    for p in cluster.processes:
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=30)
    ballots = sum(int(re.search(r"(\d+) ballots", line).group(1)) for line in before1.values())
    print("backup.sh: %.2f s for a %d-byte snapshot (3 meetings, %d ballots); restore.sh: "
          "%.2f s for %d members; then the cluster up in %.1f s, gongxind serving in %.1f s, "
          "verify-meetings.sh %.1f s" % (backup_seconds, size1, ballots, restore_seconds, MEMBERS,
                                         cluster_seconds, gongxind_seconds, verify_seconds))
    print("etcd backup and restore: every meeting verified after each restore")
    return 0


if __name__ == "__main__":
    try:
        code = main()
    finally:
        stop_all()
    sys.exit(code)
