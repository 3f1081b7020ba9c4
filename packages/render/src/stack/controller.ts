/**
 * The single controller: an EC2 instance at the configured private IP plus its Elastic IP.
 *
 * The instance names its subnet, IP and groups at the top level (not through NetworkInterfaces as
 * the original did): valid on AWS, and the only form the moto sandbox places correctly. No
 * CloudWatch recover alarm: EC2's simplified automatic recovery is on by default for current
 * instance types, and moto cannot create alarms.
 */
import type { ClusterConfig, RootVolume } from '@kube-aws/config';
import { CREATE_NODES_CONDITION, EIP_CONTROLLER, INSTANCE_CONTROLLER } from './logical-ids.js';
import type { CfnValue, Ref, TemplateBuilder } from './template-builder.js';

export interface ControllerInputs {
  readonly subnet: Ref<'AWS::EC2::Subnet'>;
  readonly securityGroup: Ref<'AWS::EC2::SecurityGroup'>;
  readonly instanceProfile: Ref<'AWS::IAM::InstanceProfile'>;
  readonly amiId: CfnValue;
  readonly userData: CfnValue;
  /** Logical ids to wait for, so the node can reach S3 when it boots. */
  readonly dependsOn: readonly string[];
  /** Set when the stack makes its own internet gateway: an EIP needs it attached first. */
  readonly gatewayAttachment?: string;
}

export interface ControllerRefs {
  readonly instance: Ref<'AWS::EC2::Instance'>;
  readonly eip: Ref<'AWS::EC2::EIP'>;
}

/**
 * IMDSv2 only, hop limit 1 by default: a pod without host networking is one hop further away, so it
 * cannot get a token and with it the node role's credentials. Every kube-aws pod that calls AWS
 * (cloud controller, EBS CSI) uses the host network. cluster.yaml's `instanceMetadata.hopLimit`
 * raises it, and `validate` warns when it does.
 */
export function nodeMetadataOptions(config: ClusterConfig): object {
  return { HttpEndpoint: 'enabled', HttpTokens: 'required', HttpPutResponseHopLimit: config.instanceMetadata.hopLimit };
}

/** Root volume as both Instance and LaunchTemplate take it; Iops only where the type has it. */
export function rootBlockDevice(volume: RootVolume): object {
  const withIops = volume.iops > 0 && (volume.type === 'gp3' || volume.type === 'io1' || volume.type === 'io2');
  return {
    DeviceName: '/dev/xvda',
    Ebs: {
      VolumeSize: volume.sizeGiB,
      VolumeType: volume.type,
      ...(withIops ? { Iops: volume.iops } : {}),
      DeleteOnTermination: true,
      Encrypted: true,
    },
  };
}

export function addController(b: TemplateBuilder, config: ClusterConfig, inputs: ControllerInputs): ControllerRefs {
  const instance = b.add(INSTANCE_CONTROLLER, {
    Type: 'AWS::EC2::Instance',
    Condition: CREATE_NODES_CONDITION,
    ...(inputs.dependsOn.length > 0 ? { DependsOn: inputs.dependsOn } : {}),
    Properties: {
      ImageId: inputs.amiId,
      InstanceType: config.controllerInstanceType,
      KeyName: config.keyName,
      IamInstanceProfile: inputs.instanceProfile,
      SubnetId: inputs.subnet,
      PrivateIpAddress: config.controllerIP,
      SecurityGroupIds: [inputs.securityGroup],
      MetadataOptions: nodeMetadataOptions(config),
      BlockDeviceMappings: [rootBlockDevice(config.controllerRootVolume)],
      UserData: inputs.userData,
      Tags: [{ Key: 'Name', Value: `${config.clusterName}-kube-aws-controller` }],
    },
  });
  const eip = b.add(EIP_CONTROLLER, {
    Type: 'AWS::EC2::EIP',
    Condition: CREATE_NODES_CONDITION,
    ...(inputs.gatewayAttachment !== undefined ? { DependsOn: inputs.gatewayAttachment } : {}),
    Properties: { Domain: 'vpc', InstanceId: instance },
  });
  return { instance, eip };
}
