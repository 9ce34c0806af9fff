// Pins what the emitters write and what the checks refuse, value by value, so a wrong binding,
// an off-by-one or a swapped field fails here (each case was a mutant the suite once let live).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  autoMLStep,
  dataset,
  outputFileDataset,
  pipeline,
  pipelineParameter,
  pythonScriptStep,
  registerModelStep,
  schedule,
  type ScheduleOptions,
} from "@sluice/dsl";
import { compilePipeline, emitRestJob, emitScheduleBody, scheduleSpecs } from "../src/index.ts";
import { emitCliYaml, emitScheduleYaml } from "../src/yaml.ts";

const root = mkdtempSync(join(tmpdir(), "sluice-emit-"));
mkdirSync(join(root, "src"));
writeFileSync(join(root, "src", "prep.py"), "print('ok')\n");
afterAll(() => rmSync(root, { recursive: true, force: true }));

function compile(build: () => Record<string, never> | undefined | object, schedules: ScheduleOptions[] = []) {
  const p = pipeline({ name: "pinned", defaultCompute: "cpu-cluster", schedules: schedules.map((s) => schedule(s)) }, build as () => never);
  return compilePipeline(p.toIR());
}

function ok(result: ReturnType<typeof compile>) {
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return result.model;
}

const errors = (result: ReturnType<typeof compile>) => result.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`);

describe("AutoML bindings", () => {
  const model = ok(
    compile(() => {
      const train = outputFileDataset("train");
      const valid = outputFileDataset("valid");
      pythonScriptStep({ name: "prep", sourceDirectory: join(root, "src"), script: "prep.py", arguments: ["--train", train, "--valid", valid] });
      const t = autoMLStep({
        name: "fit",
        task: "classification",
        trainingData: train.readDelimitedFiles(),
        validationData: valid.readDelimitedFiles(),
        labelColumn: "y",
      });
      return { model: t.outputs.bestModel };
    }),
  );

  it("binds validation data to the validation output, not the training output (REST and YAML)", () => {
    const node = (emitRestJob(model, root) as { properties: { jobs: Record<string, Record<string, string>> } }).properties.jobs.fit;
    expect(node?.training_data).toBe("${{parent.jobs.prep.outputs.train}}");
    expect(node?.validation_data).toBe("${{parent.jobs.prep.outputs.valid}}");
    const yaml = parse(emitCliYaml(model, root)).jobs.fit;
    expect(yaml.training_data).toBe("${{parent.jobs.prep.outputs.train}}");
    expect(yaml.validation_data).toBe("${{parent.jobs.prep.outputs.valid}}");
  });
});

describe("step limits", () => {
  it("writes a script step's timeout to the second, in REST and YAML", () => {
    const model = ok(
      compile(() => {
        const out = outputFileDataset("out");
        pythonScriptStep({ name: "prep", sourceDirectory: join(root, "src"), script: "prep.py", arguments: ["--out", out], timeoutSeconds: 600 });
        return { out };
      }),
    );
    expect(parse(emitCliYaml(model, root)).jobs.prep.limits).toEqual({ timeout: 600 });
    expect((emitRestJob(model, root) as { properties: { jobs: Record<string, { limits?: unknown }> } }).properties.jobs.prep?.limits).toEqual({
      job_limits_type: "Command",
      timeout: "PT10M",
    });
  });
});

describe("schedules", () => {
  const prep = () => {
    const out = outputFileDataset("out");
    pythonScriptStep({ name: "prep", sourceDirectory: join(root, "src"), script: "prep.py", arguments: ["--out", out] });
    return { out };
  };

  it("writes recurrence hours and minutes where they belong, in REST and YAML", () => {
    const model = ok(compile(prep, [{ name: "weekly", recurrence: { frequency: "Week", weekDays: ["Monday"], hours: [6], minutes: [30] } }]));
    const [spec] = scheduleSpecs(model);
    const yaml = parse(emitScheduleYaml(spec as NonNullable<typeof spec>, "pinned.pipeline.yml"));
    expect(yaml.trigger.schedule).toEqual({ hours: [6], minutes: [30], week_days: ["monday"] });
    const rest = emitScheduleBody(spec as NonNullable<typeof spec>, {}) as { properties: { trigger: { schedule: unknown } } };
    expect(rest.properties.trigger.schedule).toEqual({ hours: [6], minutes: [30], weekDays: ["Monday"] });
  });

  it.each([
    ["59 23 31 12 6", []],
    ["60 * * * *", ["minute field: 60 is outside 0–59"]],
    ["* 24 * * *", ["hour field: 24 is outside 0–23"]],
    ["* * 32 * *", ["day of month field: 32 is outside 1–31"]],
    ["* * 0 * *", ["day of month field: 0 is outside 1–31"]],
    ["* * * 13 *", ["month field: 13 is outside 1–12"]],
    ["* * * * 7", ["day of week field: 7 is outside 0–6"]],
  ])("checks cron %s against each field's bounds", (cron, problems) => {
    const found = errors(compile(prep, [{ name: "c", cron }]));
    expect(found.length).toBe(problems.length);
    for (const [i, p] of problems.entries()) expect(found[i]).toContain(p);
  });

  it("refuses weekDays on a recurrence that is not weekly", () => {
    expect(errors(compile(prep, [{ name: "d", recurrence: { frequency: "Day", weekDays: ["Monday"], hours: [1], minutes: [0] } }]))).toEqual([
      "SL131 schedule 'd': recurrence is invalid: weekDays only apply to a Week recurrence, not Day",
    ]);
  });
});

describe("AutoML checks", () => {
  it("refuses cross-validation together with validation data", () => {
    const result = compile(() => {
      const t = autoMLStep({
        name: "fit",
        task: "regression",
        trainingData: dataset("train", { version: "1", type: "mltable" }),
        validationData: dataset("valid", { version: "1", type: "mltable" }),
        nCrossValidations: 5,
        labelColumn: "y",
      });
      return { model: t.outputs.bestModel };
    });
    expect(errors(result)).toEqual(["SL120 step 'fit' sets both nCrossValidations and validationData"]);
  });
});

describe("invalid IR", () => {
  it("is diagnostics, not a thrown error", () => {
    const result = compilePipeline({ irVersion: 1, name: "bad", steps: "nope", definedAt: { file: "x.ts", line: 3, column: 5 } });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics[0]).toMatchObject({ code: "SL010", location: { file: "x.ts", line: 3, column: 5 }, path: "bad" });
    expect(compilePipeline(null).diagnostics[0]).toMatchObject({ code: "SL010", location: { file: "<ir>", line: 1, column: 1 } });
  });
});

describe("checks of IR the DSL would not produce (from other tools)", () => {
  const ir = () =>
    pipeline({ name: "typed_slots", defaultCompute: "cpu-cluster" }, () => {
      const out = outputFileDataset("out");
      pythonScriptStep({ name: "prep", sourceDirectory: join(root, "src"), script: "prep.py", arguments: ["--out", out] });
      const t = autoMLStep({ name: "fit", task: "classification", trainingData: out.readDelimitedFiles(), labelColumn: pipelineParameter("label", "y") });
      registerModelStep({ name: "register", model: t.outputs.bestModel, modelName: pipelineParameter("model_name", "m") });
      return { model: t.outputs.bestModel };
    }).toIR();

  it("refuses a number parameter in a string slot, and a default that does not match its type", () => {
    const bad = structuredClone(ir());
    const param = bad.parameters.find((p) => p.name === "model_name") as { type: string; default: unknown };
    param.type = "number";
    param.default = 3;
    const label = bad.parameters.find((p) => p.name === "label") as { type: string; default: unknown };
    label.default = 7;
    expect(errors(compilePipeline(bad))).toEqual([
      "SL114 parameter 'label' is declared string but its default 7 is a number",
      "SL116 modelName of step 'register' must be a string, got parameter 'model_name' (number)",
    ]);
  });
});
