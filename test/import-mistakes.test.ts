// `sluice import` given what a newcomer gives it: a Python file, a folder, a YAML that does not
// parse, a job YAML with a typo, a GitHub Actions workflow. Each is one line with the right exit
// code; `sluice check` of a YAML points at import only when import can take it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT, runCli } from "./helpers/run-node.ts";

const work = mkdtempSync(join(REPO_ROOT, "test", ".work-import-mistakes-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  writeFileSync(join(work, name), text);
  return join(work, name);
};
const WORKFLOW = "name: ci\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npx sluice check .\n";

/** The CLI's stderr lines (without the empty last one) and exit code for `args`, run in the work folder. */
function sluice(args: string[]): { status: number | null; lines: string[] } {
  const r = runCli(args, { cwd: work });
  return { status: r.status, lines: r.stderr.split("\n").filter((l) => l !== "") };
}

describe("sluice import refuses what it cannot take, in one line", () => {
  it("a Python file: import takes a job YAML, and v1 Python import is not available", () => {
    write("prep.py", 'import pandas\nprint("hi")\n');
    const r = sluice(["import", "prep.py"]);
    expect(r).toEqual({
      status: 2,
      lines: ["sluice: prep.py is not YAML: sluice import takes a CLI v2 job YAML (.yml/.yaml); importing Azure ML v1 Python pipelines is not available yet"],
    });
  });

  it("a CSV file: import takes a job YAML", () => {
    write("data.csv", "a,b\n1,2\n");
    expect(sluice(["import", "data.csv"])).toEqual({ status: 2, lines: ["sluice: data.csv is not YAML: sluice import takes a CLI v2 job YAML (.yml/.yaml)"] });
  });

  it("a folder, not EISDIR", () => {
    mkdirSync(join(work, "src"), { recursive: true });
    expect(sluice(["import", "src"])).toEqual({ status: 2, lines: ["sluice: src is a folder: give a job YAML file"] });
  });

  it("a YAML that does not parse: file:line:col and the parser's reason, without its excerpt", () => {
    write("broken.yml", 'type: pipeline\njobs:\n  a: "x" y\n');
    const r = sluice(["import", "broken.yml"]);
    expect(r.status).toBe(2);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/^sluice: .*broken\.yml:3:\d+: not valid YAML: [A-Z][^\n]*[^:]$/);
    expect(r.lines[0]).not.toMatch(/at line \d+, column \d+/);
  });

  it("a GitHub Actions workflow: not an Azure ML job, exit 2", () => {
    write("sluice.yml", WORKFLOW);
    const r = sluice(["import", "sluice.yml", "--out", "x.pipeline.ts"]);
    expect(r.status).toBe(2);
    expect(r.lines[0]).toMatch(/^sluice: .*sluice\.yml is not an Azure ML job YAML: it has no type: pipeline\|command\|sweep$/);
  });

  it("a job naming a component file that is missing or a folder: located at the job's component, not ENOENT", () => {
    mkdirSync(join(work, "compdir.yml"), { recursive: true });
    const cases: [string, string][] = [
      ["./gone.yml", "does not exist"],
      ["./compdir.yml", "is a folder"],
    ];
    for (const [target, reason] of cases) {
      write("missing-comp.yml", `type: pipeline\njobs:\n  train:\n    type: command\n    component: ${target}\n`);
      const r = sluice(["import", "missing-comp.yml", "--out", "mc.pipeline.ts", "--force"]);
      expect(r.status).toBe(1);
      expect(r.lines[0]).toMatch(
        new RegExp(`^sluice: .*missing-comp\\.yml:5:16 jobs\\.train\\.component: component file '${target.replace(".", "\\.")}' ${reason} \\(looked for `),
      );
      expect(r.lines.join("\n")).not.toMatch(/ENOENT|EISDIR/);
    }
  });
});

describe("a component YAML given to sluice import", () => {
  it("is a usage error saying it is a component and how one is used, whether its $schema or its shape says so", () => {
    write(
      "train.yml",
      "$schema: https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json\nname: train\ntype: command\ncommand: python train.py\n",
    );
    expect(sluice(["import", "train.yml"])).toEqual({
      status: 2,
      lines: [
        "sluice: train.yml is a command component, not a job: sluice import reads pipeline and sweep jobs",
        '  hint: use it from a pipeline file with loadComponent("train.yml"), or import the job YAML that names it',
      ],
    });
    write("prep.yml", "name: prep\nversion: 1\ntype: command\ninputs:\n  raw: {type: uri_folder}\ncommand: python prep.py ${{inputs.raw}}\n");
    expect(sluice(["import", "prep.yml"]).lines[0]).toBe("sluice: prep.yml is a command component, not a job: sluice import reads pipeline and sweep jobs");
    write("pc.yml", "$schema: https://azuremlschemas.azureedge.net/latest/pipelineComponent.schema.json\nname: pc\ntype: pipeline\njobs: {}\n");
    expect(sluice(["import", "pc.yml"])).toMatchObject({
      status: 2,
      lines: ["sluice: pc.yml is a pipeline component, not a job: sluice import reads pipeline and sweep jobs", expect.any(String)],
    });
  });
});

describe("a key sluice import does not read", () => {
  const job = (key: string) => `type: pipeline\njobs:\n  a:\n    type: command\n    ${key}: ./c.yml\n`;

  it("a misspelled key is an unknown key with the key it most likely meant, not 'remove it'", () => {
    const r = sluice(["import", write("typo.yml", job("componnt")), "--out", join(work, "typo.pipeline.ts")]);
    expect(r.status).toBe(1);
    expect(r.lines).toEqual([expect.stringMatching(/typo\.yml:5:\d+ jobs\.a\.componnt: unknown key 'componnt' \(did you mean 'component'\?\)$/)]);
  });

  it("an Azure ML key it cannot carry over says so, and does not advise removing it", () => {
    const r = sluice(["import", write("identity.yml", job("identity")), "--out", join(work, "identity.pipeline.ts")]);
    expect(r.status).toBe(1);
    expect(r.lines[0]).toMatch(/jobs\.a\.identity: 'identity' is not supported by sluice import yet$/);
    expect(r.lines[1]).toMatch(/^ {2}hint: Sluice cannot carry it over, so the imported pipeline would lose it/);
    expect(r.lines.join("\n")).not.toContain("remove it");
  });

  it("a misspelled pipeline setting is passed through as the SDK does, with a note naming the likely key", () => {
    const text = "type: pipeline\nsettings:\n  default_compte: azureml:cpu\njobs: {}\n";
    const r = sluice(["import", write("setting.yml", text), "--out", join(work, "setting.pipeline.ts")]);
    expect(r.status).toBe(0);
    expect(r.lines[0]).toMatch(
      /^sluice: note: passed through settings\.default_compte \(line 3\): .*\(did you mean 'default_compute'\?\); sent as written, as the official SDK does$/,
    );
  });
});

// Azure ML's string fields refuse a list, a mapping, a number and an empty value (the SDK says
// "Not a valid string" / "Field may not be null"); the importer refuses them at the value, at every
// level where the key can stand, instead of turning `[a]` into "a" or dropping a mapping.
const ENV = "azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu@latest";
const NODE = `jobs:\n  train:\n    command: echo hi\n    environment: ${ENV}\n`;
describe("sluice import refuses a text field that is not text, where it stands", () => {
  it.each([
    ["a pipeline's compute list", `type: pipeline\ncompute: [cpu]\n${NODE}`, "2:1 compute: must be a string, not a list"],
    ["a pipeline's numeric description", `type: pipeline\ndescription: 5\n${NODE}`, "2:14 description: must be a string, not the number 5"],
    ["a pipeline's empty display name", `type: pipeline\ndisplay_name:\n${NODE}`, "2:14 display_name: must be a string, not empty"],
    ["a pipeline's experiment as a mapping", `type: pipeline\nexperiment_name: {a: 1}\n${NODE}`, "2:1 experiment_name: must be a string, not a mapping"],
    ["a numeric tag", `type: pipeline\ntags: {team: ml, run: 3}\n${NODE}`, "2:23 tags.run: a tag must be a string, not the number 3"],
    ["tags as a list", `type: pipeline\ntags: [a]\n${NODE}`, "2:1 tags: must be a mapping of names to strings, not a list"],
    ["a node's compute mapping", `type: pipeline\n${NODE}    compute: {name: cpu}\n`, "6:5 jobs.train.compute: must be a string, not a mapping"],
    ["a node's display name list", `type: pipeline\n${NODE}    display_name: [a, b]\n`, "6:5 jobs.train.display_name: must be a string, not a list"],
    ["a command job's compute list", `type: command\ncommand: echo hi\nenvironment: ${ENV}\ncompute: [a]\n`, "4:1 compute: must be a string, not a list"],
    ["a command job's boolean command", "type: command\ncommand: true\n", "2:10 command: must be a string, not the boolean true"],
    ["a pipeline's jobs as text", "type: pipeline\njobs: train\n", '2:7 jobs: must be a mapping, not the string "train"'],
    [
      "a node's output as a list",
      `type: pipeline\n${NODE}    outputs:\n      model: [uri_folder]\n`,
      "7:7 jobs.train.outputs.model: an output is a mapping of its settings or a ${{parent.outputs.<name>}} binding, not a list",
    ],
  ])("%s", (_, text, expected) => {
    const r = sluice(["import", write("text-field.yml", text), "--out", join(work, "text-field.pipeline.ts")]);
    expect(r.status).toBe(1);
    expect(r.lines[0]).toBe(`sluice: ${join(work, "text-field.yml")}:${expected}`);
  });

  it("a node running a prompt flow: named as one at the job's component, not as a command component", () => {
    mkdirSync(join(work, "flow"), { recursive: true });
    writeFileSync(join(work, "flow", "flow.dag.yaml"), "inputs:\n  text:\n    type: string\nnodes: []\n");
    const text = "type: pipeline\njobs:\n  f:\n    type: parallel\n    component: ./flow/flow.dag.yaml\n    environment_variables:\n      K: v\n";
    const r = sluice(["import", write("flow.yml", text), "--out", join(work, "flow.pipeline.ts")]);
    expect(r.status).toBe(1);
    expect(r.lines).toEqual([
      `sluice: ${join(work, "flow.yml")}:5:16 jobs.f.component: './flow/flow.dag.yaml' is a prompt flow (flow.dag.yaml), which sluice import cannot carry over yet`,
      "  hint: Sluice has no prompt-flow components: keep this pipeline in YAML (az ml job create), or write the flow's work as a command or parallel component",
    ]);
  });

  it("a tag given as a number is told how to quote it", () => {
    const r = sluice(["import", write("tag.yml", `type: pipeline\ntags:\n  run: 3\n${NODE}`), "--out", join(work, "tag.pipeline.ts")]);
    expect(r.lines[1]).toBe('  hint: quote it: run: "3"');
  });
});

describe("sluice check of a YAML", () => {
  it("a workflow YAML is not pointed at sluice import", () => {
    mkdirSync(join(work, ".github/workflows"), { recursive: true });
    writeFileSync(join(work, ".github/workflows/sluice.yml"), WORKFLOW);
    const r = sluice(["check", ".github/workflows/sluice.yml"]);
    expect(r.status).toBe(2);
    expect(r.lines[1]).toMatch(/hint: this YAML is not an Azure ML job/);
    expect(r.lines.join("\n")).not.toContain("sluice import");
  });

  it("an Azure ML job YAML still is", () => {
    write("job.yml", "$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json\ntype: pipeline\n");
    expect(sluice(["check", "job.yml"]).lines[1]).toContain("`sluice import job.yml`");
  });
});
