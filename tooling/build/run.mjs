// `node tooling/build/run.mjs <target>[:<entry>] [args...]`: runs a bundled app (see bundle.mjs),
// rebuilding it first when one of its source files changed since its last build. The bundle
// sees the arguments as if it had been started directly (`node <bundle> args...`).
// V8 flags cannot be set from here, once node runs: the ones an app is tuned for are listed in
// node-flags.json, and its launchers (bundledAppArgs in @relay/db/paths) put them before this script.
import { pathToFileURL } from "node:url";
import { ensureBuilt } from "./bundle.mjs";

const [spec = "", ...rest] = process.argv.slice(2);
const [name, entry = "main"] = spec.split(":");
const file = await ensureBuilt(name, entry);
process.argv = [process.argv[0], file, ...rest];
await import(pathToFileURL(file).href);
