// The run page's server fed random requests (fast-check): methods, paths built from its routes'
// words and random bytes, query strings, cookies, hosts, origins, tokens and bodies, over good,
// corrupt and odd records. Every request gets an answer, never a 500, never a stack trace, and
// the server's error boundary never has to catch anything.
import { request } from "node:http";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUiServer, type UiServer } from "../../packages/runtime/src/ui/ui-server.ts";
import { PAYLOAD, uiClient, uiState } from "../helpers/ui-fixture.ts";

const fx = uiState();
let ui: UiServer;
let port = 0;
let cookie = "";
let csrf = "";
const boundary: string[] = [];

beforeAll(async () => {
  fx.run(
    "20260101-000000-000-good",
    { steps: [{ name: "train", node: "train", status: "completed", reused: false, durationMs: 5 }] },
    { nodes: [{ key: "train", step: "train", kind: "command", inputs: {}, outputs: ["model"] }], edges: [] },
  );
  fx.stepFile("20260101-000000-000-good", "train", "stdout.log", "hello\n");
  fx.run(
    "20260101-000001-000-odd",
    { pipeline: PAYLOAD, startedAt: 5, steps: [{ name: 1, node: PAYLOAD, status: "x", reused: "no", durationMs: "long", trials: "none" }] },
    { nodes: "none", edges: 3 },
  );
  fx.write(`${fx.runDir("20260101-000002-000-corrupt")}/run.json`, '{"id": ');
  fx.write(`${fx.runDir("__proto__")}/run.json`, "{}");
  fx.model("M", 1, { lineage: { sluice_run_id: "../../etc" }, metric: { name: "m", value: "high" } });
  fx.endpointFile("ep", "server.json", JSON.stringify({ host: "127.0.0.1", port: 9, pid: process.pid, deployments: "none" }));
  fx.endpointFile("ep", "history.jsonl", "[1]\n{}\n");
  ui = await startUiServer(fx.state, { log: (l) => boundary.push(l) });
  port = Number(new URL(ui.url).port);
  const client = uiClient(ui.url);
  cookie = client.cookie;
  csrf = /<meta name="sluice-csrf" content="([^"]+)">/.exec((await client.get("/")).text)?.[1] as string;
});

afterAll(async () => {
  await ui?.close();
  fx.cleanup();
});

/** Sends one raw request (node:http, so Host and the path go as generated; a connection each); the answer or why none came. */
function send(method: string, path: string, headers: Record<string, string>, body?: Uint8Array): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers, setHost: !("host" in headers), agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.setTimeout(5000, () => req.destroy(new Error(`no answer within 5 s: ${method} ${path}`)));
    req.on("error", reject);
    req.end(body);
  });
}

const ids = ["20260101-000000-000-good", "20260101-000001-000-odd", "20260101-000002-000-corrupt", "latest", "2026", "__proto__", "nope"];
const words = [
  ...ids,
  "",
  "runs",
  "api",
  "assets",
  "steps",
  "log",
  "events",
  "endpoints",
  "score",
  "models",
  "train",
  "ep",
  "app.js",
  "constructor",
  "..",
  "%2e%2e",
  "%2F",
  "%00",
  "%ZZ",
  ".",
];
const segment = fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 12 }).map(encodeURIComponent), fc.webSegment());
const path = fc.oneof(
  fc.constantFrom(
    "/",
    "/models",
    "/endpoints",
    "/assets/app.js",
    "/api/endpoints/ep/score",
    ...ids.flatMap((id) => [`/runs/${id}`, `/api/runs/${id}/events`, `/api/runs/${id}/steps/train/log`]),
  ),
  fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => `/${s.join("/")}`),
  fc.constantFrom("*", "//double/slash", "/runs/", "/?token=", "/?token=x&token=y"),
);
const query = fc.option(fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 10 }), { maxKeys: 3 }), { nil: undefined });
/** A header value the client can send (printable ASCII). */
const text = fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, ""));
const headers = fc.record({
  cookie: fc.oneof(
    fc.constant("valid"),
    fc.constant(""),
    text,
    text.map((t) => `valid; ${t}`),
  ),
  host: fc.oneof(fc.constant("valid"), text, fc.constant("localhost"), fc.constant("evil.example:80")),
  origin: fc.option(fc.oneof(fc.constant("self"), text), { nil: undefined }),
  csrf: fc.option(fc.oneof(fc.constant("valid"), text), { nil: undefined }),
  type: fc.option(text, { nil: undefined }),
});
const body = fc.option(
  fc.oneof(
    fc.uint8Array({ maxLength: 200 }),
    fc.jsonValue().map((v) => new TextEncoder().encode(JSON.stringify(v))),
    fc
      .record({ body: fc.oneof(fc.string(), fc.jsonValue()), deployment: fc.oneof(fc.string(), fc.jsonValue()) })
      .map((v) => new TextEncoder().encode(JSON.stringify(v))),
  ),
  { nil: undefined },
);
const method = fc.constantFrom("GET", "GET", "GET", "HEAD", "POST", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");

describe("the UI's routes under random requests", () => {
  it("answer everything without a 500, a stack trace or a hang", async () => {
    await fc.assert(
      fc.asyncProperty(method, path, query, headers, body, async (m, p, q, h, b) => {
        const qs = q ? `?${new URLSearchParams(q).toString()}` : "";
        const sent: Record<string, string> = { host: h.host === "valid" ? `127.0.0.1:${port}` : h.host };
        sent.cookie = h.cookie.replace("valid", cookie);
        if (h.origin !== undefined) sent.origin = h.origin === "self" ? `http://127.0.0.1:${port}` : h.origin;
        if (h.csrf !== undefined) sent["x-sluice-csrf"] = h.csrf === "valid" ? csrf : h.csrf;
        if (h.type !== undefined) sent["content-type"] = h.type;
        const answer = await send(m, `${p}${qs}`, sent, m === "GET" || m === "HEAD" ? undefined : b);
        expect(answer.status, `${m} ${p}${qs}`).not.toBe(500);
        expect(answer.status).toBeGreaterThanOrEqual(200);
        expect(answer.text).not.toMatch(/\n\s+at .+:\d+:\d+|node:internal|TypeError|SyntaxError/);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400) },
    );
    expect(boundary).toEqual([]);
  }, 50_000);
});
