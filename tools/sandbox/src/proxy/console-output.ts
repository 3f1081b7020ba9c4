/**
 * EC2 GetConsoleOutput for the instances the sandbox boots: moto answers every instance with the
 * same canned kernel log, so the proxy answers with what the machine wrote to its console (systemd's
 * status lines and the journal+console output of its units), base64-encoded as EC2 does. Instances
 * without a machine go to moto as before.
 */
import { randomUUID } from 'node:crypto';
import type { AwsRequest } from './aws-request.js';
import type { ProxyResponse } from './responses.js';
import { escapeXml } from './xml.js';

const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
/** EC2 returns the most recent 64 KB of console output. */
const MAX_BYTES = 64 * 1024;

export interface ConsoleSource {
  consoleOutput(instanceId: string): string | undefined;
}

export function consoleOutputResponse(req: AwsRequest, source: ConsoleSource | undefined): ProxyResponse | undefined {
  if (req.service !== 'ec2' || req.action !== 'GetConsoleOutput' || !source) return undefined;
  const instanceId = req.params.get('InstanceId') ?? '';
  const text = source.consoleOutput(instanceId);
  if (text === undefined) return undefined;
  const bytes = Buffer.from(text, 'utf8');
  const output = bytes.subarray(Math.max(0, bytes.length - MAX_BYTES)).toString('base64');
  const id = randomUUID();
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<GetConsoleOutputResponse xmlns="${EC2_NS}"><requestId>${id}</requestId><instanceId>${escapeXml(instanceId)}</instanceId><timestamp>${new Date().toISOString()}</timestamp><output>${output}</output></GetConsoleOutputResponse>`;
  return { status: 200, headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': id }, body: Buffer.from(body, 'utf8') };
}
