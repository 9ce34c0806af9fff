import { describe, expect, it } from "vitest";
import {
  autoMLStep,
  environment,
  localFiles,
  outputFileDataset,
  pipeline,
  pipelineParameter,
  pythonScriptStep,
  registerModelStep,
  SluiceDefinitionError,
  webFiles,
} from "../src/index.ts";
import { PipelineSchema } from "../src/ir/schema.ts";

function titanicLike() {
  const modelName = pipelineParameter("model_name", "Titanic");
  const raw = webFiles("titanic_ds", "https://example.com/t.csv");
  return pipeline({ name: "t", defaultCompute: "cpu" }, () => {
    const prepped = outputFileDataset("output_path");
    pythonScriptStep({ name: "prep", sourceDirectory: "src", script: "p.py", arguments: ["--in", raw, "--n", 3, "--out", prepped] });
    const train = autoMLStep({
      name: "Train",
      task: "classification",
      trainingData: prepped.readDelimitedFiles(),
      labelColumn: "Survived",
      limits: { iterations: 2 },
    });
    registerModelStep({ name: "reg", model: train.outputs.bestModel, modelName, tags: { team: "ml" } });
    return { model: train.outputs.bestModel, metrics: train.outputs.metrics };
  });
}

describe("IR synthesis", () => {
  it("produces a plain IR that the zod schema accepts, edges by data id", () => {
    const ir = titanicLike().toIR();
    expect(PipelineSchema.parse(JSON.parse(JSON.stringify(ir)))).toEqual(ir);
    const [prep, train, reg] = ir.steps;
    expect(prep).toMatchObject({
      kind: "python",
      arguments: [
        { type: "text", value: "--in" },
        { type: "input", name: "titanic_ds" },
        { type: "text", value: "--n" },
        { type: "text", value: "3" },
        { type: "text", value: "--out" },
        { type: "output", name: "output_path" },
      ],
      outputs: { output_path: { data: "output_path" } },
    });
    expect(train).toMatchObject({
      kind: "automl",
      trainingData: { type: "data", id: "output_path", tabular: true },
      primaryMetric: "AUC_weighted",
      limits: { maxTrials: 2 },
    });
    expect(reg).toMatchObject({
      kind: "register",
      allowReuse: false,
      model: { type: "data", id: "best_model" },
      modelName: { type: "parameter", name: "model_name" },
    });
    expect(ir.outputs).toEqual({ model: { data: "best_model" }, metrics: { data: "metrics" } });
    expect(ir.data.find((d) => d.id === "output_path")?.delimited).toEqual({
      pattern: "./*.csv",
      delimiter: ",",
      header: "all_files_same_headers",
      encoding: "utf8",
    });
  });

  it("records each builder's call site in this file", () => {
    const ir = titanicLike().toIR();
    for (const loc of [ir.definedAt, ...ir.steps.map((s) => s.definedAt), ...ir.parameters.map((p) => p.definedAt)]) {
      expect(loc.file).toMatch(/dsl\.test\.ts$/);
      expect(loc.line).toBeGreaterThan(0);
    }
  });

  it("gives distinct ids to different data objects sharing a name", () => {
    const ir = pipeline({ name: "p" }, () => {
      const a = outputFileDataset("out");
      const b = outputFileDataset("out");
      pythonScriptStep({ name: "s1", sourceDirectory: ".", script: "x.py", arguments: [a] });
      pythonScriptStep({ name: "s2", sourceDirectory: ".", script: "x.py", arguments: [b] });
      return { a, b };
    }).toIR();
    expect(ir.data.map((d) => d.id)).toEqual(["out", "out#2"]);
  });

  it("reuses an explicit input name when the same object appears in arguments", () => {
    const train = webFiles("data", "https://x/train.csv");
    const test = webFiles("data", "https://x/test.csv");
    const ir = pipeline({ name: "p" }, () => {
      pythonScriptStep({
        name: "s",
        sourceDirectory: ".",
        script: "x.py",
        inputs: { train_csv: train, test_csv: test },
        arguments: ["--train", train, "--test", test],
      });
    }).toIR();
    expect(ir.steps[0]).toMatchObject({
      arguments: [{ type: "text" }, { type: "input", name: "train_csv" }, { type: "text" }, { type: "input", name: "test_csv" }],
    });
  });

  it("parses environment references and infers local file types", () => {
    expect(environment("azureml:env:3").ir).toEqual({ type: "registered", name: "env", version: "3" });
    expect(environment("env@latest").ir).toEqual({ type: "registered", name: "env", version: "latest" });
    expect(environment({ image: "img:1", condaFile: "c.yml" }).ir).toMatchObject({ type: "image", image: "img:1", condaFile: "c.yml" });
    const ir = pipeline({ name: "p" }, () => {
      pythonScriptStep({ name: "s", sourceDirectory: ".", script: "x.py", arguments: [localFiles("f", "data/a.csv"), localFiles("d", "data/")] });
    }).toIR();
    expect(ir.inputs.map((i) => i.assetType)).toEqual(["uri_file", "uri_folder"]);
  });
});

describe("definition errors", () => {
  const codeOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(SluiceDefinitionError);
      return (error as SluiceDefinitionError).code;
    }
    return "no error";
  };

  it("rejects steps outside a pipeline and after it is locked", () => {
    expect(codeOf(() => pythonScriptStep({ name: "s", sourceDirectory: ".", script: "x.py" }))).toBe("SL001");
    let late: (() => void) | undefined;
    pipeline({ name: "p" }, () => {
      late = () => pythonScriptStep({ name: "s", sourceDirectory: ".", script: "x.py" });
    });
    expect(codeOf(() => late?.())).toBe("SL001");
  });

  it("rejects pipeline outputs that no step writes", () => {
    const p = pipeline({ name: "p" }, () => ({ raw: webFiles("w", "https://x") as never }));
    expect(codeOf(() => p.toIR())).toBe("SL004");
  });
});

describe("data input modes and display names", () => {
  it("carry a pipeline input's mode and a pipeline's display name into the IR", () => {
    const ir = pipeline({ name: "p", displayName: "P (nightly)" }, () => {
      const raw = localFiles("raw", "./data", { mode: "download" });
      const web = webFiles("w", "https://x/y.csv", { mode: "direct" });
      pythonScriptStep({ name: "s", sourceDirectory: ".", script: "x.py", arguments: [raw, web] });
      return {};
    }).toIR();
    expect(ir.displayName).toBe("P (nightly)");
    expect(ir.inputs.map((i) => [i.name, i.mode])).toEqual([
      ["raw", "download"],
      ["w", "direct"],
    ]);
    expect(PipelineSchema.safeParse(ir).success).toBe(true);
  });

  it("refuse a mode no input has (upload is an output's), located at the call", () => {
    let error: unknown;
    try {
      localFiles("raw", "./data", { mode: "upload" as never });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SluiceDefinitionError);
    expect((error as SluiceDefinitionError).message).toMatch(/mode/);
  });
});
