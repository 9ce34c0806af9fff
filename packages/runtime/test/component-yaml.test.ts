import type { ComponentIR } from "@sluice/dsl/ir";
// The component YAML reader behind `loadComponent`, in process: every field a command component
// YAML may give lands in the IR, and every mistake is refused where it stands in the YAML.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { componentFileLoader, readComponentYaml } from "../src/import/component-yaml.ts";

/** A command component YAML read as IR (the environment is the component's, not a task's). */
const commandYaml = (path: string) => readComponentYaml(path) as ComponentIR;

const dir = mkdtempSync(join(tmpdir(), "sluice-component-yaml-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (text: string) => {
  const path = join(dir, `c${n++}.yml`);
  writeFileSync(path, text);
  return path;
};
const BASE = "name: train\ncommand: python t.py\nenvironment: azureml:env:3\n";

describe("a command component YAML read for loadComponent", () => {
  it("keeps every field: interface, modes, environment, run settings, tags", () => {
    const path = file(
      `${BASE}version: 2\ndisplay_name: Train\ndescription: trains\ncode: ./src\nis_deterministic: false\n` +
        "inputs:\n  data:\n    type: uri_folder\n    mode: download\n    description: rows\n  lr:\n    type: number\n    default: 0.1\n    min: 0\n    max: 1\n" +
        "  kind:\n    type: string\n    enum: [a, b]\n    optional: true\n" +
        "outputs:\n  model:\n    type: mlflow_model\n    mode: upload\n    description: the model\n  plain: {}\n" +
        "resources:\n  instance_count: 2\n  shm_size: 1g\ndistribution:\n  type: tensorflow\n  worker_count: 2\ntags:\n  team: ml\n",
    );
    const ir = readComponentYaml(path);
    expect({ ...ir, definedAt: undefined }).toEqual({
      name: "train",
      command: "python t.py",
      environment: { type: "registered", name: "env", version: "3" },
      inputs: {
        data: { type: "uri_folder", mode: "download", description: "rows" },
        lr: { type: "number", default: 0.1, min: 0, max: 1 },
        kind: { type: "string", enum: ["a", "b"], optional: true },
      },
      outputs: { model: { type: "mlflow_model", mode: "upload", description: "the model" }, plain: { type: "uri_folder" } },
      version: "2",
      displayName: "Train",
      description: "trains",
      code: "./src",
      isDeterministic: false,
      resources: { instanceCount: 2, shmSize: "1g" },
      distribution: { type: "tensorflow", workerCount: 2 },
      tags: { team: "ml" },
      definedAt: undefined,
    });
    expect(ir.definedAt).toEqual({ file: path, line: 1, column: 1 });
  });

  it("reads an image environment with its conda file, and a build context", () => {
    const image = commandYaml(file("name: a\ncommand: x\nenvironment:\n  image: python:3.11\n  conda_file: ./conda.yml\n"));
    expect(image.environment).toMatchObject({ type: "image", image: "python:3.11", condaFile: "./conda.yml" });
    const build = commandYaml(file("name: a\ncommand: x\nenvironment:\n  build:\n    path: ./docker\n    dockerfile_path: Dockerfile.gpu\n"));
    expect(build.environment).toMatchObject({ type: "build", path: "./docker", dockerfile: "Dockerfile.gpu" });
    const named = commandYaml(file("name: a\ncommand: x\nenvironment:\n  name: prep-env\n  version: 1\n  image: python:3.11\n"));
    expect(named.environment).toMatchObject({ type: "image", image: "python:3.11", name: "prep-env", version: "1" });
  });

  it("reads an environment written in its own file, its paths made relative to the component", () => {
    mkdirSync(join(dir, "env"), { recursive: true });
    writeFileSync(join(dir, "env", "env.yml"), "$schema: x\nname: nccl\nversion: v1\nbuild:\n  path: .\n");
    writeFileSync(join(dir, "env", "image.yml"), "image: python:3.11\nconda_file: conda.yml\n");
    const built = commandYaml(file("name: a\ncommand: x\nenvironment: file:./env/env.yml\n"));
    expect(built.environment).toMatchObject({ type: "build", path: "env", name: "nccl", version: "v1" });
    const image = commandYaml(file("name: a\ncommand: x\nenvironment: file:env/image.yml\n"));
    expect(image.environment).toMatchObject({ type: "image", image: "python:3.11", condaFile: "env/conda.yml" });
    expect(() => readComponentYaml(file("name: a\ncommand: x\nenvironment: file:./nope.yml\n"))).toThrow(
      /:3:14 environment: the environment file \.\/nope\.yml does not exist/,
    );
  });

  it.each([
    ["an unknown key", `${BASE}identity: x\n`, /:4:1 identity: /],
    [
      "a parallel component's command (its task says what runs)",
      `${BASE}type: parallel\n`,
      /:2:1 command: a parallel component says its command in its task, not at the top/,
    ],
    [
      "a parallel component's input_data naming no input",
      "name: a\ntype: parallel\ninputs:\n  d:\n    type: uri_folder\ninput_data: ${{inputs.e}}\ntask:\n  entry_script: s.py\n  environment: azureml:e:1\n",
      /:6:13 input_data: must name one of the component's inputs as \$\{\{inputs.<name>\}\}/,
    ],
    ["no command", "name: a\nenvironment: azureml:e:1\n", /command: a command component needs a command/],
    ["no name", "command: x\nenvironment: azureml:e:1\n", /name: a component needs a name/],
    ["an input type Azure has not", `${BASE}inputs:\n  x:\n    type: tabular\n`, /:6:11 inputs\.x\.type: input type 'tabular'/],
    ["an output type Azure has not", `${BASE}outputs:\n  x:\n    type: tabular\n`, /:6:11 outputs\.x\.type: output type 'tabular'/],
    [
      "a mode on a value input",
      `${BASE}inputs:\n  k:\n    type: integer\n    mode: download\n`,
      /:7:11 inputs\.k\.mode: only data inputs and outputs have a mode/,
    ],
    ["an output mode Azure has not", `${BASE}outputs:\n  o:\n    mode: mount\n`, /:6:11 outputs\.o\.mode: mode 'mount' is not one Azure ML has/],
    ["a distribution Azure has not", `${BASE}distribution:\n  type: ray\n`, /:5:9 distribution\.type: distribution type 'ray'/],
    ["an unknown resources key", `${BASE}resources:\n  gpus: 2\n`, /:5:3 resources\.gpus: /],
    ["an environment without an image", "name: a\ncommand: x\nenvironment:\n  conda_file: c.yml\n", /environment: an inline environment needs an image/],
    ["a build without a path", "name: a\ncommand: x\nenvironment:\n  build:\n    dockerfile_path: D\n", /environment\.build: a build environment needs a path/],
    // Declarations of the wrong shape: once read as false, NaN, a plain folder or no enum, in silence.
    ["an input given as a list", `${BASE}inputs:\n  x: [uri_folder]\n`, /:5:3 inputs\.x: an input is a mapping of its type and settings, not a list/],
    [
      "an output given as text",
      `${BASE}outputs:\n  o: uri_folder\n`,
      /:5:6 outputs\.o: an output is a mapping of its type and settings, not the string "uri_folder"/,
    ],
    [
      "optional as text",
      `${BASE}inputs:\n  k:\n    type: string\n    optional: "yes"\n`,
      /:7:15 inputs\.k\.optional: must be true or false, not the string "yes"/,
    ],
    ["a minimum as text", `${BASE}inputs:\n  k:\n    type: number\n    min: low\n`, /:7:10 inputs\.k\.min: must be a number, not the string "low"/],
    [
      "a default as a list",
      `${BASE}inputs:\n  k:\n    type: string\n    default: [a]\n`,
      /:7:5 inputs\.k\.default: must be a string, number or boolean, not a list/,
    ],
    [
      "an enum of mappings",
      `${BASE}inputs:\n  k:\n    type: string\n    enum: [{a: 1}]\n`,
      /:7:5 inputs\.k\.enum: must be a list of plain values, not a list holding others/,
    ],
    ["a version as a list", `${BASE}version: [1]\n`, /:4:1 version: must be a string or a number, not a list/],
    [
      "a prompt flow (no type: once read as a command component without a command)",
      "$schema: https://azuremlschemas.azureedge.net/promptflow/latest/Flow.schema.json\ninputs:\n  text:\n    type: string\nnodes: []\n",
      /:1:1 \(document\): this is a prompt flow, which loadComponent cannot load yet/,
    ],
  ])("refuses %s where it stands", (_, text, message) => {
    expect(() => readComponentYaml(file(text))).toThrow(message);
  });
});

describe("the loader loadComponent calls", () => {
  it("resolves the path against the calling file, reads each file once, and locates problems in the YAML (SL147)", () => {
    const load = componentFileLoader();
    const path = file(BASE);
    const from = { file: join(dir, "p.pipeline.ts"), line: 3, column: 7 };
    const first = load(path.slice(dir.length + 1), from);
    expect(first.name).toBe("train");
    expect(load(path.slice(dir.length + 1), from)).toBe(first);
    expect(() => load("missing.yml", from)).toThrow(/loadComponent\("missing\.yml"\): .*missing\.yml does not exist/);
    try {
      load(file(`${BASE}identity: x\n`).slice(dir.length + 1), from);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ tableCode: "SL147", location: { line: 4, column: 1 } });
    }
  });
});
