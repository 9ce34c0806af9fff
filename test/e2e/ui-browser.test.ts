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
import { REPO_ROOT } from "../helpers/run-node.ts";

const TITANIC = "examples/titanic-automl/titanic.pipeline.ts";
const UI_CHECKS = "test/fixtures/ui/ui.pipeline.ts";
const box = sandbox();
let ui: ChildProcess;
let url = "";
let browser: Browser;
let page: Page;
let titanicRun = "";

/** `sluice ui` for the sandbox's state; resolves with the URL it prints (token included). */
function startUi(): Promise<string> {
  ui = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", "packages/runtime/src/cli/main.ts", "ui"], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...box.env },
  });
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sluice ui did not start: ${out}`)), 30_000);
    ui.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /^ui: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    });
    ui.stderr?.on("data", (c: Buffer) => (out += c.toString()));
  });
}

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
const origin = () => new URL(url).origin;

beforeAll(async () => {
  const r = box.sluice(["run", TITANIC]);
  expect(r.status, r.stderr).toBe(0);
  titanicRun = box.runs()[0]?.id as string;
  url = await startUi();
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
    await expect.poll(() => page.locator("table.runs tbody tr").count()).toBe(1);
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
    await shot("titanic-run");
  });

  it("watches a step turn from running to completed, then opens the failed step's log with its HTML as text", async () => {
    const running = box.start(UI_CHECKS);
    await box.waitForRunning("slow");
    const id = box.runs()[0]?.id as string;
    await page.goto(`${origin()}/runs/${id}`);
    const slow = page.locator('.dag .node[data-node="slow"]');
    await expect(slow.getAttribute("data-status")).resolves.toBe("running");
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
