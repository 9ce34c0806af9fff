// Sluice's MLflow stand-in as a command step meets it: first on the step's path, it records the
// tracking calls as JSON lines where the step's Python has no MLflow, and steps aside for a real
// MLflow further down the path.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pythonAsset } from "../src/python/assets.ts";

const shim = join(pythonAsset("sweep_engine.py"), "..", "mlflow_shim");
const dir = mkdtempSync(join(tmpdir(), "sluice-mlflow-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function python(code: string, path: string[]) {
  const file = join(dir, "calls.jsonl");
  const r = spawnSync("/usr/bin/python3", ["-c", code], {
    encoding: "utf8",
    env: { PATH: process.env.PATH, PYTHONPATH: path.join(delimiter), SLUICE_MLFLOW_DEFER: "1", SLUICE_MLFLOW_FILE: file },
  });
  return { ...r, file };
}

describe("the MLflow stand-in of a command step", () => {
  it("records metrics and params where no MLflow is installed", () => {
    const r = python("import mlflow\nmlflow.log_param('lr', 0.1)\nmlflow.log_metric('loss', 0.5)\nmlflow.log_metric('loss', 0.25)", [shim]);
    expect(r.stderr).toBe("");
    const calls = readFileSync(r.file, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(calls.map((c) => [c.kind, c.key, c.value, c.step])).toEqual([
      ["param", "lr", "0.1", undefined],
      ["metric", "loss", 0.5, 0],
      ["metric", "loss", 0.25, 1],
    ]);
  });

  it("steps aside for an installed MLflow further down the path", () => {
    const real = join(dir, "site");
    mkdirSync(join(real, "mlflow"), { recursive: true });
    writeFileSync(join(real, "mlflow", "__init__.py"), "REAL = True\n");
    const r = python("import mlflow\nprint(getattr(mlflow, 'REAL', False), mlflow.__file__)", [shim, real]);
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe(`True ${join(real, "mlflow", "__init__.py")}`);
  });
});
