// A compute is what Azure runs a step on; a local run ignores it. So `sluice run` and `sluice
// plan` on this machine do not demand one (SL113), while `check` and `compile`, which answer for
// Azure, still do, located at the step.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyProject, sandbox } from "./helpers/local-sandbox.ts";

const project = copyProject("test/fixtures/local");
const box = sandbox();
afterAll(() => {
  project.cleanup();
  box.cleanup();
});

writeFileSync(
  project.file("nocompute.pipeline.ts"),
  `import { outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

export default pipeline({ name: "no_compute" }, () => {
  const out = outputFileDataset("out");
  pythonScriptStep({ name: "echo", sourceDirectory: "./src", script: "echo_args.py", arguments: ["--name", "x", "--literal", "y", "--out", out] });
  return { out };
});
`,
);
const FILE = project.file("nocompute.pipeline.ts");

describe("a pipeline without a compute", () => {
  it("runs on this machine, and plans, without SL113", () => {
    const run = box.sluice(["run", FILE]);
    expect(run.stderr).not.toContain("SL113");
    expect(run.status, run.stderr).toBe(0);
    const plan = box.sluice(["plan", FILE]);
    expect([plan.status, plan.stderr]).toEqual([0, ""]);
  });

  it("is still refused for Azure by check and compile, at the step", () => {
    const check = box.sluice(["check", FILE, "--no-types"]);
    expect(check.status).toBe(1);
    expect(check.stderr).toMatch(/nocompute\.pipeline\.ts:5:3 \[no_compute\/echo\] SL113 step 'echo' has no compute and the pipeline has no defaultCompute/);
    const compile = box.sluice(["compile", FILE, "-o", join(project.dir, "out")]);
    expect(compile.status).toBe(1);
    expect(compile.stderr).toContain("SL113");
  });

  it("with a workspace configured, a run is for Azure and is refused before anything is sent", () => {
    const r = box.sluice(["run", FILE], {
      AZURE_SUBSCRIPTION_ID: "00000000-0000-0000-0000-000000000000",
      AZURE_RESOURCE_GROUP: "rg",
      AZUREML_WORKSPACE_NAME: "my-workspace",
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("SL113");
  });
});
