// Data modes on a pipeline's inputs (`mode: download`, `mode: direct`), as users' YAML gives them:
// imported into localFiles/webFiles options, sent at the job's top level, and stated on an inline
// command's component as the SDK's anonymous component states them. Compared with the SDK.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compilePipeline } from "@sluice/compiler";
import { loadPipelines } from "@sluice/runtime";
import { importPipeline } from "../packages/runtime/src/import/import-pipeline.ts";
import { sdkBodies, sdkDifference } from "./helpers/census.ts";
import { sdkOracle } from "./helpers/oracle.ts";
import { REPO_ROOT } from "./helpers/run-node.ts";

const YAML = `$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json
type: pipeline
display_name: modes
inputs:
  local_data:
    type: uri_folder
    path: ./d
    mode: download
  web:
    type: uri_file
    path: https://example.com/iris.csv
    mode: direct
jobs:
  a:
    command: ls \${{inputs.x}} \${{inputs.w}}
    environment: azureml:e:1
    compute: azureml:cpu
    inputs:
      x: \${{parent.inputs.local_data}}
      w: \${{parent.inputs.web}}
`;

describe.runIf(sdkOracle())("data modes on a pipeline's inputs", () => {
  const work = mkdtempSync(join(REPO_ROOT, "test", ".work-modes-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  mkdirSync(join(work, "d"));
  writeFileSync(join(work, "d", "x.csv"), "a,b\n");
  const yaml = join(work, "p.yml");
  writeFileSync(yaml, YAML);

  it("import into the inputs' options and compile to the SDK's serialization", async () => {
    const out = join(work, "p.pipeline.ts");
    writeFileSync(out, importPipeline(yaml, out));
    const text = readFileSync(out, "utf8");
    expect(text).toContain('localFiles("local_data", "./d", { type: "uri_folder", mode: "download" })');
    expect(text).toContain('webFiles("web", "https://example.com/iris.csv", { mode: "direct" })');
    const loaded = await loadPipelines(out);
    const result = compilePipeline(loaded.pipelines[0]?.ir);
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    const sdk = sdkBodies([yaml]).get(yaml);
    if (!sdk?.ok) throw new Error(`the SDK could not load it: ${sdk?.error}`);
    expect(sdk.body.properties.inputs.local_data.mode).toBe("Download");
    expect(sdkDifference(result.model, sdk.body, yaml)).toBeUndefined();
  });

  it("refuses a mode Azure does not have, at the YAML key", () => {
    const bad = join(work, "bad.yml");
    writeFileSync(bad, YAML.replace("mode: download", "mode: mount"));
    expect(() => importPipeline(bad, join(work, "bad.pipeline.ts"))).toThrow(/bad\.yml:8:11 inputs\.local_data\.mode: mode 'mount' is not one Azure ML has/);
  });
});
