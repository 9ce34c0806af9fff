// The local-run census of the official job YAMLs: each one imported (`sluice import`) and run on
// this machine (`sluice run --local`, one at a time, bounded), then sorted by how it ended: ran
// to completion, refused before any step started (and the one line saying why), failed while
// running, or did not import or compile. Prints the table and the totals; the README quotes them.
//
//   sh scripts/node.sh scripts/local-census.ts [relative YAML paths…]
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importPipeline } from "../packages/runtime/src/import/import-pipeline.ts";
import { jobYamls } from "../test/helpers/census.ts";
import { REPO_ROOT } from "../test/helpers/run-node.ts";

const JOBS = join(REPO_ROOT, ".shared/corpus/azureml-examples/cli/jobs");
const CLI = join(REPO_ROOT, "packages/runtime/src/cli/main.ts");
const LIMIT_MS = Number(process.env.LOCAL_CENSUS_LIMIT_MS ?? 240_000);
type Outcome = "runs" | "refused" | "fails" | "no-import";

const work = mkdtempSync(join(REPO_ROOT, "test", ".work-local-census-"));
const state = mkdtempSync(join(tmpdir(), "sluice-local-census-"));
const files = process.argv.length > 2 ? process.argv.slice(2) : jobYamls(JOBS);
const rows: { file: string; outcome: Outcome; why: string; seconds: number }[] = [];
try {
  for (const file of files) rows.push(one(file));
} finally {
  rmSync(work, { recursive: true, force: true });
  rmSync(state, { recursive: true, force: true });
}
for (const r of rows) console.log(`${r.outcome.padEnd(10)} ${String(r.seconds).padStart(5)}s  ${r.file}${r.why ? `\n${" ".repeat(19)}${r.why}` : ""}`);
const totals: Record<string, number> = {};
for (const r of rows) totals[r.outcome] = (totals[r.outcome] ?? 0) + 1;
console.log(
  `\njobs: ${rows.length}, ${Object.entries(totals)
    .map(([k, v]) => `${k}: ${v}`)
    .join(", ")}`,
);

/** Imports and runs one YAML; `started` in the event stream tells a refusal from a failure. */
function one(file: string): { file: string; outcome: Outcome; why: string; seconds: number } {
  const out = join(work, `${file.replace(/[/\\]/g, "__").replace(/\.ya?ml$/, "")}.pipeline.ts`);
  mkdirSync(work, { recursive: true });
  const began = Date.now();
  const seconds = () => Math.round((Date.now() - began) / 1000);
  try {
    writeFileSync(out, importPipeline(join(JOBS, file), out));
  } catch (e) {
    return { file, outcome: "no-import", why: firstLine(String((e as Error).message)), seconds: seconds() };
  }
  const run = spawnSync(process.execPath, ["--disable-warning=ExperimentalWarning", CLI, "run", out, "--local", "--json"], {
    cwd: REPO_ROOT,
    env: { ...process.env, SLUICE_STATE_DIR: state, SLUICE_CACHE_DIR: join(state, "cache") },
    encoding: "utf8",
    timeout: LIMIT_MS,
    killSignal: "SIGINT",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) return { file, outcome: "fails", why: `still running after ${LIMIT_MS / 1000} s`, seconds: seconds() };
  const events = run.stdout.split("\n").flatMap((l) => {
    try {
      return [JSON.parse(l) as { type?: string; status?: string; step?: string; reason?: string }];
    } catch {
      return [];
    }
  });
  const done = events.find((e) => e.type === "run-finished");
  if (run.status === 0 && done?.status === "completed") return { file, outcome: "runs", why: "", seconds: seconds() };
  const started = events.some((e) => e.type === "step-started");
  const failed = events.find((e) => e.type === "step-finished" && e.status === "failed");
  const why = firstLine(run.stderr) || (failed ? `step ${failed.step}: ${failed.reason ?? "failed"}` : `exit ${run.status}`);
  return { file, outcome: started ? "fails" : "refused", why, seconds: seconds() };
}

function firstLine(text: string): string {
  return text.replaceAll(`${work}/`, "").trim().split("\n")[0]?.slice(0, 220) ?? "";
}
