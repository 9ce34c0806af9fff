// Retraining that registers only a better model: each run's model is compared with the newest
// registered version on the metric both record, and the step says why it did or did not register.
// And retraining that deploys only a better one: the deploy step compares the new model with the
// serving one on held-out rows, and a running `sluice serve` switches to the winner.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/run-node.ts";
import { sandbox } from "../helpers/local-sandbox.ts";

const FILE = "test/fixtures/serving/serving.pipeline.ts";

describe("registerModelStep({ onlyIfBetter })", () => {
  it("registers the first model, then a better one, and keeps the newest when the next is worse", () => {
    const box = sandbox();
    const run = (c: string) => {
      const r = box.sluice(["run", FILE, "--param", `c=${c}`]);
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.split("\n").find((l) => l.startsWith("register: ")) ?? "";
    };
    expect(run("0.001")).toMatch(/^register: registered model iris-classifier version 1 \(the first version: nothing to compare \(accuracy 0\.\d{4}\)\)$/);
    expect(run("1")).toMatch(/^register: registered model iris-classifier version 2 \(accuracy (0\.\d{4}) beats 0\.\d{4} of version 1 \(higher is better\)\)$/);
    expect(run("0.001")).toMatch(
      /^register: kept iris-classifier version 2, the new model not registered: accuracy 0\.\d{4} does not beat 0\.\d{4} of version 2 \(higher is better\)$/,
    );
    const models = JSON.parse(box.sluice(["models", "list", "--json"]).stdout) as Array<{ name: string; version: number }>;
    expect(models.map((m) => `${m.name}:${m.version}`)).toEqual(["iris-classifier:2"]);
    box.cleanup();
  }, 120_000);
});

describe("deployModelStep({ onlyIfBetter }) on this machine", () => {
  const FILE_PROMOTE = "test/fixtures/serving/promote.pipeline.ts";
  const IRIS_ROW = { input_data: { columns: ["sepal_length", "sepal_width", "petal_length", "petal_width"], data: [[6.7, 3.0, 5.2, 2.3]] } };

  /** `sluice serve` in the background; resolves with its port once it prints the scoring URI. */
  function serve(box: ReturnType<typeof sandbox>, printed: { text: string }): { server: ChildProcess; port: Promise<number> } {
    const server = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", "packages/runtime/src/cli/main.ts", "serve", FILE_PROMOTE], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...box.env },
    });
    server.stdout?.on("data", (c: Buffer) => (printed.text += c.toString()));
    server.stderr?.on("data", (c: Buffer) => (printed.text += c.toString()));
    return { server, port: waitFor(() => /scoring uri: http:\/\/127\.0\.0\.1:(\d+)\/score/.exec(printed.text)?.[1]).then(Number) };
  }

  it("deploys the first model, keeps the serving one against a worse one, and a running server switches to a better one", async () => {
    const box = sandbox();
    const run = (c: string) => {
      const r = box.sluice(["run", FILE_PROMOTE, "--param", `c=${c}`]);
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.split("\n").find((l) => l.startsWith("promote: ")) ?? "";
    };
    expect(run("0.1")).toBe("promote: deployed: iris-live/blue now serves iris-promoted:1 (nothing served yet: iris-promoted:1 is the first model)");
    expect(run("0.001")).toBe(
      "promote: kept: iris-live/blue still serves iris-promoted:1 (accuracy 0.7533 of iris-promoted:2 does not beat 0.9600 of iris-promoted:1 on 150 held-out rows (higher is better))",
    );
    // The endpoint serves what the step chose, not the newest version (2).
    const printed = { text: "" };
    const { server, port } = serve(box, printed);
    try {
      const p = await port;
      expect(printed.text).toMatch(
        /^ {2}blue {2}100% {2}model iris-promoted:1 {2}ready {2}\(promoted: nothing served yet: iris-promoted:1 is the first model\)$/m,
      );
      expect(run("1")).toMatch(/^promote: deployed: iris-live\/blue now serves iris-promoted:3 \(accuracy 0\.9733 of iris-promoted:3 beats 0\.9600/);
      await waitFor(() => /^blue: now serving iris-promoted:3 \(accuracy 0\.9733/m.test(printed.text) || undefined);
      const key = (JSON.parse(box.sluice(["endpoint", "keys", FILE_PROMOTE, "--json"]).stdout) as { primaryKey: string }).primaryKey;
      const res = await fetch(`http://127.0.0.1:${p}/score`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(IRIS_ROW),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(["Iris-virginica"]);
    } finally {
      server.kill("SIGKILL");
    }
    // Every decision is kept, with its run and reason.
    const history = readFileSync(join(box.env.SLUICE_STATE_DIR, "endpoints", "iris-live", "history.jsonl"), "utf8")
      .trim()
      .split("\n");
    expect(history.map((l) => `${JSON.parse(l).decision} ${JSON.parse(l).model.version}`)).toEqual(["deployed 1", "kept 2", "deployed 3"]);
    // An unchanged retraining run changes nothing, and says so.
    expect(run("1")).toBe("promote: unchanged: iris-live/blue already serves iris-promoted:3");
    box.cleanup();
  }, 180_000);
});

/** Polls `probe` every 100 ms for up to 30 s until it returns a value. */
async function waitFor<T>(probe: () => T | undefined): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("timed out");
}
