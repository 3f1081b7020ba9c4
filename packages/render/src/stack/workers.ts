/**
 * Workers: a launch template (LaunchConfiguration is closed to new accounts) and an Auto Scaling
 * group of fixed size `workerCount` across every subnet.
 */
import type { ClusterConfig } from '@kube-aws/config';
import { nodeMetadataOptions, rootBlockDevice } from './controller.js';
import { AUTO_SCALE_WORKER, CREATE_NODES_CONDITION, LAUNCH_TEMPLATE_WORKER } from './logical-ids.js';
import { getAtt } from './template-builder.js';
import type { CfnValue, Ref, TemplateBuilder } from './template-builder.js';

export interface WorkerInputs {
  readonly subnets: readonly Ref<'AWS::EC2::Subnet'>[];
  readonly securityGroup: Ref<'AWS::EC2::SecurityGroup'>;
  readonly instanceProfile: Ref<'AWS::IAM::InstanceProfile'>;
  readonly amiId: CfnValue;
  readonly userData: CfnValue;
  /** Logical ids to wait for, so the nodes can reach S3 when they boot. */
  readonly dependsOn: readonly string[];
}

export interface WorkerRefs {
  readonly launchTemplate: Ref<'AWS::EC2::LaunchTemplate'>;
  readonly autoScalingGroup: Ref<'AWS::AutoScaling::AutoScalingGroup'>;
}

/**
 * The workers' groups, and with `mapPublicIPs: false` no public address. The subnets keep
 * MapPublicIpOnLaunch (the controller boots in them before its Elastic IP is attached), so the
 * launch template overrides it on the primary interface, which must then carry the groups itself.
 */
function networkSettings(config: ClusterConfig, securityGroup: Ref<'AWS::EC2::SecurityGroup'>): object {
  if (config.mapPublicIPs) return { SecurityGroupIds: [securityGroup] };
  return { NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: false, Groups: [securityGroup], DeleteOnTermination: true }] };
}

export function addWorkers(b: TemplateBuilder, config: ClusterConfig, inputs: WorkerInputs): WorkerRefs {
  const spot = config.workerSpotPrice;
  const launchTemplate = b.add(LAUNCH_TEMPLATE_WORKER, {
    Type: 'AWS::EC2::LaunchTemplate',
    Properties: {
      LaunchTemplateData: {
        ImageId: inputs.amiId,
        InstanceType: config.workerInstanceType,
        KeyName: config.keyName,
        IamInstanceProfile: { Arn: getAtt(inputs.instanceProfile, 'Arn') },
        ...networkSettings(config, inputs.securityGroup),
        MetadataOptions: nodeMetadataOptions(config),
        BlockDeviceMappings: [rootBlockDevice(config.workerRootVolume)],
        UserData: inputs.userData,
        ...(spot === undefined
          ? {}
          : {
              InstanceMarketOptions: {
                MarketType: 'spot',
                SpotOptions: { MaxPrice: spot, SpotInstanceType: 'one-time', InstanceInterruptionBehavior: 'terminate' },
              },
            }),
        // Instances get their tags from the group (PropagateAtLaunch); volumes only from here.
        TagSpecifications: [{ ResourceType: 'volume', Tags: [...b.tags] }],
      },
    },
  });

  const autoScalingGroup = b.add(AUTO_SCALE_WORKER, {
    Type: 'AWS::AutoScaling::AutoScalingGroup',
    Condition: CREATE_NODES_CONDITION,
    ...(inputs.dependsOn.length > 0 ? { DependsOn: inputs.dependsOn } : {}),
    Properties: {
      VPCZoneIdentifier: inputs.subnets,
      MinSize: String(config.workerCount),
      MaxSize: String(config.workerCount),
      DesiredCapacity: String(config.workerCount),
      HealthCheckType: 'EC2',
      HealthCheckGracePeriod: 600,
      LaunchTemplate: {
        LaunchTemplateId: launchTemplate,
        Version: getAtt(launchTemplate, 'LatestVersionNumber'),
      },
      Tags: [{ Key: 'Name', Value: `${config.clusterName}-kube-aws-worker`, PropagateAtLaunch: true }],
    },
    UpdatePolicy: {
      AutoScalingRollingUpdate: {
        // One worker at a time. MinInstancesInService must stay below MaxSize or CloudFormation
        // cannot replace anything (the original used workerCount, which blocks every update);
        // spot capacity may vanish, so promise nothing there.
        MinInstancesInService: spot === undefined ? String(Math.max(0, config.workerCount - 1)) : '0',
        MaxBatchSize: '1',
        PauseTime: 'PT2M',
      },
    },
  });
  return { launchTemplate, autoScalingGroup };
}
