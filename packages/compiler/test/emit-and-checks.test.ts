// Pins what the emitters write and what the checks refuse, value by value, so a wrong binding,
// an off-by-one or a swapped field fails here (each case was a mutant the suite once let live).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  autoMLStep,
  cmd,
  commandStep,
  environment,
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

describe("registered environments by label", () => {
  // What the official SDK serializes for each spelling (azure-ai-ml's load_component, measured):
  // a label stays a label, `@latest` stays `@latest` (pinned at deploy), a version stays a version.
  it.each([
    ["azureml:AzureML-AutoML@prod", "azureml:AzureML-AutoML@prod"],
    ["AzureML-AutoML@staging-2", "azureml:AzureML-AutoML@staging-2"],
    ["azureml:AzureML-AutoML@latest", "azureml:AzureML-AutoML@latest"],
    ["AzureML-AutoML:3", "azureml:AzureML-AutoML:3"],
  ])("%s is sent as %s, with no SL125", (written, sent) => {
    const result = compile(() => {
      pythonScriptStep({ name: "prep", sourceDirectory: join(root, "src"), script: "prep.py", environment: environment(written) });
      return undefined;
    });
    const model = ok(result);
    expect(errors(result)).toEqual([]);
    const job = emitRestJob(model, root) as { properties: { jobs: Record<string, { componentId: string }> } };
    const yaml = emitCliYaml(model, root);
    expect(yaml).toContain(`environment: ${sent}\n`);
    expect(JSON.stringify(job)).not.toContain(`${written.replace(/^azureml:/, "").split(/[@:]/)[0]}:prod`);
  });
});

describe("what the SDK sends for builds and TensorFlow (its load_job, measured)", () => {
  mkdirSync(join(root, "docker"), { recursive: true });
  writeFileSync(join(root, "docker", "Dockerfile"), "FROM python:3.10\n");
  writeFileSync(join(root, "docker", "gpu.Dockerfile"), "FROM python:3.11\n");
  const tf = (env: ReturnType<typeof environment>, distribution: Record<string, unknown>) =>
    ok(
      compile(() => {
        commandStep({ name: "train", environment: env, distribution: distribution as never, command: () => cmd`python -c "print(1)"` });
        return undefined;
      }),
    );

  it("a build context without a named Dockerfile sends no dockerfile_path; a named one is sent", () => {
    const plain = parse(emitCliYaml(tf(environment({ build: join(root, "docker") }), { type: "pytorch" }), root)).jobs.train;
    expect(plain.component.environment.build).toEqual({ path: "./docker" });
    const named = parse(emitCliYaml(tf(environment({ build: join(root, "docker"), dockerfile: "gpu.Dockerfile" }), { type: "pytorch" }), root)).jobs.train;
    expect(named.component.environment.build).toEqual({ path: "./docker", dockerfile_path: "gpu.Dockerfile" });
  });

  it("TensorFlow distribution always carries parameter_server_count, 0 when none is asked for", () => {
    const model = tf(environment("AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1"), { type: "tensorflow", workerCount: 2 });
    const rest = (emitRestJob(model, root) as { properties: { jobs: Record<string, { distribution: unknown }> } }).properties.jobs.train?.distribution;
    expect(rest).toEqual({ distribution_type: "TensorFlow", worker_count: 2, parameter_server_count: 0 });
    expect(parse(emitCliYaml(model, root)).jobs.train.distribution).toEqual({ type: "tensorflow", worker_count: 2, parameter_server_count: 0 });
    const two = tf(environment("AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1"), { type: "tensorflow", workerCount: 2, parameterServerCount: 1 });
    expect(parse(emitCliYaml(two, root)).jobs.train.distribution).toEqual({ type: "tensorflow", worker_count: 2, parameter_server_count: 1 });
  });
});
