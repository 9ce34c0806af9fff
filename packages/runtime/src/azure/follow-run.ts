import type { ExecutionPlan } from "@sluice/compiler";
import type { Reporter } from "../progress/events.ts";
import type { RunStatus, StepRecord, StepStatus } from "../runs/run-record.ts";
import type { AzureWorkspace } from "./arm-client.ts";
import { redact } from "./credentials.ts";
import type { DataPlane } from "./data-plane.ts";
import { TrialWatch } from "./sweep-trials.ts";

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

/** A terminal job status as a run's. */
export function runStatusOf(status: string | undefined): RunStatus {
  return RUN_STATUS[status ?? ""] ?? "failed";
}

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

/** A standalone job's own run as run history details it (a Sweep job names its best trial there). */
export async function jobRun(dp: DataPlane, jobName: string): Promise<ChildRun> {
  const details = await dp.history<ChildRun>("GET", `runs/${encodeURIComponent(jobName)}/details`);
  return { ...details, runId: jobName };
}

/**
 * The runs a job's steps are followed by: a pipeline job's children by node, or for a standalone
 * job (one node) the job's own run.
 */
export async function stepRuns(dp: DataPlane, jobName: string, plan: Pick<ExecutionPlan, "pipeline" | "nodes">): Promise<Map<string, ChildRun>> {
  const node = plan.nodes[0];
  if (plan.pipeline.job === undefined || !node) return childRuns(dp, jobName);
  return new Map([[node.key, await jobRun(dp, jobName)]]);
}

/** The SDK's polling pace: 2 s at first, slowing towards 60 s for long runs. */
export function pollDelay(elapsedMs: number, emulated: boolean): number {
  if (emulated) return 150;
  return Math.max(2000, 60_000 / (1 + 100 * Math.exp(-elapsedMs / 20_000)));
}

type RunDetails = { error?: { error?: { message?: string } }; logFiles?: Record<string, string> };

async function runDetails(dp: DataPlane, child: ChildRun): Promise<RunDetails | undefined> {
  return dp.history<RunDetails>("GET", `runs/${encodeURIComponent(child.runId)}/details`).catch(() => undefined);
}

/** A step run's main log (`std_log` first, as the studio shows it), redacted; empty when it has none. */
async function mainLog(dp: DataPlane, details: RunDetails | undefined): Promise<string> {
  const logs = Object.entries(details?.logFiles ?? {}).sort(([a], [b]) => Number(b.includes("std_log")) - Number(a.includes("std_log")));
  const first = logs[0];
  return first ? redact(await dp.text(first[1]).catch(() => "")) : "";
}

/** A finished step run's log, for the lines a run ends with (what a register or deploy step did). */
export async function stepLog(dp: DataPlane, child: ChildRun): Promise<string> {
  return mainLog(dp, await runDetails(dp, child));
}

async function failureDetails(dp: DataPlane, child: ChildRun): Promise<{ reason: string; tail: string[] }> {
  const details = await runDetails(dp, child);
  const reason = redact(details?.error?.error?.message ?? "Azure reported the step as failed");
  const text = await mainLog(dp, details);
  if (!text) return { reason, tail: [] };
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
  const trials = new TrialWatch(o.dp, o.plan, o.steps, o.reporter);
  let cancelled = false;
  for (;;) {
    if (o.signal.aborted && !cancelled) {
      cancelled = true;
      await o.w.call(`cancel job ${o.jobName}`, () => o.w.client.jobs.beginCancelAndWait(o.w.rg, o.w.ws, o.jobName, { updateIntervalInMs: o.w.pollMs }));
    }
    const job = await o.w.call(`read job ${o.jobName}`, () => o.w.client.jobs.get(o.w.rg, o.w.ws, o.jobName));
    const runs = await stepRuns(o.dp, o.jobName, o.plan);
    // A sweep's trials before its step: the step's end is reported after its last trial.
    await trials.report(runs);
    await reportChildren(o, runs);
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
