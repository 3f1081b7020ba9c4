/**
 * Units the machine's OS image ships rather than Ignition: Flatcar's containerd.service and the
 * Kubernetes sysext's kubelet.service (upstream's unit, as kubeadm packages it). Ignition's
 * drop-ins and `enabled` apply to these.
 */
export const IMAGE_UNITS: Readonly<Record<string, string>> = {
  'containerd.service': `[Unit]
Description=containerd container runtime
After=network.target

[Service]
Type=notify
ExecStart=/usr/bin/containerd
Restart=always

[Install]
WantedBy=multi-user.target
`,
  'kubelet.service': `[Unit]
Description=kubelet: The Kubernetes Node Agent
Documentation=https://kubernetes.io/docs/
Wants=network-online.target
After=network-online.target

[Service]
ExecStart=/usr/bin/kubelet
Restart=always
StartLimitInterval=0
RestartSec=10

[Install]
WantedBy=multi-user.target
`,
};

/** The units the host plays: containerd's part is the ctr stand-in's, the kubelet's the node agent's. */
export const HOST_PLAYED_UNITS: readonly string[] = ['containerd.service', 'kubelet.service'];
