// Bundles the CLI program (runtime, compiler, DSL copy, zod, yaml, commander) into one ESM file.
// Run by the bootstrap when any source is newer than the bundle; `--if-stale` skips otherwise.
import { renameSync } from "node:fs";
import { build } from "esbuild";
import { BUNDLE, bundleIsFresh } from "../src/cli/bundle.ts";

if (process.argv.includes("--if-stale") && bundleIsFresh()) process.exit(0);
const temp = `${BUNDLE}.${process.pid}.tmp`;
await build({
  entryPoints: [new URL("../src/cli/program.ts", import.meta.url).pathname],
  outfile: temp,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  mainFields: ["module", "main"],
  // ts-morph (the type-checker) is large and loaded only by `sluice check`.
  external: ["ts-morph"],
  banner: { js: "import { createRequire as __sluiceRequire } from 'node:module'; const require = __sluiceRequire(import.meta.url);" },
  logLevel: "warning",
});
renameSync(temp, BUNDLE);
