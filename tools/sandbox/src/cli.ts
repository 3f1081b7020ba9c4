/**
 * `npm run sandbox -- up|down|status|reset|env` (root script: node --import tsx tools/sandbox/src/cli.ts).
 *
 *   up      start moto (4567), the pacing proxy (4566) and Temporal (7233, UI 8233) in the background
 *   down    stop them, and any process registered with registerProcess (Temporal's history is kept)
 *   status  what runs, and where
 *   reset   wipe AWS state and re-seed the account
 *   env     `export` lines for: eval "$(npm run -s sandbox -- env)"
 *   worker  start a kube-aws worker in the background with the sandbox's environment (idempotent)
 *   machines            the clusters whose machines the sandbox runs (control plane, nodes)
 *   kubeconfig <dir>    write <dir>/kubeconfig.sandbox (the cluster's kubeconfig at its loopback API server)
 *   node pause|resume <name>   stop or restart a node's kubelet heartbeats
 *   console <instance>         what the machine wrote to its console (EC2 GetConsoleOutput)
 *   journal <instance> [unit]  a unit's output (each unit's, without one)
 *
 * The machines: with the sandbox up (and SANDBOX_MACHINES not 0), every kube-aws stack that
 * completes boots a real control plane from its controller's user data, and each instance joins
 * as a node (machines/). Their binaries are built once from the Go module proxy.
 * Ports: SANDBOX_MOTO_PORT, SANDBOX_PROXY_PORT, SANDBOX_TEMPORAL_PORT, SANDBOX_TEMPORAL_UI_PORT.
 * State and logs: ${KUBE_AWS_CACHE:-~/.cache/kube-aws}/sandbox/.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sandboxDown, sandboxReset, sandboxStatus, sandboxUp, upState } from './detached.js';
import { SandboxControl } from './control-client.js';
import { writeSandboxKubeconfig } from '@kube-aws/machines';
import { exportLines, sandboxEnv } from './sandbox-env.js';
import type { SandboxState } from './state.js';
import { logsDir } from './state.js';
import { ensureWorker } from './worker-process.js';

const USAGE = 'usage: npm run sandbox -- up|down|status|reset|env|worker|machines|kubeconfig <dir>|node pause|resume <name>|console <instance>|journal <instance> [unit]';

/** The machine directory of an instance (instance id, or node name), from the machines' own view. */
async function machineLogDir(which: string | undefined): Promise<string | undefined> {
  if (!which) return undefined;
  const { clusters } = await new SandboxControl(upState().awsEndpoint as string).machines();
  return clusters.flatMap((c) => c.nodes).find((n) => n.instanceId === which || n.name === which)?.logDir;
}

function addresses(s: SandboxState): string {
  return [
    `  AWS endpoint   ${s.awsEndpoint}   (the pacing proxy; moto itself: ${s.motoUrl})`,
    `  Temporal       ${s.temporalAddress}   (namespace default)`,
    `  Temporal UI    ${s.temporalUiUrl}`,
    `  KMS key        ${s.kmsKeyArn}`,
    `  Logs           ${logsDir()}`,
  ].join('\n');
}

async function main(command: string | undefined, args: readonly string[]): Promise<number> {
  switch (command) {
    case 'machines': {
      const { enabled, clusters } = await new SandboxControl(upState().awsEndpoint as string).machines();
      if (!enabled) console.log('This sandbox runs no machines (it was started with SANDBOX_MACHINES=0).');
      for (const c of clusters) {
        console.log(`${c.stackName}  ${c.state}${c.apiServer ? `  API server ${c.apiServer} (${c.externalNames.join(', ')})` : ''}${c.error ? `\n  error: ${c.error}` : ''}`);
        for (const n of c.nodes) {
          console.log(`  ${n.role.padEnd(10)} ${n.name}  ${n.instanceId}  ${n.state}${n.error ? `\n    error: ${n.error}` : ''}`);
          for (const u of [...n.units].filter((u) => !u.name.endsWith('.target')).sort((a, b) => a.name.localeCompare(b.name))) {
            const how = u.state === 'failed' ? `failed (${u.result ?? '?'}${u.exitStatus ? `, status=${u.exitStatus}` : ''})` : u.state;
            console.log(`    ${u.name.padEnd(44)} ${how}${u.starts > 1 ? `, started ${u.starts} times` : ''}`);
          }
          console.log(`    console and unit logs: ${n.logDir}/console.log, ${n.logDir}/units/`);
        }
      }
      return 0;
    }
    case 'console':
    case 'journal': {
      const dir = await machineLogDir(args[0]);
      if (!dir) {
        console.error(args[0] ? `No sandbox machine plays ${args[0]} (see npm run sandbox -- machines).` : USAGE);
        return 2;
      }
      if (command === 'console') {
        process.stdout.write(existsSync(join(dir, 'console.log')) ? readFileSync(join(dir, 'console.log'), 'utf8') : '');
        return 0;
      }
      const units = existsSync(join(dir, 'units')) ? readdirSync(join(dir, 'units')).filter((f) => f.endsWith('.log')).sort() : [];
      const wanted = args[1] ? units.filter((f) => f === `${args[1]}.log` || f === `${args[1]}.service.log`) : units;
      if (args[1] && wanted.length === 0) {
        console.error(`${args[0]} has no output from ${args[1]} (units with output: ${units.map((f) => f.replace(/\.log$/, '')).join(', ') || 'none'}).`);
        return 2;
      }
      for (const f of wanted) process.stdout.write(`-- ${f.replace(/\.log$/, '')} --\n${readFileSync(join(dir, 'units', f), 'utf8')}`);
      return 0;
    }
    case 'kubeconfig': {
      const dir = args[0];
      const file = upState().apiEndpointsFile;
      if (!dir || !file) {
        console.error(dir ? 'This sandbox runs no machines (SANDBOX_MACHINES=0).' : 'usage: npm run sandbox -- kubeconfig <cluster dir>');
        return 2;
      }
      const written = writeSandboxKubeconfig(dir, file);
      if (!written) {
        console.error(`No sandbox API server answers for ${dir}/kubeconfig's server yet: has \`kube-aws up\` finished?`);
        return 1;
      }
      console.log(written);
      return 0;
    }
    case 'node': {
      const [action, name] = args;
      if ((action !== 'pause' && action !== 'resume') || !name) {
        console.error('usage: npm run sandbox -- node pause|resume <node name>');
        return 2;
      }
      await new SandboxControl(upState().awsEndpoint as string).pauseNode(name, action === 'pause');
      console.log(`${name}: kubelet heartbeats ${action === 'pause' ? 'stopped' : 'restarted'}`);
      return 0;
    }
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
            ...(s.apiEndpointsFile ? { apiEndpointsFile: s.apiEndpointsFile } : {}),
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

main(process.argv[2], process.argv.slice(3)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`sandbox: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
