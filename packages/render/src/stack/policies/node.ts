/**
 * What every node's role gets for Kubernetes: the "Node Policy" of cloud-provider-aws v1.35.0
 * (docs/prerequisites.md), restated as published: instance discovery and ECR image pulls (ECR's
 * GetAuthorizationToken is only grantable on `*`).
 */
import type { PolicyStatement } from './statement.js';

export function nodeStatements(): PolicyStatement[] {
  return [
    {
      Sid: 'NodeDiscoveryAndImagePulls',
      Effect: 'Allow',
      Action: [
        'ec2:DescribeInstances',
        'ec2:DescribeRegions',
        'ecr:BatchCheckLayerAvailability',
        'ecr:BatchGetImage',
        'ecr:DescribeRepositories',
        'ecr:GetAuthorizationToken',
        'ecr:GetDownloadUrlForLayer',
        'ecr:GetRepositoryPolicy',
        'ecr:ListImages',
      ],
      Resource: '*',
    },
  ];
}
