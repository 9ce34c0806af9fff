// `sluice ui` (the real process) while the runs it shows go bad under it: a watched run's
// run.json corrupted, a watched run's folder removed, a record of the wrong shape among good
// ones. The server keeps answering, names what it skips, and never shows a stack.
import type { ChildProcess } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-node.ts";
import { uiState } from "../helpers/ui-fixture.ts";
import { startUiProcess, uiCookie } from "../helpers/ui-process.ts";

const fx = uiState();
let ui: ChildProcess;
let url = "";
let stderr = "";

const get = async (path: string) => {
  const res = await fetch(`${new URL(url).origin}${path}`, { headers: { cookie: uiCookie(url) } });
  return { status: res.status, text: await res.text() };
};

/** Reads a server-sent event stream until it ends (the server ends it) or `ms` pass. */
async function stream(path: string, during: () => void, ms = 10_000): Promise<string> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), ms);
  const res = await fetch(`${new URL(url).origin}${path}`, { headers: { cookie: uiCookie(url) }, signal: ac.signal });
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  let text = "";
  let acted = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString("utf8");
      if (!acted && text.includes("event: state")) {
        acted = true;
        during();
      }
    }
  } catch {
    // Aborted: the stream did not end by itself within `ms`.
  } finally {
    clearTimeout(timer);
  }
  return text;
}

const running = {
  status: "running",
  pid: process.pid,
  finishedAt: null,
  steps: [{ name: "slow", node: "slow", status: "running", reused: false, durationMs: null }],
};

beforeAll(async () => {
  fx.run("20260101-000000-000-good");
  fx.run("20260101-000001-000-corrupt", running);
  fx.run("20260101-000002-000-removed", running);
  fx.run("20260101-000003-000-logged", running);
  fx.stepFile("20260101-000003-000-logged", "slow", "stdout.log", "working 0\n");
  fx.run("20260101-000005-000-odd-log", running);
  mkdirSync(join(fx.runDir("20260101-000005-000-odd-log"), "steps", "slow", "stdout.log"), { recursive: true });
  const started = await startUiProcess({ SLUICE_STATE_DIR: fx.state.stateDir, SLUICE_CACHE_DIR: join(fx.root, "cache") });
  ui = started.process;
  url = started.url;
  ui.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
}, 60_000);

afterAll(() => {
  ui?.kill("SIGINT");
  fx.cleanup();
});

describe("sluice ui keeps serving while its runs go bad", () => {
  it("a watched run whose run.json is corrupted: the page is told, the server goes on", async () => {
    const id = "20260101-000001-000-corrupt";
    const text = await stream(`/api/runs/${id}/events`, () => writeFileSync(join(fx.runDir(id), "run.json"), '{"id": "trunc'));
    expect(text).toMatch(/event: notice\ndata: \{"text":"run 20260101-000001-000-corrupt[^"]*the page stopped following it"\}/);
    expect(ui.exitCode).toBeNull();
    const list = await get("/");
    expect(list.status).toBe(200);
    expect(list.text).toContain("20260101-000000-000-good");
    expect(list.text).toMatch(/class="notice">skipped run 20260101-000001-000-corrupt/);
    expect((await get(`/runs/${id}`)).status).toBe(404);
  });

  it("a watched run whose folder is removed: the page is told, the server goes on", async () => {
    const id = "20260101-000002-000-removed";
    const text = await stream(`/api/runs/${id}/events`, () => rmSync(fx.runDir(id), { recursive: true, force: true }));
    expect(text).toContain(`event: notice\ndata: {"text":"run ${id} was removed: the page stopped following it"}`);
    expect(ui.exitCode).toBeNull();
    expect((await get("/")).status).toBe(200);
  });

  it("a streamed log whose run is removed: the stream ends with a notice, the server goes on", async () => {
    const id = "20260101-000003-000-logged";
    let removed = false;
    const ac = new AbortController();
    const res = await fetch(`${new URL(url).origin}/api/runs/${id}/steps/slow/log`, { headers: { cookie: uiCookie(url) }, signal: ac.signal });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let text = "";
    const timer = setTimeout(() => ac.abort(), 10_000);
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString("utf8");
        if (!removed && text.includes("working 0")) {
          removed = true;
          rmSync(fx.runDir(id), { recursive: true, force: true });
        }
      }
    } finally {
      clearTimeout(timer);
    }
    expect(text).toContain(`run ${id} was removed: the log stopped following it`);
    expect(ui.exitCode).toBeNull();
    expect((await get("/")).status).toBe(200);
  });

  it("a log that cannot be read (a folder where the file should be): one line in the terminal, a notice, the server goes on", async () => {
    const text = await stream("/api/runs/20260101-000005-000-odd-log/steps/slow/log", () => {}, 5000);
    expect(text).toMatch(/event: notice\ndata: \{"text":"the log of 20260101-000005-000-odd-log\/slow stopped: it cannot be read \(EISDIR\)"\}/);
    await expect.poll(() => stderr).toMatch(/^ui: the log of 20260101-000005-000-odd-log\/slow: EISDIR[^\n]*\n$/m);
    expect(ui.exitCode).toBeNull();
    expect((await get("/")).status).toBe(200);
  });

  it("a record of the wrong shape among good ones: the list names it, no 500, no stack", async () => {
    writeFileSync(join(fx.state.stateDir, "runs", "20260101-000000-000-good", "run.json"), JSON.stringify({ id: "x", steps: "nope" }));
    fx.run("20260101-000004-000-fine");
    const list = await get("/");
    expect(list.status).toBe(200);
    expect(list.text).toContain("20260101-000004-000-fine");
    expect(list.text).toMatch(/class="notice">skipped run 20260101-000000-000-good/);
    expect(`${list.text}${stderr}`).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});

describe("sluice ui that cannot listen", () => {
  it.each([
    [["--port", "99999"], "sluice: --port 99999 is not a port: give one from 1 to 65535"],
    [["--host", "10.9.9.9"], "sluice: cannot listen on 10.9.9.9: not an address of this machine"],
  ])("%j is one line in the user's terms, exit 2", (args, line) => {
    const r = runCli(["ui", ...args], { env: { ...process.env, SLUICE_STATE_DIR: fx.state.stateDir } });
    expect(r.status).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe(line);
  });
});
