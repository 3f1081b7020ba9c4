// Types of kube-install.mjs (plain JS, so it runs before npm dependencies exist).
export interface KubeBinaries {
  /** `v1.36.3`: what the binaries report as their version. */
  readonly version: string;
  readonly etcdVersion: string;
  readonly binDir: string;
  readonly kubeApiserver: string;
  readonly kubeControllerManager: string;
  readonly kubeScheduler: string;
  readonly kubectl: string;
  readonly etcd: string;
}
export declare const KUBERNETES_VERSION: string;
export declare const ETCD_VERSION: string;
/** Thrown when Go is missing or too old, or a build fails; the message says what to do. */
export declare class KubeBinariesError extends Error {}
export declare function kubeBinariesDir(env?: NodeJS.ProcessEnv): string;
/** Builds the pinned control-plane binaries when needed (10–20 min cold) and returns their paths. */
export declare function ensureKubeBinaries(env?: NodeJS.ProcessEnv): KubeBinaries;
