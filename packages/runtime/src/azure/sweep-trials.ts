import type { ExecutionPlan, SweepNode } from "@sluice/compiler";
import type { Reporter } from "../progress/events.ts";
import type { StepRecord, SweepBest, TrialRecord } from "../runs/run-record.ts";
import type { DataPlane } from "./data-plane.ts";
import type { ChildRun } from "./follow-run.ts";

const TRIAL_STATUS: Record<string, TrialRecord["status"]> = {
  NotStarted: "queued",
  Queued: "queued",
  Preparing: "queued",
  Starting: "queued",
  Running: "running",
  Finalizing: "running",
  CancelRequested: "running",
  Completed: "completed",
  Failed: "failed",
  Canceled: "terminated",
};

/** The best of the completed trials by the sweep's objective, as far as the trials go. */
function bestOf(trials: TrialRecord[], goal: "minimize" | "maximize"): SweepBest | null {
  let best: TrialRecord | undefined;
  for (const t of trials) {
    if (t.status !== "completed" || t.metric === null) continue;
    if (!best || (goal === "minimize" ? t.metric < (best.metric as number) : t.metric > (best.metric as number))) best = t;
  }
  return best ? { id: best.id, params: best.params, metric: best.metric as number } : null;
}

/**
 * A sweep step's trials, as Azure records them: the sweep's run has a child run per trial (its
 * sampled values in `hyperparameters`, its objective in `score`) and names the best one
 * (`best_child_run_id`) once it knows it.
 */
export async function sweepTrials(
  dp: DataPlane,
  sweepRun: ChildRun,
  goal: "minimize" | "maximize" = "minimize",
): Promise<{ trials: TrialRecord[]; best: SweepBest | null }> {
  const page = await dp.history<{ value?: ChildRun[] }>("GET", `runs/${encodeURIComponent(sweepRun.runId)}/children`);
  const trials: TrialRecord[] = (page.value ?? []).map((c) => ({
    id: c.displayName ?? c.runId,
    params: JSON.parse(c.properties?.hyperparameters ?? "{}") as TrialRecord["params"],
    metric: c.properties?.score === undefined ? null : Number(c.properties.score),
    status: TRIAL_STATUS[c.status ?? ""] ?? "failed",
    reused: c.properties?.["azureml.isreused"] === "true",
  }));
  const bestRun = (page.value ?? []).find((c) => c.runId === sweepRun.properties?.best_child_run_id);
  const named = bestRun && trials.find((t) => t.id === (bestRun.displayName ?? bestRun.runId));
  const best = named && named.metric !== null ? { id: named.id, params: named.params, metric: named.metric } : bestOf(trials, goal);
  return { trials, best };
}

/**
 * Follows the trials of a job's sweep steps while it runs: each trial that ends is reported
 * once, with the count done and running and the best so far — the same events a local sweep emits.
 */
export class TrialWatch {
  private readonly reported = new Set<string>();
  private readonly sweeps: SweepNode[];
  private readonly dp: DataPlane;
  private readonly steps: StepRecord[];
  private readonly reporter: Reporter;

  constructor(dp: DataPlane, plan: Pick<ExecutionPlan, "nodes">, steps: StepRecord[], reporter: Reporter) {
    this.dp = dp;
    this.sweeps = plan.nodes.filter((n): n is SweepNode => n.kind === "sweep");
    this.steps = steps;
    this.reporter = reporter;
  }

  /** Reports the trials that ended since the last call, for every sweep whose run has begun. */
  async report(runs: Map<string, ChildRun>): Promise<void> {
    for (const node of this.sweeps) {
      const run = runs.get(node.key);
      const step = this.steps.find((s) => s.node === node.key);
      if (!run || !step || run.status === undefined || TRIAL_STATUS[run.status] === "queued") continue;
      const { trials, best } = await sweepTrials(this.dp, run, node.sweep.objective.goal);
      const ended = trials.filter((t) => t.status !== "running" && t.status !== "queued");
      const running = trials.length - ended.length;
      for (const [i, trial] of ended.entries()) {
        if (this.reported.has(`${node.key}/${trial.id}`)) continue;
        this.reported.add(`${node.key}/${trial.id}`);
        const total = node.sweep.limits.maxTotalTrials ?? trials.length;
        const soFar = bestOf(ended.slice(0, i + 1), node.sweep.objective.goal) ?? best;
        this.reporter.event({ type: "trial-finished", step: step.name, trial, done: this.count(node.key), running, total, best: soFar });
      }
    }
  }

  private count(key: string): number {
    return [...this.reported].filter((k) => k.startsWith(`${key}/`)).length;
  }
}
