#!/usr/bin/python3
"""Checks the Kubernetes manifests of deploy/kubernetes/ for syntax and for
consistency with themselves, with the programs they run and with
deploy/etcd/etcd.default, so that they cannot drift:

- every document parses and has apiVersion, kind, metadata.name and the
  namespace gongxin;
- every flag of every container, init container and exec probe is one the
  real program takes (`etcd --help`, `gongxind --help`, `gongxin --help` and
  `gongxin health --help`), and every $(VAR) in them is the container's env;
- selectors match the pod labels, every Service selects pods and names
  ports they have, a StatefulSet's serviceName is a headless Service, every
  probe's port exists;
- every volume mounted is defined, every Secret is one make-secrets.sh
  makes, and every file a flag names (certificates, keys, --tls-dir's three
  files, the shared signing key in --data-dir) is there in the container:
  a key of a mounted Secret, or copied by an init container from one;
- etcd: the transaction limits, compaction and mutual TLS are etcd.default's,
  --initial-cluster names exactly the StatefulSet's members at their stable
  names, and gongxind's --etcd-endpoint is the headless Service's name;
- the certificates make-secrets.sh makes name what is dialled: etcd's every
  member and the Service, gongxind's 127.0.0.1 (the probes) and its Service;
- the image (Containerfile) installs the package of every shared library
  gongxind and gongxin load;
- what make-secrets.sh makes works: gongxind starts on a throwaway etcd on
  127.0.0.1 with its signing key, key pool (taken, not made anew) and TLS
  files, and `gongxin health` with the probe's certificate says SERVING.

Usage: check.py GONGXIND GONGXIN [ETCD]   (exit 0 when all agree)
"""
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
NAMESPACE = "gongxin"
DOMAIN = "svc.cluster.local"
problems = []


def problem(where, text):
    problems.append("%s: %s" % (where, text))


def help_flags(argv):
    out = subprocess.run(argv + ["--help"], capture_output=True, text=True)
    return set(re.findall(r"--([a-z0-9][a-z0-9-]*)", out.stdout + out.stderr)), out.stdout


def parse_flags(args):
    """[(flag, value or None)] of an argument list: --f=v, --f v, --f."""
    flags = []
    i = 0
    while i < len(args):
        a = str(args[i])
        if a.startswith("--"):
            if "=" in a:
                name, value = a[2:].split("=", 1)
            elif i + 1 < len(args) and not str(args[i + 1]).startswith("--"):
                name, value = a[2:], str(args[i + 1])
                i += 1
            else:
                name, value = a[2:], None
            flags.append((name, value))
        i += 1
    return flags


def load_manifests():
    docs = []
    for name in sorted(os.listdir(HERE)):
        if not name.endswith(".yaml"):
            continue
        try:
            for doc in yaml.safe_load_all(open(os.path.join(HERE, name), encoding="utf-8")):
                if doc is not None:
                    docs.append((name, doc))
        except yaml.YAMLError as e:
            problem(name, "does not parse: %s" % e)
    for name, doc in docs:
        for field in ("apiVersion", "kind"):
            if field not in doc:
                problem(name, "a document without %s" % field)
        meta = doc.get("metadata") or {}
        if "name" not in meta:
            problem(name, "a %s without metadata.name" % doc.get("kind"))
        if doc.get("kind") != "Namespace" and meta.get("namespace") != NAMESPACE:
            problem(name, "%s %s is not in namespace %s" % (doc.get("kind"), meta.get("name"),
                                                           NAMESPACE))
    return docs


def make_secrets(build_dir, tmp):
    out = os.path.join(tmp, "secrets")
    run = subprocess.run(["bash", os.path.join(HERE, "make-secrets.sh"), out],
                         capture_output=True, text=True,
                         env=dict(os.environ, GONGXIN_BUILD_DIR=build_dir))
    if run.returncode != 0:
        problem("make-secrets.sh", "failed:\n" + run.stdout + run.stderr)
        return {}, out
    secrets = {}
    for doc in yaml.safe_load_all(open(os.path.join(out, "secrets.yaml"))):
        if doc and doc.get("kind") == "Secret":
            secrets[doc["metadata"]["name"]] = set((doc.get("data") or {}).keys())
    return secrets, out


def sans(cert):
    out = subprocess.run(["openssl", "x509", "-in", cert, "-noout", "-ext", "subjectAltName"],
                         capture_output=True, text=True).stdout
    return set(s.strip().replace("IP Address:", "IP:") for s in out.split("\n", 1)[-1].split(","))


def name_covered(host, names):
    if re.match(r"^\d+\.\d+\.\d+\.\d+$", host):
        return "IP:" + host in names
    if "DNS:" + host in names:
        return True
    parent = host.split(".", 1)[1] if "." in host else ""
    return "DNS:*." + parent in names


def installed_files(container, where):
    """Files an init container's `install -m MODE SRC... DEST` lines make:
    {destination path: source path}."""
    made = {}
    script = "\n".join(str(a) for a in (container.get("command") or []) +
                       (container.get("args") or []))
    for line in script.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            words = shlex.split(line)
        except ValueError as e:
            problem(where, "init script line does not parse (%s): %s" % (e, line))
            continue
        if len(words) < 3 or words[0] != "install" or "-d" in words:
            continue
        operands = [w for i, w in enumerate(words[1:], 1)
                    if not w.startswith("-") and words[i - 1] != "-m"]
        *sources, dest = operands
        for src in sources:
            target = dest + os.path.basename(src) if dest.endswith("/") else dest
            if not dest.endswith("/") and len(sources) > 1:
                problem(where, "install of several files into %s without a trailing /" % dest)
            made[os.path.normpath(target)] = src
    return made


def check_pod(where, spec, secrets, volume_claims, programs):
    volumes = {v["name"]: v for v in spec.get("volumes") or []}
    for claim in volume_claims:
        volumes[claim] = {"name": claim, "persistentVolumeClaim": {}}
    for v in volumes.values():
        if "secret" in v and v["secret"].get("secretName") not in secrets:
            problem(where, "volume %s: Secret %s is not one make-secrets.sh makes" %
                    (v["name"], v["secret"].get("secretName")))

    def secret_files(container):
        files = {}
        for m in container.get("volumeMounts") or []:
            if m["name"] not in volumes:
                problem(where, "container %s mounts volume %s, which is not defined" %
                        (container["name"], m["name"]))
                continue
            v = volumes[m["name"]]
            if "secret" in v:
                for key in secrets.get(v["secret"].get("secretName"), ()):
                    files[os.path.join(m["mountPath"], key)] = True
        return files

    # What init containers copy into shared volumes, keyed by the volume.
    copied = {}
    for init in spec.get("initContainers") or []:
        available = secret_files(init)
        mounts = {m["mountPath"]: m["name"] for m in init.get("volumeMounts") or []}
        for target, src in installed_files(init, where).items():
            if src not in available:
                problem(where, "init container %s copies %s, which no mounted Secret holds" %
                        (init["name"], src))
            for path, volume in mounts.items():
                if target.startswith(path.rstrip("/") + "/"):
                    copied.setdefault(volume, set()).add(os.path.relpath(target, path))
    for container in spec.get("containers") or []:
        files = secret_files(container)
        for m in container.get("volumeMounts") or []:
            for rel in copied.get(m["name"], ()):
                files[os.path.join(m["mountPath"], rel)] = True
        check_container(where, container, files, programs)


def check_argv(where, argv, env, files, programs):
    if not argv:
        return
    program = os.path.basename(str(argv[0]))
    if program in ("sh", "bash"):
        return
    if program not in programs:
        problem(where, "runs %s, which this check does not know" % argv[0])
        return
    for arg in argv[1:]:
        for var in re.findall(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", str(arg)):
            if var not in env:
                problem(where, "%s uses $(%s), which is not in the container's env" %
                        (program, var))
    known, path_flags, dir_flags, subcommands = programs[program]
    args = [str(a) for a in argv[1:]]
    flags_sets = [known]
    # gongxin: global options, then a subcommand with its own.
    positional = [a for a in args if not a.startswith("--")]
    if subcommands is not None:
        sub = next((a for i, a in enumerate(args)
                    if a in subcommands and (i == 0 or not args[i - 1].startswith("--"))), None)
        if sub is None:
            problem(where, "gongxin without a subcommand it knows (%s)" % " ".join(args))
        else:
            flags_sets.append(subcommands[sub])
    del positional
    for flag, value in parse_flags(args):
        if not any(flag in s for s in flags_sets):
            problem(where, "--%s is not a flag of %s" % (flag, program))
        if flag in path_flags and value is not None and value not in files:
            problem(where, "--%s %s: no such file in the container (no Secret key, nothing "
                    "copied there)" % (flag, value))
        if flag in dir_flags and value is not None:
            for needed in dir_flags[flag]:
                if os.path.join(value, needed) not in files:
                    problem(where, "--%s %s: %s is not there" % (flag, value, needed))


def check_container(where, container, files, programs):
    where = "%s container %s" % (where, container["name"])
    env = {e["name"] for e in container.get("env") or []}
    argv = (container.get("command") or []) + (container.get("args") or [])
    check_argv(where, argv, env, files, programs)
    ports = {p.get("name") for p in container.get("ports") or []}
    for kind in ("startupProbe", "readinessProbe", "livenessProbe"):
        probe = container.get(kind)
        if not probe:
            continue
        for action in ("httpGet", "tcpSocket", "grpc"):
            if action in probe:
                port = probe[action].get("port")
                if isinstance(port, str) and port not in ports:
                    problem(where, "%s names port %s, which the container lacks" % (kind, port))
        if "exec" in probe:
            check_argv("%s %s" % (where, kind), probe["exec"]["command"], env, files, programs)


def main():
    gongxind, gongxin = sys.argv[1], sys.argv[2]
    etcd = sys.argv[3] if len(sys.argv) > 3 else "/usr/bin/etcd"
    build_dir = os.path.dirname(os.path.dirname(os.path.abspath(gongxind)))
    docs = load_manifests()

    gongxin_global, top = help_flags([gongxin])
    health_flags, _ = help_flags([gongxin, "health"])
    subcommands = {}
    if re.search(r"^\s+health\b", top, re.M):
        subcommands["health"] = health_flags
    programs = {
        "etcd": (help_flags([etcd])[0],
                 {"trusted-ca-file", "cert-file", "key-file", "peer-trusted-ca-file",
                  "peer-cert-file", "peer-key-file"}, {}, None),
        "gongxind": (help_flags([gongxind])[0],
                     {"etcd-ca", "etcd-cert", "etcd-key", "cert", "key", "client-ca"},
                     {"tls-dir": ["ca.pem", "server.pem", "server.key"],
                      # Replicas must share the signing key and the key pool:
                      # both must be there before the first start, or each
                      # makes its own.
                      "data-dir": ["signing-key.pem", "replica-keys"]}, None),
        "gongxin": (gongxin_global, {"ca", "cert", "key"}, {}, subcommands),
    }

    with tempfile.TemporaryDirectory() as tmp:
        secrets, secret_dir = make_secrets(build_dir, tmp)
        services = {d["metadata"]["name"]: d for _, d in docs if d.get("kind") == "Service"}
        workloads = [(f, d) for f, d in docs if d.get("kind") in ("StatefulSet", "Deployment")]
        for f, w in workloads:
            where = "%s %s %s" % (f, w["kind"], w["metadata"]["name"])
            spec = w["spec"]
            labels = spec["template"]["metadata"].get("labels") or {}
            selector = (spec.get("selector") or {}).get("matchLabels") or {}
            if not selector or any(labels.get(k) != v for k, v in selector.items()):
                problem(where, "selector %s does not match the pod labels %s" % (selector, labels))
            claims = [c["metadata"]["name"] for c in spec.get("volumeClaimTemplates") or []]
            check_pod(where, spec["template"]["spec"], secrets, claims, programs)
            if w["kind"] == "StatefulSet":
                svc = services.get(spec.get("serviceName"))
                if svc is None or svc["spec"].get("clusterIP") != "None":
                    problem(where, "serviceName %s is not a headless Service here" %
                            spec.get("serviceName"))
        for name, svc in services.items():
            sel = svc["spec"].get("selector") or {}
            pods = [w for _, w in workloads
                    if sel and all((w["spec"]["template"]["metadata"].get("labels") or {}).get(k)
                                   == v for k, v in sel.items())]
            if not pods:
                problem("Service " + name, "selects no pods (selector %s)" % sel)
            for port in svc["spec"].get("ports") or []:
                target = port.get("targetPort", port.get("port"))
                for w in pods:
                    have = {p.get("name") for c in w["spec"]["template"]["spec"]["containers"]
                            for p in c.get("ports") or []}
                    have |= {p.get("containerPort") for c in w["spec"]["template"]["spec"][
                        "containers"] for p in c.get("ports") or []}
                    if target not in have:
                        problem("Service " + name, "targetPort %s is no port of %s" %
                                (target, w["metadata"]["name"]))
        check_etcd(docs, services, secret_dir)
        if os.path.exists(os.path.join(secret_dir, "secrets.yaml")):
            check_secrets_work(gongxind, gongxin, etcd, secret_dir, tmp)
    check_image([gongxind, gongxin])
    for p in problems:
        print(p)
    if problems:
        print("deploy/kubernetes: %d problem(s)" % len(problems))
        return 1
    print("deploy/kubernetes: every manifest parses, every flag is the program's, every "
          "Secret, volume, port and selector agrees")
    return 0


def check_image(binaries):
    """Every shared library the binaries load is from a package the
    Containerfile installs."""
    text = open(os.path.join(HERE, "Containerfile"), encoding="utf-8").read()
    installed = set()
    for command in text.replace("\\\n", " ").split("&&"):
        words = command.split()
        if "apt-get" in words and "install" in words:
            installed |= {w for w in words[words.index("install") + 1:] if not w.startswith("-")}
    libs = set()
    for binary in binaries:
        out = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
        libs |= set(re.findall(r"=> (/\S+)", out))
    # One dpkg -S for every path, as ldd names it and as it resolves
    # (/lib is a link to /usr/lib on Debian 12).
    paths = sorted(libs | {os.path.realpath(lib) for lib in libs})
    found = subprocess.run(["dpkg", "-S"] + paths, capture_output=True, text=True).stdout
    owners = {}
    for line in found.splitlines():
        package, _, path = line.partition(": ")
        owners[path.strip()] = package.split(":")[0]
    missing = {}
    for lib in sorted(libs):
        owner = owners.get(lib) or owners.get(os.path.realpath(lib))
        if owner is None:
            problem("Containerfile", "%s is loaded but no Debian package owns it" % lib)
        elif owner not in installed:
            missing.setdefault(owner, lib)
    for owner, lib in sorted(missing.items()):
        problem("Containerfile", "%s (%s) is loaded but the image does not install it" %
                (owner, lib))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def check_secrets_work(gongxind, gongxin, etcd, secrets, tmp):
    data = os.path.join(tmp, "data")
    os.makedirs(data, mode=0o700)
    for name in ("signing-key.pem", "replica-keys"):
        shutil.copy(os.path.join(secrets, "signing", name), os.path.join(data, name))
        os.chmod(os.path.join(data, name), 0o600)
    client, peer = free_port(), free_port()
    etcd_log = open(os.path.join(tmp, "etcd.log"), "w")
    etcd_process = subprocess.Popen(
        [etcd, "--name", "check", "--data-dir", os.path.join(tmp, "etcd"),
         "--listen-client-urls", "http://127.0.0.1:%d" % client,
         "--advertise-client-urls", "http://127.0.0.1:%d" % client,
         "--listen-peer-urls", "http://127.0.0.1:%d" % peer,
         "--initial-advertise-peer-urls", "http://127.0.0.1:%d" % peer,
         "--initial-cluster", "check=http://127.0.0.1:%d" % peer, "--log-level", "error",
         "--logger", "zap"], stdout=etcd_log, stderr=etcd_log)
    log_path = os.path.join(tmp, "gongxind.log")
    server = None
    try:
        port_file = os.path.join(tmp, "port")
        pki = os.path.join(secrets, "gongxin-pki")
        for _ in range(3):  # gongxind refuses to start until etcd answers
            log = open(log_path, "w")
            server = subprocess.Popen(
                [gongxind, "--listen", "127.0.0.1:0", "--data-dir", data, "--tls-dir", pki,
                 "--port-file", port_file, "--etcd-endpoint", "127.0.0.1:%d" % client],
                stdout=log, stderr=log)
            for _ in range(100):
                if server.poll() is not None or (os.path.exists(port_file)
                                                 and open(port_file).read().strip()):
                    break
                time.sleep(0.1)
            if server.poll() is None:
                break
            time.sleep(1)
        text = open(log_path).read()
        if server.poll() is not None or not os.path.exists(port_file):
            problem("make-secrets.sh", "gongxind does not start on its secrets:\n" + text)
            return
        if "made the replicas' key pool" in text:
            problem("make-secrets.sh", "gongxind made a key pool of its own instead of "
                    "taking replica-keys:\n" + text)
        health = subprocess.run(
            [gongxin, "--lang", "en", "--server", "127.0.0.1:" + open(port_file).read().strip(),
             "--ca", os.path.join(pki, "ca.pem"), "--cert", os.path.join(pki, "k8s-probe.pem"),
             "--key", os.path.join(pki, "k8s-probe.key"), "health", "--timeout", "10"],
            capture_output=True, text=True)
        if health.returncode != 0:
            problem("make-secrets.sh", "gongxin health with the probe's certificate: " +
                    health.stdout + health.stderr)
    finally:
        for p in (server, etcd_process):
            if p is not None and p.poll() is None:
                p.send_signal(signal.SIGTERM)
                p.wait(timeout=30)


def container_flags(workload, name):
    for c in workload["spec"]["template"]["spec"]["containers"]:
        if c["name"] == name:
            return dict(parse_flags((c.get("command") or [])[1:] + (c.get("args") or [])))
    return {}


def check_etcd(docs, services, secret_dir):
    sts = next((d for _, d in docs if d.get("kind") == "StatefulSet"
                and d["metadata"]["name"] == "etcd"), None)
    dep = next((d for _, d in docs if d.get("kind") in ("StatefulSet", "Deployment")
                and d["metadata"]["name"] == "gongxind"), None)
    if sts is None or dep is None:
        problem("manifests", "no StatefulSet etcd or no workload gongxind")
        return
    flags = container_flags(sts, "etcd")
    # etcd.default's settings that must be the same here.
    default = {}
    for line in open(os.path.join(HERE, "..", "etcd", "etcd.default"), encoding="utf-8"):
        m = re.match(r'^ETCD_([A-Z0-9_]+)="?([^"\n]*)"?', line)
        if m:
            default[m.group(1).lower().replace("_", "-")] = m.group(2)
    for key in ("auto-compaction-mode", "auto-compaction-retention", "max-txn-ops",
                "max-request-bytes", "client-cert-auth", "peer-client-cert-auth",
                "initial-cluster-token"):
        have = flags.get(key, "absent") if key in flags else "absent"
        if have is None:
            have = "true"
        if have != default.get(key):
            problem("etcd.yaml", "--%s is %s here but %s in deploy/etcd/etcd.default" %
                    (key, have, default.get(key)))
    replicas = sts["spec"].get("replicas", 1)
    if replicas < 3 or replicas % 2 == 0:
        problem("etcd.yaml", "%d members: Raft wants an odd number, at least 3" % replicas)
    service = sts["spec"]["serviceName"]
    svc = services.get(service, {"spec": {"ports": []}})
    ports = {p["name"]: p["port"] for p in svc["spec"]["ports"]}
    name = sts["metadata"]["name"]
    expected = ",".join("%s-%d=https://%s-%d.%s.%s.%s:%s" % (
        name, i, name, i, service, NAMESPACE, DOMAIN, ports.get("peer")) for i in range(replicas))
    if flags.get("initial-cluster") != expected:
        problem("etcd.yaml", "--initial-cluster is %s; the StatefulSet's members are %s" %
                (flags.get("initial-cluster"), expected))
    endpoint = container_flags(dep, "gongxind").get("etcd-endpoint", "")
    want = "%s.%s.%s:%s" % (service, NAMESPACE, DOMAIN, ports.get("client"))
    if endpoint != want:
        problem("gongxind.yaml", "--etcd-endpoint %s is not the headless Service %s" %
                (endpoint, want))
    if not os.path.exists(os.path.join(secret_dir, "etcd-server.crt")):
        return
    server = sans(os.path.join(secret_dir, "etcd-server.crt"))
    peer = sans(os.path.join(secret_dir, "etcd-peer.crt"))
    for i in range(replicas):
        member = "%s-%d.%s.%s.%s" % (name, i, service, NAMESPACE, DOMAIN)
        if not name_covered(member, server) or not name_covered(member, peer):
            problem("make-secrets.sh", "etcd's certificates do not name member %s" % member)
    if endpoint and not name_covered(endpoint.rsplit(":", 1)[0], server):
        problem("make-secrets.sh", "etcd's certificate does not name %s" % endpoint)
    gx = sans(os.path.join(secret_dir, "gongxin-pki", "server.pem"))
    for c in dep["spec"]["template"]["spec"]["containers"]:
        for kind in ("startupProbe", "readinessProbe", "livenessProbe"):
            command = ((c.get(kind) or {}).get("exec") or {}).get("command") or []
            target = dict(parse_flags(command[1:])).get("server")
            if target and not name_covered(target.rsplit(":", 1)[0], gx):
                problem("gongxind.yaml", "%s dials %s, which gongxind's certificate does not "
                        "name" % (kind, target))
    for svc_name, s in services.items():
        if s["spec"].get("clusterIP") != "None" and svc_name == "gongxind":
            host = "%s.%s.%s" % (svc_name, NAMESPACE, DOMAIN)
            if not name_covered(host, gx):
                problem("make-secrets.sh", "gongxind's certificate does not name %s" % host)


if __name__ == "__main__":
    sys.exit(main())
