import type { RunStatus, StepStatus, SweepBest, TrialRecord } from "../runs/run-record.ts";

/** What a run reports as it goes; reporters render these (live view, plain lines, JSON lines). */
export type RunEvent =
  | { type: "run-started"; runId: string; pipeline: string; steps: Array<{ name: string; node: string }> }
  | { type: "step-started"; step: string }
  | {
      type: "step-finished";
      step: string;
      status: StepStatus;
      reused: boolean;
      durationMs: number | null;
      exitCode?: number | null;
      reason?: string;
      stderrTail?: string[];
      logFile?: string;
      /** A completed step's caveats (thin training data, an empty output nobody reads). */
      warnings?: string[];
    }
  | {
      type: "trial-finished";
      step: string;
      trial: TrialRecord;
      /** Trials ended, running and planned so far, and the best one yet. */
      done: number;
      running: number;
      total: number;
      best: SweepBest | null;
    }
  | { type: "run-finished"; runId: string; status: RunStatus; durationMs: number; summary: string[] };

export interface Reporter {
  event(event: RunEvent): void;
  close(): void;
}
