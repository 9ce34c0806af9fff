// Bundles the CLI program (runtime, compiler, DSL copy, zod, yaml, commander) into one ESM file.
// Run by the bootstrap when any source is newer than the bundle; `--if-stale` skips otherwise.
import { mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { build, type Plugin } from "esbuild";
import { BUNDLE, bundleIsFresh } from "../src/cli/bundle.ts";

/**
 * commander imports `node:child_process` (and through it net and streams, ~4 ms) for
 * executable subcommands, which Sluice does not use: give it a stand-in that loads the real
 * module on first use, so commands that start no process never load it.
 */
const lazyChildProcessForCommander: Plugin = {
  name: "lazy-child-process-for-commander",
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: "lazy-child-process", namespace: "sluice" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "sluice" }, () => ({
      contents:
        "import { createRequire } from 'node:module'; const load = () => createRequire(import.meta.url)('node:child_process'); export default { spawn: (...args) => load().spawn(...args) };",
      loader: "js",
    }));
  },
};

/**
 * zod's namespace re-exports every message locale (`z.locales`, ~70 files, most of its size);
 * Sluice uses only the default English messages, which zod imports directly. Bundling the
 * index as English only keeps ~0.5 MB of never-run code out of every start.
 */
const englishOnlyZodLocales: Plugin = {
  name: "english-only-zod-locales",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), "..", "locales", "en.js"), namespace: "zod-locales" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      loader: "js",
      resolveDir: dirname(args.path),
    }));
  },
};

if (process.argv.includes("--if-stale") && bundleIsFresh()) process.exit(0);
// Built beside dist/ and swapped in whole, so a running CLI never sees half a bundle.
const dist = dirname(BUNDLE);
const temp = `${dist}.${process.pid}.tmp`;
rmSync(temp, { recursive: true, force: true });
mkdirSync(temp, { recursive: true });
await build({
  entryPoints: { program: new URL("../src/cli/program.ts", import.meta.url).pathname },
  outdir: temp,
  // Each command's code (and its dependencies) loads only when that command runs.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  mainFields: ["module", "main"],
  // ts-morph (the type-checker) is large and loaded only by `sluice check`.
  // Heavy, lazily loaded, and full of CJS dynamic requires: resolved from node_modules at run time.
  external: ["ts-morph", "@azure/*"],
  banner: { js: "import { createRequire as __sluiceRequire } from 'node:module'; const require = __sluiceRequire(import.meta.url);" },
  plugins: [lazyChildProcessForCommander, englishOnlyZodLocales],
  logLevel: "warning",
});
const old = `${dist}.${process.pid}.old`;
try {
  renameSync(dist, old);
} catch {
  // first build
}
renameSync(temp, dist);
rmSync(old, { recursive: true, force: true });
