// One official job YAML imported (`sluice import`) and run on this machine (`sluice run --local`,
// bounded), sorted by how it ended: ran to completion, refused before any step started (and the
// one line saying why), failed while running, or did not import. Shared by
// scripts/local-census.ts (every YAML, for the README's figures) and test/local-census.test.ts.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { importPipeline } from "../../packages/runtime/src/import/import-pipeline.ts";
import { REPO_ROOT } from "./run-node.ts";

const CLI = join(REPO_ROOT, "packages/runtime/src/cli/main.ts");
export type LocalOutcome = "runs" | "refused" | "fails" | "no-import";
export interface LocalRow {
  file: string;
  outcome: LocalOutcome;
  why: string;
  seconds: number;
}

type Event = { type?: string; status?: string; step?: string; reason?: string };

/** Imports `file` (relative to `jobs`) into `work` (inside the repository) and runs it with the state under `state`. */
export function localRun(jobs: string, file: string, work: string, state: string, limitMs: number): LocalRow {
  const out = join(work, `${file.replace(/[/\\]/g, "__").replace(/\.ya?ml$/, "")}.pipeline.ts`);
  mkdirSync(work, { recursive: true });
  const began = Date.now();
  const row = (outcome: LocalOutcome, why: string): LocalRow => ({
    file,
    outcome,
    why: firstLine(why, work),
    seconds: Math.round((Date.now() - began) / 1000),
  });
  try {
    writeFileSync(out, importPipeline(join(jobs, file), out));
  } catch (e) {
    return row("no-import", String((e as Error).message).replace(`${REPO_ROOT}/`, ""));
  }
  const run = spawnSync(process.execPath, ["--disable-warning=ExperimentalWarning", CLI, "run", out, "--local", "--json"], {
    cwd: REPO_ROOT,
    env: { ...process.env, SLUICE_STATE_DIR: state, SLUICE_CACHE_DIR: join(state, "cache") },
    encoding: "utf8",
    timeout: limitMs,
    killSignal: "SIGINT",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) return row("fails", `still running after ${limitMs / 1000} s`);
  const events = run.stdout.split("\n").flatMap((l): Event[] => {
    try {
      return [JSON.parse(l) as Event];
    } catch {
      return [];
    }
  });
  if (run.status === 0 && events.find((e) => e.type === "run-finished")?.status === "completed") return row("runs", "");
  const failed = events.find((e) => e.type === "step-finished" && e.status === "failed");
  const why = run.stderr.trim() || (failed ? `step ${failed.step}: ${failed.reason ?? "failed"}` : `exit ${run.status}`);
  return row(events.some((e) => e.type === "step-started") ? "fails" : "refused", why);
}

/** A message's first line that is neither a warning nor a hint, without the machine's folders (so a table can be pinned). */
function firstLine(text: string, work: string): string {
  const lines = text
    .replaceAll(`${work}/`, "")
    .replaceAll(`${relative(REPO_ROOT, work)}/`, "")
    .replace(/\/tmp\/sluice-local-census-\w+/g, "<state>")
    .replace(/\(tried [^)]*\)/, "(tried …)")
    .split("\n");
  return (lines.find((l) => l.trim() !== "" && !/^\s+hint:|\bwarning: /.test(l)) ?? lines[0] ?? "").slice(0, 220);
}

/** The rows as the README and the golden file show them. */
export function localTable(rows: readonly LocalRow[], seconds: boolean): string {
  const lines = rows.map(
    (r) => `${r.outcome.padEnd(10)}${seconds ? ` ${String(r.seconds).padStart(5)}s` : ""} ${r.file}${r.why ? `\n${" ".repeat(11)}${r.why}` : ""}`,
  );
  const totals: Record<string, number> = {};
  for (const r of rows) totals[r.outcome] = (totals[r.outcome] ?? 0) + 1;
  const sums = Object.entries(totals)
    .sort()
    .map(([k, v]) => `${k}: ${v}`)
    .join(", ");
  return `${lines.join("\n")}\n\njobs: ${rows.length}, ${sums}\n`;
}
