import { Buffer } from 'node:buffer';
import type { ClusterConfig } from '@kube-aws/config';
import { readRoleFiles } from '@kube-aws/pki';
import { join } from 'node:path';
import { AssetValidationError } from '../errors.js';
import { checkTemplateReferences, checkTemplateSize, minifyTemplate } from '../stack/index.js';
import type { CfnTemplate } from '../stack/index.js';
import { OfflineEncryptor } from '../userdata/encryptor.js';
import type { Encryptor } from '../userdata/encryptor.js';
import { finalizeNodeIgnition } from '../userdata/finalize.js';
import type { IgnitionConfig, NodeRole } from '../userdata/ignition-types.js';
import { EC2_USER_DATA_LIMIT_BYTES, ignitionSha512 } from '../userdata/stub.js';
import { validateEmbeddedManifests, validateIgnitionConfig } from '../userdata/validate.js';
import { CREDENTIALS_DIR, STACK_TEMPLATE_FILE, USERDATA_FILES } from './asset-paths.js';
import type { AssetProblem } from './asset-problem.js';
import { checkCredentials } from './check-credentials.js';
import { expandNodeStub } from './node-user-data.js';
import { readJsonAsset } from './read-json-file.js';

export type ValidationStep = 'userdata' | 'template';

export interface ValidateOptions {
  /** Encrypts the TLS assets into the final node configs; offline stand-in by default. */
  readonly encryptor?: Encryptor;
  readonly now?: Date;
  /** Called as each step starts and (only when it passed) ends, for kube-aws's progress lines. */
  readonly onStep?: (step: ValidationStep) => void;
  readonly onStepDone?: (step: ValidationStep) => void;
}

/** Sizes `validate` measured, in bytes. */
export interface NodeConfigSizes {
  readonly source: number;
  /** The full config uploaded to S3, TLS assets encrypted. */
  readonly final: number;
  /** The EC2 user data (the stub), with the longest possible bucket name. */
  readonly userData: number;
}

export interface ValidationReport {
  readonly userData: Readonly<Record<NodeRole, NodeConfigSizes>>;
  readonly template: { readonly bytes: number; readonly fitsInline: boolean };
  readonly warnings: readonly string[];
}

/** S3 allows bucket names of up to 63 characters: the worst case for the user-data size. */
const LONGEST_BUCKET = 'b'.repeat(63);
const ROLES: readonly NodeRole[] = ['controller', 'worker'];

async function checkNodeConfig(
  dir: string,
  role: NodeRole,
  encryptor: Encryptor,
  problems: AssetProblem[],
): Promise<NodeConfigSizes | undefined> {
  const file = USERDATA_FILES[role];
  const read = await readJsonAsset(dir, file);
  if (read.problem) return void problems.push(read.problem);
  const before = problems.length;
  for (const p of validateIgnitionConfig(read.value, file)) problems.push({ file, path: p.location, message: p.message });
  if (problems.length > before) return undefined;
  const source = read.value as IgnitionConfig;
  for (const p of validateEmbeddedManifests(source, file)) problems.push({ file, path: p.location, message: p.message });

  let assets: Record<string, string>;
  try {
    assets = await readRoleFiles(join(dir, CREDENTIALS_DIR), role);
  } catch (error) {
    return void problems.push({ file: CREDENTIALS_DIR, message: (error as Error).message });
  }
  const bytes = new Map(Object.entries(assets).map(([name, pem]) => [name, new Uint8Array(Buffer.from(pem, 'utf8'))]));
  const final = await finalizeNodeIgnition(source, role, bytes, encryptor);
  const finalText = JSON.stringify(final);
  for (const p of validateIgnitionConfig(final, `${file} (with encrypted TLS assets)`)) problems.push({ file, path: p.location, message: p.message });

  const stub = expandNodeStub(role, LONGEST_BUCKET, ignitionSha512(finalText));
  const userData = Buffer.byteLength(stub, 'utf8');
  if (userData > EC2_USER_DATA_LIMIT_BYTES) {
    problems.push({ file: STACK_TEMPLATE_FILE, path: `${role} UserData`, message: `is ${userData} bytes; EC2 allows ${EC2_USER_DATA_LIMIT_BYTES}` });
  }
  return { source: Buffer.byteLength(read.text ?? '', 'utf8'), final: Buffer.byteLength(finalText, 'utf8'), userData };
}

async function checkTemplate(dir: string, problems: AssetProblem[]): Promise<ValidationReport['template']> {
  const read = await readJsonAsset(dir, STACK_TEMPLATE_FILE);
  if (read.problem) {
    problems.push(read.problem);
    return { bytes: 0, fitsInline: false };
  }
  const template = read.value as CfnTemplate;
  for (const p of checkTemplateReferences(template)) problems.push({ file: STACK_TEMPLATE_FILE, path: p.path, message: p.message });
  const size = checkTemplateSize(minifyTemplate(template));
  if (!size.fitsS3) {
    problems.push({ file: STACK_TEMPLATE_FILE, message: `is ${size.bytes} bytes minified; CloudFormation accepts at most 1,048,576 bytes even from S3` });
  }
  return { bytes: size.bytes, fitsInline: size.fitsInline };
}

/**
 * `kube-aws validate`, the local part: each node's userdata against the Ignition spec and its
 * embedded manifests, again with the TLS assets encrypted in (sizes included), the credentials, and
 * the stack template's references and size. Reports every problem at once.
 * @throws {AssetValidationError} listing each problem with its file and place
 */
export async function validateClusterAssets(dir: string, config: ClusterConfig, options: ValidateOptions = {}): Promise<ValidationReport> {
  const encryptor = options.encryptor ?? new OfflineEncryptor(config.kmsKeyArn);
  const problems: AssetProblem[] = [];
  const warnings: string[] = [];

  options.onStep?.('userdata');
  const credentialCheck = await checkCredentials(dir, config, options.now ?? new Date());
  problems.push(...credentialCheck.problems);
  warnings.push(...credentialCheck.warnings);
  const sizes: Partial<Record<NodeRole, NodeConfigSizes>> = {};
  for (const role of ROLES) {
    const measured = await checkNodeConfig(dir, role, encryptor, problems);
    if (measured) sizes[role] = measured;
  }
  if (problems.length === 0) options.onStepDone?.('userdata');

  const beforeTemplate = problems.length;
  options.onStep?.('template');
  const template = await checkTemplate(dir, problems);
  if (problems.length === beforeTemplate) options.onStepDone?.('template');
  if (template.bytes > 0 && !template.fitsInline) {
    warnings.push(`${STACK_TEMPLATE_FILE} is ${template.bytes} bytes minified, over CloudFormation's 51,200-byte inline limit; up will pass it through S3`);
  }

  if (problems.length > 0) throw new AssetValidationError(problems);
  return { userData: sizes as Record<NodeRole, NodeConfigSizes>, template, warnings };
}
