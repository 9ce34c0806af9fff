// The local-run census of the official job YAMLs (../shared/corpus/azureml-examples/cli/jobs):
// each imported and run with `sluice run --local`, and the whole table pinned
// (test/golden/local-census.txt: which run to completion, and for the others the one line a
// user gets: refused before any step starts, or the step that failed). Update it with
// `vitest run test/local-census.test.ts -u`; scripts/local-census.ts prints the same table with
// timings, the two AutoML trainings below included.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { jobYamls } from "./helpers/census.ts";
import { type LocalRow, localRun, localTable } from "./helpers/local-census.ts";
import { corpusPresent } from "./helpers/oracle.ts";
import { REPO_ROOT } from "./helpers/run-node.ts";

const JOBS = join(REPO_ROOT, ".shared/corpus/azureml-examples/cli/jobs");

/** Left to scripts/local-census.ts: they run, but train AutoML for minutes on two cores. */
const TRAININGS = new Set([
  "automl-standalone-jobs/cli-automl-classification-task-bankmarketing/cli-automl-classification-task-bankmarketing.yml",
  "basics/hello-automl/hello-automl-job-basic.yml",
]);

describe.runIf(corpusPresent(JOBS))("the official job YAMLs, run on this machine", () => {
  const work = mkdtempSync(join(REPO_ROOT, "test", ".work-local-census-"));
  const state = mkdtempSync(join(tmpdir(), "sluice-local-census-"));
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
    rmSync(state, { recursive: true, force: true });
  });

  it("runs what needs only this machine, and says in one line why not for the rest", { timeout: 900_000 }, async () => {
    const rows: LocalRow[] = [];
    for (const file of jobYamls(JOBS).filter((f) => !TRAININGS.has(f))) rows.push(localRun(JOBS, file, work, state, 180_000));
    const table = localTable(rows, false);
    console.log(table);
    expect(rows.filter((r) => /internal error|a bug in Sluice|^\s+at /.test(r.why))).toEqual([]);
    await expect(table.replaceAll(".shared/corpus/azureml-examples/cli/jobs/", "")).toMatchFileSnapshot("golden/local-census.txt");
  });
});
