import type LogUpdate from "log-update";
import { redact } from "../errors/redact.ts";
import type { Reporter, RunEvent } from "./events.ts";
import { counted } from "./counted.ts";

const seconds = (ms: number | null | undefined) => (ms == null ? "" : ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`);

function failureLines(e: Extract<RunEvent, { type: "step-finished" }>): string[] {
  const lines = [`✗ ${e.step} failed${e.reason ? `: ${e.reason}` : ""}`];
  for (const line of e.stderrTail ?? []) lines.push(`    │ ${line}`);
  if (e.logFile) lines.push(`    log: ${e.logFile}`);
  return lines;
}

function finishedLine(e: Extract<RunEvent, { type: "step-finished" }>): string[] {
  if (e.status === "failed") return failureLines(e);
  if (e.status === "skipped" || e.status === "cancelled") return [`- ${e.step} ${e.status}${e.reason ? `: ${e.reason}` : ""}`];
  const warnings = (e.warnings ?? []).map((w) => `    ! warning: ${w}`);
  // A control-flow node ran nothing itself: it says what it decided instead of a duration.
  if (e.durationMs === null && !e.reused && e.reason) return [`✓ ${e.step}: ${e.reason}`, ...warnings];
  return [e.reused ? `↺ ${e.step} reused${e.reason ? ` (${e.reason})` : ""}` : `✓ ${e.step} done in ${seconds(e.durationMs)}`, ...warnings];
}

type TrialEvent = Extract<RunEvent, { type: "trial-finished" }>;

const metricText = (m: number | null | undefined) => (m == null ? "-" : Number(m.toPrecision(6)).toString());

/** A sweep's progress in one phrase: trials done, running, and the best so far. */
function sweepState(e: TrialEvent): string {
  return `trials ${e.done}/${e.total} done, ${e.running} running, best ${e.best ? `${metricText(e.best.metric)} (${e.best.id})` : "none yet"}`;
}

function trialLine(e: TrialEvent): string {
  const t = e.trial;
  const params = Object.entries(t.params)
    .map(([k, v]) => `${k}=${typeof v === "number" ? metricText(v) : v}`)
    .join(", ");
  return `  ${e.step}: ${t.id} ${t.reused ? "reused" : t.status} (${params}) → ${metricText(t.metric)}; ${sweepState(e)}`;
}

/** `--json`: one JSON object per line, for scripts. */
export class JsonReporter implements Reporter {
  event(event: RunEvent): void {
    process.stdout.write(`${redact(JSON.stringify(event))}\n`);
  }
  close(): void {}
}

/** Not a terminal (CI, pipes): one plain line per event. */
export class PlainReporter implements Reporter {
  private readonly out: NodeJS.WritableStream;
  /** `out` is stderr when stdout is reserved for a JSON document. */
  constructor(out: NodeJS.WritableStream = process.stdout) {
    this.out = out;
  }

  event(e: RunEvent): void {
    const lines =
      e.type === "run-started"
        ? [`run ${e.runId}: ${e.pipeline} (${counted(e.steps.length, "step")})`]
        : e.type === "step-started"
          ? [`▶ ${e.step} started`]
          : e.type === "step-finished"
            ? finishedLine(e)
            : e.type === "trial-finished"
              ? [trialLine(e)]
              : [`run ${e.runId} ${e.status} in ${seconds(e.durationMs)}`, ...e.summary];
    this.out.write(`${redact(lines.join("\n"))}\n`);
  }
  close(): void {}
}

/** A terminal: a live table of steps (queued, running with elapsed time, reused, done, failed, skipped). */
export class LiveReporter implements Reporter {
  private readonly rows = new Map<string, { state: string; started?: number; line?: string[]; sweep?: string }>();
  private header = "";
  private readonly timer: NodeJS.Timeout;
  private readonly logUpdate: typeof LogUpdate;

  constructor(logUpdate: typeof LogUpdate) {
    this.logUpdate = logUpdate;
    this.timer = setInterval(() => this.render(), 200);
  }

  event(e: RunEvent): void {
    if (e.type === "run-started") {
      this.header = `run ${e.runId}: ${e.pipeline}`;
      for (const s of e.steps) this.rows.set(s.name, { state: "queued" });
    } else if (e.type === "step-started") {
      this.rows.set(e.step, { state: "running", started: Date.now() });
    } else if (e.type === "step-finished") {
      this.rows.set(e.step, { state: e.status, line: finishedLine(e) });
    } else if (e.type === "trial-finished") {
      const row = this.rows.get(e.step);
      if (row) row.sweep = sweepState(e);
    } else {
      this.render();
      this.logUpdate.done();
      process.stdout.write(redact(`run ${e.runId} ${e.status} in ${seconds(e.durationMs)}\n${e.summary.map((l) => `${l}\n`).join("")}`));
      return;
    }
    this.render();
  }

  close(): void {
    clearInterval(this.timer);
  }

  private render(): void {
    const lines = [this.header];
    for (const [name, row] of this.rows) {
      if (row.line) lines.push(...row.line);
      else if (row.state === "running")
        lines.push(`… ${name} running ${seconds(Date.now() - (row.started ?? Date.now()))}${row.sweep ? ` — ${row.sweep}` : ""}`);
      else lines.push(`· ${name} queued`);
    }
    this.logUpdate(redact(lines.join("\n")));
  }
}

/** The live view (and log-update, ~50 ms to load) only for a sized terminal. */
export async function createReporter(options: { json: boolean; toStderr?: boolean }): Promise<Reporter> {
  if (options.toStderr) return new PlainReporter(process.stderr);
  if (options.json) return new JsonReporter();
  // A terminal that reports no size (some CI ptys) gets plain lines: a live view needs rows.
  const sized = (process.stdout.rows ?? 0) > 0 && (process.stdout.columns ?? 0) > 0;
  if (!process.stdout.isTTY || !sized) return new PlainReporter();
  return new LiveReporter((await import("log-update")).default);
}
