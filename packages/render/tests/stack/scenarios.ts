/** The table of configs every golden, determinism and reference test runs over. */
import type { ClusterConfig } from '@kube-aws/config';
import { seedClusterConfig } from '@kube-aws/config/testing';

export interface Scenario {
  /** Also the golden file's name under fixtures/. */
  readonly name: string;
  readonly config: ClusterConfig;
}

export const SCENARIOS: readonly Scenario[] = [
  { name: 'seed', config: seedClusterConfig() },
  {
    name: 'existing-vpc',
    config: seedClusterConfig({ vpcId: 'vpc-0a1b2c3d4e5f60718', routeTableId: 'rtb-0f1e2d3c4b5a69788' }),
  },
  {
    name: 'multi-az',
    config: seedClusterConfig({
      region: 'us-west-2',
      kmsKeyArn: 'arn:aws:kms:us-west-2:123456789012:key/0f6c3d4e-8a1b-4c2d-9e3f-5a6b7c8d9e0f',
      subnets: [
        { availabilityZone: 'us-west-2a', instanceCIDR: '10.0.0.0/24' },
        { availabilityZone: 'us-west-2b', instanceCIDR: '10.0.1.0/24' },
        { availabilityZone: 'us-west-2c', instanceCIDR: '10.0.2.0/24' },
      ],
      controllerSubnetIndex: 1,
      controllerIP: '10.0.1.50',
      workerCount: 3,
      hostedZone: undefined,
      hostedZoneId: 'Z0123456789ABCDEFGHIJ',
    }),
  },
  {
    name: 'calico-spot',
    config: seedClusterConfig({ useCalico: true, workerSpotPrice: '0.0416' }),
  },
  {
    name: 'no-record-set',
    config: seedClusterConfig({ createRecordSet: false, hostedZone: undefined }),
  },
];
