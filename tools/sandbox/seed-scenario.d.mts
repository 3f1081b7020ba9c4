// Types for seed-scenario.mjs, which the e2e suite shares with `npm start`.
export declare const SEED_INIT_FLAGS: (kmsKeyArn: string) => string[];
export declare const SEED_EDITS: Readonly<Record<string, unknown>>;
export declare function applySeedEdits(clusterYamlPath: string): boolean;
export declare function ensureDir(dir: string): string;
export declare function demoDir(repoRoot: string): string;
