import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { bundleIsFresh } from "../packages/runtime/src/cli/bundle.ts";
import { REPO_ROOT, runCli } from "./helpers/run-node.ts";

const BAD_TYPES = `import { autoMLStep, outputFileDataset, pipeline, pipelineParameter, pythonScriptStep, registerModelStep } from "@sluice/dsl";

export default pipeline({ name: "bad_types", defaultCompute: "cpu-cluster" }, () => {
  const out = outputFileDataset("prepped");
  pythonScriptStep({ name: "prep", sourceDirectory: "./src", script: "dataprep.py", arguments: ["--out", out] });
  const t = autoMLStep({ name: "train", task: "classification", trainingData: out.asInput(), labelColumn: "y" });
  registerModelStep({ name: "reg", model: t.outputs.bestModel, modelName: pipelineParameter("n", 3) });
  return { model: t.outputs.bestModel };
});
`;

describe("sluice CLI", () => {
  it("check type-checks the file with ts-morph and reports located TypeScript errors", () => {
    const file = join(REPO_ROOT, "examples", "titanic-automl", "bad-types.pipeline.ts");
    writeFileSync(file, BAD_TYPES);
    try {
      const run = runCli(["check", "examples/titanic-automl/bad-types.pipeline.ts"]);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(
        "examples/titanic-automl/bad-types.pipeline.ts:6:65 [typescript] TS2322 Type 'FileData' is not assignable to type 'TableData'.\n  hint: AutoML needs tabular data: pass output.readDelimitedFiles() instead of the plain output, or an MLTable folder with dataTable(…)",
      );
      expect(run.stderr).toContain(
        "examples/titanic-automl/bad-types.pipeline.ts:7:64 [typescript] TS2322 Type 'PipelineParameter<number>' is not assignable to type 'string | PipelineParameter<string>'.",
      );
      // Found twice: by the type-checker, and by the option checks that run without it.
      expect(run.stderr).toContain(
        "[bad_types/train] SL009 option 'trainingData' of autoMLStep must be tabular data (an output's readDelimitedFiles(), an mltable dataset or dataTable(…)), not file data",
      );
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(file);
    }
  });

  it("check passes the example", () => {
    const run = runCli(["check", "examples/titanic-automl/titanic.pipeline.ts"]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("titanic_automl: 5 steps, no problems\n");
    expect(run.status).toBe(0);
  });

  it("compile of a broken pipeline writes nothing and exits 1 without a stack trace", () => {
    const out = mkdtempSync(join(tmpdir(), "sluice-out-"));
    const run = runCli(["compile", "test/corpus/broken/01-cycle.pipeline.ts", "--out", out]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("SL101 steps first → second → first form a cycle");
    expect(run.stderr).toContain("1 error, 0 warnings");
    expect(existsSync(join(out, "cycle.job.json"))).toBe(false);
    rmSync(out, { recursive: true });
  });

  it("compile of a folder compiles every *.pipeline.ts below it", () => {
    const out = mkdtempSync(join(tmpdir(), "sluice-out-"));
    const run = runCli(["compile", "examples", "--out", out]);
    expect(run.status).toBe(0);
    expect(JSON.parse(readFileSync(join(out, "titanic_automl.job.json"), "utf8")).properties.jobType).toBe("Pipeline");
    rmSync(out, { recursive: true });
  });

  it("usage errors are one line with a hint and exit 2", () => {
    const run = runCli(["compile", "no/such/file.pipeline.ts", "--out", "x"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("sluice: 'no/such/file.pipeline.ts' does not exist\n  hint: pass a pipeline file (*.pipeline.ts) or a folder containing some\n");
    const format = runCli(["graph", "examples/titanic-automl/titanic.pipeline.ts", "--format", "png"]);
    expect(format.status).toBe(2);
    expect(format.stderr).toContain("unknown graph format 'png'");
  });

  it("the bundled CLI and the sources produce the same bytes", () => {
    // Only a fresh bundle is used; an edited source would silently compare the sources twice.
    spawnSync(process.execPath, [join(REPO_ROOT, "packages/runtime/scripts/build-cli.ts"), "--if-stale"]);
    expect(bundleIsFresh()).toBe(true);
    const outs = [{}, { SLUICE_FROM_SOURCE: "1" }].map((env) => {
      const out = mkdtempSync(join(tmpdir(), "sluice-out-"));
      expect(runCli(["compile", "examples/titanic-automl", "--out", out], { env }).status).toBe(0);
      const files = ["titanic_automl.job.json", "titanic_automl.pipeline.yml", "titanic_automl.plan.json"].map((f) => readFileSync(join(out, f), "utf8"));
      rmSync(out, { recursive: true });
      return files;
    });
    expect(outs[0]).toEqual(outs[1]);
  });

  it("graph draws the DAG as mermaid and dot", () => {
    const mermaid = runCli(["graph", "examples/titanic-automl/titanic.pipeline.ts", "--format", "mermaid"]);
    expect(mermaid.stdout).toContain("dataprep -->|output_path| split");
    expect(mermaid.stdout).toContain("split -->|train_data| automl_classification");
    expect(mermaid.stdout).toContain("register_model -->|registered_model| promote");
    expect(mermaid.stdout).toContain("automl_classification -->|best_model| register_model");
    const dot = runCli(["graph", "examples/titanic-automl/titanic.pipeline.ts", "--format", "dot"]);
    expect(dot.stdout).toContain('"split" -> "automl_classification" [label="train_data"];');
  });

  it("a pipeline file in a CommonJS package gets one located diagnostic, not Node's SyntaxError", () => {
    const dir = mkdtempSync(join(tmpdir(), "sluice-cjs-"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "x", type: "commonjs" }));
    writeFileSync(join(dir, "a.pipeline.ts"), 'import { pipeline } from "@sluice/dsl";\nexport default pipeline({ name: "a" }, () => ({}));\n');
    const run = runCli(["compile", join(dir, "a.pipeline.ts"), "--out", join(dir, "out")]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `${join(dir, "a.pipeline.ts")}:1:1 [pipeline] SL007 the pipeline file would load as CommonJS: ${join(dir, "package.json")} has "type": "commonjs", and pipeline files are ES modules\n` +
        `  hint: set "type": "module" in ${join(dir, "package.json")} (or keep pipelines in a folder with its own package.json that does)\n1 error, 0 warnings\n`,
    );
    rmSync(dir, { recursive: true });
  });

  it("--version prints the package version, and commands with no state name the folder they looked in", () => {
    const version = JSON.parse(readFileSync(join(REPO_ROOT, "packages/runtime/package.json"), "utf8")).version;
    expect(runCli(["--version"]).stdout).toBe(`${version}\n`);
    const dir = mkdtempSync(join(tmpdir(), "sluice-empty-"));
    const runs = runCli(["runs"], { cwd: dir, env: { SLUICE_STATE_DIR: "" } });
    expect(runs.stdout).toBe(
      `no runs in ${join(dir, ".sluice")} (no sluice.config.json or package.json at or above ${dir})\n  hint: \`sluice run <file>\` starts one\n`,
    );
    rmSync(dir, { recursive: true });
  });

  it("init merges an existing package.json, refuses to turn CommonJS .js files into ES modules, and scaffolds into a new folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "sluice-init-"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "mine", type: "commonjs", scripts: { check: "eslint ." } }));
    writeFileSync(join(dir, "index.js"), "module.exports = 1;\n");
    const refused = runCli(["init", dir]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(
      `sluice: ${join(dir, "package.json")} makes .js files CommonJS (index.js), and Sluice pipeline files are ES modules\n  hint: scaffold into a sub-folder with its own package.json: sluice init pipelines\n`,
    );
    expect(existsSync(join(dir, "sluice.config.json"))).toBe(false);
    rmSync(join(dir, "index.js"));
    const merged = runCli(["init", dir, "--name", "Churn Model"]);
    expect(merged.status).toBe(0);
    expect(merged.stdout).toContain('note: kept your "check" script (Sluice\'s would be: sluice check churn_model.pipeline.ts)');
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    expect(pkg).toMatchObject({
      name: "mine",
      type: "module",
      scripts: { check: "eslint .", "deploy-pipeline": "sluice deploy churn_model.pipeline.ts --run-now --download outputs" },
    });
    const nested = runCli(["init", join(dir, "pipelines", "new")]);
    expect(nested.status).toBe(0);
    expect(existsSync(join(dir, "pipelines", "new", "new.pipeline.ts"))).toBe(true);
    rmSync(dir, { recursive: true });
  });
});
