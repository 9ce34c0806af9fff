// The deploy step's held-out metrics (builtin/register_model/held_out.py), run in the Python the
// step runs in: AutoML's names, the right direction, and one-line reasons for what cannot be compared.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { HELD_OUT_METRICS } from "@sluice/dsl";

const BUILTIN = resolve(import.meta.dirname, "../builtin/register_model");

/** evaluate(metric, truth, predicted) in Python: its value, or the error it raised. */
function evaluate(metric: string, truth: unknown[], predicted: unknown[]): { value?: number; error?: string } {
  const code = `
import json, sys
from held_out import evaluate, StepError
metric, truth, predicted = json.loads(sys.argv[1])
try:
    print(json.dumps({"value": evaluate(metric, truth, predicted)}))
except StepError as e:
    print(json.dumps({"error": str(e)}))
`;
  const r = spawnSync("/usr/bin/python3", ["-c", code, JSON.stringify([metric, truth, predicted])], {
    cwd: BUILTIN,
    encoding: "utf8",
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
  });
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout);
}

describe("held-out metrics of the deploy step", () => {
  it("computes every metric the DSL offers", () => {
    const classes = ["a", "b", "a", "b"];
    const numbers = [1.0, 2.0, 3.0, 5.0];
    for (const metric of Object.keys(HELD_OUT_METRICS)) {
      const regression = HELD_OUT_METRICS[metric as keyof typeof HELD_OUT_METRICS] === "minimize" || metric === "r2_score";
      const got = regression ? evaluate(metric, numbers, [1.5, 2.0, 2.5, 5.5]) : evaluate(metric, classes, ["a", "b", "b", "b"]);
      expect(got.error, metric).toBeUndefined();
      expect(Number.isFinite(got.value), metric).toBe(true);
    }
    expect(evaluate("accuracy", classes, ["a", "b", "b", "b"]).value).toBe(0.75);
    expect(evaluate("mean_absolute_error", numbers, [1.5, 2.0, 2.5, 5.5]).value).toBe(0.375);
    // JSON answers 1 where the label column held 1: the same class.
    expect(evaluate("accuracy", [0, 1, 1], [0, 1, 0]).value).toBeCloseTo(2 / 3);
  });

  it("refuses a metric that does not fit the labels, in words", () => {
    expect(evaluate("r2_score", ["Iris-setosa", "x"], ["Iris-setosa", "x"]).error).toBe(
      "r2_score is a regression metric, but the labels or predictions are classes (e.g. 'Iris-setosa'): use accuracy or an F1 score",
    );
    expect(evaluate("accuracy", [1, 2], [1.5, 2.25]).error).toBe(
      "accuracy compares classes, but the predictions are continuous numbers: use a regression metric (r2_score, mean_absolute_error, ...)",
    );
    expect(evaluate("accuracy", [1, 2, 3], [1, 2]).error).toBe("2 predictions for 3 held-out rows");
  });
});
