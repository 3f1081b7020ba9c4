// One lint config for the whole repository. The interesting part is the layering:
// config ← pki ← render ← aws ← workflows ← apps, and workflow code that never touches Node I/O.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'stream', 'process', 'url', 'util', 'worker_threads', 'zlib', 'dns', 'tls'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/tests/fixtures/**', 'test-results/**', '**/*.mjs', '**/*.cjs', '**/*.js'] },
  ...nx.configs['flat/base'],
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'layer:config', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'layer:pki', onlyDependOnLibsWithTags: ['layer:config'] },
            { sourceTag: 'layer:render', onlyDependOnLibsWithTags: ['layer:config', 'layer:pki'] },
            { sourceTag: 'layer:aws', onlyDependOnLibsWithTags: ['layer:config', 'layer:pki', 'layer:render'] },
            { sourceTag: 'layer:workflows', onlyDependOnLibsWithTags: ['layer:config', 'layer:pki', 'layer:render', 'layer:aws'] },
            { sourceTag: 'layer:app', onlyDependOnLibsWithTags: ['layer:config', 'layer:pki', 'layer:render', 'layer:aws', 'layer:workflows'] },
            { sourceTag: 'layer:machines', onlyDependOnLibsWithTags: ['layer:config', 'layer:pki', 'layer:render'] },
            { sourceTag: 'layer:tool', onlyDependOnLibsWithTags: ['layer:config', 'layer:pki', 'layer:render', 'layer:machines'] },
            { sourceTag: 'layer:e2e', onlyDependOnLibsWithTags: ['layer:config', 'layer:pki', 'layer:render', 'layer:aws', 'layer:workflows', 'layer:app', 'layer:tool'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
          ],
        },
      ],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node I/O, and other layers only as types.
    files: ['packages/workflows/src/**/*.ts'],
    ignores: ['packages/workflows/src/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.flatMap((m) => [
            { name: m, message: 'Workflow code is deterministic: do I/O in an activity.' },
            { name: `node:${m}`, message: 'Workflow code is deterministic: do I/O in an activity.' },
          ]),
          patterns: [
            { group: ['@kube-aws/config/node'], message: 'The Node half of config does I/O; workflows may import only the pure model.' },
            { group: ['@aws-sdk/*'], message: 'AWS calls belong in @kube-aws/aws activities.' },
          ],
        },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['@kube-aws/aws', '@kube-aws/pki', '@kube-aws/render'].map((name) => ({
            name,
            message: 'Workflows import activities type-only (import type …).',
            allowTypeImports: true,
          })),
        },
      ],
    },
  },
);
