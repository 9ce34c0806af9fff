// The run page attacked at the HTML level, in process: run data full of markup comes out as text
// (attribute values included), the policy allows no inline script, the session cookie is per
// port and a wrong one is refused, a state-changing request needs the page's token, asset names
// have no prototype path, and the models and run pages tell the truth (served by, removed runs,
// every output of a step).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { esc, jsonBlock } from "../../packages/runtime/src/ui/html.ts";
import { startUiServer, type UiServer } from "../../packages/runtime/src/ui/ui-server.ts";
import { PAYLOAD, uiClient, uiState } from "../helpers/ui-fixture.ts";

const fx = uiState();
let ui: UiServer;
let client: ReturnType<typeof uiClient>;
const logged: string[] = [];

/** Every `<script>` in a page: only JSON data blocks and the UI's own files. */
const scriptTags = (html: string) => html.match(/<script\b[^>]*>/g) ?? [];
const rawPayload = /<script>alert|<img\b/;

beforeAll(async () => {
  // Free-text fields hold markup; enumerations keep their values (a store may check them).
  fx.run(
    "r-text",
    {
      pipeline: PAYLOAD,
      params: { [PAYLOAD]: PAYLOAD },
      steps: [
        { name: PAYLOAD, node: "train", status: "completed", reused: true, reusedFrom: PAYLOAD, durationMs: 10, reason: PAYLOAD },
        { name: "automl", node: "automl", status: "completed", reused: false, durationMs: 10 },
        {
          name: "sweep",
          node: "sweep",
          status: "failed",
          reused: false,
          durationMs: 10,
          reason: PAYLOAD,
          trials: [{ id: PAYLOAD, params: { [PAYLOAD]: PAYLOAD }, metric: 0.5, status: "completed", reused: false }],
        },
      ],
    },
    {
      nodes: [
        { key: "train", step: PAYLOAD, kind: PAYLOAD, inputs: { [PAYLOAD]: PAYLOAD }, outputs: [PAYLOAD] },
        { key: "automl", step: "automl", kind: "automl", inputs: {}, outputs: ["best_model"] },
        { key: "sweep", step: "sweep", kind: "sweep", inputs: {}, outputs: [] },
      ],
      edges: [{ from: "train", to: "automl", label: PAYLOAD }],
    },
  );
  const iteration = (i: unknown) => ({
    iteration: i,
    algorithm: PAYLOAD,
    status: "completed",
    primary_metric: { name: "AUC", value: 0.8 },
    metrics: { AUC: 0.8 },
  });
  fx.stepFile(
    "r-text",
    "automl",
    "outputs/metrics/metrics.json",
    JSON.stringify({ task: PAYLOAD, primary_metric: PAYLOAD, goal: "maximize", best_iteration: 0, iterations: [iteration(0), iteration(1)] }),
  );
  fx.stepFile("r-text", "automl", "outputs/best_model/MLmodel", "flavors: {}\n");
  const charts = {
    kind: "classification",
    roc: [[0, 0]],
    precision_recall: [[0, 1]],
    curves_of: PAYLOAD,
    confusion_matrix: {
      labels: [PAYLOAD, "b"],
      matrix: [
        [1, 2],
        [3, 4],
      ],
    },
  };
  fx.stepFile("r-text", "automl", "outputs/metrics/charts.json", JSON.stringify(charts));
  // What the old page printed unescaped: an AutoML iteration and confusion-matrix cells.
  fx.run("r-automl", { steps: [{ name: "automl", node: "automl", status: "completed", reused: false, durationMs: 1 }] });
  fx.stepFile(
    "r-automl",
    "automl",
    "outputs/metrics/metrics.json",
    JSON.stringify({ task: "classification", primary_metric: "AUC", goal: "maximize", best_iteration: 0, iterations: [iteration(PAYLOAD)] }),
  );
  fx.stepFile("r-automl", "automl", "outputs/metrics/charts.json", JSON.stringify({ ...charts, confusion_matrix: { labels: ["a"], matrix: [[PAYLOAD]] } }));
  fx.model("Kept", 1, { lineage: { sluice_run_id: "r-text", sluice_step: PAYLOAD }, metric: { name: PAYLOAD, value: 0.9 } });
  fx.model("Orphan", 2, { lineage: { sluice_run_id: "20250101-000000-000-gone", sluice_step: "register" } });
  fx.endpointFile(
    "ep",
    "server.json",
    JSON.stringify({ host: "127.0.0.1", port: 9, pid: process.pid, deployments: [{ name: "blue", traffic: 100, model: "Orphan:2", status: "ready" }] }),
  );
  fx.endpointFile(
    "ep",
    "history.jsonl",
    `${JSON.stringify({ decision: PAYLOAD, deployment: PAYLOAD, model: { name: PAYLOAD, version: PAYLOAD }, run: PAYLOAD, why: PAYLOAD })}\n{not json\n`,
  );
  ui = await startUiServer(fx.state, { log: (l) => logged.push(l) });
  client = uiClient(ui.url);
});

afterAll(async () => {
  await ui?.close();
  fx.cleanup();
});

describe("run data is text, never markup", () => {
  it.each(["/", "/runs/r-text", "/runs/r-automl", "/models", "/endpoints"])("%s: no markup from run data, attribute values escaped", async (path) => {
    const page = await client.get(path);
    expect(page.status).toBe(200);
    expect(page.text).not.toMatch(rawPayload);
    for (const tag of scriptTags(page.text)) expect(tag).toMatch(/^<script (type="application\/json" id="[^"<>]*"|src="\/assets\/(uplot|app)\.js")>$/);
  });

  it("escapes quotes in attribute values, so none can be closed by data", async () => {
    const list = await client.get("/");
    expect(list.text).toContain(`data-text="r-text &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"`);
    const page = await client.get("/runs/r-text");
    // The step's title, its kind in the DAG and a reused step's link: each shown escaped.
    expect(page.text).toMatch(/<title>&quot;&gt;&lt;script&gt;alert\(1\)/);
    expect(page.text).toContain(`href="/runs/%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"`);
    expect(page.text).not.toMatch(/="[^"]*"><script>/);
  });

  it("names an AutoML file whose cells are not what the engine writes, and shows the rest", async () => {
    const page = await client.get("/runs/r-automl");
    expect(page.text).toMatch(/class="notice">[^<]*charts\.json is not shown: it is not AutoML charts/);
    expect(page.text).toMatch(/<table class="leaderboard">.*?<td><\/td><td>&quot;&gt;&lt;script&gt;/s);
  });

  it("sends a policy with a fresh nonce and no 'unsafe-inline', in the header and the page", async () => {
    const [a, b] = [await client.get("/runs/r-text"), await client.get("/runs/r-text")];
    const policy = a.headers.get("content-security-policy") ?? "";
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
    expect(policy).not.toContain("unsafe-inline");
    expect(policy).not.toBe(b.headers.get("content-security-policy"));
    expect(a.text).toMatch(/http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'nonce-/);
    expect(a.text).not.toContain("unsafe-inline");
    expect(a.text).not.toMatch(/ style="/);
  });
});

describe("the escaping functions", () => {
  it("JSON in a script block cannot close it, open a comment or carry a line separator, and reads back the same", () => {
    const value = { a: "</script><script>alert(1)</script>", b: "<!-- x -->", c: "line\u2028sep\u2029para", d: "a & b > c" };
    const block = jsonBlock("data", value);
    const body = block.slice(block.indexOf(">") + 1, block.lastIndexOf("</script>"));
    expect(body).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(body)).toEqual(value);
  });

  it("an attribute value cannot be closed by either quote", () => {
    expect(esc(`x" onmouseover="a' b='c`)).toBe("x&quot; onmouseover=&quot;a&#39; b=&#39;c");
  });
});

describe("the session", () => {
  it("names its cookie for the port, refuses a wrong cookie and another port's cookie", async () => {
    const port = new URL(ui.url).port;
    const exchange = await fetch(ui.url, { redirect: "manual" });
    expect(exchange.status).toBe(303);
    expect(exchange.headers.get("set-cookie")).toMatch(new RegExp(`^sluice_ui_${port}=[\\w-]+; HttpOnly; SameSite=Strict; Path=/$`));
    const token = new URL(ui.url).searchParams.get("token") as string;
    const wrong = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    expect((await fetch(`${client.origin}/`, { headers: { cookie: `sluice_ui_${port}=${wrong}` } })).status).toBe(401);
    expect((await fetch(`${client.origin}/`, { headers: { cookie: `sluice_ui=${token}` } })).status).toBe(401);
    expect((await fetch(`${client.origin}/`, { headers: { cookie: `sluice_ui_1${port}=${token}` } })).status).toBe(401);
    expect((await fetch(`${client.origin}/`, { headers: { cookie: `other=1; ${client.cookie}` } })).status).toBe(200);
  });

  it("keeps two sessions apart: each server takes only its own cookie, both sent at once", async () => {
    const other = await startUiServer(fx.state, { log: () => {} });
    try {
      const both = `${uiClient(other.url).cookie}; ${client.cookie}`;
      expect((await fetch(`${client.origin}/`, { headers: { cookie: both } })).status).toBe(200);
      expect((await fetch(`${uiClient(other.url).origin}/`, { headers: { cookie: both } })).status).toBe(200);
      expect((await fetch(`${uiClient(other.url).origin}/`, { headers: { cookie: client.cookie } })).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it("refuses a POST without the page's token, with a wrong one, or from another origin", async () => {
    const page = await client.get("/endpoints");
    const csrf = /<meta name="sluice-csrf" content="([^"]+)">/.exec(page.text)?.[1] as string;
    expect(csrf).toBeTruthy();
    const post = (headers: Record<string, string>) =>
      fetch(`${client.origin}/api/endpoints/ep/score`, {
        method: "POST",
        headers: { cookie: client.cookie, "content-type": "application/json", ...headers },
        body: "{}",
      });
    expect((await post({})).status).toBe(403);
    expect((await post({ "x-sluice-csrf": `${csrf}x` })).status).toBe(403);
    expect((await post({ "x-sluice-csrf": csrf, origin: "http://127.0.0.1:1" })).status).toBe(403);
    // With the token, the request reaches the endpoint (here a dead port: 502 in the answer, not a refusal).
    const ok = await post({ "x-sluice-csrf": csrf, origin: client.origin });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { status: number }).status).toBe(502);
  });
});

describe("assets and truthful pages", () => {
  it.each(["/assets/constructor", "/assets/__proto__", "/assets/toString", "/assets/..%2f..", "/assets/hasOwnProperty"])("%s is 404", async (path) => {
    expect((await client.get(path)).status).toBe(404);
  });

  it("models: served by what sluice serve serves, and no link to a run gc removed", async () => {
    const page = await client.get("/models");
    const orphan = /<tr><td>Orphan<\/td>.*?<\/tr>/s.exec(page.text)?.[0] ?? "";
    expect(orphan).toContain("ep/blue (serving)");
    expect(orphan).toContain("20250101-000000-000-gone (run removed)");
    expect(orphan).not.toContain('href="/runs/20250101-000000-000-gone"');
    expect(page.text).toContain('href="/runs/r-text"');
  });

  it("lists every output of an AutoML step: the model and the metrics", async () => {
    const page = await client.get("/runs/r-text");
    const automl = /<section class="step" id="step-automl".*?<\/section>/s.exec(page.text)?.[0] ?? "";
    expect(automl).toMatch(/outputs: <code>best_model<\/code> <code>metrics<\/code>/);
  });

  it("names a deploy decision line that is not one, and shows the others", async () => {
    const page = await client.get("/endpoints");
    expect(page.text).toContain("endpoint ep: history.jsonl line 2 is not shown: it is not valid JSON");
    expect(page.text).toContain("&lt;script&gt;alert(1)");
  });
});
