#!/usr/bin/python3
"""Checks the deployment files of deploy/etcd/ against the programs they
configure, so that they cannot drift: every ETCD_X variable of
etcd.default is an --x flag of `etcd --help`, and every --flag on the
ExecStart lines of gongxind-etcd.conf is one `gongxind --help` lists.

Usage: check.py GONGXIND_BINARY [ETCD_BINARY]   (exit 0 when they agree)
"""
import re
import subprocess
import sys
import os


def flags_of(binary):
    out = subprocess.run([binary, "--help"], capture_output=True, text=True)
    return set(re.findall(r"--([a-z0-9][a-z0-9-]*)", out.stdout + out.stderr))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    gongxind = sys.argv[1]
    etcd = sys.argv[2] if len(sys.argv) > 2 else "/usr/bin/etcd"
    problems = []
    etcd_flags = flags_of(etcd)
    for line in open(os.path.join(here, "etcd.default"), encoding="utf-8"):
        m = re.match(r"^(ETCD_[A-Z0-9_]+)=", line)
        if not m:
            continue
        flag = m.group(1)[len("ETCD_"):].lower().replace("_", "-")
        if flag not in etcd_flags:
            problems.append("etcd.default: %s is not an etcd flag (--%s)" % (m.group(1), flag))
    gongxind_flags = flags_of(gongxind)
    for line in open(os.path.join(here, "gongxind-etcd.conf"), encoding="utf-8"):
        if not line.startswith("ExecStart=/"):
            continue
        for flag in re.findall(r"\s--([a-z0-9-]+)", line):
            if flag not in gongxind_flags:
                problems.append("gongxind-etcd.conf: --%s is not a gongxind flag" % flag)
    for p in problems:
        print(p)
    if problems:
        return 1
    print("deploy/etcd: every setting is a flag of the program it configures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
