// The scoring server's pure parts: traffic shares, the reply framing, the nesting guard, the
// readiness deadline and admission control, each checked exactly (no processes, no timing races).
import { describe, expect, it } from "vitest";
import { nestsDeeperThan } from "../src/serve/json-depth.ts";
import { livenessProbe } from "../src/serve/liveness.ts";
import { readinessLimit } from "../src/serve/readiness.ts";
import { maxRssBytes } from "../src/serve/process-memory.ts";
import { RequestQueue } from "../src/serve/request-queue.ts";
import { parseProtocolLine } from "../src/serve/scoring-protocol.ts";
import { route, type ServedDeployment } from "../src/serve/scoring-server.ts";

function deployment(name: string, traffic: number, state: "ready" | "failed" = "ready"): ServedDeployment {
  const status = state === "ready" ? { state, schema: null } : { state, reason: "broken" };
  return { pool: { name, status, readyCount: () => 1 } as unknown as ServedDeployment["pool"], traffic };
}

describe("traffic split", () => {
  it("gives each ready deployment exactly its share of the tickets", () => {
    const list = [deployment("blue", 40), deployment("green", 35), deployment("red", 25)];
    const seen = new Map<string, number>();
    for (let ticket = 0; ticket < 100; ticket++) {
      const d = route(list, undefined, (n) => {
        expect(n).toBe(100);
        return ticket;
      });
      if (typeof d === "string") throw new Error(d);
      seen.set(d.pool.name, (seen.get(d.pool.name) ?? 0) + 1);
    }
    expect(Object.fromEntries(seen)).toEqual({ blue: 40, green: 35, red: 25 });
  });

  it("shares a failed deployment's traffic among the ready ones by their weights, and pins by header", () => {
    const list = [deployment("blue", 60), deployment("broken", 20, "failed"), deployment("green", 20)];
    const counts = { blue: 0, green: 0 } as Record<string, number>;
    for (let ticket = 0; ticket < 80; ticket++) {
      const d = route(list, undefined, () => ticket);
      if (typeof d !== "string") counts[d.pool.name] = (counts[d.pool.name] ?? 0) + 1;
    }
    expect(counts).toEqual({ blue: 60, green: 20 });
    expect((route(list, "broken") as ServedDeployment).pool.name).toBe("broken");
    expect(route(list, "nope")).toBe("the endpoint has no deployment 'nope' (it has blue, broken, green)");
    expect(route([deployment("a", 0)], undefined)).toBe("no ready deployment takes traffic");
  });
});

describe("reply framing", () => {
  it("reads ready, failed and replies; a reply whose JSON is unreadable still answers its own request", () => {
    expect(parseProtocolLine('ready [{"name":"a"}]')).toEqual({ kind: "ready", schema: [{ name: "a" }] });
    expect(parseProtocolLine('failed "RuntimeError: no"')).toEqual({ kind: "failed", error: "RuntimeError: no" });
    expect(parseProtocolLine('7 200 {"body":[1,null],"warning":"w"}')).toEqual({ kind: "reply", id: 7, status: 200, body: [1, null], warning: "w" });
    expect(parseProtocolLine('8 200 {"body":[NaN]}')).toEqual({
      kind: "reply",
      id: 8,
      status: 500,
      body: { error: "the scoring process answered with something that is not JSON" },
    });
    expect(parseProtocolLine("model loaded")).toEqual({ kind: "noise" });
  });
});

describe("nesting guard", () => {
  it("finds nesting past the limit without recursing, and ignores brackets inside strings", () => {
    expect(nestsDeeperThan(`${"[".repeat(100_000)}${"]".repeat(100_000)}`)).toBe(true);
    expect(nestsDeeperThan(JSON.stringify({ input_data: { columns: ["a"], data: [[1]] } }))).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ s: "[".repeat(1000), t: '\\"[[[' }))).toBe(false);
    expect(nestsDeeperThan("[[[", 2)).toBe(true);
  });
});

describe("probes", () => {
  it("is Azure's initialDelaySeconds + periodSeconds × failureThreshold, with Azure's defaults", () => {
    expect(readinessLimit(undefined).timeoutMs).toBe(310_000);
    expect(readinessLimit({ initialDelaySeconds: 1, periodSeconds: 2, failureThreshold: 3 }).timeoutMs).toBe(7000);
    expect(readinessLimit({ periodSeconds: 1 }).why).toMatch(/^init\(\) did not finish within 40 s \(readinessProbe: /);
  });

  it("probes liveness with Azure's defaults unless the deployment says otherwise", () => {
    expect(livenessProbe(undefined)).toEqual({ periodMs: 10_000, timeoutMs: 2000, failureThreshold: 30 });
    expect(livenessProbe({ periodSeconds: 1, timeoutSeconds: 3, failureThreshold: 2 })).toEqual({ periodMs: 1000, timeoutMs: 3000, failureThreshold: 2 });
  });
});

describe("admission control", () => {
  it("admits up to its capacity, answers 429 with Retry-After beyond, and frees a place per answer", async () => {
    const q = new RequestQueue({ name: "blue", capacity: () => 2, waitMs: 60_000, anyReady: () => true });
    const a = q.add("a");
    q.add("b");
    expect(await q.add("c")).toMatchObject({ status: 429, retryAfter: 1 });
    q.take()?.resolve({ status: 200, body: "a" });
    expect(await a).toEqual({ status: 200, body: "a" });
    const d = q.add("d");
    expect(q.size).toBe(2);
    q.drain("stopping");
    expect(await d).toMatchObject({ status: 503, body: { error: "stopping" } });
  });

  it("takes a request whose caller hung up out of the queue, unscored, and frees its place", async () => {
    const q = new RequestQueue({ name: "blue", capacity: () => 2, waitMs: 60_000, anyReady: () => true });
    const hungUp = new AbortController();
    const a = q.add("a", hungUp.signal);
    const b = q.add("b", new AbortController().signal);
    expect(await q.add("full")).toMatchObject({ status: 429 });
    hungUp.abort();
    expect(await a).toMatchObject({ status: 499 });
    expect(q.size).toBe(1);
    const next = q.take();
    expect(next?.body).toBe("b");
    const c = q.add("c");
    expect(q.size).toBe(1);
    next?.resolve({ status: 200, body: "b" });
    expect(await b).toEqual({ status: 200, body: "b" });
    q.drain("stopping");
    expect(await c).toMatchObject({ status: 503 });
  });

  it("a hang-up after the request left the queue changes nothing: the process's answer still resolves it", async () => {
    const q = new RequestQueue({ name: "blue", capacity: () => 1, waitMs: 60_000, anyReady: () => true });
    const gone = new AbortController();
    const a = q.add("a", gone.signal);
    const taken = q.take();
    gone.abort();
    taken?.resolve({ status: 200, body: "a" });
    expect(await a).toEqual({ status: 200, body: "a" });
    expect(await Promise.race([q.add("b"), Promise.resolve("waiting")])).toBe("waiting");
  });

  it("answers a request that waited too long 429 while processes run, 503 while none can score", async () => {
    let ready = true;
    const q = new RequestQueue({ name: "blue", capacity: () => 10, waitMs: 1, anyReady: () => ready });
    expect(await q.add("x")).toMatchObject({ status: 429, retryAfter: 1 });
    ready = false;
    expect(await q.add("y")).toMatchObject({ status: 503, retryAfter: 2, body: { error: expect.stringMatching(/no running scoring process/) } });
    expect(q.size).toBe(0);
  });
});

describe("the memory a scoring process may reach", () => {
  const MB = 1024 * 1024;
  it("is what its instance type has on Azure, less the server's share; the environment overrides; unknown sizes get 2 GB", () => {
    expect(maxRssBytes("Standard_DS3_v2", {})).toBe(Math.floor(14 * 1024 * 0.85) * MB);
    expect(maxRssBytes("standard_f2s_v2", {})).toBe(Math.floor(4 * 1024 * 0.85) * MB);
    expect(maxRssBytes("Standard_DS4_v2", {})).toBeGreaterThan(maxRssBytes("Standard_DS3_v2", {}));
    expect(maxRssBytes("Standard_Imaginary_v9", {})).toBe(2048 * MB);
    expect(maxRssBytes(undefined, {})).toBe(2048 * MB);
    expect(maxRssBytes("Standard_DS3_v2", { SLUICE_SCORING_MAX_RSS_MB: "300" })).toBe(300 * MB);
    expect(maxRssBytes("Standard_DS3_v2", { SLUICE_SCORING_MAX_RSS_MB: "0" })).toBe(0);
    expect(() => maxRssBytes("Standard_DS3_v2", { SLUICE_SCORING_MAX_RSS_MB: "lots" })).toThrow(
      "SLUICE_SCORING_MAX_RSS_MB=lots is not a whole number of megabytes",
    );
  });
});
