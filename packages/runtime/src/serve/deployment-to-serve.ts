import type { ProbeIR } from "@sluice/dsl/ir";
import { DeploymentPool, type PoolEvent } from "./deployment-pool.ts";
import { livenessProbe } from "./liveness.ts";
import { maxRssBytes } from "./process-memory.ts";
import { readinessLimit } from "./readiness.ts";
import type { WorkerSpec } from "./scoring-worker.ts";

/** A deployment ready to start: its processes' spec (or why it cannot start), share and limits. */
export interface DeploymentToServe {
  name: string;
  traffic: number;
  instances: number;
  /** The VM size on Azure: a local process is held to its memory. */
  instanceType?: string;
  requestTimeoutMs: number;
  maxConcurrentRequestsPerInstance?: number;
  maxQueueWaitMs?: number;
  readinessProbe?: ProbeIR;
  livenessProbe?: ProbeIR;
  /** `name:version`, for reports. */
  model: string;
  /** Why a deploy step put this version here, when one did. */
  promoted?: string;
  worker: WorkerSpec | { reason: string };
}

/** The pool of processes a deployment runs, with its request settings, readiness deadline and memory limit. */
export function poolFor(d: DeploymentToServe, worker: WorkerSpec, onEvent?: PoolEvent): DeploymentPool {
  const pool = new DeploymentPool({
    name: d.name,
    instances: d.instances,
    requestTimeoutMs: d.requestTimeoutMs,
    ...(d.maxConcurrentRequestsPerInstance !== undefined ? { maxConcurrentRequestsPerInstance: d.maxConcurrentRequestsPerInstance } : {}),
    ...(d.maxQueueWaitMs !== undefined ? { maxQueueWaitMs: d.maxQueueWaitMs } : {}),
    readiness: readinessLimit(d.readinessProbe),
    liveness: livenessProbe(d.livenessProbe),
    maxRssBytes: maxRssBytes(d.instanceType),
    worker,
  });
  if (onEvent) pool.onEvent = onEvent;
  return pool;
}
