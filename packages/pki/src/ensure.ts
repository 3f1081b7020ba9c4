/**
 * `ensureCredentials`: makes the credentials directory match the plan, idempotently.
 *
 * Three phases, so nothing is half-done: (1) read and judge every existing file, throwing on a
 * broken CA or secrets-encryption key before anything is generated; (2) generate every missing key
 * in parallel and sign every certificate in memory; (3) write the changed files atomically.
 */
import { leafDrift, caWarnings } from './drift.js';
import {
  certAndKeyFiles,
  inspectCa,
  inspectKeyPair,
  inspectLeaf,
  type ExistingFiles,
  type ReusableCa,
} from './existing.js';
import { KEY_FILE_MODE, PUBLIC_FILE_MODE, readOptional, writeFilesAtomically, type PendingWrite } from './files.js';
import { forgePublicKeyOf, generateRsaKey, publicKeyPemOf, type RsaPrivateKey } from './keys.js';
import type {
  CaName,
  CaSpec,
  CredentialReportEntry,
  CredentialsReport,
  CredentialSpec,
  EnsureCredentialsOptions,
  KeyPairSpec,
  LeafSpec,
  SecretKeySpec,
} from './model.js';
import { planCredentials, type PkiConfig } from './plan.js';
import { generateSecretKey, inspectSecretKey, secretKeyFile } from './secret-key.js';
import { DAY_MS, issueCertificate, type Signer } from './x509.js';

/** Certificates expiring within this many days of `now` are warned about. */
export const EXPIRY_WARNING_DAYS = 30;
const GITIGNORE = '.gitignore';

/**
 * Creates what is missing in `credentialsDir`, keeps what still matches the plan, re-issues what
 * does not, and reports each decision. Existing CAs and the secrets-encryption key are reused and
 * never overwritten.
 * `config` is a `ClusterConfig` (only the fields in {@link PkiConfig} are read).
 *
 * @throws {IncompleteCaError} only one of a CA's two files exists (nothing written)
 * @throws {CaMismatchError} a CA's certificate and key do not belong together (nothing written)
 * @throws {CredentialFileError} a CA file is unreadable or not a usable CA, or the secrets-encryption
 *   key file is not a usable key (nothing written)
 * @throws {CredentialWriteError} writing failed; temp files are removed
 */
export async function ensureCredentials(
  credentialsDir: string,
  config: PkiConfig,
  opts: EnsureCredentialsOptions = {},
): Promise<CredentialsReport> {
  const now = opts.now ?? new Date();
  const dir = credentialsDir;
  const plan = planCredentials(config);

  // Phase 1: read and judge. CA and secret-key problems throw here, before any work or write.
  const names = [...plan.flatMap((s) => s.files.map((f) => f.file)), GITIGNORE];
  const files: ExistingFiles = new Map(await Promise.all(names.map(async (n) => [n, await readOptional(dir, n)] as const)));
  const caSpecs = plan.filter((s): s is CaSpec => s.kind === 'ca');
  const leafSpecs = plan.filter((s): s is LeafSpec => s.kind === 'leaf');
  const pairSpecs = plan.filter((s): s is KeyPairSpec => s.kind === 'keypair');
  const secretSpecs = plan.filter((s): s is SecretKeySpec => s.kind === 'secret-key');
  const cas = caSpecs.map((spec) => ({ spec, reuse: inspectCa(dir, spec, files) }));
  const secrets = secretSpecs.map((spec) => ({ spec, present: inspectSecretKey(dir, spec, files) }));
  const leaves = leafSpecs.map((spec) => inspectLeaf(spec, files));
  const pairs = pairSpecs.map((spec) => inspectKeyPair(spec, files));

  // Phase 2: one Promise.all for every key that has to be made; they run in parallel natively.
  const keyOrNew = (key: RsaPrivateKey | undefined): Promise<RsaPrivateKey> => (key ? Promise.resolve(key) : generateRsaKey());
  const [caKeys, leafKeys, pairKeys] = await Promise.all([
    Promise.all(cas.map((c) => keyOrNew(c.reuse?.key))),
    Promise.all(leaves.map((l) => keyOrNew(l.key))),
    Promise.all(pairs.map((p) => keyOrNew(p.key))),
  ]);

  const entries = new Map<string, CredentialReportEntry>();
  const warnings: string[] = [];
  const writes: PendingWrite[] = [];
  const signers = new Map<CaName, Signer>();
  const fileNames = (spec: CredentialSpec): string[] => spec.files.map((f) => f.file);

  cas.forEach(({ spec, reuse }, i) => {
    const { certFile, keyFile } = certAndKeyFiles(spec);
    const ca = reuse ?? newCa(spec, caKeys[i] as RsaPrivateKey, now, writes);
    signers.set(spec.name, { cert: ca.cert, key: ca.key.forge });
    if (reuse) warnings.push(...caWarnings(spec, certFile, keyFile, reuse.cert));
    const notAfter = ca.cert.validity.notAfter;
    const hint = `delete both ${certFile} and ${keyFile} to make a new CA (every certificate is then re-issued)`;
    warnings.push(...expiryWarnings(certFile, notAfter, now, hint));
    entries.set(spec.name, { name: spec.name, action: reuse ? 'kept' : 'created', files: fileNames(spec), notAfter });
  });

  leaves.forEach((leaf, i) => {
    const { spec } = leaf;
    const { certFile, keyFile } = certAndKeyFiles(spec);
    const signer = signers.get(spec.issuer) as Signer;
    const reasons = [...leaf.problems];
    if (leaf.cert) reasons.push(...leafDrift(spec, leaf.cert, signer.cert, now));
    let notAfter: Date;
    if (!leaf.absent && reasons.length === 0 && leaf.cert) {
      notAfter = leaf.cert.validity.notAfter;
      entries.set(spec.name, { name: spec.name, action: 'kept', files: fileNames(spec), notAfter });
      warnings.push(...expiryWarnings(certFile, notAfter, now, `delete ${certFile} and run again to re-issue it now`));
    } else {
      const key = leafKeys[i] as RsaPrivateKey;
      const issued = issueCertificate(
        { ...spec, publicKey: forgePublicKeyOf(key), isCa: false, now },
        { signer },
      );
      notAfter = issued.cert.validity.notAfter;
      writes.push({ file: certFile, data: issued.pem, mode: PUBLIC_FILE_MODE });
      if (key !== leaf.key) writes.push({ file: keyFile, data: key.pem, mode: KEY_FILE_MODE });
      entries.set(spec.name, leaf.absent
        ? { name: spec.name, action: 'created', files: fileNames(spec), notAfter }
        : { name: spec.name, action: 'reissued', reason: reasons.join('; '), files: fileNames(spec), notAfter });
      warnings.push(...expiryWarnings(certFile, notAfter, now, 'raise tlsCertDurationDays'));
    }
    if (notAfter.getTime() > signer.cert.validity.notAfter.getTime()) {
      warnings.push(`${certFile} outlives ${spec.issuer}.pem, which expires ${isoDay(signer.cert.validity.notAfter)}; it stops working then.`);
    }
  });

  pairs.forEach((pair, i) => {
    const key = pairKeys[i] as RsaPrivateKey;
    const [keyFile, pubFile] = fileNames(pair.spec);
    if (key !== pair.key && keyFile) writes.push({ file: keyFile, data: key.pem, mode: KEY_FILE_MODE });
    if (pair.writePublic && pubFile) writes.push({ file: pubFile, data: publicKeyPemOf(key.pem), mode: PUBLIC_FILE_MODE });
    const action = pair.absent ? 'created' : pair.problems.length > 0 ? 'reissued' : 'kept';
    entries.set(pair.spec.name, {
      name: pair.spec.name,
      action,
      ...(action === 'reissued' ? { reason: pair.problems.join('; ') } : {}),
      files: fileNames(pair.spec),
    });
  });

  // A secret key is only ever created: inspectSecretKey refused a present one that is unusable.
  for (const { spec, present } of secrets) {
    if (!present) writes.push({ file: secretKeyFile(spec), data: generateSecretKey(spec.bytes), mode: KEY_FILE_MODE });
    entries.set(spec.name, { name: spec.name, action: present ? 'kept' : 'created', files: fileNames(spec) });
  }

  // Phase 3: write. Kept key files that others can read are tightened, and that is reported.
  const modeFixes = keyModeFixes(plan, files, writes);
  for (const fix of modeFixes) warnings.push(`${fix.file} was readable by other users; its mode is now 0600.`);
  if (files.get(GITIGNORE)?.text.trim() !== '*') writes.push({ file: GITIGNORE, data: '*\n', mode: PUBLIC_FILE_MODE });
  if (writes.length > 0 || modeFixes.length > 0) await writeFilesAtomically(dir, writes, modeFixes);

  return { entries: plan.map((s) => entries.get(s.name) as CredentialReportEntry), warnings };
}

/** Self-signs a new CA, queueing its two files. */
function newCa(spec: CaSpec, key: RsaPrivateKey, now: Date, writes: PendingWrite[]): ReusableCa {
  const { certFile, keyFile } = certAndKeyFiles(spec);
  const issued = issueCertificate(
    { ...spec, publicKey: forgePublicKeyOf(key), extKeyUsage: [], sans: { dns: [], ips: [] }, isCa: true, now },
    { selfKey: key.forge },
  );
  writes.push({ file: certFile, data: issued.pem, mode: PUBLIC_FILE_MODE }, { file: keyFile, data: key.pem, mode: KEY_FILE_MODE });
  return { cert: issued.cert, certPem: issued.pem, key };
}

function expiryWarnings(file: string, notAfter: Date, now: Date, hint: string): string[] {
  const daysLeft = (notAfter.getTime() - now.getTime()) / DAY_MS;
  if (daysLeft > EXPIRY_WARNING_DAYS) return [];
  if (daysLeft <= 0) return [`${file} expired on ${isoDay(notAfter)}; ${hint}.`];
  return [`${file} expires on ${isoDay(notAfter)} (in ${Math.ceil(daysLeft)} days); ${hint}.`];
}

function keyModeFixes(plan: readonly CredentialSpec[], files: ExistingFiles, writes: readonly PendingWrite[]): { file: string; mode: number }[] {
  const rewritten = new Set(writes.map((w) => w.file));
  return plan
    .flatMap((s) => s.files)
    .filter((f) => (f.content === 'private-key' || f.content === 'secret-key') && !rewritten.has(f.file))
    .filter((f) => ((files.get(f.file)?.mode ?? 0) & 0o077) !== 0)
    .map((f) => ({ file: f.file, mode: KEY_FILE_MODE }));
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
