// Every official job YAML (../shared/corpus/azureml-examples/cli/jobs) through `sluice import` in
// this process, the generated pipeline file or the located refusal pinned whole
// (test/golden/import/*.txt next to this file). The census (test/census.test.ts) compiles these
// files and compares them with the official SDK's serialization through the CLI's code paths; this
// test is what lets mutation testing see every importer (control flow, parallel, Spark, registered
// components, standalone jobs) run: a changed line of generated code, or a changed refusal, fails here.
import { mkdtempSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { importPipeline } from "../src/import/import-pipeline.ts";
import { jobYamls } from "../../../test/helpers/job-yamls.ts";
import { corpusPresent } from "../../../test/helpers/oracle.ts";
import { REPO_ROOT, SHARED_DIR } from "../../../test/helpers/run-node.ts";

const JOBS = join(SHARED_DIR, "corpus/azureml-examples/cli/jobs");

describe.runIf(corpusPresent(JOBS))("every official job YAML, imported in process", () => {
  const work = mkdtempSync(join(REPO_ROOT, "test", ".work-import-corpus-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  // Paths the machine decides read as <shared> in the pinned text: absolute, from this folder (the
  // generated code's), and from the working folder (notes name the YAML as the user gave it).
  const stable = (text: string) =>
    text.replaceAll(SHARED_DIR, "<shared>").replaceAll(relative(work, SHARED_DIR), "<shared>").replaceAll(relative(process.cwd(), SHARED_DIR), "<shared>");

  it.each(jobYamls(JOBS))("%s", async (yaml) => {
    const name = yaml.replace(/\.ya?ml$/, "").replace(/[/\\]/g, "__");
    let text: string;
    try {
      text = importPipeline(join(JOBS, yaml), join(work, `${name}.pipeline.ts`));
    } catch (error) {
      const e = error as Error & { hint?: string };
      text = `refused: ${e.message}${e.hint ? `\n  hint: ${e.hint}` : ""}\n`;
    }
    await expect(stable(text)).toMatchFileSnapshot(`golden/import/${name}.txt`);
  });
});
