// AutoML settings a local run cannot honour are refused before any step starts (nothing runs),
// and settings it can are checked by the compiler like Azure would (SL120).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyProject, sandbox } from "./helpers/local-sandbox.ts";

const project = copyProject("examples/titanic-automl");
const box = sandbox();
afterAll(() => {
  project.cleanup();
  box.cleanup();
});
const FILE = join(project.dir, "titanic.pipeline.ts");
const original = readFileSync(FILE, "utf8");
const withOptions = (extra: string) => writeFileSync(FILE, original.replace('      featurization: "auto",', `      featurization: "auto",\n${extra}`));

describe("AutoML settings on a local run", () => {
  it("refuses deep learning and an unavailable meta-learner before starting, naming each", () => {
    withOptions('      training: { enableDnnTraining: true, enableStackEnsemble: true, stackEnsemble: { metaLearner: "light_gbm_classifier" } },');
    const r = box.sluice(["run", project.file("titanic.pipeline.ts")]);
    expect(r.status).toBe(3);
    expect(r.stderr).toBe(
      "sluice: step 'AutoML_Classification' asks for deep-learning training (training.enableDnnTraining); the stack meta-learner light_gbm_classifier, which the local AutoML engine does not have\n  hint: run this pipeline on Azure ML, or leave these settings out for local runs\n",
    );
    expect(box.runs()).toEqual([]);
  });

  it("checks the settings as Azure does: shares, labels by task, one way to validate", () => {
    withOptions('      testDataSize: 1.5,\n      cvSplitColumns: ["fold"],\n      nCrossValidations: 3,');
    const r = box.sluice(["check", project.file("titanic.pipeline.ts"), "--no-types"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/SL120 step 'AutoML_Classification': testDataSize must be between 0 and 1, got 1\.5\n {2}hint: /);
    expect(r.stderr).toMatch(/SL120 step 'AutoML_Classification': sets cvSplitColumns together with another way to validate/);
  });
});
