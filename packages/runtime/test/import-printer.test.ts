// `sluice import` in this process (so mutation testing sees it): CLI v2 YAML in, the pipeline file's
// TypeScript text out. The text is the behaviour: it is pinned whole for the fixtures and for a
// pipeline using every construct the importer knows, and each refusal is pinned by its located
// message (`file:line:col path: message`) and its hint.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SluiceError } from "../src/errors/sluice-error.ts";
import { importPipeline } from "../src/import/import-pipeline.ts";

const FIXTURES = join(dirname(new URL(import.meta.url).pathname), "..", "..", "..", "test", "fixtures");
const work = mkdtempSync(join(tmpdir(), "sluice-import-printer-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Writes `files` (name → YAML) into a fresh folder; returns that folder. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(work, "p-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** The one-line error and hint importing `pipeline.yml` of `files` gives, with the folder as `<dir>`. */
function refusal(files: Record<string, string>): string {
  const dir = project(files);
  try {
    importPipeline(join(dir, "pipeline.yml"), join(dir, "out", "x.pipeline.ts"));
  } catch (error) {
    expect(error).toBeInstanceOf(SluiceError);
    const e = error as SluiceError;
    return `${e.message}${e.hint ? ` (hint: ${e.hint})` : ""}`.split(dir).join("<dir>");
  }
  throw new Error("imported without an error");
}

const TRAIN = `$schema: https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json
type: command
name: train_model
display_name: Train
version: 2
description: trains
code: ./src
environment:
  image: mcr.microsoft.com/azureml/base
  conda_file: ./env/conda.yml
is_deterministic: false
inputs:
  data:
    type: uri_folder
  rate:
    type: number
    default: 0.5
    min: 0
    max: 1
  epochs:
    type: integer
    optional: true
  kind:
    type: string
    enum: [a, b]
    description: which one
  flag:
    type: boolean
  model_in:
    type: mlflow_model
  table:
    type: mltable
  file:
    type: uri_file
  custom:
    type: custom_model
outputs:
  model:
    type: mlflow_model
    description: the model
  folder:
  table_out:
    type: mltable
  file_out:
    type: uri_file
  custom_out:
    type: custom_model
command: >-
  python train.py --data \${{inputs.data}} --rate \${{ inputs.rate }} $[[--epochs \${{inputs.epochs}}]]
  --out \${{outputs.model}} --home \${HOME} --tick \`x\` --slash a\\\\b
`;

const INNER = `type: pipeline
name: inner_pipe
display_name: Inner
version: 3
description: a pipeline component
inputs:
  src:
    type: uri_folder
outputs:
  result:
    type: uri_folder
jobs:
  step:
    type: command
    component:
      name: inline_copy
      environment: azureml:copy-env:1
      command: cp -r \${{inputs.i}} \${{outputs.o}}
      inputs:
        i:
          type: uri_folder
      outputs:
        o:
          type: uri_folder
    inputs:
      i: \${{parent.inputs.src}}
    outputs:
      o: \${{parent.outputs.result}}
`;

const RICH = `$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json
type: pipeline
display_name: rich_one
description: every construct
experiment_name: exp
tags:
  team: ml
settings:
  default_compute: azureml:cpu-cluster
  default_datastore: azureml:workspaceblobstore
  continue_on_step_failure: true
  force_rerun: false
inputs:
  lr: 0.1
  label: "true"
  switch_on: true
  count:
    type: integer
    default: 3
  local:
    type: uri_folder
    path: ./data
  local_file:
    type: uri_file
    path: ./data/a.csv
  web:
    type: uri_file
    path: https://example.com/iris.csv
  where: gpu
outputs:
  final:
    type: mlflow_model
    mode: upload
  wrapped:
    type: uri_folder
jobs:
  class:
    type: command
    component: file:./components/train.yml
    display_name: Training
    compute: \${{parent.inputs.where}}
    inputs:
      data: \${{parent.jobs.1st_prep.outputs.prepared}}
      rate: \${{parent.inputs.lr}}
      epochs: 5
      kind: a
      flag: \${{parent.inputs.switch_on}}
      table:
        type: mltable
        path: azureml:tbl:1
      file:
        type: uri_file
        path: ./data/b.csv
        mode: download
    outputs:
      model: \${{parent.outputs.final}}
      folder:
        mode: rw_mount
        path: azureml://datastores/x/paths/y
      table_out:
    resources:
      instance_count: 2
    limits:
      timeout: 60
    environment_variables:
      A: b
  1st_prep:
    type: command
    compute: azureml:small
    component:
      name: prep
      environment: azureml://registries/r/environments/e/versions/1
      command: echo \${{inputs.x}} > \${{outputs.prepared}}/out.txt
      inputs:
        x:
          type: string
      outputs:
        prepared:
          type: uri_folder
    inputs:
      x: \${{parent.inputs.label}}
  nested:
    type: pipeline
    component: ./inner.yml
    inputs:
      src:
        type: uri_folder
        path: ./data
    outputs:
      result: \${{parent.outputs.wrapped}}
  again:
    type: command
    component: ./components/train.yml
    inputs:
      data: \${{parent.inputs.local}}
      model_in: \${{parent.jobs.class.outputs.model}}
`;

describe("sluice import prints", () => {
  it("a pipeline with every construct it knows as this pipeline file", () => {
    const dir = project({ "pipeline.yml": RICH, "components/train.yml": TRAIN, "inner.yml": INNER });
    expect(importPipeline(join(dir, "pipeline.yml"), join(dir, "pipelines", "rich.pipeline.ts"))).toMatchSnapshot();
  });

  it("a pipeline without a display name under the YAML file's name, with no return when no output is exposed", () => {
    const dir = project({
      "my-flow.yaml": "type: pipeline\njobs:\n  a:\n    type: command\n    component:\n      command: echo hi\n      environment: azureml:e:1\n",
    });
    expect(importPipeline(join(dir, "my-flow.yaml"), join(dir, "x.pipeline.ts"))).toMatchSnapshot();
  });

  it("a pipeline's own compute (top-level compute:) beside its default compute", () => {
    const dir = project({
      "p.yml":
        "type: pipeline\ndisplay_name: p\ncompute: azureml:cpu-cluster\nsettings:\n  default_compute: azureml:gpu\njobs:\n  a:\n    type: command\n    component:\n      command: echo hi\n      environment: azureml:e:1\n",
    });
    expect(importPipeline(join(dir, "p.yml"), join(dir, "x.pipeline.ts"))).toMatch(
      /^export default pipeline\(\{ name: "p", compute: "cpu-cluster", defaultCompute: "gpu" \}, \(\) => \{$/m,
    );
  });

  it.each([["sweep/pipeline.yml"], ["sweep-job/job.yml"], ["sweep-job/iris.yml"], ["build-env/pipeline.yml"], ["import-run-settings/pipeline.yml"]])(
    "the fixture %s",
    (fixture) => {
      const yaml = join(FIXTURES, fixture);
      expect(importPipeline(yaml, join(dirname(yaml), "imported.pipeline.ts"))).toMatchSnapshot();
    },
  );
});

const cmd = (extra: string) => `type: pipeline\njobs:\n  a:\n    type: command\n    component: ./c.yml\n${extra}`;
const comp = (extra: string) => `name: c\nenvironment: azureml:e:1\ncommand: echo\n${extra}`;
const sweep = (extra: string) =>
  `type: pipeline\njobs:\n  s:\n    type: sweep\n    trial: ./c.yml\n    objective:\n      primary_metric: acc\n    search_space:\n      x:\n        type: choice\n        values: [1]\n${extra}`;

describe("sluice import refuses, located and with a hint", () => {
  it.each<[string, Record<string, string>]>([
    ["a command job without an environment", { "pipeline.yml": "type: command\ncommand: echo\n" }],
    ["a command job without a command", { "pipeline.yml": "type: command\nenvironment: azureml:e:1\n" }],
    ["a command job naming an input it does not give", { "pipeline.yml": "type: command\ncommand: echo ${{inputs.x}}\nenvironment: azureml:e:1\n" }],
    [
      "a component naming an output it does not declare",
      { "pipeline.yml": cmd(""), "c.yml": comp("").replace("command: echo", "command: echo > ${{outputs.nope}}") },
    ],
    ["invalid YAML", { "pipeline.yml": "type: pipeline\njobs: [\n" }],
    ["a duplicate key", { "pipeline.yml": "type: pipeline\ntype: pipeline\n" }],
    ["an unknown top-level key", { "pipeline.yml": "type: pipeline\nidentity: x\n" }],
    ["a setting whose value is not plain", { "pipeline.yml": "type: pipeline\nsettings:\n  on_init:\n    a: 1\n" }],
    ["a list input", { "pipeline.yml": "type: pipeline\ninputs:\n  a: [1]\n" }],
    ["remote pipeline data", { "pipeline.yml": "type: pipeline\ninputs:\n  a:\n    type: uri_folder\n    path: azureml:d:1\n" }],
    ["pipeline model data", { "pipeline.yml": "type: pipeline\ninputs:\n  a:\n    type: custom_model\n    path: ./m\n" }],
    ["a web folder", { "pipeline.yml": "type: pipeline\ninputs:\n  a:\n    type: uri_folder\n    path: https://x/y\n" }],
    ["unknown pipeline data key", { "pipeline.yml": "type: pipeline\ninputs:\n  a:\n    path: ./d\n    datastore: blob\n" }],
    ["an unexposed output", { "pipeline.yml": "type: pipeline\noutputs:\n  o:\n    type: uri_folder\njobs: {}\n" }],
    ["a spark job with neither a component nor an entry", { "pipeline.yml": "type: pipeline\njobs:\n  a:\n    type: spark\n" }],
    ["a data transfer job", { "pipeline.yml": "type: pipeline\njobs:\n  a:\n    type: data_transfer\n" }],
    ["a missing parallel component file", { "pipeline.yml": "type: pipeline\njobs:\n  a:\n    type: parallel\n    component: ./p.yml\n" }],
    [
      "a parallel task that is not run_function",
      {
        "pipeline.yml":
          "type: pipeline\njobs:\n  a:\n    type: parallel\n    inputs:\n      d: { type: uri_folder, path: ./d }\n    input_data: ${{inputs.d}}\n    task:\n      type: function\n      entry_script: s.py\n      environment: azureml:e:1\n",
      },
    ],
    [
      "a parallel task without an entry script",
      {
        "pipeline.yml":
          "type: pipeline\njobs:\n  a:\n    type: parallel\n    inputs:\n      d: { type: uri_folder, path: ./d }\n    input_data: ${{inputs.d}}\n    task:\n      environment: azureml:e:1\n",
      },
    ],
    [
      "parallel input_data naming no input",
      {
        "pipeline.yml":
          "type: pipeline\njobs:\n  a:\n    type: parallel\n    inputs:\n      d: { type: uri_folder, path: ./d }\n    input_data: ${{inputs.x}}\n    task:\n      entry_script: s.py\n      environment: azureml:e:1\n",
      },
    ],
    [
      "a parallel mini-batch size that is no size",
      {
        "pipeline.yml":
          "type: pipeline\njobs:\n  a:\n    type: parallel\n    inputs:\n      d: { type: uri_folder, path: ./d }\n    input_data: ${{inputs.d}}\n    task:\n      entry_script: s.py\n      environment: azureml:e:1\n    mini_batch_size: lots\n",
      },
    ],
    [
      "parallel retry settings with an unknown key",
      {
        "pipeline.yml":
          "type: pipeline\njobs:\n  a:\n    type: parallel\n    inputs:\n      d: { type: uri_folder, path: ./d }\n    input_data: ${{inputs.d}}\n    task:\n      entry_script: s.py\n      environment: azureml:e:1\n    retry_settings: { retries: 2 }\n",
      },
    ],
    [
      "append_row_to naming no output",
      {
        "pipeline.yml":
          "type: pipeline\njobs:\n  a:\n    type: parallel\n    inputs:\n      d: { type: uri_folder, path: ./d }\n    input_data: ${{inputs.d}}\n    task:\n      entry_script: s.py\n      environment: azureml:e:1\n      append_row_to: ${{outputs.o}}\n",
      },
    ],
    [
      "a spark node with an unknown identity",
      { "pipeline.yml": "type: pipeline\njobs:\n  a:\n    type: spark\n    entry: { file: m.py }\n    identity: { type: root }\n" },
    ],
    [
      "serverless spark without an instance type",
      { "pipeline.yml": "type: pipeline\njobs:\n  a:\n    type: spark\n    entry: { file: m.py }\n    resources: { runtime_version: '3.4' }\n" },
    ],
    ["a spark entry with neither file nor class", { "pipeline.yml": "type: pipeline\njobs:\n  a:\n    type: spark\n    code: .\n    entry: { module: m }\n" }],
    ["spark conf as a list", { "pipeline.yml": "type: spark\nentry: { file: m.py }\nconf: [a, b]\n" }],
    ["spark args naming an undeclared output", { "pipeline.yml": "type: spark\nentry: { file: m.py }\nargs: --out ${{outputs.o}}\n" }],
    ["an unknown job key", { "pipeline.yml": cmd("    identity: x\n"), "c.yml": comp("") }],
    ["a misspelled job key", { "pipeline.yml": "type: pipeline\njobs:\n  a:\n    type: command\n    componnt: ./c.yml\n", "c.yml": comp("") }],
    ["a misspelled component key", { "pipeline.yml": cmd(""), "c.yml": comp("enviroment: azureml:e:2\n") }],
    ["a command job without a type, with a key no command job has", { "pipeline.yml": "command: echo\nenvironment: azureml:e:1\njobs_x: 1\n" }],
    ["a pipeline without a type", { "pipeline.yml": "jobs:\n  a:\n    component: ./c.yml\n" }],
    ["a GitHub Actions workflow", { "pipeline.yml": "name: ci\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n" }],
    ["a registered pipeline component", { "pipeline.yml": "type: pipeline\njobs:\n  a:\n    type: pipeline\n    component: azureml:c:1\n" }],
    ["no component", { "pipeline.yml": "type: pipeline\njobs:\n  a:\n    type: command\n" }],
    ["a pipeline job's command component", { "pipeline.yml": "type: pipeline\njobs:\n  a:\n    type: pipeline\n    component: ./c.yml\n", "c.yml": comp("") }],
    ["a missing component file", { "pipeline.yml": cmd("") }],
    ["an unknown parent input", { "pipeline.yml": cmd("    inputs:\n      x: ${{parent.inputs.nope}}\n"), "c.yml": comp("") }],
    ["an unknown upstream job", { "pipeline.yml": cmd("    inputs:\n      x: ${{parent.jobs.nope.outputs.o}}\n"), "c.yml": comp("") }],
    ["an unsupported binding", { "pipeline.yml": cmd("    inputs:\n      x: ${{parent.inputs.a}}-suffix\n"), "c.yml": comp("") }],
    ["job data without a path", { "pipeline.yml": cmd("    inputs:\n      x:\n        type: uri_file\n"), "c.yml": comp("") }],
    [
      "job data with a mode Azure does not have",
      { "pipeline.yml": cmd("    inputs:\n      x:\n        type: uri_folder\n        path: ./d\n        mode: mount\n"), "c.yml": comp("") },
    ],
    [
      "a job output with a mode Azure does not have",
      { "pipeline.yml": cmd("    outputs:\n      o:\n        mode: mount\n"), "c.yml": comp("outputs:\n  o:\n    type: uri_folder\n") },
    ],
    ["job data of an unknown type", { "pipeline.yml": cmd("    inputs:\n      x:\n        type: tabular\n        path: ./m\n"), "c.yml": comp("") }],
    ["an unknown job data key", { "pipeline.yml": cmd("    inputs:\n      x:\n        path: ./d\n        datastore: y\n"), "c.yml": comp("") }],
    ["an output the component lacks", { "pipeline.yml": cmd("    outputs:\n      nope: {}\n"), "c.yml": comp("") }],
    [
      "an unsupported output binding",
      { "pipeline.yml": cmd("    outputs:\n      o: ${{parent.jobs.b.outputs.o}}\n"), "c.yml": comp("outputs:\n  o:\n    type: uri_folder\n") },
    ],
    [
      "an output of another type",
      { "pipeline.yml": cmd("    outputs:\n      o:\n        type: uri_file\n"), "c.yml": comp("outputs:\n  o:\n    type: uri_folder\n") },
    ],
    [
      "an unknown output key",
      { "pipeline.yml": cmd("    outputs:\n      o:\n        datastore: x\n"), "c.yml": comp("outputs:\n  o:\n    type: uri_folder\n") },
    ],
    ["an unknown resource", { "pipeline.yml": cmd("    resources:\n      gpus: 2\n"), "c.yml": comp("") }],
    ["an unknown compute input", { "pipeline.yml": cmd("    compute: ${{parent.inputs.c}}\n"), "c.yml": comp("") }],
    [
      "a cycle",
      {
        "pipeline.yml":
          "type: pipeline\njobs:\n  a:\n    inputs:\n      x: ${{parent.jobs.b.outputs.o}}\n  b:\n    inputs:\n      x: ${{parent.jobs.a.outputs.o}}\n",
      },
    ],
    ["a parallel component", { "pipeline.yml": cmd(""), "c.yml": "type: parallel\n" }],
    ["a component without a command", { "pipeline.yml": cmd(""), "c.yml": "name: c\nenvironment: azureml:e:1\n" }],
    ["an unknown component key", { "pipeline.yml": cmd(""), "c.yml": comp("queue_settings: {}\n") }],
    ["a mode on a value input", { "pipeline.yml": cmd(""), "c.yml": comp("inputs:\n  k:\n    type: integer\n    mode: download\n") }],
    ["an output mode Azure does not have", { "pipeline.yml": cmd(""), "c.yml": comp("outputs:\n  o:\n    type: uri_folder\n    mode: mount\n") }],
    ["an unknown input type", { "pipeline.yml": cmd(""), "c.yml": comp("inputs:\n  x:\n    type: float\n") }],
    ["an unknown input key", { "pipeline.yml": cmd(""), "c.yml": comp("inputs:\n  x:\n    type: string\n    secret: true\n") }],
    ["an unknown output type", { "pipeline.yml": cmd(""), "c.yml": comp("outputs:\n  x:\n    type: triton_model\n") }],
    ["an unknown component output key", { "pipeline.yml": cmd(""), "c.yml": comp("outputs:\n  x:\n    datastore: blob\n") }],
    ["an environment without an image", { "pipeline.yml": cmd(""), "c.yml": "command: echo\nenvironment:\n  conda_file: ./c.yml\n" }],
    ["an unknown environment key", { "pipeline.yml": cmd(""), "c.yml": "command: echo\nenvironment:\n  image: x\n  os_type: linux\n" }],
    ["a build without a path", { "pipeline.yml": cmd(""), "c.yml": "command: echo\nenvironment:\n  build:\n    dockerfile_path: D\n" }],
    ["an unknown build key", { "pipeline.yml": cmd(""), "c.yml": "command: echo\nenvironment:\n  build:\n    path: .\n    target: x\n" }],
    ["a build beside an image", { "pipeline.yml": cmd(""), "c.yml": "command: echo\nenvironment:\n  image: x\n  build:\n    path: .\n" }],
    [
      "a pipeline component key",
      { "pipeline.yml": "type: pipeline\njobs:\n  a:\n    type: pipeline\n    component: ./p.yml\n", "p.yml": "type: pipeline\nsettings: {}\n" },
    ],
    [
      "a pipeline component's unwritten output",
      {
        "pipeline.yml": "type: pipeline\njobs:\n  a:\n    type: pipeline\n    component: ./p.yml\n",
        "p.yml": "type: pipeline\noutputs:\n  o:\n    type: uri_folder\njobs: {}\n",
      },
    ],
    ["a sweep without a search space", { "pipeline.yml": "type: pipeline\njobs:\n  s:\n    type: sweep\n    trial: ./c.yml\n", "c.yml": comp("") }],
    ["an unknown distribution", { "pipeline.yml": sweep("").replace("choice", "beta"), "c.yml": comp("") }],
    ["a distribution's missing parameter", { "pipeline.yml": sweep("").replace("values: [1]", "q: 1").replace("choice", "quniform"), "c.yml": comp("") }],
    ["a distribution's unknown key", { "pipeline.yml": sweep("").replace("values: [1]", "values: [1]\n        q: 2"), "c.yml": comp("") }],
    ["a sweep without an objective", { "pipeline.yml": sweep("").replace("primary_metric: acc", "goal: maximize"), "c.yml": comp("") }],
    ["an unknown objective key", { "pipeline.yml": sweep("").replace("primary_metric: acc", "primary_metric: acc\n      weight: 2"), "c.yml": comp("") }],
    ["an unknown limit", { "pipeline.yml": sweep("    limits:\n      max_nodes: 2\n"), "c.yml": comp("") }],
    ["an unknown policy", { "pipeline.yml": sweep("    early_termination:\n      type: hyperband\n"), "c.yml": comp("") }],
    ["an unknown policy key", { "pipeline.yml": sweep("    early_termination:\n      type: bandit\n      slack: 1\n"), "c.yml": comp("") }],
    ["an unknown sampling key", { "pipeline.yml": sweep("    sampling_algorithm:\n      type: random\n      logbase: e\n"), "c.yml": comp("") }],
    ["a sweep job without a trial command", { "pipeline.yml": "type: sweep\ncompute: azureml:c\ntrial:\n  environment: azureml:e:1\n" }],
    ["a sweep job's unknown key", { "pipeline.yml": "type: sweep\nidentity: x\n" }],
    ["a sweep job's unknown trial key", { "pipeline.yml": "type: sweep\ncompute: azureml:c\ntrial:\n  command: echo\n  resources: {}\n" }],
    ["a sweep job's data without a path", { "pipeline.yml": "type: sweep\ncompute: azureml:c\ninputs:\n  d:\n    type: uri_file\n" }],
    [
      "a sweep job's unknown output type",
      { "pipeline.yml": "type: sweep\ncompute: azureml:c\noutputs:\n  o:\n    type: triton_model\ntrial:\n  command: echo\n  environment: azureml:e:1\n" },
    ],
  ])("%s", (_, files) => {
    expect(refusal(files)).toMatchSnapshot();
  });

  it("an unreadable file is a usage error naming it", () => {
    expect(() => importPipeline(join(work, "absent.yml"), join(work, "x.pipeline.ts"))).toThrow(`cannot read ${join(work, "absent.yml")}: ENOENT`);
  });
});
