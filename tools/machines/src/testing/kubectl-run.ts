/** Runs kubectl with a given kubeconfig and nothing else from the caller's environment that could redirect it. */
import { execFile } from 'node:child_process';

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runKubectl(kubectl: string, kubeconfig: string, args: readonly string[], timeoutMs = 300_000): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    execFile(
      kubectl,
      [`--kubeconfig=${kubeconfig}`, ...args],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' }, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') {
          reject(new Error(`kubectl ${args.slice(0, 2).join(' ')} could not run (${err.code ?? err.message}): is ${kubectl} an executable kubectl?`));
          return;
        }
        resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
      },
    );
  });
}
