import { join } from 'node:path';
import type { ClusterConfig } from '@kube-aws/config';
import { ensureCredentials } from '@kube-aws/pki';
import type { CredentialsReport } from '@kube-aws/pki';
import { buildAdminKubeconfig } from '../kubeconfig/index.js';
import { buildStackTemplate, ref } from '../stack/index.js';
import { PinnedImageError } from '../errors.js';
import { kubernetesRelease } from '../manifests/versions.js';
import { buildNodeIgnition } from '../userdata/node-ignition.js';
import { userdataImageProblems } from '../userdata/pinned-images.js';
import { CREDENTIALS_DIR, KUBECONFIG_FILE, STACK_TEMPLATE_FILE, USERDATA_FILES } from './asset-paths.js';
import { applyGeneratedFiles, planGeneratedFiles } from './generated-files.js';
import type { GeneratedFile, RenderedFile } from './generated-files.js';
import { IMAGE_ID_PARAMETER, nodeParameters, nodeUserData } from './node-user-data.js';

export interface RenderOptions {
  /** The current time, for certificate validity; tests move it. */
  readonly now?: Date;
}

/** What `render` did, credential by credential and file by file. */
export interface RenderReport {
  readonly credentials: CredentialsReport;
  readonly files: readonly RenderedFile[];
  readonly warnings: readonly string[];
}

/**
 * The non-secret files render produces, in memory (pure: the same config gives the same bytes).
 * @throws {UnsupportedKubernetesVersionError} kubernetesVersion has no row in the version table
 * @throws {PinnedImageError} a node config pins an image outside that row (a kube-aws bug)
 */
export function buildGeneratedFiles(config: ClusterConfig): GeneratedFile[] {
  const pretty = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
  // First, so an unsupported version is the one error the user sees.
  kubernetesRelease(config.kubernetesVersion);
  const controller = buildNodeIgnition(config, 'controller');
  const worker = buildNodeIgnition(config, 'worker');
  const imageProblems = [
    ...userdataImageProblems(config, USERDATA_FILES.controller, controller),
    ...userdataImageProblems(config, USERDATA_FILES.worker, worker),
  ];
  if (imageProblems.length > 0) throw new PinnedImageError(imageProblems);
  const template = buildStackTemplate(config, {
    controllerUserData: nodeUserData('controller'),
    workerUserData: nodeUserData('worker'),
    amiId: ref(IMAGE_ID_PARAMETER),
    parameters: nodeParameters(config.amiId),
  });
  return [
    { path: KUBECONFIG_FILE, content: buildAdminKubeconfig(config, { credentialsDir: CREDENTIALS_DIR }), mode: 0o600 },
    { path: USERDATA_FILES.controller, content: pretty(controller), mode: 0o644 },
    { path: USERDATA_FILES.worker, content: pretty(worker), mode: 0o644 },
    { path: STACK_TEMPLATE_FILE, content: pretty(template), mode: 0o644 },
  ];
}

/**
 * `kube-aws render`: TLS assets (created, kept or re-issued), kubeconfig, node userdata and the
 * stack template. Offline. Everything is built in memory before the first write, so a failure
 * leaves the directory as it was; a second run keeps what is still valid and any file the user edited.
 */
export async function renderClusterAssets(dir: string, config: ClusterConfig, options: RenderOptions = {}): Promise<RenderReport> {
  const files = buildGeneratedFiles(config);
  const plan = await planGeneratedFiles(dir, files);
  const credentials = await ensureCredentials(join(dir, CREDENTIALS_DIR), config, options.now ? { now: options.now } : {});
  await applyGeneratedFiles(dir, files, plan);

  const warnings = [...credentials.warnings];
  for (const file of plan) if (file.action === 'kept') warnings.push(`kept ${file.path}: ${file.note ?? ''}`);
  return { credentials, files: plan, warnings };
}
