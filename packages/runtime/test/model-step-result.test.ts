// The result document of the built-in model steps: what Python writes (step_result.py, run here
// for real) is what the runtime's schema accepts, and the end-of-run line is made from it, never
// from the prose the steps print. Anything that is not such a document gives no line.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REGISTER_MODEL_DIR } from "../../compiler/src/kinds/register-kind.ts";
import { modelStepLine, type ModelStepResult, resultFromFile, resultFromLog } from "../src/progress/model-step-result.ts";

const dir = mkdtempSync(join(tmpdir(), "sluice-step-result-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs step_result.report(doc) in Python, as the built-in steps do; returns its stdout and the file it wrote. */
function reported(doc: Record<string, unknown>): { stdout: string; file: string } {
  const file = join(dir, `r-${Math.random().toString(36).slice(2)}.json`);
  const run = spawnSync("python3", ["-c", `import json, sys; from step_result import report; report(json.loads(sys.argv[1]))`, JSON.stringify(doc)], {
    cwd: REGISTER_MODEL_DIR,
    env: { ...process.env, SLUICE_RESULT_FILE: file, PYTHONDONTWRITEBYTECODE: "1" },
    encoding: "utf8",
  });
  expect(run.status, run.stderr).toBe(0);
  return { stdout: run.stdout, file };
}

const CASES: Array<[Record<string, unknown>, string]> = [
  [
    { step: "register", outcome: "registered", model: "titanic", version: "10", why: "better accuracy: 0.81 > 0.79" },
    "s: registered model titanic version 10 (better accuracy: 0.81 > 0.79)",
  ],
  [{ step: "register", outcome: "registered", model: "titanic", version: "1", why: null }, "s: registered model titanic version 1"],
  [
    { step: "register", outcome: "kept", model: "titanic", version: "9", why: "accuracy 0.70 is not better than 0.79" },
    "s: kept titanic version 9, the new model not registered: accuracy 0.70 is not better than 0.79",
  ],
  [{ step: "register", outcome: "unchanged", model: "titanic", version: "9", why: null }, "s: unchanged: titanic version 9 (same model as the newest version)"],
  [
    { step: "deploy", outcome: "deployed", target: "ep/blue", serves: { name: "titanic", version: "10" }, why: "first deployment" },
    "s: deployed: ep/blue now serves titanic:10 (first deployment)",
  ],
  [
    { step: "deploy", outcome: "unchanged", target: "ep/blue", serves: { name: "titanic", version: "10" }, why: null },
    "s: unchanged: ep/blue already serves titanic:10",
  ],
  [
    { step: "deploy", outcome: "kept", target: "ep/blue", serves: { name: "titanic", version: "9" }, why: "accuracy 0.70 ≤ 0.79" },
    "s: kept: ep/blue still serves titanic:9 (accuracy 0.70 ≤ 0.79)",
  ],
  [
    { step: "deploy", outcome: "kept", target: "ep/blue", serves: null, why: "the new model was not registered (no version)" },
    "s: kept: ep/blue not updated: the new model was not registered (no version)",
  ],
];

describe("a built-in model step's result document", () => {
  it.each(CASES)("written by Python as %j is read back from the file and the log alike", (doc, line) => {
    const { stdout, file } = reported(doc);
    const fromFile = resultFromFile(file) as ModelStepResult;
    expect(fromFile).toEqual({ schema: "sluice.model-step-result/1", ...doc });
    expect(resultFromLog(`model_name : x\n${stdout}`)).toEqual(fromFile);
    expect(modelStepLine("s", fromFile)).toBe(line);
  });

  it("in a log is the last marked line; prose that looks like a result is not one", () => {
    const first = JSON.stringify({ schema: "sluice.model-step-result/1", ...CASES[0]?.[0] });
    const last = JSON.stringify({ schema: "sluice.model-step-result/1", ...CASES[3]?.[0] });
    expect(resultFromLog(`SLUICE_RESULT ${first}\nSLUICE_RESULT ${last}\n`)?.outcome).toBe("unchanged");
    expect(resultFromLog("Registered version 3 of model titanic\nkept: ep/blue still serves titanic:9 (x)\n")).toBeUndefined();
  });

  it.each([
    ["not JSON", "SLUICE_RESULT {nope"],
    ["another schema", `SLUICE_RESULT ${JSON.stringify({ ...CASES[0]?.[0], schema: "sluice.model-step-result/2" })}`],
    ["an unknown key", `SLUICE_RESULT ${JSON.stringify({ schema: "sluice.model-step-result/1", ...CASES[0]?.[0], extra: 1 })}`],
    ["an unknown outcome", `SLUICE_RESULT ${JSON.stringify({ schema: "sluice.model-step-result/1", ...CASES[0]?.[0], outcome: "maybe" })}`],
    ["an empty version", `SLUICE_RESULT ${JSON.stringify({ schema: "sluice.model-step-result/1", ...CASES[0]?.[0], version: "" })}`],
    ["a number as version", `SLUICE_RESULT ${JSON.stringify({ schema: "sluice.model-step-result/1", ...CASES[0]?.[0], version: 3 })}`],
  ])("that is %s gives no line", (_, log) => {
    expect(resultFromLog(log)).toBeUndefined();
    const file = join(dir, "bad.json");
    writeFileSync(file, log.slice("SLUICE_RESULT ".length));
    expect(resultFromFile(file)).toBeUndefined();
  });

  it("missing gives no line", () => {
    expect(resultFromFile(join(dir, "none.json"))).toBeUndefined();
    expect(readFileSync(reported(CASES[1]?.[0] as Record<string, unknown>).file, "utf8")).toMatch(/^\{"model": "titanic", "outcome": "registered"/);
  });
});
