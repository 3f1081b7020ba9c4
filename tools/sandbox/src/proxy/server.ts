/**
 * The pacing proxy: a loopback HTTP server in front of moto. Every request goes to moto unchanged,
 * except CloudFormation (paced like the real service, see cloudformation.ts), requests an armed
 * fault answers instead, and the control API under `/_sandbox/`.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAwsRequest } from './aws-request.js';
import type { CfnContext } from './cfn-context.js';
import { settle } from './cfn-context.js';
import { handleCloudFormation } from './cloudformation.js';
import { consoleOutputResponse } from './console-output.js';
import { CONTROL_PREFIX, handleControl } from './control-api.js';
import type { MachinesControl } from './control-api.js';
import { MotoClient } from './moto-client.js';
import { DEFAULT_SETTINGS, ProxyState } from './proxy-state.js';
import type { FailureRule, FaultRule, ProxySettings } from './proxy-state.js';
import { faultResponse, queryError } from './responses.js';
import type { ProxyResponse } from './responses.js';

export interface PacingProxyOptions {
  readonly motoUrl: string;
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly settings?: Partial<ProxySettings>;
  readonly failures?: readonly FailureRule[];
  readonly faults?: readonly FaultRule[];
}

export class PacingProxy {
  readonly state: ProxyState;
  private readonly moto: MotoClient;
  private readonly ctx: CfnContext;
  private server: Server | undefined;
  /** Set when the sandbox plays the stacks' machines: the control API then answers for them. */
  machines: MachinesControl | undefined;

  constructor(private readonly options: PacingProxyOptions) {
    this.state = new ProxyState({ ...DEFAULT_SETTINGS, ...options.settings });
    this.state.failures = [...(options.failures ?? [])];
    this.state.faults = (options.faults ?? []).map((f) => ({ ...f }));
    this.moto = new MotoClient(options.motoUrl);
    this.ctx = { state: this.state, moto: this.moto, settling: Promise.resolve() };
  }

  /** Starts listening; resolves to the proxy's URL (the AWS endpoint to give clients). */
  async listen(): Promise<string> {
    const server = createServer((req, res) => void this.serve(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    return this.url;
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('the proxy is not listening');
    return `http://${this.options.host ?? '127.0.0.1'}:${address.port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    this.moto.close();
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const body = await readBody(req);
      send(res, await this.respond(req, body));
    } catch (err) {
      process.stderr.write(`sandbox proxy: ${req.method} ${req.url}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      if (!res.headersSent) send(res, queryError('InternalFailure', `sandbox proxy error: ${String(err)}`, 500, 'Receiver'));
      else res.destroy();
    }
  }

  private async respond(req: IncomingMessage, body: Buffer): Promise<ProxyResponse> {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const now = Date.now();
    if (url.startsWith(CONTROL_PREFIX)) return handleControl(this.state, this.options.motoUrl, method, url, body, now, this.machines);
    const aws = parseAwsRequest(method, url, req.headers, body);
    await settle(this.ctx, now);
    const fault = this.state.takeFault(aws.service, aws.action);
    if (fault) return faultResponse(aws, fault);
    const console = consoleOutputResponse(aws, this.machines);
    if (console) return console;
    return aws.service === 'cloudformation' ? handleCloudFormation(this.ctx, aws, now) : this.moto.forward(aws);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, r: ProxyResponse): void {
  const headers: Record<string, string> = { ...r.headers, 'content-length': String(r.body.length) };
  res.writeHead(r.status, headers);
  res.end(r.body);
}
