/**
 * {@link KubeClient}: the calls `verify` makes, over @kubernetes/client-node 1.4 (its generated
 * API classes and its KubeConfig, which builds the TLS agent from the cluster's CA, the client
 * certificate and `tlsServerName`). Each request gets a timeout and the activity's cancellation,
 * and TLS verification stays on whatever NODE_TLS_REJECT_UNAUTHORIZED says.
 */
import { Agent as HttpsAgent } from 'node:https';
import {
  AppsV1Api,
  AuthenticationV1Api,
  CoreV1Api,
  createConfiguration,
  Health,
  KubeConfig,
  ServerConfiguration,
} from '@kubernetes/client-node';
import type { Middleware, RequestContext, ResponseContext, V1DaemonSet, V1Deployment, V1Node, V1Pod } from '@kubernetes/client-node';
import { activitySignal } from '../shared/heartbeat.js';
import type { ClientCredential } from './cluster-access.js';
import type { KubeConnection } from './kube-connection.js';

/** A request the API server has not answered in this long counts as "not reachable". */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export interface KubeIdentity {
  readonly username: string;
  readonly groups: readonly string[];
}

const base64 = (pem: string): string => Buffer.from(pem, 'utf8').toString('base64');

function withDeadline(timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  const cancelled = activitySignal();
  return cancelled ? AbortSignal.any([timeout, cancelled]) : timeout;
}

/** Per request: a fresh deadline, and verification forced on (the agent is made per request by KubeConfig). */
function requestMiddleware(timeoutMs: number): Middleware {
  return {
    pre: async (context: RequestContext) => {
      context.setSignal(withDeadline(timeoutMs));
      const agent = context.getAgent();
      if (agent instanceof HttpsAgent) agent.options.rejectUnauthorized = true;
      return context;
    },
    post: async (context: ResponseContext) => context,
  };
}

export class KubeClient {
  private readonly config: KubeConfig;
  private readonly core: CoreV1Api;
  private readonly apps: AppsV1Api;
  private readonly authn: AuthenticationV1Api;

  constructor(
    readonly connection: KubeConnection,
    caPem: string,
    credential: ClientCredential,
    private readonly timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
  ) {
    this.config = new KubeConfig();
    this.config.loadFromClusterAndUser(
      {
        name: 'kube-aws',
        server: connection.url,
        caData: base64(caPem),
        skipTLSVerify: false,
        ...(connection.tlsServerName ? { tlsServerName: connection.tlsServerName } : {}),
      },
      { name: credential.file, certData: base64(credential.certPem), keyData: base64(credential.keyPem) },
    );
    const configuration = createConfiguration({
      baseServer: new ServerConfiguration(connection.url, {}),
      authMethods: { default: this.config },
      promiseMiddleware: [requestMiddleware(timeoutMs)],
    });
    this.core = new CoreV1Api(configuration);
    this.apps = new AppsV1Api(configuration);
    this.authn = new AuthenticationV1Api(configuration);
  }

  /** authentication.k8s.io/v1 SelfSubjectReview: who the API server takes this credential for. */
  async selfSubjectReview(): Promise<KubeIdentity> {
    const review = await this.authn.createSelfSubjectReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
    const user = review.status?.userInfo;
    return { username: user?.username ?? '', groups: user?.groups ?? [] };
  }

  /** GET /readyz (true on 200); errors as the request raised them. */
  async readyz(): Promise<boolean> {
    return new Health(this.config).readyz({ signal: withDeadline(this.timeoutMs) });
  }

  async listNodes(): Promise<V1Node[]> {
    return (await this.core.listNode()).items;
  }

  async listPods(namespace: string): Promise<V1Pod[]> {
    return (await this.core.listNamespacedPod({ namespace })).items;
  }

  async listDeployments(namespace: string): Promise<V1Deployment[]> {
    return (await this.apps.listNamespacedDeployment({ namespace })).items;
  }

  async listDaemonSets(namespace: string): Promise<V1DaemonSet[]> {
    return (await this.apps.listNamespacedDaemonSet({ namespace })).items;
  }
}
