// The local-run census of the official job YAMLs: each one imported (`sluice import`) and run on
// this machine (`sluice run --local`, one at a time, bounded), then sorted by how it ended: ran
// to completion, refused before any step started (and the one line saying why), failed while
// running, or did not import. Prints the table (with seconds) and the totals; the README quotes
// them. test/local-census.test.ts pins the same table for all but the AutoML trainings.
//
//   sh scripts/node.sh scripts/local-census.ts [relative YAML paths…]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jobYamls } from "../test/helpers/census.ts";
import { type LocalRow, localRun, localTable } from "../test/helpers/local-census.ts";
import { REPO_ROOT } from "../test/helpers/run-node.ts";

const JOBS = join(REPO_ROOT, ".shared/corpus/azureml-examples/cli/jobs");
const LIMIT_MS = Number(process.env.LOCAL_CENSUS_LIMIT_MS ?? 240_000);

const work = mkdtempSync(join(REPO_ROOT, "test", ".work-local-census-"));
const state = mkdtempSync(join(tmpdir(), "sluice-local-census-"));
const files = process.argv.length > 2 ? process.argv.slice(2) : jobYamls(JOBS);
const rows: LocalRow[] = [];
try {
  for (const file of files) rows.push(localRun(JOBS, file, work, state, LIMIT_MS));
} finally {
  rmSync(work, { recursive: true, force: true });
  rmSync(state, { recursive: true, force: true });
}
process.stdout.write(localTable(rows, true));
