/**
 * The activity proxies the workflows call, each with the options of its group
 * ({@link OFFLINE_ACTIVITY_OPTIONS}, {@link AWS_ACTIVITY_OPTIONS}, …). Types only from
 * `@kube-aws/aws`: the activities themselves never enter the workflow bundle.
 */
import type { KubeAwsActivities } from '@kube-aws/aws';
import { proxyActivities } from '@temporalio/workflow';
import { AWS_ACTIVITY_OPTIONS, CLEANUP_ACTIVITY_OPTIONS, OBSERVE_ACTIVITY_OPTIONS, OFFLINE_ACTIVITY_OPTIONS, WATCH_ACTIVITY_OPTIONS } from './activity-options.js';

const offline = proxyActivities<KubeAwsActivities>(OFFLINE_ACTIVITY_OPTIONS);
const aws = proxyActivities<KubeAwsActivities>(AWS_ACTIVITY_OPTIONS);
const cleanup = proxyActivities<KubeAwsActivities>(CLEANUP_ACTIVITY_OPTIONS);
const watch = proxyActivities<KubeAwsActivities>(WATCH_ACTIVITY_OPTIONS);
const observe = proxyActivities<KubeAwsActivities>(OBSERVE_ACTIVITY_OPTIONS);

/** Every activity, bound to its group's options. */
export const activities: KubeAwsActivities = {
  initCluster: offline.initCluster,
  loadCluster: offline.loadCluster,
  renderAssets: offline.renderAssets,
  validateAssets: offline.validateAssets,
  resolveAccount: aws.resolveAccount,
  resolveImage: aws.resolveImage,
  preflight: aws.preflight,
  validateTemplate: aws.validateTemplate,
  prepareNodeConfigs: aws.prepareNodeConfigs,
  uploadNodeConfigs: aws.uploadNodeConfigs,
  deployStack: aws.deployStack,
  watchStack: watch.watchStack,
  describeStack: aws.describeStack,
  cleanupKubernetesResources: cleanup.cleanupKubernetesResources,
  deleteStack: aws.deleteStack,
  describeNodeInstances: aws.describeNodeInstances,
  // Bounded by verify's deadline per call: see credentialCheckOptions (verify-kubernetes.ts).
  checkClusterCredentials: aws.checkClusterCredentials,
  observeKubernetes: observe.observeKubernetes,
};
