import type { IncomingMessage, ServerResponse } from "node:http";
import { SluiceError } from "../errors/sluice-error.ts";
import { endpointKeys } from "../serve/endpoint-keys.ts";
import { azureAutomlMetrics } from "./azure-run-history.ts";
import { csp, esc, newNonce, page } from "./html.ts";
import { endpointsView, modelsView } from "./registry-views.ts";
import { asset, linkedAssets } from "./ui-assets.ts";
import { runs, type UiState } from "./ui-data.ts";
import { logEvents, oneLine, runEvents, type UiLog } from "./ui-events.ts";
import { endpoints, models } from "./ui-models.ts";
import { runsView, runView } from "./views.ts";

/** What a route gets: the state, the session's token for state-changing requests, and the log. */
export interface RouteContext {
  s: UiState;
  csrf: string;
  log: UiLog;
}

/** Headers every answer carries: nothing cached, nothing sniffed, framed or referred (the URL once held the key). */
export const BASE_HEADERS = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
};

export function send(res: ServerResponse, status: number, body: string, type = "text/html; charset=utf-8", headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": type, ...BASE_HEADERS, ...headers });
  res.end(body);
}

/** A page with this response's nonce, in its policy header and its meta policy alike. */
function sendPage(res: ServerResponse, c: RouteContext, title: string, body: string, notices: string[]): void {
  const nonce = newNonce();
  send(res, 200, page(title, body, linkedAssets(), { nonce, csrf: c.csrf, notices }), "text/html; charset=utf-8", { "content-security-policy": csp(nonce) });
}

const MAX_SCORE_BODY = 8 * 1024 * 1024;

/** The test form's request, sent to the endpoint `sluice serve` runs, with its key (the page never sees the key). */
async function scoreThrough(c: RouteContext, name: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const json = "application/json";
  const row = endpoints(c.s).rows.find((e) => e.name === name);
  if (!row?.server) return send(res, 409, JSON.stringify({ error: `endpoint ${name} is not being served here` }), json);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_SCORE_BODY) return send(res, 413, JSON.stringify({ error: "the test request is larger than 8 MiB" }), json, { connection: "close" });
    chunks.push(chunk as Buffer);
  }
  let form: { body?: unknown; deployment?: unknown };
  try {
    form = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as typeof form;
  } catch {
    return send(res, 400, JSON.stringify({ error: "the test request is not JSON" }), json);
  }
  if (
    typeof form !== "object" ||
    form === null ||
    (form.body !== undefined && typeof form.body !== "string") ||
    (form.deployment !== undefined && typeof form.deployment !== "string")
  )
    return send(res, 400, JSON.stringify({ error: "expected {body: string, deployment?: string}" }), json);
  let key: string;
  try {
    key = endpointKeys(c.s.stateDir, name).primaryKey;
  } catch (e) {
    return send(res, 409, JSON.stringify({ error: `endpoint ${name}: its keys cannot be read (${oneLine(e)})` }), json);
  }
  const headers: Record<string, string> = { authorization: `Bearer ${key}`, "content-type": json };
  if (form.deployment) headers["azureml-model-deployment"] = form.deployment;
  const answer = await fetch(row.server.url, { method: "POST", headers, body: form.body ?? "" }).then(
    async (r) => ({ status: r.status, body: await r.text() }),
    (e: Error) => ({ status: 502, body: `the endpoint did not answer: ${oneLine(e)}` }),
  );
  send(res, 200, JSON.stringify(answer), json);
}

type Handler = (c: RouteContext, m: string[], req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

const get =
  (h: Handler): Handler =>
  (c, m, req, res) =>
    req.method === "GET" || req.method === "HEAD" ? h(c, m, req, res) : send(res, 405, "<p>GET only</p>", undefined, { allow: "GET, HEAD" });

/** Path patterns of the pages and their data, tried in order. */
const ROUTES: Array<[RegExp, Handler]> = [
  [
    /^\/$/,
    get((c, _m, _q, res) => {
      const { list, notices } = runs(c.s);
      sendPage(res, c, "runs", runsView(list, notices), notices);
    }),
  ],
  [
    /^\/models$/,
    get((c, _m, _q, res) => {
      const { rows, notices } = models(c.s);
      sendPage(res, c, "models", modelsView(rows), notices);
    }),
  ],
  [
    /^\/endpoints$/,
    get((c, _m, _q, res) => {
      const { rows, notices } = endpoints(c.s);
      sendPage(res, c, "endpoints", endpointsView(rows), notices);
    }),
  ],
  [
    /^\/assets\/([\w.-]+)$/,
    get((_c, m, _q, res) => {
      const a = asset(m[1] as string);
      if (a) send(res, 200, a.text, a.type);
      else send(res, 404, "no such asset", "text/plain; charset=utf-8");
    }),
  ],
  [
    /^\/runs\/([\w.-]+)$/,
    get(async (c, m, _q, res) => {
      const view = await runView(c.s, m[1] as string, { remote: azureAutomlMetrics });
      sendPage(res, c, view.title, view.body, view.notices);
    }),
  ],
  [/^\/api\/runs\/([\w.-]+)\/events$/, get((c, m, req, res) => runEvents(c.s, m[1] as string, req, res, c.log))],
  [/^\/api\/runs\/([\w.-]+)\/steps\/([\w.-]+)\/log$/, get((c, m, req, res) => logEvents(c.s, m[1] as string, m[2] as string, req, res, c.log))],
  [
    /^\/api\/endpoints\/([\w.-]+)\/score$/,
    (c, m, req, res) =>
      req.method === "POST" ? scoreThrough(c, m[1] as string, req, res) : send(res, 405, "POST only", "text/plain; charset=utf-8", { allow: "POST" }),
  ],
];

export async function route(c: RouteContext, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  for (const [pattern, handle] of ROUTES) {
    const m = pattern.exec(path);
    if (!m) continue;
    try {
      await handle(c, [...m], req, res);
    } catch (e) {
      // An unknown or unreadable run: the store says which, as the CLI does.
      if (e instanceof SluiceError && !res.headersSent) send(res, 404, `<p>${esc(e.message)}</p>`);
      else throw e;
    }
    return;
  }
  send(res, 404, "<p>not found</p>");
}
