// Writes the installable tarballs of @sluice/dsl, @sluice/compiler and @sluice/runtime into a
// folder, built first, with `workspace:*` dependencies resolved to real versions (pnpm pack
// applies each package's publishConfig, which points exports at the built JavaScript).
//   npm run -s pack -- <dir>
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const target = process.argv[2];
if (!target || process.argv.length > 3) {
  process.stderr.write("usage: npm run -s pack -- <dir>\n");
  process.exit(2);
}
const dest = resolve(process.env.INIT_CWD ?? process.cwd(), target);
mkdirSync(dest, { recursive: true });

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (result.status !== 0) {
    process.stderr.write(`pack: '${command} ${args.join(" ")}' failed in ${cwd}\n${result.stdout ?? ""}`);
    process.exit(1);
  }
  return result.stdout;
}

run(process.execPath, [`${ROOT}/scripts/build.ts`], ROOT);
for (const pkg of ["dsl", "compiler", "runtime"]) {
  const out = run("pnpm", ["pack", "--json", "--pack-destination", dest], `${ROOT}/packages/${pkg}`);
  const { filename } = JSON.parse(out) as { filename: string };
  process.stdout.write(`${resolve(dest, filename)}\n`);
}
