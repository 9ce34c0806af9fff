import { randomUUID } from "node:crypto";

/** A long-running operation: done once `polls` reaches zero and any work it waits for has ended. */
export interface Operation {
  polls: number;
  status: "InProgress" | "Succeeded" | "Failed";
  pending?: boolean;
  failure?: string;
}

/** An ARM resource as the service returns it. */
export interface Resource {
  id: string;
  name: string;
  type: string;
  properties: Record<string, unknown>;
  systemData: { createdAt: string; lastModifiedAt: string };
}

/** A pipeline child run as run history reports it. */
export interface ChildRun {
  runId: string;
  parentRunId: string;
  displayName: string;
  status: string;
  startTimeUtc?: string;
  endTimeUtc?: string;
  properties: Record<string, string>;
  /** `azureml.PipelineRun` for a pipeline component's node. */
  runType?: string;
  error?: string;
  log: string;
}

export interface MlflowRun {
  info: { run_id: string; experiment_id: string; status: string; start_time?: number; end_time?: number };
  data: { metrics: Array<{ key: string; value: number }>; params: Array<{ key: string; value: string }>; tags: Array<{ key: string; value: string }> };
}

/** Everything the emulated workspace holds, in memory for the life of the process. */
export class EmulatorState {
  readonly assets = new Map<string, Resource>();
  readonly jobs = new Map<string, Resource>();
  readonly schedules = new Map<string, Resource>();
  readonly children = new Map<string, ChildRun[]>();
  /** A standalone job's own run, where it has more to say than its status (a Sweep job's best trial). */
  readonly jobRuns = new Map<string, ChildRun>();
  /** Why a job failed before any step ran (run history reports it in the job's details). */
  readonly jobErrors = new Map<string, string>();
  readonly experiments = new Map<string, string>();
  readonly mlflowRuns = new Map<string, MlflowRun>();
  /** Long-running operations: done once `polls` reaches zero. */
  readonly operations = new Map<string, Operation>();
  /** Online and batch endpoints and their deployments, by path (`onlineEndpoints/x`, `onlineEndpoints/x/deployments/blue`). */
  readonly endpoints = new Map<string, Resource>();

  static now(): string {
    return new Date().toISOString();
  }

  resource(id: string, type: string, name: string, properties: Record<string, unknown>, previous?: Resource): Resource {
    const now = EmulatorState.now();
    return { id, name, type, properties, systemData: { createdAt: previous?.systemData.createdAt ?? now, lastModifiedAt: now } };
  }

  operation(polls = 2, outcome?: Promise<string | undefined>): string {
    const id = randomUUID();
    const op: Operation = { polls, status: "InProgress" };
    // An operation that waits for work (a deployment's containers starting) ends with it: failed with its reason, or not.
    if (outcome) {
      op.pending = true;
      void outcome.then((failure) => Object.assign(op, { pending: false, ...(failure ? { failure } : {}) }));
    }
    this.operations.set(id, op);
    return id;
  }

  /** Versions of one asset container (`codes/x`), newest first. */
  versionsOf(prefix: string): Resource[] {
    return [...this.assets.entries()]
      .filter(([k]) => k.startsWith(`${prefix}/versions/`))
      .map(([, r]) => r)
      .sort((a, b) => (a.systemData.createdAt < b.systemData.createdAt ? 1 : -1));
  }

  childByRunId(runId: string): ChildRun | undefined {
    for (const list of this.children.values()) for (const c of list) if (c.runId === runId) return c;
    return undefined;
  }

  experimentId(name: string): string {
    let id = this.experiments.get(name);
    if (!id) {
      id = String(this.experiments.size + 1);
      this.experiments.set(name, id);
    }
    return id;
  }
}
