// The census of every official job YAML (../shared/corpus/azureml-examples/cli/jobs): the SDK's
// answer, `sluice import`, compile, and equality with the SDK's serialization. It prints the
// table, pins the totals, and pins the whole table (test/golden/census.txt: how far each YAML
// gets and the reason it stops there), so a change that imports more updates the golden file
// (`vitest run test/census.test.ts -u`) and one that imports less fails here.
import { mkdtempSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type CensusRow, censusRow, censusTable, censusTotals, jobYamls, sdkBodies, yamlRoundTrips } from "./helpers/census.ts";
import { corpusPresent, sdkOracle } from "./helpers/oracle.ts";
import { REPO_ROOT } from "./helpers/run-node.ts";

const JOBS = join(REPO_ROOT, ".shared/corpus/azureml-examples/cli/jobs");
const here = sdkOracle() && corpusPresent(JOBS);

describe.runIf(here)("the census of the official job YAMLs", () => {
  const work = mkdtempSync(join(REPO_ROOT, "test", ".work-census-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("imports, compiles and compares every job YAML", { timeout: 300_000 }, async () => {
    const files = jobYamls(JOBS);
    const sdk = sdkBodies(files.map((f) => join(JOBS, f)));
    const rows: CensusRow[] = [];
    for (const f of files) rows.push(await censusRow(JOBS, f, work, sdk.get(join(JOBS, f))));
    const table = censusTable(rows)
      .replaceAll(work, "<work>")
      .replaceAll(relative(REPO_ROOT, work), "<work>")
      .replaceAll(".shared/corpus/azureml-examples/cli/jobs/", "");
    console.log(table);
    expect(censusTotals(rows)).toEqual({ jobs: 135, "import-refuses": 2, "compile-fails": 9, compiles: 34, differs: 0, equal: 90 });
    await expect(table).toMatchFileSnapshot("golden/census.txt");
    // Each equal job's CLI YAML, as `sluice compile` writes it, loads in the SDK to the same body.
    expect(Object.fromEntries(yamlRoundTrips(rows, work))).toEqual({});
  });
});
