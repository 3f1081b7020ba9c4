/**
 * Seeds the sandbox account (key pair, hosted zone, KMS key) on an already running emulator and
 * prints the KMS key ARN. For docker-compose's one-shot `aws-seed` service; `npm run sandbox -- up`
 * seeds by itself. Idempotent.
 */
import { seedAccount } from './seed.js';

const endpoint = process.env['AWS_ENDPOINT_URL'];
if (!endpoint) {
  console.error('AWS_ENDPOINT_URL is not set: point it at the sandbox (e.g. http://aws:4566)');
  process.exit(2);
}
const seeded = await seedAccount(endpoint);
console.log(`KUBE_AWS_KMS_KEY_ARN=${seeded.kmsKeyArn}`);
