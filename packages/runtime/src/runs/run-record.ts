import type { StandaloneJobKind } from "@sluice/dsl/ir";
export type RunStatus = "running" | "completed" | "failed" | "cancelled" | "interrupted";
export type StepStatus = "queued" | "running" | "completed" | "failed" | "skipped" | "cancelled";

export interface StepRecord {
  /** The step name as written in the pipeline file. */
  name: string;
  /** Node key (folder name under the run). */
  node: string;
  status: StepStatus;
  reused: boolean;
  durationMs: number | null;
  exitCode?: number | null;
  /** Why it ran, was skipped, or failed. */
  reason?: string;
  fingerprint?: string;
  reusedFrom?: string;
  /** A sweep's trials, in the order they were drawn, and the best one. */
  trials?: TrialRecord[];
  best?: SweepBest | null;
  /** A batch job's progress: mini-batches scored and failed, files and prediction rows. */
  batch?: BatchProgress;
  /** A control-flow node (`ifElse`, `doWhile`, `parallelFor`): it decides, it runs nothing itself. */
  control?: boolean;
  /** Skipped because a control-flow node took the other way (an `ifElse` block not chosen): not a failure. */
  bypassed?: boolean;
  /** What a completed step's user should know (an AutoML model trained on 4 rows, an empty output nobody reads). */
  warnings?: string[];
}

/** How far a batch scoring job got. */
export interface BatchProgress {
  miniBatches: number;
  completed: number;
  failed: number;
  files: number;
  failedFiles: number;
  rows: number;
}

/** One trial of a sweep: its sampled values, final objective metric, how it ended, whether it was reused. */
export interface TrialRecord {
  id: string;
  params: Record<string, string | number | boolean>;
  metric: number | null;
  status: "completed" | "failed" | "terminated" | "timed_out" | "canceled" | "running" | "queued";
  reused: boolean;
  durationSeconds?: number | null;
  error?: string;
}

/** The trial a sweep keeps: its outputs are the sweep's. */
export interface SweepBest {
  id: string;
  params: Record<string, string | number | boolean>;
  metric: number;
}

/** One run as stored in `.sluice/runs/<id>/run.json`. */
export interface RunRecord {
  id: string;
  pipeline: string;
  backend: "local" | "azure";
  /** Azure runs: the workspace and the job name (the run id is the job name). */
  azure?: {
    subscriptionId: string;
    resourceGroup: string;
    workspaceName: string;
    jobName: string;
    /** A standalone job of this type (a Sweep job): its one step is the job's own run. */
    jobType?: StandaloneJobKind | "batch";
  };
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  pid: number;
  pipelineFile: string;
  params: Record<string, string>;
  steps: StepRecord[];
  /** Pipeline outputs → the step output holding them. */
  outputs: Record<string, { node: string; output: string; type: string }>;
}

/** The stable shape `sluice runs --json` prints (scripts rely on it). */
export function publicRun(run: RunRecord) {
  return {
    id: run.id,
    pipeline: run.pipeline,
    backend: run.backend,
    status: run.status,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    steps: run.steps.map((s) => ({
      name: s.name,
      status: s.status,
      reused: s.reused,
      durationMs: s.durationMs,
      // A sweep's trials (id, params, metric, status, reused) and the best one.
      ...(s.trials
        ? { trials: s.trials.map((t) => ({ id: t.id, params: t.params, metric: t.metric, status: t.status, reused: t.reused })), best: s.best ?? null }
        : {}),
      ...(s.batch ? { batch: s.batch } : {}),
      ...(s.warnings?.length ? { warnings: s.warnings } : {}),
    })),
  };
}
