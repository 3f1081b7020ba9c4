// The sandbox's pinned Python tools (moto, the Temporal CLI, Temporal's test server), for the
// dev scripts: `ensurePythonTools()` installs them into the cache's venv when needed and returns
// their paths. The installer itself lives with the sandbox, beside its requirements.txt.
export { ensurePythonTools, pythonToolsDir, PythonToolsError } from '../sandbox/install.mjs';
