/**
 * Responses the proxy makes itself, in each protocol's exact shape, so the AWS SDK parses them
 * as it parses AWS's: CloudFormation results and errors (awsQuery XML), and the throttling and
 * unavailability faults of every protocol the product talks.
 */
import { randomUUID } from 'node:crypto';
import type { AwsRequest } from './aws-request.js';
import { escapeXml } from './xml.js';

export interface ProxyResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

const CFN_NS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

function xml(status: number, body: string, requestId: string, extra: Record<string, string> = {}): ProxyResponse {
  return {
    status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId, ...extra },
    body: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`, 'utf8'),
  };
}

/** `<ActionResponse><ActionResult>inner</ActionResult>…` (no Result element when inner is undefined). */
export function cfnResult(action: string, inner: string | undefined): ProxyResponse {
  const id = randomUUID();
  const result = inner === undefined ? '' : `<${action}Result>${inner}</${action}Result>`;
  return xml(200, `<${action}Response xmlns="${CFN_NS}">${result}<ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></${action}Response>`, id);
}

/** An awsQuery error as CloudFormation sends it. */
export function queryError(code: string, message: string, status = 400, type: 'Sender' | 'Receiver' = 'Sender', ns = CFN_NS): ProxyResponse {
  const id = randomUUID();
  return xml(
    status,
    `<ErrorResponse xmlns="${ns}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`,
    id,
  );
}

export const cfnValidationError = (message: string): ProxyResponse => queryError('ValidationError', message);

export type FaultKind = 'throttle' | 'unavailable';

/**
 * The fault as the request's service would send it: awsQuery `Throttling` (400) or
 * `ServiceUnavailable` (503); EC2's own `RequestLimitExceeded` / `Unavailable` (503, EC2's
 * `<Response><Errors>` shape); JSON `ThrottlingException` (400); S3 `SlowDown` (503); Route53
 * `Throttling` (400). The SDK classifies all of these as retryable, as on AWS.
 */
export function faultResponse(req: AwsRequest, kind: FaultKind): ProxyResponse {
  const id = randomUUID();
  const throttle = kind === 'throttle';
  switch (req.protocol) {
    case 'ec2':
      return xml(
        503,
        `<Response><Errors><Error><Code>${throttle ? 'RequestLimitExceeded' : 'Unavailable'}</Code><Message>${
          throttle ? 'Request limit exceeded.' : 'The server is overloaded and cannot handle the request.'
        }</Message></Error></Errors><RequestID>${id}</RequestID></Response>`,
        id,
      );
    case 'json': {
      const type = throttle ? 'ThrottlingException' : 'ServiceUnavailableException';
      return {
        status: throttle ? 400 : 503,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': id, 'x-amzn-errortype': type },
        body: Buffer.from(JSON.stringify({ __type: type, message: throttle ? 'Rate exceeded' : 'Service Unavailable' })),
      };
    }
    case 'rest':
      if (req.service === 's3') {
        return xml(
          503,
          `<Error><Code>${throttle ? 'SlowDown' : 'ServiceUnavailable'}</Code><Message>${
            throttle ? 'Please reduce your request rate.' : 'Service is unable to handle request.'
          }</Message><RequestId>${id}</RequestId></Error>`,
          id,
        );
      }
      return throttle
        ? queryError('Throttling', 'Rate exceeded', 400, 'Sender', `https://${req.service}.amazonaws.com/doc/`)
        : queryError('ServiceUnavailable', 'Service Unavailable', 503, 'Receiver', `https://${req.service}.amazonaws.com/doc/`);
    case 'query':
      return throttle ? queryError('Throttling', 'Rate exceeded', 400) : queryError('ServiceUnavailable', 'Service Unavailable', 503, 'Receiver');
  }
}

export function jsonResponse(status: number, value: unknown): ProxyResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: Buffer.from(`${JSON.stringify(value, null, 2)}\n`) };
}
