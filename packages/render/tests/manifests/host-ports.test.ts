/**
 * Host-network pods that can share a node must not share a port: the scheduler would leave one
 * Pending forever ("didn't have free ports for the requested pod ports"), as it did for the EBS CSI
 * controller and node plugin, which both land on the controller.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { seedClusterConfig } from '@kube-aws/config/testing';
import { controllerAddons } from '../../src/manifests/addons/index.js';

interface Container {
  name: string;
  args?: string[];
  ports?: { containerPort: number }[];
}
interface PodSpec {
  hostNetwork?: boolean;
  containers?: Container[];
}

/** Ports a container listens on: declared ports, and --health-port / --http-endpoint flags. */
function listens(c: Container): number[] {
  const declared = (c.ports ?? []).map((p) => p.containerPort);
  const flags = (c.args ?? []).flatMap((a) => {
    const m = /^--(?:health-port|http-endpoint)=(?:[^:]*:)?(\d+)$/.exec(a);
    return m?.[1] ? [Number(m[1])] : [];
  });
  return [...declared, ...flags];
}

for (const useCalico of [false, true]) {
  test(`no two host-network workloads of the addons claim the same port (${useCalico ? 'Calico' : 'flannel'})`, () => {
    const owners = new Map<number, string>();
    for (const [file, yaml] of controllerAddons(seedClusterConfig({ useCalico }))) {
      for (const doc of parseAllDocuments(yaml)) {
        const obj = doc.toJS() as { kind?: string; metadata?: { name?: string }; spec?: { template?: { spec?: PodSpec } } };
        const spec = obj.spec?.template?.spec;
        if (!spec?.hostNetwork) continue;
        // A pod's containers share its network namespace, so a port is the pod's once, whoever declares it.
        const ports = new Set((spec.containers ?? []).flatMap(listens));
        for (const port of ports) {
          const owner = `${file} ${obj.kind}/${obj.metadata?.name}`;
          assert.equal(owners.get(port) ?? owner, owner, `port ${port}: ${owners.get(port)} and ${owner}`);
          owners.set(port, owner);
        }
      }
    }
    assert.ok(owners.size > 0, 'the addons have host-network workloads to check');
  });
}
