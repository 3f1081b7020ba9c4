/** Reads a workflow's history from the sandbox's Temporal, to check what the worker really did. */
import { Client, Connection } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';

export async function workflowHistory(address: string, workflowId: string): Promise<temporal.api.history.v1.IHistoryEvent[]> {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection });
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    return history.events ?? [];
  } finally {
    await connection.close();
  }
}

/** Attempts of each activity type, from ActivityTaskStarted events. */
export function activityAttempts(events: temporal.api.history.v1.IHistoryEvent[]): Map<string, number[]> {
  const typeByScheduled = new Map<string, string>();
  const attempts = new Map<string, number[]>();
  for (const e of events) {
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled) typeByScheduled.set(String(e.eventId), scheduled.activityType?.name ?? '?');
    const started = e.activityTaskStartedEventAttributes;
    if (started) {
      const type = typeByScheduled.get(String(started.scheduledEventId)) ?? '?';
      attempts.set(type, [...(attempts.get(type) ?? []), started.attempt ?? 1]);
    }
  }
  return attempts;
}
