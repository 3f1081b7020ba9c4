/**
 * The proxy's settings from the environment (for `npm run sandbox -- up`, where the proxy is its
 * own process); tests change them at run time through the control API instead.
 *
 *   SANDBOX_PACE_MS              each resource's create/update/delete time (default 3000)
 *   SANDBOX_CHANGE_SET_PACE_MS   how long a change set is being created (default 1000)
 *   SANDBOX_EVENT_PAGE_SIZE      DescribeStackEvents page size (default 100)
 *   SANDBOX_FAIL                 `stack:LogicalId:reason` (`;`-separated for several): fail that
 *                                resource once, the next time an operation creates or updates it
 *   SANDBOX_FAULTS               `Action:count:throttle|unavailable` (`;`-separated): answer the next
 *                                `count` calls of Action (`*`: any) with that fault
 */
import { DEFAULT_SETTINGS } from './proxy-state.js';
import type { FailureRule, FaultRule, ProxySettings } from './proxy-state.js';

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new SettingsError(`${name}=${raw} is not a whole number of milliseconds (or items)`);
  return n;
}

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): ProxySettings {
  return {
    paceMs: intVar(env, 'SANDBOX_PACE_MS', DEFAULT_SETTINGS.paceMs),
    changeSetPaceMs: intVar(env, 'SANDBOX_CHANGE_SET_PACE_MS', DEFAULT_SETTINGS.changeSetPaceMs),
    eventPageSize: Math.max(1, intVar(env, 'SANDBOX_EVENT_PAGE_SIZE', DEFAULT_SETTINGS.eventPageSize)),
  };
}

export function failuresFromEnv(env: NodeJS.ProcessEnv = process.env): FailureRule[] {
  return (env['SANDBOX_FAIL'] ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((spec) => {
      const [stackName, logicalId, ...reason] = spec.split(':');
      if (!stackName || !logicalId) throw new SettingsError(`SANDBOX_FAIL entry "${spec}" is not stack:LogicalId:reason`);
      return { stackName, logicalId, reason: reason.join(':') || 'Failed by the sandbox (SANDBOX_FAIL)', persistent: false };
    });
}

export function faultsFromEnv(env: NodeJS.ProcessEnv = process.env): FaultRule[] {
  return (env['SANDBOX_FAULTS'] ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((spec) => {
      const [action, count, kind] = spec.split(':');
      const remaining = Number(count ?? '1');
      if (!action || !Number.isInteger(remaining) || (kind !== 'throttle' && kind !== 'unavailable')) {
        throw new SettingsError(`SANDBOX_FAULTS entry "${spec}" is not Action:count:throttle|unavailable`);
      }
      return { action, kind, remaining };
    });
}
