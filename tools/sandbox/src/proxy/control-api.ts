/**
 * The control API, on the proxy's own port under `/_sandbox/` (a path no AWS SDK call uses).
 * JSON in, JSON out:
 *
 *   GET    /_sandbox/health     {"ok":true,"motoUrl":…}
 *   GET    /_sandbox/state      settings, armed failures and faults, paced stacks with statuses
 *   POST   /_sandbox/settings   {"paceMs"?,"changeSetPaceMs"?,"eventPageSize"?}  → settings
 *   POST   /_sandbox/failures   {"stackName","logicalId","reason"?,"persistent"?} → failures
 *   DELETE /_sandbox/failures
 *   POST   /_sandbox/faults     {"action","kind"?:"throttle"|"unavailable","count"?,"service"?} → faults
 *   DELETE /_sandbox/faults
 *   POST   /_sandbox/clear      forget stacks, change sets, tokens, failures and faults
 *   GET    /_sandbox/machines   the clusters the sandbox runs machines for (when it does)
 *   POST   /_sandbox/machines/pause   {"node"}  stop that node's kubelet heartbeats
 *   POST   /_sandbox/machines/resume  {"node"}  start them again
 */
import type { FaultRule, ProxyState } from './proxy-state.js';
import { jsonResponse } from './responses.js';
import type { ProxyResponse } from './responses.js';

export const CONTROL_PREFIX = '/_sandbox/';

/** What the control API needs of the machines (@kube-aws/machines ClusterMachines). */
export interface MachinesControl {
  snapshot(): unknown;
  pauseNode(nodeName: string, paused: boolean): boolean;
  /** What the machine of `instanceId` wrote to its console; undefined when the sandbox plays no such machine. */
  consoleOutput(instanceId: string): string | undefined;
}

class BadRequest extends Error {}

function parseBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  try {
    const v = JSON.parse(body.toString('utf8')) as unknown;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new BadRequest('the body must be a JSON object');
}

function str(o: Record<string, unknown>, key: string, required: boolean): string | undefined {
  const v = o[key];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v === '') throw new BadRequest(`"${key}" must be a non-empty string`);
  return v;
}

function count(o: Record<string, unknown>, key: string, min: number): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new BadRequest(`"${key}" must be an integer ≥ ${min}`);
  return v;
}

export function handleControl(
  state: ProxyState,
  motoUrl: string,
  method: string,
  path: string,
  body: Buffer,
  now: number,
  machines?: MachinesControl,
): ProxyResponse {
  const route = `${method} ${path.split('?')[0]?.slice(CONTROL_PREFIX.length).replace(/\/$/, '')}`;
  try {
    switch (route) {
      case 'GET health':
        return jsonResponse(200, { ok: true, motoUrl });
      case 'GET state':
        return jsonResponse(200, state.snapshot(now));
      case 'POST settings': {
        const o = parseBody(body);
        const paceMs = count(o, 'paceMs', 0);
        const changeSetPaceMs = count(o, 'changeSetPaceMs', 0);
        const eventPageSize = count(o, 'eventPageSize', 1);
        if (paceMs !== undefined) state.settings.paceMs = paceMs;
        if (changeSetPaceMs !== undefined) state.settings.changeSetPaceMs = changeSetPaceMs;
        if (eventPageSize !== undefined) state.settings.eventPageSize = eventPageSize;
        return jsonResponse(200, state.settings);
      }
      case 'POST failures': {
        const o = parseBody(body);
        state.failures.push({
          stackName: str(o, 'stackName', true) as string,
          logicalId: str(o, 'logicalId', true) as string,
          reason: str(o, 'reason', false) ?? 'Failed by the sandbox (injected failure)',
          persistent: o['persistent'] === true,
        });
        return jsonResponse(200, { failures: state.failures });
      }
      case 'DELETE failures':
        state.failures = [];
        return jsonResponse(200, { failures: [] });
      case 'POST faults': {
        const o = parseBody(body);
        const kind = o['kind'] ?? 'throttle';
        if (kind !== 'throttle' && kind !== 'unavailable') throw new BadRequest('"kind" must be "throttle" or "unavailable"');
        const service = str(o, 'service', false);
        const rule: FaultRule = { action: str(o, 'action', true) as string, kind, remaining: count(o, 'count', 1) ?? 1, ...(service ? { service } : {}) };
        state.faults.push(rule);
        return jsonResponse(200, { faults: state.faults });
      }
      case 'DELETE faults':
        state.faults = [];
        return jsonResponse(200, { faults: [] });
      case 'GET machines':
        return jsonResponse(200, { enabled: machines !== undefined, clusters: machines?.snapshot() ?? [] });
      case 'POST machines/pause':
      case 'POST machines/resume': {
        const node = str(parseBody(body), 'node', true) as string;
        if (!machines) return jsonResponse(409, { error: 'this sandbox runs no machines (start it with machines enabled)' });
        if (!machines.pauseNode(node, route.endsWith('pause'))) return jsonResponse(404, { error: `no node ${node}` });
        return jsonResponse(200, { ok: true });
      }
      case 'POST clear':
        state.clear();
        return jsonResponse(200, { ok: true });
      default:
        return jsonResponse(404, { error: `no control route ${route}; see tools/sandbox/README.md` });
    }
  } catch (err) {
    if (err instanceof BadRequest) return jsonResponse(400, { error: err.message });
    throw err;
  }
}
