import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyProject, sandbox, stepStates } from "../helpers/local-sandbox.ts";

const project = copyProject("test/fixtures/local");
const file = project.file;
afterAll(() => project.cleanup());

describe("running", () => {
  it("runs independent steps in parallel up to --parallel", () => {
    const box = sandbox();
    const started = Date.now();
    expect(box.sluice(["run", file("parallel.pipeline.ts"), "--parallel", "3"], { SLEEP: "2" }).status).toBe(0);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(5_500);
    const serial = Date.now();
    expect(box.sluice(["run", file("parallel.pipeline.ts"), "--parallel", "1", "--force"], { SLEEP: "1" }).status).toBe(0);
    expect(Date.now() - serial).toBeGreaterThanOrEqual(3_000);
    box.cleanup();
  });

  it("--json prints one machine-readable event per line", () => {
    const box = sandbox();
    const run = box.sluice(["run", file("parallel.pipeline.ts"), "--json"], { SLEEP: "0" });
    const events = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(events[0]).toMatchObject({ type: "run-started", pipeline: "parallel_demo" });
    expect(events.filter((e) => e.type === "step-finished").map((e) => e.status)).toEqual(["completed", "completed", "completed"]);
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "completed" });
    box.cleanup();
  });

  it("Ctrl-C stops the running step's processes and records the run as cancelled", async () => {
    const box = sandbox();
    const child = box.start(file("slow.pipeline.ts"), { SLEEP: "60" });
    await box.waitForRunning("slow");
    // A step runs as `python sleep.py … --out <state>/runs/…`: the pattern must see this one.
    const running = `sleep.py .*${box.env.SLUICE_STATE_DIR}`;
    for (let i = 0; i < 50 && spawnSync("pgrep", ["-f", running]).status !== 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(spawnSync("pgrep", ["-f", running]).status).toBe(0);
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    const run = box.runs()[0]!;
    expect(run.status).toBe("cancelled");
    expect(stepStates(run)).toEqual({ first: "completed", slow: "cancelled" });
    expect(spawnSync("pgrep", ["-f", running]).status).toBe(1);
    box.cleanup();
  }, 60_000);

  it("downloads a web input once into the content-addressed cache and re-fetches a corrupted copy", async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits += 1;
      res.end("x,y\n1,2\n");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data.csv`;
    const box = sandbox();
    const run = () => new Promise<number | null>((done) => box.start(file("web.pipeline.ts"), { DATA_URL: url }).on("exit", done));
    expect(await run()).toBe(0);
    expect(await run()).toBe(0);
    expect(hits).toBe(1);
    expect(stepStates(box.runs()[0]!), JSON.stringify(box.runRecord(box.runs()[0]!.id).steps)).toEqual({ read: "reused" });
    const blobs = join(box.env.SLUICE_CACHE_DIR, "data", "blobs");
    const [hash] = readdirSync(blobs);
    writeFileSync(join(blobs, hash!, "data.csv"), "tampered");
    expect(await run()).toBe(0);
    expect(hits).toBe(2);
    expect(readFileSync(join(blobs, hash!, "data.csv"), "utf8")).toBe("x,y\n1,2\n");
    server.close();
    box.cleanup();
  }, 60_000);
});
