/**
 * `prepareNodeConfigs`: the final Ignition config of each node role, as `validate` builds it but
 * with real KMS ciphertext, written to the asset store at `.kube-aws/final/<role>.ign` (0600).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClusterConfig } from '@kube-aws/config';
import { readRoleFiles } from '@kube-aws/pki';
import {
  CREDENTIALS_DIR,
  finalizeNodeIgnition,
  formatIgnitionProblem,
  ignitionSha512,
  OfflineEncryptor,
  USERDATA_FILES,
  validateIgnitionConfig,
} from '@kube-aws/render';
import type { Encryptor, IgnitionConfig, NodeRole } from '@kube-aws/render';
import type { NodeConfigDigests } from '../contract.js';
import { writeFileAtomic } from '../assets/atomic-write.js';
import type { AssetStore } from '../assets/asset-store.js';
import { readClusterYamlIn } from '../assets/cluster-yaml.js';
import { sha256Hex } from '../shared/digest.js';
import { nonRetryable } from '../shared/failure.js';
import { heartbeat } from '../shared/heartbeat.js';
import { FINAL_CONFIG_FILES, FINAL_MANIFEST_FILE, NODE_ROLES } from './final-config-paths.js';
import { MANIFEST_VERSION, readFinalManifest, sameSources } from './final-manifest.js';
import type { FinalConfigRecord, FinalManifest } from './final-manifest.js';

/** Builds the KMS encryptor for the cluster's key (injected so tests can count calls). */
export type EncryptorFor = (config: ClusterConfig) => Encryptor;

interface RoleSources {
  readonly source: IgnitionConfig;
  readonly assets: ReadonlyMap<string, Uint8Array>;
  readonly digests: Record<string, string>;
}

async function readRoleSources(dir: string, config: ClusterConfig, role: NodeRole): Promise<RoleSources> {
  const file = USERDATA_FILES[role];
  let text: string;
  try {
    text = await readFile(join(dir, file), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw nonRetryable('AssetsMissing', `${file} is missing; run \`kube-aws render\``);
    throw error;
  }
  let source: unknown;
  try {
    source = JSON.parse(text);
  } catch (error) {
    throw nonRetryable('AssetsInvalid', `${file}: not valid JSON: ${(error as Error).message}; run \`kube-aws validate\``);
  }
  const problems = validateIgnitionConfig(source, file);
  if (problems.length > 0) throw nonRetryable('AssetsInvalid', problems.map(formatIgnitionProblem).join('\n'));

  let pems: Record<string, string>;
  try {
    pems = await readRoleFiles(join(dir, CREDENTIALS_DIR), role);
  } catch (error) {
    throw nonRetryable('AssetsInvalid', `${(error as Error).message}`);
  }
  const assets = new Map(Object.entries(pems).map(([name, pem]) => [name, new TextEncoder().encode(pem)]));
  const digests: Record<string, string> = { [file]: sha256Hex(text), kmsKeyArn: sha256Hex(config.kmsKeyArn) };
  for (const [name, bytes] of [...assets].sort(([a], [b]) => a.localeCompare(b))) digests[`${CREDENTIALS_DIR}/${name}`] = sha256Hex(bytes);
  // The offline stand-in is deterministic: its output changes when finalize itself changes
  // (a new kube-aws version), which must rebuild the config too.
  const recipe = await finalizeNodeIgnition(source as IgnitionConfig, role, assets, new OfflineEncryptor(config.kmsKeyArn));
  digests['recipe'] = sha256Hex(JSON.stringify(recipe));
  return { source: source as IgnitionConfig, assets, digests };
}

async function reusable(dir: string, record: FinalConfigRecord | undefined, role: NodeRole, digests: Record<string, string>): Promise<boolean> {
  if (!record || !sameSources(record.sources, digests)) return false;
  try {
    return ignitionSha512(await readFile(join(dir, FINAL_CONFIG_FILES[role]))) === record.sha512;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/**
 * Encrypts each role's TLS assets with KMS into its final config, unless the final config on
 * file was built from the same sources (then it is reused: same bytes, same SHA-512 on every retry).
 * Returns digests only; plaintext keys never leave the working copy.
 */
export async function prepareNodeConfigs(store: AssetStore, encryptorFor: EncryptorFor): Promise<NodeConfigDigests> {
  return store.withWorkingCopy(async (dir) => {
    const { config } = await readClusterYamlIn(dir, store.uri);
    const manifest = await readFinalManifest(dir);
    const roles: FinalManifest['roles'] = { ...manifest.roles };
    let changed = false;
    for (const role of NODE_ROLES) {
      const sources = await readRoleSources(dir, config, role);
      if (await reusable(dir, manifest.roles[role], role, sources.digests)) continue;
      const final = await finalizeNodeIgnition(sources.source, role, sources.assets, encryptorFor(config));
      const text = JSON.stringify(final);
      await writeFileAtomic(join(dir, FINAL_CONFIG_FILES[role]), text, 0o600);
      roles[role] = { sources: sources.digests, sha512: ignitionSha512(text), bytes: Buffer.byteLength(text, 'utf8') };
      changed = true;
      heartbeat({ encrypted: role });
    }
    if (changed) await writeFileAtomic(join(dir, FINAL_MANIFEST_FILE), `${JSON.stringify({ version: MANIFEST_VERSION, roles }, null, 2)}\n`, 0o600);
    const digest = (role: NodeRole): NodeConfigDigests['controller'] => {
      const record = roles[role] as FinalConfigRecord;
      return { path: FINAL_CONFIG_FILES[role], sha512: record.sha512, bytes: record.bytes };
    };
    return { controller: digest('controller'), worker: digest('worker') };
  });
}
