// Every scalar Sluice writes as YAML reads back from PyYAML (what `az ml` and azure-ai-ml use)
// as the same string or number: arbitrary strings through the YAML layer, parameter values
// through the whole compiler, and `featurization: off` through the SDK's own load_job.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { sdkOracle } from "../../../test/helpers/oracle.ts";
import { autoMLStep, outputFileDataset, pipeline, pipelineParameter, pythonScriptStep } from "@sluice/dsl";
import { compilePipeline, emitRestJob } from "@sluice/compiler";
import { emitCliYaml } from "@sluice/compiler/yaml";
import { toYaml } from "../src/emit/yaml-text.ts";
import { REPO_ROOT } from "../../../test/helpers/run-node.ts";

/** Strings YAML 1.1 (PyYAML) would re-type or mis-read when written plain. */
const TRICKY = [
  "no",
  "No",
  "NO",
  "yes",
  "on",
  "On",
  "off",
  "OFF",
  "true",
  "False",
  "y",
  "n",
  "~",
  "null",
  "Null",
  "",
  " ",
  "1_000",
  "0b101",
  "0x1F",
  "012",
  "0o17",
  "1:30",
  "190:20:30",
  "1e3",
  "1.5",
  "-.5",
  ".inf",
  "-.Inf",
  ".nan",
  "+12",
  "-0",
  "2024-01-01",
  "2001-12-14t21:59:43.10-05:00",
  "2024-01-01 10:00:00",
  "=",
  "<<",
  "-",
  "- x",
  "a: b",
  "a:b",
  "#c",
  "c #d",
  "'q'",
  '"d"',
  "[x]",
  "{y}",
  "*alias",
  "&anchor",
  "!tag",
  "%dir",
  "@at",
  "`tick`",
  "|",
  ">",
  "?",
  " lead",
  "trail ",
  "\t",
  "a\nb",
  "tab\there",
  "${{parent.inputs.x}}",
  "ünïcödé",
  "日本語",
  "emoji 🚀",
];

function pyyamlLoad(yamlText: string): unknown {
  const r = spawnSync("/usr/bin/python3", ["-c", "import json,sys,yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))"], {
    input: yamlText,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`PyYAML refused the document: ${r.stderr}\n${yamlText}`);
  return JSON.parse(r.stdout);
}

const root = mkdtempSync(join(tmpdir(), "sluice-yaml-"));
mkdirSync(join(root, "src"));
writeFileSync(join(root, "src", "step.py"), "print('ok')\n");
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("YAML that round-trips through PyYAML", () => {
  it("reads back every tricky and every arbitrary string, and numbers, unchanged", () => {
    const strings = [
      ...TRICKY,
      ...fc.sample(fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary-ascii" })), { numRuns: 400, seed: 7 }),
    ];
    const numbers = [0, 1, -1, 1.5, 1e21, 1e-7, -2.5e-12, 123456789, -0.25];
    const doc = { strings, numbers, nested: Object.fromEntries(strings.slice(0, 60).map((s, i) => [`k${i}`, s])) };
    expect(pyyamlLoad(toYaml(doc))).toEqual(doc);
  });

  it("keeps parameter values exactly through compile → CLI YAML → PyYAML", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...TRICKY), fc.string({ minLength: 1 })), { minLength: 1, maxLength: 8 }), (values) => {
        const p = pipeline({ name: "yaml_values", defaultCompute: "cpu-cluster" }, () => {
          const out = outputFileDataset("out");
          const params = values.map((v, i) => pipelineParameter(`p${i}`, `v_${v}`));
          pythonScriptStep({ name: "step", sourceDirectory: join(root, "src"), script: "step.py", arguments: [...params, "--out", out] });
          return { out };
        });
        const result = compilePipeline(p.toIR());
        if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
        const loaded = pyyamlLoad(emitCliYaml(result.model, root)) as { inputs: Record<string, unknown> };
        values.forEach((v, i) => {
          expect(loaded.inputs[`p${i}`]).toBe(`v_${v}`);
        });
      }),
      { numRuns: 25, seed: 11 },
    );
  });

  const sdk = sdkOracle();
  it.runIf(sdk)("writes featurization off so that the SDK's load_job reads it as 'off'", () => {
    const p = pipeline({ name: "featurization_off", defaultCompute: "cpu-cluster" }, () => {
      const out = outputFileDataset("out");
      pythonScriptStep({ name: "prep", sourceDirectory: join(root, "src"), script: "step.py", arguments: ["--out", out] });
      const t = autoMLStep({ name: "train", task: "classification", trainingData: out.readDelimitedFiles(), labelColumn: "y", featurization: "off" });
      return { model: t.outputs.bestModel };
    });
    const result = compilePipeline(p.toIR());
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    const file = join(root, "featurization_off.pipeline.yml");
    writeFileSync(file, emitCliYaml(result.model, root));
    expect(readFileSync(file, "utf8")).toContain('mode: "off"');
    const r = spawnSync("/usr/bin/python3", [join(REPO_ROOT, "test/helpers/sdk_load_job.py"), file, "job"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout).properties.jobs.train.featurization).toEqual({ mode: "off" });
  });

  it.runIf(sdk)("writes AutoML training settings, a held-out share and an exit score as the SDK reads and sends them", () => {
    const p = pipeline({ name: "automl_settings", defaultCompute: "cpu-cluster" }, () => {
      const out = outputFileDataset("out");
      pythonScriptStep({ name: "prep", sourceDirectory: join(root, "src"), script: "step.py", arguments: ["--out", out] });
      const t = autoMLStep({
        name: "train",
        task: "classification",
        trainingData: out.readDelimitedFiles(),
        labelColumn: "y",
        allowedAlgorithms: ["random_forest", "logistic_regression"],
        blockedAlgorithms: ["knn"],
        validationDataSize: 0.2,
        limits: { maxTrials: 5, exitScore: 0.9 },
      });
      return { model: t.outputs.bestModel };
    });
    const result = compilePipeline(p.toIR());
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    const file = join(root, "automl_settings.pipeline.yml");
    writeFileSync(file, emitCliYaml(result.model, root));
    const r = spawnSync("/usr/bin/python3", [join(REPO_ROOT, "test/helpers/sdk_load_job.py"), file, "job"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    const theirs = JSON.parse(r.stdout).properties.jobs.train;
    const ours = (emitRestJob(result.model, root).properties as { jobs: Record<string, unknown> }).jobs.train as Record<string, unknown>;
    for (const key of ["training", "validation_data_size", "limits", "featurization"]) expect(ours[key], key).toEqual(theirs[key]);
    expect(theirs.training).toEqual({ allowed_training_algorithms: ["random_forest", "logistic_regression"], blocked_training_algorithms: ["knn"] });
    expect(theirs.limits).toMatchObject({ exit_score: 0.9, max_trials: 5 });
  });
});
