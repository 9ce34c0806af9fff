import type { Reporter } from "../progress/events.ts";
import type { RunRecord } from "../runs/run-record.ts";
import type { RunSpec } from "./run-spec.ts";

export interface RunOptions {
  reporter: Reporter;
  /** Aborting cancels the run: running steps are stopped, the run is recorded as cancelled. */
  signal: AbortSignal;
  parallelism: number;
  pipelineFile: string;
}

/** Where compiled pipelines run. Backends consume the compiled spec only, never DSL objects. */
export interface Backend {
  readonly name: "local" | "azure";
  run(spec: RunSpec, options: RunOptions): Promise<RunRecord>;
}
