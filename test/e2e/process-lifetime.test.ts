import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyProject, sandbox } from "../helpers/local-sandbox.ts";
import { REPO_ROOT, SHARED_DIR } from "../helpers/run-node.ts";

const project = copyProject("test/fixtures/local");
const root = mkdtempSync(join(tmpdir(), "sluice-lifetime-"));
const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(root, { recursive: true, force: true });
  project.cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Pids of live processes whose command line contains `needle` (read from /proc, zombies excluded). */
function processesWith(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
      const state = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]?.[0];
      if (cmdline.includes(needle) && state !== "Z") pids.push(Number(entry));
    } catch {
      // it ended while being read
    }
  }
  return pids;
}

/** Polls until `check` holds (every 100 ms, up to `ms`); returns whether it did. */
async function eventually(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) if (check()) return true;
  return check();
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done({ code: child.exitCode, signal: child.signalCode });
    else child.once("exit", (code, signal) => done({ code, signal }));
  });
}

describe("child processes die with Sluice", () => {
  it("a step still running when `sluice run` is SIGKILLed is stopped within seconds (the orphan guard)", async () => {
    const box = sandbox();
    const child = box.start(project.file("slow.pipeline.ts"), { SLEEP: "60" });
    started.push(child);
    await box.waitForRunning("slow");
    // The step's command line names its own folder in this run's state folder.
    const step = `${box.env.SLUICE_STATE_DIR}/runs/`;
    expect(processesWith(step).length).toBeGreaterThan(0);
    child.kill("SIGKILL");
    await exited(child);
    expect(await eventually(() => processesWith(step).length === 0, 8_000)).toBe(true);
    box.cleanup();
  });

  it("the AutoML engine ends when the process that started it is SIGKILLed (parent_watch)", async () => {
    const dir = join(root, "automl");
    mkdirSync(dir);
    const outputs = { best_model: join(dir, "best_model"), metrics: join(dir, "metrics") };
    const config = { seed: 42, featurization: "auto", outputs, task: "regression", target_column: "thalach" };
    writeFileSync(
      join(dir, "config.json"),
      JSON.stringify({ ...config, training_data: join(SHARED_DIR, "data", "heart.csv"), primary_metric: "r2_score", limits: { max_trials: 500 } }),
    );
    // A parent that is neither Sluice nor the guard: only the engine's own watch can notice.
    const engine = join(REPO_ROOT, "packages/runtime/python/automl_engine.py");
    const parent = spawn(
      "/usr/bin/python3",
      ["-c", "import subprocess,sys,time; subprocess.Popen(sys.argv[1:]); time.sleep(120)", "/usr/bin/python3", engine, join(dir, "config.json")],
      {
        stdio: "ignore",
      },
    );
    started.push(parent);
    const needle = `automl_engine.py ${dir}`;
    expect(await eventually(() => processesWith(needle).length > 0, 10_000)).toBe(true);
    await sleep(1500);
    expect(processesWith(needle).length, "the engine is still training").toBeGreaterThan(0);
    parent.kill("SIGKILL");
    await exited(parent);
    expect(await eventually(() => processesWith(needle).length === 0, 5_000)).toBe(true);
  });
});

describe("the launcher", () => {
  it("forwards SIGTERM to the real `sluice ui` it relaunched, which stops and frees its port", async () => {
    const port = await new Promise<number>((done) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => done(port));
      });
    });
    const box = sandbox();
    const main = join(REPO_ROOT, "packages/runtime/src/cli/main.ts");
    const relaunch = join(REPO_ROOT, "packages/runtime/bin/relaunch.mjs");
    const script = `import(${JSON.stringify(relaunch)}).then((m) => m.relaunch(process.execPath, ["--disable-warning=ExperimentalWarning", ${JSON.stringify(main)}, "ui", "--port", "${port}"]))`;
    const launcher = spawn(process.execPath, ["-e", script], { cwd: REPO_ROOT, env: { ...process.env, ...box.env }, stdio: ["ignore", "pipe", "pipe"] });
    started.push(launcher);
    let out = "";
    launcher.stdout?.on("data", (c) => (out += c));
    launcher.stderr?.on("data", (c) => (out += c));
    expect(await eventually(() => out.includes(`127.0.0.1:${port}`), 30_000)).toBe(true);
    const real = processesWith(`${main} ui --port ${port}`);
    expect(real).toHaveLength(1);
    launcher.kill("SIGTERM");
    const ended = await exited(launcher);
    expect(ended.code === 0 || ended.signal === "SIGTERM").toBe(true);
    expect(await eventually(() => processesWith(`${main} ui --port ${port}`).length === 0, 5_000)).toBe(true);
    const refused = await new Promise<boolean>((done) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        done(false);
      });
      socket.once("error", () => done(true));
    });
    expect(refused).toBe(true);
    box.cleanup();
  });
});
