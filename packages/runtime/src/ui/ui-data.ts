import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { modelVersions } from "../registry/local-registry.ts";
import { readRunGraph, type RunGraph } from "../runs/run-graph.ts";
import type { RunRecord, StepRecord } from "../runs/run-record.ts";
import { RunStore } from "../runs/run-store.ts";
import { readPromotions } from "../serve/promotions.ts";
import { runningServer } from "../serve/server-file.ts";

/** What the pages read: the project's `.sluice/` state, never written by the UI. */
export interface UiState {
  stateDir: string;
  registryDir: string;
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

export function runs(s: UiState): RunRecord[] {
  return new RunStore(s.stateDir).list();
}

/** A run with its graph (a one-step graph for runs that kept none, such as batch jobs). */
export function runWithGraph(s: UiState, id: string): { run: RunRecord; graph: RunGraph; dir: string } {
  const store = new RunStore(s.stateDir);
  const run = store.find(id);
  const dir = store.dir(run.id);
  const graph = readRunGraph(dir) ?? { nodes: run.steps.map((st) => ({ key: st.node, step: st.name, kind: "step", inputs: {}, outputs: [] })), edges: [] };
  return { run, graph, dir };
}

/** A step's folder in a run, and whether its files are here (Azure runs keep theirs in the workspace). */
export function stepDir(runDir: string, step: StepRecord): string {
  return join(runDir, "steps", step.node);
}

/**
 * Where a step's log is: its own folder, or for a reused step the folder of the run that
 * produced it (as `sluice logs` reads it), while that run is still here.
 */
export function logDir(stateDir: string, runDir: string, step: StepRecord): string {
  if (step.reused && step.reusedFrom) {
    const store = new RunStore(stateDir);
    const from = join(store.dir(step.reusedFrom), "steps", step.node);
    if (existsSync(from)) return from;
  }
  return stepDir(runDir, step);
}

/** The last `maxBytes` of a step's stdout and stderr together, as the run page shows them. */
export function stepLog(dir: string, maxBytes = 256 * 1024): { text: string; truncated: boolean } {
  const parts: string[] = [];
  let truncated = false;
  for (const name of ["stdout.log", "stderr.log"]) {
    const file = join(dir, name);
    if (!existsSync(file)) continue;
    const size = statSync(file).size;
    const buf = readFileSync(file);
    truncated ||= size > maxBytes;
    parts.push(buf.subarray(Math.max(0, size - maxBytes)).toString("utf8"));
  }
  return { text: parts.join(""), truncated };
}

export interface AutoMLView {
  metrics: {
    task: string;
    primary_metric: string;
    goal: string;
    best_iteration: number;
    iterations: Array<{
      iteration: number;
      algorithm: string;
      status: string;
      duration_seconds?: number;
      primary_metric?: { name: string; value: number };
      metrics?: Record<string, number>;
    }>;
  };
  charts?: Record<string, unknown>;
}

/** An AutoML step's leaderboard and best-model charts, when its metrics output is here. */
export function automlView(runDir: string, step: StepRecord): AutoMLView | undefined {
  const folder = join(stepDir(runDir, step), "outputs", "metrics");
  const metrics = readJson<AutoMLView["metrics"]>(join(folder, "metrics.json"));
  if (!metrics?.iterations) return undefined;
  const charts = readJson<Record<string, unknown>>(join(folder, "charts.json"));
  return { metrics, ...(charts ? { charts } : {}) };
}

export interface ModelRow {
  name: string;
  version: number;
  metric?: { name: string; value: number } | null;
  lineage: Record<string, string>;
  servedBy: string[];
}

/** Registered models, newest first per name, with the endpoints' deployments serving each. */
export function models(s: UiState): ModelRow[] {
  const root = join(s.registryDir, "models");
  if (!existsSync(root)) return [];
  const serving = new Map<string, string[]>();
  for (const e of endpointNames(s))
    for (const [deployment, p] of readPromotions(s.stateDir, e)) {
      const key = `${p.name}:${p.version}`;
      serving.set(key, [...(serving.get(key) ?? []), `${e}/${deployment}`]);
    }
  return readdirSync(root)
    .sort()
    .flatMap((name) =>
      modelVersions(s.registryDir, name)
        .sort((a, b) => b.version - a.version)
        .map((m) => ({
          name,
          version: m.version,
          metric: m.metric,
          lineage: m.lineage ?? {},
          servedBy: serving.get(`${name}:${m.version}`) ?? [],
        })),
    );
}

function endpointNames(s: UiState): string[] {
  const root = join(s.stateDir, "endpoints");
  return existsSync(root)
    ? readdirSync(root)
        .filter((n) => statSync(join(root, n)).isDirectory())
        .sort()
    : [];
}

export interface EndpointRow {
  name: string;
  server?: { url: string; deployments: Array<{ name: string; traffic: number; model: string; status: string }> };
  promotions: Array<{ deployment: string; model: string; why: string }>;
  history: Array<{ decision: string; deployment: string; model: { name: string; version: string }; run: string; why: string }>;
}

/** Local endpoints: the one `sluice serve` runs (its deployments, traffic, status) and what deploy steps decided. */
export function endpoints(s: UiState): EndpointRow[] {
  return endpointNames(s).map((name) => {
    const dir = join(s.stateDir, "endpoints", name);
    const server = runningServer(s.stateDir, name);
    const history = existsSync(join(dir, "history.jsonl"))
      ? readFileSync(join(dir, "history.jsonl"), "utf8")
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l) as EndpointRow["history"][number])
      : [];
    return {
      name,
      ...(server ? { server: { url: server.url, deployments: server.deployments ?? [] } } : {}),
      promotions: [...readPromotions(s.stateDir, name)].map(([deployment, p]) => ({ deployment, model: `${p.name}:${p.version}`, why: p.why })),
      history: history.reverse(),
    };
  });
}
