/**
 * A JSON Schema (draft-07) of the Ignition **spec 3.4.0** config, written for kube-aws from the
 * published spec (not copied from upstream). Strict: unknown keys are errors, as they are for
 * Ignition itself. `ignition.version` is only typed here; which versions are accepted is decided in
 * validate.ts so the message can say what is supported.
 */

const str = { type: ['string', 'null'] } as const;
const int = { type: ['integer', 'null'] } as const;
const bool = { type: ['boolean', 'null'] } as const;
const strList = { type: ['array', 'null'], items: { type: 'string' } } as const;

const obj = (properties: Record<string, unknown>, required: readonly string[] = []): Record<string, unknown> => ({
  type: 'object',
  additionalProperties: false,
  properties,
  ...(required.length > 0 ? { required } : {}),
});

const list = (items: unknown): Record<string, unknown> => ({ type: ['array', 'null'], items });

const verification = obj({ hash: { type: ['string', 'null'], pattern: '^(sha512|sha256)-[0-9a-f]+$' } });
const httpHeader = obj({ name: { type: 'string', minLength: 1 }, value: str }, ['name']);
const resource = obj({
  source: str,
  compression: { type: ['string', 'null'], enum: ['gzip', '', null] },
  httpHeaders: list(httpHeader),
  verification,
});
const absolutePath = { type: 'string', pattern: '^/' } as const;
const nodeUser = obj({ id: int, name: str });
const nodeProperties = { path: absolutePath, overwrite: bool, user: nodeUser, group: nodeUser };
const mode = { type: ['integer', 'null'], minimum: 0, maximum: 0o7777 } as const;

const file = obj({ ...nodeProperties, contents: resource, append: list(resource), mode }, ['path']);
const directory = obj({ ...nodeProperties, mode }, ['path']);
const link = obj({ ...nodeProperties, target: str, hard: bool }, ['path']);

const partition = obj({
  label: str,
  number: { type: 'integer' },
  sizeMiB: int,
  startMiB: int,
  typeGuid: str,
  guid: str,
  wipePartitionEntry: bool,
  shouldExist: bool,
  resize: bool,
});
const disk = obj({ device: { type: 'string', minLength: 1 }, wipeTable: bool, partitions: list(partition) }, ['device']);
const raid = obj({ name: { type: 'string' }, level: str, devices: list({ type: 'string' }), spares: int, options: strList }, ['name', 'devices']);
const filesystem = obj(
  {
    device: { type: 'string', minLength: 1 },
    format: str,
    path: str,
    wipeFilesystem: bool,
    label: str,
    uuid: str,
    options: strList,
    mountOptions: strList,
  },
  ['device'],
);
const tang = obj({ url: { type: 'string' }, thumbprint: str, advertisement: str }, ['url']);
const clevis = obj({
  tang: list(tang),
  tpm2: bool,
  threshold: int,
  custom: obj({ pin: str, config: str, needsNetwork: bool }),
});
const luks = obj(
  {
    name: { type: 'string' },
    device: str,
    keyFile: resource,
    label: str,
    uuid: str,
    options: strList,
    openOptions: strList,
    discard: bool,
    wipeVolume: bool,
    clevis,
  },
  ['name'],
);

const unitName = { type: 'string', pattern: '^[^/]+\\.(service|socket|device|mount|automount|swap|target|path|timer|snapshot|slice|scope)$' } as const;
const dropin = obj({ name: { type: 'string', pattern: '^[^/]+\\.conf$' }, contents: str }, ['name']);
const unit = obj({ name: unitName, enabled: bool, mask: bool, contents: str, dropins: list(dropin) }, ['name']);

const user = obj(
  {
    name: { type: 'string', minLength: 1 },
    passwordHash: str,
    sshAuthorizedKeys: strList,
    uid: int,
    gecos: str,
    homeDir: str,
    noCreateHome: bool,
    primaryGroup: str,
    groups: strList,
    noUserGroup: bool,
    noLogInit: bool,
    shell: str,
    shouldExist: bool,
    system: bool,
  },
  ['name'],
);
const group = obj({ name: { type: 'string', minLength: 1 }, gid: int, passwordHash: str, shouldExist: bool, system: bool }, ['name']);

/** The schema object handed to Ajv. */
export const IGNITION_3_4_SCHEMA: Record<string, unknown> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://kube-aws.local/schemas/ignition-3.4.0.json',
  title: 'Ignition config, spec 3.4.0 (kube-aws)',
  ...obj(
    {
      ignition: obj(
        {
          version: { type: 'string', pattern: '^[0-9]+\\.[0-9]+\\.[0-9]+(-experimental)?$' },
          config: obj({ merge: list(resource), replace: resource }),
          timeouts: obj({ httpResponseHeaders: int, httpTotal: int }),
          security: obj({ tls: obj({ certificateAuthorities: list(resource) }) }),
          proxy: obj({ httpProxy: str, httpsProxy: str, noProxy: strList }),
        },
        ['version'],
      ),
      kernelArguments: obj({ shouldExist: strList, shouldNotExist: strList }),
      passwd: obj({ users: list(user), groups: list(group) }),
      storage: obj({
        disks: list(disk),
        raid: list(raid),
        filesystems: list(filesystem),
        files: list(file),
        directories: list(directory),
        links: list(link),
        luks: list(luks),
      }),
      systemd: obj({ units: list(unit) }),
    },
    ['ignition'],
  ),
};
