#!/usr/bin/env python3
"""Checks gongxin's layering: which folder may include which (docs/design.md,
"Layering"). Every #include of a project header or of a third-party library
in a library folder must be allowed by the table below; the first
violations are printed with file and line, and the exit code is 1.

  check_layering.py SOURCE_DIR      check the tree
  check_layering.py --self-test     prove the check fails on a bad include
"""
import os
import re
import sys
import tempfile

# folder -> project folders it may include ("proto" is gongxin/v1/*.pb.h,
# the messages; "grpc" covers grpcpp/ and gongxin/v1/*.grpc.pb.h).
ALLOWED = {
    "util": {"proto", "cli11"},
    "crypto": {"util", "openssl"},
    "ledger": {"util", "crypto", "proto"},
    # gRPC and etcd's API only for the etcd store (gongxin_storage_etcd).
    "storage": {"util", "rocksdb", "etcd", "grpc"},
    "chainlog": {"util", "crypto", "storage"},
    "tally": {"util", "proto", "utf8proc"},
    "report": {"util", "tally", "proto"},
    "verifier": {"util", "crypto", "ledger", "tally", "proto", "cli11"},
    "kiosk": {"util", "crypto", "ledger", "proto", "grpc"},
    "kioskpage": {"util", "kiosk", "report", "tally", "proto", "grpc", "httplib", "qrencode"},
    "server": {"util", "crypto", "ledger", "storage", "chainlog", "tally", "report",
               "verifier", "proto", "grpc", "openssl", "cli11"},
    "client": {"util", "crypto", "ledger", "tally", "report", "verifier", "kiosk", "kioskpage",
               "proto", "grpc", "cli11", "yaml", "csv", "xlsxwriter"},
}
PROJECT = {"util", "crypto", "ledger", "storage", "chainlog", "tally", "report",
           "verifier", "kiosk", "kioskpage", "server", "client", "tests", "bench", "fuzz"}
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')


def classify(path):
    """What an included path belongs to, or None for the C++ and C library,
    Abseil and protobuf (allowed everywhere)."""
    if path.startswith("gongxin/v1/"):
        return "grpc" if path.endswith(".grpc.pb.h") else "proto"
    top = path.split("/", 1)[0]
    if "/" in path and top in PROJECT:
        return top
    if top in ("grpcpp", "grpc"):
        return "grpc"
    if top in ("etcdserverpb", "mvccpb"):
        return "etcd"
    if top == "openssl":
        return "openssl"
    if top == "rocksdb":
        return "rocksdb"
    if top in ("unicode", "utf8proc.h"):
        return "utf8proc" if top == "utf8proc.h" else "icu"
    if top == "CLI":
        return "cli11"
    if top == "yaml-cpp":
        return "yaml"
    if path == "csv.h":
        return "csv"
    if path == "xlsxwriter.h" or top == "xlsxwriter":
        return "xlsxwriter"
    if path == "httplib.h":
        return "httplib"
    if path == "qrencode.h":
        return "qrencode"
    return None


def check(root):
    problems = []
    for folder, allowed in sorted(ALLOWED.items()):
        base = os.path.join(root, folder)
        for dirpath, _, files in os.walk(base):
            for name in sorted(files):
                if not name.endswith((".h", ".cc")):
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8") as f:
                    for number, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        layer = classify(m.group(1))
                        if layer is None or layer == folder or layer in allowed:
                            continue
                        problems.append(
                            f"{os.path.relpath(path, root)}:{number}: {folder}/ may not include "
                            f"{m.group(1)} ({layer}); {folder}/ may use: "
                            f"{', '.join(sorted(allowed)) or 'nothing'}")
    return problems


def self_test():
    with tempfile.TemporaryDirectory() as root:
        os.makedirs(os.path.join(root, "tally"))
        with open(os.path.join(root, "tally", "bad.h"), "w") as f:
            f.write('#include "tally/ok.h"\n#include "server/meeting.h"\n')
        os.makedirs(os.path.join(root, "verifier"))
        with open(os.path.join(root, "verifier", "bad.cc"), "w") as f:
            f.write('#include "gongxin/v1/service.grpc.pb.h"\n#include <grpcpp/channel.h>\n')
        problems = check(root)
    expected = ["tally/bad.h:2", "verifier/bad.cc:1", "verifier/bad.cc:2"]
    found = [p.split(": ", 1)[0] for p in problems]
    if found != expected:
        print(f"self-test: expected violations {expected}, got {found}")
        return 1
    print("self-test: the check catches forbidden includes")
    return 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    if len(argv) != 2:
        print(__doc__)
        return 2
    problems = check(argv[1])
    for p in problems[:50]:
        print(p)
    if problems:
        print(f"{len(problems)} include(s) break the layering (docs/design.md, \"Layering\")")
        return 1
    print("layering: every include is allowed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
