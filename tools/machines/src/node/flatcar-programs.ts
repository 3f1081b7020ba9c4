/**
 * The programs a Flatcar Container Linux node offers on its PATH that a node script may use
 * (Flatcar's documented base packages: bash, coreutils, findutils, grep, sed, gawk, util-linux,
 * iproute2, curl, jq, openssl, tar, gzip, systemd), plus what kube-aws's userdata adds through the
 * Kubernetes sysext (kubectl). A sandbox machine's PATH has exactly these, linked to this host's
 * copies, and the stand-ins (ctr): a script that calls anything else fails here as on a node.
 */
export const FLATCAR_PROGRAMS: readonly string[] = [
  // bash and coreutils
  'bash', 'sh', '[', 'basename', 'cat', 'chmod', 'chown', 'cp', 'cut', 'date', 'dd', 'df', 'dirname', 'du', 'echo', 'env',
  'expr', 'false', 'head', 'hostname', 'id', 'install', 'ln', 'ls', 'md5sum', 'mkdir', 'mktemp', 'mv', 'nproc', 'od',
  'printf', 'pwd', 'readlink', 'realpath', 'rm', 'rmdir', 'seq', 'sha256sum', 'sha512sum', 'sleep', 'sort', 'stat',
  'tail', 'tee', 'test', 'timeout', 'touch', 'tr', 'true', 'uname', 'uniq', 'wc', 'whoami', 'xargs', 'yes',
  // findutils, grep, sed, gawk, diffutils
  'find', 'grep', 'egrep', 'fgrep', 'sed', 'awk', 'gawk', 'cmp', 'diff',
  // util-linux, iproute2, procps
  'mount', 'umount', 'flock', 'getent', 'logger', 'ip', 'ps', 'kill', 'pgrep',
  // network and data tools
  'curl', 'jq', 'openssl', 'base64', 'tar', 'gzip', 'gunzip',
];

/** Where Flatcar keeps a program this host may keep elsewhere: the node's path is always /usr/bin. */
export const NODE_BIN = '/usr/bin';
export const NODE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/opt/bin';
