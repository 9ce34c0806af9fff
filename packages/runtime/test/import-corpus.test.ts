// Every official job YAML (../shared/corpus/azureml-examples/cli/jobs), and every job YAML among
// this repository's own fixtures (control flow, parallel components, refusals the corpus lacks),
// through `sluice import` in this process, the generated pipeline file or the located refusal
// pinned whole (test/golden/import*/ next to this file). The census (test/census.test.ts) compiles
// the official files and compares them with the official SDK's serialization through the CLI's
// code paths; this test is what lets mutation testing see every importer run: a changed line of
// generated code, or a changed refusal, fails here.
import { mkdtempSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { importPipeline } from "../src/import/import-pipeline.ts";
import { jobYamls } from "../../../test/helpers/job-yamls.ts";
import { corpusPresent } from "../../../test/helpers/oracle.ts";
import { REPO_ROOT, SHARED_DIR } from "../../../test/helpers/run-node.ts";

/**
 * One test per job YAML under `root`, pinned in `golden/<golden>/`. Paths the machine decides
 * read as `placeholder` (for `base`): absolute, from the output folder (the generated code's),
 * and from the working folder (notes name the YAML as the user gave it).
 */
function pinImports(root: string, golden: string, base: string, placeholder: string): void {
  const work = mkdtempSync(join(REPO_ROOT, "test", `.work-${golden}-`));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const stable = (text: string) =>
    text.replaceAll(base, placeholder).replaceAll(relative(work, base), placeholder).replaceAll(relative(process.cwd(), base), placeholder);

  it.each(jobYamls(root))("%s", async (yaml) => {
    const name = yaml.replace(/\.ya?ml$/, "").replace(/[/\\]/g, "__");
    let text: string;
    try {
      text = importPipeline(join(root, yaml), join(work, `${name}.pipeline.ts`));
    } catch (error) {
      const e = error as Error & { hint?: string };
      text = `refused: ${e.message}${e.hint ? `\n  hint: ${e.hint}` : ""}\n`;
    }
    await expect(stable(text)).toMatchFileSnapshot(`golden/${golden}/${name}.txt`);
  });
}

const JOBS = join(SHARED_DIR, "corpus/azureml-examples/cli/jobs");

describe.runIf(corpusPresent(JOBS))("every official job YAML, imported in process", () => {
  pinImports(JOBS, "import", SHARED_DIR, "<shared>");
});

describe("every job YAML among the test fixtures, imported in process", () => {
  const fixtures = join(REPO_ROOT, "test", "fixtures");
  pinImports(fixtures, "import-fixtures", fixtures, "<fixtures>");
});
