/**
 * `npm run sandbox -- up|down|status|reset|env` (root script: node --import tsx tools/sandbox/src/cli.ts).
 *
 *   up      start moto (4567), the pacing proxy (4566) and Temporal (7233, UI 8233) in the background
 *   down    stop them, and any process registered with registerProcess (Temporal's history is kept)
 *   status  what runs, and where
 *   reset   wipe AWS state and re-seed the account
 *   env     `export` lines for: eval "$(npm run -s sandbox -- env)"
 *   worker  start a kube-aws worker in the background with the sandbox's environment (idempotent)
 *
 * Ports: SANDBOX_MOTO_PORT, SANDBOX_PROXY_PORT, SANDBOX_TEMPORAL_PORT, SANDBOX_TEMPORAL_UI_PORT.
 * State and logs: ${KUBE_AWS_CACHE:-~/.cache/kube-aws}/sandbox/.
 */
import { sandboxDown, sandboxReset, sandboxStatus, sandboxUp, upState } from './detached.js';
import { exportLines, sandboxEnv } from './sandbox-env.js';
import type { SandboxState } from './state.js';
import { logsDir } from './state.js';
import { ensureWorker } from './worker-process.js';

const USAGE = 'usage: npm run sandbox -- up|down|status|reset|env|worker';

function addresses(s: SandboxState): string {
  return [
    `  AWS endpoint   ${s.awsEndpoint}   (the pacing proxy; moto itself: ${s.motoUrl})`,
    `  Temporal       ${s.temporalAddress}   (namespace default)`,
    `  Temporal UI    ${s.temporalUiUrl}`,
    `  KMS key        ${s.kmsKeyArn}`,
    `  Logs           ${logsDir()}`,
  ].join('\n');
}

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'up': {
      const started = Date.now();
      const { state, started: services } = await sandboxUp();
      const took = ((Date.now() - started) / 1000).toFixed(1);
      console.log(services.length === 0 ? 'Sandbox already up.' : `Sandbox up (started ${services.join(', ')} in ${took}s).`);
      console.log(addresses(state));
      console.log('\nUse it from a shell:  eval "$(npm run -s sandbox -- env)"');
      return 0;
    }
    case 'down': {
      const stopped = await sandboxDown();
      for (const s of stopped) console.log(`${s.name.padEnd(10)} ${s.running ? `stopped (pid ${s.pid})` : 'was not running'}`);
      console.log('Sandbox down. Temporal’s workflow history is kept for the next up.');
      return 0;
    }
    case 'status': {
      const { state, services } = sandboxStatus();
      for (const s of services) console.log(`${s.name.padEnd(10)} ${s.running ? `running (pid ${s.pid})` : 'not running'}`);
      if (services.some((s) => s.running)) console.log(addresses(state));
      else console.log('The sandbox is not up: npm run sandbox -- up');
      return 0;
    }
    case 'reset': {
      const state = await sandboxReset();
      console.log(`AWS state wiped and re-seeded.\n  KMS key        ${state.kmsKeyArn}`);
      return 0;
    }
    case 'env': {
      const s = upState();
      console.log(
        exportLines(
          sandboxEnv({
            awsEndpoint: s.awsEndpoint as string,
            kmsKeyArn: s.kmsKeyArn as string,
            ...(s.temporalAddress ? { temporalAddress: s.temporalAddress } : {}),
            ...(s.temporalUiUrl ? { temporalUiUrl: s.temporalUiUrl } : {}),
          }),
        ),
      );
      return 0;
    }
    case 'worker': {
      const w = await ensureWorker();
      console.log(`${w.started ? 'Started' : 'Already running:'} kube-aws worker (pid ${w.pid}), task queue kube-aws; log ${w.logFile}`);
      return 0;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`sandbox: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
