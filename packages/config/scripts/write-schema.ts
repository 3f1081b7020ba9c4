// Regenerates cluster.schema.json from the TypeBox schema: `npx tsx scripts/write-schema.ts`
// (run from packages/config). tests/json-schema.test.ts fails when the committed file is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { clusterYamlJsonSchema } from '../src/json-schema.js';

const target = fileURLToPath(new URL('../cluster.schema.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(clusterYamlJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
