// A step's log streams by offset: five viewers of a 16 MiB log that grows read its tail once each,
// then only the bytes appended, never the whole file again (the old stream re-read it every
// 300 ms: 5 viewers × 16 MiB × 3 reads a second). Counted by the tail's own read counter.
import { appendFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LogTail, logReadStats } from "../../packages/runtime/src/ui/log-tail.ts";
import { startUiServer, type UiServer } from "../../packages/runtime/src/ui/ui-server.ts";
import { uiClient, uiState } from "../helpers/ui-fixture.ts";

const fx = uiState();
const ID = "20260101-000000-000-tail";
const BIG = 16 * 1024 * 1024;
const TAIL = 256 * 1024;
let ui: UiServer;
let log = "";

beforeAll(async () => {
  fx.run(ID, {
    status: "running",
    pid: process.pid,
    finishedAt: null,
    steps: [{ name: "slow", node: "slow", status: "running", reused: false, durationMs: null }],
  });
  log = fx.stepFile(ID, "slow", "stdout.log", `${"x".repeat(1023)}\n`.repeat(BIG / 1024));
  ui = await startUiServer(fx.state, { log: () => {} });
});

afterAll(async () => {
  await ui?.close();
  fx.cleanup();
});

/** One viewer: collects the text of `log` events until aborted. */
function viewer(url: string, ac: AbortController) {
  const c = uiClient(url);
  const seen = { text: "" };
  const done = fetch(`${c.origin}/api/runs/${ID}/steps/slow/log`, { headers: { cookie: c.cookie }, signal: ac.signal })
    .then(async (res) => {
      let buffer = "";
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += Buffer.from(chunk).toString("utf8");
        const events = buffer.split("\n\n");
        buffer = events.pop() ?? "";
        for (const e of events) if (e.startsWith("event: log\n")) seen.text += (JSON.parse(e.slice(e.indexOf("data: ") + 6)) as { text: string }).text;
      }
    })
    .catch(() => {});
  return { seen, done };
}

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
  expect(ok()).toBe(true);
};

describe("a growing log, watched by five viewers", () => {
  it("reads each appended byte once per viewer, and the tail once, never the whole file", async () => {
    const ac = new AbortController();
    const before = logReadStats.bytes;
    const viewers = Array.from({ length: 5 }, () => viewer(ui.url, ac));
    await until(() => viewers.every((v) => v.seen.text.length >= TAIL));
    const first = logReadStats.bytes - before;
    expect(first).toBe(5 * TAIL);
    let appended = 0;
    for (let i = 0; i < 8; i++) {
      const line = `appended line ${i}\n`;
      appendFileSync(log, line);
      appended += line.length;
      await until(() => viewers.every((v) => v.seen.text.endsWith(line)));
    }
    ac.abort();
    await Promise.all(viewers.map((v) => v.done));
    expect(logReadStats.bytes - before - first).toBe(5 * appended);
    for (const v of viewers) expect(v.seen.text.length).toBe(TAIL + appended);
  }, 30_000);

  it("a burst larger than a chunk comes in chunks, in order, none lost; a multi-byte character split across reads stays whole", () => {
    const file = fx.stepFile(ID, "slow", "burst.log", "");
    const tail = new LogTail(file, 0, 1000);
    expect(tail.next()).toBe("");
    const burst = "é".repeat(1500); // 3000 bytes: a chunk boundary falls inside a character
    appendFileSync(file, burst);
    const parts: string[] = [];
    for (let i = 0; i < 5; i++) parts.push(tail.next());
    expect(parts.map((p) => Buffer.byteLength(p)).reduce((a, b) => a + b, 0)).toBe(3000);
    expect(parts.join("")).toBe(burst);
    expect(tail.behind).toBe(false);
  });
});
