// Builds the installable packages: each package's sources to JavaScript plus `.d.ts` under
// dist/lib (tsc, in dependency order), then the bundled CLI under packages/runtime/dist/bundle.
//   node scripts/build.ts
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

for (const pkg of ["dsl", "compiler", "runtime"]) {
  rmSync(`${ROOT}/packages/${pkg}/dist/lib`, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [tsc, "-p", `${ROOT}/packages/${pkg}/tsconfig.build.json`], { stdio: "inherit" });
  if (result.status !== 0) {
    process.stderr.write(`build: tsc failed for @sluice/${pkg}\n`);
    process.exit(1);
  }
}
const bundled = spawnSync(process.execPath, [`${ROOT}/packages/runtime/scripts/build-cli.ts`], { stdio: "inherit" });
process.exit(bundled.status ?? 1);
