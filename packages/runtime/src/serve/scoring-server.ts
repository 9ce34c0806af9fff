import { randomInt } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { DeploymentPool } from "./deployment-pool.ts";
import { authorized, type EndpointKeys } from "./endpoint-keys.ts";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "./json-depth.ts";
import type { ScoreReply } from "./scoring-worker.ts";
import { swaggerDocument } from "./swagger.ts";

/** Requests larger than this are refused with 413 before any model sees them. */
export const MAX_BODY_BYTES = 1.5 * 1024 * 1024;

export interface ServedDeployment {
  pool: DeploymentPool;
  /** Percent of the endpoint's traffic. */
  traffic: number;
  /** `name:version` it serves now (a live promotion changes it). */
  model?: string;
  /** Why a deploy step put this version here, when one did. */
  promoted?: string;
}

export interface ScoringServerOptions {
  endpoint: string;
  deployments: ServedDeployment[];
  keys: EndpointKeys;
  /** `127.0.0.1` unless the user asks for more. */
  host?: string;
  port?: number;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json", ...headers });
  res.end(text);
}

/** A header value as HTTP allows it: printable ASCII, quotes escaped. */
function headerText(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, "?").replace(/["\\]/g, "\\$&");
}

/** A scoring process's answer as HTTP: its status and body, `Retry-After` and a `Warning` when it has them. */
function sendReply(res: ServerResponse, reply: ScoreReply, deployment: string): void {
  const headers: Record<string, string> = { "azureml-model-deployment": deployment };
  if (reply.retryAfter !== undefined) headers["retry-after"] = String(reply.retryAfter);
  if (reply.warning) headers.warning = `299 sluice "${headerText(reply.warning)}"`;
  send(res, reply.status, reply.body, headers);
}

/** The request body, or undefined (and a 413 sent) when it is over the limit. */
function readBody(req: IncomingMessage, res: ServerResponse): Promise<string | undefined> {
  if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) {
    send(res, 413, { error: `the request body is over ${MAX_BODY_BYTES} bytes` }, { connection: "close" });
    req.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES && !over) {
        over = true;
        send(res, 413, { error: `the request body is over ${MAX_BODY_BYTES} bytes` }, { connection: "close" });
        resolve(undefined);
      }
      if (!over) chunks.push(chunk);
    });
    req.on("end", () => {
      if (!over) resolve(Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", () => resolve(undefined));
    // A client gone before its body ended leaves nothing to answer (and nothing held).
    req.on("close", () => {
      if (!req.complete) resolve(undefined);
    });
  });
}

/**
 * Which deployment scores a request: the one the `azureml-model-deployment` header names, else
 * one drawn by the traffic shares among the ready deployments (a failed one gets none).
 */
export function route(deployments: ServedDeployment[], pinned: string | undefined, draw = (n: number) => randomInt(n)): ServedDeployment | string {
  if (pinned !== undefined) {
    const d = deployments.find((x) => x.pool.name === pinned);
    if (!d) return `the endpoint has no deployment '${pinned}' (it has ${deployments.map((x) => x.pool.name).join(", ")})`;
    return d;
  }
  const live = deployments.filter((d) => d.pool.status.state === "ready" && d.traffic > 0);
  const total = live.reduce((n, d) => n + d.traffic, 0);
  if (total === 0) return "no ready deployment takes traffic";
  let ticket = draw(total);
  for (const d of live) {
    if (ticket < d.traffic) return d;
    ticket -= d.traffic;
  }
  return live.at(-1) as ServedDeployment;
}

/**
 * Azure ML's scoring contract on loopback: `GET /` (liveness), `GET /swagger.json`, `POST /score`
 * with `Authorization: Bearer <key>`, blue/green routing, and JSON errors for every mistake.
 */
export class ScoringServer {
  private readonly options: ScoringServerOptions;
  private server: Server | undefined;

  constructor(options: ScoringServerOptions) {
    this.options = options;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The request target's path as sent (`new URL` would read `//x` as a host, not a path).
    const path = (req.url ?? "/").split(/[?#]/)[0] ?? "/";
    if (req.method === "GET" && path === "/") return this.liveness(res);
    if (path !== "/score" && path !== "/swagger.json") return send(res, 404, { error: `no route ${req.method} ${path}; score with POST /score` });
    if (!authorized(req.headers.authorization, this.options.keys))
      return send(
        res,
        401,
        { error: "missing or wrong key: send Authorization: Bearer <key> (sluice endpoint keys shows them)" },
        { "www-authenticate": "Bearer" },
      );
    const pinned = req.headers["azureml-model-deployment"];
    const chosen = route(this.options.deployments, typeof pinned === "string" ? pinned : undefined);
    if (path === "/swagger.json") {
      if (req.method !== "GET") return send(res, 405, { error: "use GET /swagger.json" });
      const ready = typeof chosen === "string" ? undefined : chosen;
      return send(res, 200, swaggerDocument(this.options.endpoint, ready?.pool.status.state === "ready" ? ready.pool.status.schema : null));
    }
    if (req.method !== "POST") return send(res, 405, { error: "use POST /score" }, { allow: "POST" });
    const body = await readBody(req, res);
    if (body === undefined) return;
    if (typeof chosen === "string") return send(res, pinned === undefined ? 503 : 404, { error: chosen });
    if (chosen.pool.status.state !== "ready")
      return send(res, 503, { error: `deployment ${chosen.pool.name} is not ready` }, chosen.pool.status.state === "starting" ? { "retry-after": "5" } : {});
    if (/^\s*[[{]/.test(body) && nestsDeeperThan(body))
      return send(res, 400, { error: `the request nests deeper than ${MAX_JSON_DEPTH} levels` }, { "azureml-model-deployment": chosen.pool.name });
    // A caller that hangs up while its request waits for a process takes it out of the queue.
    const gone = new AbortController();
    res.on("close", () => {
      if (!res.writableEnded) gone.abort();
    });
    const reply = await chosen.pool.score(body, gone.signal);
    if (!gone.signal.aborted) sendReply(res, reply, chosen.pool.name);
  }

  /**
   * `GET /`: healthy while every started deployment that takes traffic has a process that can
   * score (and some deployment can), else 503 naming the one that cannot, as a failing probe would.
   */
  private liveness(res: ServerResponse): void {
    const started = this.options.deployments.filter((d) => d.pool.status.state === "ready");
    const down = started.find((d) => d.traffic > 0 && d.pool.readyCount() === 0);
    if (!down && started.some((d) => d.pool.readyCount() > 0)) send(res, 200, "Healthy");
    else {
      const why = down ? `deployment ${down.pool.name} has no running scoring process` : "no deployment has a running scoring process";
      send(res, 503, `Unhealthy: ${why}`, { "retry-after": "2" });
    }
  }

  /** Listens (port 0: any free one); resolves with the port. */
  listen(): Promise<number> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) send(res, 500, { error: "the scoring server could not answer this request" });
        else res.destroy();
      });
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.options.port ?? 0, this.options.host ?? "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
    });
  }

  /** Stops listening and the deployments' processes; the port is free when this resolves. */
  async close(): Promise<void> {
    const server = this.server;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await Promise.all(this.options.deployments.map((d) => d.pool.stop()));
  }
}
