/**
 * The asset directory's layout, relative to the directory that holds cluster.yaml. kube-aws's
 * names are kept where they still describe the file; userdata files are named for their format.
 */
export const CREDENTIALS_DIR = 'credentials';
export const KUBECONFIG_FILE = 'kubeconfig';
export const STACK_TEMPLATE_FILE = 'stack-template.json';
export const USERDATA_DIR = 'userdata';
export const CONTROLLER_USERDATA_FILE = 'userdata/controller.ign';
export const WORKER_USERDATA_FILE = 'userdata/worker.ign';
/** What render last wrote (digests only), so a second render can tell user edits from stale output. */
export const RENDER_STATE_FILE = '.kube-aws/render-state.json';

/** The user-data source files, by node role. */
export const USERDATA_FILES = { controller: CONTROLLER_USERDATA_FILE, worker: WORKER_USERDATA_FILE } as const;
