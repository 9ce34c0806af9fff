// Stored XSS attempts in a real browser (Chromium, playwright-core): every string a run, its
// graph, its AutoML files, a model and an endpoint's history hold is
// `"><script>alert(1)</script><img src=x onerror=alert(1)>`. The UI's pages and a `sluice report`
// file show it as text: no dialog, no script of its own runs, and the policy never had to block
// anything (escaping alone held). A page on another loopback port cannot make the UI send a
// scoring request, while the UI's own test form can.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUiServer, type UiServer } from "../../packages/runtime/src/ui/ui-server.ts";
import { launchBrowser } from "../helpers/browser.ts";
import { runCli } from "../helpers/run-node.ts";
import { PAYLOAD, uiState } from "../helpers/ui-fixture.ts";

const fx = uiState();
const ID = "20260101-000000-000-xss";
let ui: UiServer;
let browser: Browser;
const scored: string[] = [];
const servers: Server[] = [];

async function listen(handler: Parameters<typeof createServer>[1]): Promise<number> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  const steps = [
    { name: PAYLOAD, node: "train", status: "failed", reused: false, durationMs: 10, reason: PAYLOAD },
    { name: PAYLOAD, node: "automl", status: "completed", reused: true, reusedFrom: PAYLOAD, durationMs: 10 },
    { name: PAYLOAD, node: "automl2", status: "completed", reused: false, durationMs: 10 },
    {
      name: PAYLOAD,
      node: "sweep",
      status: "completed",
      reused: false,
      durationMs: 10,
      trials: [{ id: PAYLOAD, params: { [PAYLOAD]: 1 }, metric: 0.5, status: "terminated", reused: false }],
    },
  ];
  const nodes = ["train", "automl", "automl2", "sweep"].map((key) => ({
    key,
    step: PAYLOAD,
    kind: key.startsWith("automl") ? "automl" : PAYLOAD,
    inputs: { [PAYLOAD]: PAYLOAD },
    outputs: [PAYLOAD],
  }));
  fx.run(ID, { pipeline: PAYLOAD, params: { [PAYLOAD]: PAYLOAD }, steps }, { nodes, edges: [{ from: "train", to: "automl", label: PAYLOAD }] });
  fx.stepFile(ID, "train", "stderr.log", `${PAYLOAD}\n`);
  const it = { iteration: 0, algorithm: PAYLOAD, status: PAYLOAD, primary_metric: { name: PAYLOAD, value: 0.8 }, metrics: { [PAYLOAD]: 0.8 } };
  fx.stepFile(
    ID,
    "automl",
    "outputs/metrics/metrics.json",
    JSON.stringify({ task: PAYLOAD, primary_metric: PAYLOAD, goal: PAYLOAD, best_iteration: 0, iterations: [it] }),
  );
  const matrix = {
    labels: [PAYLOAD, "b"],
    matrix: [
      [1, 2],
      [3, 4],
    ],
  };
  fx.stepFile(
    ID,
    "automl",
    "outputs/metrics/charts.json",
    JSON.stringify({
      kind: "classification",
      roc: [
        [0, 0],
        [1, 1],
      ],
      precision_recall: [
        [0, 1],
        [1, 0],
      ],
      curves_of: PAYLOAD,
      confusion_matrix: matrix,
    }),
  );
  // What the old page printed raw: an iteration and confusion-matrix cells (this engine file is refused or shown as text).
  fx.stepFile(
    ID,
    "automl2",
    "outputs/metrics/metrics.json",
    JSON.stringify({ task: "t", primary_metric: "m", goal: "maximize", best_iteration: 0, iterations: [{ ...it, iteration: PAYLOAD }] }),
  );
  const cells = { labels: ["a"], matrix: [[PAYLOAD]] };
  fx.stepFile(
    ID,
    "automl2",
    "outputs/metrics/charts.json",
    JSON.stringify({ kind: "classification", roc: [], precision_recall: [], curves_of: "1", confusion_matrix: cells }),
  );
  fx.model("M", 1, { lineage: { sluice_run_id: ID, sluice_step: PAYLOAD }, metric: { name: PAYLOAD, value: 0.9 } });
  fx.endpointFile(
    "ep",
    "history.jsonl",
    `${JSON.stringify({ decision: PAYLOAD, deployment: PAYLOAD, model: { name: PAYLOAD, version: PAYLOAD }, run: PAYLOAD, why: PAYLOAD })}\n`,
  );
  // A scoring endpoint that records every request the UI forwards to it.
  const scoring = await listen((req, res) => {
    scored.push(String(req.headers.authorization ? "with key" : "without key"));
    res.end("[1]");
  });
  const deployments = [{ name: PAYLOAD, traffic: 100, model: "M:1", status: PAYLOAD }];
  fx.endpointFile("live", "server.json", JSON.stringify({ host: "127.0.0.1", port: scoring, pid: process.pid, deployments }));
  ui = await startUiServer(fx.state, { log: () => {} });
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await ui?.close();
  for (const s of servers) s.close();
  fx.cleanup();
});

/** The browser's computed styles, typed here (the tests compile without the DOM library). */
type Styles = { getComputedStyle(e: unknown): { getPropertyValue(name: string): string } };

/** A page that records dialogs and policy violations (either means markup from data got through). */
async function watched(): Promise<{ page: Page; dialogs: string[]; violations: string[] }> {
  const page = await browser.newPage();
  const dialogs: string[] = [];
  const violations: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript({ content: `document.addEventListener("securitypolicyviolation", (e) => console.error("Refused to: " + e.violatedDirective))` });
  return { page, dialogs, violations };
}

describe("markup in run data, in the browser", () => {
  it("the UI's pages show it as text and run none of it", async () => {
    const { page, dialogs, violations } = await watched();
    await page.goto(ui.url);
    const origin = new URL(ui.url).origin;
    for (const path of ["/", `/runs/${ID}`, "/models", "/endpoints"]) {
      await page.goto(`${origin}${path}`);
      await page.waitForLoadState("load");
      await expect(page.locator("main").textContent()).resolves.toContain("<script>alert(1)</script><img src=x onerror=alert(1)>");
      await expect(page.locator("main script:not([type]), main img").count()).resolves.toBe(0);
    }
    await page.goto(`${origin}/runs/${ID}`);
    await page
      .locator("#step-train details.logbox summary")
      .click()
      .catch(() => {});
    await expect.poll(() => page.locator("#step-train pre.log").textContent()).toContain("<script>alert(1)</script>");
    // The page's own script runs under the policy: charts drawn, the confusion matrix shaded.
    await expect.poll(() => page.locator("#step-automl [data-drawn=true] canvas").count()).toBeGreaterThanOrEqual(2);
    const heat = page
      .locator("#step-automl table.confusion td")
      .last()
      .evaluate((td) => (globalThis as unknown as Styles).getComputedStyle(td).getPropertyValue("--heat").trim());
    await expect(heat).resolves.toMatch(/^1(\.0+)?$/);
    expect(dialogs).toEqual([]);
    expect(violations).toEqual([]);
    await page.close();
  }, 30_000);

  it("a sluice report of the run shows it as text and runs none of it, offline", async () => {
    const out = join(fx.root, "report.html");
    const r = runCli(["report", ID, "--out", out], { env: { ...process.env, SLUICE_STATE_DIR: fx.state.stateDir, SLUICE_CACHE_DIR: join(fx.root, "cache") } });
    expect(r.status, r.stderr).toBe(0);
    const { page, dialogs, violations } = await watched();
    await page.goto(`file://${out}`);
    await expect(page.locator("main").textContent()).resolves.toContain("<script>alert(1)</script><img src=x onerror=alert(1)>");
    await expect.poll(() => page.locator("[data-drawn=true] canvas").count()).toBeGreaterThanOrEqual(2);
    await expect(page.locator("main script:not([type]), main img").count()).resolves.toBe(0);
    expect(dialogs).toEqual([]);
    expect(violations).toEqual([]);
    await page.close();
  }, 60_000);
});

describe("a page on another loopback port", () => {
  it("cannot make the UI send a scoring request; the UI's own form can", async () => {
    const target = `${new URL(ui.url).origin}/api/endpoints/live/score`;
    const attack = `<!doctype html><iframe name="sink"></iframe>
<form id="f" method="POST" action="${target}" enctype="text/plain" target="sink"><input name='{"body":"{}","x":"' value='"}'></form>
<script>
fetch(${JSON.stringify(target)}, { method: "POST", mode: "no-cors", credentials: "include", headers: { "content-type": "text/plain" }, body: JSON.stringify({ body: "{}" }) })
  .catch(() => {}).then(() => { document.getElementById("f").submit(); setTimeout(() => { document.title = "done"; }, 500); });
</script>`;
    const evil = await listen((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(attack));
    const { page } = await watched();
    await page.goto(ui.url); // the session's cookie is in this browser
    await page.goto(`http://127.0.0.1:${evil}/`);
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe("done");
    expect(scored).toEqual([]);
    // The same browser, on the UI's own page: the test form goes through, with the key.
    await page.goto(`${new URL(ui.url).origin}/endpoints`);
    const form = page.locator('form.score[data-endpoint="live"]');
    await form.locator("textarea").fill("{}");
    await form.locator("button").click();
    await expect.poll(() => form.locator(".answer").textContent(), { timeout: 10_000 }).toBe("200\n[1]");
    expect(scored).toEqual(["with key"]);
    await page.close();
  }, 30_000);
});
