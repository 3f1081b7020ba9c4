/**
 * The user's admin kubeconfig for a rendered cluster whose API server runs on loopback: the
 * credentials/ admin pair and CA, the loopback address, and TLS still checked against the cluster's
 * external DNS name (as `npm run sandbox -- kubeconfig` writes it).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeAdminKubeconfig(path: string, o: { clusterDir: string; apiServer: { host: string; port: number }; serverName: string }): string {
  const cred = (f: string): string => join(o.clusterDir, 'credentials', f);
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: c1',
      '  cluster:',
      `    server: https://${o.apiServer.host}:${o.apiServer.port}`,
      `    tls-server-name: ${o.serverName}`,
      `    certificate-authority: ${cred('ca.pem')}`,
      'users:',
      '- name: admin',
      '  user:',
      `    client-certificate: ${cred('admin.pem')}`,
      `    client-key: ${cred('admin-key.pem')}`,
      'contexts:',
      '- name: c1',
      '  context: {cluster: c1, user: admin}',
      'current-context: c1',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return path;
}
