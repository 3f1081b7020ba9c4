/**
 * Shell scripts installed under /opt/kube-aws/bin. They only use what Flatcar ships (bash, curl,
 * openssl, ctr) plus kubectl from the Kubernetes sysext.
 */
import { SECRETS_ENCRYPTION_KEY_BYTES } from '@kube-aws/pki';

import { NODE_PKI_DIR } from '../kubeconfig/node-kubeconfig.js';
import { KUBELET_SERVING_APPROVER_USER } from '../manifests/addons/node-bootstrap-rbac.js';
import { ENCRYPTION_CONFIG_PATH, SECRETS_ENCRYPTION_KEY_PATH, encryptionConfigurationYaml } from '../manifests/encryption-config.js';
import { AWS_CLI_IMAGE } from '../manifests/versions.js';

export const SCRIPT_DIR = '/opt/kube-aws/bin';
/** Written by kube-aws-node-env.service, read by the kubelet and the controller's scripts. */
export const NODE_ENV_FILE = '/run/kube-aws/node.env';

/**
 * Names the node as EC2 names the instance's IP-based private DNS (`ip-10-0-0-50.us-west-1.compute.internal`,
 * `…ec2.internal` in us-east-1), from IMDSv2, so it matches what aws-cloud-controller-manager expects
 * even in VPCs whose DHCP options set another domain.
 */
export function nodeEnvScript(): string {
  return `#!/bin/bash
# kube-aws: writes KUBELET_NODE_NAME and KUBELET_NODE_IP to ${NODE_ENV_FILE} from IMDSv2.
set -euo pipefail
imds_token() {
  curl -sSf --retry 20 --retry-delay 2 --retry-connrefused -X PUT \\
    -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' http://169.254.169.254/latest/api/token
}
token="$(imds_token)"
imds() {
  curl -sSf --retry 20 --retry-delay 2 --retry-connrefused -H "X-aws-ec2-metadata-token: $token" \\
    "http://169.254.169.254/latest/meta-data/$1"
}
ip="$(imds local-ipv4)"
region="$(imds placement/region)"
if [ "$region" = us-east-1 ]; then domain=ec2.internal; else domain="$region.compute.internal"; fi
mkdir -p "$(dirname ${NODE_ENV_FILE})"
printf 'KUBELET_NODE_NAME=ip-%s.%s\\nKUBELET_NODE_IP=%s\\n' "\${ip//./-}" "$domain" "$ip" > ${NODE_ENV_FILE}.tmp
mv -f ${NODE_ENV_FILE}.tmp ${NODE_ENV_FILE}
`;
}

/**
 * Turns every `${NODE_PKI_DIR}/<file>.enc` into `<file>` (0600) with KMS Decrypt through the
 * instance role, running the AWS CLI v2 image with ctr (containerd is already up; Flatcar has no
 * AWS CLI). The encryption context binds each ciphertext to its file name.
 *
 * `ctr run IMAGE ID ARGS…` replaces the image's whole command line, entrypoint included, with ARGS,
 * so ARGS starts with the program: `aws`. `--` ends ctr's flags before the image: containerd 2.4's
 * ctr (urfave/cli v3) parses flags after positional arguments too, and would take `--region` for
 * its own. The ciphertext goes in on stdin (ctr run attaches it), so no bind mount is needed: ctr
 * 2.4 also splits slice flags such as `--mount` at commas. Transient failures (KMS throttling, the
 * network not up yet) are retried here, a few times with a growing pause, because kubelet.service
 * requires this unit: once its start fails, systemd fails the kubelet's start too and a later
 * restart of this unit would not bring the kubelet back.
 */
export function decryptAssetsScript(region: string, keyArn: string): string {
  return `#!/bin/bash
# kube-aws: decrypts the node's TLS assets with AWS KMS (instance role).
# decrypt_all runs as an if-condition, where set -e is off: each step says || return 1.
set -euo pipefail
umask 077
image='${AWS_CLI_IMAGE}'

decrypt_all() {
  ctr --namespace kube-aws images pull "$image" >/dev/null || return 1
  for enc in ${NODE_PKI_DIR}/*.enc; do
    name="$(basename "$enc" .enc)"
    out="${NODE_PKI_DIR}/$name"
    # Already decrypted on an earlier boot from this very ciphertext.
    if [ -s "$out" ] && [ "$out" -nt "$enc" ]; then continue; fi
    ctr --namespace kube-aws run --rm --net-host -- \\
      "$image" "kube-aws-decrypt-$$" \\
      aws kms decrypt --region '${region}' --key-id '${keyArn}' \\
      --encryption-context "asset=$name" \\
      --ciphertext-blob fileb:///dev/stdin --query Plaintext --output text < "$enc" \\
      | base64 -d > "$out.tmp" || return 1
    [ -s "$out.tmp" ] || { echo "kube-aws: KMS returned nothing for $name" >&2; return 1; }
    chmod 0600 "$out.tmp"
    mv -f "$out.tmp" "$out"
  done
}

for attempt in 1 2 3 4; do
  if decrypt_all; then exit 0; fi
  rm -f ${NODE_PKI_DIR}/*.tmp
  [ "$attempt" -lt 4 ] || break
  echo "kube-aws: decrypting the TLS assets failed (attempt $attempt of 4); retrying in $((attempt * 3))s" >&2
  sleep $((attempt * 3))
done
echo "kube-aws: could not decrypt the TLS assets with KMS key ${keyArn}" >&2
exit 1
`;
}

/**
 * Writes kube-apiserver's EncryptionConfiguration (0600) from the secrets-encryption key the decrypt
 * unit left in the pki directory. The configuration holds the key itself, so it is built here, on the
 * controller, and never travels in the userdata; the key travels only as KMS ciphertext. Rebuilt on
 * every boot from the key, so it can never disagree with it. Nothing here prints the key.
 */
export function encryptionConfigScript(): string {
  return `#!/bin/bash
# kube-aws: writes ${ENCRYPTION_CONFIG_PATH} from ${SECRETS_ENCRYPTION_KEY_PATH}.
set -euo pipefail
umask 077
key_file='${SECRETS_ENCRYPTION_KEY_PATH}'
config='${ENCRYPTION_CONFIG_PATH}'
if [ ! -s "$key_file" ]; then
  echo "kube-aws: $key_file is missing or empty: kube-aws-decrypt-assets.service did not decrypt it" >&2
  exit 1
fi
key="$(tr -d '\\n' < "$key_file")"
# secretbox takes exactly ${SECRETS_ENCRYPTION_KEY_BYTES} bytes; say so here rather than leave kube-apiserver to refuse to start.
bytes="$(printf '%s' "$key" | base64 -d 2>/dev/null | wc -c)" || bytes=0
if [ "$bytes" -ne ${SECRETS_ENCRYPTION_KEY_BYTES} ]; then
  echo "kube-aws: $key_file is not a base64 ${SECRETS_ENCRYPTION_KEY_BYTES}-byte key; check credentials/secrets-encryption-key.b64 with kube-aws validate, then boot a new controller from the corrected config" >&2
  exit 1
fi
cat > "$config.tmp" <<EOF
${encryptionConfigurationYaml('$key')}EOF
chmod 0600 "$config.tmp"
mv -f "$config.tmp" "$config"
`;
}

/**
 * Mints a short-lived client certificate with the cluster CA (only the controller holds ca-key.pem)
 * and writes a kubeconfig for the local API server into a private directory under /run (tmpfs).
 * This is how on-node automation gets an identity without shipping admin.pem to the node.
 */
export function mintKubeconfigScript(): string {
  return `#!/bin/bash
# usage: kube-aws-mint-kubeconfig <dir> <common-name> [organization]
set -euo pipefail
umask 077
dir="$1"; cn="$2"; org="\${3:-}"
subj="/CN=$cn"; [ -z "$org" ] || subj="/O=$org/CN=$cn"
rm -rf "$dir"; mkdir -p "$dir"
openssl req -new -newkey rsa:2048 -nodes -keyout "$dir/key.pem" -subj "$subj" -out "$dir/req.csr" 2>/dev/null
printf 'keyUsage=critical,digitalSignature,keyEncipherment\\nextendedKeyUsage=clientAuth\\n' > "$dir/ext.cnf"
openssl x509 -req -in "$dir/req.csr" -CA ${NODE_PKI_DIR}/ca.pem -CAkey ${NODE_PKI_DIR}/ca-key.pem \\
  -set_serial "0x$(openssl rand -hex 16)" -days 1 -sha256 -extfile "$dir/ext.cnf" -out "$dir/cert.pem" 2>/dev/null
rm -f "$dir/req.csr" "$dir/ext.cnf"
cat > "$dir/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: kubernetes
  cluster:
    server: https://127.0.0.1:443
    certificate-authority: ${NODE_PKI_DIR}/ca.pem
users:
- name: $cn
  user:
    client-certificate: $dir/cert.pem
    client-key: $dir/key.pem
contexts:
- name: default
  context:
    cluster: kubernetes
    user: $cn
current-context: default
EOF
`;
}

/**
 * Applies the addons, then labels and cordons this controller (`Ready,SchedulingDisabled`, as
 * kube-aws's `--register-schedulable=false` did: that flag is gone and NodeRestriction forbids a
 * kubelet from setting node-role labels or spec.unschedulable on itself).
 */
export function addonsScript(): string {
  return `#!/bin/bash
# kube-aws: applies /etc/kubernetes/addons, then labels and cordons this control-plane node.
set -euo pipefail
umask 077
. ${NODE_ENV_FILE}
creds=/run/kube-aws/addons
trap 'rm -rf "$creds"' EXIT
${SCRIPT_DIR}/kube-aws-mint-kubeconfig "$creds" kube-aws:addons system:masters
export KUBECONFIG="$creds/kubeconfig"
until kubectl get --raw=/readyz >/dev/null 2>&1; do echo "waiting for the API server"; sleep 5; done
if compgen -G '/etc/kubernetes/addons-upstream/*.yaml' >/dev/null; then
  kubectl apply --server-side --force-conflicts -f /etc/kubernetes/addons-upstream/
  kubectl wait --for=condition=Established crd --all --timeout=300s
fi
# All or nothing: the API server checks every addon before any is applied. One file at a time, so
# the message names the file it refuses (server-side apply's errors name only the object).
for addon in /etc/kubernetes/addons/*.yaml; do
  kubectl apply --server-side --force-conflicts --dry-run=server -f "$addon" >/dev/null \\
    || { echo "kube-aws: the API server refused $addon; nothing was applied" >&2; exit 1; }
done
kubectl apply --server-side --force-conflicts -f /etc/kubernetes/addons/
# The kubelet registers once its bootstrap CSR is approved (the RBAC above makes that possible).
until kubectl get node "$KUBELET_NODE_NAME" >/dev/null 2>&1; do echo "waiting for node $KUBELET_NODE_NAME"; sleep 5; done
kubectl label node "$KUBELET_NODE_NAME" node-role.kubernetes.io/control-plane= --overwrite
kubectl cordon "$KUBELET_NODE_NAME"
`;
}

/**
 * Approves kubelet serving-certificate CSRs (serverTLSBootstrap), which kube-controller-manager never
 * approves by itself: only when the requester is the node named in it and every SAN is an address
 * aws-cloud-controller-manager recorded for that node from the EC2 API.
 */
export function approveKubeletServingScript(): string {
  return `#!/bin/bash
# kube-aws: approves kubelet-serving CSRs whose names match the node's cloud-provided addresses.
set -euo pipefail
umask 077
creds=/run/kube-aws/approver
# Reuse the minted credential (valid 1 day) for 12 hours.
if [ ! -s "$creds/kubeconfig" ] || [ -n "$(find "$creds/kubeconfig" -mmin +720)" ]; then
  ${SCRIPT_DIR}/kube-aws-mint-kubeconfig "$creds" '${KUBELET_SERVING_APPROVER_USER}'
fi
export KUBECONFIG="$creds/kubeconfig"
kubectl get csr -o go-template='{{range .items}}{{if and (eq .spec.signerName "kubernetes.io/kubelet-serving") (not .status.conditions)}}{{.metadata.name}} {{.spec.username}} {{.spec.request}}{{"\\n"}}{{end}}{{end}}' |
while read -r csr username request; do
  node="\${username#system:node:}"
  [ "$node" != "$username" ] || continue
  # Wait until the cloud controller has initialised the node: its addresses then come from EC2.
  if ! uninitialized="$(kubectl get node "$node" -o jsonpath='{.spec.taints[?(@.key=="node.cloudprovider.kubernetes.io/uninitialized")].key}')"; then
    echo "kube-aws: not approving $csr yet: cannot read node $node" >&2; continue
  fi
  [ -z "$uninitialized" ] || continue
  addresses="$(kubectl get node "$node" -o jsonpath='{range .status.addresses[*]}{.address}{"\\n"}{end}')"
  # A request without names is left pending, without stopping the run for the others.
  sans="$(printf '%s' "$request" | base64 -d | openssl req -noout -text | grep -A1 'Subject Alternative Name' | tail -n1 | tr -d ' ')" || sans=''
  if [ -z "$sans" ]; then echo "kube-aws: not approving $csr: it names no address" >&2; continue; fi
  ok=yes
  IFS=, read -ra entries <<< "$sans"
  for entry in "\${entries[@]}"; do
    value="\${entry#*:}"
    grep -Fxq -- "$value" <<< "$addresses" || { ok=no; echo "kube-aws: not approving $csr: $value is not an address of $node" >&2; }
  done
  if [ "$ok" = yes ]; then kubectl certificate approve "$csr"; fi
done
`;
}
