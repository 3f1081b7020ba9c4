/**
 * The machines' own AWS clients, straight to moto (not through the pacing proxy): a booting node
 * reads its user data, its config object and its keys the way an instance would, unpaced.
 */
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { EC2Client } from '@aws-sdk/client-ec2';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentity } from '@smithy/types';

export interface MachineAwsClients {
  readonly ec2: EC2Client;
  readonly s3: S3Client;
  readonly kms: KMSClient;
  readonly cloudFormation: CloudFormationClient;
  readonly autoScaling: AutoScalingClient;
}

export function machineAwsClients(motoUrl: string, region: string, credentials: AwsCredentialIdentity): MachineAwsClients {
  const base = { endpoint: motoUrl, region, credentials, maxAttempts: 3 };
  return {
    ec2: new EC2Client(base),
    // moto serves buckets by path, not by virtual host.
    s3: new S3Client({ ...base, forcePathStyle: true }),
    kms: new KMSClient(base),
    cloudFormation: new CloudFormationClient(base),
    autoScaling: new AutoScalingClient(base),
  };
}
