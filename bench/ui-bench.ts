// Run page figures (printed, never asserted). A synthetic run of 100 steps (a binary-tree DAG,
// each step with inputs and a log) in a temporary state folder; `sluice ui`'s server in this
// process. Measured: the page's HTML over loopback (median of 30), against a bare http server
// sending the same bytes (the reference, same process); and, where Chromium is installed, the
// browser's first contentful paint of the page (median of 10). Target: first render < 200 ms.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { startUiServer } from "../packages/runtime/src/ui/ui-server.ts";

const STEPS = 100;
const state = mkdtempSync(join(tmpdir(), "sluice-ui-bench-"));
const id = "20260101-000000-000-bench";
const runDir = join(state, "runs", id);
const nodes = Array.from({ length: STEPS }, (_, i) => ({
  key: `step_${i}`,
  step: `step_${i}`,
  kind: "command",
  inputs: i ? { data: `step_${Math.floor((i - 1) / 2)}.out` } : { raw: "pipeline input raw" },
  outputs: ["out"],
}));
const edges = nodes.slice(1).map((n, i) => ({ from: `step_${Math.floor(i / 2)}`, to: n.key, label: "out" }));
const steps = nodes.map((n, i) => ({ name: n.step, node: n.key, status: i < 60 ? "completed" : "running", reused: i % 3 === 0, durationMs: 1000 + i }));
mkdirSync(runDir, { recursive: true });
writeFileSync(join(runDir, "graph.json"), JSON.stringify({ nodes, edges }));
writeFileSync(
  join(runDir, "run.json"),
  JSON.stringify({
    id,
    pipeline: "bench",
    backend: "local",
    status: "running",
    startedAt: "2026-01-01T00:00:00.000Z",
    finishedAt: null,
    pid: process.pid,
    pipelineFile: "",
    params: {},
    steps,
    outputs: {},
  }),
);
for (const n of nodes) {
  mkdirSync(join(runDir, "steps", n.key), { recursive: true });
  writeFileSync(join(runDir, "steps", n.key, "stdout.log"), "a log line\n".repeat(200));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function timeGets(url: string, headers: Record<string, string>, n: number): Promise<{ ms: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers });
    bytes = (await res.arrayBuffer()).byteLength;
    times.push(performance.now() - t);
  }
  return { ms: median(times), bytes };
}

const ui = await startUiServer({ stateDir: state, registryDir: join(state, "registry") });
const token = new URL(ui.url).searchParams.get("token") as string;
const pageUrl = `${new URL(ui.url).origin}/runs/${id}`;
const cookie = { cookie: `sluice_ui_${new URL(ui.url).port}=${token}` };
await timeGets(pageUrl, cookie, 3);
const ours = await timeGets(pageUrl, cookie, 30);
const html = await (await fetch(pageUrl, { headers: cookie })).text();
const bare = createServer((_, res) => res.end(html));
await new Promise<void>((r) => bare.listen(0, "127.0.0.1", r));
const reference = await timeGets(`http://127.0.0.1:${(bare.address() as AddressInfo).port}/`, {}, 30);
console.log(`run page, ${STEPS} steps: HTML ${(ours.bytes / 1024).toFixed(0)} KiB in ${ours.ms.toFixed(1)} ms (median of 30)`);
console.log(`bare http server, same bytes: ${reference.ms.toFixed(1)} ms; ratio ${(ours.ms / reference.ms).toFixed(1)}×`);

const chromium = [process.env.CHROMIUM_PATH, "/usr/bin/chromium"].find((p) => p && existsSync(p));
if (chromium) {
  const { chromium: driver } = await import("playwright-core");
  const browser = await driver.launch({ executablePath: chromium, args: ["--no-sandbox", "--disable-gpu"] });
  const page = await browser.newPage();
  await page.goto(ui.url);
  const paints: number[] = [];
  const loads: number[] = [];
  for (let i = 0; i < 10; i++) {
    await page.goto(pageUrl, { waitUntil: "load" });
    await page.waitForFunction("performance.getEntriesByName('first-contentful-paint').length > 0", undefined, { timeout: 5000 }).catch(() => undefined);
    // Runs in the page (the browser's performance API), typed loosely here.
    const t = (await page.evaluate(
      "({ fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN, load: performance.getEntriesByType('navigation')[0]?.loadEventEnd ?? NaN })",
    )) as { fcp: number; load: number };
    paints.push(t.fcp);
    loads.push(t.load);
  }
  console.log(
    `Chromium, from navigation start: first contentful paint ${median(paints).toFixed(0)} ms, load event end ${median(loads).toFixed(0)} ms (medians of 10; target: first render < 200 ms)`,
  );
  await browser.close();
} else console.log("no Chromium here: browser paint not measured");
bare.close();
await ui.close();
rmSync(state, { recursive: true, force: true });
