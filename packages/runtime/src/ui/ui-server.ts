import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { UiState } from "./ui-data.ts";
import { oneLine, type UiLog } from "./ui-events.ts";
import { type RouteContext, route, send } from "./ui-routes.ts";

/** Equal secrets, compared in constant time. */
function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The session cookie's name: one per port, so two `sluice ui` in one browser keep their own keys. */
export const cookieName = (port: number) => `sluice_ui_${port}`;

/** The header a state-changing request carries the session's token in (the page reads it from its meta tag). */
export const CSRF_HEADER = "x-sluice-csrf";

export interface UiServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

interface Session {
  port: number;
  token: string;
  csrf: string;
  loopback: boolean;
}

/** Answers a refused request; false, so `gate` can return it. */
function refuse(res: ServerResponse, status: number, body: string, type = "text/plain; charset=utf-8", headers: Record<string, string> = {}): false {
  send(res, status, body, type, headers);
  return false;
}

/** Whether the request may be routed; false once it has been answered (refused, or the key turned into a cookie). */
function gate(x: Session, req: IncomingMessage, url: URL, res: ServerResponse): boolean {
  const host = req.headers.host ?? "";
  // On loopback, only loopback names (a page elsewhere cannot reach it by rebinding its DNS);
  // bound wider on purpose (--host), any name, the key still required.
  if (x.loopback && !["127.0.0.1", "localhost", "[::1]"].some((h) => host === `${h}:${x.port}`))
    return refuse(res, 421, "wrong host", "text/plain; charset=utf-8");
  const given = url.searchParams.get("token");
  if (given !== null && req.method === "GET" && same(given, x.token)) {
    url.searchParams.delete("token");
    const cookie = `${cookieName(x.port)}=${x.token}; HttpOnly; SameSite=Strict; Path=/`;
    return refuse(res, 303, "", "text/plain", { location: url.pathname + url.search, "set-cookie": cookie });
  }
  const name = cookieName(x.port);
  const cookies = (req.headers.cookie ?? "").split(";").map((c) => c.trim());
  const cookie = cookies.find((c) => c.startsWith(`${name}=`))?.slice(name.length + 1) ?? "";
  if (!same(cookie, x.token)) return refuse(res, 401, "<p>open the URL <code>sluice ui</code> printed (it carries the key)</p>", "text/html; charset=utf-8");
  if (req.method !== "GET" && req.method !== "HEAD") {
    // Another page on this machine (any loopback port is the same site) could send the cookie:
    // a state-changing request must also carry the token only this UI's pages can read.
    const origin = req.headers.origin;
    const ok =
      same(String(req.headers[CSRF_HEADER] ?? ""), x.csrf) &&
      (origin === undefined || new RegExp(`^http://(127\\.0\\.0\\.1|localhost|\\[::1\\]):${x.port}$`).test(origin) || !x.loopback);
    if (!ok) return refuse(res, 403, JSON.stringify({ error: "this request needs the page's session token" }), "application/json");
  }
  return true;
}

/**
 * `sluice ui`'s server: pages over the project's `.sluice/` state, on loopback. The URL it prints
 * carries a one-time token that becomes a same-site cookie named for the port; any other
 * request is refused, as is any Host that is not this address (no DNS rebinding). Every request
 * is its own error boundary: a failure logs one line, answers 500 without details, and the
 * server goes on.
 */
export async function startUiServer(s: UiState, listen: { host?: string; port?: number; log?: UiLog } = {}): Promise<UiServer> {
  const host = listen.host ?? "127.0.0.1";
  const log = listen.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const x: Session = {
    port: 0,
    token: randomBytes(18).toString("base64url"),
    csrf: randomBytes(18).toString("base64url"),
    loopback: ["127.0.0.1", "localhost", "::1"].includes(host),
  };
  const context: RouteContext = { s, csrf: x.csrf, log };
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(`http://sluice${req.url ?? "/"}`);
    } catch {
      return send(res, 400, "bad request", "text/plain; charset=utf-8");
    }
    if (gate(x, req, url, res)) await route(context, url.pathname, req, res);
  }
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log(`ui: ${req.method} ${String(req.url).split("?")[0]?.slice(0, 200)}: ${oneLine(e)}`);
      if (!res.headersSent) send(res, 500, "<p>this page could not be shown; the terminal running <code>sluice ui</code> says why</p>");
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port ?? 0, host, resolve);
  });
  server.on("error", (e) => log(`ui: ${oneLine(e)}`));
  x.port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host === "0.0.0.0" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host}:${x.port}/?token=${x.token}`,
    server,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
