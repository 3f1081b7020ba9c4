#!/usr/bin/env python3
"""containerd's `ctr`, as far as a kube-aws node's scripts use it, for a sandbox machine.

Kept from the real tool (containerd v2 `ctr`, urfave/cli flag parsing):
- global flags before the command: --namespace/-n NS, --address/-a ADDR, --timeout, --debug;
- `images pull [--platform P] REF`: the reference must be one the sandbox's image table has
  (otherwise ctr's "failed to resolve reference" error); a pulled image is recorded per namespace;
- `run [--rm] [--net-host] [--mount SPEC]... [--env K=V]... [--cwd DIR] [--] IMAGE ID [COMMAND ARGS...]`:
  the image must have been pulled in that namespace ("image ...: not found"); the container ID must
  be free; with COMMAND the process is exactly COMMAND ARGS (entrypoint and cmd of the image are
  both replaced, as `oci.WithProcessArgs` does), without it entrypoint + cmd; COMMAND without a
  slash is looked up in the image's PATH, and a missing program fails as runc reports it, exit 1;
  `--mount type=bind,src=S,dst=D,options=rbind:ro` binds S at D (read-only with `ro`);
  without --net-host the container has a network namespace of its own (loopback only);
  stdin is the container's; ctr exits with the container's exit status.
What differs: the image's filesystem is the host's /usr and /etc plus the directories its
programs need, and its programs are the table's local ones (the AWS CLI from PyPI pointed at the
sandbox's AWS endpoint) instead of the image's layers. See tools/machines/README.md.
"""
import json
import os
import shlex
import subprocess
import sys
import tempfile

IMAGES_FILE = os.environ.get("KUBE_AWS_SANDBOX_IMAGES", "/.sandbox/images.json")
STATE_DIR = os.environ.get("KUBE_AWS_SANDBOX_CTR_STATE", "/var/lib/containerd")
RUN_DIR = os.environ.get("KUBE_AWS_SANDBOX_CTR_RUN", "/run/containerd/sandbox")
HOST = os.environ.get("KUBE_AWS_SANDBOX_HOST", "/.host")


def host_tool(name):
    """A host program by absolute path (under /.host on a machine, / in tests)."""
    for d in ("/usr/bin", "/usr/sbin", "/bin", "/sbin"):
        path = HOST + d + "/" + name
        if os.access(path, os.X_OK):
            return path
    fail("the sandbox ctr needs %s on the host" % name)


def fail(message, code=1):
    sys.stderr.write("ctr: %s\n" % message)
    sys.exit(code)


def load_images():
    try:
        with open(IMAGES_FILE) as f:
            return json.load(f)
    except FileNotFoundError:
        return {}


def global_flags(args):
    namespace = os.environ.get("CONTAINERD_NAMESPACE", "default")
    i = 0
    while i < len(args) and args[i].startswith("-"):
        flag = args[i]
        name, eq, val = flag.partition("=")
        if name in ("--namespace", "-n"):
            if not eq:
                i += 1
                if i >= len(args):
                    fail("flag needs an argument: %s" % name)
                val = args[i]
            namespace = val
        elif name in ("--address", "-a", "--timeout", "--connect-timeout"):
            if not eq:
                i += 1
        elif name in ("--debug", "--help", "-h"):
            pass
        else:
            fail("flag provided but not defined: %s" % name)
        i += 1
    return namespace, args[i:]


def pulled_path(namespace):
    return os.path.join(STATE_DIR, "sandbox-images", namespace)


def pulled(namespace):
    try:
        with open(pulled_path(namespace)) as f:
            return set(line.strip() for line in f if line.strip())
    except FileNotFoundError:
        return set()


def images_pull(namespace, args):
    ref = None
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("--platform", "--user", "-u", "--snapshotter"):
            i += 2
            continue
        if a.startswith("-"):
            i += 1
            continue
        ref = a
        i += 1
    if ref is None:
        fail("please provide an image reference to pull")
    if ref not in load_images():
        fail('failed to resolve reference "%s": %s: not found' % (ref, ref))
    have = pulled(namespace)
    if ref not in have:
        os.makedirs(os.path.dirname(pulled_path(namespace)), exist_ok=True)
        with open(pulled_path(namespace), "a") as f:
            f.write(ref + "\n")
    print("%s: resolved" % ref)
    print("elapsed: 0.1 s")


RUN_BOOL_FLAGS = {"--rm", "--net-host", "--detach", "-d", "--tty", "-t", "--privileged", "--read-only", "--null-io", "--rootfs"}
RUN_VALUE_FLAGS = {"--mount", "--env", "--cwd", "--label", "--platform", "--runtime", "--snapshotter", "--user", "-u", "--memory-limit", "--cpus", "--env-file", "--log-uri", "--hostname"}


def parse_run(args):
    opts = {"rm": False, "net_host": False, "mounts": [], "env": [], "cwd": None}
    i = 0
    while i < len(args) and args[i].startswith("-"):
        if args[i] == "--":  # the end of ctr's flags: what follows is IMAGE ID [COMMAND ARGS...]
            i += 1
            break
        name, eq, val = args[i].partition("=")
        if name in RUN_BOOL_FLAGS:
            if name == "--rm":
                opts["rm"] = True
            elif name == "--net-host":
                opts["net_host"] = True
            i += 1
            continue
        if name in RUN_VALUE_FLAGS:
            if not eq:
                i += 1
                if i >= len(args):
                    fail("flag needs an argument: %s" % name)
                val = args[i]
            if name == "--mount":
                opts["mounts"].append(val)
            elif name == "--env":
                opts["env"].append(val)
            elif name == "--cwd":
                opts["cwd"] = val
            i += 1
            continue
        fail("flag provided but not defined: %s" % name)
    rest = args[i:]
    if len(rest) < 2:
        fail("image ref and container id must be provided")
    return opts, rest[0], rest[1], rest[2:]


def parse_mount(spec):
    fields = {}
    for part in spec.split(","):
        k, _, v = part.partition("=")
        fields[k] = v
    if fields.get("type", "bind") != "bind" or not fields.get("src") or not (fields.get("dst") or fields.get("destination")):
        fail("invalid mount %s: only type=bind,src=…,dst=… is supported here" % spec)
    options = fields.get("options", "").split(":")
    return fields["src"], fields.get("dst") or fields["destination"], "ro" in options


def image_path(config, env):
    for entry in env:
        if entry.startswith("PATH="):
            return entry[5:].split(":")
    return ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]


def resolve(config, env, program):
    """The host path to execute for `program` in the image, or None as runc would not find it."""
    programs = config.get("programs", {})
    candidates = [program] if "/" in program else [os.path.join(d, program) for d in image_path(config, env)]
    for path in candidates:
        if path in programs:
            return programs[path]
        # The image's /usr is the host's: its ordinary tools are there.
        if path.startswith(("/usr/", "/bin/", "/sbin/")) and os.access(HOST + path, os.X_OK) and not os.path.isdir(HOST + path):
            return path
    return None


def run(namespace, args):
    opts, ref, cid, command = parse_run(args)
    images = load_images()
    if ref not in pulled(namespace) or ref not in images:
        fail('image "%s": not found' % ref)
    config = images[ref]
    argv = command if command else list(config.get("entrypoint", [])) + list(config.get("cmd", []))
    if not argv:
        fail("failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: no command specified: unknown")
    env = list(config.get("env", [])) + opts["env"]
    program = resolve(config, env, argv[0])
    if program is None:
        what = "executable file not found in $PATH" if "/" not in argv[0] else "no such file or directory"
        fail('failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "%s": %s: unknown' % (argv[0], what))

    container_dir = os.path.join(RUN_DIR, namespace, cid)
    try:
        os.makedirs(container_dir)
    except FileExistsError:
        fail('container "%s": already exists' % cid)
    try:
        rootfs = tempfile.mkdtemp(prefix="rootfs-", dir=container_dir)
        # containerd's own tools, not the node's PATH: the host's, by absolute path.
        mount, mkdir, ln, chroot = (host_tool(t) for t in ("mount", "mkdir", "ln", "chroot"))
        setup = ["set -e", "cd %s" % shlex.quote(rootfs)]
        for d in ("usr", "etc"):
            setup += ["%s -p %s" % (mkdir, d), "%s --bind %s/%s %s" % (mount, HOST, d, d), "%s -o remount,bind,ro %s" % (mount, d)]
        for link, target in (("bin", "usr/bin"), ("sbin", "usr/sbin"), ("lib", "usr/lib"), ("lib64", "usr/lib64")):
            setup.append("%s -s %s %s" % (ln, target, link))
        for host_dir in config.get("binds", []):
            rel = shlex.quote(host_dir.lstrip("/"))
            setup += ["%s -p %s" % (mkdir, rel), "%s --bind %s %s" % (mount, shlex.quote(HOST + host_dir), rel), "%s -o remount,bind,ro %s" % (mount, rel)]
        setup += ["%s -p dev proc tmp" % mkdir, "%s --rbind /dev dev" % mount, "%s -t proc proc proc" % mount, "%s -t tmpfs tmpfs tmp" % mount]
        for spec in opts["mounts"]:
            src, dst, ro = parse_mount(spec)
            rel = shlex.quote(dst.lstrip("/"))
            setup += ["%s -p %s" % (mkdir, rel), "%s --rbind %s %s" % (mount, shlex.quote(src), rel)]
            if ro:
                setup.append("%s -o remount,bind,ro %s" % (mount, rel))
        proc_env = ["/usr/bin/env", "-i"] + env
        cwd = opts["cwd"] or config.get("workingDir") or "/"
        inner = "cd %s && exec %s" % (shlex.quote(cwd), " ".join(shlex.quote(a) for a in proc_env + [program] + argv[1:]))
        setup.append("exec %s . /bin/sh -c %s" % (chroot, shlex.quote(inner)))
        unshare = [HOST + "/usr/bin/unshare", "--mount", "--propagation", "unchanged"]
        if not opts["net_host"]:
            unshare.append("--net")
        result = subprocess.run(unshare + [host_tool("sh"), "-c", "\n".join(setup)])
        return result.returncode
    finally:
        # Without --rm ctr keeps the container, so its ID stays taken; its mounts ended with the process.
        subprocess.run([host_tool("rm"), "-rf", container_dir if opts["rm"] else rootfs])


def main(argv):
    namespace, rest = global_flags(argv)
    if not rest:
        fail("no command given; this sandbox ctr knows: images pull, run")
    cmd, args = rest[0], rest[1:]
    if cmd in ("images", "image", "i") and args and args[0] == "pull":
        images_pull(namespace, args[1:])
        return 0
    if cmd in ("run", "r"):
        return run(namespace, args)
    fail('the sandbox ctr does not implement "%s"; the node scripts use images pull and run' % " ".join(rest[:2]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
