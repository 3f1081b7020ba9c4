import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { seedClusterConfig } from '@kube-aws/config/testing';

import { IgnitionValidationError } from '../../src/errors.js';
import { plainDataUrl } from '../../src/userdata/data-url.js';
import type { IgnitionConfig } from '../../src/userdata/ignition-types.js';
import { assertValidIgnition, buildNodeIgnition, validateEmbeddedManifests, validateIgnitionConfig } from '../../src/userdata/index.js';

const FILE = 'userdata/controller.ign';
const base = (): IgnitionConfig => buildNodeIgnition(seedClusterConfig(), 'controller');

function withFile(ign: IgnitionConfig, path: string, text: string): IgnitionConfig {
  const files = (ign.storage?.files ?? []).map((f) => (f.path === path ? { ...f, contents: { source: plainDataUrl(text) } } : f));
  return { ...ign, storage: { ...ign.storage, files } };
}

const all = (json: unknown): string[] => [...validateIgnitionConfig(json, FILE), ...validateEmbeddedManifests(json, FILE)].map((p) => `${p.file}: ${p.location}: ${p.message}`);

describe('validateIgnitionConfig', () => {
  it('rejects versions kube-aws does not support, naming file and path', () => {
    for (const version of ['2.2.0', '3.5.0-experimental', '3.6.0']) {
      const problems = validateIgnitionConfig({ ignition: { version } }, FILE);
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.equal(problems[0]?.file, FILE);
      assert.equal(problems[0]?.location, 'ignition.version');
      assert.match(problems[0]?.message ?? '', new RegExp(`unsupported Ignition spec version "${version.replace(/\./g, '\\.')}"`));
    }
    for (const version of ['3.0.0', '3.3.0', '3.4.0']) assert.deepEqual(validateIgnitionConfig({ ignition: { version } }, FILE), []);
  });

  it('reports schema errors at JSON paths', () => {
    const bad = { ignition: { version: '3.4.0' }, storage: { files: [{ path: 'etc/x', mode: 'rw', contnts: {} }] }, systemd: { units: [{ name: 'foo' }] } };
    const lines = all(bad);
    assert.ok(lines.includes(`${FILE}: storage.files[0].path: must match pattern "^/"`), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith(`${FILE}: storage.files[0].mode: must be integer`)), lines.join('\n'));
    assert.ok(lines.includes(`${FILE}: storage.files[0].contnts: unknown key "contnts" in Ignition 3.4.0`), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith(`${FILE}: systemd.units[0].name: must match pattern`)), lines.join('\n'));
    assert.ok(all({}).includes(`${FILE}: ignition: is required`));
  });

  it('finds undecodable data URLs, duplicate paths and drop-ins for unknown units', () => {
    const ign = base();
    const files = ign.storage?.files ?? [];
    const broken = {
      ...ign,
      storage: { ...ign.storage, files: [...files, { path: '/etc/x', contents: { source: 'data:;base64,@@@' } }, { path: '/etc/x', contents: { source: 'data:,a', compression: 'gzip' as const } }] },
      systemd: { units: [...(ign.systemd?.units ?? []), { name: 'nothere.service', dropins: [{ name: '10-x.conf', contents: '' }] }] },
    };
    const lines = all(broken);
    const n = files.length;
    assert.ok(lines.includes(`${FILE}: storage.files[${n}].contents.source: data URL cannot be decoded: invalid base64 payload`), lines.join('\n'));
    assert.ok(lines.includes(`${FILE}: storage.files[${n + 1}].path: duplicate path "/etc/x" (also at storage.files[${n}])`), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith(`${FILE}: storage.files[${n + 1}].contents.source: data URL cannot be decoded: compression is gzip`)), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith(`${FILE}: systemd.units[${(ign.systemd?.units ?? []).length}]: unit "nothere.service" has drop-ins`)), lines.join('\n'));
  });
});

describe('validateEmbeddedManifests', () => {
  it('names the node path and document index of broken YAML', () => {
    const path = '/etc/kubernetes/addons/40-coredns.yaml';
    const lines = all(withFile(base(), path, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nkind: [unclosed\n'));
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.ok(lines[0]?.startsWith(`${FILE}: ${path}: 1: yaml: `), lines[0]);
  });

  it('names the field a manifest lacks', () => {
    const path = '/etc/kubernetes/manifests/kube-scheduler.yaml';
    const lines = all(withFile(base(), path, 'apiVersion: v1\nmetadata:\n  name: x\n---\napiVersion: v1\nkind: Pod\nmetadata: {}\n'));
    assert.deepEqual(lines, [`${FILE}: ${path}: 0: kind: is required`, `${FILE}: ${path}: 1: metadata.name: is required`]);
  });

  it('checks gzip-compressed manifests too', () => {
    const ign = base();
    const gz = (ign.storage?.files ?? []).filter((f) => f.path.startsWith('/etc/kubernetes/addons/') && f.contents?.compression === 'gzip');
    assert.ok(gz.length > 0, 'expected some gzip-compressed addons');
    assert.deepEqual(validateEmbeddedManifests(ign, FILE), []);
  });

  it('assertValidIgnition throws a typed error listing every problem', () => {
    assert.throws(() => assertValidIgnition({ ignition: { version: '2.0.0' } }, FILE), (err: unknown) => {
      assert.ok(err instanceof IgnitionValidationError);
      assert.match(err.message, /userdata\/controller\.ign: ignition\.version: unsupported/);
      return true;
    });
  });
});
