// A deployment's processes in-process, with a real Python model (issue 19): a crash with 20
// requests waiting is replaced once (not once per request), a process past its memory limit is
// recycled between requests, a process killed while a request is written to it costs that
// request a 503 and nothing else, and stop() leaves no process behind.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerTinyModel } from "../../../test/helpers/tiny-model.ts";
import { DeploymentPool, type PoolOptions } from "../src/serve/deployment-pool.ts";
import { readinessLimit } from "../src/serve/readiness.ts";

const root = mkdtempSync(join(tmpdir(), "sluice-pool-"));
let modelDir = "";
const body = JSON.stringify({ input_data: { columns: ["age", "fare", "sex"], data: [[30, 10, "male"]] } });

function pool(more: Partial<PoolOptions> = {}): { pool: DeploymentPool; events: string[] } {
  const events: string[] = [];
  const p = new DeploymentPool({
    name: "blue",
    instances: 1,
    requestTimeoutMs: 10_000,
    readiness: readinessLimit({ initialDelaySeconds: 30, periodSeconds: 1, failureThreshold: 1 }),
    worker: { python: "/usr/bin/python3", modelDir, logFile: join(root, "blue.log") },
    ...more,
  });
  p.onEvent = (line) => events.push(line);
  return { pool: p, events };
}

const alive = (pid: number) => existsSync(`/proc/${pid}`);

beforeAll(() => {
  registerTinyModel(root);
  modelDir = join(root, "registry", "models", "tiny", "1", "model");
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("deployment pool", () => {
  it("survives a pipe closed under a write, then replaces a process that dies with 20 requests waiting exactly once", async () => {
    const { pool: p, events } = pool({ maxConcurrentRequestsPerInstance: 10 }); // 2 × 10 × 1 = 20 admitted
    expect((await p.start()).state).toBe("ready");
    // Killed, then written to before its exit is noticed: 400 kB into a closed pipe (EPIPE) cost that request only.
    process.kill(p.pids()[0] as number, "SIGKILL");
    const big = JSON.stringify({ input_data: { columns: ["age", "fare", "sex"], data: Array.from({ length: 20_000 }, () => [30, 10, "male"]) } });
    expect([200, 503]).toContain((await p.score(big)).status);
    expect((await p.score(body)).status).toBe(200);
    const [first] = p.pids();
    const replies = Array.from({ length: 20 }, () => p.score(body));
    process.kill(first as number, "SIGKILL");
    const answers = await Promise.all(replies);
    expect(answers.every((r) => r.status === 200 || (r.status === 503 && r.retryAfter !== undefined))).toBe(true);
    expect(answers.filter((r) => r.status === 200).length).toBeGreaterThan(0);
    expect(events.filter((e) => e.startsWith("blue: a scoring process stopped (SIGKILL)"))).toHaveLength(2);
    expect(p.pids()).toHaveLength(1);
    expect(p.pids()[0]).not.toBe(first);
    const last = p.pids()[0] as number;
    await p.stop();
    expect(alive(last)).toBe(false);
  }, 60_000);

  it("recycles a process over its memory limit between requests, one process at a time", async () => {
    const { pool: p, events } = pool({ maxRssBytes: 1024 * 1024 });
    await p.start();
    const [first] = p.pids();
    expect(await p.score(body)).toEqual({ status: 200, body: ["died"] });
    const second = await p.score(body);
    expect(second).toEqual({ status: 200, body: ["died"] });
    expect(events.some((e) => /^blue: a scoring process uses \d+ MB \(over 1 MB\); recycling it$/.test(e))).toBe(true);
    expect(p.pids()).toHaveLength(1);
    expect(p.pids()[0]).not.toBe(first);
    await p.stop();
  }, 60_000);

  it("reports a Python that cannot start in words, and leaves nothing running", async () => {
    const { pool: p } = pool({ worker: { python: join(root, "no-python"), modelDir, logFile: join(root, "none.log") } });
    expect(await p.start()).toEqual({ state: "failed", reason: `cannot start ${join(root, "no-python")}: no such program` });
    expect(p.pids()).toEqual([]);
  });

  it("ends a hanging model load at the readiness deadline, with the probe's numbers", async () => {
    const { pool: p } = pool({
      readiness: readinessLimit({ initialDelaySeconds: 0, periodSeconds: 1, failureThreshold: 1 }),
      worker: {
        python: "/usr/bin/python3",
        modelDir,
        logFile: join(root, "hang.log"),
        env: { PYTHONSTARTUP: "" },
        code: { dir: join(import.meta.dirname, "../../../test/fixtures/serve-attack/score"), script: "hang.py" },
      },
    });
    const started = Date.now();
    expect(await p.start()).toEqual({
      state: "failed",
      reason:
        "init() did not finish within 1 s (readinessProbe: initialDelaySeconds 0 + periodSeconds 1 × failureThreshold 1); the scoring process was stopped",
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(p.pids()).toEqual([]);
  }, 30_000);
});
