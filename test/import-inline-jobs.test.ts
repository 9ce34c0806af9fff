// `sluice import` of command jobs written on the node (`command:`, `code:`, `environment:` under
// `jobs.<name>`, with or without `type: command`), a pipeline-level local mltable input and an
// output bound to a typed pipeline output: the imported file compiles to the REST body the
// official SDK's load_job gives the same YAML (anonymous component ids and `_source` aside).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { sdkOracle } from "./helpers/oracle.ts";
import { REPO_ROOT, runCli } from "./helpers/run-node.ts";

const sdk = sdkOracle();
const work = mkdtempSync(join(REPO_ROOT, "test", ".work-inline-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const YAML = `$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json
type: pipeline
display_name: inline_nodes
settings:
  default_compute: azureml:cpu-cluster
inputs:
  table:
    type: mltable
    path: ./table
  rate: 0.5
outputs:
  report:
    type: uri_file
jobs:
  prep:
    command: python hello.py --table \${{inputs.table}} --out \${{outputs.prepped}}
    code: ./src
    environment: azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1
    inputs:
      table: \${{parent.inputs.table}}
    outputs:
      prepped:
        type: uri_folder
        mode: upload
  train:
    type: command
    command: >-
      python hello.py --data \${{inputs.data}} --rate \${{inputs.rate}} --epochs \${{inputs.epochs}}
      --report \${{outputs.report}}
    code: ./src
    environment:
      image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04
    inputs:
      data: \${{parent.jobs.prep.outputs.prepped}}
      rate: \${{parent.inputs.rate}}
      epochs: 3
    outputs:
      report: \${{parent.outputs.report}}
    resources:
      instance_count: 1
    distribution:
      type: tensorflow
      worker_count: 2
`;

const yamlDir = join(work, "yaml");
mkdirSync(join(yamlDir, "src"), { recursive: true });
mkdirSync(join(yamlDir, "table"), { recursive: true });
writeFileSync(join(yamlDir, "src", "hello.py"), "print(1)\n");
writeFileSync(join(yamlDir, "table", "MLTable"), "paths:\n  - file: ./rows.csv\n");
writeFileSync(join(yamlDir, "table", "rows.csv"), "a\n1\n");
writeFileSync(join(yamlDir, "pipeline.yml"), YAML);

/** A REST body's properties without what the SDK and Sluice name differently on purpose, local paths made absolute. */
function comparable(properties: any, base: string): any {
  const copy = structuredClone(properties);
  delete copy.settings._source;
  for (const node of Object.values<any>(copy.jobs)) {
    delete node._source;
    delete node.componentId;
  }
  for (const input of Object.values<any>(copy.inputs)) if (typeof input.uri === "string" && input.uri.startsWith(".")) input.uri = resolve(base, input.uri);
  return copy;
}

describe("command jobs written on the node", () => {
  const out = join(work, "out");
  const file = join(work, "inline.pipeline.ts");
  const imported = runCli(["import", join(yamlDir, "pipeline.yml"), "--out", file]);
  const compiled = runCli(["compile", file, "-o", out]);

  it("import as commandStep, with or without type: command, and compile", () => {
    expect(imported.stderr).toBe("");
    expect(compiled.stderr).toBe("");
    const ts = readFileSync(file, "utf8");
    expect(ts).toContain('import { cmd, commandStep, environment, localFiles, output, pipeline, pipelineParameter } from "@sluice/dsl";');
    expect(ts).toContain('const table = localFiles("table", "./yaml/table", { type: "mltable" });');
    expect(ts.match(/= commandStep\(\{/g)).toHaveLength(2);
    expect(ts).toContain("report: output.uriFile(),");
    expect(ts).toContain('prepped: { mode: "upload" },');
  });

  it.runIf(sdk)("give the REST body the official SDK gives the YAML", () => {
    const theirs = spawnSync("/usr/bin/python3", [join(REPO_ROOT, "test/helpers/sdk_load_job.py"), join(yamlDir, "pipeline.yml")], { encoding: "utf8" });
    expect(theirs.stderr).toBe("");
    const ours = JSON.parse(readFileSync(join(out, "inline_nodes.job.json"), "utf8")).properties;
    expect(comparable(ours, out)).toEqual(comparable(JSON.parse(theirs.stdout).properties, yamlDir));
  });

  it.runIf(sdk)("type the inline component's inputs as the SDK does (a whole number is an integer)", () => {
    const theirs = spawnSync("/usr/bin/python3", [join(REPO_ROOT, "test/helpers/sdk_load_job.py"), join(yamlDir, "pipeline.yml")], { encoding: "utf8" });
    const types = (inputs: Record<string, { type: string }>) => Object.fromEntries(Object.entries(inputs).map(([n, i]) => [n, i.type]));
    const sdkTrain = parse(JSON.parse(theirs.stdout).properties.jobs.train.componentId);
    const ours = parse(readFileSync(join(out, "inline_nodes.pipeline.yml"), "utf8")).jobs.train.component;
    expect(types(ours.inputs)).toEqual(types(sdkTrain.inputs));
    expect(types(ours.inputs)).toEqual({ data: "uri_folder", rate: "number", epochs: "integer" });
  });

  it("a node without an environment, or with a key no command job has, is refused where it is written", () => {
    const broken = join(yamlDir, "broken.yml");
    writeFileSync(broken, YAML.replace("    environment: azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1\n", ""));
    const r = runCli(["import", broken, "--out", join(work, "broken.pipeline.ts")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^sluice: .*broken\.yml:15:3 jobs\.prep: a command job needs an environment\n {2}hint: give environment: azureml:<name>:<version>, or an image\n$/,
    );
    const typo = join(yamlDir, "typo.yml");
    writeFileSync(typo, YAML.replace("    code: ./src\n    environment: azureml", "    code: ./src\n    enviroment: x\n    environment: azureml"));
    const t = runCli(["import", typo, "--out", join(work, "typo.pipeline.ts")]);
    expect(t.status).toBe(1);
    expect(t.stderr).toMatch(/typo\.yml:18:5 jobs\.prep\.enviroment: unknown key 'enviroment' \(did you mean 'environment'\?\)/);
  });
});
