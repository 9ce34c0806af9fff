#!/usr/bin/env node
// The `sluice` command. Plain JavaScript that any Node can parse, so an old Node gets one clear
// line instead of a syntax error. Installed, it loads the bundled CLI in this same process; in
// a Sluice checkout it runs the sources (through the bundle when that is fresh), re-launching
// once with the checkout's provisioned Node when the machine's is too old to strip types.
import { existsSync } from "node:fs";
import module from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const [major, minor] = process.versions.node.split(".").map(Number);
const supported = major > 22 || (major === 22 && minor >= 18);
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const sources = here("../src/cli/main.ts");
const inCheckout = existsSync(sources);

if (!supported) {
  const provisioned = here("../../../.tools/node_modules/.bin/node");
  if (inCheckout && existsSync(provisioned)) {
    const { relaunch } = await import("./relaunch.mjs");
    await relaunch(provisioned, ["--disable-warning=ExperimentalWarning", sources, ...process.argv.slice(2)]);
  }
  process.stderr.write(
    `sluice: needs Node.js 22.18 or newer to load TypeScript pipeline files (this is ${process.version})\n  hint: install Node 22 LTS or newer (https://nodejs.org) and run sluice with it\n`,
  );
  process.exit(3);
}
if (inCheckout) {
  await import(pathToFileURL(sources).href);
} else {
  // Later starts skip re-parsing the bundle and its dependencies.
  if (!process.env.SLUICE_NO_COMPILE_CACHE) module.enableCompileCache?.();
  const program = await import("../dist/bundle/program.mjs");
  await program.main(process.argv.slice(2));
}
