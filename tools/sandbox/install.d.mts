// Types of install.mjs (plain JS, so it runs before npm dependencies exist).
export interface PythonToolPaths {
  readonly venv: string;
  readonly python: string;
  readonly motoServer: string;
  readonly temporal: string;
  readonly temporalTestServer: string;
  /** The AWS CLI (v1 from PyPI): the sandbox machines' stand-in for the AWS CLI image. */
  readonly aws: string;
}
/** Thrown when Python or its venv module is missing, or pip fails; the message says what to install. */
export declare class PythonToolsError extends Error {}
export declare function pythonToolsDir(env?: NodeJS.ProcessEnv): string;
/** Installs the pinned tools into the cache's venv when needed and returns their paths. */
export declare function ensurePythonTools(env?: NodeJS.ProcessEnv): PythonToolPaths;
