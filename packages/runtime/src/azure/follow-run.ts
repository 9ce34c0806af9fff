import type { ExecutionPlan } from "@sluice/compiler";
import type { Reporter } from "../progress/events.ts";
import type { RunStatus, StepRecord, StepStatus, SweepBest, TrialRecord } from "../runs/run-record.ts";
import type { AzureWorkspace } from "./arm-client.ts";
import { redact } from "./credentials.ts";
import type { DataPlane } from "./data-plane.ts";

/** A pipeline child run as run history lists it. */
export interface ChildRun {
  runId: string;
  status?: string;
  displayName?: string;
  startTimeUtc?: string;
  endTimeUtc?: string;
  properties?: Record<string, string>;
  /** `azureml.PipelineRun` for a pipeline component's node (its steps are its children). */
  runType?: string;
}

const STEP_STATUS: Record<string, StepStatus> = {
  NotStarted: "queued",
  Queued: "queued",
  Preparing: "queued",
  Provisioning: "queued",
  Starting: "queued",
  Scheduled: "queued",
  Running: "running",
  Finalizing: "running",
  CancelRequested: "running",
  Completed: "completed",
  Failed: "failed",
  Canceled: "cancelled",
  NotResponding: "failed",
  Paused: "cancelled",
};
const TERMINAL = new Set(["Completed", "Failed", "Canceled", "NotResponding", "Paused"]);
const RUN_STATUS: Record<string, RunStatus> = { Completed: "completed", Failed: "failed", Canceled: "cancelled", NotResponding: "failed", Paused: "cancelled" };

export function isTerminal(status: string | undefined): boolean {
  return status !== undefined && TERMINAL.has(status);
}

/**
 * Children of a pipeline job keyed by node name (`azureml.nodeid`, else display name). A
 * pipeline component's node is a pipeline run of its own: its children are listed too, keyed
 * `outer.inner` as the flattened plan names them.
 */
export async function childRuns(dp: DataPlane, jobName: string, prefix = ""): Promise<Map<string, ChildRun>> {
  const page = await dp.history<{ value?: ChildRun[] }>("GET", `runs/${encodeURIComponent(jobName)}/children`);
  const out = new Map<string, ChildRun>();
  for (const c of page.value ?? []) {
    const key = `${prefix}${c.properties?.["azureml.nodeid"] ?? c.displayName ?? c.runId}`;
    out.set(key, c);
    if (c.runType === "azureml.PipelineRun") for (const [k, inner] of await childRuns(dp, c.runId, `${key}.`)) out.set(k, inner);
  }
  return out;
}

/** The SDK's polling pace: 2 s at first, slowing towards 60 s for long runs. */
function pollDelay(elapsedMs: number, emulated: boolean): number {
  if (emulated) return 150;
  return Math.max(2000, 60_000 / (1 + 100 * Math.exp(-elapsedMs / 20_000)));
}

async function failureDetails(dp: DataPlane, child: ChildRun): Promise<{ reason: string; tail: string[] }> {
  const details = await dp
    .history<{ error?: { error?: { message?: string } }; logFiles?: Record<string, string> }>("GET", `runs/${encodeURIComponent(child.runId)}/details`)
    .catch(() => undefined);
  const reason = redact(details?.error?.error?.message ?? "Azure reported the step as failed");
  const logs = Object.entries(details?.logFiles ?? {}).sort(([a], [b]) => Number(b.includes("std_log")) - Number(a.includes("std_log")));
  const first = logs[0];
  if (!first) return { reason, tail: [] };
  const text = await dp.text(first[1]).catch(() => "");
  return {
    reason,
    tail: text
      .trimEnd()
      .split("\n")
      .slice(-15)
      .map((l) => redact(l)),
  };
}

interface FollowOptions {
  w: AzureWorkspace;
  dp: DataPlane;
  jobName: string;
  plan: ExecutionPlan;
  reporter: Reporter;
  signal: AbortSignal;
  steps: StepRecord[];
}

function durationOf(c: ChildRun): number | null {
  return c.startTimeUtc && c.endTimeUtc ? Date.parse(c.endTimeUtc) - Date.parse(c.startTimeUtc) : null;
}

/** Reports child-state transitions as the same events the local backend emits. */
async function reportChildren(o: FollowOptions, children: Map<string, ChildRun>): Promise<void> {
  for (const step of o.steps) {
    const child = children.get(step.node);
    const status = child?.status ? (STEP_STATUS[child.status] ?? "queued") : "queued";
    if (!child || status === step.status) continue;
    if (status === "running" && step.status === "queued") o.reporter.event({ type: "step-started", step: step.name });
    if (status === "completed" || status === "failed" || status === "cancelled") {
      const reused = child.properties?.["azureml.isreused"] === "true";
      const failure = status === "failed" ? await failureDetails(o.dp, child) : undefined;
      Object.assign(step, { status, reused, durationMs: durationOf(child), ...(reused ? { reusedFrom: child.properties?.["azureml.reusedrunid"] } : {}) });
      o.reporter.event({
        type: "step-finished",
        step: step.name,
        status,
        reused,
        durationMs: step.durationMs,
        ...(failure ? { reason: failure.reason, stderrTail: failure.tail } : {}),
      });
    } else step.status = status;
  }
}

/** A job that failed with no failed step (bad input, missing module…): run history has why. */
async function reportJobError(o: FollowOptions): Promise<void> {
  const details = await o.dp
    .history<{ error?: { error?: { message?: string } } }>("GET", `runs/${encodeURIComponent(o.jobName)}/details`)
    .catch(() => undefined);
  const message = details?.error?.error?.message;
  if (message) process.stderr.write(`job ${o.jobName} failed: ${redact(message)}\n`);
}

/** Polls the job and its children until it ends; aborting cancels the job in Azure. */
export async function followJob(o: FollowOptions): Promise<RunStatus> {
  const started = Date.now();
  let cancelled = false;
  for (;;) {
    if (o.signal.aborted && !cancelled) {
      cancelled = true;
      await o.w.call(`cancel job ${o.jobName}`, () => o.w.client.jobs.beginCancelAndWait(o.w.rg, o.w.ws, o.jobName, { updateIntervalInMs: o.w.pollMs }));
    }
    const job = await o.w.call(`read job ${o.jobName}`, () => o.w.client.jobs.get(o.w.rg, o.w.ws, o.jobName));
    await reportChildren(o, await childRuns(o.dp, o.jobName));
    const status = job.properties.status;
    if (isTerminal(status)) {
      if (status === "Failed" && !o.steps.some((s) => s.status === "failed")) await reportJobError(o);
      for (const step of o.steps.filter((s) => s.status === "queued" || s.status === "running")) {
        step.status = "skipped";
        o.reporter.event({
          type: "step-finished",
          step: step.name,
          status: "skipped",
          reused: false,
          durationMs: null,
          reason: `the job ended ${String(status).toLowerCase()}`,
        });
      }
      return RUN_STATUS[status as string] ?? "failed";
    }
    await new Promise((r) => setTimeout(r, pollDelay(Date.now() - started, o.w.endpoints.emulated)));
  }
}

const TRIAL_STATUS: Record<string, TrialRecord["status"]> = { Completed: "completed", Failed: "failed", Canceled: "terminated", Running: "running" };

/**
 * A sweep step's trials, as Azure records them: the sweep node's run has a child run per trial
 * (its sampled values in `hyperparameters`, its objective in `score`) and names the best one
 * (`best_child_run_id`).
 */
export async function sweepTrials(dp: DataPlane, sweepRun: ChildRun): Promise<{ trials: TrialRecord[]; best: SweepBest | null }> {
  const page = await dp.history<{ value?: ChildRun[] }>("GET", `runs/${encodeURIComponent(sweepRun.runId)}/children`);
  const trials: TrialRecord[] = (page.value ?? []).map((c) => ({
    id: c.displayName ?? c.runId,
    params: JSON.parse(c.properties?.hyperparameters ?? "{}") as TrialRecord["params"],
    metric: c.properties?.score === undefined ? null : Number(c.properties.score),
    status: TRIAL_STATUS[c.status ?? ""] ?? "failed",
    reused: c.properties?.["azureml.isreused"] === "true",
  }));
  const bestRun = (page.value ?? []).find((c) => c.runId === sweepRun.properties?.best_child_run_id);
  const best = bestRun && trials.find((t) => t.id === (bestRun.displayName ?? bestRun.runId));
  return { trials, best: best && best.metric !== null ? { id: best.id, params: best.params, metric: best.metric } : null };
}
