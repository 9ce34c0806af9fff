import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { EndpointSpec, ExecutionPlan } from "@sluice/compiler";
import { SluiceError } from "../errors/sluice-error.ts";
import { PythonFinder, installHint } from "../python/find-python.ts";
import { findModel } from "../registry/local-registry.ts";
import { DeploymentPool, type PoolState } from "./deployment-pool.ts";
import type { WorkerSpec } from "./scoring-worker.ts";
import { endpointDir, type EndpointKeys, endpointKeys } from "./endpoint-keys.ts";
import { ScoringServer } from "./scoring-server.ts";

type Online = Extract<EndpointSpec, { type: "online" }>;
type Kind = EndpointSpec["type"];

/** The endpoint a command means: the one named, or the only one of that type in the plan. */
export function pickEndpoint<K extends Kind>(
  plan: Pick<ExecutionPlan, "endpoints" | "pipeline">,
  name: string | undefined,
  type: K,
): Extract<EndpointSpec, { type: K }> {
  const all = (plan.endpoints ?? []).filter((e): e is Extract<EndpointSpec, { type: K }> => e.type === type);
  const names = all.map((e) => e.name);
  if (name !== undefined) {
    const found = all.find((e) => e.name === name);
    if (!found)
      throw new SluiceError("usage", `pipeline ${plan.pipeline.name} has no ${type} endpoint '${name}'`, {
        hint: names.length ? `its ${type} endpoints: ${names.join(", ")}` : `declare one with ${type}Endpoint(...) in pipeline({ endpoints: [...] })`,
      });
    return found;
  }
  if (all.length === 1) return all[0] as Extract<EndpointSpec, { type: K }>;
  throw new SluiceError(
    "usage",
    all.length ? `pipeline ${plan.pipeline.name} has ${all.length} ${type} endpoints` : `pipeline ${plan.pipeline.name} has no ${type} endpoint`,
    {
      hint: all.length ? `name one with --endpoint (${names.join(", ")})` : `declare one with ${type}Endpoint(...) in pipeline({ endpoints: [...] })`,
    },
  );
}

export interface LocalEndpointOptions {
  plan: ExecutionPlan;
  /** The folder plan paths are relative to (the pipeline file's). */
  baseDir: string;
  stateDir: string;
  registryDir: string;
  cacheDir?: string;
  port?: number;
  host?: string;
}

/** One deployment as served: its pool, share, and the model version it loaded (or why it did not). */
export interface ServedState {
  name: string;
  traffic: number;
  model: string;
  status: PoolState;
}

/** The Python modules a deployment needs: pandas always; scikit-learn to unpickle a no-code model. */
function neededModules(scripted: boolean): string[] {
  return scripted ? ["pandas"] : ["pandas", "sklearn"];
}

/** How a deployment's processes start: its model folder, Python, scoring code; or why they cannot. */
function workerFor(
  d: Online["deployments"][number],
  modelDir: string | undefined,
  o: LocalEndpointOptions,
  finder: PythonFinder,
  logFile: string,
): WorkerSpec | { reason: string } {
  if (!modelDir) {
    const which = d.model.version === "latest" ? "has no version" : `has no version ${d.model.version}`;
    return { reason: `model ${d.model.name} ${which} in the local registry (run the pipeline that registers it)` };
  }
  const picked = finder.pick(neededModules(d.scoring !== undefined));
  if ("missing" in picked) return { reason: `no Python here has ${picked.missing.join(", ")}: ${installHint(picked.missing)}` };
  const snapshot = d.scoring && o.plan.codeSnapshots.find((c) => c.id === d.scoring?.code);
  return {
    python: picked.interpreter.path,
    modelDir,
    logFile,
    env: d.environmentVariables ?? {},
    ...(d.scoring && snapshot ? { code: { dir: resolve(o.baseDir, snapshot.path), script: d.scoring.script } } : {}),
  };
}

/**
 * Starts an online endpoint on this machine: each deployment's scoring processes (its instance
 * count) with the model resolved in the local registry, then the scoring server. A deployment
 * whose model is missing or cannot load is reported failed and gets no traffic.
 */
export async function startLocalEndpoint(
  endpoint: Online,
  o: LocalEndpointOptions,
): Promise<{ server: ScoringServer; port: number; deployments: ServedState[] }> {
  const finder = new PythonFinder(process.env, o.cacheDir);
  const logDir = join(endpointDir(o.stateDir, endpoint.name), "logs");
  mkdirSync(logDir, { recursive: true });
  const list = endpoint.deployments.map((d): DeploymentToServe => {
    const found = findModel(o.registryDir, d.model.name, d.model.version);
    return {
      name: d.name,
      traffic: d.traffic,
      instances: d.instanceCount,
      requestTimeoutMs: d.requestSettings?.requestTimeoutMs ?? 5000,
      model: `${d.model.name}:${found ? found.version : d.model.version}`,
      worker: workerFor(d, found?.path, o, finder, join(logDir, `${d.name}.log`)),
    };
  });
  return serveDeployments(endpoint.name, list, endpointKeys(o.stateDir, endpoint.name), { host: o.host, port: o.port });
}

/** A deployment ready to start: its processes' spec (or why it cannot start), share and limits. */
export interface DeploymentToServe {
  name: string;
  traffic: number;
  instances: number;
  requestTimeoutMs: number;
  /** `name:version`, for reports. */
  model: string;
  worker: WorkerSpec | { reason: string };
}

/**
 * Starts the deployments' scoring processes and the scoring server in front of them: what
 * `sluice serve` and the Azure emulator (for a deployed endpoint's scoring URI) both run.
 */
export async function serveDeployments(
  endpoint: string,
  list: DeploymentToServe[],
  keys: EndpointKeys,
  listen: { host?: string | undefined; port?: number | undefined },
): Promise<{ server: ScoringServer; port: number; deployments: ServedState[] }> {
  const served = await Promise.all(
    list.map(async (d) => {
      const w = d.worker;
      const pool = new DeploymentPool({
        name: d.name,
        instances: d.instances,
        requestTimeoutMs: d.requestTimeoutMs,
        worker: "reason" in w ? { python: "", modelDir: "", logFile: "" } : w,
      });
      if ("reason" in w) pool.status = { state: "failed", reason: w.reason };
      else await pool.start();
      return { pool, traffic: d.traffic, model: d.model };
    }),
  );
  const server = new ScoringServer({ endpoint, deployments: served, keys, host: listen.host, port: listen.port });
  const port = await server.listen().catch(async (e: NodeJS.ErrnoException) => {
    await Promise.all(served.map((s) => s.pool.stop()));
    throw new SluiceError("usage", e.code === "EADDRINUSE" ? `port ${listen.port} is in use` : `cannot listen: ${e.message}`, {
      hint: "pass another --port, or none for a free one",
    });
  });
  return { server, port, deployments: served.map((s) => ({ name: s.pool.name, traffic: s.traffic, model: s.model, status: s.pool.status })) };
}
