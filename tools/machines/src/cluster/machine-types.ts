/**
 * Shapes shared by the sandbox's machines: where the (loopback) API server really listens, the EC2
 * facts of the instance a machine stands for, and a client identity for talking to the API server.
 */

/** Where the cluster's API server really listens (127.0.0.1 and a random port in the sandbox). */
export interface ApiServerAddress {
  readonly host: string;
  readonly port: number;
}

/** What EC2 says about the instance a machine plays. */
export interface NodeInstance {
  readonly instanceId: string;
  readonly privateIp: string;
  readonly availabilityZone: string;
  readonly instanceType: string;
  readonly region: string;
}

/**
 * A TLS client identity for the API server. `serverName` is the name the server certificate is
 * checked against (the host in the kubeconfig the real client would use), whatever address we dial.
 */
export interface ClientCredentials {
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
  readonly serverName: string;
}
