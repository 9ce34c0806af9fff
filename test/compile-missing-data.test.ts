// Local data an example's own prepare script makes (the official image AutoML examples download
// theirs) may not exist yet when only the job spec is wanted: `sluice compile` writes the spec
// with a warning (SL505), while `check` and `run`, which need the data, refuse it (SL112).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT, runCli } from "./helpers/run-node.ts";

const work = mkdtempSync(join(REPO_ROOT, "test", ".work-missing-data-"));
// Run records and caches in the work folder, never in the repository's own `.sluice/`.
const env = { SLUICE_STATE_DIR: join(work, ".state"), SLUICE_CACHE_DIR: join(work, ".cache") };
afterAll(() => rmSync(work, { recursive: true, force: true }));
writeFileSync(
  join(work, "images.pipeline.ts"),
  `import { automlJob, dataTable } from "@sluice/dsl";
export default automlJob({
  name: "fridge",
  compute: "gpu-cluster",
  task: "image_classification",
  trainingData: dataTable("./data/training-mltable-folder"),
  labelColumn: "label",
});
`,
);

describe("local data that does not exist yet", () => {
  it("compile writes the spec and warns, naming the data", () => {
    const r = runCli(["compile", "images.pipeline.ts", "--out", "build"], { cwd: work, env });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(
      "images.pipeline.ts:2:16 [fridge/job] SL505 warning: data './data/training-mltable-folder' given to step 'job' does not exist yet\n  hint: the job spec is written; create the data (or fix the path) before sluice run, deploy or check",
    );
    expect(existsSync(join(work, "build", "fridge.job.json"))).toBe(true);
  });

  it.each([["check"], ["run"]])("%s refuses it, as run and deploy need it", (command) => {
    const r = runCli([command, "images.pipeline.ts"], { cwd: work, env });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("SL112 data './data/training-mltable-folder' given to step 'job' does not exist");
  });
});
