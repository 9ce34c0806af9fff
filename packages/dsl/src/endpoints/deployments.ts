import { enforceOptions } from "../core/builder-context.ts";
import { is, kindOf, number, object, oneOf, type Shape, stringRecord, text, wholeNumber } from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";
import type { BatchDeploymentIR, ModelRefIR, OnlineDeploymentIR, ProbeIR, SourceLocation } from "../ir/schema.ts";
import type { Environment } from "../resources/environment.ts";

/** A model a deployment serves, what {@link registeredModel} names. */
export type ModelSource = RegisteredModel;

/** A registered model by name and version; `"latest"` is pinned to the newest version at deploy time. */
export interface RegisteredModel {
  /** @internal */
  readonly kind: "registered-model";
  /** @internal */
  readonly ir: ModelRefIR;
}

/**
 * A model in the workspace's registry (or, locally, Sluice's registry) for a deployment to serve.
 * When the pipeline's register step registers this name, the deployment serves what the pipeline
 * trains (and retraining can promote it).
 *
 * @example
 * ```ts
 * onlineDeployment({ name: "blue", model: registeredModel("titanic-automl", "latest"), instanceType: "Standard_DS3_v2" });
 * ```
 */
export function registeredModel(name: string, version: string | number = "latest"): RegisteredModel {
  enforceOptions(
    "registeredModel",
    { name, version },
    { name: { check: text, required: true }, version: { check: is("a string or a number", (v) => typeof v === "string" || typeof v === "number") } },
    captureLocation(),
  );
  return { kind: "registered-model", ir: { type: "registered", name, version: String(version) } };
}

/** A scoring script (`init()` and `run(data)`) in `code`, run in `environment`. */
export interface Scoring {
  /** The folder holding the script, relative to the pipeline file; uploaded as the deployment's code. */
  code: string;
  /** The script's file name inside `code`. */
  script: string;
  /** Where the script runs: its imports must be there (and, locally, on this machine's Python). */
  environment: Environment;
}

/** Azure's probe settings for a deployment's container, in seconds. */
export interface Probe {
  /** Wait this long after start before the first probe (a slow `init()` needs more). */
  initialDelaySeconds?: number;
  /** Probe every this many seconds. */
  periodSeconds?: number;
  /** A probe slower than this fails. */
  timeoutSeconds?: number;
  /** Failed probes in a row before the container counts as unhealthy. */
  failureThreshold?: number;
  /** Passed probes in a row before it counts as healthy again. */
  successThreshold?: number;
}

interface DeploymentBase {
  /** The deployment's name, unique in its endpoint (3–32 letters, digits and `-`). */
  name: string;
  /** The model it serves. */
  model: ModelSource;
  /** The scoring script and its environment; leave out for an MLflow model (no-code deployment). */
  scoring?: Scoring;
  /** Variables the scoring process sees. */
  environmentVariables?: Readonly<Record<string, string>>;
}

/** Options of {@link onlineDeployment}. */
export interface OnlineDeploymentOptions extends DeploymentBase {
  /** The VM size each instance runs on, e.g. `Standard_DS3_v2`. */
  instanceType: string;
  /** Instances behind the deployment. Default 1. */
  instanceCount?: number;
  /** Percent of the endpoint's traffic this deployment gets (0–100; the shares add up to 100). Default 100 for a lone deployment, else 0. */
  traffic?: number;
  /** How requests are queued and timed out. */
  requestSettings?: {
    /** A request scored longer than this gets a 408. */
    requestTimeoutMs?: number;
    /** Requests one instance scores at once; more wait in the queue. */
    maxConcurrentRequestsPerInstance?: number;
    /** How long a request may wait in the queue. */
    maxQueueWaitMs?: number;
  };
  /** When the container counts as dead and is restarted. */
  livenessProbe?: Probe;
  /** When the container is ready for traffic (a model that cannot load never is). */
  readinessProbe?: Probe;
}

/** Options of {@link batchDeployment}. */
export interface BatchDeploymentOptions extends DeploymentBase {
  /** The compute cluster batch jobs run on. */
  compute: string;
  /** Nodes per job. Default 1. */
  instanceCount?: number;
  /** Scoring processes per node. */
  maxConcurrencyPerInstance?: number;
  /** Files (or rows) per mini-batch. */
  miniBatchSize?: number;
  /** `append_row` collects the predictions in one file; `summary_only` leaves writing to the script. */
  outputAction?: "append_row" | "summary_only";
  /** The predictions file's name. Default `predictions.csv`. */
  outputFileName?: string;
  /** Failed mini-batch items tolerated before the job fails; -1 tolerates all. */
  errorThreshold?: number;
  /** Retries of a failed mini-batch and each try's timeout. */
  retry?: {
    /** Tries after the first. */
    maxRetries?: number;
    /** Seconds one try of a mini-batch may take. */
    timeoutSeconds?: number;
  };
  /** How much the batch job logs. */
  loggingLevel?: "info" | "warning" | "debug";
}

/** An online deployment, what {@link onlineDeployment} returns. */
export interface OnlineDeployment {
  /** @internal */
  readonly kind: "online-deployment";
  /** The deployment's name in its endpoint. */
  readonly name: string;
  /** @internal The IR, with this traffic share when the author gave none. */
  toIR(defaultTraffic: number): OnlineDeploymentIR;
}

/** A batch deployment, what {@link batchDeployment} returns. */
export interface BatchDeployment {
  /** @internal */
  readonly kind: "batch-deployment";
  /** The deployment's name in its endpoint. */
  readonly name: string;
  /** @internal */
  toIR(): BatchDeploymentIR;
}

const PROBE = object({
  initialDelaySeconds: { check: number },
  periodSeconds: { check: number },
  timeoutSeconds: { check: number },
  failureThreshold: { check: number },
  successThreshold: { check: number },
});
const MODEL = kindOf("registered-model", "registeredModel(…)");
const BASE: Shape = {
  name: { check: text, required: true },
  model: { check: MODEL, required: true },
  scoring: object({
    code: { check: text, required: true },
    script: { check: text, required: true },
    environment: { check: kindOf("environment", "environment(...)"), required: true },
  }),
  environmentVariables: { check: stringRecord },
};
const ONLINE: Shape = {
  ...BASE,
  instanceType: { check: text, required: true },
  instanceCount: { check: wholeNumber },
  traffic: { check: number },
  requestSettings: object({ requestTimeoutMs: { check: number }, maxConcurrentRequestsPerInstance: { check: number }, maxQueueWaitMs: { check: number } }),
  livenessProbe: PROBE,
  readinessProbe: PROBE,
};
const BATCH: Shape = {
  ...BASE,
  compute: { check: text, required: true },
  instanceCount: { check: wholeNumber },
  maxConcurrencyPerInstance: { check: number },
  miniBatchSize: { check: number },
  outputAction: { check: oneOf("append_row", "summary_only") },
  outputFileName: { check: text },
  errorThreshold: { check: number },
  retry: object({ maxRetries: { check: number }, timeoutSeconds: { check: number } }),
  loggingLevel: { check: oneOf("info", "warning", "debug") },
};

function baseIR(o: DeploymentBase, definedAt: SourceLocation) {
  return {
    name: o.name,
    model: o.model.ir,
    definedAt,
    ...(o.scoring ? { scoring: { code: o.scoring.code, script: o.scoring.script, environment: o.scoring.environment.ir } } : {}),
    ...(o.environmentVariables ? { environmentVariables: { ...o.environmentVariables } } : {}),
  };
}

function probeIR(p: Probe | undefined): ProbeIR | undefined {
  return p && { ...p };
}

/**
 * One deployment of an {@link onlineEndpoint}: the model, how it is scored, the instances it runs
 * on and its share of the endpoint's traffic (blue/green). `sluice serve` runs it on this machine.
 *
 * @example
 * ```ts
 * const blue = onlineDeployment({
 *   name: "blue",
 *   model: registeredModel("titanic-automl"),
 *   scoring: { code: "./score", script: "score.py", environment: sklearn },
 *   instanceType: "Standard_DS3_v2",
 *   traffic: 100,
 * });
 * ```
 */
export function onlineDeployment(options: OnlineDeploymentOptions): OnlineDeployment {
  const definedAt = captureLocation();
  enforceOptions("onlineDeployment", options, ONLINE, definedAt);
  const o = options;
  const toIR = (defaultTraffic: number): OnlineDeploymentIR => {
    const ir: OnlineDeploymentIR = {
      ...baseIR(o, definedAt),
      instanceType: o.instanceType,
      instanceCount: o.instanceCount ?? 1,
      traffic: o.traffic ?? defaultTraffic,
    };
    if (o.requestSettings) ir.requestSettings = { ...o.requestSettings };
    const liveness = probeIR(o.livenessProbe);
    const readiness = probeIR(o.readinessProbe);
    if (liveness) ir.livenessProbe = liveness;
    if (readiness) ir.readinessProbe = readiness;
    return ir;
  };
  return { kind: "online-deployment", name: o.name, toIR };
}

/**
 * One deployment of a {@link batchEndpoint}: the model, how mini-batches are scored, and the
 * cluster batch jobs run on. `sluice invoke --batch` runs it on this machine.
 */
export function batchDeployment(options: BatchDeploymentOptions): BatchDeployment {
  const definedAt = captureLocation();
  enforceOptions("batchDeployment", options, BATCH, definedAt);
  const o = options;
  const toIR = (): BatchDeploymentIR => {
    const { name: _n, model: _m, scoring: _s, environmentVariables: _e, compute, instanceCount, retry, ...rest } = o;
    return { ...baseIR(o, definedAt), compute, instanceCount: instanceCount ?? 1, ...rest, ...(retry ? { retry: { ...retry } } : {}) };
  };
  return { kind: "batch-deployment", name: o.name, toIR };
}
