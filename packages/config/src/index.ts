/**
 * @kube-aws/config owns cluster.yaml: the {@link ClusterConfig} model every other package builds
 * on, its defaults, parsing with line/column positions, every validation kube-aws did (and the
 * ones it missed), the JSON Schema for editors and the commented file `kube-aws init` writes.
 *
 * This entry is pure (no Node built-ins, no I/O), so workflow code may import it. Reading and
 * writing cluster.yaml on disk lives in `@kube-aws/config/node`, which workflows must not import.
 *
 * @module
 */
export type {
  Architecture,
  ClusterConfig,
  ConfigIssue,
  InstanceMetadataOptions,
  ReleaseChannel,
  RootVolume,
  SourcePosition,
  SubnetConfig,
  VolumeType,
} from './model.js';
export { parseClusterConfig, type ParseOptions, type ParseResult } from './parse.js';
export { formatIssue, sortIssues } from './issues.js';
export { clusterYamlJsonSchema } from './json-schema.js';
export { ClusterYamlSchema, CLUSTER_YAML_KEYS, type RawClusterYaml } from './schema.js';
export {
  DEFAULTS,
  DEFAULT_INSTANCE_TYPE,
  DEFAULT_KUBERNETES_VERSION,
  LIMITS,
  NEWEST_TESTED_MINOR,
  OLDEST_SUPPORTED_MINOR,
} from './defaults.js';
export { KNOWN_REGIONS, isZoneOfRegion } from './regions.js';
export { checkInitOptions, INIT_FLAGS, type InitOptions } from './init-options.js';
export { renderInitialClusterYaml } from './init-template.js';
export { HOSTED_ZONE_DEPRECATION } from './checks/dns.js';
export { ClusterConfigError, ClusterConfigNotFoundError, ClusterYamlExistsError, InitOptionsError } from './errors.js';
