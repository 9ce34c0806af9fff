// Local runtime figures; prints, never asserts (this machine is shared and noisy).
//   npm run bench:runtime
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { snapshotCode } from "@sluice/compiler";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLI = join(ROOT, "packages/runtime/src/cli/main.ts");
const PYTHON = "/usr/bin/python3";

function timed(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

function sluice(args: string[], env: Record<string, string>): void {
  const r = spawnSync(process.execPath, ["--disable-warning=ExperimentalWarning", CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`sluice ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
}

function chainProject(steps: number): string {
  const dir = mkdtempSync(join(ROOT, "bench", ".chain-"));
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "src", "noop.py"), "pass\n");
  writeFileSync(
    join(dir, "chain.pipeline.ts"),
    `import { outputFileDataset, pipeline, pythonScriptStep, type OutputFileDataset } from "@sluice/dsl";
export default pipeline({ name: "chain", defaultCompute: "local" }, () => {
  let previous: OutputFileDataset | undefined;
  for (let i = 0; i < ${steps}; i++) {
    const out = outputFileDataset(\`out_\${i}\`);
    pythonScriptStep({ name: \`step_\${i}\`, sourceDirectory: "./src", script: "noop.py", arguments: previous ? ["--in", previous.asInput(), "--out", out] : ["--out", out] });
    previous = out;
  }
  return previous ? { last: previous } : undefined;
});
`,
  );
  return dir;
}

function orchestration(): void {
  const steps = 100;
  const project = chainProject(steps);
  const state = mkdtempSync(join(tmpdir(), "sluice-bench-state-"));
  // Both sides use the same interpreter (Sluice would otherwise take the first python3 on PATH).
  const env = { SLUICE_STATE_DIR: state, SLUICE_CACHE_DIR: join(state, "cache"), SLUICE_PYTHON: PYTHON };
  const file = relative(ROOT, join(project, "chain.pipeline.ts"));
  const bare = timed(() => {
    for (let i = 0; i < steps; i++) spawnSync(PYTHON, ["-c", "pass"]);
  });
  const run = timed(() => sluice(["run", file, "--parallel", "1"], env));
  const reused = timed(() => sluice(["run", file], env));
  console.log(`chain of ${steps} no-op Python steps, run from scratch: ${run.toFixed(0)} ms (${(run / steps).toFixed(1)} ms/step)`);
  console.log(`  ${steps} bare '${PYTHON} -c pass' launches: ${bare.toFixed(0)} ms (${(bare / steps).toFixed(1)} ms each)`);
  console.log(
    `  orchestration overhead: ${((run - bare) / steps).toFixed(1)} ms/step (${(run / bare).toFixed(2)}× bare launches); fully reused re-run: ${reused.toFixed(0)} ms`,
  );
  rmSync(project, { recursive: true });
  rmSync(state, { recursive: true });
}

function reusedExample(): void {
  const state = mkdtempSync(join(tmpdir(), "sluice-bench-state-"));
  const env = { SLUICE_STATE_DIR: state, SLUICE_CACHE_DIR: join(state, "cache") };
  const file = "examples/titanic-automl/titanic.pipeline.ts";
  const first = timed(() => sluice(["run", file], env));
  const again = [0, 1, 2].map(() => timed(() => sluice(["run", file], env))).sort((a, b) => a - b)[1] as number;
  console.log(
    `titanic example: first run ${first.toFixed(0)} ms; fully reused re-run ${again.toFixed(0)} ms wall, fresh process (target < 1000 ms; register_model always runs)`,
  );
  rmSync(state, { recursive: true });
}

function hashing(): void {
  const dir = mkdtempSync(join(tmpdir(), "sluice-bench-hash-"));
  const files: string[] = [];
  const chunk = Buffer.alloc(256 * 1024);
  for (let i = 0; i < 256; i++) {
    chunk.fill(i);
    const path = join(dir, `f${i}.bin`);
    writeFileSync(path, chunk);
    files.push(path);
  }
  const mb = (files.length * chunk.length) / 1e6;
  snapshotCode(dir);
  const ours = Math.min(...[0, 1, 2].map(() => timed(() => snapshotCode(dir))));
  const theirs = Math.min(...[0, 1, 2].map(() => timed(() => spawnSync("sha256sum", files))));
  console.log(
    `code-snapshot hashing of ${mb.toFixed(0)} MB in ${files.length} files: ${(mb / (ours / 1000)).toFixed(0)} MB/s; sha256sum: ${(mb / (theirs / 1000)).toFixed(0)} MB/s → ${(theirs / ours).toFixed(2)}× its speed (target ≥ 0.5)`,
  );
  rmSync(dir, { recursive: true });
}

orchestration();
reusedExample();
hashing();
