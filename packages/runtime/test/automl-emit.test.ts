// Every official AutoML example (standalone jobs and AutoML pipelines), imported, loaded and
// compiled in this process, with the REST body and the CLI YAML pinned whole
// (test/golden/automl/*.json and *.yml next to this file). The census (test/census.test.ts)
// checks these same YAMLs against the official SDK's serialization, so the pinned bodies are the
// SDK's; this test is what sees the AutoML emitters (emit/automl-job.ts, plan/automl-*.ts) run in
// process, where mutation testing switches their mutants on.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { compilePipeline, formatDiagnostics, restJobJson } from "@sluice/compiler";
import { emitCliYaml } from "@sluice/compiler/yaml";
import { isPipeline } from "@sluice/dsl";
import { importPipeline } from "../src/import/import-pipeline.ts";
import { corpusPresent } from "../../../test/helpers/oracle.ts";
import { REPO_ROOT, SHARED_DIR } from "../../../test/helpers/run-node.ts";

const JOBS = join(SHARED_DIR, "corpus/azureml-examples/cli/jobs");
const ROOTS = ["automl-standalone-jobs", "pipelines/automl", "basics/hello-automl"];

/** The AutoML job YAMLs under the roots, relative to `JOBS`, sorted. */
function automlYamls(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(name) && /^type:\s*(automl|pipeline)\s*$/m.test(readFileSync(path, "utf8"))) found.push(relative(JOBS, path));
    }
  };
  for (const root of ROOTS) if (existsSync(join(JOBS, root))) walk(join(JOBS, root));
  return found;
}

describe.runIf(corpusPresent(JOBS))("the official AutoML examples, compiled in process", () => {
  const work = mkdtempSync(join(REPO_ROOT, "test", ".work-automl-emit-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each(automlYamls())("%s", async (yaml) => {
    const name = yaml.replace(/\.ya?ml$/, "").replace(/[/\\]/g, "__");
    const out = join(work, `${name}.pipeline.ts`);
    mkdirSync(dirname(out), { recursive: true });
    let source: string;
    try {
      source = importPipeline(join(JOBS, yaml), out);
    } catch (error) {
      await expect(`refused: ${(error as Error).message.split("\n")[0]?.replace(`${SHARED_DIR}/`, ".shared/")}\n`).toMatchFileSnapshot(
        `golden/automl/${name}.txt`,
      );
      return;
    }
    writeFileSync(out, source);
    const pipeline = (await import(pathToFileURL(out).href)).default;
    expect(isPipeline(pipeline)).toBe(true);
    const result = compilePipeline(pipeline.toIR(), { emitOnly: true });
    if (!result.ok) {
      await expect(`compile fails: ${formatDiagnostics(result.diagnostics, REPO_ROOT).split("\n")[0]?.replaceAll(work, "<work>")}\n`).toMatchFileSnapshot(
        `golden/automl/${name}.txt`,
      );
      return;
    }
    const base = dirname(join(JOBS, yaml));
    await expect(`${JSON.stringify(JSON.parse(restJobJson(result.model, base)), null, 2)}\n`).toMatchFileSnapshot(`golden/automl/${name}.json`);
    await expect(emitCliYaml(result.model, base)).toMatchFileSnapshot(`golden/automl/${name}.yml`);
  });
});
