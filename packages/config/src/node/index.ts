/**
 * The Node half of @kube-aws/config: reading and creating cluster.yaml on disk. Uses Node's file
 * system, so workflow code must not import it (lint enforces this); use the pure entry there.
 *
 * @module
 */
export { CLUSTER_YAML, loadClusterConfig, type LoadedClusterConfig } from './load.js';
export { writeInitialClusterYaml } from './init.js';
export { ClusterConfigError, ClusterConfigNotFoundError, ClusterYamlExistsError, InitOptionsError } from '../errors.js';
