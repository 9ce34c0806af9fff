// Early-termination values Azure would refuse, or that would stop every trial, are refused at
// compile time with SL148, located at the sweep; the values Azure takes pass.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compilePipeline } from "@sluice/compiler";
import { loadPipelines } from "@sluice/runtime";
import { REPO_ROOT } from "./helpers/run-node.ts";

const FILE = join(REPO_ROOT, "test/fixtures/sweep/sweep.pipeline.ts");
const { pipelines } = await loadPipelines(FILE);

/** The fixture's SL148 messages once its policy is replaced by `policy`. */
function sl148(policy: Record<string, unknown>): string[] {
  const ir = structuredClone(pipelines[0]?.ir) as { steps: { sweep?: { earlyTermination?: unknown } }[] };
  const sweep = ir.steps.find((s) => s.sweep !== undefined);
  if (!sweep?.sweep) throw new Error("the fixture has no sweep");
  sweep.sweep.earlyTermination = policy;
  const result = compilePipeline(ir as never);
  return result.diagnostics.filter((d) => d.code === "SL148").map((d) => `${d.location?.file === FILE} ${d.message}`);
}

describe("early termination values", () => {
  it("passes what Azure takes", () => {
    expect(sl148({ policy: "bandit", slackFactor: 0.1, evaluationInterval: 2, delayEvaluation: 4 })).toEqual([]);
    expect(sl148({ policy: "bandit", slackAmount: 0.2, evaluationInterval: 0, delayEvaluation: 0 })).toEqual([]);
    expect(sl148({ policy: "median_stopping", evaluationInterval: 1 })).toEqual([]);
    expect(sl148({ policy: "truncation_selection", truncationPercentage: 20 })).toEqual([]);
  });

  it("refuses a fractional or negative count of metric reports, located at the sweep", () => {
    expect(sl148({ policy: "median_stopping", evaluationInterval: 2.5 })).toEqual([
      "true early termination of sweep 'sweep_step': evaluationInterval must be a whole number ≥ 0, got 2.5",
    ]);
    expect(sl148({ policy: "truncation_selection", truncationPercentage: 20, delayEvaluation: -1 })).toEqual([
      "true early termination of sweep 'sweep_step': delayEvaluation must be a whole number ≥ 0, got -1",
    ]);
  });

  it("refuses a slack at or below 0, and a truncation share outside 1–99", () => {
    expect(sl148({ policy: "bandit", slackFactor: 0 })).toEqual(["true bandit policy of sweep 'sweep_step': slackFactor must be above 0, got 0"]);
    expect(sl148({ policy: "bandit", slackAmount: -0.5 })).toEqual(["true bandit policy of sweep 'sweep_step': slackAmount must be above 0, got -0.5"]);
    expect(sl148({ policy: "truncation_selection", truncationPercentage: 100 })).toHaveLength(1);
  });
});
