import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT, runCli } from "./helpers/run-node.ts";

// The official SDK v2 source from Debian's python3-azure (installed by the bootstrap as root).
const sdk = spawnSync("/usr/bin/python3", ["-c", "import importlib.util,sys; sys.exit(0 if importlib.util.find_spec('azure.ai.ml') else 1)"]).status === 0;
const loadJob = (yaml: string) => spawnSync("/usr/bin/python3", [join(REPO_ROOT, "test/helpers/sdk_load_job.py"), yaml], { encoding: "utf8" });

describe.runIf(sdk)("CLI v2 YAML through the official SDK's load_job", () => {
  const out = mkdtempSync(join(REPO_ROOT, "test", ".sdk-"));
  runCli(["compile", "examples/titanic-automl", "--out", out]);
  const yamlPath = join(out, "titanic_automl.pipeline.yml");
  const ours = JSON.parse(readFileSync(join(out, "titanic_automl.job.json"), "utf8")).properties;
  const loaded = loadJob(yamlPath);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("is accepted by the schemas `az ml job create -f` uses", () => {
    expect(loaded.stderr).toBe("");
    expect(loaded.status).toBe(0);
  });

  it("serializes to our REST body (apart from _source and the inline component text)", () => {
    const theirs = JSON.parse(loaded.stdout).properties;
    const strip = (body: any) => {
      const copy = structuredClone(body);
      delete copy.settings._source;
      delete copy.settings.continue_on_step_failure;
      for (const node of Object.values<any>(copy.jobs)) {
        delete node._source;
        delete node.componentId;
        if (node.type === "automl" && Object.keys(node.featurization ?? {}).length === 0) delete node.featurization;
      }
      return copy;
    };
    expect(strip(theirs)).toEqual(strip(ours));
    expect(theirs.settings).toMatchObject({ _source: "YAML.JOB", continue_on_step_failure: false });
  });

  it("resolves each component's code path to the right folder", () => {
    const theirs = JSON.parse(loaded.stdout).properties;
    expect(theirs.jobs.dataprep.componentId).toContain(`code: ${join(REPO_ROOT, "examples/titanic-automl/src")}\n`);
    expect(theirs.jobs.register_model.componentId).toContain(`code: ${join(REPO_ROOT, "packages/compiler/builtin/register_model")}\n`);
  });

  it("rejects an unknown key, so acceptance means something", () => {
    const bogus = join(out, "bogus.pipeline.yml");
    writeFileSync(bogus, readFileSync(yamlPath, "utf8").replace("    log_verbosity: info\n", "    log_verbosity: info\n    bogus_key: 1\n"));
    expect(loadJob(bogus).status).not.toBe(0);
  });
});
