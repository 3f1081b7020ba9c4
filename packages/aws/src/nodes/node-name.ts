/**
 * A node's Kubernetes name the way AWS names the instance's private DNS and the kubelet's
 * `kube-aws-node-env` derives it: `ip-10-0-0-50.us-west-1.compute.internal`, `ip-…ec2.internal` in
 * us-east-1. Derived from region and IP, never read from EC2 (moto calls them all `ec2.internal`).
 */
export function awsNodeName(region: string, privateIp: string): string {
  const domain = region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`;
  return `ip-${privateIp.replaceAll('.', '-')}.${domain}`;
}
