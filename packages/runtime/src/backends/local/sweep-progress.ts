import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import * as z from "zod";
import type { Reporter } from "../../progress/events.ts";
import { readCheckedJson } from "../../runs/checked-json.ts";
import type { StepRecord, SweepBest, TrialRecord } from "../../runs/run-record.ts";

interface EngineTrial {
  id: string;
  params: TrialRecord["params"];
  metric: number | null;
  status: TrialRecord["status"];
  reused: boolean;
  duration_seconds?: number | null;
  error?: string;
}

const Value = z.union([z.string(), z.number(), z.boolean()]);
const BestSchema = z.looseObject({ id: z.string(), params: z.record(z.string(), Value), metric: z.number() });
/** The sweep engine's `sweep.json`, as far as the run record uses it. */
const SummarySchema = z.looseObject({
  trials: z.array(
    z.looseObject({
      id: z.string(),
      params: z.record(z.string(), Value),
      metric: z.number().nullable(),
      status: z.enum(["completed", "failed", "terminated", "timed_out", "canceled", "running", "queued"]),
      reused: z.boolean(),
      duration_seconds: z.number().nullable().optional(),
      error: z.string().optional(),
    }),
  ),
  best: BestSchema.nullable(),
}) as unknown as z.ZodType<{ trials: EngineTrial[]; best: SweepBest | null }>;

function trialOf(t: EngineTrial, reused = t.reused): TrialRecord {
  return {
    id: t.id,
    params: t.params,
    metric: t.metric,
    status: t.status,
    reused,
    ...(t.duration_seconds !== undefined ? { durationSeconds: t.duration_seconds } : {}),
    ...(t.error ? { error: t.error } : {}),
  };
}

/**
 * Follows a running sweep's `sweep-events.jsonl` (a line per trial start and end, written by the
 * sweep engine) and reports each ended trial as a `trial-finished` event: the live view's
 * done / running / best so far, and `--json`'s event per trial.
 */
export class SweepProgress {
  private read = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly file: string;
  private readonly step: string;
  private readonly reporter: Reporter;

  constructor(stepDir: string, step: string, reporter: Reporter) {
    this.file = join(stepDir, "sweep-events.jsonl");
    this.step = step;
    this.reporter = reporter;
    this.timer = setInterval(() => this.poll(), 250);
  }

  poll(): void {
    if (!existsSync(this.file)) return;
    const lines = readFileSync(this.file, "utf8").split("\n");
    // The last piece may be a line still being written: only whole lines count.
    for (const line of lines.slice(this.read, -1)) {
      this.read += 1;
      const e = JSON.parse(line) as { event: string; trial: EngineTrial; done: number; running: number; total: number; best: SweepBest | null };
      if (e.event !== "finished") continue;
      this.reporter.event({ type: "trial-finished", step: this.step, trial: trialOf(e.trial), done: e.done, running: e.running, total: e.total, best: e.best });
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.poll();
  }
}

/** The trials that ended, and the best of them, from the events of a sweep that did not finish (cancelled, killed). */
function endedTrials(eventsFile: string): { trials: EngineTrial[]; best: SweepBest | null } | undefined {
  if (!existsSync(eventsFile)) return undefined;
  const ended = readFileSync(eventsFile, "utf8")
    .split("\n")
    .slice(0, -1)
    .map((l) => JSON.parse(l) as { event: string; trial: EngineTrial; best: SweepBest | null })
    .filter((e) => e.event === "finished");
  return { trials: ended.map((e) => e.trial), best: ended.at(-1)?.best ?? null };
}

/**
 * A sweep's trials and best, from its `sweep.json` (all reused when the whole step was); a sweep
 * stopped before writing it keeps the trials that had ended.
 */
export function recordSweep(record: StepRecord, summaryFile: string, reused: boolean): void {
  // A damaged summary (caught by `sluice cache verify` too) leaves the record without trials, never crashes the run.
  const read = existsSync(summaryFile) ? readCheckedJson(summaryFile, SummarySchema, "a sweep summary") : undefined;
  const doc = read ? (read.ok ? read.value : undefined) : endedTrials(join(dirname(summaryFile), "sweep-events.jsonl"));
  if (!doc) return;
  record.trials = doc.trials.map((t) => trialOf(t, reused || t.reused));
  record.best = doc.best;
}

/** Keeps a sweep's summary with its cached outputs, so a reuse of the whole step still knows its trials. */
export function keepSweepSummary(stepDir: string, entryDir: string): void {
  const summary = join(stepDir, "sweep.json");
  if (existsSync(summary)) copyFileSync(summary, join(entryDir, "sweep.json"));
}
