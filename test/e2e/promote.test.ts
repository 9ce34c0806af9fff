// Retraining that registers only a better model: each run's model is compared with the newest
// registered version on the metric both record, and the step says why it did or did not register.
import { describe, expect, it } from "vitest";
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
