/**
 * The image table: each container image the userdata runs with `ctr`, mapped to local programs.
 * Today one: the AWS CLI image the decrypt unit runs, played by the AWS CLI from PyPI (v1; the
 * `kms decrypt` options the script uses are the same in v1 and v2) pointed at the machine's AWS
 * endpoint. Its entrypoint is the image's own (`/usr/local/bin/aws`), so `ctr run` keeps the
 * upstream image's semantics: ARGS replace it.
 */
import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { AWS_CLI_IMAGE } from '@kube-aws/render';
import type { ImageConfig } from './node-root.js';
import { NODE_AWS_ENDPOINT } from './machine.js';

/** `aws` is `<venv>/bin/aws`; the venv's Python and its installation are bound into the container. */
export function imageTable(aws: string): Record<string, ImageConfig> {
  const venv = dirname(dirname(aws));
  const pythonHome = dirname(dirname(realpathSync(`${venv}/bin/python`)));
  const binds = [venv, ...(pythonHome === '/usr' ? [] : [pythonHome])];
  return {
    [AWS_CLI_IMAGE]: {
      entrypoint: ['/usr/local/bin/aws'],
      cmd: [],
      env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', `AWS_ENDPOINT_URL=${NODE_AWS_ENDPOINT}`],
      programs: { '/usr/local/bin/aws': aws },
      binds,
    },
  };
}
