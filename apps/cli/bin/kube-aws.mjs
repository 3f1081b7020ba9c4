#!/usr/bin/env node
// The kube-aws command. Runs the TypeScript sources through tsx, so a checkout works with no
// build step; the tsconfig is named explicitly so the user's working directory never changes it.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../src/main.ts');
