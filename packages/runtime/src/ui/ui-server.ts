import { randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { SluiceError } from "../errors/sluice-error.ts";
import { RunStore } from "../runs/run-store.ts";
import { endpointKeys } from "../serve/endpoint-keys.ts";
import { esc, page } from "./html.ts";
import { asset, linkedAssets } from "./ui-assets.ts";
import { azureAutomlMetrics, azureStepLog } from "./azure-run-history.ts";
import { endpoints, logDir, models, runs, type UiState } from "./ui-data.ts";
import { endpointsView, modelsView, runsView, runView } from "./views.ts";

const COOKIE = "sluice_ui";

/** Equal secrets, compared in constant time. */
function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function send(res: ServerResponse, status: number, body: string, type = "text/html; charset=utf-8", headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff", ...headers });
  res.end(body);
}

/** Server-sent events: `send(event, data)` until the client goes; `every` polls for changes. */
function events(req: IncomingMessage, res: ServerResponse, every: number, tick: (emit: (event: string, data: unknown) => void) => boolean): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
  const emit = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  const timer = setInterval(() => {
    if (!tick(emit)) {
      clearInterval(timer);
      res.end();
    }
  }, every);
  if (!tick(emit)) {
    clearInterval(timer);
    res.end();
  }
  req.on("close", () => clearInterval(timer));
}

/** The run's step states whenever run.json changes, until the run ends. */
function runEvents(s: UiState, id: string, req: IncomingMessage, res: ServerResponse): void {
  const store = new RunStore(s.stateDir);
  const file = join(store.dir(id), "run.json");
  let seen = -1;
  events(req, res, 250, (emit) => {
    const mtime = existsSync(file) ? statSync(file).mtimeMs : 0;
    if (mtime === seen) return true;
    seen = mtime;
    const run = store.get(id);
    emit("state", { status: run.status, steps: run.steps.map((st) => ({ node: st.node, status: st.status, durationMs: st.durationMs, reused: st.reused })) });
    return run.status === "running";
  });
}

/**
 * A step's log as it grows: what is there, then each appended chunk, until the run ends. A reused
 * step's log is its producer's; an Azure step's comes from the workspace's run history, once.
 */
function logEvents(s: UiState, id: string, node: string, req: IncomingMessage, res: ServerResponse): void {
  const store = new RunStore(s.stateDir);
  const run = store.get(id);
  const step = run.steps.find((st) => st.node === node);
  if (!step) {
    send(res, 404, "no such step");
    return;
  }
  const dir = logDir(s.stateDir, store.dir(id), step);
  const files = ["stdout.log", "stderr.log"].map((f) => join(dir, f));
  if (run.backend === "azure" && !files.some((f) => existsSync(f))) {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
    void azureStepLog(run, step)
      .then((text) => `${text || "(no log in the workspace's run history yet)"}`)
      .catch((e: Error) => `(could not read the log from Azure ML: ${e.message})`)
      .then((text) => res.end(`event: log\ndata: ${JSON.stringify({ text, stream: "azure" })}\n\n`));
    return;
  }
  const sent = files.map(() => 0);
  events(req, res, 300, (emit) => {
    files.forEach((f, i) => {
      const size = existsSync(f) ? statSync(f).size : 0;
      if (size <= (sent[i] ?? 0)) return;
      const from = Math.max(sent[i] ?? 0, size - 256 * 1024);
      emit("log", { text: readFileSync(f).subarray(from, size).toString("utf8"), stream: i ? "stderr" : "stdout" });
      sent[i] = size;
    });
    return store.get(id).status === "running";
  });
}

/** The test form's request, sent to the endpoint `sluice serve` runs, with its key (the page never sees the key). */
async function scoreThrough(s: UiState, name: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const row = endpoints(s).find((e) => e.name === name);
  if (!row?.server) return send(res, 409, JSON.stringify({ error: `endpoint ${name} is not being served here` }), "application/json");
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const { body, deployment } = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { body?: string; deployment?: string };
  const headers: Record<string, string> = { authorization: `Bearer ${endpointKeys(s.stateDir, name).primaryKey}`, "content-type": "application/json" };
  if (deployment) headers["azureml-model-deployment"] = deployment;
  const answer = await fetch(row.server.url, { method: "POST", headers, body: body ?? "" }).catch((e: Error) => ({ status: 502, text: async () => e.message }));
  send(res, 200, JSON.stringify({ status: answer.status, body: await answer.text() }), "application/json");
}

export interface UiServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * `sluice ui`'s server: pages over the project's `.sluice/` state, on loopback. The URL it prints
 * carries a one-time token that becomes a same-site cookie; any other request is refused, as is
 * any Host that is not this address (no DNS rebinding).
 */
export async function startUiServer(s: UiState, listen: { host?: string; port?: number } = {}): Promise<UiServer> {
  const token = randomBytes(18).toString("base64url");
  const host = listen.host ?? "127.0.0.1";
  const loopback = ["127.0.0.1", "localhost", "::1"].includes(host);
  let origin = "";
  const server = createServer((req, res) => {
    void handle(req, res).catch((e: Error) => send(res, 500, `<pre>${esc(e.message)}</pre>`));
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", origin);
    const hostHeader = req.headers.host ?? "";
    // On loopback, only loopback names (a page elsewhere cannot reach it by rebinding its DNS);
    // bound wider on purpose (--host), any name, the key still required.
    if (loopback && (!hostHeader.endsWith(`:${url.port}`) || !/^(127\.0\.0\.1|localhost|\[::1\]):/.test(hostHeader))) return send(res, 421, "wrong host");
    const given = url.searchParams.get("token");
    if (given !== null && same(given, token)) {
      url.searchParams.delete("token");
      return send(res, 303, "", "text/plain", { location: url.pathname + url.search, "set-cookie": `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` });
    }
    const cookie = /(?:^|;\s*)sluice_ui=([^;]+)/.exec(req.headers.cookie ?? "")?.[1] ?? "";
    if (!same(cookie, token)) return send(res, 401, "<p>open the URL <code>sluice ui</code> printed (it carries the key)</p>");
    await route(s, url, req, res);
  }
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port ?? 0, host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}/?token=${token}`,
    server,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Path patterns of the pages and their data, tried in order. */
const ROUTES: Array<[RegExp, (s: UiState, m: string[], req: IncomingMessage, res: ServerResponse) => void | Promise<void>]> = [
  [/^\/$/, (s, _m, _q, res) => send(res, 200, page("runs", runsView(runs(s)), linkedAssets()))],
  [/^\/models$/, (s, _m, _q, res) => send(res, 200, page("models", modelsView(models(s)), linkedAssets()))],
  [/^\/endpoints$/, (s, _m, _q, res) => send(res, 200, page("endpoints", endpointsView(endpoints(s)), linkedAssets()))],
  [
    /^\/assets\/([\w.-]+)$/,
    (_s, m, _q, res) => {
      const a = asset(m[1] as string);
      if (a) send(res, 200, a.text, a.type);
      else send(res, 404, "no such asset");
    },
  ],
  [
    /^\/runs\/([\w.-]+)$/,
    async (s, m, _q, res) => {
      const view = await runView(s, m[1] as string, { remote: azureAutomlMetrics });
      send(res, 200, page(view.title, view.body, linkedAssets()));
    },
  ],
  [/^\/api\/runs\/([\w.-]+)\/events$/, (s, m, req, res) => runEvents(s, m[1] as string, req, res)],
  [/^\/api\/runs\/([\w.-]+)\/steps\/([\w.-]+)\/log$/, (s, m, req, res) => logEvents(s, m[1] as string, m[2] as string, req, res)],
  [
    /^\/api\/endpoints\/([\w.-]+)\/score$/,
    (s, m, req, res) => (req.method === "POST" ? scoreThrough(s, m[1] as string, req, res) : send(res, 405, "POST only")),
  ],
];

async function route(s: UiState, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
  for (const [pattern, handle] of ROUTES) {
    const m = pattern.exec(url.pathname);
    if (!m) continue;
    try {
      await handle(s, [...m], req, res);
    } catch (e) {
      // An unknown run id: the store says which, as the CLI does.
      if (e instanceof SluiceError && !res.headersSent) send(res, 404, `<p>${esc(e.message)}</p>`);
      else throw e;
    }
    return;
  }
  send(res, 404, "<p>not found</p>");
}
