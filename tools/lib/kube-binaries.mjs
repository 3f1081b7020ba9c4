// The sandbox's Kubernetes control-plane binaries (kube-apiserver, kube-controller-manager,
// kube-scheduler, kubectl, etcd), built from the Go module proxy and cached. The builder lives
// with the sandbox, beside the Python tools' installer.
export { ensureKubeBinaries, kubeBinariesDir, KubeBinariesError, KUBERNETES_VERSION, ETCD_VERSION } from '../machines/kube-install.mjs';
