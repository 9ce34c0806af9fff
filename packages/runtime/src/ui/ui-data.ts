import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import * as z from "zod";
import { SluiceError } from "../errors/sluice-error.ts";
import { checkRunGraph, type RunGraph } from "../runs/run-graph.ts";
import type { RunRecord, StepRecord } from "../runs/run-record.ts";
import { RunStore } from "../runs/run-store.ts";
import { checked, readJsonChecked } from "./ui-json.ts";

/** What the pages read: the project's `.sluice/` state, never written by the UI. */
export interface UiState {
  stateDir: string;
  registryDir: string;
}

/** A plain folder name (what Sluice creates for runs and steps); anything else has no files here. */
export const plainName = (name: unknown): name is string => typeof name === "string" && /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name) && !name.includes("..");

/** Why a record cannot be shown, in one line: Sluice's own words, else the kind of failure. */
export function problemOf(e: unknown, what = "a run record"): string {
  if (e instanceof SluiceError) return e.message;
  if (e instanceof SyntaxError) return "it is not valid JSON";
  const code = (e as NodeJS.ErrnoException)?.code;
  return code ? `it cannot be read (${code})` : `it is not ${what}`;
}

/** The least a record needs for the pages to show it; every other field is shown as text. */
function usable(run: unknown): run is RunRecord {
  const r = run as RunRecord | null;
  return typeof r === "object" && r !== null && typeof r.id === "string" && Array.isArray(r.steps) && r.steps.every((s) => typeof s === "object" && s !== null);
}

/** One run by id, or why it cannot be shown (missing, corrupt, removed while we read it), in words. */
export function readRun(s: UiState, id: string): { run: RunRecord } | { problem: string } {
  try {
    const run: unknown = new RunStore(s.stateDir).get(id);
    return usable(run) ? { run } : { problem: problemOf(undefined) };
  } catch (e) {
    return { problem: problemOf(e) };
  }
}

/** Every run that can be shown, newest first, and a one-line notice for each that cannot. */
export function runs(s: UiState): { list: RunRecord[]; notices: string[] } {
  const root = join(s.stateDir, "runs");
  let ids: string[] = [];
  try {
    ids = existsSync(root) ? readdirSync(root).filter((id) => plainName(id) && existsSync(join(root, id, "run.json"))) : [];
  } catch (e) {
    return { list: [], notices: [`the runs folder cannot be read: ${problemOf(e)}`] };
  }
  const list: RunRecord[] = [];
  const notices: string[] = [];
  for (const id of ids) {
    const read = readRun(s, id);
    if ("run" in read) list.push(read.run);
    else if (existsSync(join(root, id))) notices.push(`skipped run ${id}: ${read.problem}`);
  }
  const key = (r: RunRecord) => `${String(r.startedAt)} ${r.id}`;
  return { list: list.sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0)), notices };
}

/** Whether a run's record is still here (a model's lineage may name a run `gc` removed). */
export function runExists(s: UiState, id: unknown): boolean {
  return plainName(id) && existsSync(join(s.stateDir, "runs", id, "run.json"));
}

/** A run with its graph (a one-step graph for runs that kept none, or whose graph is unreadable). */
export function runWithGraph(s: UiState, ref: string): { run: RunRecord; graph: RunGraph; dir: string; notices: string[] } {
  const store = new RunStore(s.stateDir);
  let found: unknown;
  try {
    found = store.find(ref);
  } catch (e) {
    throw e instanceof SluiceError ? e : new SluiceError("run", `run ${ref}: ${problemOf(e)}`);
  }
  if (!usable(found)) throw new SluiceError("run", `run ${ref}: ${problemOf(undefined)}`);
  const run = found;
  const dir = store.dir(run.id);
  const fallback: RunGraph = {
    nodes: run.steps.map((st) => ({ key: String(st.node), step: String(st.name), kind: "step", inputs: {}, outputs: [] })),
    edges: [],
  };
  try {
    const read = checkRunGraph(dir);
    if (read?.ok) return { run, graph: read.value, dir, notices: [] };
    return { run, graph: fallback, dir, notices: read ? [`run ${run.id}: graph.json: ${read.problem}; steps shown without links`] : [] };
  } catch (e) {
    return { run, graph: fallback, dir, notices: [`run ${run.id}: graph.json cannot be used (${problemOf(e)}); steps shown without links`] };
  }
}

/** A step's folder in a run, if its node is a plain name (anything else has no files here). */
export function stepDir(runDir: string, step: StepRecord): string | undefined {
  return plainName(step.node) ? join(runDir, "steps", step.node) : undefined;
}

/**
 * Where a step's log is: its own folder, or for a reused step the folder of the run that
 * produced it (as `sluice logs` reads it), while that run is still here.
 */
export function logDir(stateDir: string, runDir: string, step: StepRecord): string | undefined {
  if (step.reused && plainName(step.reusedFrom) && plainName(step.node)) {
    const from = join(stateDir, "runs", step.reusedFrom, "steps", step.node);
    if (existsSync(from)) return from;
  }
  return stepDir(runDir, step);
}

/** The last `maxBytes` of a file, read from its end (a 2 GB log costs `maxBytes`, not 2 GB). */
export function readTail(file: string, maxBytes: number): { text: string; truncated: boolean } {
  let fd: number | undefined;
  try {
    fd = openSync(file, "r");
    const size = statSync(file).size;
    const from = Math.max(0, size - maxBytes);
    const buf = Buffer.alloc(size - from);
    const n = readSync(fd, buf, 0, buf.length, from);
    return { text: buf.subarray(0, n).toString("utf8"), truncated: from > 0 };
  } catch {
    return { text: "", truncated: false };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The last `maxBytes` of a step's stdout and stderr together, as the run page shows them. */
export function stepLog(dir: string | undefined, maxBytes = 256 * 1024): { text: string; truncated: boolean } {
  if (!dir) return { text: "", truncated: false };
  const parts = ["stdout.log", "stderr.log"].map((name) => readTail(join(dir, name), maxBytes));
  return { text: parts.map((p) => p.text).join(""), truncated: parts.some((p) => p.truncated) };
}

/** The outputs a step wrote: those its graph declares, those the run's outputs name, and the folders on disk. */
export function stepOutputs(run: RunRecord, runDir: string, step: StepRecord, declared: unknown): string[] {
  const names = new Set<string>(Array.isArray(declared) ? declared.map(String) : []);
  for (const o of Object.values(run.outputs ?? {})) if (o && o.node === step.node && typeof o.output === "string") names.add(o.output);
  const dir = stepDir(runDir, step);
  try {
    if (dir && existsSync(join(dir, "outputs"))) for (const n of readdirSync(join(dir, "outputs"))) names.add(n);
  } catch {
    // Outputs that cannot be listed are those the graph and the record name.
  }
  return [...names].sort();
}

const Iteration = z.looseObject({
  iteration: z.number().nullable().catch(null),
  algorithm: z.string().nullish(),
  status: z.string().nullish(),
  duration_seconds: z.number().nullish(),
  primary_metric: z.looseObject({ name: z.string(), value: z.number() }).optional(),
  metrics: z.record(z.string(), z.number().nullable()).optional(),
});
const Metrics = z.looseObject({
  task: z.string().nullish(),
  primary_metric: z.string(),
  goal: z.string().nullish(),
  best_iteration: z.number().nullable().catch(null),
  iterations: z.array(Iteration),
});
const Points = z.array(z.array(z.number().nullable()));
const Charts = z.union([
  z.looseObject({
    kind: z.literal("classification"),
    roc: Points,
    precision_recall: Points,
    confusion_matrix: z.object({ labels: z.array(z.union([z.string(), z.number()])), matrix: z.array(z.array(z.number())) }),
    curves_of: z.union([z.string(), z.number()]),
  }),
  z.looseObject({ kind: z.literal("regression"), predicted_vs_true: Points, residuals: Points }),
]);

export type AutoMLMetrics = z.infer<typeof Metrics>;
export type AutoMLCharts = z.infer<typeof Charts>;
export interface AutoMLView {
  metrics: AutoMLMetrics;
  charts?: AutoMLCharts;
}

/** An AutoML leaderboard from elsewhere (an Azure run's history), checked as the engine's file is. */
export function checkedMetrics(value: unknown, notices: string[]): AutoMLMetrics | undefined {
  return checked(value, Metrics, "the AutoML leaderboard from the workspace's run history is not shown: it has an unexpected shape", notices);
}

/** An AutoML step's leaderboard and best-model charts, when its metrics output is here; a bad file is named. */
export function automlView(runDir: string, step: StepRecord, notices: string[]): AutoMLView | undefined {
  const dir = stepDir(runDir, step);
  if (!dir) return undefined;
  const folder = join(dir, "outputs", "metrics");
  const metrics = readJsonChecked(join(folder, "metrics.json"), Metrics, "an AutoML leaderboard", notices);
  if (!metrics) return undefined;
  const charts = readJsonChecked(join(folder, "charts.json"), Charts, "AutoML charts", notices);
  return { metrics, ...(charts ? { charts } : {}) };
}
