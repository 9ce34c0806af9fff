import type { EndpointSpec, ExecutionPlan, ModelSpec } from "../plan/execution-plan.ts";
import { isoDuration } from "../plan/job-settings.ts";

/**
 * What the bodies name by ARM id, resolved at deploy time (models pinned, code uploaded,
 * environments registered); `compile` writes placeholders instead.
 */
export interface EndpointRefs {
  location: string;
  /** The model a deployment (by name) serves. */
  model(m: ModelSpec, deployment: string): string;
  code(snapshotId: string): string;
  environment(id: string): string;
  compute(name: string): string;
}

/** Placeholders for `sluice compile`: deterministic, and plainly not ARM ids. */
export const PLACEHOLDER_REFS: EndpointRefs = {
  location: "sluice:workspace-location",
  model: (m) => `sluice:model:${m.name}:${m.version}`,
  code: (id) => `sluice:code:${id}`,
  environment: (id) => `sluice:environment:${id}`,
  compute: (name) => `sluice:compute:${name}`,
};

type Online = Extract<EndpointSpec, { type: "online" }>;
type Batch = Extract<EndpointSpec, { type: "batch" }>;
type Deployment = Online["deployments"][number] | Batch["deployments"][number];

const AUTH = { key: "Key", aml_token: "AMLToken" } as const;
const OUTPUT_ACTION = { append_row: "AppendRow", summary_only: "SummaryOnly" } as const;
const LOGGING = { info: "Info", warning: "Warning", debug: "Debug" } as const;

const seconds = (s: number | undefined) => (s === undefined ? undefined : isoDuration(s));
const millis = (ms: number | undefined) => (ms === undefined ? undefined : isoDuration(Math.ceil(ms / 1000)));

/** The properties every deployment kind shares: scoring code and script, environment, variables. */
function scoringFields(d: Deployment, refs: EndpointRefs): Record<string, unknown> {
  return {
    codeConfiguration: d.scoring && { codeId: refs.code(d.scoring.code), scoringScript: d.scoring.script },
    environmentId: d.scoring && refs.environment(d.scoring.environment),
    environmentVariables: d.environmentVariables,
  };
}

function probe(p: Online["deployments"][number]["livenessProbe"]) {
  return (
    p && {
      initialDelay: seconds(p.initialDelaySeconds),
      period: seconds(p.periodSeconds),
      timeout: seconds(p.timeoutSeconds),
      failureThreshold: p.failureThreshold,
      successThreshold: p.successThreshold,
    }
  );
}

/** `PUT …/onlineEndpoints/{name}`: created without traffic, which moves once its deployments exist. */
export function onlineEndpointBody(e: Online, refs: EndpointRefs, withTraffic: boolean): Record<string, unknown> {
  const traffic = withTraffic ? Object.fromEntries(e.deployments.map((d) => [d.name, d.traffic])) : {};
  return {
    identity: { type: "SystemAssigned" },
    location: refs.location,
    properties: { authMode: AUTH[e.authMode], description: e.description, traffic },
    tags: e.tags,
  };
}

/** `PUT …/onlineEndpoints/{endpoint}/deployments/{name}`: a managed deployment. */
export function onlineDeploymentBody(d: Online["deployments"][number], refs: EndpointRefs): Record<string, unknown> {
  const r = d.requestSettings;
  return {
    location: refs.location,
    properties: {
      endpointComputeType: "Managed",
      model: refs.model(d.model, d.name),
      ...scoringFields(d, refs),
      instanceType: d.instanceType,
      requestSettings: r && {
        requestTimeout: millis(r.requestTimeoutMs),
        maxConcurrentRequestsPerInstance: r.maxConcurrentRequestsPerInstance,
        maxQueueWait: millis(r.maxQueueWaitMs),
      },
      livenessProbe: probe(d.livenessProbe),
      readinessProbe: probe(d.readinessProbe),
      appInsightsEnabled: false,
    },
    sku: { name: "Default", capacity: d.instanceCount },
  };
}

/** `PUT …/batchEndpoints/{name}`. */
export function batchEndpointBody(e: Batch, refs: EndpointRefs): Record<string, unknown> {
  return {
    location: refs.location,
    properties: { authMode: "AADToken", description: e.description, defaults: e.defaultDeployment ? { deploymentName: e.defaultDeployment } : undefined },
    tags: e.tags,
  };
}

/** `PUT …/batchEndpoints/{endpoint}/deployments/{name}`. */
export function batchDeploymentBody(d: Batch["deployments"][number], refs: EndpointRefs): Record<string, unknown> {
  return {
    location: refs.location,
    properties: {
      model: { referenceType: "Id", assetId: refs.model(d.model, d.name) },
      ...scoringFields(d, refs),
      compute: refs.compute(d.compute),
      resources: { instanceCount: d.instanceCount },
      maxConcurrencyPerInstance: d.maxConcurrencyPerInstance,
      miniBatchSize: d.miniBatchSize,
      outputAction: d.outputAction && OUTPUT_ACTION[d.outputAction],
      outputFileName: d.outputFileName,
      errorThreshold: d.errorThreshold,
      retrySettings: d.retry && { maxRetries: d.retry.maxRetries, timeout: seconds(d.retry.timeoutSeconds) },
      loggingLevel: d.loggingLevel && LOGGING[d.loggingLevel],
    },
  };
}

/** One request of an endpoint's rollout, in the order Azure needs them. */
export interface EndpointRequest {
  /** Under the workspace: `onlineEndpoints/x`, `onlineEndpoints/x/deployments/blue`, … */
  path: string;
  body: Record<string, unknown>;
}

/**
 * The requests that create or update the plan's endpoints, as the SDK orders them: an endpoint
 * (without traffic), its deployments, then its traffic.
 */
export function endpointRequests(plan: Pick<ExecutionPlan, "endpoints">, refs: EndpointRefs): EndpointRequest[] {
  return (plan.endpoints ?? []).flatMap((e): EndpointRequest[] => {
    if (e.type === "batch") {
      const at = `batchEndpoints/${e.name}`;
      return [
        { path: at, body: batchEndpointBody(e, refs) },
        ...e.deployments.map((d) => ({ path: `${at}/deployments/${d.name}`, body: batchDeploymentBody(d, refs) })),
      ];
    }
    const at = `onlineEndpoints/${e.name}`;
    return [
      { path: at, body: onlineEndpointBody(e, refs, false) },
      ...e.deployments.map((d) => ({ path: `${at}/deployments/${d.name}`, body: onlineDeploymentBody(d, refs) })),
      { path: at, body: onlineEndpointBody(e, refs, true) },
    ];
  });
}
