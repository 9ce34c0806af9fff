import { createServer } from "node:net";
import { join, resolve } from "node:path";
import type { EndpointSpec, ExecutionPlan } from "@sluice/compiler";
import { SluiceError } from "../errors/sluice-error.ts";
import { PythonFinder, installHint } from "../python/find-python.ts";
import { findModel } from "../registry/local-registry.ts";
import type { PoolEvent, PoolState } from "./deployment-pool.ts";
import { type DeploymentToServe, poolFor } from "./deployment-to-serve.ts";
import type { WorkerSpec } from "./scoring-worker.ts";
import { endpointDir, type EndpointKeys, endpointKeys } from "./endpoint-keys.ts";
import { type Promotion, readPromotions, type WatchedDeployment, watchPromotions } from "./promotions.ts";
import { type ServedDeployment, ScoringServer } from "./scoring-server.ts";
import { ensureDir } from "../fs/atomic-write.ts";

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
  /** Why a deploy step put this version here, when one did. */
  promoted?: string;
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
 * What one deployment serves here: the version a deploy step promoted to it (when it names the
 * same model), else the declared version resolved in the local registry.
 */
function deploymentToServe(d: Online["deployments"][number], promoted: Promotion | undefined, o: LocalEndpointOptions, ctx: ServeContext): DeploymentToServe {
  const pinned = promoted?.name === d.model.name ? promoted.version : undefined;
  const found = findModel(o.registryDir, d.model.name, pinned ?? d.model.version);
  return {
    name: d.name,
    traffic: d.traffic,
    instances: d.instanceCount,
    instanceType: d.instanceType,
    requestTimeoutMs: d.requestSettings?.requestTimeoutMs ?? 5000,
    ...(d.requestSettings?.maxConcurrentRequestsPerInstance !== undefined
      ? { maxConcurrentRequestsPerInstance: d.requestSettings.maxConcurrentRequestsPerInstance }
      : {}),
    ...(d.requestSettings?.maxQueueWaitMs !== undefined ? { maxQueueWaitMs: d.requestSettings.maxQueueWaitMs } : {}),
    ...(d.readinessProbe ? { readinessProbe: d.readinessProbe } : {}),
    ...(d.livenessProbe ? { livenessProbe: d.livenessProbe } : {}),
    model: `${d.model.name}:${found ? found.version : (pinned ?? d.model.version)}`,
    ...(pinned !== undefined ? { promoted: promoted?.why ?? "" } : {}),
    worker: workerFor({ ...d, model: { ...d.model, version: pinned ?? d.model.version } }, found?.path, o, ctx.finder, join(ctx.logDir, `${d.name}.log`)),
  };
}

interface ServeContext {
  finder: PythonFinder;
  logDir: string;
}

/**
 * Starts an online endpoint on this machine: each deployment's scoring processes (its instance
 * count) with the model resolved in the local registry, then the scoring server. A deployment
 * whose model is missing or cannot load is reported failed and gets no traffic. With `say`, it
 * keeps watching for deploy steps' promotions and switches deployments to them while it runs.
 */
export async function startLocalEndpoint(
  endpoint: Online,
  o: LocalEndpointOptions,
  say?: (line: string) => void,
): Promise<{ server: ScoringServer; port: number; deployments: ServedState[]; slots: ServedDeployment[]; stopWatching: () => void }> {
  const ctx: ServeContext = { finder: new PythonFinder(process.env, o.cacheDir), logDir: join(endpointDir(o.stateDir, endpoint.name), "logs") };
  ensureDir(ctx.logDir);
  const promotions = readPromotions(o.stateDir, endpoint.name);
  const list = endpoint.deployments.map((d) => deploymentToServe(d, promotions.get(d.name), o, ctx));
  const events = say ? (line: string) => say(`${line}\n`) : undefined;
  const started = await serveDeployments(endpoint.name, list, endpointKeys(o.stateDir, endpoint.name), { host: o.host, port: o.port }, events);
  if (!say) return { ...started, stopWatching: () => {} };
  const watched = new Map<string, WatchedDeployment>();
  endpoint.deployments.forEach((d, i) => {
    const slot = started.slots[i] as ServedDeployment;
    watched.set(d.name, { slot, model: list[i]?.model ?? "", build: (p) => (p.name === d.model.name ? deploymentToServe(d, p, o, ctx) : undefined) });
  });
  return { ...started, stopWatching: watchPromotions(o.stateDir, endpoint.name, watched, say) };
}

export type { DeploymentToServe } from "./deployment-to-serve.ts";

/** Why the server cannot listen, in the words of the flags the user gave. */
function listenError(e: NodeJS.ErrnoException, listen: { host?: string | undefined; port?: number | undefined }): SluiceError {
  const host = listen.host ?? "127.0.0.1";
  if (e.code === "EADDRINUSE") return new SluiceError("usage", `port ${listen.port} is in use`, { hint: "pass another --port, or none for a free one" });
  if (e.code === "EACCES") return new SluiceError("usage", `port ${listen.port} needs privileges this user does not have`, { hint: "pass a port above 1023" });
  if (e.code === "EADDRNOTAVAIL" || e.code === "ENOTFOUND" || e.code === "EAI_AGAIN")
    return new SluiceError("usage", `cannot listen on --host ${host}: no such address on this machine`, { hint: "leave --host out for loopback (127.0.0.1)" });
  return new SluiceError("environment", `cannot listen on ${host}:${listen.port ?? "a free port"} (${e.code ?? "error"})`);
}

/**
 * Fails at once, in the words of {@link listenError}, when `--port`/`--host` cannot be listened
 * on (a port in use, an address this machine lacks): before the models load, which takes seconds.
 * The port is freed again for the scoring server; the server still reports a later loss.
 */
export async function checkListenable(listen: { host?: string | undefined; port?: number | undefined }): Promise<void> {
  if (!listen.port && listen.host === undefined) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(listen.port ?? 0, listen.host ?? "127.0.0.1", () => probe.close(() => resolve()));
  }).catch((e: NodeJS.ErrnoException) => {
    throw listenError(e, listen);
  });
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
  onEvent?: PoolEvent,
): Promise<{ server: ScoringServer; port: number; deployments: ServedState[]; slots: ServedDeployment[] }> {
  const served = await Promise.all(
    list.map(async (d) => {
      const w = d.worker;
      const pool = poolFor(d, "reason" in w ? { python: "", modelDir: "", logFile: "" } : w, onEvent);
      if ("reason" in w) pool.status = { state: "failed", reason: w.reason };
      else await pool.start();
      return { pool, traffic: d.traffic, model: d.model, promoted: d.promoted };
    }),
  );
  const server = new ScoringServer({ endpoint, deployments: served, keys, host: listen.host, port: listen.port });
  const port = await server.listen().catch(async (e: NodeJS.ErrnoException) => {
    await Promise.all(served.map((s) => s.pool.stop()));
    throw listenError(e, listen);
  });
  return {
    server,
    port,
    slots: served,
    deployments: served.map((s) => ({
      name: s.pool.name,
      traffic: s.traffic,
      model: s.model,
      status: s.pool.status,
      ...(s.promoted !== undefined ? { promoted: s.promoted } : {}),
    })),
  };
}
