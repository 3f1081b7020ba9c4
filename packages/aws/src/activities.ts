/**
 * `createActivities(deps)`: every activity of {@link KubeAwsActivities}, ready to register with a
 * Temporal worker. The CloudFormation ones come from ./stack; the rest (asset store, identity,
 * image, preflight, node configs, cleanup, node instances, Kubernetes) are built here over the same clients.
 *
 * Each activity opens what it needs per call (the cluster's asset store, the clients of the
 * cluster's region), so one worker serves any number of clusters in any regions.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { ClusterConfig } from '@kube-aws/config';
import type { Encryptor } from '@kube-aws/render';
import { AwsClientsByRegion } from './clients.js';
import type { AwsClients } from './clients.js';
import type { AssetsUri, KubeAwsActivities } from './contract.js';
import { classified } from './failures.js';
import type { AssetStore } from './assets/asset-store.js';
import { createAssetsS3Client } from './assets/assets-s3-client.js';
import { clusterSummary, readClusterYaml } from './assets/cluster-yaml.js';
import { initCluster } from './assets/init-cluster.js';
import { openAssetStore } from './assets/open-asset-store.js';
import { renderAssets } from './assets/render-assets.js';
import { readStackInputs } from './assets/stack-inputs.js';
import { validateAssets } from './assets/validate-assets.js';
import { cleanupKubernetesResources } from './cleanup/cleanup-kubernetes-resources.js';
import { resolveAccount } from './identity/resolve-account.js';
import { FLATCAR_OWNER_ID, resolveImage } from './images/flatcar-images.js';
import { KmsEncryptor } from './kms/kms-encryptor.js';
import type { ApiEndpointResolver } from './kubernetes/api-endpoints.js';
import { checkClusterCredentials } from './kubernetes/check-cluster-credentials.js';
import { observeKubernetes } from './kubernetes/observe-kubernetes.js';
import type { ObserveDeps } from './kubernetes/observe-kubernetes.js';
import { ec2ConsoleReader } from './nodes/console-output.js';
import type { ConsoleReader } from './nodes/console-output.js';
import { ConsoleWatch } from './nodes/console-watch.js';
import { describeNodeInstances } from './nodes/describe-node-instances.js';
import { prepareNodeConfigs } from './nodes/prepare-node-configs.js';
import { uploadNodeConfigs } from './nodes/upload-node-configs.js';
import { preflight } from './preflight/preflight.js';
import { createStackActivities } from './stack/index.js';
import type { LoadStackInputs, PollTiming } from './stack/index.js';

export interface ActivityDeps {
  /** The AWS clients of a region; the SDK's standard configuration by default. */
  readonly clientsFor?: (region: string) => AwsClients;
  /** The clock (certificate validity in render/validate). */
  readonly now?: () => Date;
  /** The S3 client of `s3://` asset stores (its region is not known before cluster.yaml is read). */
  readonly assetsS3?: () => S3Client;
  /** Where `s3://` stores make their working copies; the OS temp directory by default. */
  readonly tempRoot?: string;
  /** The account whose Flatcar images `resolveImage` trusts; Flatcar's own by default. */
  readonly flatcarOwner?: string;
  /** Clock, sleep and randomness of the stack activities' polls (tests pass fakes). */
  readonly pollTiming?: Partial<PollTiming>;
  /** The encryptor of the TLS assets; KMS with the cluster's key by default. */
  readonly encryptorFor?: (config: ClusterConfig, clients: AwsClients) => Encryptor;
  /**
   * Where to reach an API server instead of the kubeconfig's host (the certificate is still
   * verified for that host): the worker builds it from KUBE_AWS_API_ENDPOINTS. None by default.
   */
  readonly apiEndpoints?: ApiEndpointResolver;
  /** Sleep, request timeout and the cluster reads of the Kubernetes activities (tests pass fakes). */
  readonly kube?: Partial<Omit<ObserveDeps, 'endpoints' | 'now'>>;
}

/** The activities this file builds (everything but the five CloudFormation ones). */
export type NodeAndAssetActivities = Omit<KubeAwsActivities, 'validateTemplate' | 'deployStack' | 'watchStack' | 'describeStack' | 'deleteStack'>;

export function createActivities(deps: ActivityDeps = {}): KubeAwsActivities {
  const resolved = resolveDeps(deps);
  const loadStackInputs: LoadStackInputs = (uri) => readStackInputs(resolved.store(uri));
  const stack = createStackActivities({ clientsFor: resolved.clientsFor, loadStackInputs, ...(deps.pollTiming ? { timing: deps.pollTiming } : {}) });
  return { ...stack, ...createNodeAndAssetActivities(resolved) };
}

export interface ResolvedDeps extends ActivityDeps {
  readonly clientsFor: (region: string) => AwsClients;
  /** Opens a cluster's asset store; `kmsKeyArn` overrides cluster.yaml's for S3 writes (init). */
  readonly store: (uri: AssetsUri, kmsKeyArn?: string) => AssetStore;
}

/** Clients cached per region, and the asset-store opener, shared by every activity of a worker. */
export function resolveDeps(deps: ActivityDeps = {}): ResolvedDeps {
  const byRegion = new AwsClientsByRegion(deps.clientsFor);
  let assetsS3: S3Client | undefined;
  const storeDeps = { s3: deps.assetsS3 ?? (() => (assetsS3 ??= createAssetsS3Client())), ...(deps.tempRoot ? { tempRoot: deps.tempRoot } : {}) };
  return {
    ...deps,
    clientsFor: (region) => byRegion.forRegion(region),
    store: (uri, kmsKeyArn) => openAssetStore(uri, storeDeps, kmsKeyArn),
  };
}

/** The non-CloudFormation activities alone (tests, and workers that host only these). */
export function createNodeAndAssetActivities(deps: ResolvedDeps = resolveDeps()): NodeAndAssetActivities {
  const { clientsFor, store } = deps;
  const now = deps.now ?? (() => new Date());
  const encryptorFor = deps.encryptorFor ?? ((config, clients) => new KmsEncryptor(clients.kms, config.kmsKeyArn));
  // One watch and one console reader per region for the whole worker: console reads stay bounded
  // across observeKubernetes calls, and an instance that refused `Latest` is not asked again.
  const consoles = new ConsoleWatch({ now });
  const readers = new Map<string, ConsoleReader>();
  const readerFor = (region: string): ConsoleReader => {
    let reader = readers.get(region);
    if (!reader) readers.set(region, (reader = ec2ConsoleReader(clientsFor(region).ec2)));
    return reader;
  };
  const kube: ObserveDeps = {
    bootFailures: (instances, region) => consoles.bootFailures(instances, readerFor(region)),
    ...deps.kube,
    now,
    ...(deps.apiEndpoints ? { endpoints: deps.apiEndpoints } : {}),
  };
  const cluster = async (uri: AssetsUri): Promise<{ config: ClusterConfig; clients: AwsClients }> => {
    const { config } = await readClusterYaml(store(uri));
    return { config, clients: clientsFor(config.region) };
  };

  return {
    initCluster: (input) => classified({ action: `init cluster.yaml in ${input.assetsUri}` }, () => initCluster(store(input.assetsUri, input.kmsKeyArn), input)),
    loadCluster: (input) => classified({ action: `read cluster.yaml from ${input.assetsUri}` }, async () => clusterSummary(await readClusterYaml(store(input.assetsUri)))),
    renderAssets: (input) => classified({ action: `render the assets in ${input.assetsUri}` }, () => renderAssets(store(input.assetsUri), now)),
    validateAssets: (input) => classified({ action: `validate the assets in ${input.assetsUri}` }, () => validateAssets(store(input.assetsUri), now)),

    resolveAccount: (input) => classified({ action: `identify the AWS account (STS) in ${input.region}` }, () => resolveAccount(clientsFor(input.region).sts, input.region)),
    resolveImage: (input) =>
      classified({ action: 'find the node image (EC2 DescribeImages)' }, async () => {
        const { config, clients } = await cluster(input.assetsUri);
        return resolveImage(clients.ec2, config, deps.flatcarOwner ?? FLATCAR_OWNER_ID);
      }),
    preflight: (input) =>
      classified({ action: 'run the preflight checks' }, async () => {
        const { config, clients } = await cluster(input.assetsUri);
        return preflight(config, clients, input.imageId);
      }),

    prepareNodeConfigs: (input) =>
      classified({ action: 'encrypt the TLS assets into the node configs (KMS Encrypt)', fix: 'check kmsKeyArn in cluster.yaml and that kube-aws may use the key' }, () =>
        prepareNodeConfigs(store(input.assetsUri), (config) => encryptorFor(config, clientsFor(config.region))),
      ),
    uploadNodeConfigs: (input) =>
      classified({ action: `upload the node configs to s3://${input.bucket}` }, async () => {
        const { config, clients } = await cluster(input.assetsUri);
        return uploadNodeConfigs(store(input.assetsUri), clients.s3, config.kmsKeyArn, input);
      }),
    cleanupKubernetesResources: (input) =>
      classified({ action: `delete what Kubernetes made in AWS for cluster ${input.clusterName}` }, () => cleanupKubernetesResources(clientsFor(input.region), input)),
    describeNodeInstances: (input) =>
      classified({ action: `describe the nodes of stack ${input.stackName}` }, async () => {
        const { config, clients } = await cluster(input.assetsUri);
        return describeNodeInstances(clients, config.region, input.stackName, config.workerCount);
      }),
    checkClusterCredentials: (input) =>
      classified({ action: `check the client credentials of ${input.assetsUri} against the API server` }, () => checkClusterCredentials(store(input.assetsUri), kube)),
    observeKubernetes: (input) =>
      classified({ action: `observe the nodes and kube-system of ${input.assetsUri}` }, () => observeKubernetes(store(input.assetsUri), input, kube)),
  };
}
