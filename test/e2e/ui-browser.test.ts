// The run page in a real browser (Debian's Chromium, driven by playwright-core): the runs list,
// a completed Titanic run with its AutoML leaderboard and charts, a step turning from running to
// completed while the page watches, a failed step's log with HTML in it shown as text, the models
// and endpoints pages, and the self-contained report. Screenshots go to test/.output/ui/.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, SCREENSHOTS } from "../helpers/browser.ts";
import { sandbox } from "../helpers/local-sandbox.ts";
import { startUiProcess } from "../helpers/ui-process.ts";
import { REPO_ROOT } from "../helpers/run-node.ts";

const TITANIC = "examples/titanic-automl/titanic.pipeline.ts";
const UI_CHECKS = "test/fixtures/ui/ui.pipeline.ts";
const IRIS_SWEEP = "examples/iris-sweep/iris.pipeline.ts";
const box = sandbox();
let ui: ChildProcess;
let url = "";
let browser: Browser;
let page: Page;
let titanicRun = "";
let sweepRun = "";
let rerun = "";

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
const origin = () => new URL(url).origin;

beforeAll(async () => {
  const r = box.sluice(["run", TITANIC]);
  expect(r.status, r.stderr).toBe(0);
  titanicRun = box.runs()[0]?.id as string;
  const again = box.sluice(["run", TITANIC]);
  expect(again.status, again.stderr).toBe(0);
  rerun = box.runs()[0]?.id as string;
  const swept = box.sluice(["run", IRIS_SWEEP]);
  expect(swept.status, swept.stderr).toBe(0);
  sweepRun = box.runs()[0]?.id as string;
  const started = await startUiProcess(box.env);
  ui = started.process;
  url = started.url;
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  ui?.kill("SIGINT");
  box.cleanup();
});

describe("sluice ui", () => {
  it("lists the runs, filterable, and refuses a request without the key", async () => {
    await page.goto(`${origin()}/`);
    await expect.poll(() => page.locator("table.runs tbody tr").count()).toBe(3);
    await expect(page.locator("table.runs").textContent()).resolves.toContain("titanic_automl");
    await page.fill("#run-filters input[name=q]", "no-such-pipeline");
    await expect.poll(() => page.locator("table.runs tbody tr:visible").count()).toBe(0);
    await page.fill("#run-filters input[name=q]", "");
    await shot("runs");
    const stranger = await fetch(`${origin()}/`);
    expect(stranger.status).toBe(401);
  });

  it("shows a completed Titanic run: the DAG, the AutoML leaderboard and its charts drawn", async () => {
    await page.goto(`${origin()}/runs/${titanicRun}`);
    await expect(page.locator(".dag .node").count()).resolves.toBe(5);
    await expect(page.locator('.dag .node[data-status="completed"]').count()).resolves.toBe(5);
    const leaderboard = page.locator("#step-automl_classification table.leaderboard tbody tr");
    await expect(leaderboard.count()).resolves.toBeGreaterThanOrEqual(2);
    await expect(page.locator("#step-automl_classification table.leaderboard").textContent()).resolves.toMatch(/LogisticRegression|RandomForest/);
    await expect.poll(() => page.locator("#step-automl_classification [data-drawn=true] canvas").count()).toBeGreaterThanOrEqual(3);
    await expect(page.locator("#step-automl_classification table.confusion td").count()).resolves.toBe(4);
    // Both of the AutoML step's outputs, the model and its metrics.
    await expect(page.locator("#step-automl_classification p.outputs").textContent()).resolves.toBe("outputs: best_model metrics");
    await expect
      .poll(() => page.locator("#step-automl_classification table.confusion td[data-heat]").first().getAttribute("style"))
      .toMatch(/--heat: ?(0\.\d+|1)\b/);
    await shot("titanic-run");
  });

  it("marks the steps a re-run reused, with the run they reuse, and shows the producer's log", async () => {
    await page.goto(`${origin()}/runs/${rerun}`);
    await expect(page.locator('.dag .node[data-reused="true"]').count()).resolves.toBe(3);
    await expect(page.locator('.dag .node[data-node="dataprep"] text.name').textContent()).resolves.toBe("dataprep ↺");
    await expect(page.locator("#step-dataprep .reused").textContent()).resolves.toBe(`reused from run ${titanicRun}: nothing it depends on changed`);
    await page.locator("#step-dataprep details.logbox summary").click();
    await expect.poll(() => page.locator("#step-dataprep pre.log").textContent()).toContain("Wrote prepped data");
    await shot("reused-run");
  });

  it("shows a sweep's trials and the objective against each parameter", async () => {
    await page.goto(`${origin()}/runs/${sweepRun}`);
    const trials = page.locator("#step-sweep table.trials tbody tr");
    const recorded = (box.runRecord(sweepRun) as { steps: Array<{ node: string; trials?: unknown[] }> }).steps.find((st) => st.node === "sweep")?.trials ?? [];
    expect(recorded.length).toBeGreaterThan(1);
    await expect(trials.count()).resolves.toBe(recorded.length);
    await expect(page.locator("#step-sweep table.trials .badge.best").count()).resolves.toBe(1);
    await expect.poll(() => page.locator("#step-sweep [data-drawn=true] canvas").count()).toBeGreaterThanOrEqual(1);
    await shot("sweep-run");
  });

  it("watches a step turn from running to completed, then opens the failed step's log with its HTML as text", async () => {
    const running = box.start(UI_CHECKS);
    await box.waitForRunning("slow");
    const id = box.runs()[0]?.id as string;
    await page.goto(`${origin()}/runs/${id}`);
    const slow = page.locator('.dag .node[data-node="slow"]');
    await expect(slow.getAttribute("data-status")).resolves.toBe("running");
    // Its log streams in while it runs.
    await page.locator("#step-slow details.logbox summary").click();
    await expect.poll(() => page.locator("#step-slow pre.log").textContent(), { timeout: 10_000 }).toContain("working 0");
    await expect.poll(() => page.locator("#step-slow pre.log").textContent(), { timeout: 10_000 }).toContain("working 3");
    await shot("live-run-running");
    // No reload: the page follows the run's events.
    await expect.poll(() => slow.getAttribute("data-status"), { timeout: 30_000 }).toBe("completed");
    await expect.poll(() => page.locator('.dag .node[data-node="boom"]').getAttribute("data-status"), { timeout: 30_000 }).toBe("failed");
    if (running.exitCode === null) await new Promise((r) => running.once("exit", r));
    await page.goto(`${origin()}/runs/${id}`);
    const log = page.locator("#step-boom pre.log");
    await expect.poll(() => log.textContent(), { timeout: 10_000 }).toContain("<script>window.__xss = 1</script><b>bold?</b>");
    await expect(log.textContent()).resolves.toContain("ValueError: <img src=x onerror=window.__xss=2> is not a column");
    await expect(page.locator("#step-boom pre.log script, #step-boom pre.log b, #step-boom pre.log img").count()).resolves.toBe(0);
    await expect(page.evaluate(() => (globalThis as { __xss?: number }).__xss)).resolves.toBeUndefined();
    await expect(page.locator("#step-boom .error").textContent()).resolves.toMatch(/exit code 1|ValueError/);
    await shot("failed-step");
  }, 90_000);

  it("shows the models with their lineage, and the endpoints with the deploy step's decisions", async () => {
    await page.goto(`${origin()}/models`);
    await expect(page.locator("main table").textContent()).resolves.toMatch(/TitanicSurvivalInitial\s*1\s*AUC_weighted 0\.\d{4}/);
    await expect(page.locator("main table").textContent()).resolves.toContain("titanic-survival/blue");
    await shot("models");
    await page.goto(`${origin()}/endpoints`);
    await expect(page.locator("main").textContent()).resolves.toContain("deployed TitanicSurvivalInitial:1 on blue");
    await shot("endpoints");
  });
});

describe("the endpoints page's test request", () => {
  it("sends a request to the endpoint sluice serve runs and shows the answer", async () => {
    const server = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", "packages/runtime/src/cli/main.ts", "serve", TITANIC], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...box.env },
    });
    let out = "";
    server.stdout?.on("data", (c: Buffer) => (out += c.toString()));
    try {
      await expect.poll(() => out, { timeout: 60_000 }).toContain("scoring uri:");
      await page.goto(`${origin()}/endpoints`);
      const form = page.locator('form.score[data-endpoint="titanic-survival"]');
      const row = {
        input_data: { columns: ["Pclass", "Sex", "SibSp", "Parch", "Embarked", "Age_Group", "Fare_Group"], index: [0], data: [[1, 1, 0, 0, 1, 2, 4]] },
      };
      await form.locator("textarea").fill(JSON.stringify(row));
      await form.locator("button").click();
      await expect.poll(() => form.locator(".answer").textContent(), { timeout: 10_000 }).toMatch(/^200\n\[[01]\]$/);
      await shot("endpoints-served");
      // While sluice serve serves it, the models page says so.
      await page.goto(`${origin()}/models`);
      await expect(page.locator("main table").textContent()).resolves.toContain("titanic-survival/blue (serving)");
    } finally {
      server.kill("SIGINT");
    }
  }, 90_000);
});

describe("sluice report", () => {
  it("writes one HTML file that shows the run with no server and no network", async () => {
    const out = join(box.root, "report.html");
    const r = box.sluice(["report", titanicRun, "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    const requests: string[] = [];
    const offline = await browser.newPage();
    offline.on("request", (req) => requests.push(req.url()));
    await offline.goto(`file://${out}`);
    await expect(offline.locator(".dag .node").count()).resolves.toBe(5);
    await expect.poll(() => offline.locator("[data-drawn=true] canvas").count()).toBeGreaterThanOrEqual(3);
    await expect(offline.locator("#step-automl_classification pre.log").textContent()).resolves.toContain("AutoML classification");
    expect(requests.filter((u) => !u.startsWith("file://"))).toEqual([]);
    await offline.screenshot({ path: join(SCREENSHOTS, "report.png"), fullPage: true });
    await offline.close();
  });
});
