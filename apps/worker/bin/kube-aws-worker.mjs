#!/usr/bin/env node
// The kube-aws worker. Runs the TypeScript sources through tsx, so a checkout works with no build
// step; the tsconfig is named explicitly so the working directory never changes it.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { main } = await import('../src/main.ts');
try {
  await main();
} catch (err) {
  console.error(`kube-aws worker: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
