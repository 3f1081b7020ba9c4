/**
 * Logical IDs of the stack template. Deploy steps, status and tests refer to these constants, never
 * to string literals. The original kube-aws names are kept where the resource still exists, so
 * anyone reading old notes (`EIPController`, `AutoScaleWorker`) finds the same names.
 */

export const PHASE_PARAMETER = 'Phase';
/**
 * The KMS key's ARN (`…:key/<id>`, never an alias): the `Resource` of the nodes' `kms:Decrypt` and
 * the bucket's SSE-KMS key. `up` sets it to what cluster.yaml's `kmsKeyArn` resolves to
 * (`kms:DescribeKey`), because an alias ARN in an IAM policy authorises nothing.
 */
export const KMS_KEY_ARN_PARAMETER = 'KmsKeyArn';
/** What {@link KMS_KEY_ARN_PARAMETER} accepts: a key ARN in any partition, not an alias ARN. */
export const KMS_KEY_ARN_PARAMETER_PATTERN = '^arn:aws[-a-z]*:kms:[a-z0-9-]+:[0-9]{12}:key/[-a-zA-Z0-9]+$';
/**
 * Who deploys the stack: the `aws:PrincipalArn` values (comma-separated, `*` allowed) that the
 * assets bucket's policy lets in besides the node roles. `up` sets it from STS GetCallerIdentity
 * ({@link deployerPrincipalArns}); a principal not in it cannot read or write the bucket's objects.
 */
export const DEPLOYER_PRINCIPALS_PARAMETER = 'DeployerPrincipalArns';
/** What {@link DEPLOYER_PRINCIPALS_PARAMETER} accepts: IAM or STS principal ARNs, comma-separated. */
export const DEPLOYER_PRINCIPALS_PARAMETER_PATTERN = '^arn:aws[-a-z]*:(iam|sts)::[0-9]{12}:[^,]+(,arn:aws[-a-z]*:(iam|sts)::[0-9]{12}:[^,]+)*$';
/** True when `Phase` is `nodes`: the controller, EIP, worker group and DNS record exist. */
export const CREATE_NODES_CONDITION = 'CreateNodes';

export const VPC = 'VPC';
export const INTERNET_GATEWAY = 'InternetGateway';
export const VPC_GATEWAY_ATTACHMENT = 'VPCGatewayAttachment';
export const ROUTE_TABLE = 'RouteTable';
export const ROUTE_TO_INTERNET = 'RouteToInternet';
/** `Subnet0`, `Subnet1`, … one per `subnets` entry. */
export const subnetId = (index: number): string => `Subnet${index}`;
export const subnetRouteTableAssociationId = (index: number): string => `Subnet${index}RouteTableAssociation`;

export const SECURITY_GROUP_CONTROLLER = 'SecurityGroupController';
export const SECURITY_GROUP_WORKER = 'SecurityGroupWorker';

export const IAM_ROLE_CONTROLLER = 'IAMRoleController';
export const IAM_ROLE_WORKER = 'IAMRoleWorker';
export const IAM_INSTANCE_PROFILE_CONTROLLER = 'IAMInstanceProfileController';
export const IAM_INSTANCE_PROFILE_WORKER = 'IAMInstanceProfileWorker';

export const INSTANCE_CONTROLLER = 'InstanceController';
export const EIP_CONTROLLER = 'EIPController';

export const LAUNCH_TEMPLATE_WORKER = 'LaunchTemplateWorker';
export const AUTO_SCALE_WORKER = 'AutoScaleWorker';

export const EXTERNAL_DNS = 'ExternalDNS';

/** The S3 bucket for node configs; callers write `${AssetsBucket}` in their `Fn::Sub` user data. */
export const ASSETS_BUCKET = 'AssetsBucket';
/** TLS only, and only the node roles and the deploying principal (see assets-bucket.ts). */
export const ASSETS_BUCKET_POLICY = 'AssetsBucketPolicy';
