// The official Spark examples, compared with the SDK beyond what the census can: six of them name
// their pool as a template placeholder (`<ATTACHED_SPARK_POOL_NAME>`, which Sluice refuses as a
// compute name, SL107, as the census shows), and eight ask for Spark runtime 3.4, which SDK 1.4.0
// refuses ("runtime version should be either 3.1 or 3.2"; Azure runs 3.4 today). Here a copy of
// each gets a real pool name and runtime 3.2, so the SDK can serialize it: then every one imports,
// compiles and equals the SDK's body and component (the two pipelines without a display_name
// included: they are imported with `displayName: null`).
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { censusRow, censusTable, censusTotals, sdkBodies } from "./helpers/census.ts";
import { corpusPresent, sdkOracle } from "./helpers/oracle.ts";
import { REPO_ROOT } from "./helpers/run-node.ts";

const JOBS = join(REPO_ROOT, ".shared/corpus/azureml-examples/cli/jobs");
const FOLDERS = ["spark", "pipelines/add-column-and-word-count-using-spark", "pipelines-with-components/shakespear_sample_and_word_count_using_spark"];
const here = sdkOracle() && corpusPresent(JOBS);

describe.runIf(here)("the official Spark examples, filled in", () => {
  const root = mkdtempSync(join(REPO_ROOT, "test", ".work-spark-"));
  const work = mkdtempSync(join(REPO_ROOT, "test", ".work-spark-out-"));
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it("import, compile and equal the SDK's serialization", { timeout: 120_000 }, async () => {
    const files: string[] = [];
    for (const folder of FOLDERS) {
      cpSync(join(JOBS, folder), join(root, folder), { recursive: true });
      for (const name of readdirSync(join(root, folder))) {
        if (!/\.ya?ml$/.test(name) || !/pipeline|standalone/.test(name)) continue;
        const file = join(root, folder, name);
        const text = readFileSync(file, "utf8");
        writeFileSync(file, text.replaceAll("<ATTACHED_SPARK_POOL_NAME>", "spark-pool").replace(/runtime_version: "?3\.4(\.0)?"?/g, 'runtime_version: "3.2"'));
        files.push(join(folder, name));
      }
    }
    const sdk = sdkBodies(files.map((f) => join(root, f)));
    const rows = [];
    for (const f of files.sort()) rows.push(await censusRow(root, f, work, sdk.get(join(root, f))));
    const table = censusTable(rows);
    expect(censusTotals(rows), table).toEqual({ jobs: 14, "import-refuses": 0, "compile-fails": 0, compiles: 0, differs: 0, equal: 14 });
  });
});
