/**
 * The deploying principal as the assets bucket's policy sees it. A bucket policy matches
 * `aws:PrincipalArn`, which for a role session is the *role's* ARN, path included
 * (`arn:aws:iam::…:role/<path>/<name>`), while STS GetCallerIdentity gives the session
 * (`arn:aws:sts::…:assumed-role/<name>/<session>`) without the path. So a role becomes two
 * patterns: the name at the root path and under any path; role names are unique in an account
 * whatever their path, so nothing else matches. Users, the root user and federated users are
 * already in the form IAM matches.
 */
import { DEPLOYER_PRINCIPALS_PARAMETER_PATTERN } from './logical-ids.js';

const ASSUMED_ROLE = /^arn:(aws[-a-z]*):sts::([0-9]{12}):assumed-role\/([^/]+)\/[^/]+$/;

/** The `DeployerPrincipalArns` value for a caller ARN from STS GetCallerIdentity. */
export function deployerPrincipalArns(callerArn: string): string {
  const role = ASSUMED_ROLE.exec(callerArn);
  const value = role ? `arn:${role[1]}:iam::${role[2]}:role/${role[3]},arn:${role[1]}:iam::${role[2]}:role/*/${role[3]}` : callerArn;
  if (!new RegExp(DEPLOYER_PRINCIPALS_PARAMETER_PATTERN).test(value)) {
    throw new RangeError(`${callerArn} is not a principal ARN STS returns (arn:<partition>:iam|sts::<account>:…)`);
  }
  return value;
}
