/**
 * The AWS SDK clients every activity is built over. Configuration comes only from the SDK's
 * standard settings (AWS_REGION / profile, the credential chain, AWS_ENDPOINT_URL and the
 * per-service AWS_ENDPOINT_URL_<SERVICE>), so the same code runs on real AWS and on the sandbox.
 */
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { KMSClient } from '@aws-sdk/client-kms';
import { Route53Client } from '@aws-sdk/client-route-53';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';

export interface AwsClients {
  readonly cloudFormation: CloudFormationClient;
  readonly ec2: EC2Client;
  readonly autoScaling: AutoScalingClient;
  readonly kms: KMSClient;
  readonly route53: Route53Client;
  readonly s3: S3Client;
  readonly sts: STSClient;
  readonly elb: ElasticLoadBalancingClient;
  readonly elbv2: ElasticLoadBalancingV2Client;
}

export interface AwsClientOptions {
  /** The cluster's region; the SDK's own resolution (AWS_REGION, profile) when absent. */
  readonly region?: string;
}

/**
 * The SDK retries a request twice at most: Temporal owns retrying beyond that, with its backoff
 * and its visibility, and a throttled call must not hide inside a long SDK retry loop.
 */
const SDK_MAX_ATTEMPTS = 2;

/** S3 on an emulator (any endpoint override) needs path-style addressing; real S3 does not. */
function s3NeedsPathStyle(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env['AWS_ENDPOINT_URL'] ?? env['AWS_ENDPOINT_URL_S3']);
}

export function createAwsClients(options: AwsClientOptions = {}, env: NodeJS.ProcessEnv = process.env): AwsClients {
  const common = { maxAttempts: SDK_MAX_ATTEMPTS, ...(options.region ? { region: options.region } : {}) };
  return {
    cloudFormation: new CloudFormationClient(common),
    ec2: new EC2Client(common),
    autoScaling: new AutoScalingClient(common),
    kms: new KMSClient(common),
    route53: new Route53Client(common),
    s3: new S3Client({ ...common, forcePathStyle: s3NeedsPathStyle(env) }),
    sts: new STSClient(common),
    elb: new ElasticLoadBalancingClient(common),
    elbv2: new ElasticLoadBalancingV2Client(common),
  };
}

/** Clients per region, made on first use: one worker serves clusters in many regions. */
export class AwsClientsByRegion {
  private readonly byRegion = new Map<string, AwsClients>();

  constructor(private readonly make: (region: string) => AwsClients = (region) => createAwsClients({ region })) {}

  forRegion(region: string): AwsClients {
    let clients = this.byRegion.get(region);
    if (!clients) {
      clients = this.make(region);
      this.byRegion.set(region, clients);
    }
    return clients;
  }
}
