// Builds the installable packages:
// - each package's `.d.ts` under dist/lib (tsc, in dependency order), with the compiler's and
//   runtime's JavaScript beside them;
// - the DSL as two single-file bundles (dist/index.js, dist/ir.js): pipeline files import it
//   on every command, and one file loads faster than twenty;
// - the bundled CLI under packages/runtime/dist/bundle.
//   node scripts/build.ts
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const tsc = require.resolve("typescript/bin/tsc");

function fail(message: string): never {
  process.stderr.write(`build: ${message}\n`);
  process.exit(1);
}

for (const pkg of ["dsl", "compiler", "runtime"]) {
  rmSync(`${ROOT}/packages/${pkg}/dist/lib`, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [tsc, "-p", `${ROOT}/packages/${pkg}/tsconfig.build.json`], { stdio: "inherit" });
  if (result.status !== 0) fail(`tsc failed for @sluice/${pkg}`);
  if (pkg === "dsl") {
    await build({
      entryPoints: { index: `${ROOT}/packages/dsl/src/index.ts`, ir: `${ROOT}/packages/dsl/src/ir/index.ts` },
      outdir: `${ROOT}/packages/dsl/dist`,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node22",
      external: ["zod"],
      logLevel: "warning",
    }).catch(() => fail("bundling @sluice/dsl failed"));
  }
}
// Only when a source changed: a CLI running from this checkout (the tests) never sees the bundle swapped.
const bundled = spawnSync(process.execPath, [`${ROOT}/packages/runtime/scripts/build-cli.ts`, "--if-stale"], { stdio: "inherit" });
process.exit(bundled.status ?? 1);
