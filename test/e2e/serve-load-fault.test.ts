// `sluice serve` under load while its scoring processes are killed at random (issue 19): 100
// clients send 100-row, 23-column requests for a fixed time on loopback while a seeded killer
// SIGKILLs a scoring process every 0.5–1 s. The server must stay up, never run more than
// instances + 1 Python processes, answer every request (200, a 4xx, or 429/503 with Retry-After)
// and keep its memory flat; afterwards it is healthy again. Bounded: about 8 s of load.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sandbox } from "../helpers/local-sandbox.ts";
import { rssMb, type ServeProcess, startServe } from "../helpers/serve-process.ts";
import { registerTinyModel } from "../helpers/tiny-model.ts";

const box = sandbox();
const FILE = "test/fixtures/serve-attack/load.pipeline.ts";
const INSTANCES = 2;
const CLIENTS = 100;
const LOAD_MS = 8000;
let serve: ServeProcess;
let key = "";
let columns: string[] = [];

/** A seeded generator (a linear congruential one), so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

function request(random: () => number): string {
  const rows = Array.from({ length: 100 }, () => columns.map((c) => (c === "sex" ? (random() < 0.5 ? "male" : "female") : random() * 80)));
  return JSON.stringify({ input_data: { columns, index: rows.map((_, i) => i), data: rows } });
}

interface Outcome {
  status: number;
  retryAfter: string | null;
  body: string;
}

async function client(id: number, until: number, outcomes: Outcome[], failures: string[]): Promise<void> {
  const random = seeded(id + 1);
  while (Date.now() < until) {
    try {
      const res = await fetch(`http://127.0.0.1:${serve.port}/score`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: request(random),
        signal: AbortSignal.timeout(20_000),
      });
      const retryAfter = res.headers.get("retry-after");
      outcomes.push({ status: res.status, retryAfter, body: await res.text() });
      // A well-behaved client waits as told (here at most a second, to keep the test short).
      if (retryAfter) await new Promise((r) => setTimeout(r, Math.min(1000, Number(retryAfter) * 1000)));
    } catch (e) {
      failures.push(`client ${id}: ${(e as Error).message}`);
    }
  }
}

beforeAll(async () => {
  columns = registerTinyModel(box.env.SLUICE_STATE_DIR, "wide", 20);
  serve = await startServe(FILE, box.env);
  key = JSON.parse(readFileSync(join(box.env.SLUICE_STATE_DIR, "endpoints", "load", "keys.json"), "utf8")).primaryKey;
}, 90_000);

afterAll(() => {
  serve?.child.kill("SIGKILL");
  box.cleanup();
});

it("stays up, bounded and answering while scoring processes are killed under load", async () => {
  const pid = serve.child.pid as number;
  const outcomes: Outcome[] = [];
  const failures: string[] = [];
  const warm = await fetch(`http://127.0.0.1:${serve.port}/score`, { method: "POST", headers: { authorization: `Bearer ${key}` }, body: request(seeded(0)) });
  expect(warm.status).toBe(200);
  const rssBefore = rssMb(pid);
  const until = Date.now() + LOAD_MS;
  let maxPythons = 0;
  let maxRss = 0;
  let kills = 0;
  const random = seeded(42);
  const watcher = setInterval(() => {
    maxPythons = Math.max(maxPythons, serve.children().length);
    maxRss = Math.max(maxRss, rssMb(pid));
  }, 50);
  const killer = (async () => {
    while (Date.now() < until - 500) {
      await new Promise((r) => setTimeout(r, 500 + random() * 500));
      const pythons = serve.children();
      const victim = pythons[Math.floor(random() * pythons.length)];
      if (victim === undefined) continue;
      try {
        process.kill(victim, "SIGKILL");
        kills++;
      } catch {}
    }
  })();
  await Promise.all([killer, ...Array.from({ length: CLIENTS }, (_, i) => client(i, until, outcomes, failures))]);
  clearInterval(watcher);

  expect(serve.child.exitCode).toBeNull();
  expect(failures).toEqual([]);
  expect(kills).toBeGreaterThanOrEqual(4);
  expect(maxPythons).toBeLessThanOrEqual(INSTANCES + 1);
  const statuses = new Map<number, number>();
  for (const o of outcomes) statuses.set(o.status, (statuses.get(o.status) ?? 0) + 1);
  const unexpected = outcomes.filter((o) => !(o.status === 200 || (o.status >= 400 && o.status < 500) || o.status === 503));
  expect(unexpected.map((o) => `${o.status} ${o.body}`)).toEqual([]);
  expect(outcomes.filter((o) => (o.status === 429 || o.status === 503) && !o.retryAfter)).toEqual([]);
  expect(outcomes.filter((o) => /Traceback|at .*\.ts:\d+/.test(o.body))).toEqual([]);
  // It kept scoring between the kills (restarts take seconds on a busy machine, so the bar is low).
  expect(statuses.get(200) ?? 0).toBeGreaterThanOrEqual(5);
  expect(maxRss - rssBefore).toBeLessThan(150);
  console.log(
    `load: ${outcomes.length} answers ${JSON.stringify(Object.fromEntries(statuses))}, ${kills} kills, max ${maxPythons} Python processes, server RSS ${rssBefore.toFixed(0)} → max ${maxRss.toFixed(0)} MB`,
  );

  // Afterwards it recovers: healthy, every process back, scoring again.
  for (let i = 0; i < 150 && (await fetch(`http://127.0.0.1:${serve.port}/`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 100));
  const after = await fetch(`http://127.0.0.1:${serve.port}/score`, { method: "POST", headers: { authorization: `Bearer ${key}` }, body: request(seeded(7)) });
  expect(after.status).toBe(200);
  expect(serve.children().length).toBeLessThanOrEqual(INSTANCES);
}, 60_000);
