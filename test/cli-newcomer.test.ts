// A newcomer's first mistakes in a pipeline file and at the command line: each is reported once,
// at the position Node knew, in the `file:line:col [where] CODE message` + hint form; `--json`
// keeps its promise of a JSON document on stdout even when nothing could be loaded.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { copyProject, sandbox } from "./helpers/local-sandbox.ts";
import { REPO_ROOT } from "./helpers/run-node.ts";

const box = sandbox();
const project = copyProject("test/fixtures/local");
afterAll(() => {
  box.cleanup();
  project.cleanup();
});
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at |node:internal|Error \[ERR_/);

/** A copy of parallel.pipeline.ts with `edit` applied, as a new pipeline file of the project. */
function broken(name: string, edit: (text: string) => string): string {
  const text = readFileSync(`${project.dir}/parallel.pipeline.ts`, "utf8");
  writeFileSync(`${project.dir}/${name}`, edit(text));
  return project.file(name);
}

describe("a pipeline file that does not parse", () => {
  // Line 4 of parallel.pipeline.ts: `export default pipeline({ name: "parallel_demo", defaultCompute: "local" }, () => {`
  const file = () => broken("syntax.pipeline.ts", (t) => t.replace('defaultCompute: "local" }', 'defaultCompute: "local" ]'));

  it("run reports Node's line and column, not 1:1", () => {
    const r = box.sluice(["run", file()]);
    expect(r.status).toBe(1);
    const [first, hint] = r.stderr.split("\n");
    expect(first).toMatch(/syntax\.pipeline\.ts:4:\d+ \[pipeline\] SL100 the pipeline file does not parse: /);
    expect(Number(/:4:(\d+) /.exec(first ?? "")?.[1])).toBeGreaterThan(60);
    expect(hint).toBe("  hint: fix the syntax at this position");
    noStack(r.stderr);
  });

  it("check reports it once, at the same position", () => {
    const run = box.sluice(["run", file()]).stderr.split("\n")[0];
    const r = box.sluice(["check", file()]);
    expect(r.status).toBe(1);
    const located = r.stderr.split("\n").filter((l) => /\.pipeline\.ts:\d+:\d+ /.test(l));
    expect(located).toEqual([run]);
    expect(r.stderr).toContain("1 error, 0 warnings");
  });

  it("a tab before the mistake still gives the source column", () => {
    const f = broken("tab.pipeline.ts", (t) => t.replace("  const outs = ", "\tconst outs = ;"));
    const r = box.sluice(["run", f]);
    // `\tconst outs = ;` — the `;` is the 15th character of line 5.
    expect(r.stderr.split("\n")[0]).toMatch(/tab\.pipeline\.ts:5:15 \[pipeline\] SL100 /);
  });

  it("an error V8 finds after types are stripped (a name declared twice) is located too", () => {
    const f = broken("twice.pipeline.ts", (t) => t.replace("  const outs = ", "  let z = 1; let z = 2;\n  const outs = "));
    const r = box.sluice(["run", f]);
    expect(r.stderr.split("\n")[0]).toMatch(
      /twice\.pipeline\.ts:5:18 \[pipeline\] SL100 the pipeline file does not parse: Identifier 'z' has already been declared$/,
    );
  });

  it("a SyntaxError the file's code throws (JSON.parse) is a load failure at the call, not a file that does not parse", () => {
    const f = broken("json-parse.pipeline.ts", (t) => t.replace("  const outs = ", '  const cfg = JSON.parse("{bad");\n  const outs = '));
    const r = box.sluice(["run", f]);
    expect(r.status).toBe(1);
    expect(r.stderr.split("\n").slice(0, 2)).toEqual([
      expect.stringMatching(/json-parse\.pipeline\.ts:5:20 \[pipeline\] SL100 loading the pipeline file failed: SyntaxError: .*JSON/),
      "  hint: fix the error at this line (set SLUICE_DEBUG=1 to see the full stack)",
    ]);
    noStack(r.stderr);
  });

  it("an import of a name the DSL does not export points at the name", () => {
    const f = broken("import.pipeline.ts", (t) => t.replace("import { outputFileDataset,", "import { outputFileDatset,"));
    const r = box.sluice(["run", f]);
    expect(r.stderr.split("\n").slice(0, 2)).toEqual([
      expect.stringMatching(/import\.pipeline\.ts:2:10 \[pipeline\] SL100 the pipeline file imports 'outputFileDatset', which @sluice\/dsl does not export$/),
      "  hint: did you mean 'outputFileDataset'?",
    ]);
    // check: TypeScript says it at the same place; the mistake is reported once.
    const checked = box.sluice(["check", f]);
    expect(checked.stderr.match(/import\.pipeline\.ts:2:10 /g)).toHaveLength(1);
  });
});

describe("a misspelled option or metric TypeScript reports", () => {
  const write = (name: string, body: string) => {
    writeFileSync(
      `${project.dir}/${name}`,
      `import { autoMLStep, outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";
export default pipeline({ name: "typo_once", defaultCompute: "local" }, () => {
  const out = outputFileDataset("out");
${body}
  return { out };
});
`,
    );
    return project.file(name);
  };

  it.each([
    [
      "option",
      '  pythonScriptStep({ name: "prep", sourceDirectory: "./src", scirpt: "sleep.py", arguments: ["--out", out] });',
      /option\.pipeline\.ts:4:62 \[typescript\] TS2561 .*'scirpt' does not exist/,
      /SL008 unknown option 'scirpt' of pythonScriptStep; did you mean 'script'\?/,
    ],
    [
      "metric",
      '  pythonScriptStep({ name: "prep", sourceDirectory: "./src", script: "sleep.py", arguments: ["--out", out] });\n' +
        '  autoMLStep({ name: "train", task: "classification", trainingData: out.readDelimitedFiles(), labelColumn: "y", primaryMetric: "r2_score" });',
      /metric\.pipeline\.ts:5:\d+ \[typescript\] TS2322 Type '"r2_score"' is not assignable/,
      /SL117 primary metric 'r2_score' is not available for classification/,
    ],
  ])("a misspelled %s is reported once by check (TypeScript's, at the property), and by Sluice's own check without types", (name, body, ts, sl) => {
    const file = write(`${name}.pipeline.ts`, body);
    const typed = box.sluice(["check", file]);
    expect(typed.status).toBe(1);
    expect(typed.stderr).toMatch(ts);
    expect(typed.stderr).not.toMatch(/SL008|SL117/);
    const untyped = box.sluice(["check", "--no-types", file]);
    expect(untyped.status).toBe(1);
    expect(untyped.stderr).toMatch(sl);
  });
});

describe("--json when the pipeline cannot be loaded", () => {
  it.each([["run"], ["plan"], ["check"]])("%s --json prints the diagnostics as JSON on stdout", (command) => {
    const f = broken("json.pipeline.ts", (t) => t.replace("() => {", "() => {{"));
    const r = box.sluice([command, "--json", f]);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.diagnostics).toHaveLength(1);
    expect(doc.diagnostics[0]).toMatchObject({ severity: "error", code: "SL100", file: f, path: "pipeline" });
    expect(doc.diagnostics[0].line).toBeGreaterThan(1);
  });

  it("deploy --dry-run --json (the CI workflow's command) prints the type-check's diagnostics as JSON", () => {
    const f = broken("deploy.pipeline.ts", (t) => t.replace("() => {", "() => {{"));
    const r = box.sluice(["deploy", "--dry-run", "--json", f]);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.diagnostics[0]).toMatchObject({ severity: "error", file: f, path: "typescript" });
  });

  it("check --json on a good file says ok with the pipelines it checked", () => {
    const r = box.sluice(["check", "--json", "--no-types", project.file("parallel.pipeline.ts")]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ type: "check", ok: true, pipelines: [{ name: "parallel_demo", steps: 3 }], diagnostics: [] });
  });
});

describe("a file that is not a pipeline file", () => {
  it("check prep.py is one usage line, not Node's 'Unknown file extension'", () => {
    const r = box.sluice(["check", project.file("src/sleep.py")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^sluice: '.*sleep\.py' is not a pipeline file: Sluice takes a TypeScript pipeline file \(\*\.pipeline\.ts\)\n {2}hint: a Python script is a step's code/,
    );
    expect(r.stderr).toContain("`sluice import <file.yml>` converts a CLI v2 pipeline YAML");
    expect(r.stderr.split("\n")).toHaveLength(3);
    expect(r.stderr).not.toContain("Unknown file extension");
  });

  it("a pipeline YAML points at sluice import", () => {
    writeFileSync(`${project.dir}/job.yml`, "type: pipeline\n");
    const r = box.sluice(["run", project.file("job.yml")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("hint: a CLI v2 pipeline YAML becomes a pipeline file with `sluice import ");
  });
});

describe("the prep.py sluice init writes", () => {
  it("a CSV that is not UTF-8 (a Latin-1 export) fails in one line naming the file, not a traceback", () => {
    const csv = `${project.dir}/latin1.csv`;
    writeFileSync(csv, Buffer.from("sepal_length,species\n5.1,set\xf6sa\n", "latin1"));
    const r = spawnSync("/usr/bin/python3", [`${REPO_ROOT}/packages/runtime/templates/init/src/prep.py`, "--raw", csv, "--out", `${project.dir}/prepared`], {
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${csv} is not UTF-8 text (byte 0xf6 at offset 28); save it as UTF-8\n`);
  });
});
