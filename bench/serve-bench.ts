// Serving figures (printed, never asserted: this machine is shared and noisy). The Titanic
// example's registered model behind `sluice serve` (one instance, key auth, routing), against a
// bare http.server app that loads the same model and calls the same predict, measured in the
// same process: 1-row requests at concurrency 1 and 8, p50, p99 and requests per second.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const ROOT = join(import.meta.dirname, "..");
const CLI = join(ROOT, "packages/runtime/bin/sluice.mjs");
const PIPELINE = join(ROOT, "examples/titanic-automl/titanic.pipeline.ts");
const BODY = JSON.stringify({
  input_data: { columns: ["Pclass", "Sex", "SibSp", "Parch", "Embarked", "Age_Group", "Fare_Group"], index: [0], data: [[3, 0, 1, 0, 0, 1, 0]] },
});

/** Starts a process and resolves with the first stdout line matching `ready`. */
function started(child: ChildProcess, ready: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      const m = ready.exec(out);
      if (m) resolve(m);
    });
    child.stderr?.on("data", (c: Buffer) => (out += c.toString()));
    child.once("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

interface Load {
  p50: number;
  p99: number;
  rps: number;
}

/** `total` requests, `concurrency` at a time over keep-alive connections. */
async function load(port: number, headers: Record<string, string>, total: number, concurrency: number): Promise<Load> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const one = () =>
    new Promise<number>((resolve, reject) => {
      const t = performance.now();
      const req = request(
        { host: "127.0.0.1", port, path: "/score", method: "POST", agent, headers: { "content-type": "application/json", ...headers } },
        (res) => {
          res.resume();
          res.on("end", () => (res.statusCode === 200 ? resolve(performance.now() - t) : reject(new Error(`status ${res.statusCode}`))));
        },
      );
      req.on("error", reject);
      req.end(BODY);
    });
  for (let i = 0; i < 30; i++) await one();
  const times: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next += 1;
        times.push(await one());
      }
    }),
  );
  const elapsed = performance.now() - t0;
  agent.destroy();
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length * 0.5)] as number, p99: times[Math.floor(times.length * 0.99)] as number, rps: (times.length / elapsed) * 1000 };
}

const state = mkdtempSync(join(tmpdir(), "sluice-serve-bench-"));
const env = { ...process.env, SLUICE_STATE_DIR: state };
const trained = spawnSync(process.execPath, [CLI, "run", PIPELINE], { env, encoding: "utf8" });
if (trained.status !== 0) throw new Error(trained.stderr);
const modelDir = join(state, "registry/models/TitanicSurvivalInitial/1/model");
const keys = JSON.parse(spawnSync(process.execPath, [CLI, "endpoint", "keys", PIPELINE, "--json"], { env, encoding: "utf8" }).stdout);
const sluice = spawn(process.execPath, [CLI, "serve", PIPELINE], { env });
const reference = spawn("/usr/bin/python3", [join(ROOT, "bench/serve_reference.py"), modelDir]);
try {
  const ours = Number((await started(sluice, /scoring uri: http:\/\/127\.0\.0\.1:(\d+)\//))[1]);
  const bare = Number((await started(reference, /^(\d+)\n/))[1]);
  const fmt = (x: Load) => `p50 ${x.p50.toFixed(2)} ms, p99 ${x.p99.toFixed(2)} ms, ${x.rps.toFixed(0)} req/s`;
  console.log(`model: ${JSON.parse(readFileSync(join(modelDir, "MLmodel.json"), "utf8")).algorithm} (Titanic, registered by the example), 1-row requests`);
  for (const [concurrency, total] of [
    [1, 400],
    [8, 800],
  ] as const) {
    // Alternate who goes first, so neither always runs on a warmer machine.
    const a = await load(bare, {}, total, concurrency);
    const b = await load(ours, { authorization: `Bearer ${keys.primaryKey}` }, total, concurrency);
    const a2 = await load(bare, {}, total, concurrency);
    const ref = { p50: Math.min(a.p50, a2.p50), p99: Math.min(a.p99, a2.p99), rps: Math.max(a.rps, a2.rps) };
    console.log(`concurrency ${concurrency}: bare http.server ${fmt(ref)}`);
    console.log(
      `               sluice serve     ${fmt(b)}  → p50 ${(b.p50 / ref.p50).toFixed(2)}× (target ≤ 1.3×), p99 ${(b.p99 / ref.p99).toFixed(2)}× (target ≤ 1.5×)`,
    );
  }
} finally {
  sluice.kill("SIGINT");
  reference.kill("SIGKILL");
  await new Promise((r) => sluice.once("exit", r));
  rmSync(state, { recursive: true, force: true });
}
