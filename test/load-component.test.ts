// loadComponent("./x.yml"): a CLI v2 component YAML used as it is. Before `sluice types` a wrong
// input name is caught when the pipeline loads (SL008) and `check` says the types are missing
// (SL502); after it, the same mistake is a TypeScript error. YAML mistakes are located in the YAML.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyProject, sandbox } from "./helpers/local-sandbox.ts";

const project = copyProject("test/fixtures/load-component");
const box = sandbox();
afterAll(() => {
  project.cleanup();
  box.cleanup();
});
const PIPELINE = project.file("train.pipeline.ts");
const edit = (name: string, from: string, to: string) =>
  writeFileSync(join(project.dir, name), readFileSync(join(project.dir, name), "utf8").replace(from, to));

describe("loadComponent from a user's project", () => {
  it("checks a misspelled input when the pipeline loads, and says the types are not generated", () => {
    edit("train.pipeline.ts", "epochs: 3", "epoch: 3");
    const r = box.sluice(["check", PIPELINE]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /train\.pipeline\.ts:1:1 \[pipeline\] SL502 warning: the types of the components this file loads are not generated: .*sluice-components\.d\.ts does not exist/,
    );
    expect(r.stderr).toMatch(/train\.pipeline\.ts:7:\d+ \[loaded\/train\] SL008 unknown option 'inputs\.epoch' of train; did you mean 'inputs\.epochs'\?/);
  });

  it("after `sluice types`, the same mistake is a TypeScript error", () => {
    const types = box.sluice(["types", project.dir]);
    expect(types.stderr).toBe("");
    expect(types.stdout).toMatch(/wrote .*sluice-components\.d\.ts: 1 component file\n/);
    expect(readFileSync(join(project.dir, "sluice-components.d.ts"), "utf8")).toContain(
      '"./components/train.yml": { inputs: { data: InputSpec<"uri_folder", true>; epochs: InputSpec<"integer", true>; lr: InputSpec<"number", false> }; outputs: { model: OutputSpec<"uri_folder"> } };',
    );
    const r = box.sluice(["check", PIPELINE]);
    expect(r.stderr).toMatch(/train\.pipeline\.ts:7:\d+ \[typescript\] TS2561 .*Did you mean to write 'epochs'\?/);
    expect(r.stderr).not.toMatch(/SL502/);
  });

  it("runs once the mistake is fixed, with the YAML's default and the named version", () => {
    edit("train.pipeline.ts", "epoch: 3", "epochs: 3");
    expect(box.sluice(["check", PIPELINE]).stdout).toBe("loaded: 1 step, no problems\n");
    const run = box.sluice(["run", PIPELINE]);
    expect(run.status, run.stderr).toBe(0);
    const out = /output model: (\S+)/.exec(run.stdout)?.[1] as string;
    expect(readFileSync(join(process.cwd(), out, "m.txt"), "utf8")).toBe("3 0.1\n");
    const compiled = box.sluice(["compile", PIPELINE, "--out", join(box.root, "out")]);
    expect(compiled.status, compiled.stderr).toBe(0);
    const plan = JSON.parse(readFileSync(join(box.root, "out", "loaded.plan.json"), "utf8"));
    expect(plan.components[0]).toMatchObject({ name: "train", version: "2", named: true, displayName: "Train" });
  });

  it("reports a YAML mistake where it is in the YAML, and a missing file at the call", () => {
    edit("components/train.yml", "    type: integer", "    type: int");
    const bad = box.sluice(["check", PIPELINE]);
    expect(bad.stderr).toMatch(/components\/train\.yml:10:11 \[pipeline\] SL147 inputs\.epochs\.type: input type 'int' is not one Azure ML components take/);
    expect(bad.stderr).toMatch(/SL502 warning: .*sluice-components\.d\.ts is out of date/);
    edit("train.pipeline.ts", "./components/train.yml", "./components/nope.yml");
    const missing = box.sluice(["check", PIPELINE, "--no-types"]);
    expect(missing.stderr).toMatch(
      /train\.pipeline\.ts:4:15 \[pipeline\] SL147 loadComponent\("\.\/components\/nope\.yml"\): .*nope\.yml does not exist\n {2}hint: the path is relative/,
    );
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const nowhere = box.sluice(["types", join(project.dir, "no-such-folder")]);
    expect(nowhere.status).toBe(2);
    expect(nowhere.stderr).toMatch(/^sluice: '.*no-such-folder' does not exist\n {2}hint: /);
  });
});

describe("loadComponent of a Spark component YAML", () => {
  it("runs it as a Spark step: its entry, args and configuration sent as the SDK sends them", () => {
    writeFileSync(
      join(project.dir, "components", "wrangle.yml"),
      [
        "$schema: https://azuremlschemas.azureedge.net/latest/sparkComponent.schema.json",
        "name: wrangle",
        "type: spark",
        "version: 2",
        "code: ./src",
        "entry:",
        "  file: train.py",
        "inputs:",
        "  raw: { type: uri_file, mode: direct }",
        "outputs:",
        "  tidy: { type: uri_folder, mode: direct }",
        "args: --raw ${{inputs.raw}} --tidy ${{outputs.tidy}}",
        "conf:",
        "  spark.driver.cores: 1",
        "  spark.driver.memory: 2g",
        "  spark.executor.cores: 2",
        "  spark.executor.memory: 2g",
        "  spark.executor.instances: 2",
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(project.dir, "spark.pipeline.ts"),
      [
        'import { dataFile, loadComponent, pipeline } from "@sluice/dsl";',
        'const wrangle = loadComponent("./components/wrangle.yml");',
        'export default pipeline({ name: "spark_loaded" }, () => {',
        '  wrangle({ name: "wrangle", compute: "spark-pool", inputs: { raw: dataFile("azureml://datastores/workspaceblobstore/paths/t.csv", { mode: "direct" }) } });',
        "});",
        "",
      ].join("\n"),
    );
    const out = join(box.root, "spark-out");
    const r = box.sluice(["compile", project.file("spark.pipeline.ts"), "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    const body = JSON.parse(readFileSync(join(out, "spark_loaded.job.json"), "utf8"));
    expect(body.properties.jobs.wrangle).toMatchObject({
      type: "spark",
      entry: { file: "train.py", spark_job_entry_type: "SparkJobPythonEntry" },
      args: "--raw ${{inputs.raw}} --tidy ${{outputs.tidy}}",
      conf: { "spark.executor.instances": 2 },
      identity: { identity_type: "Managed" },
    });
  });

  it("refuses a Spark YAML's mistake where it stands in the YAML", () => {
    edit("components/wrangle.yml", "entry:\n  file: train.py", "entry:\n  module: train");
    const r = box.sluice(["check", project.file("spark.pipeline.ts"), "--no-types"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/wrangle\.yml:7:3 \[pipeline\] SL147 entry\.module: unknown key .module./);
  });
});
