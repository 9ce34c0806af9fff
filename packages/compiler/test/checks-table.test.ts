// Every check pass against IR edited one field at a time: the exact diagnostics each edit must
// produce, boundaries on both sides, and the IR a plain-JS author or another tool could hand us
// (which the typed DSL never builds). Each row pins a decision a mutant once flipped unnoticed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { autoMLStep, dataset, outputFileDataset, pipeline, pipelineParameter, pythonScriptStep, registerModelStep, schedule } from "@sluice/dsl";
import type { PipelineIR } from "@sluice/dsl/ir";
import { compilePipeline } from "../src/index.ts";
import { cronProblem } from "../src/passes/check-schedules.ts";

const root = mkdtempSync(join(tmpdir(), "sluice-checks-"));
mkdirSync(join(root, "src"));
writeFileSync(join(root, "src", "prep.py"), "print('ok')\n");
afterAll(() => rmSync(root, { recursive: true, force: true }));

const BASE = pipeline({ name: "base", defaultCompute: "cpu-cluster", schedules: [schedule({ name: "nightly", cron: "0 2 * * *" })] }, () => {
  const raw = dataset("raw", { version: "1", type: "uri_folder" });
  const out = outputFileDataset("out");
  pythonScriptStep({
    name: "prep",
    sourceDirectory: join(root, "src"),
    script: "prep.py",
    arguments: ["--raw", raw, "--out", out, "--n", pipelineParameter("n", 3)],
    timeoutSeconds: 60,
  });
  const t = autoMLStep({ name: "fit", task: "classification", trainingData: out.readDelimitedFiles(), labelColumn: pipelineParameter("label", "y") });
  registerModelStep({ name: "register", model: t.outputs.bestModel, modelName: "m" });
  return { model: t.outputs.bestModel };
}).toIR();

type Editable = PipelineIR & Record<string, unknown>;
// Rows edit IR the schema types would forbid.
type Any = any;

/** Errors and warnings of BASE after one edit, as "CODE message". */
function after(edit: (ir: Any) => void): string[] {
  const ir = structuredClone(BASE) as Editable;
  edit(ir);
  return compilePipeline(ir).diagnostics.map((d) => `${d.code} ${d.message}`);
}

/** The hints of BASE's diagnostics after one edit. */
function hintsAfter(edit: (ir: Any) => void): string[] {
  const ir = structuredClone(BASE) as Editable;
  edit(ir);
  return compilePipeline(ir).diagnostics.map((d) => d.hint ?? "");
}

const step = (ir: Any, name: string) => ir.steps.find((s: Any) => s.name === name);
/** Renames the data input and what reads it. */
const renameInput = (ir: Any, name: string) => {
  ir.inputs[0].name = name;
  step(ir, "prep").inputs.raw.name = name;
};
const recurrence = (t: Record<string, unknown>) => (ir: Any) => {
  ir.schedules[0].trigger = { type: "recurrence", interval: 1, hours: [], minutes: [], ...t };
};

it("the base pipeline is clean", () => {
  expect(after(() => {})).toEqual([]);
});

describe("cron expressions", () => {
  it.each([
    ["0 2 * * *", undefined],
    ["  0   2 * * *  ", undefined],
    ["*/15 0-23/2 1,15 1-12 0-6", undefined],
    ["0 2 * *", "it has 4 fields; Azure expects 5 (minute hour day-of-month month day-of-week)"],
    ["0 2 * * * *", "it has 6 fields; Azure expects 5 (minute hour day-of-month month day-of-week)"],
    ["x 2 * * *", "minute field: 'x' is not a number, range, list or step"],
    ["1x 2 * * *", "minute field: '1x' is not a number, range, list or step"],
    ["x1 2 * * *", "minute field: 'x1' is not a number, range, list or step"],
    ["0 1-x * * *", "hour field: '1-x' is not a number, range, list or step"],
    ["0 1-2x * * *", "hour field: '1-2x' is not a number, range, list or step"],
    ["0 */x * * *", "hour field: '*/x' is not a number, range, list or step"],
    ["0 */2x * * *", "hour field: '*/2x' is not a number, range, list or step"],
    ["0 1-12 * * *", undefined],
    ["0 1-24 * * *", "hour field: 24 is outside 0–23"],
    ["0 23-1 * * *", undefined],
    ["0 */0 * * *", "hour field: a step of 0 never fires"],
    ["0 */00 * * *", "hour field: a step of 0 never fires"],
    ["0 */10 * * *", undefined],
    ["0,60 2 * * *", "minute field: 60 is outside 0–59"],
    ["59 2 * * *", undefined],
    ["0 2 * * 1-7", "day of week field: 7 is outside 0–6"],
  ])("%j → %s", (cron, problem) => {
    expect(cronProblem(cron)).toBe(problem);
  });

  it("reports an invalid cron with the field, the expression and an example", () => {
    expect(after((ir) => (ir.schedules[0].trigger.expression = "0 */0 * * *"))).toEqual([
      "SL131 schedule 'nightly': cron '0 */0 * * *' is invalid: hour field: a step of 0 never fires",
    ]);
    expect(hintsAfter((ir) => (ir.schedules[0].trigger.expression = "61 * * * *"))).toEqual(['for example "0 2 * * *" runs daily at 02:00']);
  });
});

describe("recurrences", () => {
  const invalid = (problem: string) => [`SL131 schedule 'nightly': recurrence is invalid: ${problem}`];
  it.each([
    [{ frequency: "Minute", interval: 5 }, []],
    [{ frequency: "Hour", interval: 1, minutes: [0, 59] }, []],
    [{ frequency: "Day", hours: [0, 23], minutes: [0] }, []],
    [{ frequency: "Month", hours: [1], minutes: [0], monthDays: [1] }, []],
    [{ frequency: "Week", hours: [1], minutes: [0], weekDays: ["Sunday"] }, []],
    [{ frequency: "Year" }, invalid("frequency 'Year' is not one of Minute, Hour, Day, Week, Month")],
    [{ frequency: "Hour", interval: 0 }, invalid("interval 0 must be a whole number ≥ 1")],
    [{ frequency: "Hour", interval: 1.5 }, invalid("interval 1.5 must be a whole number ≥ 1")],
    [{ frequency: "Day", hours: [], minutes: [0] }, invalid("a Day recurrence needs hours and minutes (when in the day it fires)")],
    [{ frequency: "Week", hours: [1], minutes: [], weekDays: ["Monday"] }, invalid("a Week recurrence needs hours and minutes (when in the day it fires)")],
    [{ frequency: "Month", hours: [1], minutes: [] }, invalid("a Month recurrence needs hours and minutes (when in the day it fires)")],
    [{ frequency: "Day", hours: [24], minutes: [0] }, invalid("hours must be whole numbers 0–23, got [24]")],
    [{ frequency: "Day", hours: [1, -1], minutes: [0] }, invalid("hours must be whole numbers 0–23, got [1, -1]")],
    [{ frequency: "Day", hours: [1.5], minutes: [0] }, invalid("hours must be whole numbers 0–23, got [1.5]")],
    [{ frequency: "Day", hours: [1], minutes: [60] }, invalid("minutes must be whole numbers 0–59, got [60]")],
    [{ frequency: "Day", hours: [1], minutes: [0, -1] }, invalid("minutes must be whole numbers 0–59, got [0, -1]")],
    [{ frequency: "Day", hours: [1], minutes: [0.5] }, invalid("minutes must be whole numbers 0–59, got [0.5]")],
    [
      { frequency: "Week", hours: [1], minutes: [0], weekDays: ["Monday", "Funday"] },
      invalid("week day 'Funday' is not one of Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday"),
    ],
    [{ frequency: "Week", hours: [1], minutes: [0] }, invalid("a Week recurrence needs weekDays")],
    [{ frequency: "Week", hours: [1], minutes: [0], weekDays: [] }, invalid("a Week recurrence needs weekDays")],
    [{ frequency: "Day", hours: [1], minutes: [0], monthDays: [1] }, invalid("monthDays only apply to a Month recurrence, not Day")],
  ])("%j", (trigger, expected) => {
    expect(after(recurrence(trigger))).toEqual(expected);
  });

  it("hints with a recurrence example", () => {
    expect(hintsAfter(recurrence({ frequency: "Hour", interval: 0 }))).toEqual(['for example { frequency: "Day", interval: 1, hours: [2], minutes: [0] }']);
  });
});

describe("schedule names, zones and times", () => {
  it.each([
    [{ name: "bad name" }, ["SL130 schedule name 'bad name' is not a valid Azure name"]],
    [{ timeZone: "Mars/Olympus" }, ["SL132 schedule 'nightly': time zone 'Mars/Olympus' is not a zone Azure accepts"]],
    [{ startTime: "2026-01-01T00:00:00", endTime: "2026-01-02T00:00:00" }, []],
    [{ startTime: "2026-01-02T00:00:00", endTime: "2026-01-02T00:00:00" }, ["SL133 schedule 'nightly': endTime is not after startTime"]],
    [{ startTime: "2026-01-02T00:00:00", endTime: "2026-01-01T00:00:00" }, ["SL133 schedule 'nightly': endTime is not after startTime"]],
    [{ endTime: "2026-01-01T00:00:00" }, []],
    [{ startTime: "2026-01-01" }, ["SL133 schedule 'nightly': startTime '2026-01-01' is not a local date-time"]],
    [{ endTime: "2026-13-01T00:00:00" }, ["SL133 schedule 'nightly': endTime '2026-13-01T00:00:00' is not a local date-time"]],
  ])("%j", (fields, expected) => {
    expect(after((ir) => Object.assign(ir.schedules[0], fields))).toEqual(expected);
  });

  it("refuses the same schedule name twice, ignoring case", () => {
    expect(after((ir) => ir.schedules.push({ ...structuredClone(ir.schedules[0]), name: "Nightly" }))).toEqual(["SL130 schedule name 'Nightly' is used twice"]);
    expect(hintsAfter((ir) => (ir.schedules[0].name = "-x"))).toEqual(["use letters, digits, '-' and '_', starting with a letter or digit"]);
  });
});

describe("names", () => {
  it.each([
    [
      "a step name Azure refuses",
      (ir: Any) => (step(ir, "prep").name = "1prep"),
      ["SL105 step name '1prep' breaks Azure ML's node naming rule (letters, digits and underscores, not starting with a digit)"],
    ],
    ["a data input name", (ir: Any) => renameInput(ir, "raw data"), ["SL106 data input name 'raw data' is not a valid Azure ML input name"]],
    [
      "a pipeline output name",
      (ir: Any) => (ir.outputs = { "the model": ir.outputs.model }),
      ["SL106 pipeline output name 'the model' is not a valid Azure ML output name"],
    ],
    ["an experiment name", (ir: Any) => (ir.experiment = "my exp"), ["SL107 experiment name 'my exp' is not valid in Azure ML"]],
    ["a valid experiment name", (ir: Any) => (ir.experiment = "other-exp"), []],
    ["the default compute", (ir: Any) => (ir.defaultCompute = "x"), ["SL107 compute name 'x' is not a valid Azure ML compute name"]],
    ["a step's compute", (ir: Any) => (step(ir, "prep").compute = "gpu cluster"), ["SL107 compute name 'gpu cluster' is not a valid Azure ML compute name"]],
    ["local compute", (ir: Any) => (step(ir, "prep").compute = "local"), []],
    [
      "a compute binding written as text",
      (ir: Any) => (step(ir, "prep").compute = "${{parent.inputs.n}}"),
      ["SL107 compute '${{parent.inputs.n}}' is a binding written as text"],
    ],
    // A binding is a typed value: the parameter it names must hold a compute name.
    ["a compute bound to a string parameter", (ir: Any) => (step(ir, "prep").compute = { type: "parameter", name: "label" }), []],
    [
      "a compute bound to a number parameter",
      (ir: Any) => (step(ir, "prep").compute = { type: "parameter", name: "n" }),
      ["SL116 compute of step 'prep' must be a string, got parameter 'n' (number)"],
    ],
  ])("%s", (_, edit, expected) => {
    expect(after(edit)).toEqual(expected);
  });

  it("names the two steps whose names collide ignoring case, and points at the first", () => {
    const found = after((ir) => (step(ir, "register").name = "PREP"));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^SL104 step name 'prep' and 'PREP' are used twice \(first at checks-table\.test\.ts:\d+:\d+\)$/);
  });

  it("checks the name of an input port only when it differs from what it reads", () => {
    expect(after((ir) => (step(ir, "prep").inputs = { "n n": { type: "parameter", name: "n" }, raw: { type: "input", name: "raw" } }))).toEqual([
      "SL106 input name 'n n' of step 'prep' is not a valid Azure ML input/output name",
    ]);
    expect(after((ir) => (step(ir, "prep").outputs = { "o-ut": { data: "out" } }))).toContain(
      "SL106 output name 'o-ut' of step 'prep' is not a valid Azure ML input/output name",
    );
  });

  it("suggests names keeping their case", () => {
    expect(hintsAfter((ir) => renameInput(ir, "Raw Data"))).toEqual(["use letters, digits and underscores, e.g. 'Raw_Data'"]);
    expect(hintsAfter((ir) => (ir.experiment = "My Exp"))).toEqual(["start with a letter or digit and use letters, digits, '_' and '-', e.g. 'My_Exp'"]);
    expect(hintsAfter((ir) => (step(ir, "prep").name = "Prep Step"))).toEqual(["rename it to 'Prep_Step'"]);
    expect(hintsAfter((ir) => (ir.defaultCompute = "x"))).toEqual(["compute names have 2-32 letters, digits or '-', starting with a letter"]);
    expect(hintsAfter((ir) => (step(ir, "prep").compute = "${{ parent.inputs.where }}"))).toEqual([
      'pass the parameter itself, compute: pipelineParameter("where", …), which Sluice checks and binds',
    ]);
  });
});

describe("parameters", () => {
  const param = (ir: Any, name: string) => ir.parameters.find((p: Any) => p.name === name);
  it.each([
    ["the same parameter twice", (ir: Any) => ir.parameters.push({ ...param(ir, "n") }), []],
    [
      "a second declaration with another default",
      (ir: Any) => ir.parameters.push({ ...param(ir, "n"), default: 4 }),
      [/^SL115 parameter 'n' is declared twice with different defaults \(3, 4\) \(first at checks-table\.test\.ts:\d+:\d+\)$/],
    ],
    [
      "a second declaration with another type",
      (ir: Any) => ir.parameters.push({ ...param(ir, "label"), type: "number", default: 1 }),
      [/^SL115 parameter 'label' is declared twice with different types \(string, number\)/],
    ],
    ["a data input named like a parameter", (ir: Any) => renameInput(ir, "n"), [/^SL115 data input 'n' has the same name as a pipeline parameter$/]],
    [
      "a data input declared twice",
      (ir: Any) => ir.inputs.push({ ...ir.inputs[0] }),
      [/^SL115 data input 'raw' is declared twice \(first at checks-table\.test\.ts:\d+:\d+\)$/],
    ],
    ["a string default Azure refuses", (ir: Any) => (param(ir, "label").default = "-"), [/^SL121 the default of parameter 'label' /]],
    [
      "a data reference where a string is needed",
      (ir: Any) => (step(ir, "register").modelName = { type: "data", id: "out", tabular: false }),
      [/^SL116 modelName of step 'register' must be a string, got data$/],
    ],
    [
      "a literal number where a string is needed",
      (ir: Any) => (step(ir, "register").modelName = { type: "literal", value: 5 }),
      [/^SL116 modelName of step 'register' must be a string, got number 5$/],
    ],
    [
      "a parameter nobody declared",
      (ir: Any) => (step(ir, "register").modelName = { type: "parameter", name: "ghost" }),
      [/^SL122 step 'register' reads pipeline parameter 'ghost' \(in modelName\), which the pipeline does not declare$/],
    ],
    [
      "a data input nobody declared",
      (ir: Any) => (step(ir, "prep").inputs.raw = { type: "input", name: "ghost" }),
      [/^SL122 step 'prep' reads data input 'ghost' \(in raw\), which the pipeline does not declare$/],
    ],
  ])("%s", (_, edit, expected) => {
    const found = after(edit);
    expect(found).toHaveLength(expected.length);
    for (const [i, e] of expected.entries()) expect(found[i]).toMatch(e);
  });

  it("hints how to fix a parameter of the wrong type", () => {
    expect(hintsAfter((ir) => (param(ir, "label").default = 7))).toEqual(["give 'label' a string default"]);
    expect(hintsAfter((ir) => (step(ir, "register").modelName = { type: "literal", value: true }))).toEqual([
      "pass a string or a pipelineParameter with a string default",
    ]);
    expect(hintsAfter((ir) => (step(ir, "register").modelName = { type: "parameter", name: "ghost" }))).toEqual([
      "declare it in the pipeline's parameters, or fix the name",
    ]);
  });
});

describe("inputs, environments, timeouts and AutoML limits", () => {
  it.each([
    ["a dataset without a version", (ir: Any) => (ir.inputs[0].version = " "), ["SL125 dataset 'raw' has no version"]],
    [
      "a registered environment without a version",
      (ir: Any) => (step(ir, "prep").environment = { type: "registered", name: "env", version: "" }),
      ["SL125 environment 'env' of step 'prep' has no version"],
    ],
    ["a registered environment with a version", (ir: Any) => (step(ir, "prep").environment = { type: "registered", name: "env", version: "3" }), []],
    ["a timeout of 0", (ir: Any) => (step(ir, "prep").timeoutSeconds = 0), ["SL120 timeoutSeconds of step 'prep' must be a positive whole number, got 0"]],
    [
      "a fractional timeout",
      (ir: Any) => (step(ir, "prep").timeoutSeconds = 1.5),
      ["SL120 timeoutSeconds of step 'prep' must be a positive whole number, got 1.5"],
    ],
    ["a timeout of 1", (ir: Any) => (step(ir, "prep").timeoutSeconds = 1), []],
    ["limits of 1", (ir: Any) => (step(ir, "fit").limits = { maxTrials: 1, maxConcurrentTrials: 1, timeoutMinutes: 1 }), []],
    ["a limit of 0", (ir: Any) => (step(ir, "fit").limits = { maxTrials: 0 }), ["SL120 limits.maxTrials of step 'fit' must be a positive whole number, got 0"]],
    [
      "a fractional limit",
      (ir: Any) => (step(ir, "fit").limits = { timeoutMinutes: 2.5 }),
      ["SL120 limits.timeoutMinutes of step 'fit' must be a positive whole number, got 2.5"],
    ],
    ["as many concurrent trials as trials", (ir: Any) => (step(ir, "fit").limits = { maxTrials: 4, maxConcurrentTrials: 4 }), []],
    ["concurrent trials without a trial count", (ir: Any) => (step(ir, "fit").limits = { maxConcurrentTrials: 4 }), []],
    [
      "more concurrent trials than trials",
      (ir: Any) => (step(ir, "fit").limits = { maxTrials: 4, maxConcurrentTrials: 5 }),
      ["SL120 limits.maxConcurrentIterations (5) exceeds the number of iterations (4) in step 'fit'"],
    ],
    ["2 folds", (ir: Any) => (step(ir, "fit").nCrossValidations = 2), []],
    ["1 fold", (ir: Any) => (step(ir, "fit").nCrossValidations = 1), ["SL120 nCrossValidations of step 'fit' must be a whole number ≥ 2, got 1"]],
    ["an empty label column", (ir: Any) => (step(ir, "fit").labelColumn = { type: "literal", value: " " }), ["SL118 labelColumn of step 'fit' is empty"]],
    ["a label column", (ir: Any) => (step(ir, "fit").labelColumn = { type: "literal", value: "y" }), []],
    ["file data as training data", (ir: Any) => (step(ir, "fit").trainingData.tabular = false), ["SL119 trainingData of step 'fit' is not tabular data"]],
    [
      "a uri_folder input as training data",
      (ir: Any) => (step(ir, "fit").trainingData = { type: "input", name: "raw" }),
      ["SL501 output 'out' of step 'prep' is never read", "SL119 trainingData of step 'fit' is not tabular data"],
    ],
    [
      "an mltable input as training data",
      (ir: Any) => {
        ir.inputs.push({ ...ir.inputs[0], name: "table", assetName: "table", assetType: "mltable" });
        step(ir, "fit").trainingData = { type: "input", name: "table" };
      },
      ["SL501 output 'out' of step 'prep' is never read"],
    ],
    [
      "another input's mltable type does not make this one tabular",
      (ir: Any) => {
        ir.inputs.push({ ...ir.inputs[0], name: "table", assetName: "table", assetType: "mltable" });
        step(ir, "fit").trainingData = { type: "input", name: "raw" };
      },
      ["SL501 output 'out' of step 'prep' is never read", "SL119 trainingData of step 'fit' is not tabular data"],
    ],
    ["allowed algorithms of the task", (ir: Any) => (step(ir, "fit").allowedAlgorithms = ["random_forest"]), []],
    [
      "an algorithm the task does not have",
      (ir: Any) => (step(ir, "fit").allowedAlgorithms = ["elastic_net"]),
      ["SL146 allowedAlgorithms of step 'fit' names 'elastic_net', which classification does not have"],
    ],
    [
      "an algorithm both allowed and blocked",
      (ir: Any) => {
        step(ir, "fit").allowedAlgorithms = ["knn", "svm"];
        step(ir, "fit").blockedAlgorithms = ["svm"];
      },
      ["SL146 step 'fit' both allows and blocks svm"],
    ],
    ["a held-out share", (ir: Any) => (step(ir, "fit").validationDataSize = 0.2), []],
    ["a held-out share of 1", (ir: Any) => (step(ir, "fit").validationDataSize = 1), ["SL120 validationDataSize of step 'fit' must be between 0 and 1, got 1"]],
    [
      "a held-out share with cross-validation",
      (ir: Any) => {
        step(ir, "fit").validationDataSize = 0.2;
        step(ir, "fit").nCrossValidations = 3;
      },
      ["SL120 step 'fit' sets validationDataSize together with nCrossValidations"],
    ],
    ["an exit score", (ir: Any) => (step(ir, "fit").limits = { exitScore: 0.85 }), []],
    [
      "a parameter as validation data",
      (ir: Any) => (step(ir, "fit").validationData = { type: "parameter", name: "label" }),
      ["SL119 validationData of step 'fit' is not tabular data"],
    ],
  ])("%s", (_, edit, expected) => {
    expect(after(edit)).toEqual(expected);
  });

  it("hints each fix", () => {
    expect(hintsAfter((ir) => (ir.inputs[0].version = ""))).toEqual(['pass { version: "1" }, or { version: "latest" } to follow new versions']);
    expect(hintsAfter((ir) => (step(ir, "prep").timeoutSeconds = -1))).toEqual(["give the timeout in whole seconds, e.g. timeoutSeconds: 600"]);
    expect(hintsAfter((ir) => (step(ir, "fit").trainingData.tabular = false))).toEqual([
      "AutoML reads tables: pass outputFileDataset(...).readDelimitedFiles() or an mltable dataset",
    ]);
    expect(
      hintsAfter((ir) => {
        step(ir, "fit").nCrossValidations = 3;
        step(ir, "fit").validationData = step(ir, "fit").trainingData;
      }),
    ).toEqual(["AutoML validates either by cross-validation or on validation data: drop one"]);
  });
});

describe("cycles", () => {
  /** Three python steps a → b → c; `extra` adds data links as [reader, writer]. */
  function chain(extra: Array<[string, string]>): string[] {
    return after((ir) => {
      const template = step(ir, "prep");
      const names = ["a", "b", "c"];
      ir.steps = names.map((name, i) => ({
        ...structuredClone(template),
        name,
        arguments: [],
        inputs: i === 0 ? {} : { src: { type: "data", id: `d_${names[i - 1]}`, tabular: false } },
        outputs: { dst: { data: `d_${name}` } },
      }));
      ir.data = names.map((n) => ({ id: `d_${n}`, name: `d_${n}`, definedAt: template.definedAt }));
      ir.outputs = {};
      ir.inputs = [];
      ir.parameters = [];
      for (const [reader, writer] of extra) step(ir, reader).inputs[`from_${writer}`] = { type: "data", id: `d_${writer}`, tabular: false };
    }).filter((d) => d.startsWith("SL101"));
  }

  it.each([
    [[], []],
    [[["a", "a"]], ["SL101 step 'a' reads its own output"]],
    [[["b", "b"]], ["SL101 step 'b' reads its own output"]],
    [[["a", "b"]], ["SL101 steps a → b → a form a cycle"]],
    [[["a", "c"]], ["SL101 steps a → b → c → a form a cycle"]],
    [[["b", "c"]], ["SL101 steps b → c → b form a cycle"]],
    [
      [
        ["a", "c"],
        ["a", "b"],
      ],
      ["SL101 steps a → b → a form a cycle"],
    ],
  ] as Array<[Array<[string, string]>, string[]]>)("%j", (extra, expected) => {
    expect(chain(extra)).toEqual(expected);
  });
});

describe("IR that fails the schema", () => {
  it("is one SL010 per issue (at most ten), at the pipeline's location when it has one", () => {
    const bad = structuredClone(BASE) as Any;
    bad.steps[0].timeoutSeconds = "soon";
    const [d, ...rest] = compilePipeline(bad).diagnostics;
    expect(rest).toEqual([]);
    expect(d).toEqual({
      severity: "error",
      code: "SL010",
      message: expect.stringMatching(/^the pipeline's IR is not valid at steps\.0\.timeoutSeconds: /),
      hint: "build pipelines with @sluice/dsl, or fix the IR against @sluice/dsl/ir's PipelineSchema",
      location: BASE.definedAt,
      path: "base",
    });
    const many = { ...structuredClone(BASE), steps: Array.from({ length: 12 }, () => ({ kind: "python" })) };
    expect(compilePipeline(many).diagnostics).toHaveLength(10);
  });

  it.each([
    [{ name: 3, definedAt: { file: "f.ts", line: "1", column: 2 } }, "pipeline", { file: "<ir>", line: 1, column: 1 }],
    [{ name: "n", definedAt: { file: "f.ts", line: 1, column: "2" } }, "n", { file: "<ir>", line: 1, column: 1 }],
    [{ name: "n", definedAt: { file: 1, line: 1, column: 2 } }, "n", { file: "<ir>", line: 1, column: 1 }],
    [{ name: "n", definedAt: { file: "f.ts", line: 1, column: 2 } }, "n", { file: "f.ts", line: 1, column: 2 }],
  ])("locates %j", (ir, path, location) => {
    const [d] = compilePipeline(ir).diagnostics;
    expect(d?.path).toBe(path);
    expect(d?.location).toEqual(location);
  });

  it("names the root when the IR is not an object", () => {
    expect(compilePipeline("nope").diagnostics[0]?.message).toMatch(/^the pipeline's IR is not valid at \(root\): /);
  });
});
