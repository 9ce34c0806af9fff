// `sluice import` then `sluice compile`, on what a CLI v2 YAML may hold that the official corpus
// barely exercises: a shell `${VAR}` in a command (not a binding: it must reach the shell
// untouched), boolean inputs (`true` stays a boolean, the string "true" a string), and a `code:`
// path that resolves exactly to a parent folder.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO_ROOT, runCli } from "./helpers/run-node.ts";

const work = mkdtempSync(join(REPO_ROOT, "test", ".work-import-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const PIPELINE = `type: pipeline
display_name: shell_vars
settings:
  default_compute: azureml:cpu-cluster
inputs:
  flag: true
  label: "true"
jobs:
  a:
    type: command
    inputs:
      verbose: \${{parent.inputs.flag}}
      quiet: false
      tag: \${{parent.inputs.label}}
    component:
      name: shell
      code: ..
      environment:
        image: python
      inputs:
        verbose:
          type: boolean
        quiet:
          type: boolean
        tag:
          type: string
      command: >-
        echo \${HOME} $USER "\${TAG:-none}" \${{inputs.verbose}} \${{inputs.quiet}} \${{inputs.tag}} && python hello.py
`;

/** Imports the YAML (in `<project>/yaml/`) to `out`, compiles that, and returns both. */
function importAndCompile(out: string): { ts: string; job: Record<string, unknown> & { jobs: Record<string, any>; inputs: Record<string, unknown> } } {
  const project = join(work, "project");
  mkdirSync(join(project, "yaml"), { recursive: true });
  writeFileSync(join(project, "yaml/pipeline.yml"), PIPELINE);
  writeFileSync(join(project, "hello.py"), 'print("hi")\n');
  const imported = runCli(["import", join(project, "yaml/pipeline.yml"), "--out", out, "--force"]);
  expect(imported.stderr).toBe("");
  const built = join(work, "build");
  const compiled = runCli(["compile", out, "--out", built]);
  expect(compiled.stderr).toBe("");
  return { ts: readFileSync(out, "utf8"), job: parse(readFileSync(join(built, "shell_vars.pipeline.yml"), "utf8")) };
}

describe("sluice import, then compile", () => {
  const out = join(work, "project", "shell.pipeline.ts");
  const result = () => importAndCompile(out);

  it("a shell ${VAR} in a command reaches Azure untouched, beside the bindings", () => {
    const { ts, job } = result();
    expect(ts).toContain('cmd`echo \\${HOME} $USER "\\${TAG:-none}" ${inputs.verbose} ${inputs.quiet} ${inputs.tag} && python hello.py`');
    expect(job.jobs.a.component.command).toBe('echo ${HOME} $USER "${TAG:-none}" ${{inputs.verbose}} ${{inputs.quiet}} ${{inputs.tag}} && python hello.py');
  });

  it("a boolean input stays a boolean and the string 'true' a string", () => {
    const { ts, job } = result();
    expect(ts).toContain('pipelineParameter("flag", true)');
    expect(ts).toContain('pipelineParameter("label", "true")');
    expect(ts).toMatch(/quiet: false,/);
    expect(job.inputs.flag).toBe(true);
    expect(job.inputs.label).toBe("true");
    expect(job.jobs.a.inputs.quiet).toBe(false);
    expect(job.jobs.a.inputs.verbose).toBe("${{parent.inputs.flag}}");
  });

  it("`code: ..` (exactly the YAML's parent folder) is that folder, seen from wherever the file is written", () => {
    const beside = result();
    expect(beside.ts).toMatch(/code: "\.\/?",/);
    const nested = join(work, "project", "sub", "shell.pipeline.ts");
    mkdirSync(join(work, "project", "sub"), { recursive: true });
    const below = importAndCompile(nested);
    expect(below.ts).toContain('code: "..",');
    for (const { job } of [beside, below]) expect(resolve(join(work, "build"), job.jobs.a.component.code)).toBe(join(work, "project"));
  });
});
