// What the official SDK passes through or drops without a word, `sluice import` does the same to
// stay equal to it, but says so: a job input the component does not declare is dropped (the SDK
// drops it), an unknown `settings` key is sent as written (the SDK sends it), each with a note in
// the generated file and on stderr; and a pipeline input no step reads is still a job input.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compilePipeline, restJobBody } from "@sluice/compiler";
import { pipeline, pipelineParameter } from "@sluice/dsl";
import { loadPipelines } from "@sluice/runtime";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT, runCli } from "./helpers/run-node.ts";

const work = mkdtempSync(join(REPO_ROOT, "test", ".work-passthrough-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const COMPONENT = `type: command
name: echo
inputs:
  message:
    type: string
command: echo \${{inputs.message}}
environment: azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1
`;
const PIPELINE = `type: pipeline
display_name: passthrough
settings:
  default_compute: azureml:cpu-cluster
  default_datestore: azureml:workspaceblobstore
inputs:
  ratio: 0.2
jobs:
  say:
    component: ./echo.yml
    inputs:
      message: hi
      ratio: \${{parent.inputs.ratio}}
`;

describe("sluice import passes through and drops what the SDK does, and says so", () => {
  mkdirSync(join(work, "p"));
  writeFileSync(join(work, "p", "echo.yml"), COMPONENT);
  writeFileSync(join(work, "p", "pipeline.yml"), PIPELINE);
  const out = join(work, "p", "pipeline.pipeline.ts");

  it("notes both in the file and on stderr, and compiles to the SDK's body", async () => {
    const r = runCli(["import", join(work, "p", "pipeline.yml"), "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /^sluice: note: dropped jobs\.say\.inputs\.ratio \(.*pipeline\.yml:13:14\): not an input of the component \(its inputs: message\); the official SDK drops it too$/m,
    );
    expect(r.stderr).toMatch(
      /^sluice: note: passed through settings\.default_datestore \(line 5\): not a setting Azure ML documents \(did you mean 'default_datastore'\?\); sent as written, as the official SDK does$/m,
    );
    const text = readFileSync(out, "utf8");
    expect(text).toContain("// sluice import dropped jobs.say.inputs.ratio");
    expect(text).toContain('extraSettings: { default_datestore: "azureml:workspaceblobstore" }');
    const loaded = await loadPipelines(out);
    expect(loaded.diagnostics).toEqual([]);
    const result = compilePipeline(loaded.pipelines[0]?.ir, { emitOnly: true });
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    const body = restJobBody(result.model).properties as Record<string, any>;
    expect(body.settings.default_datestore).toBe("azureml:workspaceblobstore");
    expect(body.inputs.ratio).toEqual({ jobInputType: "literal", value: "0.2" });
    expect(body.jobs.say.inputs).toEqual({ message: { job_input_type: "literal", value: "hi" } });
  });

  it("still refuses a dropped input whose binding is broken", () => {
    writeFileSync(join(work, "p", "broken.yml"), PIPELINE.replace("${{parent.inputs.ratio}}", "${{parent.inputs.nope}}"));
    const r = runCli(["import", join(work, "p", "broken.yml"), "--out", join(work, "p", "broken.pipeline.ts")]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/broken\.yml:13:14 jobs\.say\.inputs\.ratio: .*nope/);
  });

  it("refuses a modelled setting given as an extra one", () => {
    expect(() => pipeline({ name: "p", extraSettings: { force_rerun: true } }, () => {})).toThrow(/extraSettings/);
  });

  it("keeps a parameter declared in the build function as a job input, read or not", () => {
    const p = pipeline({ name: "p", defaultCompute: "cpu-cluster" }, () => {
      pipelineParameter("unused", 3);
    });
    expect(p.toIR().parameters.map((x) => x.name)).toEqual(["unused"]);
  });
});
