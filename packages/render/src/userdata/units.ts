/**
 * systemd units and drop-ins. Boot order on every node:
 * containerd → kube-aws-decrypt-assets (added at finalize) → kube-aws-node-env → kubelet;
 * on the controller kube-aws-encryption-config runs after the decrypt unit and before the kubelet,
 * the kubelet runs the static pods, then kube-aws-addons applies the addons.
 */
import type { ClusterConfig } from '@kube-aws/config';

import type { IgnitionUnit } from './ignition-types.js';
import {
  KUBELET_BOOTSTRAP_KUBECONFIG,
  KUBELET_CONFIG_PATH,
  KUBELET_KUBECONFIG,
} from './node-config-files.js';
import { NODE_ENV_FILE, SCRIPT_DIR } from './scripts.js';

export const DECRYPT_ASSETS_UNIT = 'kube-aws-decrypt-assets.service';
export const NODE_ENV_UNIT = 'kube-aws-node-env.service';
export const ADDONS_UNIT = 'kube-aws-addons.service';
export const ENCRYPTION_CONFIG_UNIT = 'kube-aws-encryption-config.service';

/**
 * Units kube-aws adds drop-ins to without defining them: Flatcar's containerd and multi-user.target,
 * and the kubelet from the Kubernetes sysext. Validation accepts drop-ins for these and for units the config defines.
 */
export const HOST_PROVIDED_UNITS: readonly string[] = ['containerd.service', 'kubelet.service', 'multi-user.target'];

/**
 * Service lines every kube-aws boot unit carries, so that a node which never joins tells why through
 * `ec2:GetConsoleOutput` (what `kube-aws verify` reads): the unit's output goes to the console as well
 * as the journal, and on failure one line names the unit, systemd's result and the exit status.
 * `$$` is systemd's escape for a `$` the shell should see.
 */
export function consoleReportLines(unit: string): string {
  return `StandardOutput=journal+console
StandardError=journal+console
ExecStopPost=/bin/sh -c 'if [ "$$SERVICE_RESULT" != success ]; then echo "kube-aws: ${unit} failed (result=$$SERVICE_RESULT, status=$$EXIT_STATUS)"; fi'
`;
}

/**
 * A step that prepares the node before the kubelet: a oneshot that stays active, runs one script
 * of ours, reports to the console, and without which the kubelet does not start.
 */
function bootStepUnit(o: { name: string; description: string; dependencies: readonly string[]; script: string }): IgnitionUnit {
  return {
    name: o.name,
    enabled: true,
    contents: `[Unit]
Description=kube-aws: ${o.description}
${o.dependencies.join('\n')}
Before=kubelet.service

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=${SCRIPT_DIR}/${o.script}
${consoleReportLines(o.name)}
[Install]
RequiredBy=kubelet.service
`,
  };
}

export function containerdUnit(): IgnitionUnit {
  return {
    name: 'containerd.service',
    enabled: true,
    dropins: [
      {
        name: '10-kube-aws.conf',
        contents: '[Service]\nExecStart=\nExecStart=/usr/bin/containerd --config /etc/containerd/config.toml\n',
      },
    ],
  };
}

export function nodeEnvUnit(): IgnitionUnit {
  return bootStepUnit({
    name: NODE_ENV_UNIT,
    description: "compute this node's Kubernetes name from EC2 instance metadata",
    dependencies: ['Wants=network-online.target', 'After=network-online.target'],
    script: 'kube-aws-node-env',
  });
}

/**
 * The kubelet comes with the Kubernetes sysext (kubelet.service + a kubeadm drop-in whose
 * ExecStartPre copies the CNI plugins to /opt/cni/bin). This drop-in sorts after it and replaces
 * only ExecStart, and requires the units that prepare the node. Nothing here enables the unit:
 * see {@link kubeletStartUnit}.
 */
export function kubeletUnit(_config: ClusterConfig): IgnitionUnit {
  return {
    name: 'kubelet.service',
    dropins: [
      {
        name: '20-kube-aws.conf',
        contents: `[Unit]
After=containerd.service ${DECRYPT_ASSETS_UNIT} ${NODE_ENV_UNIT}
Requires=containerd.service ${NODE_ENV_UNIT} ${DECRYPT_ASSETS_UNIT}

[Service]
EnvironmentFile=${NODE_ENV_FILE}
ExecStart=
ExecStart=/usr/bin/kubelet \\
  --config=${KUBELET_CONFIG_PATH} \\
  --bootstrap-kubeconfig=${KUBELET_BOOTSTRAP_KUBECONFIG} \\
  --kubeconfig=${KUBELET_KUBECONFIG} \\
  --cloud-provider=external \\
  --hostname-override=\${KUBELET_NODE_NAME} \\
  --node-ip=\${KUBELET_NODE_IP}
Restart=always
RestartSec=10
`,
      },
    ],
  };
}

/**
 * What starts the kubelet at boot: a drop-in for multi-user.target that upholds it, Flatcar's
 * documented way for units a sysext ships. `enabled: true` would not do: Ignition enables through
 * presets, which systemd applies at first boot before systemd-sysext has merged the image, so the
 * unit is not there yet to enable. Upholds also starts the kubelet again whenever it stops.
 */
export function kubeletStartUnit(): IgnitionUnit {
  return {
    name: 'multi-user.target',
    dropins: [{ name: '20-kube-aws-kubelet.conf', contents: '[Unit]\nUpholds=kubelet.service\n' }],
  };
}

export function addonsUnit(): IgnitionUnit {
  return {
    name: ADDONS_UNIT,
    enabled: true,
    contents: `[Unit]
Description=kube-aws: apply cluster addons, then label and cordon this controller
Wants=kubelet.service
After=kubelet.service ${DECRYPT_ASSETS_UNIT} ${NODE_ENV_UNIT}

[Service]
Type=oneshot
RemainAfterExit=yes
TimeoutStartSec=0
ExecStart=${SCRIPT_DIR}/kube-aws-addons
Restart=on-failure
RestartSec=15
${consoleReportLines(ADDONS_UNIT)}
[Install]
WantedBy=multi-user.target
`,
  };
}

/**
 * Controller only: builds kube-apiserver's EncryptionConfiguration from the decrypted key before the
 * kubelet starts the static pods. Requires the decrypt unit (added at finalize), so when decryption
 * fails this unit reports a failed dependency instead of a missing key.
 */
export function encryptionConfigUnit(): IgnitionUnit {
  return bootStepUnit({
    name: ENCRYPTION_CONFIG_UNIT,
    description: "write kube-apiserver's EncryptionConfiguration from the decrypted key",
    dependencies: [`After=${DECRYPT_ASSETS_UNIT}`, `Requires=${DECRYPT_ASSETS_UNIT}`],
    script: 'kube-aws-encryption-config',
  });
}

export function approverUnits(): IgnitionUnit[] {
  return [
    {
      name: 'kube-aws-approve-kubelet-serving.service',
      contents: `[Unit]
Description=kube-aws: approve kubelet serving-certificate requests
After=kubelet.service ${DECRYPT_ASSETS_UNIT}

[Service]
Type=oneshot
ExecStart=${SCRIPT_DIR}/kube-aws-approve-kubelet-serving
${consoleReportLines('kube-aws-approve-kubelet-serving.service')}`,
    },
    {
      name: 'kube-aws-approve-kubelet-serving.timer',
      enabled: true,
      contents: `[Unit]
Description=kube-aws: approve kubelet serving-certificate requests every minute

[Timer]
OnBootSec=2min
OnUnitActiveSec=1min

[Install]
WantedBy=timers.target
`,
    },
  ];
}

/** Added by finalizeNodeIgnition, with the `.enc` files. */
export function decryptAssetsUnit(): IgnitionUnit {
  return bootStepUnit({
    name: DECRYPT_ASSETS_UNIT,
    description: 'decrypt TLS assets with AWS KMS',
    dependencies: ['Wants=network-online.target', 'After=network-online.target containerd.service', 'Requires=containerd.service'],
    script: 'kube-aws-decrypt-assets',
  });
}
