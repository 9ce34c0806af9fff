import { existsSync, readFileSync, type StatWatcher, unwatchFile, watchFile } from "node:fs";
import { join } from "node:path";
import { type DeploymentToServe, poolFor } from "./deployment-to-serve.ts";
import { endpointDir } from "./endpoint-keys.ts";
import type { ServedDeployment } from "./scoring-server.ts";

/** The model version a deploy step put on a deployment, and the reason it gave. */
export interface Promotion {
  name: string;
  version: string;
  run: string;
  why: string;
}

/** The file deploy steps write (see the built-in deploy_model.py): deployment → its promoted model. */
export function promotionsFile(stateDir: string, endpoint: string): string {
  return join(endpointDir(stateDir, endpoint), "deployments.json");
}

/** Every deployment's promotion; a file that is missing or unreadable promotes nothing. */
export function readPromotions(stateDir: string, endpoint: string): Map<string, Promotion> {
  const file = promotionsFile(stateDir, endpoint);
  const found = new Map<string, Promotion>();
  if (!existsSync(file)) return found;
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return found;
  }
  for (const [deployment, entry] of Object.entries(
    (doc ?? {}) as Record<string, { model?: { name?: unknown; version?: unknown }; run?: unknown; why?: unknown }>,
  )) {
    const m = entry?.model;
    if (typeof m?.name === "string" && (typeof m.version === "string" || typeof m.version === "number"))
      found.set(deployment, { name: m.name, version: String(m.version), run: String(entry.run ?? ""), why: String(entry.why ?? "") });
  }
  return found;
}

/** One served deployment as the watcher sees it: the slot the server routes through, and the model in it. */
export interface WatchedDeployment {
  slot: ServedDeployment;
  /** `name:version` being served. */
  model: string;
  /** The last promotion tried, so one that failed to load is not retried on every change. */
  attempted?: string;
  build: (promotion: Promotion) => DeploymentToServe | undefined;
}

/**
 * While `sluice serve` runs, a deploy step that promotes a model to one of its deployments is
 * picked up: the new version's processes start beside the old ones, take over once they are
 * ready, and the old ones stop after their requests' time is up. A version that fails to load
 * leaves the old one serving. `say` reports each switch.
 */
export function watchPromotions(stateDir: string, endpoint: string, watched: Map<string, WatchedDeployment>, say: (line: string) => void): () => void {
  const file = promotionsFile(stateDir, endpoint);
  let chain = Promise.resolve();
  const check = () => {
    chain = chain.then(async () => {
      for (const [name, promotion] of readPromotions(stateDir, endpoint)) {
        const w = watched.get(name);
        const model = `${promotion.name}:${promotion.version}`;
        if (!w || w.model === model || w.attempted === model) continue;
        w.attempted = model;
        const next = w.build(promotion);
        if (!next || "reason" in next.worker) {
          say(`${name}: cannot switch to ${model}: ${next && "reason" in next.worker ? next.worker.reason : "another model name"}; still serving ${w.model}\n`);
          continue;
        }
        const pool = poolFor(next, next.worker, (line) => say(`${line}\n`));
        const state = await pool.start();
        if (state.state !== "ready") {
          await pool.stop();
          say(`${name}: ${model} failed to load (${state.state === "failed" ? state.reason : state.state}); still serving ${w.model}\n`);
        } else {
          const old = w.slot.pool;
          w.slot.pool = pool;
          w.slot.model = model;
          w.slot.promoted = promotion.why;
          setTimeout(() => void old.stop(), next.requestTimeoutMs).unref();
          w.model = model;
          say(`${name}: now serving ${model} (${promotion.why})\n`);
        }
      }
    });
  };
  const watcher: StatWatcher = watchFile(file, { interval: 300 }, check);
  watcher.unref();
  return () => unwatchFile(file, check);
}
