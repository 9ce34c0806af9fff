import { enforceOptions } from "../core/builder-context.ts";
import { is, listOf, oneOf, type Shape, stringRecord, text } from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";
import type { EndpointIR, SourceLocation } from "../ir/schema.ts";
import type { BatchDeployment, OnlineDeployment } from "./deployments.ts";

interface EndpointBase {
  /** The endpoint's name: unique in the Azure region, 3–32 letters, digits and `-`, starting with a letter. It is part of the scoring URI. */
  name: string;
  /** Shown in the studio beside the endpoint. */
  description?: string;
  /** Key/value tags on the endpoint. */
  tags?: Readonly<Record<string, string>>;
}

/** Options of {@link onlineEndpoint}. */
export interface OnlineEndpointOptions extends EndpointBase {
  /** `key` (a key that does not expire, shown by `sluice endpoint keys`) or `aml_token` (a token that does). Default `key`. */
  authMode?: "key" | "aml_token";
  /** Its deployments; their `traffic` shares add up to 100. */
  deployments: readonly OnlineDeployment[];
}

/** Options of {@link batchEndpoint}. */
export interface BatchEndpointOptions extends EndpointBase {
  /** Its deployments. */
  deployments: readonly BatchDeployment[];
  /** The deployment a job runs when none is named. Default: the only one, or the first. */
  defaultDeployment?: string;
}

/** An online or batch endpoint; attach it with `pipeline({ endpoints: [...] })`. */
export interface Endpoint {
  /** @internal */
  readonly kind: "endpoint";
  /** The endpoint's name (part of its scoring URI). */
  readonly name: string;
  /** `online` (request-response) or `batch` (jobs over files). */
  readonly type: "online" | "batch";
  /** @internal */
  toIR(): EndpointIR;
}

const BASE: Shape = { name: { check: text, required: true }, description: { check: text }, tags: { check: stringRecord } };
const DEPLOYMENT = (kind: string, builder: string) =>
  listOf(is(`${builder}(…)`, (v) => typeof v === "object" && v !== null && (v as { kind?: unknown }).kind === kind));

function baseIR(o: EndpointBase, definedAt: SourceLocation) {
  return { name: o.name, tags: { ...(o.tags ?? {}) }, definedAt, ...(o.description !== undefined ? { description: o.description } : {}) };
}

/** An online endpoint: what a {@link deployModelStep} updates, so its deployments' names are known. */
export interface OnlineEndpoint extends Endpoint {
  readonly type: "online";
  /** Its deployments' names, in the order given. */
  readonly deploymentNames: readonly string[];
}

/**
 * A managed online endpoint (Azure's real-time scoring, "request-response"): a stable scoring
 * URI with key auth, in front of one or more deployments that split its traffic (blue/green).
 * `sluice deploy` creates and updates it; `sluice serve` runs it on this machine.
 *
 * @example
 * ```ts
 * const titanic = onlineEndpoint({ name: "titanic-survival", deployments: [blue] });
 * export default pipeline({ name: "titanic", endpoints: [titanic] }, () => { ... });
 * ```
 */
export function onlineEndpoint(options: OnlineEndpointOptions): OnlineEndpoint {
  const definedAt = captureLocation();
  enforceOptions(
    "onlineEndpoint",
    options,
    { ...BASE, authMode: { check: oneOf("key", "aml_token") }, deployments: { check: DEPLOYMENT("online-deployment", "onlineDeployment"), required: true } },
    definedAt,
  );
  const o = options;
  const toIR = (): EndpointIR => ({
    type: "online",
    ...baseIR(o, definedAt),
    authMode: o.authMode ?? "key",
    deployments: o.deployments.map((d) => d.toIR(o.deployments.length === 1 ? 100 : 0)),
  });
  const deploymentNames = Array.isArray(o.deployments) ? o.deployments.map((d) => d.name) : [];
  return { kind: "endpoint", name: o.name, type: "online", deploymentNames, toIR };
}

/**
 * A batch endpoint (Azure's "batch execution"): jobs that score files from storage in
 * mini-batches on a cluster and write the predictions back. `sluice invoke --batch` runs its
 * deployment on this machine.
 */
export function batchEndpoint(options: BatchEndpointOptions): Endpoint {
  const definedAt = captureLocation();
  enforceOptions(
    "batchEndpoint",
    options,
    { ...BASE, defaultDeployment: { check: text }, deployments: { check: DEPLOYMENT("batch-deployment", "batchDeployment"), required: true } },
    definedAt,
  );
  const o = options;
  const toIR = (): EndpointIR => ({
    type: "batch",
    ...baseIR(o, definedAt),
    deployments: o.deployments.map((d) => d.toIR()),
    ...((o.defaultDeployment ?? o.deployments[0]?.name) ? { defaultDeployment: o.defaultDeployment ?? o.deployments[0]?.name } : {}),
  });
  return { kind: "endpoint", name: o.name, type: "batch", toIR };
}
