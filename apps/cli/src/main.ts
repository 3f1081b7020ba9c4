import { runCli } from './program.js';

// The AWS SDK warns on every run under Node 20 that future SDK releases will need Node 22. This
// CLI supports Node 20.19+ (package.json engines) and pins its SDK, so the warning would only
// bury the command's own output; a user can still opt in by setting the variable to "false".
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const code = await runCli(process.argv.slice(2));
process.exitCode = code;
// Everything the commands open is closed by now; should a library leave a handle behind (a gRPC
// channel, a spinner timer), do not let it keep a finished command alive.
setTimeout(() => process.exit(code), 2_000).unref();
